import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The int8 candidate pass: quantisation, products (bit for bit against integer arithmetic),
/// residuals, and the error bound on random and adversarial rows.
@Suite(.enabled(if: Int8Kernel.hasWide || Int8Kernel.hasNarrow, "needs AVX512-VNNI or AVX-VNNI"))
struct Int8KernelTests {
    static let widths: [Bool] = [true, false].filter { $0 ? Int8Kernel.hasWide : Int8Kernel.hasNarrow }

    /// The quantisation the kernel documents: `s = max|x|/127` in F32, `q = round(x · (127/max))`.
    private static func quantise(_ x: UnsafePointer<Float>, _ d: Int) -> (scale: Float, q: [Int]) {
        var m: Float = 0
        for k in 0..<d { m = max(m, abs(x[k])) }
        guard m > 0 else { return (0, [Int](repeating: 0, count: d)) }
        let inv = 127 / m
        return (m / 127, (0..<d).map { k in Int(min(127, max(-127, (x[k] * inv).rounded(.toNearestOrEven)))) })
    }

    private static func normalized(_ rows: [[Float]]) throws -> NormalizedRows {
        try NormalizedRows(decoderMatrix(rows, columns: rows[0].count), excluded: [], what: "test")
    }

    private static func product(_ a: NormalizedRows, _ b: NormalizedRows, wide: Bool, threads: Int = 2) -> [Float] {
        let packed = Int8Kernel.PackedTargets(b, threads: threads)
        let scratch = UnsafeMutablePointer<Float>.allocate(
            capacity: Int8Kernel.scratchFloats(rows: a.count, columns: a.columns))
        defer { scratch.deallocate() }
        var c = [Float](repeating: .nan, count: a.count * b.count)
        c.withUnsafeMutableBufferPointer {
            Int8Kernel.multiply(
                a, start: 0, count: a.count, targets: packed, wide: wide, scratch: scratch, c: $0.baseAddress!)
        }
        return c
    }

    @Test(arguments: [(1, 1, 1), (9, 47, 3), (8, 48, 64), (17, 100, 77), (3, 49, 768), (12, 97, 770)], widths)
    func productsEqualIntegerArithmetic(shape: (Int, Int, Int), wide: Bool) throws {
        let (m, n, d) = shape
        var rng = SplitMix64(seed: UInt64(m * 131 + n * 7 + d))
        let a = try Self.normalized(randomDecoderRows(m, d, &rng))
        let b = try Self.normalized(randomDecoderRows(n, d, &rng))
        let c = Self.product(a, b, wide: wide, threads: 3)
        let qa = (0..<m).map { Self.quantise(a.unitRow($0), d) }
        let qb = (0..<n).map { Self.quantise(b.unitRow($0), d) }
        var mismatches = 0
        for i in 0..<m {
            for j in 0..<n {
                let dot = zip(qa[i].q, qb[j].q).reduce(0) { $0 + $1.0 * $1.1 }
                let expected = (Float(dot) * qb[j].scale) * qa[i].scale
                if c[i * n + j].bitPattern != expected.bitPattern { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func residualIsTheNormOfTheQuantisationError() throws {
        var rng = SplitMix64(seed: 3)
        let rows = try Self.normalized(randomDecoderRows(30, 50, &rng))
        var worst = 0.0
        for r in 0..<rows.count {
            let (s, q) = Self.quantise(rows.unitRow(r), 50)
            let e = (0..<50).map { k in Double(s) * Double(q[k]) - Double(rows.unitRow(r)[k]) }
            worst = max(worst, e.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }
        for threads in [1, 4] {
            let residual = Int8Kernel.residual(of: rows, threads: threads)
            #expect(residual >= worst && residual <= worst * (1 + 1e-5))
            #expect(Int8Kernel.PackedTargets(rows, threads: threads).residual == residual)
        }
        // |error| ≤ s/2 per element, s = max/127 ≤ 1/127.
        #expect(worst > 0 && worst < 50.0.squareRoot() / 254)
    }

    /// Rows whose elements all round toward zero by just under half a step, against the
    /// element's sign: one element of 127 steps fixes the scale, the others are 126.5 − 2⁻⁸
    /// steps, so each self cosine loses almost the most the bound allows.
    private static func adversarialRows(_ count: Int, _ d: Int, _ rng: inout SplitMix64) -> [[Float]] {
        (0..<count).map { _ in
            var row = (0..<d).map { _ in Float(rng.next() % 2 == 0 ? 1 : -1) * (126.5 - 0x1p-8) }
            row[Int(rng.next() % UInt64(d))] = 127
            return row
        }
    }

    @Test(arguments: [false, true], widths)
    func boundHoldsOnRandomAndAdversarialRows(adversarial: Bool, wide: Bool) throws {
        let d = 256
        var rng = SplitMix64(seed: adversarial ? 9 : 10)
        let rawA = adversarial ? Self.adversarialRows(20, d, &rng) : randomDecoderRows(20, d, &rng)
        let rawB = rawA + (adversarial ? Self.adversarialRows(20, d, &rng) : randomDecoderRows(20, d, &rng))
        let a = try Self.normalized(rawA)
        let b = try Self.normalized(rawB)
        let c = Self.product(a, b, wide: wide)
        let epsilon = CosineErrorBound.int8Epsilon(
            dimension: d, sourceResidual: Int8Kernel.residual(of: a, threads: 2),
            targetResidual: Int8Kernel.PackedTargets(b, threads: 2).residual)
        var worst = 0.0
        for i in 0..<a.count {
            for j in 0..<b.count { worst = max(worst, abs(Double(c[i * b.count + j]) - a.exactCosine(i, b, j))) }
        }
        #expect(worst <= epsilon)
        // Whatever the data: R, S ≤ √d · s / 2 with s ≤ (1 + v)/127.
        #expect(epsilon < 2 * Double(d).squareRoot() / 254 + 1e-4)
        // The adversarial rows come close to the bound: it is not loose by much.
        if adversarial { #expect(worst > 0.9 * epsilon) }
    }

    /// Each pair's own margin `Aᵢ + eⱼ` covers its error, is never above the layer-wide bound,
    /// and is well below it for rows that quantise well (mixed here with adversarial ones).
    @Test(arguments: widths)
    func pairTermsBoundEachPair(wide: Bool) throws {
        let d = 256
        var rng = SplitMix64(seed: 12)
        let rawA = Self.adversarialRows(6, d, &rng) + randomDecoderRows(14, d, &rng)
        let rawB = randomDecoderRows(14, d, &rng) + Self.adversarialRows(6, d, &rng) + rawA
        let a = try Self.normalized(rawA)
        let b = try Self.normalized(rawB)
        let c = Self.product(a, b, wide: wide)
        let r = Int8Kernel.rowResiduals(of: a, threads: 2)
        let s = Int8Kernel.rowResiduals(of: b, threads: 3)
        #expect(r.max() == Int8Kernel.residual(of: a, threads: 1))
        let terms = PairErrorTerms.int8(dimension: d, sourceResiduals: r, targetResiduals: s)
        let epsilon = CosineErrorBound.int8Epsilon(
            dimension: d, sourceResidual: r.max()!, targetResidual: s.max()!)
        var covered = true
        var tightest = Double.infinity
        for i in 0..<a.count {
            for j in 0..<b.count {
                let margin = Double(terms.rows[i]) + Double(terms.columns[j])
                covered = covered && abs(Double(c[i * b.count + j]) - a.exactCosine(i, b, j)) <= margin
                #expect(margin <= epsilon * (1 + 1e-6))
                tightest = min(tightest, margin)
            }
        }
        #expect(covered)
        #expect(tightest < 0.9 * epsilon)
    }

    @Test func longRowsAreLeftToOtherKernels() {
        #expect(!CandidateKernel.int8.accepts(columns: Int8Kernel.maximumColumns + 1))
        #expect(CandidateKernel.int8.accepts(columns: 768))
        #expect(CandidateKernel.explicit(.int8, columns: Int8Kernel.maximumColumns + 1) == .fp32)
    }
}
