import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct PartialGraphFileTests {
    @Test func roundTripsExactly() throws {
        let saes = ShardFixture.saes()
        let p = try SimilarityGraphBuilder.buildPartial(
            saes, options: SimilarityOptions(threshold: 0.1, topK: 3, absolute: true),
            shard: ShardSpec(index: 2, count: 3))
        #expect(!p.pairs.isEmpty && p.pairs.contains { !$0.edgeSources.isEmpty && !$0.previousTargets.isEmpty })
        let back = try PartialGraphFile.decode(PartialGraphFile.encode(p), name: "p.json")
        #expect(back == p)
        // Doubles that need all 17 digits survive too.
        var q = p
        q.pairs[0].previousCosine[0] = 0.1 + 0x1p-55
        q.threshold = Float(0.1).nextUp
        #expect(try PartialGraphFile.decode(PartialGraphFile.encode(q), name: "q.json") == q)
    }

    @Test func roundTripsRulesAndNullSummaries() throws {
        let saes = ShardFixture.saes()
        for rule in [EdgeRule.mutual(floor: 0.25), .topK(2, floor: 0.1), .auto(alpha: 0.01)] {
            let p = try SimilarityGraphBuilder.buildPartial(
                saes, rule: rule, options: SimilarityOptions(threshold: 0.4, precision: .fp32),
                nullModel: NullModelOptions(sampleRows: 9, seed: 1 << 63), shard: ShardSpec(index: 1, count: 2))
            #expect(p.rule == rule && p.precision == .fp32 && p.nullModel?.seed == 1 << 63)
            // Shard 1 owns the first rows of pair 0, so it holds that pair's null summary.
            #expect(p.pairs[0].rows.lowerBound == 0 && p.pairs[0].null != nil)
            #expect(try PartialGraphFile.decode(PartialGraphFile.encode(p), name: "p.json") == p)
        }
    }

    @Test func tellsWhetherAFileCanBeReused() throws {
        let folder = try LoadingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let saes = ShardFixture.saes()
        let options = SimilarityOptions(threshold: 0.3)
        let shard = try ShardSpec(index: 2, count: 3)
        let path = folder + "/part-2.json"
        let header = try SimilarityGraphBuilder.partialHeader(saes, options: options, shard: shard)
        #expect(PartialGraphFile.reusable(at: path, for: header) == "no file")
        try PartialGraphFile.write(
            try SimilarityGraphBuilder.buildPartial(saes, options: options, shard: shard), to: path)
        #expect(PartialGraphFile.reusable(at: path, for: header) == nil)
        let other = try SimilarityGraphBuilder.partialHeader(
            saes, rule: .mutual(floor: 0.3), options: options, shard: shard)
        #expect(
            PartialGraphFile.reusable(at: path, for: other)
                == "\(path) has rule threshold (0.3), not mutual (floor 0.3)")
        let third = try SimilarityGraphBuilder.partialHeader(
            saes, options: options, shard: ShardSpec(index: 3, count: 3))
        #expect(PartialGraphFile.reusable(at: path, for: third) == "\(path) holds shard 2/3, not 3/3")
        let changed = try SimilarityGraphBuilder.partialHeader(
            ShardFixture.saes(seed: 6), options: options, shard: shard)
        #expect(PartialGraphFile.reusable(at: path, for: changed)?.contains("decoder fingerprint") == true)
        try Data("{\"saegraph_partial\": 2".utf8).write(to: URL(fileURLWithPath: path))
        #expect(PartialGraphFile.reusable(at: path, for: header)?.contains("not a partial graph file") == true)
    }

    @Test func writesAtomicallyAndReads() throws {
        let folder = try LoadingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let p = try SimilarityGraphBuilder.buildPartial(
            ShardFixture.saes(), options: SimilarityOptions(), shard: ShardSpec(index: 1, count: 1))
        try PartialGraphFile.write(p, to: folder + "/part-1.json")
        #expect(try PartialGraphFile.read(path: folder + "/part-1.json") == p)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["part-1.json"])
        #expect { try PartialGraphFile.read(path: folder + "/none.json") } throws: {
            ($0 as? SAEGraphError)?.message == "\(folder)/none.json: no such partial graph file"
        }
    }

    @Test func refusesFilesThatAreNotPartials() throws {
        let graph = GraphFile.encode(
            try SimilarityGraphBuilder.build(ShardFixture.saes(), options: SimilarityOptions()))
        func refusal(_ data: Data, _ fragment: String) {
            #expect { try PartialGraphFile.decode(data, name: "x.json") } throws: {
                let e = $0 as? SAEGraphError
                return e?.kind == .malformedFile && e!.message.hasPrefix("x.json: ") && e!.message.contains(fragment)
                    && !e!.message.contains("\n")
            }
        }
        refusal(graph, "not a partial graph file (it is a finished graph file)")
        refusal(Data("not json".utf8), "not a partial graph file")
        refusal(Data("{\"saegraph_partial\": 2, \"shard\": 1}".utf8), "is missing")
        #expect { try PartialGraphFile.decode(Data("{\"saegraph_partial\": 1}".utf8), name: "x.json") } throws: {
            ($0 as? SAEGraphError)?.kind == .unsupported
        }
    }

    @Test func refusesInconsistentContents() throws {
        let p = try SimilarityGraphBuilder.buildPartial(
            ShardFixture.saes(), options: SimilarityOptions(threshold: 0.2), shard: ShardSpec(index: 2, count: 3))
        func refusal(_ change: (inout PartialGraph) -> Void, _ fragment: String) {
            var q = p
            change(&q)
            #expect { try PartialGraphFile.decode(PartialGraphFile.encode(q), name: "x.json") } throws: {
                let e = $0 as? SAEGraphError
                return e?.kind == .malformedFile && e!.message.contains(fragment)
            }
        }
        refusal({ $0.pairs[0].rows = 0..<1 }, "should own rows")
        refusal({ $0.shard = try! ShardSpec(index: 1, count: 3) }, "should")
        refusal({ $0.pairs[0].edgeTargets.append(1) }, "differ in length")
        refusal({ $0.pairs[0].previousIndex[0] = 9999 }, "outside")
        refusal({ $0.fingerprints.removeLast() }, "one entry per layer")
        refusal({ $0.excludedRows[0] = [-1] }, "outside")
    }
}
