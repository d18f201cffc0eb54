/// How alike two feature labels read, and which strong links join labels that read
/// differently.
///
/// The measure is the cosine of the labels' vectors from a ``LabelEncoder``: by default
/// ``CharNGramEncoder`` (word-bounded character 3-5-gram TF-IDF, inverse document frequencies
/// learnt from the labels of the calibration sample), or a sentence model. It says how alike
/// two labels *read*; it knows nothing about the features themselves, and a low value never
/// shows that a link is false (two labels of one feature written on different examples can
/// read quite differently).
///
/// ## The cut-off, calibrated on the graph itself
/// Unless given, ``lowCoherence`` is the 2.5th percentile (``cutoffPercentile``, linear
/// interpolation) of the label similarity of ``LabelPairSample``: random pairs of labelled
/// features from adjacent layers of the same graph (2,000 drawn with seed 1). A strong link
/// (|cosine| ≥ ``highCosine``) whose labels score at or below it reads no more alike than the
/// least alike 2.5 % of random pairs: its labels *read differently*. At or below, not below:
/// with TF-IDF many random pairs share no weighted n-gram (12 % on the GPT-2 IOI graph), so
/// the percentile is often 0 and a strict comparison could never flag. With fewer than
/// ``minimumCalibrationPairs`` random pairs there is no cut-off and nothing is flagged.
///
/// Only the labels a command looks at are encoded (each once, on first use, or in a batch
/// through ``prepare(_:)``), plus those of the calibration sample.
///
/// ```swift
/// let coherence = LabelCoherence(graph: graph)
/// coherence?.similarity(FeatureID(layer: 6, index: 50), FeatureID(layer: 7, index: 9))  // nil or 0...1
/// ```
public struct LabelCoherence: Sendable {
    /// Decoder cosine at or above which an edge counts as strong (0.7).
    public static let defaultHighCosine: Float = 0.7
    /// Percentile of the random pairs' label similarity below which a strong link is flagged.
    public static let cutoffPercentile = 2.5
    /// Random pairs with a similarity needed to calibrate the cut-off (40: the 2.5th
    /// percentile then rests on at least one pair).
    public static let minimumCalibrationPairs = 40

    /// Strong-edge cut-off for ``isDisagreement(_:_:similarity:)`` (inclusive).
    public var highCosine: Float
    /// Label-similarity cut-off for ``isDisagreement(_:_:similarity:)`` (inclusive); nil when
    /// it could not be calibrated, and then nothing is flagged.
    public var lowCoherence: Double?
    /// True when ``lowCoherence`` came from the random pairs (not given by the caller).
    public let isCalibrated: Bool
    /// Random pairs with a similarity that the cut-off rests on (`randomSimilarities.count`).
    public let calibrationPairCount: Int
    /// The random adjacent-layer pairs of the graph (empty without a graph).
    public var sample: LabelPairSample { calibration.value.sample }
    /// Label similarity of each random pair where both labels have a vector, in sample order.
    public var randomSimilarities: [Double] { calibration.value.random }
    /// The measure, e.g. "char 3-5-gram TF-IDF" or "all-MiniLM-L6-v2".
    public let measureName: String
    /// True when edge similarities and the cut-off come from the graph file
    /// (``LayeredGraph/labelSimilarity``) rather than from encoding labels now.
    public var usesStoredValues: Bool { stored != nil }

    private let labels: LabelStore
    private let calibration: LabelCalibration
    let stored: EdgeLabelSimilarity?
    private var encoder: any LabelEncoder { calibration.value.encoder }
    private var cache: LabelVectorCache { calibration.value.cache }

    /// - Parameters:
    ///   - labels: the labels to compare.
    ///   - graph: the graph whose adjacent-layer random pairs calibrate the cut-off (and, for
    ///     the default encoder, give the corpus of document frequencies); nil calibrates
    ///     nothing and learns the frequencies from all of `labels`.
    ///   - encoder: the measure; nil for ``CharNGramEncoder``.
    ///   - lowCoherence: a fixed cut-off instead of the calibrated one.
    /// - Complexity: O(randomPairs) encodings plus O(V) for the sample.
    public init(
        labels: LabelStore, graph: LayeredGraph? = nil, encoder: (any LabelEncoder)? = nil,
        highCosine: Float = defaultHighCosine, lowCoherence: Double? = nil,
        randomPairs: Int = LabelPairSample.defaultCount, seed: UInt64 = LabelPairSample.defaultSeed
    ) {
        self.init(
            labels: labels, graph: graph, encoder: encoder, highCosine: highCosine, lowCoherence: lowCoherence,
            randomPairs: randomPairs, seed: seed, storedValues: false)
    }

    /// With `storedValues`, `labels` must be `graph.labels`: a graph carrying
    /// ``LayeredGraph/labelSimilarity`` of the same measure (default cut-off and sample) gives
    /// its edges' stored values and its stored cut-off, and nothing is encoded or calibrated
    /// unless asked for (O(1)).
    init(
        labels: LabelStore, graph: LayeredGraph?, encoder: (any LabelEncoder)?, highCosine: Float,
        lowCoherence: Double?, randomPairs: Int, seed: UInt64, storedValues: Bool
    ) {
        self.labels = labels
        self.highCosine = highCosine
        measureName = encoder?.measureName ?? CharNGramEncoder.name
        calibration = LabelCalibration(labels: labels, graph: graph, encoder: encoder, count: randomPairs, seed: seed)
        if storedValues, let stored = graph?.labelSimilarity, stored.measure == measureName, lowCoherence == nil,
            randomPairs == LabelPairSample.defaultCount, seed == LabelPairSample.defaultSeed
        {
            self.stored = stored
            self.lowCoherence = stored.cutoff
            isCalibrated = stored.cutoff != nil
            calibrationPairCount = stored.calibrationPairs
            return
        }
        stored = nil
        let random = calibration.value.random
        calibrationPairCount = random.count
        if let lowCoherence {
            self.lowCoherence = lowCoherence
            isCalibrated = false
        } else if random.count >= Self.minimumCalibrationPairs {
            self.lowCoherence = GraphStatistics.quantile(sorted: random.sorted(), Self.cutoffPercentile / 100)
            isCalibrated = true
        } else {
            self.lowCoherence = nil
            isCalibrated = false
        }
    }

    /// Encodes the labels of every feature with an edge in `graph` (both ends of each edge),
    /// so that the similarities of its edges are then looked up, not computed one by one.
    public func prepareEndpoints(of graph: LayeredGraph) {
        var endpoints: [FeatureID] = []
        for pair in graph.pairs {
            for s in 0..<pair.sourceCount where pair.outDegree(s) > 0 {
                endpoints.append(FeatureID(layer: pair.sourceLayer, index: s))
            }
            for t in 0..<pair.targetCount where pair.inDegree(t) > 0 {
                endpoints.append(FeatureID(layer: pair.targetLayer, index: t))
            }
        }
        prepare(endpoints)
    }

    /// Encodes, in one batch, the labels of `features` not encoded yet; worth calling before
    /// many ``similarity(_:_:)`` calls with a slow encoder (nothing to do with stored values).
    public func prepare(_ features: [FeatureID]) {
        guard stored == nil else { return }
        let missing = cache.missing(features.filter { labels.contains($0) })
        guard !missing.isEmpty else { return }
        cache.store(missing, encoder.encode(missing.map { labels[$0]! }))
    }

    func vector(_ f: FeatureID) -> LabelVector? {
        if let v = cache.vector(f) { return v }
        guard let text = labels[f] else { return nil }
        let v = encoder.encode([text])[0]
        cache.store([f], [v])
        return v
    }

    static func similarity(_ a: LabelVector, _ b: LabelVector) -> Double? {
        a.isEmpty || b.isEmpty ? nil : rounded(a.cosine(b))
    }

    /// Decimals a label similarity keeps (3): ample for comparing with the cut-off or reading
    /// a listing, and what the graph file stores per edge (`0.731`, not `0.7312948703765869`).
    public static let decimals = 3

    /// `cosine` rounded to ``decimals`` decimals (halves away from zero; -0 becomes 0), the
    /// nearest Double to a number of at most three decimals, so that it is written as such and
    /// reads back the same.
    public static func rounded(_ cosine: Double) -> Double {
        (cosine * 1000).rounded() / 1000 + 0
    }

    /// Similarity of two features' labels (in [0, 1] for TF-IDF, [-1, 1] for embeddings,
    /// rounded to ``decimals`` decimals); nil when either has no label or its label has
    /// nothing to compare (no n-gram of weight).
    public func similarity(_ a: FeatureID, _ b: FeatureID) -> Double? {
        if let stored, let value = stored.value(a, b) { return value }
        guard let va = vector(a), let vb = vector(b) else { return nil }
        return Self.similarity(va, vb)
    }

    /// Similarity of two texts with this measure; nil when either has nothing to compare.
    public func similarity(text a: String, text b: String) -> Double? {
        let v = encoder.encode([a, b])
        return Self.similarity(v[0], v[1])
    }

    /// Mean label similarity of consecutive features (`features[i]`, `features[i + 1]`) over
    /// the hops where ``similarity(_:_:)`` is defined; nil when it is defined for none.
    public func chainCoherence(_ features: [FeatureID]) -> Double? {
        guard features.count >= 2 else { return nil }
        var sum = 0.0
        var hops = 0
        for i in 0..<(features.count - 1) {
            if let s = similarity(features[i], features[i + 1]) {
                sum += s
                hops += 1
            }
        }
        return hops > 0 ? sum / Double(hops) : nil
    }

    /// True when an edge of decoder cosine `similarity` is strong (`similarity >= highCosine`;
    /// NaN never is) and its labels read differently (label similarity `<= lowCoherence`). False
    /// whenever ``similarity(_:_:)`` is nil or there is no cut-off: no evidence either way.
    public func isDisagreement(_ a: FeatureID, _ b: FeatureID, similarity: Float) -> Bool {
        guard similarity >= highCosine, lowCoherence != nil else { return false }
        return hop(labelSimilarity: self.similarity(a, b), similarity: similarity).labelsDiffer
    }

    /// The graph's edges that ``isDisagreement(_:_:similarity:)`` flags, by decreasing cosine
    /// (ties by source, then target).
    /// - Complexity: O(E) plus encoding the strong edges' labels and sorting the flagged edges.
    public func disagreements(in graph: LayeredGraph) -> [Edge] {
        var out: [Edge] = []
        for pair in graph.pairs {
            for s in 0..<pair.sourceCount {
                for e in pair.outgoing(s) where pair.similarities[e] >= highCosine {
                    let edge = Edge(
                        source: FeatureID(layer: pair.sourceLayer, index: s),
                        target: FeatureID(layer: pair.targetLayer, index: Int(pair.targets[e])),
                        similarity: pair.similarities[e])
                    if isDisagreement(edge.source, edge.target, similarity: edge.similarity) { out.append(edge) }
                }
            }
        }
        return out.sorted {
            ($0.similarity, $1.source, $1.target) > ($1.similarity, $0.source, $0.target)
        }
    }
}

extension LabelCoherence {
    /// The cut-off in words, e.g. "label similarity ≤ 0.04 (2.5th percentile of 1,987 random
    /// adjacent-layer label pairs)"; nil without one.
    public var cutoffDescription: String? {
        Self.cutoffDescription(lowCoherence, isCalibrated: isCalibrated, pairs: calibrationPairCount)
    }

    /// See ``cutoffDescription``.
    public static func cutoffDescription(_ low: Double?, isCalibrated: Bool, pairs: Int) -> String? {
        guard let low else { return nil }
        let value = "label similarity ≤ \(TextTable.fixed(low, 2))"
        guard isCalibrated else { return value + " (fixed)" }
        let p = String(describing: cutoffPercentile)
        return value + " (\(p)th percentile of \(pairs) random adjacent-layer label pairs)"
    }

    /// Why nothing is flagged when there is no cut-off.
    public static let uncalibratedNote =
        "no labels-differ cut-off: fewer than \(minimumCalibrationPairs) random adjacent-layer label pairs"
}
