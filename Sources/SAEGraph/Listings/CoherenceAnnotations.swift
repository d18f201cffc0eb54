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
        HopCoherence(
            labelSimilarity: self.similarity(a, b), labelsDiffer: isDisagreement(a, b, similarity: abs(similarity)))
    }
}

extension FeatureTransition {
    /// Both views in reading order, e.g. "merged → splits"; one view alone in the first layer
    /// ("splits") or the last ("merged"); "excluded" for an excluded row.
    public var summary: String {
        if forward == .excluded || backward == .excluded { return TransitionKind.excluded.rawValue }
        switch (backward, forward) {
        case (let b?, let f?): return "\(b.rawValue) → \(f.rawValue)"
        case (let b?, nil): return b.rawValue
        case (nil, let f?): return f.rawValue
        case (nil, nil): return ""
        }
    }
}

/// The text and JSON pieces listings add for label coherence and transitions, so that each
/// listing states them the same way.
enum CoherenceText {
    /// The marker after a flagged hop's label similarity.
    static let marker = "⚠"

    /// One line explaining the label-similarity column and the marker.
    static func legend(_ c: LabelCoherence) -> String {
        let flag =
            c.cutoffDescription.map {
                "\(marker) labels read differently: cosine ≥ \(TextTable.fixed(Double(c.highCosine), 2)) but \($0);\n"
                    + "  a note on the labels, not a verdict on the link.\n"
            } ?? "(\(LabelCoherence.uncalibratedNote).)\n"
        return "Label similarity follows each cosine (\(c.measureName); n/a: a label missing);\n" + flag
    }

    /// A fixed-width cell (6 characters) for a hop: "0.12  ", "0.03 ⚠", " n/a  ".
    static func cell(_ h: HopCoherence) -> String {
        let value = h.labelSimilarity.map { TextTable.fixed($0, 2) } ?? " n/a"
        return value + (h.labelsDiffer ? " " + marker : "  ")
    }

    /// Blank cell of the same width, for a line with no hop before it.
    static let blank = "      "

    /// A score as text: three decimals, or "n/a".
    static func score(_ x: Double?) -> String { x.map { TextTable.fixed($0, 3) } ?? "n/a" }

    /// `label_similarity` and `labels_differ` JSON fields of a hop (null and false without
    /// labels).
    static func fields(_ h: HopCoherence?) -> [(String, JSONValue)] {
        [
            ("label_similarity", h?.labelSimilarity.map(JSONValue.double) ?? .null),
            ("labels_differ", .bool(h?.labelsDiffer ?? false)),
        ]
    }

    /// `label_similarity` and `labels_differ` CSV cells (empty and "false" without labels).
    static func cells(_ h: HopCoherence?) -> [String] {
        [h?.labelSimilarity.map { $0.description } ?? "", h?.labelsDiffer == true ? "true" : "false"]
    }
}

/// The label-coherence notes of one chain, as the chain listing prints them.
struct ChainCoherence {
    /// Mean label similarity over the chain's hops (``LabelCoherence/chainCoherence(_:)``).
    var coherence: Double?
    /// One per hop, parallel to `chain.similarities`; empty without a ``LabelCoherence``.
    var hops: [HopCoherence]
    let shown: Bool
    let hopCount: Int
    /// The measure's name (``LabelCoherence/measureName``); nil without coherence.
    let measure: String?

    init(_ chain: Chain, _ c: LabelCoherence?) {
        shown = c != nil
        measure = c?.measureName
        hopCount = chain.similarities.count
        coherence = c?.chainCoherence(chain.features)
        hops =
            c.map { c in
                chain.similarities.indices.map {
                    c.hop(chain.features[$0], chain.features[$0 + 1], similarity: chain.similarities[$0])
                }
            } ?? []
    }

    static let csvHeader = ["coherence", "label_similarity", "labels_differ"]

    /// `label_similarities` and `labels_differ` arrays (nulls and falses without coherence).
    var jsonFields: [(String, JSONValue)] {
        let hop = { (k: Int) in hops.isEmpty ? nil : hops[k] }
        return [
            (
                "label_similarities",
                .array((0..<hopCount).map { hop($0)?.labelSimilarity.map(JSONValue.double) ?? .null })
            ),
            ("labels_differ", .array((0..<hopCount).map { .bool(hop($0)?.labelsDiffer ?? false) })),
            ("label_measure", .optional(measure)),
        ]
    }

    func csvCells(position p: Int) -> [String] {
        [coherence?.description ?? ""] + (p == 0 || hops.isEmpty ? ["", "false"] : CoherenceText.cells(hops[p - 1]))
    }

    /// "  coherence 0.153" (or "n/a") for the chain's header line; empty without coherence.
    var header: String { shown ? "  coherence \(CoherenceText.score(coherence))" : "" }

    /// The fixed-width label-similarity cell of the hop into `position` plus two spaces.
    func textCell(position p: Int) -> String {
        guard shown else { return "" }
        return (p == 0 ? CoherenceText.blank : CoherenceText.cell(hops[p - 1])) + "  "
    }
}

/// The transition and label-coherence notes of a trace, as the trace listing prints them.
struct TraceNotes {
    let graph: LayeredGraph
    let coherence: LabelCoherence?
    let root: FeatureTransition?

    init(_ t: FeatureTraceResult, graph: LayeredGraph, coherence: LabelCoherence?) {
        self.graph = graph
        self.coherence = coherence
        root = try? Transitions.classify(graph, feature: t.feature)
    }

    static let csvHeader = ["transition", "label_similarity", "labels_differ"]

    /// The node's kind in the trace's direction; nil at the graph's edge or for a non-node.
    func transition(_ n: TraceNode, forward: Bool) -> TransitionKind? {
        guard let t = try? Transitions.classify(graph, feature: n.feature) else { return nil }
        return forward ? t.forward : t.backward
    }

    /// The hop from the node's parent (edges always run from the earlier layer).
    func hop(_ n: TraceNode, forward: Bool) -> HopCoherence? {
        coherence.map { c in
            forward
                ? c.hop(n.parent, n.feature, similarity: n.similarity)
                : c.hop(n.feature, n.parent, similarity: n.similarity)
        }
    }

    var rootJSON: JSONValue {
        .object([
            ("forward", .optional(root?.forward?.rawValue)), ("backward", .optional(root?.backward?.rawValue)),
        ])
    }

    /// "  transition: merged → splits" (empty for a non-node).
    var rootLine: String {
        guard let s = root?.summary, !s.isEmpty else { return "" }
        return "  transition: \(s)\n"
    }

    func jsonFields(_ n: TraceNode, forward: Bool) -> [(String, JSONValue)] {
        [("transition", .optional(transition(n, forward: forward)?.rawValue))]
            + CoherenceText.fields(hop(n, forward: forward))
    }

    func csvCells(_ n: TraceNode, forward: Bool) -> [String] {
        [transition(n, forward: forward)?.rawValue ?? ""] + CoherenceText.cells(hop(n, forward: forward))
    }

    /// Label-similarity cell (with coherence) and `[kind]`, each followed by two spaces.
    func textCells(_ n: TraceNode, forward: Bool) -> String {
        var out = hop(n, forward: forward).map { CoherenceText.cell($0) + "  " } ?? ""
        if let kind = transition(n, forward: forward) { out += "[\(kind.rawValue)]  " }
        return out
    }
}
