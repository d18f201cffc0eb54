/// Quantile levels reported for best-match cosines: min, 5%, 25%, 50%, 75%, 95%, max.
public let statisticsQuantileLevels: [Double] = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1]

/// Facts about the edges between one pair of consecutive layers.
public struct LayerPairStatistics: Sendable, Equatable {
    public var sourceLayer: Int
    public var targetLayer: Int
    /// Features the graph holds on each side.
    public var sourceFeatures: Int
    public var targetFeatures: Int
    /// Features with at least one edge of this pair on each side.
    public var linkedSources: Int
    public var linkedTargets: Int
    public var edgeCount: Int
    /// Quantiles (at ``statisticsQuantileLevels``) of the best next-layer cosine of each source
    /// feature; nil when the graph did not record best matches.
    public var bestMatchQuantiles: [Double]?
    /// Source features with a known best match.
    public var bestMatchCount: Int
    /// Share of those whose best match reaches 0.3, 0.5, 0.7, 0.9 (inclusive).
    public var bestMatchShares: [(level: Double, share: Double)]?
    /// Decoder rows excluded (zero or non-finite) in each layer, from the metadata.
    public var excludedSource: Int
    public var excludedTarget: Int
    /// What random directions would give (nil when the dimension is unknown).
    public var baseline: BaselineSummary?
    /// The rotation null model recorded at build time (nil when the graph has none), and the
    /// rule's cutoff there.
    public var null: NullSummary? = nil
    public var nullCutoff: Double? = nil

    public static func == (a: LayerPairStatistics, b: LayerPairStatistics) -> Bool {
        a.sourceLayer == b.sourceLayer && a.targetLayer == b.targetLayer && a.edgeCount == b.edgeCount
            && a.linkedSources == b.linkedSources && a.linkedTargets == b.linkedTargets
            && a.bestMatchQuantiles == b.bestMatchQuantiles && a.baseline == b.baseline
    }
}

/// The random baseline at the statistics' quantile levels.
public struct BaselineSummary: Sendable, Equatable {
    public var dimension: Int
    public var count: Int
    public var mean: Double
    /// At ``statisticsQuantileLevels``, except that "min" and "max" are the 1/(m+1) and
    /// m/(m+1) quantiles, m the number of features compared (where the smallest and largest of
    /// m random draws are expected to fall), not the bounds −1 and 1 of the support.
    public var quantiles: [Double]
}

/// Everything `saegraph stats` reports.
public struct GraphStatistics: Sendable, Equatable {
    public var pairs: [LayerPairStatistics]
    public var sweep: [SweepRow]
    /// The graph's own threshold and rule.
    public var threshold: Float
    public var rule: String
    /// What scored the `best` rule's matches (graph attribute `scoring`).
    public var scoring: GraphScoring = .decoder
    /// The model dimension used for the baseline, if known.
    public var dModel: Int?
    /// Transition counts per layer pair (``Transitions/counts(_:)``), parallel to `pairs`.
    public var transitions: [TransitionCounts] = []
    /// Label agreement of linked versus random pairs; nil without a ``LabelCoherence`` or
    /// when no edge has two labels with content terms.
    public var labelAgreement: LabelAgreement?

    /// - Parameters:
    ///   - dModel: the model dimension for the random baseline; nil takes it from the metadata's
    ///     inputs (absent for imported graphs, and then the baseline is omitted).
    ///   - coherence: label similarity of the graph's labels; when given, ``labelAgreement`` is
    ///     computed (``LabelAgreement/compute(_:coherence:randomPairs:seed:)``).
    /// - Complexity: O(V log V + E) plus ``ThresholdSweep/sweep(_:thresholds:chainLimit:expansionLimit:)``
    ///   and one ``RandomBaseline`` per layer pair.
    public static func compute(
        _ graph: LayeredGraph, dModel: Int? = nil, thresholds: [Double] = ThresholdSweep.defaultThresholds,
        coherence: LabelCoherence? = nil
    ) throws -> GraphStatistics {
        let d = dModel ?? graph.metadata.inputs.first?.dModel
        var pairs: [LayerPairStatistics] = []
        let nullRecord = graph.metadata.nullModel
        for (k, pair) in graph.pairs.enumerated() {
            let linkedS = pair.linkedSourceCount
            let linkedT = pair.linkedTargetCount
            var quantiles: [Double]? = nil
            var shares: [(Double, Double)]? = nil
            var known = 0
            if let best = graph.bestMatches, k < best.count {
                let values = graph.nodes[k].compactMap { i -> Double? in
                    let c = best[k].next(Int(i))?.cosine
                    return c.flatMap { $0.isNaN ? nil : Double($0) }
                }.sorted()
                known = values.count
                if !values.isEmpty {
                    quantiles = statisticsQuantileLevels.map { quantile(sorted: values, $0) }
                    shares = [0.3, 0.5, 0.7, 0.9].map { level in
                        (level, Double(values.filter { $0 >= Double(Float(level)) }.count) / Double(values.count))
                    }
                }
            }
            let excludedT = graph.metadata.excludedRows[pair.targetLayer]?.count ?? 0
            var baseline: BaselineSummary? = nil
            if let d {
                let n = max(graph.featureCounts[k + 1] - excludedT, 1)
                let b = try RandomBaseline(dimension: d, count: n)
                // min and max of m draws sit near the 1/(m+1) and m/(m+1) quantiles.
                let m = Double(known > 0 ? known : graph.nodes[k].count)
                let levels = statisticsQuantileLevels.map { $0 == 0 ? 1 / (m + 1) : $0 == 1 ? m / (m + 1) : $0 }
                baseline = BaselineSummary(dimension: d, count: n, mean: b.mean, quantiles: levels.map(b.quantile))
            }
            pairs.append(
                LayerPairStatistics(
                    sourceLayer: pair.sourceLayer, targetLayer: pair.targetLayer, sourceFeatures: graph.nodes[k].count,
                    targetFeatures: graph.nodes[k + 1].count, linkedSources: linkedS, linkedTargets: linkedT,
                    edgeCount: pair.edgeCount, bestMatchQuantiles: quantiles, bestMatchCount: known,
                    bestMatchShares: shares, excludedSource: graph.metadata.excludedRows[pair.sourceLayer]?.count ?? 0,
                    excludedTarget: excludedT, baseline: baseline,
                    null: nullRecord?.pairs[pair.sourceLayer]?.summary,
                    nullCutoff: nullRecord?.pairs[pair.sourceLayer]?.cutoff))
        }
        var result = GraphStatistics(
            pairs: pairs, sweep: ThresholdSweep.sweep(graph, thresholds: thresholds),
            threshold: graph.metadata.threshold,
            rule: graph.metadata.rule.name, dModel: d)
        result.scoring = graph.metadata.scoring
        result.transitions = Transitions.counts(graph)
        result.labelAgreement = coherence.flatMap { LabelAgreement.compute(graph, coherence: $0) }
        return result
    }

    /// Linear interpolation between order statistics (type 7): position q·(n − 1).
    public static func quantile(sorted values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty)
        let pos = q * Double(values.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = min(lo + 1, values.count - 1)
        return values[lo] + (values[hi] - values[lo]) * (pos - Double(lo))
    }
}
