/// The precision–coverage curve of one score in one layer pair: link each live source's best
/// edge when the source is among the top fraction F of live sources by the score, and judge
/// those links against activation-correlation truth, for several F.
///
/// The scores are what the graph records per edge: `cosine` (every graph; a source's best edge
/// is its edge of largest cosine), `score` (the encoder-aware score, where the `best` rule
/// scored with encoders: ``EncoderScoring``) and `csls` (the confidence of the `best` rule, on
/// the score where there is one). A point needs
/// `F · live` scored sources; a graph built with `--rule best --coverage 1` scores every
/// source, a `threshold` graph those with an edge. So a researcher reads off an operating
/// point and builds with `--coverage F`.
public struct CoverageCurve: Sendable, Equatable {
    /// The score's name: `cosine`, `score` or `csls`.
    public var score: String
    public var sourceLayer: Int
    public var targetLayer: Int
    /// Live source features of the pair.
    public var liveSources: Int = 0
    /// One point per fraction; nil where the graph scores too few live sources.
    public var points: [Point?]

    public struct Point: Sendable, Equatable {
        public var coverage: Double
        /// Live sources linked (`⌈coverage · live⌉`).
        public var linked: Int
        public var precisionTop1: Double
        public var precisionTop3: Double
    }

    /// The fractions of live features linked that `evaluate` prints.
    public static let levels = [0.3, 0.4, 0.5, 0.6, 0.7]

    /// One curve per score the graph records, per layer pair that `truth` covers.
    /// - Complexity: O(edges + live · log live) per pair and score.
    public static func curves(
        _ graph: LayeredGraph, truth: CorrelationTruth, levels: [Double] = levels
    ) -> [CoverageCurve] {
        var out: [CoverageCurve] = []
        for pair in graph.pairs where truth.targetLayer[pair.sourceLayer] == pair.targetLayer {
            let live = truth.live[pair.sourceLayer] ?? []
            var scores: [(String, [Float]?)] = [("cosine", pair.similarities)]
            if let c = pair.scores { scores.append(("score", c)) }
            if let c = pair.confidences { scores.append(("csls", c)) }
            for (name, values) in scores {
                guard let values else { continue }
                // Each live source's best edge by cosine, scored by `values`.
                var ranked: [(source: Int, target: Int32, score: Float)] = []
                for s in 0..<pair.sourceCount where live.contains(s) {
                    let range = pair.outgoing(s)
                    guard let e = range.max(by: { pair.similarities[$0] < pair.similarities[$1] }),
                        values[e].isFinite
                    else { continue }
                    ranked.append((s, pair.targets[e], values[e]))
                }
                ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.source < $1.source }
                let points = levels.map { f -> Point? in
                    let n = Int((f * Double(live.count)).rounded(.up))
                    guard n > 0, n <= ranked.count else { return nil }
                    var top1 = 0
                    var top3 = 0
                    for r in ranked.prefix(n) {
                        guard let k = truth.rank(sourceLayer: pair.sourceLayer, source: r.source, target: r.target)
                        else { continue }
                        if k == 1 { top1 += 1 }
                        if k <= 3 { top3 += 1 }
                    }
                    return Point(
                        coverage: f, linked: n, precisionTop1: Double(top1) / Double(n),
                        precisionTop3: Double(top3) / Double(n))
                }
                var curve = CoverageCurve(
                    score: name, sourceLayer: pair.sourceLayer, targetLayer: pair.targetLayer, points: points)
                curve.liveSources = live.count
                out.append(curve)
            }
        }
        return out
    }
}

extension CoverageCurve {
    /// Each point as a rule row for `evaluate --format json|csv`: rule `"top 50% by csls"`,
    /// edges and judged edges the sources linked, precision as measured.
    public var rows: [RuleEvaluation] {
        points.compactMap { p in
            p.map {
                RuleEvaluation(
                    rule: "top \(Int((100 * $0.coverage).rounded()))% by \(score)", sourceLayer: sourceLayer,
                    targetLayer: targetLayer, edges: $0.linked, judgedEdges: $0.linked,
                    precisionTop1: $0.precisionTop1, precisionTop3: $0.precisionTop3, liveSources: liveSources,
                    linkedLiveSources: $0.linked)
            }
        }
    }
}
