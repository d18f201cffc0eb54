/// How far the F32 candidate pass can be from the exact cosine, and the margins the scan
/// uses so that no true edge or best match is ever missed.
///
/// ## Derivation
/// Let `u = 2⁻²⁴` (F32 unit roundoff), `d` the row length, `x = a/‖a‖`, `y = b/‖b‖` the exact
/// unit vectors and `c = x·y` the exact cosine.
///
/// 1. Normalisation. `‖a‖` is computed in Double (sum of squares in index order, then `sqrt`):
///    relative error at most `(d/2 + 2)·2⁻⁵³`; the Double quotient `aₖ/‖a‖` adds `2⁻⁵³`; rounding
///    to F32 adds `u` (normal range) or an absolute `2⁻¹⁵⁰` (subnormal). So
///    `x̂ₖ = xₖ(1 + δₖ) + ηₖ` with `|δₖ| ≤ v = u + (d + 6)·2⁻⁵³` and `|ηₖ| ≤ 2⁻¹⁵⁰`.
///    Hence `|x̂·ŷ − c| ≤ (2v + v²)·Σ|xₖyₖ| + tiny ≤ 2v + v² + tiny` (Cauchy–Schwarz on unit vectors).
/// 2. The F32 dot product. Any summation order, with or without FMA (as in sgemm), gives
///    `|fl(x̂·ŷ) − x̂·ŷ| ≤ γ_d·Σ|x̂ₖ||ŷₖ|` with `γ_d = d·u / (1 − d·u)` (Higham, Accuracy and
///    Stability, §3.1), and `Σ|x̂ₖ||ŷₖ| ≤ ‖x̂‖‖ŷ‖ ≤ (1 + v)²`. Underflow (gradual or flushed) adds
///    at most `2⁻¹²⁶` per operation: `2d·2⁻¹²⁶`.
/// 3. The reference itself is a Double computation (``ExactCosine``): it differs from `c` by at
///    most `(2d + 8)·2⁻⁵³`, counted once more so the bound holds against the reference value.
///
/// So `|f − ĉ| ≤ ε = γ_d(1 + v)² + 2v + v² + 2d·2⁻¹²⁶ + (2d + 8)·2⁻⁵³` where `f` is the sgemm value
/// and `ĉ` the Double reference. For `d = 768`, `ε ≈ 4.6·10⁻⁵`.
///
/// The scan compares in F32, whose own subtraction rounds by at most `2⁻²³` for values of
/// magnitude up to 2; each margin below adds `2⁻²⁰` to absorb that.
struct CosineErrorBound: Sendable, Equatable {
    /// `ε` above, in Double.
    let epsilon: Double
    /// A candidate edge needs `f ≥ candidateFloor` (or `|f|` with `absolute`).
    let candidateFloor: Float
    /// A best-match candidate needs `f ≥ runningMax − tieMargin` (covers `2ε`).
    let tieMargin: Float

    /// The bound of the F32 sgemm pass (derivation above).
    /// - Precondition: `dimension ≥ 1` and `dimension · 2⁻²⁴ < 1/2`.
    init(dimension: Int, threshold: Float) {
        self.init(epsilon: Self.fp32Epsilon(dimension: dimension), threshold: threshold)
    }

    /// Margins for a candidate pass whose values lie within `epsilon` of the Double reference.
    init(epsilon: Double, threshold: Float) {
        self.epsilon = epsilon
        let floor = Double(threshold) - epsilon - 0x1p-20
        // Round down so the F32 floor never exceeds the Double one.
        var f = Float(floor)
        if Double(f) > floor { f = f.nextDown }
        candidateFloor = f
        var margin = Float(2 * epsilon + 0x1p-20)
        if Double(margin) < 2 * epsilon + 0x1p-20 { margin = margin.nextUp }
        tieMargin = margin
    }

    /// `ε` of the F32 pass for rows of length `dimension`, `v` of step 1 included.
    static func fp32Epsilon(dimension: Int) -> Double {
        precondition(dimension >= 1 && Double(dimension) * 0x1p-24 < 0.5, "dimension out of range")
        let d = Double(dimension)
        let u = 0x1p-24
        let v = normalisationError(dimension: dimension)
        let gamma = d * u / (1 - d * u)
        return gamma * (1 + v) * (1 + v) + 2 * v + v * v + 2 * d * 0x1p-126 + (2 * d + 8) * 0x1p-53
    }

    /// `v` of step 1: relative error of each F32 normalised element.
    static func normalisationError(dimension: Int) -> Double {
        0x1p-24 + (Double(dimension) + 6) * 0x1p-53
    }

    /// `ε` of the bfloat16 pass (``ReducedPrecisionKernel``) for rows of length `dimension`.
    ///
    /// ## Derivation
    /// Keep the notation above: `x̂`, `ŷ` the F32 normalised rows, `|x̂·ŷ − c| ≤ 2v + v² + tiny`
    /// (step 1). The kernel reads `x̃ = bf16(x̂)` (round to nearest even, results below 2⁻¹²⁶
    /// set to zero) and `ỹ = bf16(ŷ)`. Let `r = x̃ − x̂`, `s = ỹ − ŷ` (each element exact in F32)
    /// and `R ≥ ‖r‖`, `S ≥ ‖s‖` bounds over all rows of the source and the target, measured
    /// while packing. bfloat16 keeps 8 significant bits, so `|rₖ| ≤ 2⁻⁸|x̂ₖ| + 2⁻¹²⁶` and
    /// `R ≤ 2⁻⁸(1 + v) + √d·2⁻¹²⁶` whatever the data; real rows give about half of that.
    ///
    /// 1. Rounding to bfloat16. `x̃·ỹ − x̂·ŷ = r·ŷ + x̃·s`, so by Cauchy–Schwarz
    ///    `|x̃·ỹ − x̂·ŷ| ≤ R‖ŷ‖ + ‖x̃‖S ≤ R(1 + v) + (1 + v + R)S`.
    /// 2. The product. Each product of two bfloat16 values is exact in F32 (16 ≤ 24 bits)
    ///    unless it underflows; `vdpbf16ps` adds the products into F32 lanes, rounding each
    ///    addition, flushing subnormal results. `d` products summed in any order:
    ///    `γ_d·Σ|x̃ₖỹₖ| ≤ γ_d(1 + v + R)(1 + v + S)`, plus at most `2⁻¹²⁶` per product and per
    ///    addition for flushing: `2d·2⁻¹²⁶`.
    /// 3. The Double reference, as in step 3 above: `(2d + 8)·2⁻⁵³`.
    ///
    /// So `ε = R(1 + v) + (1 + v + R)S + γ_d(1 + v + R)(1 + v + S) + 2v + v² + 2d·2⁻¹²⁶ +
    /// (2d + 8)·2⁻⁵³ + 2⁻¹⁴⁹·d` (the last term the subnormal part of step 1). For `d = 768`
    /// and the worst `R = S`, `ε ≈ 7.9·10⁻³`; for typical rows `R ≈ S ≈ 1.6·10⁻³`, `ε ≈ 3.3·10⁻³`.
    /// - Parameters:
    ///   - sourceResidual: `R`, an upper bound of `‖bf16(x̂) − x̂‖` over the source rows.
    ///   - targetResidual: `S`, the same over the target rows.
    /// - Precondition: `dimension ≥ 1` and `dimension · 2⁻²⁴ < 1/2`.
    static func bf16Epsilon(dimension: Int, sourceResidual r: Double, targetResidual s: Double) -> Double {
        precondition(dimension >= 1 && Double(dimension) * 0x1p-24 < 0.5, "dimension out of range")
        let d = Double(dimension)
        let u = 0x1p-24
        let v = normalisationError(dimension: dimension)
        let gamma = d * u / (1 - d * u)
        return r * (1 + v) + (1 + v + r) * s + gamma * (1 + v + r) * (1 + v + s) + 2 * v + v * v
            + 2 * d * 0x1p-126 + (2 * d + 8) * 0x1p-53 + d * 0x1p-149
    }
}

extension CosineErrorBound {
    /// `ε` of the int8 pass (``Int8Kernel``) for rows of length `dimension`.
    ///
    /// ## Derivation
    /// Notation as in ``bf16Epsilon(dimension:sourceResidual:targetResidual:)``: `x̂`, `ŷ` the F32
    /// normalised rows, `|x̂·ŷ − c| ≤ 2v + v² + d·2⁻¹⁴⁹` (step 1 of the F32 bound). The kernel
    /// quantises each row with its own F32 scale: `x̃ = s_a·q_a`, `ỹ = s_b·q_b` with integer
    /// `q ∈ [−L, L]`, `L = 127` (`L = 63` for the source rows of the AVX2 way). Let `r = x̃ − x̂`, `s = ỹ − ŷ`, and `R ≥ ‖r‖`, `S ≥ ‖s‖` bounds over all
    /// rows of the source and the target, measured while quantising: each `s·qₖ` is exact in
    /// Double (24 + 7 bits), each difference and square rounds once and the sum of `d` squares
    /// has relative error below `(d + 3)·2⁻⁵³ < 2⁻²⁹` (`d < 2²³`), which the `1 + 2⁻²⁰` factor
    /// applied to the square root covers. With `s = max|x̂ₖ|/L`, `|rₖ| ≤ s/2`, so `R ≤ √d·s/2`
    /// whatever the data; normalised rows with `d = 768` give about `7·10⁻³` (`1.4·10⁻²` with
    /// 63 levels).
    ///
    /// 1. Quantisation. `x̃·ỹ − x̂·ŷ = r·ŷ + x̃·s`, so by Cauchy–Schwarz
    ///    `|x̃·ỹ − x̂·ŷ| ≤ R‖ŷ‖ + ‖x̃‖S ≤ R(1 + v) + (1 + v + R)S`.
    /// 2. The product. `D = Σ q_a q_b` is exact: `vpdpbusd` sums `(q_a + 128)·q_b` into int32
    ///    lanes without saturation, every partial sum is below `d·255·127 < 2³¹` for
    ///    `d ≤ 65,536`, and subtracting the exact `128·Σ q_b` leaves `D`. The AVX2 way sums
    ///    `(q_a + 64)·q_b` with `q_a + 64 ≤ 127`: `vpmaddubsw`'s int16 pair sums stay within
    ///    `2·127·127 < 2¹⁵` (no saturation), `vpmaddwd` widens them exactly, the int32 partial
    ///    sums stay below `d·127·127`, and subtracting `64·Σ q_b` leaves `D`. Then `x̃·ỹ = s_a s_b D`
    ///    exactly, and the stored value `fl(fl(float(D)·s_b)·s_a)` rounds three times in F32
    ///    (conversion, two products; no underflow: a non-zero `|D| ≥ 1`, and each scale is
    ///    `max|x̂ₖ|/L ≥ (1 − v)/(127·√d) > 2⁻¹⁶` for `d ≤ 65,536`): relative error at most `γ₃ = 3u/(1 − 3u)`, and
    ///    `|x̃·ỹ| ≤ ‖x̃‖‖ỹ‖ ≤ (1 + v + R)(1 + v + S)`.
    /// 3. The Double reference: `(2d + 8)·2⁻⁵³`, as before.
    ///
    /// So `ε = R(1 + v) + (1 + v + R)S + γ₃(1 + v + R)(1 + v + S) + 2v + v² + (2d + 8)·2⁻⁵³ +
    /// d·2⁻¹⁴⁹`. For `d = 768` and typical rows (`R ≈ S ≈ 7·10⁻³`), `ε ≈ 1.4·10⁻²`: wider than
    /// bfloat16's, so more candidates are re-checked in Double; the measured choice of
    /// ``SimilarityPrecision/auto`` includes that cost.
    /// - Precondition: `1 ≤ dimension ≤ Int8Kernel.maximumColumns`.
    static func int8Epsilon(dimension: Int, sourceResidual r: Double, targetResidual s: Double) -> Double {
        precondition(dimension >= 1 && dimension <= Int8Kernel.maximumColumns, "dimension out of range")
        let d = Double(dimension)
        let u = 0x1p-24
        let v = normalisationError(dimension: dimension)
        let gamma3 = 3 * u / (1 - 3 * u)
        return r * (1 + v) + (1 + v + r) * s + gamma3 * (1 + v + r) * (1 + v + s) + 2 * v + v * v
            + (2 * d + 8) * 0x1p-53 + d * 0x1p-149
    }
}

/// The reference cosine every edge and best match is decided by.
///
/// `cos(a, b) = dot / (‖a‖·‖b‖)` in Double, where `dot = Σₖ aₖbₖ` and `‖a‖ = sqrt(Σₖ aₖ²)` are
/// summed from the original F32 values (each product is exact in Double) in one fixed order:
/// four 8-lane Double accumulators over blocks of 32 elements, combined as `(s₀ + s₁) + (s₂ + s₃)`,
/// their lanes added in a fixed tree, then the tail in index order. The order never depends on
/// threads or the candidate kernel, so the result is reproducible; it is the same for `(a, b)` and
/// `(b, a)`, and its rounding error is below that of index-order summation, which
/// ``CosineErrorBound`` assumes. Index-order summation is one chain of `d` dependent Double
/// adds; the coarse candidate passes re-check many near-ties, and the blocked sum took an int8
/// build of one 2 × 24,576 × 768 pair from 15.9 to 14.1 CPU seconds (Intel Xeon, release).
enum ExactCosine {
    typealias Lanes = SIMD8<Double>

    /// `sqrt(Σ aₖ²)`, summed in the fixed order above. - Complexity: O(count).
    static func norm(_ a: UnsafePointer<Float>, count: Int) -> Double {
        dot(a, a, count: count).squareRoot()
    }

    /// `Σ aₖbₖ`, summed in the fixed order above. - Complexity: O(count).
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
        var s0 = Lanes()
        var s1 = Lanes()
        var s2 = Lanes()
        var s3 = Lanes()
        var k = 0
        while k + 32 <= count {
            s0 += lanes(a + k) * lanes(b + k)
            s1 += lanes(a + k + 8) * lanes(b + k + 8)
            s2 += lanes(a + k + 16) * lanes(b + k + 16)
            s3 += lanes(a + k + 24) * lanes(b + k + 24)
            k += 32
        }
        var s = ((s0 + s1) + (s2 + s3)).sum()
        while k < count {
            s += Double(a[k]) * Double(b[k])
            k += 1
        }
        return s
    }

    /// Eight floats from `p`, widened to Double.
    @inline(__always)
    private static func lanes(_ p: UnsafePointer<Float>) -> Lanes {
        Lanes(UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self))
    }

    static func cosine(
        _ a: UnsafePointer<Float>, norm na: Double, _ b: UnsafePointer<Float>, norm nb: Double, count: Int
    ) -> Double {
        dot(a, b, count: count) / (na * nb)
    }
}

/// Per-pair margins of a reduced-precision pass: `|g − ĉ| ≤ rows[i] + columns[j]` for source
/// row `i` and target row `j`, where `g` is the pass's value and `ĉ` the Double reference.
///
/// ## Derivation
/// Both ``CosineErrorBound/int8Epsilon(dimension:sourceResidual:targetResidual:)`` and
/// ``CosineErrorBound/bf16Epsilon(dimension:sourceResidual:targetResidual:)`` bound the pair's
/// error by `R(1 + v) + (1 + v + R)S + γ(1 + v + R)(1 + v + S) + c`, where their derivations
/// only use `R ≥ ‖x̃ − x̂‖` for the pair's source row and `S ≥ ‖ỹ − ŷ‖` for its target row
/// (Cauchy–Schwarz on that pair), so each row's own residual `Rᵢ`, `Sⱼ` may stand in for the
/// layer-wide maximum. With `B = 1 + v + max R` and `max S` in the small `γ` term:
/// `ε(i, j) ≤ Aᵢ + eⱼ`, `Aᵢ = Rᵢ(1 + v) + γB(1 + v + max S) + c`, `eⱼ = B·Sⱼ`; at the maxima it
/// is the layer-wide `ε`. Rows quantise unevenly (for normalised rows with `d = 768`, the
/// largest int8 residual is about 1.6 times the median), so near-ties per row, which grow
/// about exponentially with the margin, shrink several times.
///
/// Both arrays are rounded up to F32. The scan compares `g − eⱼ`, `g + eⱼ` and
/// `g + eⱼ + Aᵢ` in F32 (values below 2 in magnitude, each operation rounding by at most
/// `2⁻²³`); the margins built from `Aᵢ` add `2⁻²⁰` to absorb that.
struct PairErrorTerms: Sendable {
    /// `Aᵢ` of each packed source row.
    let rows: [Float]
    /// `eⱼ` of each packed target row.
    let columns: [Float]

    /// - Parameters:
    ///   - gamma: the product's relative error factor (`γ₃` for int8, `γ_d` for bfloat16).
    ///   - constant: `c`: `2v + v² + (2d + 8)·2⁻⁵³ + d·2⁻¹⁴⁹`, plus `2d·2⁻¹²⁶` for bfloat16.
    ///   - sourceResiduals: `Rᵢ ≥ ‖x̃ᵢ − x̂ᵢ‖` of each source row.
    ///   - targetResiduals: `Sⱼ ≥ ‖ỹⱼ − ŷⱼ‖` of each target row.
    init(dimension: Int, gamma: Double, constant: Double, sourceResiduals: [Double], targetResiduals: [Double]) {
        let v = CosineErrorBound.normalisationError(dimension: dimension)
        let maxR = sourceResiduals.max() ?? 0
        let maxS = targetResiduals.max() ?? 0
        let b = 1 + v + maxR
        let shared = gamma * b * (1 + v + maxS) + constant
        rows = sourceResiduals.map { Self.roundedUp($0 * (1 + v) + shared) }
        columns = targetResiduals.map { Self.roundedUp(b * $0) }
    }

    /// The int8 pass's terms (``Int8Kernel``).
    static func int8(dimension: Int, sourceResiduals: [Double], targetResiduals: [Double]) -> Self {
        let d = Double(dimension)
        let u = 0x1p-24
        let v = CosineErrorBound.normalisationError(dimension: dimension)
        return Self(
            dimension: dimension, gamma: 3 * u / (1 - 3 * u),
            constant: 2 * v + v * v + (2 * d + 8) * 0x1p-53 + d * 0x1p-149,
            sourceResiduals: sourceResiduals, targetResiduals: targetResiduals)
    }

    /// The bfloat16 pass's terms (``ReducedPrecisionKernel``).
    static func bf16(dimension: Int, sourceResiduals: [Double], targetResiduals: [Double]) -> Self {
        let d = Double(dimension)
        let u = 0x1p-24
        let v = CosineErrorBound.normalisationError(dimension: dimension)
        return Self(
            dimension: dimension, gamma: d * u / (1 - d * u),
            constant: 2 * v + v * v + 2 * d * 0x1p-126 + (2 * d + 8) * 0x1p-53 + d * 0x1p-149,
            sourceResiduals: sourceResiduals, targetResiduals: targetResiduals)
    }

    /// The least F32 value `≥ x`.
    static func roundedUp(_ x: Double) -> Float {
        var f = Float(x)
        if Double(f) < x { f = f.nextUp }
        return f
    }
}
