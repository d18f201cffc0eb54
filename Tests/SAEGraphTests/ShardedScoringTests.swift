import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// Sharded builds of SAEs that carry encoders: the merge of any number of shards is the
/// unsharded encoder-aware build byte for byte, the shards record which pairs they scored, and
/// files that contradict that are refused by name.
@Suite struct ShardedScoringTests {
    /// Three layers with encoders (ties, a zero encoder row); `bare` drops one layer's encoder.
    static func saes(bare: Int? = nil) -> [LoadedSAE] {
        let l = BestRuleTests.layers(seed: 21)
        let enc = EncoderScoringTests.encoders(l, seed: 22)
        return l.indices.map { k in EncoderScoringTests.sae(layer: k + 4, rows: l[k], encoder: k == bare ? nil : enc[k])
        }
    }

    static let rules: [EdgeRule] = [.standard, .best(k: 5, alpha: 0.5, coverage: 0.6)]

    @Test(arguments: [nil, 2] as [Int?], [1, 2, 3, 7])
    func mergeEqualsTheUnshardedBuild(_ bare: Int?, _ n: Int) throws {
        let saes = Self.saes(bare: bare)
        for rule in Self.rules {
            let options = SimilarityOptions()
            let whole = try SimilarityGraphBuilder.build(saes, rule: rule, options: options, nullModel: nil)
            #expect(whole.metadata.scoring == (bare == nil ? .decoderEncoder : .mixed))
            #expect(whole.pairs[0].scores != nil)
            if case .best(_, _, _?) = rule { #expect(whole.edgeCount > 0) }
            var parts = try ShardFixture.partials(saes, options, n: n, rule: rule)
            #expect(parts.allSatisfy { $0.scoredPairs == [true, bare == nil] })
            var rng = SplitMix64(seed: UInt64(n))
            parts.shuffle(using: &rng)
            let merged = try PartialGraph.merge(parts, names: parts.map { "part-\($0.shard.index).json" })
            GraphFixtures.expectSame(merged, whole)
            #expect(GraphFile.encode(merged) == GraphFile.encode(whole), "\(rule.name) \(n) shards")
        }
    }

    @Test func decoderScoringShardsAsTheDecoderBuild() throws {
        let saes = Self.saes()
        let options = SimilarityOptions()
        let whole = try SimilarityGraphBuilder.build(
            saes, rule: .standard, options: options, nullModel: nil, scoring: .decoder)
        let parts = try ShardFixture.partials(saes, options, n: 3, rule: .standard, scoring: .decoder)
        #expect(parts.allSatisfy { $0.scoredPairs.isEmpty && $0.pairs.allSatisfy { $0.nextScores == nil } })
        let merged = try PartialGraph.merge(parts, names: parts.map { "p\($0.shard.index)" })
        #expect(merged.metadata.scoring == .decoder)
        #expect(GraphFile.encode(merged) == GraphFile.encode(whole))
    }

    @Test func recomputeCommandsKeepTheScoring() throws {
        let saes = Self.saes()
        let scored = try ShardFixture.partials(saes, SimilarityOptions(), n: 2, rule: .standard)
        let decoders = try ShardFixture.partials(saes, SimilarityOptions(), n: 2, rule: .standard, scoring: .decoder)
        let a = scored[0].buildCommand(shard: 2, output: "part-2.json")
        let b = decoders[0].buildCommand(shard: 2, output: "part-2.json")
        #expect(a.contains("--rule best --csls-k 10 --alpha 0.01 --null-rows") && !a.contains("--scoring"), "\(a)")
        #expect(b.contains("--rule best --csls-k 10 --alpha 0.01 --scoring decoder --null-rows"), "\(b)")
        // Shards of the two scorings do not merge.
        #expect {
            try PartialGraph.merge([scored[0], decoders[1]], names: ["a.json", "b.json"])
        } throws: {
            let m = ($0 as? SAEGraphError)?.message ?? ""
            return m.contains("layer pairs scored with encoders none") && m.contains("same --scoring")
        }
    }

    @Test func aShardRunWritesAndReusesItsFile() throws {
        let saes = Self.saes()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scored-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for i in 1...2 {
            let path = folder.appendingPathComponent("part-\(i).json").path
            let build = GraphBuild(
                rule: .standard, options: SimilarityOptions(), shard: try ShardSpec(index: i, count: 2))
            _ = try build.run(saes, writingTo: path, started: Date())
            #expect(try build.run(saes, writingTo: path, started: Date()).contains("already complete and valid"))
            var decoders = build
            decoders.scoring = .decoder
            let note = try decoders.run(saes, writingTo: path + ".d", started: Date())
            #expect(!note.contains("already complete"))
            paths.append(path)
        }
        let merged = try PartialGraph.merge(try paths.map(PartialGraphFile.read), names: paths)
        let whole = try SimilarityGraphBuilder.build(
            saes, rule: .standard, options: SimilarityOptions(), nullModel: nil)
        #expect(GraphFile.encode(merged) == GraphFile.encode(whole))
    }

    /// Partial files as `saegraph build --shard 1/1` wrote them (3 × 48 synthetic features with
    /// encoders; also the fuzzer's seeds): each reads back, writes the same bytes, and merges.
    @Test(arguments: [
        ("best-encoders", GraphScoring.decoderEncoder), ("best-decoder", .decoder), ("threshold-null", .decoder),
        ("mutual", .decoder),
    ])
    func committedPartialsReadAndMerge(_ name: String, _ scoring: GraphScoring) throws {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let url = folder.appendingPathComponent("partials/\(name).json")
        let data = try Data(contentsOf: url)
        let part = try PartialGraphFile.decode(data, name: url.lastPathComponent)
        #expect(PartialGraphFile.encode(part) == data)
        let merged = try PartialGraph.merge([part], names: [url.lastPathComponent])
        #expect(merged.metadata.scoring == scoring && merged.layers == [0, 1, 2])
        #expect(merged.edgeCount > 0)
        // A file that claims a layer far larger than what it holds is refused, not merged
        // into tables sized by the claim.
        let text = String(decoding: data, as: UTF8.self)
        let claimed = text.replacingOccurrences(
            of: #""feature_counts":[48,48,48]"#, with: #""feature_counts":[48,48,4800000]"#)
        #expect(claimed != text)
        #expect {
            try PartialGraphFile.decode(Data(claimed.utf8), name: "p.json")
        } throws: {
            let e = $0 as? SAEGraphError
            return e?.kind == .malformedFile
                && e?.message.contains("48 owned rows and 4800000 targets") == true
        }
    }

    @Test func refusesScoresThatContradictTheFile() throws {
        let part = try ShardFixture.partials(Self.saes(), SimilarityOptions(), n: 2, rule: .standard)[0]
        let text = String(decoding: PartialGraphFile.encode(part), as: UTF8.self)
        func refusal(_ edited: String, _ fragment: String) {
            #expect(edited != text)
            #expect { try PartialGraphFile.decode(Data(edited.utf8), name: "p.json") } throws: {
                let m = ($0 as? SAEGraphError)?.message ?? ""
                return m.hasPrefix("p.json: ") && m.contains(fragment) && !m.contains("\n")
            }
        }
        let score = try #require(try Regex(#","next_score":\[[^\]]*\]"#).firstMatch(in: text))
        let scores = String(text[score.range])
        refusal(
            text.replacingOccurrences(of: scores, with: ""),
            "`neighbours.next_score` and `previous_score` must come together")
        refusal(
            text.replacingOccurrences(of: #","scored_pairs":[true,true]"#, with: ""),
            "present exactly on pairs scored with encoders")
        refusal(
            text.replacingOccurrences(of: #""scored_pairs":[true,true]"#, with: #""scored_pairs":[true]"#),
            "`scored_pairs` must have one entry per layer pair (2)")
        let first = try #require(scores.split(separator: "[")[1].split(separator: ",").first)
        refusal(
            text.replacingOccurrences(
                of: scores, with: scores.replacingOccurrences(of: "[\(first),", with: "[\"inf\",")),
            "not a finite 32-bit score")
        let lists = try #require(try Regex(#""neighbours":\{.*?"previous_score":\[[^\]]*\]\},"#).firstMatch(in: text))
        refusal(text.replacingOccurrences(of: String(text[lists.range]), with: ""), "`neighbours` is missing")
    }
}
