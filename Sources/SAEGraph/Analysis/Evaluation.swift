/// How well one rule's edges of one layer pair agree with activation-correlation truth.
public struct RuleEvaluation: Sendable, Equatable {
    /// The rule as the user would write it, e.g. "threshold 0.5", "auto α=0.05", "as built".
    public var rule: String
    public var sourceLayer: Int
    public var targetLayer: Int
    /// All edges the rule yields in the pair.
    public var edges: Int
    /// Edges whose source is live (the ones judged).
    public var judgedEdges: Int
    /// Share of judged edges whose target is the source's most correlated target (rank 1), and
    /// one of its three most correlated (rank ≤ 3); NaN without judged edges.
    public var precisionTop1: Double
    public var precisionTop3: Double
    /// Live source features, and those with at least one edge.
    public var liveSources: Int
    public var linkedLiveSources: Int
    /// `linkedLiveSources / liveSources` (NaN when no source is live).
    public var linkedShare: Double { liveSources > 0 ? Double(linkedLiveSources) / Double(liveSources) : .nan }
}

/// Judges edge rules against activation-correlation ground truth (``CorrelationTruth``).
///
/// Every rule is re-derived from one graph (``derive(_:from:pair:)``), so one build at a low
/// threshold with a null model serves all rules: `threshold t` and `topk` need a graph built
/// with `--rule threshold` at a threshold ≤ their cutoff and without `--top-k`; `mutual` and
/// `auto` need only the recorded best matches (and, for `auto`, the recorded null model).
public enum Evaluation {
    /// Evaluates the graph's own edges ("as built") and each rule, per layer pair that the
    /// truth covers (source layer with a truth file whose target layer is the next graph layer).
    /// - Throws: what ``derive(_:from:pair:)`` throws.
    /// - Complexity: O(edges + features) per rule and pair, plus the rules' own cost.
    public static func evaluate(
        _ graph: LayeredGraph, rules: [(name: String, rule: EdgeRule)], truth: CorrelationTruth,
        includeBuilt: Bool = true
    ) throws -> [RuleEvaluation] {
        var out: [RuleEvaluation] = []
        for (k, pair) in graph.pairs.enumerated() where truth.targetLayer[pair.sourceLayer] == pair.targetLayer {
            var sets: [(String, [(source: Int32, target: Int32, similarity: Float)])] = []
            if includeBuilt {
                sets.append(
                    (
                        "as built (\(graph.metadata.rule.name))",
                        pair.edges.map { (Int32($0.source.index), Int32($0.target.index), $0.similarity) }
                    ))
            }
            for (name, rule) in rules { sets.append((name, try derive(rule, from: graph, pair: k))) }
            for (name, edges) in sets { out.append(judge(edges, name: name, pair: pair, truth: truth)) }
        }
        return out
    }

    /// Scores an edge list of one pair.
    public static func judge(
        _ edges: [(source: Int32, target: Int32, similarity: Float)], name: String, pair: LayerPairEdges,
        truth: CorrelationTruth
    ) -> RuleEvaluation {
        let live = truth.live[pair.sourceLayer] ?? []
        var judged = 0
        var top1 = 0
        var top3 = 0
        var linked = Set<Int32>()
        for e in edges where live.contains(Int(e.source)) {
            judged += 1
            linked.insert(e.source)
            if let r = truth.rank(sourceLayer: pair.sourceLayer, source: Int(e.source), target: e.target) {
                if r == 1 { top1 += 1 }
                if r <= 3 { top3 += 1 }
            }
        }
        return RuleEvaluation(
            rule: name, sourceLayer: pair.sourceLayer, targetLayer: pair.targetLayer, edges: edges.count,
            judgedEdges: judged, precisionTop1: judged > 0 ? Double(top1) / Double(judged) : .nan,
            precisionTop3: judged > 0 ? Double(top3) / Double(judged) : .nan, liveSources: live.count,
            linkedLiveSources: linked.count)
    }

    /// The edges `rule` would have chosen in pair `k` of `graph`.
    /// - Throws: `.invalidArgument` with the rebuild to run when the graph lacks what the rule
    ///   needs (edges below its cutoff, best matches, or a null model).
    public static func derive(
        _ rule: EdgeRule, from graph: LayeredGraph, pair k: Int
    ) throws -> [(source: Int32, target: Int32, similarity: Float)] {
        try rule.validate()
        let pair = graph.pairs[k]
        let m = graph.metadata
        var candidates: [(source: Int32, target: Int32, similarity: Float)] = []
        if let (t, _) = rule.engineEdges {
            guard m.rule.isThreshold, m.topK == nil, t >= m.threshold else {
                throw SAEGraphError(
                    .invalidArgument,
                    "rule \(rule.name) at \(t) needs a graph built with --rule threshold --threshold \(t) or lower and no --top-k; this one has rule \(m.rule.name), threshold \(m.threshold)\(m.topK.map { ", top-k \($0)" } ?? "")"
                )
            }
            candidates = pair.edges.map { (Int32($0.source.index), Int32($0.target.index), $0.similarity) }
        }
        guard let best = graph.bestMatches, k + 1 < best.count else {
            if rule.engineEdges == nil {
                throw SAEGraphError(
                    .invalidArgument,
                    "rule \(rule.name) needs best matches, which this graph does not record; rebuild it with saegraph build"
                )
            }
            return rule.select(
                candidates: candidates,
                best: PairBestMatches(nextIndex: [], nextCosine: [], previousIndex: [], previousCosine: []),
                absolute: m.absolute, cutoff: nil)
        }
        var cutoff: Double? = nil
        if rule.needsNullModel {
            guard let record = m.nullModel, let entry = record.pairs[pair.sourceLayer] else {
                throw SAEGraphError(
                    .invalidArgument,
                    "rule \(rule.name) needs the null model of layer \(pair.sourceLayer); rebuild with saegraph build --null-model (or --rule auto)"
                )
            }
            let excluded = m.excludedRows[pair.sourceLayer]?.count ?? 0
            cutoff = rule.cutoff(null: entry.summary, sources: pair.sourceCount - excluded)
        } else {
            cutoff = rule.cutoff(null: nil, sources: pair.sourceCount)
        }
        let matches = PairBestMatches(
            nextIndex: best[k].nextIndex, nextCosine: best[k].nextCosine, previousIndex: best[k + 1].previousIndex,
            previousCosine: best[k + 1].previousCosine)
        return rule.select(candidates: candidates, best: matches, absolute: m.absolute, cutoff: cutoff)
    }
}
