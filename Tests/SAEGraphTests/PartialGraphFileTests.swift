import Foundation
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
        refusal(Data("{\"saegraph_partial\": 1, \"shard\": 1}".utf8), "is missing")
        #expect { try PartialGraphFile.decode(Data("{\"saegraph_partial\": 2}".utf8), name: "x.json") } throws: {
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
