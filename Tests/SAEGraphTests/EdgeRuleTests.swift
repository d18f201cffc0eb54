import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct EdgeRuleTests {
    private func sae(layer: Int, rows: [[Float]], columns: Int) -> LoadedSAE {
        loadedSAE(layer: layer, rows: rows, columns: columns)
    }

    /// Brute force: all Double cosines of a pair.
    private func cosines(_ a: [[Float]], _ b: [[Float]]) -> [[Double]] {
        a.map { x in b.map { y in SimilarityReference.cosine(x, y) } }
    }

    private func build(_ rows: [[[Float]]], _ rule: EdgeRule, absolute: Bool = false) throws -> LayeredGraph {
        let saes = rows.enumerated().map { sae(layer: $0.offset, rows: $0.element, columns: $0.element[0].count) }
        return try SimilarityGraphBuilder.build(
            saes, rule: rule, options: SimilarityOptions(absolute: absolute, threads: 2), nullModel: nil)
    }

    private func pairs(_ g: LayeredGraph, _ k: Int) -> [[Int]] {
        g.pairs[k].edges.map { [$0.source.index, $0.target.index] }
    }

    @Test(arguments: [1, 2, 3, 4])
    func mutualMatchesBruteForce(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let rows = [randomDecoderRows(40, 6, &rng), randomDecoderRows(35, 6, &rng)]
        let c = cosines(rows[0], rows[1])
        for floor: Float in [-1, 0.3, 0.6] {
            let g = try build(rows, .mutual(floor: floor))
            var expected: [[Int]] = []
            for i in 0..<40 {
                let j = (0..<35).max { (c[i][$0], -$0) < (c[i][$1], -$1) }!
                let back = (0..<40).max { (c[$0][j], -$0) < (c[$1][j], -$1) }!
                if back == i && Double(Float(c[i][j])) >= Double(floor) { expected.append([i, j]) }
            }
            #expect(pairs(g, 0) == expected)
            #expect(g.metadata.rule.name == "mutual" && g.metadata.threshold == floor)
        }
    }

    @Test(arguments: [5, 6, 7])
    func topKMatchesBruteForce(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let rows = [randomDecoderRows(30, 5, &rng), randomDecoderRows(25, 5, &rng)]
        let c = cosines(rows[0], rows[1])
        for k in [1, 3] {
            let g = try build(rows, .topK(k, floor: 0.2))
            var expected: [[Int]] = []
            for i in 0..<30 {
                let kept = (0..<25).filter { Float(c[i][$0]) >= 0.2 && c[i][$0] >= 0.2 }
                    .sorted { (c[i][$0], -$0) > (c[i][$1], -$1) }.prefix(k).sorted()
                expected += kept.map { [i, $0] }
            }
            #expect(pairs(g, 0) == expected)
            #expect(g.metadata.rule.name == "topk" && g.metadata.topK == k)
        }
    }

    @Test func thresholdRuleEqualsClassicBuild() throws {
        var rng = SplitMix64(seed: 9)
        let rows = (0..<3).map { _ in randomDecoderRows(30, 6, &rng) }
        let saes = rows.enumerated().map { sae(layer: $0.offset + 4, rows: $0.element, columns: 6) }
        let classic = try SimilarityGraphBuilder.build(saes, options: SimilarityOptions(threshold: 0.45))
        let ruled = try SimilarityGraphBuilder.build(
            saes, rule: .threshold(0.45), options: SimilarityOptions(threshold: 0.45), nullModel: nil)
        #expect(classic.pairs == ruled.pairs && classic.metadata == ruled.metadata)
        #expect(!classic.metadata.recordsRuleParameters)
    }

    @Test func autoKeepsMutualMatchesAboveTheNullCutoff() throws {
        var rng = SplitMix64(seed: 11)
        let rows = [randomDecoderRows(60, 16, &rng), randomDecoderRows(50, 16, &rng)]
        let g = try build(rows, .auto(alpha: 0.05))
        let record = try #require(g.metadata.nullModel)
        let (summary, cutoff) = try #require(record.pairs[0])
        let tau = try #require(EdgeRule.auto(alpha: 0.05).cutoff(null: summary, sources: 60))
        // The cutoff depends only on integers of the summary, so the recorded text agrees.
        #expect(abs(try #require(cutoff) - tau) < 1e-12)
        #expect(tau > summary.bestQuantiles.last!)
        // Evaluation re-derives exactly the built edges from the recorded best matches and null.
        #expect(
            try Evaluation.derive(.auto(alpha: 0.05), from: g, pair: 0).map { [$0.source, $0.target] }
                == g.pairs[0].edges.map { [Int32($0.source.index), Int32($0.target.index)] })
        let mutual = try build(rows, .mutual(floor: -1)).pairs[0].edges
        let expected = mutual.filter { Double($0.similarity) >= tau }
        #expect(g.pairs[0].edges == expected)
        // Every kept edge is significant at the rule's level, and carries z and p.
        let p = try #require(g.pairs[0].pValues)
        #expect(p.allSatisfy { Double($0) * 60 <= 0.05 * (1 + 1e-6) })
        #expect(g.pairs[0].zScores?.count == g.pairs[0].edgeCount)
        #expect(g.metadata.threshold == Float(tau))
    }

    @Test func rejectsBadParameters() {
        for rule in [EdgeRule.mutual(floor: 2), .topK(0, floor: 0.3), .auto(alpha: 0), .threshold(.nan)] {
            #expect(throws: SAEGraphError.self) { try rule.validate() }
        }
    }
}
