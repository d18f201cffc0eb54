/// Summary of the label similarities of a set of feature pairs.
public struct LabelSimilaritySummary: Sendable, Equatable {
    /// Pairs where both labels have a content term (the others are left out).
    public var count: Int
    public var mean: Double
    /// Quantiles by linear interpolation (``GraphStatistics/quantile(sorted:_:)``); 0 when
    /// `count` is 0.
    public var median: Double
    public var q75: Double
    public var q90: Double
    /// Share of pairs sharing at least one content term (similarity > 0).
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
/// edges beside that of random pairs of features from adjacent layers, and how many strong
/// edges join labels that read unrelated (``LabelCoherence/isDisagreement(_:_:similarity:)``).
///
/// Random pairs: `randomPairs` draws with a fixed seed, each a uniformly chosen pair (source
/// feature, target feature) among all pairs of labelled graph nodes of adjacent layers (a layer
/// pair is chosen with probability proportional to its number of such pairs). A draw may hit a
/// linked pair; pairs where either label has no content term are left out of both summaries.
public struct LabelAgreement: Sendable, Equatable {
    /// The graph's edges whose two labels have content terms.
    public var linked: LabelSimilaritySummary
    /// Of those, edges with `|cosine| >= highCosine`.
    public var strongEdges: Int
    /// Of those, edges whose label similarity is below `lowCoherence`.
    public var disagreeing: Int
    public var random: LabelSimilaritySummary
    /// Random draws made (including those left out).
    public var randomDrawn: Int
    public var seed: UInt64
    public var highCosine: Float
    public var lowCoherence: Double

    /// Share of strong edges whose labels differ (0 when there is none).
    public var disagreeingShareOfStrong: Double { strongEdges > 0 ? Double(disagreeing) / Double(strongEdges) : 0 }
    /// Share of all labelled edges flagged as disagreeing (0 when there is none).
    public var disagreeingShare: Double { linked.count > 0 ? Double(disagreeing) / Double(linked.count) : 0 }

    /// Seed of the random pairs unless given.
    public static let defaultSeed: UInt64 = 1

    /// - Returns: nil when no edge has two labels with content terms.
    /// - Complexity: O(E + V + randomPairs · label terms), plus sorting.
    public static func compute(
        _ graph: LayeredGraph, coherence: LabelCoherence, randomPairs: Int = 20_000, seed: UInt64 = defaultSeed
    ) -> LabelAgreement? {
        var linked: [Double] = []
        var strong = 0
        var disagreeing = 0
        for pair in graph.pairs {
            for s in 0..<pair.sourceCount {
                let a = FeatureID(layer: pair.sourceLayer, index: s)
                for e in pair.outgoing(s) {
                    let b = FeatureID(layer: pair.targetLayer, index: Int(pair.targets[e]))
                    guard let sim = coherence.similarity(a, b) else { continue }
                    linked.append(sim)
                    let cosine = abs(pair.similarities[e])
                    if cosine >= coherence.highCosine {
                        strong += 1
                        if sim < coherence.lowCoherence { disagreeing += 1 }
                    }
                }
            }
        }
        guard !linked.isEmpty else { return nil }

        // Labelled nodes per layer, and the layer pairs' weights (number of possible pairs).
        let labelled = graph.layers.indices.map { k in
            graph.nodes[k].map { FeatureID(layer: graph.layers[k], index: Int($0)) }.filter {
                coherence.similarity($0, $0) != nil
            }
        }
        var cumulative: [UInt64] = []
        var total: UInt64 = 0
        for k in graph.pairs.indices {
            total += UInt64(labelled[k].count) * UInt64(labelled[k + 1].count)
            cumulative.append(total)
        }
        var random: [Double] = []
        var drawn = 0
        if total > 0 {
            var rng = SeededRandom(seed: seed)
            random.reserveCapacity(randomPairs)
            for _ in 0..<randomPairs {
                let r = rng.next() % total
                let k = cumulative.firstIndex(where: { r < $0 })!
                let a = labelled[k][Int(rng.next() % UInt64(labelled[k].count))]
                let b = labelled[k + 1][Int(rng.next() % UInt64(labelled[k + 1].count))]
                drawn += 1
                if let s = coherence.similarity(a, b) { random.append(s) }
            }
        }
        return LabelAgreement(
            linked: LabelSimilaritySummary(linked), strongEdges: strong, disagreeing: disagreeing,
            random: LabelSimilaritySummary(random), randomDrawn: drawn, seed: seed, highCosine: coherence.highCosine,
            lowCoherence: coherence.lowCoherence)
    }
}
