import CKernels

/// A dense layer's weight matrix `W` (`outputs × inputs`) packed in panels of 16 rows for
/// `ck_f32_gemm` once, when the model is loaded: the F32 products of CPUs without
/// AVX512-BF16. Every output is one fused multiply-add chain in index order, so a row's bits
/// depend on nothing but the row: not on the other rows of its batch, its place among them, the
/// threads or the vector way. OpenBLAS's sgemm, used before, rounds a row differently with the
/// product's shape on its Haswell/Zen kernels (measured on AMD EPYC Zen 3), so a label's
/// embedding depended on the labels encoded with it. Owns one allocation, freed once.
final class F32Weights: @unchecked Sendable {
    let outputs: Int
    let inputs: Int
    private let values: UnsafeMutablePointer<Float>

    /// The vector way: AVX-512F, else AVX2, else plain C (the same bits every way).
    static let way = VectorWay.fastest(hasWide: RefineKernel.isAvailable)

    init(_ w: [Float], outputs: Int, inputs: Int) {
        precondition(w.count == outputs * inputs)
        self.outputs = outputs
        self.inputs = inputs
        values = .allocate(capacity: max(ck_f32_packed_count(outputs, inputs), 1))
        ck_f32_pack(w, outputs, inputs, values)
    }

    deinit { values.deallocate() }

    /// `out = input · Wᵀ` for `rows` rows of `inputs` floats (`out`: `rows × outputs`).
    func multiply(_ input: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, way: VectorWay = way)
    {
        ck_f32_gemm(way.rawValue, input, rows, inputs, values, outputs, out, outputs)
    }
}
