import CKernels

/// A dense layer's weight matrix `W` (`outputs × inputs`) rounded to bfloat16 and packed in
/// panels for `ck_bf16_gemm` once, when the model is loaded. Owns one allocation, freed once.
final class BFloat16Weights: @unchecked Sendable {
    let outputs: Int
    let inputs: Int
    private let words: UnsafeMutablePointer<UInt32>

    /// True when this CPU executes AVX512-BF16 (`vdpbf16ps`).
    static let isAvailable: Bool = ck_has_avx512bf16() != 0

    /// 32-bit words of a bfloat16 row of `count` elements (two a word).
    static func pairs(_ count: Int) -> Int { (count + 1) / 2 }

    init(_ w: [Float], outputs: Int, inputs: Int) {
        precondition(w.count == outputs * inputs)
        self.outputs = outputs
        self.inputs = inputs
        words = .allocate(capacity: max(ck_bf16_packed_b_count(outputs, inputs) / 4, 1))
        let packed = ck_bf16_pack_b(w, outputs, inputs, inputs, words)
        precondition(packed >= 0, "out of memory while packing a \(outputs) × \(inputs) weight as bfloat16")
    }

    deinit { words.deallocate() }

    /// `out = input · Wᵀ` for `rows` rows of `inputs` floats, the input rounded to bfloat16 in
    /// `scratch` (``pairs(_:)`` of `inputs` words per row) and products summed in F32 by
    /// `vdpbf16ps`, each output alone in a fixed order (no row depends on another).
    /// - Precondition: ``isAvailable``.
    func multiply(
        _ input: UnsafePointer<Float>, rows: Int, scratch: UnsafeMutablePointer<UInt32>,
        into out: UnsafeMutablePointer<Float>
    ) {
        let pairs = Self.pairs(inputs)
        for r in 0..<rows { _ = ck_bf16_row(input + r * inputs, inputs, scratch + r * pairs) }
        ck_bf16_gemm(scratch, rows, words, outputs, pairs, out, outputs)
    }
}
