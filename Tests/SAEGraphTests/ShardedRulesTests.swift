import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// Every edge rule, with and without the null model, shards: the merge of any number of shards
/// is the unsharded build, value for value and byte for byte.
@Suite struct ShardedRulesTests {
    static let cases: [(rule: EdgeRule, options: SimilarityOptions, null: NullModelOptions?)] = [
        (.mutual(floor: 0.1), SimilarityOptions(threshold: 0.5), nil),
        (
            .mutual(floor: 0.2), SimilarityOptions(threshold: 0.5, absolute: true),
            NullModelOptions(sampleRows: 7, seed: 4)
        ),
        (.topK(2, floor: 0.1), SimilarityOptions(threshold: 0.5, topK: 2), nil),
        (.topK(3, floor: -0.2), SimilarityOptions(threshold: 0.5, topK: 3, absolute: true), nil),
        (.auto(alpha: 0.05), SimilarityOptions(threshold: 0.5), nil),
        (.auto(alpha: 1), SimilarityOptions(threshold: 0.5), NullModelOptions(sampleRows: 30, seed: 9)),
        (.threshold(0.3), SimilarityOptions(threshold: 0.3), NullModelOptions(sampleRows: 12, seed: 2)),
        (.best(k: 3, alpha: 0.01, coverage: nil), SimilarityOptions(threshold: 0.5), nil),
        (
            .best(k: 5, alpha: 0.5, coverage: 0.7), SimilarityOptions(threshold: 0.5, absolute: true),
            NullModelOptions(sampleRows: 9, seed: 3)
        ),
        (.best(k: 1, alpha: 0.01, coverage: 1), SimilarityOptions(threshold: 0.5), NullModelOptions(sampleRows: 30)),
    ]

    @Test(arguments: cases.indices, [1, 2, 5, 11])
    func mergeEqualsTheUnshardedBuild(_ index: Int, _ n: Int) throws {
        let c = Self.cases[index]
        let saes = ShardFixture.saes()
        let whole = try SimilarityGraphBuilder.build(saes, rule: c.rule, options: c.options, nullModel: c.null)
        var parts = try ShardFixture.partials(saes, c.options, n: n, rule: c.rule, nullModel: c.null)
        var rng = SplitMix64(seed: UInt64(index * 100 + n))
        parts.shuffle(using: &rng)
        let merged = try PartialGraph.merge(parts, names: parts.map { "part-\($0.shard.index).json" })
        GraphFixtures.expectSame(merged, whole)
        #expect(GraphFile.encode(merged) == GraphFile.encode(whole))
        #expect(merged.metadata.rule == .built(c.rule))
        // Exactly one shard holds each pair's null summary, and only with a null model.
        let held = parts.flatMap(\.pairs).filter { $0.null != nil }.map(\.pair).sorted()
        let withNull = c.null != nil || c.rule.needsNullModel
        #expect(held == (withNull ? [0, 1, 2] : []))
        if withNull { #expect(merged.metadata.nullModel != nil && merged.pairs[0].zScores != nil) }
        switch c.rule {
        case .auto, .best(_, _, nil): break
        default: #expect(whole.edgeCount > 0)
        }
    }

    @Test func mutualEdgesNeedTheMergedBestMatches() throws {
        // With a shard per few rows, a source's best next match is often not the target's best
        // previous match within the shard; only the merge can tell. Brute force: mutual pairs
        // of the unsharded best matches.
        let saes = ShardFixture.saes()
        let options = SimilarityOptions(threshold: 0.5)
        let parts = try ShardFixture.partials(saes, options, n: 9, rule: .mutual(floor: 0))
        #expect(parts.allSatisfy { $0.pairs.allSatisfy { $0.edgeSources.isEmpty } })
        let merged = try PartialGraph.merge(parts, names: parts.map { "p\($0.shard.index)" })
        let best = try #require(merged.bestMatches)
        for (p, pair) in merged.pairs.enumerated() {
            var expected: [(Int, Int)] = []
            for i in 0..<pair.sourceCount {
                let j = Int(best[p].nextIndex[i])
                if j >= 0, best[p + 1].previousIndex[j] == Int32(i), best[p].nextCosine[i] >= 0 {
                    expected.append((i, j))
                }
            }
            let got = (0..<pair.sourceCount).flatMap { i in pair.outgoing(i).map { (i, Int(pair.targets[$0])) } }
            #expect(got.map(\.0) == expected.map(\.0) && got.map(\.1) == expected.map(\.1))
        }
    }

    @Test func refusesShardsOfDifferentRules() throws {
        let saes = ShardFixture.saes()
        let options = SimilarityOptions(threshold: 0.3)
        let a = try ShardFixture.partials(saes, options, n: 2, rule: .mutual(floor: 0.3))
        let b = try ShardFixture.partials(saes, options, n: 2, rule: .mutual(floor: 0.2))
        let c = try ShardFixture.partials(
            saes, options, n: 2, rule: .mutual(floor: 0.3), nullModel: NullModelOptions(sampleRows: 5, seed: 0))
        for (other, fragment) in [
            (
                b[1],
                "shard 2/2 (part-2.json) has rule mutual (floor 0.2) but shard 1/2 (part-1.json) has mutual (floor 0.3)"
            ),
            (c[1], "null model (5 rows, seed 0) but shard 1/2 (part-1.json) has none"),
        ] {
            #expect { try PartialGraph.merge([a[0], other], names: ["part-1.json", "part-2.json"]) } throws: {
                let e = $0 as? SAEGraphError
                return e?.kind == .conflict && e!.message.contains(fragment)
            }
        }
    }
}
