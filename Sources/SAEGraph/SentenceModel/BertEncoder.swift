import CKernels
import Foundation

/// The forward pass of a BERT encoder in F32, for a batch of token sequences: the dense
/// layers' matrix products in bfloat16 with F32 sums (``BFloat16Weights``) on CPUs with
/// AVX512-BF16 unless asked not to, else in F32 (``F32Weights``); every other loop in
/// `CKernels` (`ck_sentence.h`, AVX-512 where the CPU has it).
///
/// Embeddings (word + absolute position + token type 0) and LayerNorm, then per block
/// (post-LN): `a = LN(h + Wo · MHA(h))`, `h' = LN(a + W2 · gelu(W1 · a))`, with erf GELU (erf
/// within 5e-7) and scaled dot-product attention of each sequence over its own tokens. The
/// output is the mean of the last hidden states over each sequence's tokens (special tokens
/// included, as sentence-transformers' mean pooling does with its attention mask), not
/// normalised.
///
/// The sequences' tokens are packed one after another, without padding: dense layers
/// multiply all of them at once, each row independently, and attention runs per sequence, so
/// a sequence's result does not depend on the others in its batch, in bfloat16 or F32.
/// - Complexity: about `2 · tokens · (4H² + 2HI) · layers` flops plus `4 · len² · H` per
///   sequence and layer for attention.
struct BertEncoder: Sendable {
    let config: SentenceModelFolder.Config
    let weights: BertWeights
    /// Per layer, the query-key-value, attention output, intermediate and output weights in
    /// bfloat16 (``BFloat16Weights``); nil multiplies in F32 (``f32``).
    let bfloat16: [[BFloat16Weights]]?
    /// The same weights packed for F32 products (``F32Weights``) when ``bfloat16`` is nil.
    let f32: [[F32Weights]]?

    /// - Parameter bfloat16: multiply the dense layers in bfloat16 (products summed in F32)
    ///   on a CPU with AVX512-BF16, about twice the F32 rate; ignored elsewhere.
    init(config: SentenceModelFolder.Config, weights: BertWeights, bfloat16: Bool = BFloat16Weights.isAvailable) {
        self.config = config
        self.weights = weights
        let (h, i) = (config.hiddenSize, config.intermediateSize)
        let shapes = { (l: BertWeights.Layer) in
            [(l.qkv, 3 * h, h), (l.attentionOut, h, h), (l.intermediate, i, h), (l.output, h, i)]
        }
        if bfloat16 && BFloat16Weights.isAvailable {
            self.bfloat16 = weights.layers.map { shapes($0).map { BFloat16Weights($0, outputs: $1, inputs: $2) } }
            f32 = nil
        } else {
            self.bfloat16 = nil
            f32 = weights.layers.map { shapes($0).map { F32Weights($0, outputs: $1, inputs: $2) } }
        }
    }

    /// The mean-pooled last hidden state of each sequence (`[sequences][H]`).
    /// Each sequence holds between 1 and `maxPositions` valid token ids.
    func pooled(_ sequences: [[Int32]]) -> [[Float]] {
        let h = config.hiddenSize
        let heads = config.headCount
        let inter = config.intermediateSize
        var starts = [0]
        for ids in sequences { starts.append(starts.last! + ids.count) }
        let rows = starts.last!
        guard rows > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        var x = [Float](repeating: 0, count: rows * h)
        var qkv = [Float](repeating: 0, count: rows * 3 * h)
        var context = [Float](repeating: 0, count: rows * h)
        var projected = [Float](repeating: 0, count: rows * h)
        var hidden = [Float](repeating: 0, count: rows * inter)
        var scratch = [Float](repeating: 0, count: sequences.map(\.count).max() ?? 0)
        // The bfloat16 copy of a dense layer's input, reused by every layer.
        let reduced = UnsafeMutablePointer<UInt32>.allocate(
            capacity: bfloat16 == nil ? 1 : rows * BFloat16Weights.pairs(max(h, inter)))
        defer { reduced.deallocate() }
        let scale = 1 / Float(h / heads).squareRoot()
        let eps = Double(config.layerNormEpsilon)
        x.withUnsafeMutableBufferPointer { x in
            let x = x.baseAddress!
            for (s, ids) in sequences.enumerated() {
                ids.withUnsafeBufferPointer { ids in
                    ck_sm_embed(
                        ids.baseAddress, ids.count, weights.word, weights.position, weights.tokenType, h,
                        x + starts[s] * h)
                }
            }
            ck_sm_residual_layernorm(
                x, nil, nil, rows, h, weights.embeddingNorm.gamma, weights.embeddingNorm.beta, eps)
            for (l, layer) in weights.layers.enumerated() {
                qkv.withUnsafeMutableBufferPointer { qkv in
                    let qkv = qkv.baseAddress!
                    dense(x, rows: rows, layer: l, 0, scratch: reduced, into: qkv)
                    ck_sm_add_bias(qkv, layer.qkvBias, rows, 3 * h)
                    context.withUnsafeMutableBufferPointer { context in
                        for s in sequences.indices {
                            ck_sm_attention(
                                qkv + starts[s] * 3 * h, starts[s + 1] - starts[s], h, heads, scale, &scratch,
                                context.baseAddress! + starts[s] * h)
                        }
                    }
                }
                projected.withUnsafeMutableBufferPointer { projected in
                    let projected = projected.baseAddress!
                    context.withUnsafeBufferPointer {
                        dense($0.baseAddress!, rows: rows, layer: l, 1, scratch: reduced, into: projected)
                    }
                    ck_sm_residual_layernorm(
                        x, projected, layer.attentionOutBias, rows, h, layer.attentionNorm.gamma,
                        layer.attentionNorm.beta, eps)
                    hidden.withUnsafeMutableBufferPointer { hidden in
                        let hidden = hidden.baseAddress!
                        dense(x, rows: rows, layer: l, 2, scratch: reduced, into: hidden)
                        ck_sm_bias_gelu(hidden, layer.intermediateBias, rows, inter)
                        dense(hidden, rows: rows, layer: l, 3, scratch: reduced, into: projected)
                    }
                    ck_sm_residual_layernorm(
                        x, projected, layer.outputBias, rows, h, layer.outputNorm.gamma, layer.outputNorm.beta, eps)
                }
            }
        }
        return sequences.indices.map { s in
            [Float](unsafeUninitializedCapacity: h) { out, count in
                x.withUnsafeBufferPointer {
                    ck_sm_mean_rows($0.baseAddress! + starts[s] * h, starts[s + 1] - starts[s], h, out.baseAddress!)
                }
                count = h
            }
        }
    }

    /// erf as the GELU of ``pooled(_:)`` computes it (within 5e-7 of the exact value).
    static func erf(_ x: Float) -> Float { ck_sm_erf(x) }

    /// `out = input · Wᵀ` for `rows` rows with dense weight `k` of layer `l` (query-key-value,
    /// attention output, intermediate, output; the bias is added by the loop that follows), in
    /// bfloat16 when the model has it (the input rounded into `scratch`), else in F32.
    private func dense(
        _ input: UnsafePointer<Float>, rows: Int, layer l: Int, _ k: Int, scratch: UnsafeMutablePointer<UInt32>,
        into out: UnsafeMutablePointer<Float>
    ) {
        if let bfloat16 {
            bfloat16[l][k].multiply(input, rows: rows, scratch: scratch, into: out)
        } else if let f32 {
            f32[l][k].multiply(input, rows: rows, into: out)
        }
    }
}
