import Foundation

/// The forward pass of a BERT encoder in F32 on OpenBLAS, for a batch of token sequences.
///
/// Embeddings (word + absolute position + token type 0) and LayerNorm, then per block
/// (post-LN): `a = LN(h + Wo · MHA(h))`, `h' = LN(a + W2 · gelu(W1 · a))`, with exact-erf GELU
/// and scaled dot-product attention over the sequence's own tokens only (the padding mask:
/// a padded row attends to nothing and no row attends to padding). The output is the mean of
/// the last hidden states over each sequence's tokens (special tokens included, as
/// sentence-transformers' mean pooling does with its attention mask), not normalised.
///
/// Dense layers work on every row of the padded batch, each row independently; attention is
/// computed per sequence and head on its real tokens.
/// - Complexity: about `2 · tokens · (4H² + 2HI) · layers` flops plus `4 · len² · H` per
///   sequence and layer for attention.
struct BertEncoder: Sendable {
    let config: SentenceModelFolder.Config
    let weights: BertWeights

    /// The mean-pooled last hidden state of each sequence (`[sequences][H]`).
    /// Each sequence holds between 1 and `maxPositions` valid token ids.
    func pooled(_ sequences: [[Int32]]) -> [[Float]] {
        let h = config.hiddenSize
        let heads = config.headCount
        let dh = h / heads
        let inter = config.intermediateSize
        let length = sequences.map(\.count).max() ?? 0
        let rows = sequences.count * length
        guard rows > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        var x = [Float](repeating: 0, count: rows * h)
        for (s, ids) in sequences.enumerated() {
            for (t, id) in ids.enumerated() {
                let row = (s * length + t) * h
                let w = Int(id) * h
                for j in 0..<h { x[row + j] = weights.word[w + j] + weights.position[t * h + j] + weights.tokenType[j] }
            }
        }
        layerNorm(&x, rows: rows, weights.embeddingNorm)
        var qkv = [Float](repeating: 0, count: rows * 3 * h)
        var context = [Float](repeating: 0, count: rows * h)
        var projected = [Float](repeating: 0, count: rows * h)
        var hidden = [Float](repeating: 0, count: rows * inter)
        var scores = [Float](repeating: 0, count: length * length)
        let scale = 1 / Float(dh).squareRoot()
        for layer in weights.layers {
            dense(x, rows: rows, inputs: h, layer.qkv, layer.qkvBias, outputs: 3 * h, into: &qkv)
            qkv.withUnsafeBufferPointer { q in
                scores.withUnsafeMutableBufferPointer { p in
                    context.withUnsafeMutableBufferPointer { out in
                        for (s, ids) in sequences.enumerated() {
                            let n = ids.count
                            let base = s * length
                            for head in 0..<heads {
                                let query = q.baseAddress! + base * 3 * h + head * dh
                                BLAS.multiply(
                                    m: n, n: n, k: dh, alpha: scale, a: query, lda: 3 * h, b: query + h, ldb: 3 * h,
                                    transposeB: true, c: p.baseAddress!, ldc: n)
                                for r in 0..<n { softmax(p.baseAddress! + r * n, count: n) }
                                BLAS.multiply(
                                    m: n, n: dh, k: n, a: p.baseAddress!, lda: n, b: query + 2 * h, ldb: 3 * h,
                                    c: out.baseAddress! + base * h + head * dh, ldc: h)
                            }
                        }
                    }
                }
            }
            dense(
                context, rows: rows, inputs: h, layer.attentionOut, layer.attentionOutBias, outputs: h, into: &projected
            )
            addAndNormalize(&x, projected, rows: rows, layer.attentionNorm)
            dense(x, rows: rows, inputs: h, layer.intermediate, layer.intermediateBias, outputs: inter, into: &hidden)
            for k in hidden.indices { hidden[k] = 0.5 * hidden[k] * (1 + erf(hidden[k] * Float(0.5).squareRoot())) }
            dense(hidden, rows: rows, inputs: inter, layer.output, layer.outputBias, outputs: h, into: &projected)
            addAndNormalize(&x, projected, rows: rows, layer.outputNorm)
        }
        return sequences.enumerated().map { s, ids in
            var sum = [Double](repeating: 0, count: h)
            for t in 0..<ids.count {
                let row = (s * length + t) * h
                for j in 0..<h { sum[j] += Double(x[row + j]) }
            }
            return sum.map { Float($0 / Double(ids.count)) }
        }
    }

    /// `out = input · Wᵀ + bias` for `rows` rows.
    private func dense(
        _ input: [Float], rows: Int, inputs: Int, _ w: [Float], _ bias: [Float], outputs: Int, into out: inout [Float]
    ) {
        input.withUnsafeBufferPointer { a in
            w.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { c in
                    BLAS.multiplyTransposed(
                        m: rows, n: outputs, k: inputs, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!)
                    for r in 0..<rows {
                        for j in 0..<outputs { c[r * outputs + j] += bias[j] }
                    }
                }
            }
        }
    }

    private func addAndNormalize(_ x: inout [Float], _ y: [Float], rows: Int, _ norm: (gamma: [Float], beta: [Float])) {
        for k in x.indices { x[k] += y[k] }
        layerNorm(&x, rows: rows, norm)
    }

    /// LayerNorm of each row: `(x - mean) / sqrt(var + eps) · gamma + beta`, the moments
    /// summed in Double.
    private func layerNorm(_ x: inout [Float], rows: Int, _ norm: (gamma: [Float], beta: [Float])) {
        let h = config.hiddenSize
        let eps = Double(config.layerNormEpsilon)
        for r in 0..<rows {
            let base = r * h
            var mean = 0.0
            for j in 0..<h { mean += Double(x[base + j]) }
            mean /= Double(h)
            var variance = 0.0
            for j in 0..<h {
                let d = Double(x[base + j]) - mean
                variance += d * d
            }
            let inv = 1 / (variance / Double(h) + eps).squareRoot()
            for j in 0..<h {
                x[base + j] = Float((Double(x[base + j]) - mean) * inv) * norm.gamma[j] + norm.beta[j]
            }
        }
    }

    /// Softmax of `count` values in place (the maximum subtracted first).
    private func softmax(_ p: UnsafeMutablePointer<Float>, count: Int) {
        var top = -Float.infinity
        for i in 0..<count { top = max(top, p[i]) }
        var sum: Float = 0
        for i in 0..<count {
            p[i] = exp(p[i] - top)
            sum += p[i]
        }
        for i in 0..<count { p[i] /= sum }
    }
}
