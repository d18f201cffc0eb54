/// Summary of the label similarities of a set of feature pairs.
public struct LabelSimilaritySummary: Sendable, Equatable {
    /// Pairs where both labels have vectors (the others are left out).
    public var count: Int
    public var mean: Double
    /// Quantiles by linear interpolation (``GraphStatistics/quantile(sorted:_:)``); 0 when
    /// `count` is 0.
    public var median: Double
    public var q75: Double
    public var q90: Double
    /// Share of pairs with similarity > 0 (for TF-IDF: sharing at least one weighted n-gram).
    public var shareAboveZero: Double

    /// The summary of `values` (any order).
    /// - Complexity: O(n log n).
    public init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        guard !sorted.isEmpty else {
            (mean, median, q75, q90, shareAboveZero) = (0, 0, 0, 0, 0)
            return
        }
        mean = sorted.reduce(0, +) / Double(sorted.count)
        median = GraphStatistics.quantile(sorted: sorted, 0.5)
        q75 = GraphStatistics.quantile(sorted: sorted, 0.75)
        q90 = GraphStatistics.quantile(sorted: sorted, 0.9)
        shareAboveZero = Double(sorted.count(where: { $0 > 0 })) / Double(sorted.count)
    }
}

/// Whether linked features' labels agree more than chance: the label similarity of the graph's
/// edges beside that of the random adjacent-layer pairs the coherence's cut-off was calibrated
/// on (``LabelCoherence/sample``), and how many strong edges join labels that read differently
/// (``LabelCoherence/isDisagreement(_:_:similarity:)``). Pairs where either label has nothing
/// to compare are left out of both summaries.
public struct LabelAgreement: Sendable, Equatable {
    /// The measure, e.g. "char 3-5-gram TF-IDF".
    public var measureName: String
    /// The graph's edges whose two labels have vectors.
    public var linked: LabelSimilaritySummary
    /// Of those, edges with `|cosine| >= highCosine`.
    public var strongEdges: Int
    /// Of those, edges whose label similarity is at or below `lowCoherence`.
    public var disagreeing: Int
    public var random: LabelSimilaritySummary
    /// Random pairs taken (including those left out).
    public var randomDrawn: Int
    public var seed: UInt64
    public var highCosine: Float
    /// The cut-off (nil: too few random pairs to calibrate one; nothing flagged).
    public var lowCoherence: Double?
    /// True when the cut-off is the random pairs' 2.5th percentile.
    public var isCalibrated: Bool

    /// Share of strong edges whose labels differ (0 when there is none).
    public var disagreeingShareOfStrong: Double { strongEdges > 0 ? Double(disagreeing) / Double(strongEdges) : 0 }
    /// Share of all labelled edges flagged as disagreeing (0 when there is none).
    public var disagreeingShare: Double { linked.count > 0 ? Double(disagreeing) / Double(linked.count) : 0 }

    /// - Returns: nil when no edge has two labels with vectors.
    /// - Complexity: O(E + V) plus encoding the edges' labels, plus sorting.
    public static func compute(_ graph: LayeredGraph, coherence: LabelCoherence) -> LabelAgreement? {
        var linked: [Double] = []
        var strong = 0
        var disagreeing = 0
        for (pair, similarities) in zip(graph.pairs, coherence.edgeSimilarities(of: graph)) {
            for (e, similarity) in similarities.enumerated() {
                guard let sim = similarity else { continue }
                linked.append(sim)
                if abs(pair.similarities[e]) >= coherence.highCosine { strong += 1 }
                if coherence.hop(labelSimilarity: sim, similarity: pair.similarities[e]).labelsDiffer {
                    disagreeing += 1
                }
            }
        }
        guard !linked.isEmpty else { return nil }
        return LabelAgreement(
            measureName: coherence.measureName, linked: LabelSimilaritySummary(linked), strongEdges: strong,
            disagreeing: disagreeing, random: LabelSimilaritySummary(coherence.randomSimilarities),
            randomDrawn: coherence.sample.sources.count, seed: coherence.sample.seed, highCosine: coherence.highCosine,
            lowCoherence: coherence.lowCoherence, isCalibrated: coherence.isCalibrated)
    }
}
