import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The sentence model's F32 products (``F32Weights``): every output the fused multiply-add
/// chain in index order, bit for bit, on every way this CPU runs, whatever the rows around it.
struct F32WeightsTests {
    static let ways = VectorWay.available(hasWide: RefineKernel.isAvailable)

    /// `fma(a[k−1], w[k−1], … fma(a[0], w[0], 0))`, the documented sum.
    private static func reference(_ a: [Float], _ w: [Float], row i: Int, output j: Int, inputs k: Int) -> Float {
        var s: Float = 0
        for e in 0..<k { s = s.addingProduct(a[i * k + e], w[j * k + e]) }
        return s
    }

    private static func product(_ f: F32Weights, _ a: [Float], rows: Int, way: VectorWay) -> [Float] {
        var c = [Float](repeating: .nan, count: rows * f.outputs)
        a.withUnsafeBufferPointer { x in
            c.withUnsafeMutableBufferPointer { f.multiply(x.baseAddress!, rows: rows, into: $0.baseAddress!, way: way) }
        }
        return c
    }

    @Test(arguments: [(1, 1, 1), (7, 17, 5), (6, 16, 8), (13, 33, 384), (12, 48, 10), (2, 1_536, 3)])
    func everyOutputIsTheFusedChain(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var rng = SplitMix64(seed: UInt64(m * 1_000 + n * 10 + k))
        let a = (0..<(m * k)).map { _ in rng.nextSigned() }
        let w = (0..<(n * k)).map { _ in rng.nextSigned() }
        let f = F32Weights(w, outputs: n, inputs: k)
        for way in Self.ways {
            let c = Self.product(f, a, rows: m, way: way)
            var mismatches = 0
            for i in 0..<m {
                for j in 0..<n
                where c[i * n + j].bitPattern != Self.reference(a, w, row: i, output: j, inputs: k).bitPattern {
                    mismatches += 1
                }
            }
            #expect(mismatches == 0, "way \(way)")
        }
    }

    /// A row alone, first, last or in the middle of 1 to 14 rows: the same bits.
    @Test func aRowsBitsDoNotDependOnItsBatch() {
        let (n, k) = (40, 24)
        var rng = SplitMix64(seed: 77)
        let w = (0..<(n * k)).map { _ in rng.nextSigned() }
        let row = (0..<k).map { _ in rng.nextSigned() }
        let f = F32Weights(w, outputs: n, inputs: k)
        for way in Self.ways {
            let alone = Self.product(f, row, rows: 1, way: way)
            for m in 1...14 {
                for place in [0, m / 2, m - 1] {
                    var a = (0..<(m * k)).map { _ in rng.nextSigned() }
                    a.replaceSubrange((place * k)..<((place + 1) * k), with: row)
                    let c = Self.product(f, a, rows: m, way: way)
                    #expect(Array(c[(place * n)..<((place + 1) * n)]) == alone, "way \(way), \(m) rows, place \(place)")
                }
            }
        }
    }
}
