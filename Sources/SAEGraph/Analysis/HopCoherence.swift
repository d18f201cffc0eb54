/// Label agreement of one hop: an edge between consecutive features of a chain or a trace.
public struct HopCoherence: Sendable, Hashable {
    /// Similarity of the two labels (``LabelCoherence/measureName``); nil when either label is
    /// missing or has nothing to compare (see ``LabelCoherence/similarity(_:_:)``).
    public var labelSimilarity: Double?
    /// True when the edge is strong but its labels read differently
    /// (``LabelCoherence/isDisagreement(_:_:similarity:)``).
    public var labelsDiffer: Bool

    public init(labelSimilarity: Double?, labelsDiffer: Bool) {
        self.labelSimilarity = labelSimilarity
        self.labelsDiffer = labelsDiffer
    }
}

extension LabelCoherence {
    /// The coherence of `graph`'s own labels (inverse document frequencies learnt from them),
    /// or nil when the graph has no label, so that callers skip the work and print "n/a".
    /// The encoder (default ``CharNGramEncoder``) is applied to the calibration sample now and
    /// to other labels as they are asked for; a graph built with labels gives its stored
    /// edge values and cut-off instead (``LayeredGraph/labelSimilarity``), when of this measure.
    public init?(graph: LayeredGraph, encoder: (any LabelEncoder)? = nil) {
        guard !graph.labels.isEmpty else { return nil }
        self.init(
            labels: graph.labels, graph: graph, encoder: encoder, highCosine: Self.defaultHighCosine, lowCoherence: nil,
            randomPairs: LabelPairSample.defaultCount, seed: LabelPairSample.defaultSeed, storedValues: true)
    }

    /// The label similarity of `a` and `b` and whether an edge of decoder cosine `similarity`
    /// between them is flagged. The flag uses the magnitude `|similarity|`, so a strong
    /// negative edge of an `--absolute` graph counts as strong.
    public func hop(_ a: FeatureID, _ b: FeatureID, similarity: Float) -> HopCoherence {
        hop(labelSimilarity: self.similarity(a, b), similarity: similarity)
    }
}
