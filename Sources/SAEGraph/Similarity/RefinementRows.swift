/// The target rows of a refining pass (int8 or bfloat16 candidates, ``PairScan/refines``) in
/// 16 bits, for the F32 refinement of its near-ties and column offers: each unit row `ŷ` kept
/// as integers `q ∈ [−32767, 32767]` with one F32 scale `s = max|ŷₖ| / 32767`, so that
/// `ỹ = s·q` is within `S` of `ŷ` (about `3·10⁻⁵` for rows of 768, against about `7·10⁻³` for the int8
/// pass). A refined key reads half the bytes of the F32 row it stands for.
///
/// Why: the refinement reads scattered target rows that are rarely in cache, and waits on
/// memory. Measured on the default rule (4 × 24,576 × 768, AMD EPYC Zen 4): its F32 dot
/// products took a fifth of the CPU time; a microbenchmark of the same reads took 226 ns a
/// dot in F32 and 130 ns from 16 bits. The keys stay within ``epsilon`` of the Double
/// reference (``CosineErrorBound/int16Epsilon(dimension:targetResidual:)``), under twice the
/// F32 bound, so the Double checks that follow are about as few.
///
/// Memory: `2 × rows × columns` bytes and a scale per row. Reference type: owns two
/// allocations, freed once.
final class RefinementRows: @unchecked Sendable {
    let count: Int
    let columns: Int
    /// `S ≥ ‖s·q − ŷ‖` over every row, measured while quantising (rounded up).
    let residual: Double
    /// How far a refined key can be from the Double reference.
    let epsilon: Double
    private let values: UnsafeMutablePointer<Int16>
    private let scales: UnsafeMutablePointer<Float>

    /// Quantises every row of `rows`, split over `threads`.
    /// - Complexity: O(rows × columns).
    init(_ rows: NormalizedRows, threads: Int) {
        let n = rows.count
        let d = rows.columns
        count = n
        columns = d
        let values = UnsafeMutablePointer<Int16>.allocate(capacity: max(n * d, 1))
        let scales = UnsafeMutablePointer<Float>.allocate(capacity: max(n, 1))
        self.values = values
        self.scales = scales
        let residual = Int8Kernel.chunked(n, threads: threads) { range in
            var largest = 0.0
            for r in range {
                let squared = RefineKernel.quantiseShort(
                    rows.unitRow(r), count: d, into: values + r * d, scale: scales + r)
                largest = max(largest, ReducedPrecisionKernel.upperNorm(squared))
            }
            return largest
        }
        self.residual = residual
        epsilon = CosineErrorBound.int16Epsilon(dimension: max(d, 1), targetResidual: residual)
    }

    deinit {
        values.deallocate()
        scales.deallocate()
    }

    /// The refined keys of unit row `x` (of the source) with each row `rows[n]` into `out[n]`.
    func dots(_ x: UnsafePointer<Float>, rows: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>) {
        RefineKernel.shortDots(
            x, xRows: nil, values, scales: scales, columns: columns, yRows: rows, into: out)
    }

    /// The refined keys of row `xRows[n]` of the unit rows `x` (the source's, stride
    /// `columns`) with row `rows[n]` here, into `out[n]`.
    func pairDots(
        _ x: UnsafePointer<Float>, xRows: UnsafeBufferPointer<Int>, rows: UnsafeBufferPointer<Int>,
        into out: UnsafeMutablePointer<Float>, way: VectorWay = RefineKernel.shortWay
    ) {
        RefineKernel.shortDots(
            x, xRows: xRows, values, scales: scales, columns: columns, yRows: rows, into: out, way: way)
    }
}

extension CosineErrorBound {
    /// `ε` of a key refined from 16-bit target rows (``RefinementRows``) for rows of length
    /// `dimension`.
    ///
    /// ## Derivation
    /// Notation as in ``bf16Epsilon(dimension:sourceResidual:targetResidual:)``: `x̂`, `ŷ` the F32
    /// normalised rows, `|x̂·ŷ − c| ≤ 2v + v² + d·2⁻¹⁴⁹` (step 1 of the F32 bound). The target
    /// row is kept as `ỹ = s·q` (integers `|qₖ| ≤ 32767`, one F32 scale `s`) with
    /// `‖ỹ − ŷ‖ ≤ S`, measured while quantising; the source row stays `x̂`.
    ///
    /// 1. Quantisation. `|x̂·ỹ − x̂·ŷ| = |x̂·(ỹ − ŷ)| ≤ ‖x̂‖S ≤ (1 + v)S`.
    /// 2. The sum. Each `qₖ` widens to F32 exactly (16 bits); `F = fl(Σ x̂ₖqₖ)` in any order,
    ///    with or without FMA, has `|F − Σ x̂ₖqₖ| ≤ γ_d·Σ|x̂ₖqₖ|`, plus at most `2⁻¹²⁶` per
    ///    operation for underflow. Scaled by `s ≤ 1`:
    ///    `|s·F − x̂·ỹ| ≤ γ_d·Σ|x̂ₖ||ỹₖ| + 2d·2⁻¹²⁶ ≤ γ_d(1 + v)(1 + v + S) + 2d·2⁻¹²⁶`.
    /// 3. The scale. `fl(s·F) = s·F(1 + δ)`, `|δ| ≤ u`, and `|s·F| ≤ (1 + γ_d)(1 + v)(1 + v + S)`
    ///    (plus the underflow term), so this rounding adds `u(1 + γ_d)(1 + v)(1 + v + S) + 2⁻¹⁴⁹`.
    /// 4. The Double reference, as in step 3 of the F32 bound: `(2d + 8)·2⁻⁵³`.
    ///
    /// So `ε = (1 + v)S + (γ_d + u(1 + γ_d))(1 + v)(1 + v + S) + 2v + v² + 2d·2⁻¹²⁶ +
    /// (2d + 8)·2⁻⁵³ + (d + 1)·2⁻¹⁴⁹`. For `d = 768` and `S = 3·10⁻⁵`, `ε ≈ 7.6·10⁻⁵`, against
    /// `4.6·10⁻⁵` for two F32 rows.
    /// - Precondition: `dimension ≥ 1` and `dimension · 2⁻²⁴ < 1/2`.
    static func int16Epsilon(dimension: Int, targetResidual s: Double) -> Double {
        precondition(dimension >= 1 && Double(dimension) * 0x1p-24 < 0.5, "dimension out of range")
        let d = Double(dimension)
        let u = 0x1p-24
        let v = normalisationError(dimension: dimension)
        let gamma = d * u / (1 - d * u)
        return (1 + v) * s + (gamma + u * (1 + gamma)) * (1 + v) * (1 + v + s) + 2 * v + v * v + 2 * d * 0x1p-126
            + (2 * d + 8) * 0x1p-53 + (d + 1) * 0x1p-149
    }
}
