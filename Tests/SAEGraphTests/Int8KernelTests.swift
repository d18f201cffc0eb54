import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The int8 candidate pass: quantisation, products (bit for bit against integer arithmetic),
/// residuals, and the error bound on random and adversarial rows, on every int8 kernel this
/// CPU runs (AVX512-VNNI, AVX-VNNI, AVX2).
@Suite(.enabled(if: Int8Kernel.hasAny, "needs AVX512-VNNI, AVX-VNNI or AVX2"))
struct Int8KernelTests {
    static let kernels: [CandidateKernel] = [.int8, .int8Narrow, .int8AVX2].filter(\.isAvailable)

    /// The quantisation the kernel documents: `s = max|x|/L` in F32, `q = round(x · (L/max))`,
    /// `L` = 127, or 63 for the AVX2 kernel's source rows.
    private static func quantise(_ x: UnsafePointer<Float>, _ d: Int, levels: Int = 127) -> (scale: Float, q: [Int]) {
        var m: Float = 0
        for k in 0..<d { m = max(m, abs(x[k])) }
        guard m > 0 else { return (0, [Int](repeating: 0, count: d)) }
        let l = Float(levels)
        let inv = l / m
        return (m / l, (0..<d).map { k in Int(min(l, max(-l, (x[k] * inv).rounded(.toNearestOrEven)))) })
    }

    /// The levels of `kernel`'s source rows.
    private static func sourceLevels(_ kernel: CandidateKernel) -> Int { kernel == .int8AVX2 ? 63 : 127 }

    private static func normalized(_ rows: [[Float]]) throws -> NormalizedRows {
        try NormalizedRows(decoderMatrix(rows, columns: rows[0].count), excluded: [], what: "test")
    }

    private static func product(
        _ a: NormalizedRows, _ b: NormalizedRows, kernel: CandidateKernel, threads: Int = 2
    ) -> [Float] {
        let packed = Int8Kernel.PackedTargets(b, threads: threads)
        let scratch = UnsafeMutablePointer<Float>.allocate(
            capacity: Int8Kernel.scratchFloats(rows: a.count, columns: a.columns))
        defer { scratch.deallocate() }
        var c = [Float](repeating: .nan, count: a.count * b.count)
        c.withUnsafeMutableBufferPointer {
            Int8Kernel.multiply(
                a, start: 0, count: a.count, targets: packed, kernel: kernel, scratch: scratch, c: $0.baseAddress!)
        }
        return c
    }

    @Test(
        arguments: [
            (1, 1, 1), (1, 50, 24), (2, 97, 24), (9, 47, 3), (8, 48, 64), (17, 100, 77), (3, 49, 768), (12, 97, 770),
        ], kernels)
    func productsEqualIntegerArithmetic(shape: (Int, Int, Int), kernel: CandidateKernel) throws {
        let (m, n, d) = shape
        var rng = SplitMix64(seed: UInt64(m * 131 + n * 7 + d))
        try Self.expectIntegerProducts(randomDecoderRows(m, d, &rng), randomDecoderRows(n, d, &rng), kernel)
    }

    /// Rows of equal magnitudes quantise to ±L everywhere: the largest sums each kernel forms,
    /// where an int16 pair sum of the AVX2 kernel would saturate with 127 source levels.
    @Test(arguments: kernels)
    func extremeRowsDoNotSaturate(kernel: CandidateKernel) throws {
        let d = 772
        var rng = SplitMix64(seed: 41)
        let signs = { (n: Int, rng: inout SplitMix64) -> [[Float]] in
            (0..<n).map { r in
                (0..<d).map { k in r == 0 || (r == 1 && k % 2 == 0) ? 1 : Float(rng.next() % 2 == 0 ? 1 : -1) }
            }
        }
        let a = signs(7, &rng)
        let b = signs(5, &rng) + a.map { $0.map { -$0 } }
        try Self.expectIntegerProducts(a, b, kernel)
    }

    /// `kernel`'s products of the normalised rows `rawA` and `rawB` equal integer arithmetic
    /// on the documented quantisation, bit for bit.
    private static func expectIntegerProducts(_ rawA: [[Float]], _ rawB: [[Float]], _ kernel: CandidateKernel) throws {
        let a = try normalized(rawA)
        let b = try normalized(rawB)
        let (m, n, d) = (a.count, b.count, a.columns)
        let c = product(a, b, kernel: kernel, threads: 3)
        let qa = (0..<m).map { quantise(a.unitRow($0), d, levels: sourceLevels(kernel)) }
        let qb = (0..<n).map { quantise(b.unitRow($0), d) }
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
            let residual = Int8Kernel.residual(of: rows, kernel: .int8, side: .source, threads: threads)
            #expect(residual >= worst && residual <= worst * (1 + 1e-5))
            #expect(Int8Kernel.residual(of: rows, kernel: .int8AVX2, side: .target, threads: threads) == residual)
            #expect(Int8Kernel.PackedTargets(rows, threads: threads).residual == residual)
        }
        // |error| ≤ s/2 per element, s = max/127 ≤ 1/127.
        #expect(worst > 0 && worst < 50.0.squareRoot() / 254)
        // The AVX2 kernel's source rows, with 63 levels.
        var coarse = 0.0
        for r in 0..<rows.count {
            let (s, q) = Self.quantise(rows.unitRow(r), 50, levels: 63)
            let e = (0..<50).map { k in Double(s) * Double(q[k]) - Double(rows.unitRow(r)[k]) }
            coarse = max(coarse, e.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }
        let residual = Int8Kernel.residual(of: rows, kernel: .int8AVX2, side: .source, threads: 2)
        #expect(residual >= coarse && residual <= coarse * (1 + 1e-5))
        #expect(coarse > worst && coarse < 50.0.squareRoot() / 126)
    }

    /// Rows whose elements all round toward zero by just under half a step, against the
    /// element's sign: one element of 127 steps fixes the scale, the others are 126.5 − 2⁻⁸
    /// steps, so each self cosine loses almost the most the bound allows. `halfway` rows serve
    /// both grids of the AVX2 kernel (63 and 127 levels): their other elements are
    /// `(½ − 2⁻¹²)·max`, 31.48 steps of 63 and 63.47 of 127, so both round toward zero.
    private static func adversarialRows(
        _ count: Int, _ d: Int, _ rng: inout SplitMix64, halfway: Bool = false
    ) -> [[Float]] {
        (0..<count).map { _ in
            let size: Float = halfway ? 127 * (0.5 - 0x1p-12) : 126.5 - 0x1p-8
            var row = (0..<d).map { _ in Float(rng.next() % 2 == 0 ? 1 : -1) * size }
            row[Int(rng.next() % UInt64(d))] = 127
            return row
        }
    }

    @Test(arguments: [false, true], kernels)
    func boundHoldsOnRandomAndAdversarialRows(adversarial: Bool, kernel: CandidateKernel) throws {
        let d = 256
        var rng = SplitMix64(seed: adversarial ? 9 : 10)
        let l = Self.sourceLevels(kernel)
        let halfway = kernel == .int8AVX2
        let rawA =
            adversarial ? Self.adversarialRows(20, d, &rng, halfway: halfway) : randomDecoderRows(20, d, &rng)
        let rawB =
            rawA + (adversarial ? Self.adversarialRows(20, d, &rng, halfway: halfway) : randomDecoderRows(20, d, &rng))
        let a = try Self.normalized(rawA)
        let b = try Self.normalized(rawB)
        let c = Self.product(a, b, kernel: kernel)
        let epsilon = CosineErrorBound.int8Epsilon(
            dimension: d, sourceResidual: Int8Kernel.residual(of: a, kernel: kernel, side: .source, threads: 2),
            targetResidual: Int8Kernel.PackedTargets(b, threads: 2).residual)
        var worst = 0.0
        for i in 0..<a.count {
            for j in 0..<b.count { worst = max(worst, abs(Double(c[i * b.count + j]) - a.exactCosine(i, b, j))) }
        }
        #expect(worst <= epsilon)
        // Whatever the data: R, S ≤ √d · s / 2 with s ≤ (1 + v)/L.
        #expect(epsilon < Double(d).squareRoot() * (1.0 / 254 + 1.0 / Double(2 * l)) + 1e-4)
        // The adversarial rows come close to the bound: it is not loose by much.
        if adversarial { #expect(worst > 0.9 * epsilon) }
    }

    /// Each pair's own margin `Aᵢ + eⱼ` covers its error, is never above the layer-wide bound,
    /// and is well below it for rows that quantise well (mixed here with adversarial ones).
    @Test(arguments: kernels)
    func pairTermsBoundEachPair(kernel: CandidateKernel) throws {
        let d = 256
        var rng = SplitMix64(seed: 12)
        let halfway = kernel == .int8AVX2
        let rawA = Self.adversarialRows(6, d, &rng, halfway: halfway) + randomDecoderRows(14, d, &rng)
        let rawB = randomDecoderRows(14, d, &rng) + Self.adversarialRows(6, d, &rng, halfway: halfway) + rawA
        let a = try Self.normalized(rawA)
        let b = try Self.normalized(rawB)
        let c = Self.product(a, b, kernel: kernel)
        let r = Int8Kernel.rowResiduals(of: a, kernel: kernel, side: .source, threads: 2)
        let s = Int8Kernel.rowResiduals(of: b, kernel: kernel, side: .target, threads: 3)
        #expect(r.max() == Int8Kernel.residual(of: a, kernel: kernel, side: .source, threads: 1))
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
        for kernel in [CandidateKernel.int8, .int8Narrow, .int8AVX2] {
            #expect(!kernel.accepts(columns: Int8Kernel.maximumColumns + 1))
            #expect(kernel.accepts(columns: 768))
        }
        #expect(CandidateKernel.explicit(.int8, columns: Int8Kernel.maximumColumns + 1) == .fp32)
    }
}
