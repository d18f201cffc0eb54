import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct RandomBaselineTests {
    @Test(arguments: [1, 5, 50, 24_576])
    func closedFormInThreeDimensions(n: Int) throws {
        let b = try RandomBaseline(dimension: 3, count: n)
        #expect(abs(b.mean - (1 - 2 / Double(n + 1))) < 1e-8)
        for q in [0.05, 0.5, 0.95] {
            #expect(abs(b.quantile(q) - (2 * pow(q, 1 / Double(n)) - 1)) < 1e-9)
        }
    }

    @Test func matchesMonteCarlo() throws {
        let d = 16
        let n = 50
        let trials = 4000
        var rng = SplitMix64(seed: 42)
        func gaussian() -> Double {
            let u1 = (Double(rng.next() >> 11) + 0.5) / Double(1 << 53)
            let u2 = Double(rng.next() >> 11) / Double(1 << 53)
            return sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
        }
        func unit() -> [Double] {
            let v = (0..<d).map { _ in gaussian() }
            let norm = sqrt(v.reduce(0) { $0 + $1 * $1 })
            return v.map { $0 / norm }
        }
        var maxima: [Double] = []
        for _ in 0..<trials {
            let u = unit()
            var best = -1.0
            for _ in 0..<n { best = max(best, zip(u, unit()).reduce(0) { $0 + $1.0 * $1.1 }) }
            maxima.append(best)
        }
        let b = try RandomBaseline(dimension: d, count: n)
        let mean = maxima.reduce(0, +) / Double(trials)
        let sd = sqrt(maxima.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(trials - 1))
        #expect(abs(mean - b.mean) < 4 * sd / sqrt(Double(trials)))
        // Empirical CDF at the model's quantiles: binomial standard error.
        for q in [0.05, 0.5, 0.95] {
            let x = b.quantile(q)
            let share = Double(maxima.filter { $0 <= x }.count) / Double(trials)
            #expect(abs(share - q) < 4 * sqrt(q * (1 - q) / Double(trials)), "q \(q)")
        }
    }

    @Test func largeDimensionIsFiniteAndOrdered() throws {
        let b = try RandomBaseline(dimension: 768, count: 24_576)
        let qs = [0.05, 0.5, 0.95].map(b.quantile)
        #expect(qs == qs.sorted())
        #expect(b.mean > qs[0] && b.mean < qs[2])
        #expect(b.mean > 0.1 && b.mean < 0.2)
        #expect(throws: SAEGraphError.self) { try RandomBaseline(dimension: 1, count: 5) }
    }
}
