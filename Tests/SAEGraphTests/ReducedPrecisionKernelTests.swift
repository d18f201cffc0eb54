import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The bfloat16 candidate pass: its products, its error bound, and that results through it
/// equal the F32 path and the brute-force Double reference bit for bit.
@Suite(.enabled(if: ReducedPrecisionKernel.isAvailable, "needs AVX512-BF16"))
struct ReducedPrecisionKernelTests {
    /// bfloat16 of a finite F32, round to nearest even, subnormal results to zero.
    private static func bf16(_ x: Float) -> Float {
        var u = x.bitPattern
        u = (u &+ 0x7FFF &+ ((u >> 16) & 1)) & 0xFFFF_0000
        if u & 0x7F80_0000 == 0 { u &= 0x8000_0000 }
        return Float(bitPattern: u)
    }

    private static func normalized(_ rows: [[Float]]) throws -> NormalizedRows {
        try NormalizedRows(decoderMatrix(rows, columns: rows[0].count), excluded: [], what: "test")
    }

    /// Runs the bfloat16 product of all of `a` against all of `b`.
    private static func product(_ a: NormalizedRows, _ b: NormalizedRows) -> [Float] {
        let packed = ReducedPrecisionKernel.PackedTargets(b)
        let words = UnsafeMutablePointer<UInt32>.allocate(
            capacity: max(1, ReducedPrecisionKernel.scratchWords(rows: a.count, columns: a.columns)))
        defer { words.deallocate() }
        var c = [Float](repeating: .nan, count: a.count * b.count)
        c.withUnsafeMutableBufferPointer {
            ReducedPrecisionKernel.multiply(
                a, start: 0, count: a.count, targets: packed, packed: words, c: $0.baseAddress!)
        }
        return c
    }

    @Test(arguments: [(1, 1, 1), (9, 47, 3), (8, 48, 64), (17, 100, 77), (3, 49, 768)])
    func productsMatchBFloat16Arithmetic(m: Int, n: Int, d: Int) throws {
        // Every C entry is the Double sum of the rounded products, within F32 accumulation.
        var rng = SplitMix64(seed: UInt64(m * 131 + n * 7 + d))
        let a = try Self.normalized(randomDecoderRows(m, d, &rng))
        let b = try Self.normalized(randomDecoderRows(n, d, &rng))
        let c = Self.product(a, b)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                var abs = 0.0
                for k in 0..<d {
                    let p = Double(Self.bf16(a.unitRow(i)[k])) * Double(Self.bf16(b.unitRow(j)[k]))
                    s += p
                    abs += Swift.abs(p)
                }
                #expect(Swift.abs(Double(c[i * n + j]) - s) <= Double(d) * 0x1p-24 * abs + 1e-30)
            }
        }
    }

    @Test func residualIsTheNormOfTheRoundingError() throws {
        var rng = SplitMix64(seed: 2)
        let rows = try Self.normalized(randomDecoderRows(30, 50, &rng))
        var worst = 0.0
        for r in 0..<rows.count {
            let e = (0..<50).map { k in Double(Self.bf16(rows.unitRow(r)[k]) - rows.unitRow(r)[k]) }
            worst = max(worst, e.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }
        let residual = ReducedPrecisionKernel.residual(of: rows)
        #expect(residual >= worst && residual <= worst * (1 + 1e-5))
        #expect(ReducedPrecisionKernel.PackedTargets(rows).residual == residual)
        #expect(residual < 0x1p-8 * 1.001)
    }

    /// Rows whose normalised elements all lose almost the most bfloat16 allows, downward:
    /// every element is `±2^e · m` with `m = 1 + 2⁻⁸ − 2⁻²⁰` (rounds down to `2^e`, relative
    /// error just under 2⁻⁸), exponents filled greedily so that the row's norm is within 2⁻²²
    /// of 1 and normalising keeps every mantissa below the rounding midpoint.
    private static func adversarialRows(_ count: Int, _ d: Int, _ rng: inout SplitMix64) -> [[Float]] {
        let m: Float = 1 + 0x1p-8 - 0x1p-20
        let target = 1 / (Double(m) * Double(m))
        func square(_ e: Int) -> Double { Double(sign: .plus, exponent: 2 * e, significand: 1) }
        return (0..<count).map { _ in
            var e = [Int](repeating: -12, count: d)
            var sum = Double(d) * square(-12)
            for k in 0..<d {
                while e[k] < -1 && sum + square(e[k] + 1) - square(e[k]) <= target {
                    sum += square(e[k] + 1) - square(e[k])
                    e[k] += 1
                }
            }
            e.shuffle(using: &rng)
            return e.map { Float(sign: rng.next() % 2 == 0 ? .plus : .minus, exponent: $0, significand: m) }
        }
    }

    @Test(arguments: [false, true])
    func boundHoldsOnRandomAndAdversarialRows(adversarial: Bool) throws {
        let d = 256
        var rng = SplitMix64(seed: adversarial ? 7 : 8)
        let rawA = adversarial ? Self.adversarialRows(20, d, &rng) : randomDecoderRows(20, d, &rng)
        // Targets: the sources themselves (cos 1, errors aligned) plus other rows.
        let rawB = rawA + (adversarial ? Self.adversarialRows(20, d, &rng) : randomDecoderRows(20, d, &rng))
        let a = try Self.normalized(rawA)
        let b = try Self.normalized(rawB)
        let c = Self.product(a, b)
        let epsilon = CosineErrorBound.bf16Epsilon(
            dimension: d, sourceResidual: ReducedPrecisionKernel.residual(of: a),
            targetResidual: ReducedPrecisionKernel.PackedTargets(b).residual)
        var worst = 0.0
        for i in 0..<a.count {
            for j in 0..<b.count { worst = max(worst, abs(Double(c[i * b.count + j]) - a.exactCosine(i, b, j))) }
        }
        #expect(worst <= epsilon)
        #expect(epsilon < 2 * 0x1p-8 + 1e-4)
        // The adversarial rows come close to the bound: it is not loose by much.
        if adversarial { #expect(worst > 0.9 * epsilon && ReducedPrecisionKernel.residual(of: a) > 0.99 * 0x1p-8) }
    }
}

/// Results through every candidate kernel this CPU offers (F32, bfloat16, int8 on 512- and
/// 256-bit vectors) equal the Double reference exactly, whatever the tile and thread count.
struct KernelPairSimilarityTests {
    static let kernels = CandidateKernel.allCases.filter(\.isAvailable)

    private func run(
        _ s: [[Float]], _ t: [[Float]], _ options: SimilarityOptions, _ kernel: CandidateKernel, tileRows: Int
    ) throws -> PairSimilarityResult {
        let d = s[0].count
        return try PairSimilarity.compute(
            source: decoderMatrix(s, columns: d), target: decoderMatrix(t, columns: d), options: options,
            excludedSource: [], excludedTarget: [], progress: nil, stage: "test", tileRows: tileRows, kernel: kernel)
    }

    /// Every kernel agrees with the reference; returns the exact-check count of each kernel.
    @discardableResult
    private func expectIdentical(
        _ s: [[Float]], _ t: [[Float]], _ options: SimilarityOptions, tileRows: Int = 16
    ) throws -> [CandidateKernel: Int] {
        let ref = SimilarityReference(source: s, target: t, options: options)
        var checks: [CandidateKernel: Int] = [:]
        for kernel in Self.kernels {
            let r = try run(s, t, options, kernel, tileRows: tileRows)
            #expect(ref.matches(r), "kernel \(kernel.rawValue)")
            checks[kernel] = r.exactChecks
        }
        for (kernel, n) in checks { #expect(n >= checks[.fp32]! - 2 * t.count, "kernel \(kernel.rawValue)") }
        return checks
    }

    @Test func thisCPUOffersTheKernelsItsFlagsName() {
        #expect(Self.kernels.contains(.fp32))
        #expect(CandidateKernel.int8Narrow.isAvailable == Int8Kernel.hasNarrow)
        #expect(CandidateKernel.int8.isAvailable == Int8Kernel.hasWide)
        #expect(CandidateKernel.int8AVX2.isAvailable == Int8Kernel.hasAVX2)
    }

    static let options: [SimilarityOptions] = [
        SimilarityOptions(threshold: 0.3), SimilarityOptions(threshold: 0.15, topK: 2),
        SimilarityOptions(threshold: 0.3, absolute: true, threads: 3),
        SimilarityOptions(threshold: 0.1, topK: 1, absolute: true, threads: 1),
    ]

    @Test(arguments: [(37, 53, 64, 8), (50, 49, 7, 16), (9, 100, 130, 32), (100, 60, 96, 256)], options)
    func randomRowsGiveIdenticalResults(shape: (Int, Int, Int, Int), options: SimilarityOptions) throws {
        let (ns, nt, d, tile) = shape
        var rng = SplitMix64(seed: UInt64(ns * 7 + d))
        // Correlated rows so that the thresholds cut through real edges.
        let base = randomDecoderRows(8, d, &rng)
        func rows(_ n: Int) -> [[Float]] {
            (0..<n).map { i in zip(base[i % 8], randomDecoderRows(1, d, &rng)[0]).map { $0 + 0.8 * $1 } }
        }
        try expectIdentical(rows(ns), rows(nt), options, tileRows: tile)
    }

    @Test func thresholdExactlyOnACosine() throws {
        var rng = SplitMix64(seed: 21)
        let s = randomDecoderRows(20, 80, &rng)
        let t = randomDecoderRows(30, 80, &rng)
        // The F32 value of some pair's reference cosine, as threshold: that pair is on the edge.
        let c = Float(SimilarityReference.cosine(s[3], t[4]))
        for threshold in [c, c.nextUp, c.nextDown] {
            try expectIdentical(s, t, SimilarityOptions(threshold: threshold))
            try expectIdentical(s, t, SimilarityOptions(threshold: abs(threshold), absolute: true))
        }
    }

    @Test func nearTiesAndOverflowedColumns() throws {
        // 40 copies of one row, each nudged far below bfloat16 resolution, as sources; the
        // target holds the row itself: every column's best is a 40-way near-tie.
        var rng = SplitMix64(seed: 4)
        let d = 96
        let base = randomDecoderRows(1, d, &rng)[0]
        var s = randomDecoderRows(5, d, &rng)
        for i in 0..<40 {
            var r = base
            r[i % d] = r[i % d].nextUp
            if i % 3 == 0 { r[(i + 1) % d] = r[(i + 1) % d].nextDown }
            s.append(r)
        }
        var t = randomDecoderRows(10, d, &rng)
        t.insert(base, at: 2)
        t.append(base.map { -$0 })
        for options in [SimilarityOptions(threshold: 0.9, topK: 3), SimilarityOptions(threshold: 0.99, absolute: true)]
        {
            try expectIdentical(s, t, options, tileRows: 8)
        }
    }

    @Test func cosinesClusteredAtTheThreshold() throws {
        // Every target is at cosine 0.5 ± 0.003 from some source: inside the reduced margins,
        // so most pairs are re-checked; results must still equal the reference.
        var rng = SplitMix64(seed: 17)
        let d = 128
        let s = randomDecoderRows(24, d, &rng)
        let t: [[Float]] = (0..<60).map { j in
            let x = s[j % s.count]
            let nx = SimilarityReference.cosine(x, x).squareRoot() * x.map { Double($0 * $0) }.reduce(0, +).squareRoot()
            var z = randomDecoderRows(1, d, &rng)[0].map(Double.init)
            let dot = zip(z, x).map { $0 * Double($1) }.reduce(0, +)
            z = zip(z, x).map { $0 - dot / (nx * nx) * Double($1) }
            let nz = z.map { $0 * $0 }.reduce(0, +).squareRoot()
            let c = 0.5 + Double(Int(rng.next() % 7) - 3) * 0.001
            return zip(x, z).map { Float(c * Double($0) / nx + (1 - c * c).squareRoot() * $1 / nz) }
        }
        let checks = try expectIdentical(s, t, SimilarityOptions(threshold: 0.5), tileRows: 8)
        // The reduced-precision margins reach most of the clustered pairs.
        for (kernel, n) in checks where kernel != .fp32 { #expect(n > checks[.fp32]! && n >= 60) }
    }
}
