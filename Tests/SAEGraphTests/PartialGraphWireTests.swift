import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The partial graph file's JSON layout: what it writes reads back bit for bit, and what it
/// refuses is named by field.
@Suite struct PartialGraphWireTests {
    static func partial() throws -> PartialGraph {
        var p = try SimilarityGraphBuilder.buildPartial(
            ShardFixture.saes(), options: SimilarityOptions(threshold: 0.2), shard: ShardSpec(index: 1, count: 2))
        p.nullModel = NullModelOptions(sampleRows: 16, seed: UInt64.max - 1)
        p.pairs[0].previousCosine[0] = .nan
        p.pairs[0].previousCosine[1] = -.infinity
        p.pairs[0].null = NullSummary(
            sampleRows: 16, targetRows: 50, mean: 0.01, standardDeviation: 0.2, effectiveDimension: 7,
            cosineQuantiles: [0.1, 0.5], bestQuantiles: [0.3, 0.9])
        return p
    }

    @Test func writesCompactSortedJSONThatReadsBackExactly() throws {
        let p = try Self.partial()
        let data = PartialGraphWire.encode(p)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix(#"{"absolute":false,"excluded_rows":"#))
        #expect(!text.contains("\n") && text.contains(#""seed":18446744073709551614"#))
        #expect(text.contains(#""previous_cosine":["nan","-inf","#))
        let back = try PartialGraphWire.decode(data, name: "p.json")
        #expect(back.nullModel == p.nullModel)
        #expect(back.pairs[0].previousCosine[0].isNaN && back.pairs[0].previousCosine[1] == -.infinity)
        #expect(Array(back.pairs[0].previousCosine.dropFirst(2)) == Array(p.pairs[0].previousCosine.dropFirst(2)))
        #expect(back.pairs.map(\.edgeSimilarities) == p.pairs.map(\.edgeSimilarities))
        #expect(back.pairs[0].null == p.pairs[0].null)
        #expect(back.inputs == p.inputs && back.rule == p.rule && back.shard == p.shard)
        #expect(PartialGraphWire.encode(back) == data)
    }

    @Test func refusalsNameTheField() throws {
        let text = String(decoding: PartialGraphWire.encode(try Self.partial()), as: UTF8.self)
        func refusal(_ edited: String, _ fragment: String) {
            #expect { try PartialGraphWire.decode(Data(edited.utf8), name: "p.json") } throws: {
                let m = ($0 as? SAEGraphError)?.message ?? ""
                return m.hasPrefix("p.json: ") && m.contains(fragment) && !m.contains("\n")
            }
        }
        refusal(text.replacingOccurrences(of: #""shard_count":2,"#, with: ""), "field `shard_count` is missing")
        refusal(text.replacingOccurrences(of: #""layers":[2,3,5,6]"#, with: #""layers":"2""#), "field `layers`")
        refusal(
            text.replacingOccurrences(of: #""sample_rows":16,"seed""#, with: #""seed""#), "`null_model.sample_rows`")
        refusal(text.replacingOccurrences(of: #""precision":""#, with: #""precision":"x"#), "`precision` 'x")
        refusal(text.replacingOccurrences(of: #""rule":"threshold""#, with: #""rule":"nearest""#), "`rule` 'nearest'")
        refusal("[1, 2]", "not a JSON object")
        refusal(#"{"nodes": []}"#, "it is a finished graph file")
        refusal(#"{"x": 1}"#, "without `saegraph_partial`")
    }
}
