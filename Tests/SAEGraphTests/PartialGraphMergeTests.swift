import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct PartialGraphMergeTests {
    static let optionSets: [SimilarityOptions] = [
        SimilarityOptions(threshold: 0.3),
        SimilarityOptions(threshold: 0.2, topK: 2, absolute: true),
        SimilarityOptions(threshold: 0.45, topK: 1, threads: 1),
    ]

    @Test(arguments: [1, 2, 3, 7], optionSets.indices)
    func mergeOfShardsEqualsUnshardedBuild(_ n: Int, _ optionIndex: Int) throws {
        let options = Self.optionSets[optionIndex]
        let saes = ShardFixture.saes()
        let whole = try SimilarityGraphBuilder.build(saes, options: options)
        var parts = try ShardFixture.partials(saes, options, n: n)
        // Shards arrive in any order.
        var rng = SplitMix64(seed: UInt64(n * 10 + optionIndex))
        parts.shuffle(using: &rng)
        let merged = try PartialGraph.merge(parts, names: parts.map { "part-\($0.shard.index).json" })
        GraphFixtures.expectSame(merged, whole)
        #expect(merged.edgeCount > 0 && merged.metadata.excludedRows == [3: [10], 5: [7], 6: [40]])
        #expect(GraphFile.encode(merged) == GraphFile.encode(whole))
        // The duplicated rows tie for many targets; the lower index must win, whichever shard holds it.
        let best = try #require(merged.bestMatches)
        #expect(best[1].previousIndex.contains(2) && !best[1].previousIndex.contains(33))
    }

    @Test func shardsWithNoRowsStillMerge() throws {
        // 20 shards of a 4-layer build where pair work differs: some shards own rows of one pair only.
        let saes = ShardFixture.saes()
        let options = SimilarityOptions(threshold: 0.35)
        let parts = try ShardFixture.partials(saes, options, n: 20)
        let merged = try PartialGraph.merge(parts.reversed(), names: (1...20).map { "p\($0)" })
        #expect(GraphFile.encode(merged) == GraphFile.encode(try SimilarityGraphBuilder.build(saes, options: options)))
    }

    // MARK: refusals

    private func parts(
        _ n: Int = 3, options: SimilarityOptions = SimilarityOptions(threshold: 0.3), paths: [String]? = nil,
        seed: UInt64 = 5
    ) throws -> [PartialGraph] {
        try ShardFixture.partials(ShardFixture.saes(seed: seed, paths: paths), options, n: n)
    }

    private func expectRefusal(
        _ parts: [PartialGraph], _ kind: SAEGraphError.Kind, _ fragments: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let names = parts.indices.map { "file\($0 + 1).json" }
        #expect(sourceLocation: sourceLocation) { try PartialGraph.merge(parts, names: names) } throws: {
            guard let e = $0 as? SAEGraphError else { return false }
            return e.kind == kind && !e.message.contains("\n") && fragments.allSatisfy(e.message.contains)
        }
    }

    @Test func refusesMissingShardsNamingThem() throws {
        let p = try parts(7)
        expectRefusal([p[0], p[2], p[3], p[6]], .invalidArgument, ["missing 3 of 7 shards: 2, 5, 6"])
        expectRefusal([], .invalidArgument, ["none given"])
    }

    @Test func refusesDuplicateShards() throws {
        let p = try parts()
        expectRefusal([p[0], p[1], p[1], p[2]], .conflict, ["file2.json and file3.json are both shard 2/3"])
    }

    @Test func refusesShardsOfDifferentCounts() throws {
        let a = try parts(3)
        let b = try parts(4)
        expectRefusal([a[0], b[1], a[1], a[2]], .conflict, ["file2.json", "shard 2/4", "4", "3"])
    }

    @Test func refusesMixedOptions() throws {
        let a = try parts()
        let threshold = try parts(options: SimilarityOptions(threshold: 0.4))
        expectRefusal([a[0], threshold[1], a[2]], .conflict, ["threshold 0.4", "0.3", "same options"])
        let topK = try parts(options: SimilarityOptions(threshold: 0.3, topK: 2))
        expectRefusal([a[0], a[1], topK[2]], .conflict, ["top-k 2", "none"])
        let absolute = try parts(options: SimilarityOptions(threshold: 0.3, absolute: true))
        expectRefusal([absolute[0], a[1], a[2]], .conflict, ["absolute"])
        var version = a[1]
        version.version = "0.0.1"
        expectRefusal([a[0], version, a[2]], .conflict, ["saegraph version 0.0.1"])
    }

    @Test func refusesMixedInputs() throws {
        let a = try parts()
        let moved = try parts(paths: ["/sae/layer2", "/elsewhere/layer3", "/sae/layer5", "/sae/layer6"])
        expectRefusal([a[0], moved[1], a[2]], .conflict, ["layer 3 input path /elsewhere/layer3", "/sae/layer3"])
        let retrained = try parts(seed: 6)
        expectRefusal([a[0], a[1], retrained[2]], .conflict, ["decoder fingerprint", "file changed"])
        var layers = a[2]
        layers.layers = [2, 3, 5, 7]
        expectRefusal([a[0], a[1], layers], .conflict, ["layers [2, 3, 5, 7]"])
        var counts = a[2]
        counts.featureCounts[1] = 51
        expectRefusal([a[0], a[1], counts], .conflict, ["d_sae for layer 3", "51", "50"])
    }
}
