import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct EvaluationTests {
    private func truth() throws -> CorrelationTruth {
        let dir = try writeTruthFiles([
            "corr_0_1.csv": truthHeader
                + "0,0,1,2,0.9,1\n0,0,1,1,0.8,2\n0,0,1,0,0.7,3\n0,0,1,3,0.6,4\n0,1,1,0,0.5,1\n0,1,1,2,0.4,2\n0,2,1,1,0.3,1\n",
            "freq.csv": "layer,feature,heldout_count\n0,0,5\n0,1,3\n0,2,0\n0,3,1\n",
        ])
        return try CorrelationTruth.load(paths: ["\(dir)/corr_0_1.csv"], frequency: "\(dir)/freq.csv")
    }

    @Test func scoresAgainstHandComputedValues() throws {
        let pair = LayerPairEdges(
            sourceLayer: 0, targetLayer: 1, sourceCount: 4, targetCount: 4,
            edges: [(0, 2, 0.9), (0, 0, 0.6), (1, 2, 0.7), (2, 1, 0.8), (3, 0, 0.5)])
        let r = Evaluation.judge(
            pair.edges.map { (Int32($0.source.index), Int32($0.target.index), $0.similarity) }, name: "x", pair: pair,
            truth: try truth())
        // Feature 2 is dead: its edge is not judged. Feature 3 is live with no listed target.
        #expect(r.edges == 5 && r.judgedEdges == 4)
        #expect(r.precisionTop1 == 0.25 && r.precisionTop3 == 0.75)
        #expect(r.liveSources == 3 && r.linkedLiveSources == 3 && r.linkedShare == 1)
    }

    @Test func derivesRulesFromOneLowThresholdGraph() throws {
        let pair = LayerPairEdges(
            sourceLayer: 0, targetLayer: 1, sourceCount: 4, targetCount: 4,
            edges: [(0, 2, 0.9), (0, 0, 0.6), (1, 2, 0.7), (3, 0, 0.5)])
        var best = [BestMatches(count: 4), BestMatches(count: 4)]
        best[0].nextIndex = [2, 2, -1, 0]
        best[0].nextCosine = [0.9, 0.7, .nan, 0.5]
        best[1].previousIndex = [3, -1, 0, -1]
        best[1].previousCosine = [0.5, .nan, 0.9, .nan]
        let g = LayeredGraph(
            layers: [0, 1], featureCounts: [4, 4], pairs: [pair], bestMatches: best,
            metadata: GraphMetadata(threshold: 0.5))
        let rows = try Evaluation.evaluate(
            g, rules: [("t0.65", .threshold(0.65)), ("mutual", .mutual(floor: 0.3)), ("top1", .topK(1, floor: 0.5))],
            truth: try truth())
        #expect(rows.map(\.rule) == ["as built (threshold)", "t0.65", "mutual", "top1"])
        #expect(rows.map(\.edges) == [4, 2, 2, 3])
        // Mutual: 0→2 (rank 1) and 3→0 (unlisted).
        #expect(rows[2].precisionTop1 == 0.5 && rows[2].linkedLiveSources == 2)
        #expect(throws: SAEGraphError.self) { try Evaluation.derive(.threshold(0.4), from: g, pair: 0) }
        #expect(throws: SAEGraphError.self) { try Evaluation.derive(.auto(alpha: 0.05), from: g, pair: 0) }
    }
}
