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

    /// - Precondition: `dimension ≥ 1` and `dimension · 2⁻²⁴ < 1/2`.
    init(dimension: Int, threshold: Float) {
        precondition(dimension >= 1 && Double(dimension) * 0x1p-24 < 0.5, "dimension out of range")
        let d = Double(dimension)
        let u = 0x1p-24
        let v = u + (d + 6) * 0x1p-53
        let gamma = d * u / (1 - d * u)
        epsilon = gamma * (1 + v) * (1 + v) + 2 * v + v * v + 2 * d * 0x1p-126 + (2 * d + 8) * 0x1p-53
        let floor = Double(threshold) - epsilon - 0x1p-20
        // Round down so the F32 floor never exceeds the Double one.
        var f = Float(floor)
        if Double(f) > floor { f = f.nextDown }
        candidateFloor = f
        var margin = Float(2 * epsilon + 0x1p-20)
        if Double(margin) < 2 * epsilon + 0x1p-20 { margin = margin.nextUp }
        tieMargin = margin
    }
}

/// The reference cosine every edge and best match is decided by.
///
/// `cos(a, b) = dot / (‖a‖·‖b‖)` in Double, where `dot = Σₖ aₖbₖ` and `‖a‖ = sqrt(Σₖ aₖ²)` are
/// summed in index order from the original F32 values (each product is exact in Double).
/// The result is the same for `(a, b)` and `(b, a)`.
enum ExactCosine {
    /// `sqrt(Σ aₖ²)`, summed in index order. - Complexity: O(count).
    static func norm(_ a: UnsafePointer<Float>, count: Int) -> Double {
        var s = 0.0
        for k in 0..<count { let x = Double(a[k]); s += x * x }
        return s.squareRoot()
    }

    /// `Σ aₖbₖ`, summed in index order. - Complexity: O(count).
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
        var s = 0.0
        for k in 0..<count { s += Double(a[k]) * Double(b[k]) }
        return s
    }

    static func cosine(
        _ a: UnsafePointer<Float>, norm na: Double, _ b: UnsafePointer<Float>, norm nb: Double, count: Int
    ) -> Double {
        dot(a, b, count: count) / (na * nb)
    }
}
