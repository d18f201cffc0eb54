import Foundation

/// What pure chance gives: the best cosine between one random direction and `count` others,
/// all independent and uniform on the unit sphere of R^`dimension`.
///
/// The cosine X of two independent uniform unit vectors in R^d has density
/// ∝ (1 − x²)^((d−3)/2) on [−1, 1], i.e. (1 + X)/2 ~ Beta((d−1)/2, (d−1)/2), so
/// F(x) = I_{(1+x)/2}(a, a) with a = (d−1)/2 (regularized incomplete beta). The best of n has
/// CDF F(x)^n. Everything is computed in log space: for x ≥ 0 the upper tail
/// 1 − F(x) = I_{(1−x)/2}(a, a) is evaluated directly (no cancellation) and
/// log F(x)^n = n · log1p(−tail). Quantiles by bisection (to 1e-13); the mean is
/// −1 + ∫ (1 − F^n) over [−1, 1], by Simpson's rule on the region where the integrand is
/// neither 1 nor 0 to within 1e-15.
///
/// At d = 3, X is uniform on [−1, 1]: mean 1 − 2/(n + 1), quantile q ↦ 2 q^(1/n) − 1.
public struct RandomBaseline: Sendable, Equatable {
    public let dimension: Int
    public let count: Int
    /// Expected best cosine.
    public private(set) var mean: Double

    /// - Throws: `.invalidArgument` unless `dimension >= 2` and `count >= 1`.
    /// - Complexity: a few thousand incomplete-beta evaluations, each O(√d) continued-fraction steps.
    public init(dimension: Int, count: Int) throws {
        guard dimension >= 2, count >= 1 else {
            throw SAEGraphError(
                .invalidArgument,
                "random baseline: need a dimension of at least 2 and at least 1 feature, got d=\(dimension), n=\(count)"
            )
        }
        self.dimension = dimension
        self.count = count
        mean = 0
        mean = computeMean()
    }

    private var a: Double { Double(dimension - 1) / 2 }

    /// log P(X ≤ x) for a single cosine.
    public func logCDFSingle(_ x: Double) -> Double {
        if x <= -1 { return -.infinity }
        if x >= 1 { return 0 }
        let t = (1 + x) / 2
        if t <= 0.5 { return log(Self.incompleteBeta(a, a, t)) }
        return log1p(-Self.incompleteBeta(a, a, 1 - t))
    }

    /// log P(best of `count` ≤ x).
    public func logCDF(_ x: Double) -> Double { Double(count) * logCDFSingle(x) }

    /// P(best of `count` ≤ x).
    public func cdf(_ x: Double) -> Double { exp(logCDF(x)) }

    /// The q-quantile of the best cosine, 0 ≤ q ≤ 1.
    public func quantile(_ q: Double) -> Double {
        if q <= 0 { return -1 }
        if q >= 1 { return 1 }
        let target = log(q)
        var lo = -1.0
        var hi = 1.0
        while hi - lo > 1e-13 {
            let mid = (lo + hi) / 2
            if logCDF(mid) < target { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    private func computeMean() -> Double {
        let lo = quantile(1e-300)
        let hi = quantile(exp(-1e-16))
        let steps = 4000
        let h = (hi - lo) / Double(steps)
        func f(_ x: Double) -> Double { -expm1(logCDF(x)) }
        var sum = f(lo) + f(hi)
        for i in 1..<steps { sum += f(lo + Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return -1 + (lo + 1) + sum * h / 3
    }

    /// Regularized incomplete beta I_x(a, b), continued fraction (modified Lentz), most
    /// accurate for x < (a + 1)/(a + b + 2), where the callers use it.
    static func incompleteBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(b, a, 1 - x) }
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...100_000 {
            let m2 = Double(2 * m)
            let md = Double(m)
            var num = md * (b - md) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            num = -(a + md) * (a + b + md) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logFront) * result / a
    }
}
