import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The forward pass against a plain Double-precision reference on a small random BERT, and
/// its independence of batch composition.
@Suite struct BertEncoderTests {
    static let config = SentenceModelFolder.Config(
        vocabularySize: 20, hiddenSize: 40, layerCount: 2, headCount: 4, intermediateSize: 72, maxPositions: 12,
        typeVocabularySize: 2, layerNormEpsilon: 1e-12)

    static func randomEncoder(seed: UInt64, bfloat16: Bool = false) -> BertEncoder {
        var rng = SplitMix64(seed: seed)
        let c = config
        let (h, i) = (c.hiddenSize, c.intermediateSize)
        func values(_ n: Int, _ scale: Float = 0.3) -> [Float] {
            (0..<n).map { _ in Float.random(in: -scale...scale, using: &rng) }
        }
        func norm() -> (gamma: [Float], beta: [Float]) { (values(h).map { 1 + $0 }, values(h, 0.1)) }
        let layers = (0..<c.layerCount).map { _ in
            BertWeights.Layer(
                qkv: values(3 * h * h), qkvBias: values(3 * h, 0.1), attentionOut: values(h * h),
                attentionOutBias: values(h, 0.1), attentionNorm: norm(), intermediate: values(i * h),
                intermediateBias: values(i, 0.1), output: values(h * i, 0.2), outputBias: values(h, 0.1),
                outputNorm: norm())
        }
        let weights = BertWeights(
            word: values(c.vocabularySize * h, 1), position: values(c.maxPositions * h, 0.5),
            tokenType: values(c.typeVocabularySize * h, 0.2), embeddingNorm: norm(), layers: layers)
        return BertEncoder(config: c, weights: weights, bfloat16: bfloat16)
    }

    /// The textbook forward pass in Double: one sequence at a time, libm erf and exp.
    static func reference(_ model: BertEncoder, _ ids: [Int32]) -> [Double] {
        let (c, w) = (model.config, model.weights)
        let (h, inter, n) = (c.hiddenSize, c.intermediateSize, ids.count)
        let dh = h / c.headCount
        func layerNorm(_ x: [[Double]], _ norm: (gamma: [Float], beta: [Float])) -> [[Double]] {
            x.map { row in
                let mean = row.reduce(0, +) / Double(h)
                let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(h)
                let inv = 1 / (variance + Double(c.layerNormEpsilon)).squareRoot()
                return (0..<h).map { (row[$0] - mean) * inv * Double(norm.gamma[$0]) + Double(norm.beta[$0]) }
            }
        }
        func dense(_ x: [[Double]], _ m: [Float], _ bias: [Float], _ outputs: Int) -> [[Double]] {
            x.map { row in
                (0..<outputs).map { o in
                    (0..<row.count).reduce(Double(bias[o])) { $0 + row[$1] * Double(m[o * row.count + $1]) }
                }
            }
        }
        var x = (0..<n).map { t in
            (0..<h).map {
                Double(w.word[Int(ids[t]) * h + $0]) + Double(w.position[t * h + $0]) + Double(w.tokenType[$0])
            }
        }
        x = layerNorm(x, w.embeddingNorm)
        for layer in w.layers {
            let qkv = dense(x, layer.qkv, layer.qkvBias, 3 * h)
            var context = [[Double]](repeating: [Double](repeating: 0, count: h), count: n)
            for head in 0..<c.headCount {
                for i in 0..<n {
                    let scores = (0..<n).map { j in
                        (0..<dh).reduce(0.0) { $0 + qkv[i][head * dh + $1] * qkv[j][h + head * dh + $1] }
                            / Double(dh).squareRoot()
                    }
                    let top = scores.max()!
                    let e = scores.map { Foundation.exp($0 - top) }
                    let sum = e.reduce(0, +)
                    for d in 0..<dh {
                        context[i][head * dh + d] = (0..<n).reduce(0.0) {
                            $0 + e[$1] / sum * qkv[$1][2 * h + head * dh + d]
                        }
                    }
                }
            }
            let attended = dense(context, layer.attentionOut, layer.attentionOutBias, h)
            x = layerNorm(zip(x, attended).map { zip($0, $1).map(+) }, layer.attentionNorm)
            let hidden = dense(x, layer.intermediate, layer.intermediateBias, inter).map {
                $0.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
            }
            let out = dense(hidden, layer.output, layer.outputBias, h)
            x = layerNorm(zip(x, out).map { zip($0, $1).map(+) }, layer.outputNorm)
        }
        return (0..<h).map { j in x.reduce(0.0) { $0 + $1[j] } / Double(n) }
    }

    @Test(arguments: [1, 2] as [UInt64])
    func matchesTheDoubleReference(seed: UInt64) throws {
        let model = Self.randomEncoder(seed: seed)
        #expect(model.bfloat16 == nil)
        var rng = SplitMix64(seed: seed + 100)
        let sequences: [[Int32]] = [1, 2, 5, 12, 7].map { n in
            (0..<n).map { _ in Int32.random(in: 0..<20, using: &rng) }
        }
        let pooled = model.pooled(sequences)
        #expect(pooled.count == sequences.count)
        for (ids, v) in zip(sequences, pooled) {
            let r = Self.reference(model, ids)
            let worst = zip(v, r).map { abs(Double($0) - $1) }.max()!
            #expect(worst < 2e-5, "\(ids.count) tokens: largest difference \(worst)")
        }
        // bfloat16 products: close in direction (the real model's check is against
        // sentence-transformers, in SentenceModelTests).
        guard BFloat16Weights.isAvailable else { return }
        let reduced = Self.randomEncoder(seed: seed, bfloat16: true)
        #expect(reduced.bfloat16 != nil)
        for (ids, v) in zip(sequences, reduced.pooled(sequences)) {
            let r = Self.reference(model, ids)
            let dot = zip(v, r).reduce(0.0) { $0 + Double($1.0) * $1.1 }
            let cosine =
                dot / (v.reduce(0.0) { $0 + Double($1) * Double($1) } * r.reduce(0) { $0 + $1 * $1 }).squareRoot()
            #expect(cosine > 0.999, "\(ids.count) tokens: cosine \(cosine)")
        }
    }

    @Test(arguments: [false, true])
    func aSequenceGivesTheSameBitsInAnyBatch(bfloat16: Bool) {
        let model = Self.randomEncoder(seed: 3, bfloat16: bfloat16)
        let sequences: [[Int32]] = [[1, 4, 2], [3], [5, 6, 7, 8, 9, 10, 11], [1, 4, 2]]
        let together = model.pooled(sequences)
        // Both the bfloat16 and the F32 kernels compute each row alone.
        #expect(model.bfloat16 != nil || model.f32 != nil)
        for (ids, v) in zip(sequences, together) { #expect(model.pooled([ids])[0] == v) }
        #expect(model.pooled(sequences.reversed()) == together.reversed())
        #expect(together[0] == together[3])
    }

    @Test func erfIsWithinHalfAMillionth() {
        var worst = 0.0
        for k in -60_000...60_000 {
            let x = Float(k) / 10_000
            worst = max(worst, abs(Double(BertEncoder.erf(x)) - Foundation.erf(Double(x))))
        }
        #expect(worst < 5e-7)
        #expect(
            BertEncoder.erf(0) == 0 && abs(BertEncoder.erf(10) - 1) < 1e-6
                && BertEncoder.erf(-10) == -BertEncoder.erf(10))
    }
}
