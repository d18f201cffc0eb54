import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// Encoder-aware scoring of the `best` rule against a brute-force Double reference: which
/// pairs use encoders, each source's best candidate by the four-cosine mean, CSLS on the
/// score, the recorded values, the fallback to decoders, and the rotated-layer null.
@Suite struct EncoderScoringTests {
    /// Encoder rows: each decoder row plus noise, with ties copied from the decoder's ties
    /// and a zero encoder row (scored with its decoder row in its place).
    static func encoders(_ layers: [[[Float]]], seed: UInt64) -> [[[Float]]] {
        var rng = SplitMix64(seed: seed)
        var out = layers.map { rows in
            rows.map { row in
                let noise = randomDecoderRows(1, row.count, &rng)[0]
                return zip(row, noise).map { $0 + 0.5 * $1 }
            }
        }
        out[1][30] = out[1][5]
        out[1][31] = out[1][5]
        out[0][40] = out[0][3]
        out[0][7] = Array(repeating: 0, count: out[0][7].count)  // no direction: falls back
        return out
    }

    static func sae(layer: Int, rows: [[Float]], encoder: [[Float]]?) -> LoadedSAE {
        var s = loadedSAE(layer: layer, rows: rows, columns: rows[0].count)
        s.encoder = encoder.map { EncoderWeights(matrix: decoderMatrix($0, columns: $0[0].count)) }
        return s
    }

    /// The reference score: the mean of the four cosines, in the documented order, from the
    /// reference decoder cosine rounded to F32; a zero encoder row replaced by its decoder row.
    static func score(_ di: [Float], _ ei: [Float], _ dj: [Float], _ ej: [Float]) -> Float {
        func e(_ enc: [Float], _ dec: [Float]) -> [Float] { enc.allSatisfy { $0 == 0 } ? dec : enc }
        let (ei, ej) = (e(ei, di), e(ej, dj))
        let dd = Double(Float(SimilarityReference.cosine(di, dj)))
        let laterEncoder = SimilarityReference.cosine(ej, di)
        let earlierEncoder = SimilarityReference.cosine(ei, dj)
        let encoders = SimilarityReference.cosine(ei, ej)
        return Float((((dd + laterEncoder) + earlierEncoder) + encoders) / 4)
    }

    /// `list` rescored by ``score`` and reordered (score descending, ties lower index).
    static func rescored(_ list: [(Int32, Float)], _ score: (Int) -> Float) -> [(Int32, Float)] {
        list.map { ($0.0, score(Int($0.0))) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    static func mean(_ list: [(Int32, Float)]) -> Double {
        list.reduce(0.0) { $0 + Double($1.1) } / Double(list.count)
    }

    @Test func bestByScoreMatchesTheDoubleReference() throws {
        let l = BestRuleTests.layers(seed: 5)
        let enc = Self.encoders(l, seed: 6)
        let saes = l.indices.map { Self.sae(layer: $0 + 2, rows: l[$0], encoder: enc[$0]) }
        let k = 5
        let rule = EdgeRule.best(k: k, alpha: 0.01, coverage: 0.6)
        let graph = try SimilarityGraphBuilder.build(
            saes, rule: rule, options: SimilarityOptions(threads: 2), nullModel: NullModelOptions(sampleRows: 20))
        #expect(graph.metadata.scoring == .decoderEncoder)
        var changed = 0
        for p in 0..<2 {
            let (s, t, es, et) = (l[p], l[p + 1], enc[p], enc[p + 1])
            let skipTarget: Set<Int> = p == 1 ? [9] : []
            var expected: [Int: (target: Int32, cosine: Float, score: Float, confidence: Float, rank: Float)] = [:]
            for i in s.indices {
                let candidates = BestRuleTests.nearest(s[i], t, k: k, skip: skipTarget)
                let row = Self.rescored(candidates) { j in Self.score(s[i], es[i], t[j], et[j]) }
                let j = Int(row[0].0)
                if row[0].0 != candidates[0].0 { changed += 1 }
                let column = Self.rescored(BestRuleTests.nearest(t[j], s, k: k, skip: [])) { i2 in
                    Self.score(s[i2], es[i2], t[j], et[j])
                }
                let rank = column.firstIndex { $0.0 == Int32(i) }.map { Float($0 + 1) } ?? .nan
                let cosine = Float(SimilarityReference.cosine(s[i], t[j]))
                let confidence = CSLS.score(Double(row[0].1), rSource: Self.mean(row), rTarget: Self.mean(column))
                expected[i] = (row[0].0, cosine, row[0].1, confidence, rank)
            }
            let sorted = expected.values.map(\.confidence).sorted(by: >)
            let cutoff = sorted[Int((0.6 * Double(s.count)).rounded(.up)) - 1]
            let kept = expected.filter { $0.value.confidence >= cutoff }
            let pair = graph.pairs[p]
            var got: Set<Int> = []
            for i in 0..<pair.sourceCount {
                for e in pair.outgoing(i) {
                    got.insert(i)
                    let x = try #require(kept[i], "pair \(p) source \(i) should not be linked")
                    #expect(pair.targets[e] == x.target, "pair \(p) source \(i)")
                    #expect(pair.similarities[e] == x.cosine)
                    #expect(pair.scores?[e] == x.score)
                    #expect(pair.confidences?[e] == x.confidence)
                    let r = pair.columnRanks![e]
                    #expect(r == x.rank || (r.isNaN && x.rank.isNaN))
                    #expect(pair.rowRanks![e] == 1)
                }
            }
            #expect(got == Set(kept.keys), "pair \(p)")
        }
        #expect(changed > 0, "encoders should change some best matches, or the test checks nothing new")
        // The graph file keeps scores and the scoring, and reads back the same.
        let back = try GraphFile.decode(GraphFile.encode(graph), name: "encoders.json")
        GraphFixtures.expectSame(back, graph)
        #expect(back.metadata.scoring == .decoderEncoder)
        #expect(back.pairs.map(\.scores) == graph.pairs.map(\.scores))
        #expect(String(decoding: GraphFile.encode(graph), as: UTF8.self).contains("\"scoring\": \"decoder+encoder\""))
    }

    @Test func graphFileBytesDoNotDependOnKernelOrThreads() throws {
        let l = BestRuleTests.layers(seed: 9, count: 80)
        let enc = Self.encoders(l, seed: 10)
        let saes = l.indices.map { Self.sae(layer: $0, rows: l[$0], encoder: enc[$0]) }
        var files: Set<Data> = []
        for precision in [SimilarityPrecision.fp32, .int8] {
            if precision == .int8 && !Int8Kernel.hasAny { continue }
            for threads in [1, 3] {
                let graph = try SimilarityGraphBuilder.build(
                    saes, rule: .standard, options: SimilarityOptions(threads: threads, precision: precision),
                    nullModel: nil)
                #expect(graph.pairs.allSatisfy { $0.scores != nil })
                files.insert(GraphFile.encode(graph))
            }
        }
        #expect(files.count == 1)
    }

    @Test func aLayerWithoutEncoderFallsBackToDecoders() throws {
        let l = BestRuleTests.layers(seed: 12)
        let enc = Self.encoders(l, seed: 13)
        let mixed = [
            Self.sae(layer: 0, rows: l[0], encoder: enc[0]), Self.sae(layer: 1, rows: l[1], encoder: enc[1]),
            Self.sae(layer: 2, rows: l[2], encoder: nil),
        ]
        let bare = l.indices.map { Self.sae(layer: $0, rows: l[$0], encoder: nil) }
        let graph = try SimilarityGraphBuilder.build(
            mixed, rule: .standard, options: SimilarityOptions(threads: 2), nullModel: nil)
        #expect(graph.metadata.scoring == .mixed)
        #expect(graph.pairs[0].scores != nil && graph.pairs[1].scores == nil)
        let back = try GraphFile.decode(GraphFile.encode(graph), name: "mixed.json")
        #expect(back.metadata.scoring == .mixed)
        // The unscored pair is exactly the decoder-only build's.
        let decoderOnly = try SimilarityGraphBuilder.build(
            bare, rule: .standard, options: SimilarityOptions(threads: 2), nullModel: nil)
        #expect(decoderOnly.metadata.scoring == .decoder)
        #expect(graph.pairs[1].targets == decoderOnly.pairs[1].targets)
        #expect(graph.pairs[1].confidences == decoderOnly.pairs[1].confidences)
        // --scoring decoder ignores encoders: the same file as SAEs without them.
        let ignored = try SimilarityGraphBuilder.build(
            mixed, rule: .standard, options: SimilarityOptions(threads: 2), nullModel: nil, scoring: .decoder)
        #expect(GraphFile.encode(ignored) == GraphFile.encode(decoderOnly))
        #expect(!String(decoding: GraphFile.encode(ignored), as: UTF8.self).contains("\"scoring\""))
        // --scoring encoder names the layer that has none.
        let e = #expect(throws: SAEGraphError.self) {
            try SimilarityGraphBuilder.build(
                mixed, rule: .standard, options: SimilarityOptions(), nullModel: nil, scoring: .encoder)
        }
        #expect(
            e?.message
                == "layer 2 (/tmp/layer2) has no encoder (looked for W_enc, encoder.weight); --scoring encoder needs one in every layer, or pass --scoring auto"
        )
        #expect(throws: SAEGraphError.self) {
            try SimilarityGraphBuilder.build(
                bare, rule: .threshold(0.5), options: SimilarityOptions(), nullModel: nil, scoring: .encoder)
        }
        // Fewer than five candidates per row: decoders under auto, an error under encoder.
        let few = EdgeRule.best(k: 3, alpha: 0.01, coverage: nil)
        let small = try SimilarityGraphBuilder.encoderPairs(
            mixed, rule: few, options: SimilarityOptions(), scoring: .auto)
        #expect(small == [false, false])
        let k = #expect(throws: SAEGraphError.self) {
            try SimilarityGraphBuilder.encoderPairs(mixed, rule: few, options: SimilarityOptions(), scoring: .encoder)
        }
        #expect(k?.message == "encoder scoring needs --csls-k at least 5 (got 3); pass --scoring decoder")
        // Other rules ignore encoders under auto.
        let threshold = try SimilarityGraphBuilder.build(
            mixed, rule: .threshold(0.3), options: SimilarityOptions(), nullModel: nil)
        #expect(threshold.metadata.scoring == .decoder && threshold.pairs.allSatisfy { $0.scores == nil })
    }

    @Test func aRotatedLaterLayerGetsAlmostNoLinks() throws {
        // A layer and an exact random rotation of it, encoders turned by the same rotation.
        var rng = SplitMix64(seed: 21)
        let d = 48
        let n = 400
        let a = randomDecoderRows(n, d, &rng).map { row in row.map { $0 * $0 * $0 } }
        let ea = a.map { row in zip(row, randomDecoderRows(1, d, &rng)[0]).map { $0 + 0.1 * $1 } }
        let q = randomRotation(d, &rng)
        func turn(_ rows: [[Float]]) -> [[Float]] {
            rows.map { row in (0..<d).map { r in (0..<d).reduce(Float(0)) { $0 + q[r][$1] * row[$1] } } }
        }
        let saes = [Self.sae(layer: 0, rows: a, encoder: ea), Self.sae(layer: 1, rows: turn(a), encoder: turn(ea))]
        let graph = try SimilarityGraphBuilder.build(
            saes, rule: .standard, options: SimilarityOptions(), nullModel: nil)
        #expect(graph.metadata.scoring == .decoderEncoder)
        #expect(Double(graph.edgeCount) <= 0.02 * Double(n))
        // Unrotated, nearly every feature links to itself.
        let same = try SimilarityGraphBuilder.build(
            [saes[0], Self.sae(layer: 1, rows: a, encoder: ea)], rule: .standard, options: SimilarityOptions(),
            nullModel: nil)
        #expect(Double(same.edgeCount) >= 0.9 * Double(n))
        let record = try #require(same.metadata.nullModel?.pairs[0])
        #expect(record.cutoff.map { $0 >= EdgeRule.leastScoredFloor } == true)
    }
}
