import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The 16-bit refinement rows of a coarse pass (``RefinementRows``): quantised within the
/// residual they record, every kernel way this CPU runs alike (plain C, AVX2, AVX-512), and
/// every refined key within ``CosineErrorBound/int16Epsilon(dimension:targetResidual:)`` of the
/// Double reference.
struct RefinementRowsTests {
    static let ways = VectorWay.available(hasWide: RefineKernel.hasShortWide)

    /// Rows of `count` × `d` that stress the quantisation: random, one large element among
    /// tiny ones, alternating signs at the clamp, and one element.
    static func hostileRows(_ count: Int, _ d: Int, _ rng: inout SplitMix64) -> [[Float]] {
        var rows = randomDecoderRows(count, d, &rng)
        rows[0] = (0..<d).map { $0 == d / 2 ? 3 : 1e-7 * Float($0 % 5) }
        if count > 1 { rows[1] = (0..<d).map { $0 % 2 == 0 ? 0.5 : -0.5 } }
        if count > 2 { rows[2] = (0..<d).map { $0 == 0 ? -1e-3 : 0 } }
        return rows
    }

    @Test(arguments: [1, 15, 16, 33, 768, 770])
    func quantisationIsWithinItsResidualBothWays(columns d: Int) {
        var rng = SplitMix64(seed: UInt64(d) + 3)
        for row in Self.hostileRows(5, d, &rng) {
            let norm = row.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            let unit = row.map { Float(Double($0) / norm) }
            var results: [([Int16], Float, Double)] = []
            for way in Self.ways {
                var q = [Int16](repeating: 0, count: d)
                var scale: Float = 0
                let squared = unit.withUnsafeBufferPointer { y in
                    q.withUnsafeMutableBufferPointer {
                        RefineKernel.quantiseShort(
                            y.baseAddress!, count: d, into: $0.baseAddress!, scale: &scale, way: way)
                    }
                }
                results.append((q, scale, squared))
                let top = unit.map { abs($0) }.max()!
                #expect(scale == top / 32_767)
                #expect(q.allSatisfy { abs(Int($0)) <= 32_767 })
                // The recorded sum is the residual's, and each element is within half a step.
                var reference = 0.0
                for k in 0..<d {
                    let e = Double(scale) * Double(q[k]) - Double(unit[k])
                    // Half a step, and the F32 rounding of `y · (1 / s)` (under 2⁻²⁴ · 32767 steps).
                    #expect(abs(e) <= Double(scale) * 0.502, "element \(k), way \(way)")
                    reference += e * e
                }
                #expect(abs(squared - reference) <= 1e-12 * max(reference, 1e-30) + 1e-300)
            }
            #expect(results.allSatisfy { $0.0 == results[0].0 && $0.1 == results[0].1 })
        }
    }

    @Test(arguments: [1, 15, 16, 33, 770])
    func refinedKeysAreWithinTheBound(columns d: Int) throws {
        var rng = SplitMix64(seed: UInt64(d) + 11)
        let a = try NormalizedRows(
            decoderMatrix(Self.hostileRows(7, d, &rng), columns: d), excluded: [], what: "a")
        let b = try NormalizedRows(
            decoderMatrix(Self.hostileRows(29, d, &rng), columns: d), excluded: [], what: "b")
        let short = RefinementRows(b, threads: 2)
        #expect(short.epsilon >= CosineErrorBound.fp32Epsilon(dimension: d) + short.residual)
        var rows: [Int] = []
        var cols: [Int] = []
        for j in 0..<b.count {
            for i in 0..<a.count where (i * 7 + j) % 4 != 1 {
                rows.append(i)
                cols.append(j)
            }
        }
        var paired: [[Float]] = []
        for way in Self.ways {
            var keys = [Float](repeating: .nan, count: rows.count)
            rows.withUnsafeBufferPointer { r in
                cols.withUnsafeBufferPointer { c in
                    keys.withUnsafeMutableBufferPointer {
                        short.pairDots(a.values, xRows: r, rows: c, into: $0.baseAddress!, way: way)
                    }
                }
            }
            for n in rows.indices {
                let exact = a.exactCosine(rows[n], b, cols[n])
                #expect(abs(Double(keys[n]) - exact) <= short.epsilon, "pair \(n), way \(way)")
            }
            paired.append(keys)
        }
        // One row against scattered rows gives the paired way's bits (the default way).
        let defaultWay = paired[Self.ways.firstIndex(of: RefineKernel.shortWay)!]
        let targets = [28, 0, 3, 3, 17, 1, 2, 9, 26, 4]
        for i in 0..<a.count {
            var single = [Float](repeating: .nan, count: targets.count)
            targets.withUnsafeBufferPointer { t in
                single.withUnsafeMutableBufferPointer { short.dots(a.unitRow(i), rows: t, into: $0.baseAddress!) }
            }
            for (n, j) in targets.enumerated() {
                let p = rows.indices.first { rows[$0] == i && cols[$0] == j }
                if let p { #expect(single[n].bitPattern == defaultWay[p].bitPattern, "row \(i), column \(j)") }
                #expect(abs(Double(single[n]) - a.exactCosine(i, b, j)) <= short.epsilon)
            }
        }
    }

    /// The bound for rows of 768 with a typical residual: a little above the F32 bound, and a
    /// residual adds itself (times `1 + v`) and little more.
    @Test func boundOfTypicalRows() {
        let f32 = CosineErrorBound.fp32Epsilon(dimension: 768)
        let e = CosineErrorBound.int16Epsilon(dimension: 768, targetResidual: 3e-5)
        #expect(e > f32 + 3e-5 && e < f32 + 3.01e-5)
        #expect(CosineErrorBound.int16Epsilon(dimension: 768, targetResidual: 0) > f32)
    }

    /// A refining scan gives the same results from 16-bit and F32 target rows, on rows built
    /// with crowded neighbourhoods (many near-ties within the int8 bound), with neighbours and
    /// without, and both equal the Double reference.
    @Test(arguments: [0, 3, 10])
    func scanMatchesWithEitherRefinement(depth: Int) throws {
        var rng = SplitMix64(seed: 77 + UInt64(depth))
        let d = 48
        let base = randomDecoderRows(6, d, &rng)
        func crowd(_ n: Int) -> [[Float]] {
            (0..<n).map { r in base[r % base.count].map { $0 + 0.02 * rng.nextSigned() } }
        }
        let (sourceRows, targetRows) = (crowd(90), crowd(110))
        let s = try NormalizedRows(decoderMatrix(sourceRows, columns: d), excluded: [], what: "s")
        let t = try NormalizedRows(decoderMatrix(targetRows, columns: d), excluded: [], what: "t")
        var options = SimilarityOptions(threshold: 0.9)
        options.neighbours = depth
        options.threads = 2
        let reference = SimilarityReference(source: sourceRows, target: targetRows, options: options)
        for kernel in CandidateKernel.candidates(columns: d) where kernel != .fp32 {
            let short = PairScan(source: s, target: t, options: options, kernel: kernel, tileRows: 16)
            let long = PairScan(
                source: s, target: t, options: options, kernel: kernel, tileRows: 16, shortRefinement: false)
            #expect(short.refinement != nil && long.refinement == nil)
            let a = short.run(stage: "short", progress: nil)
            let b = long.run(stage: "long", progress: nil)
            #expect(reference.matches(a), "\(kernel)")
            #expect(a.edges.map { "\($0)" } == b.edges.map { "\($0)" })
            #expect(a.bestNextIndex == b.bestNextIndex && a.bestPreviousIndex == b.bestPreviousIndex)
            #expect(a.nextNeighbours == b.nextNeighbours && a.previousNeighbours == b.previousNeighbours)
        }
    }
}
