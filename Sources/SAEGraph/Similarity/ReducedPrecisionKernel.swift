import CKernels

/// The only door to the CKernels module: the bfloat16 candidate pass.
///
/// Rows are the F32 normalised rows of ``NormalizedRows`` rounded to bfloat16; products are
/// accumulated in F32 by AVX512-BF16 `vdpbf16ps`, about twice the F32 sgemm rate. The values
/// only propose candidates: ``CosineErrorBound/bf16Epsilon(dimension:sourceResidual:targetResidual:)``
/// bounds their distance to the Double reference from the rounding residuals measured here.
enum ReducedPrecisionKernel {
    /// True when this CPU executes AVX512-BF16.
    static let isAvailable: Bool = ck_has_avx512bf16() != 0

    /// 32-bit words per bfloat16 row of `columns` elements (two elements a word).
    static func pairs(columns: Int) -> Int { (columns + 1) / 2 }

    /// The target rows packed in panels for ``multiply(_:start:count:targets:packed:c:)``,
    /// with `residual ≥ ‖bf16(ŷ) − ŷ‖` over its rows. Owns one allocation, freed once.
    final class PackedTargets: @unchecked Sendable {
        let count: Int
        let columns: Int
        let residual: Double
        let words: UnsafeMutablePointer<UInt32>

        /// - Complexity: O(rows × columns); `2 × rows × columns` bytes (rows rounded up to 48).
        init(_ rows: NormalizedRows) {
            count = rows.count
            columns = rows.columns
            let n = ck_bf16_packed_b_count(count, columns) / 4
            words = .allocate(capacity: max(n, 1))
            let squared = ck_bf16_pack_b(rows.values, count, columns, columns, words)
            precondition(squared >= 0, "out of memory while packing \(count) rows as bfloat16")
            residual = ReducedPrecisionKernel.upperNorm(squared)
        }

        deinit { words.deallocate() }
    }

    /// `R ≥ ‖bf16(x̂) − x̂‖` over all rows of `rows`.
    /// - Complexity: O(rows × columns), no allocation beyond one row.
    static func residual(of rows: NormalizedRows) -> Double {
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: pairs(columns: rows.columns))
        defer { buffer.deallocate() }
        var worst = 0.0
        for r in 0..<rows.count { worst = max(worst, ck_bf16_row(rows.unitRow(r), rows.columns, buffer)) }
        return upperNorm(worst)
    }

    /// `sqrt` of a Double sum of at most 2²³ squares, raised to cover its rounding (relative
    /// error below `2⁻³⁰`).
    private static func upperNorm(_ squared: Double) -> Double { squared.squareRoot() * (1 + 0x1p-20) }

    /// Words of scratch ``multiply(_:start:count:targets:packed:c:)`` needs for `rows` rows.
    static func scratchWords(rows: Int, columns: Int) -> Int { rows * pairs(columns: columns) }

    /// `c = X · Yᵀ` for source rows `start ..< start + count` of `source` (`X`, rounded to
    /// bfloat16 into `packed`) and all rows of `targets` (`Y`); `c` is `count × targets.count`.
    /// - Precondition: ``isAvailable``; `packed` holds ``scratchWords(rows:columns:)`` words.
    /// - Complexity: `2 · count · targets.count · columns` flops at bfloat16 rate.
    static func multiply(
        _ source: NormalizedRows, start: Int, count: Int, targets: PackedTargets,
        packed: UnsafeMutablePointer<UInt32>, c: UnsafeMutablePointer<Float>
    ) {
        let d = source.columns
        let p = pairs(columns: d)
        for r in 0..<count { _ = ck_bf16_row(source.unitRow(start + r), d, packed + r * p) }
        ck_bf16_gemm(packed, count, targets.words, targets.count, p, c, targets.count)
    }
}
