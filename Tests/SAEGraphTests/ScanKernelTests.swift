import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The C passes of a row scan against a plain Swift reference, on every way this CPU runs
/// (plain C, AVX2, AVX-512F), with ties, signs, zeros and short tails.
struct ScanKernelTests {
    static let ways = VectorWay.available(hasWide: ScanKernel.hasWide)

    /// A row of cosines with repeats (exact ties), both zeros and negatives, and terms `e ≥ 0`.
    private static func row(_ n: Int, seed: UInt64) -> (g: [Float], e: [Float], low: [Float]) {
        var rng = SplitMix64(seed: seed)
        let grid: [Float] = [-0.5, -0.25, -0.0, 0.0, 0.125, 0.25, 0.5]
        let g = (0..<n).map { _ in
            rng.next() % 3 == 0 ? grid[Int(rng.next() % UInt64(grid.count))] : rng.nextSigned()
        }
        let e = (0..<n).map { _ in rng.next() % 4 == 0 ? 0 : abs(rng.nextSigned()) * 0.05 }
        let low = (0..<n).map { _ in rng.next() % 5 == 0 ? -Float.infinity : abs(rng.nextSigned()) * 2 }
        return (g, e, low)
    }

    /// The one-pass row scan against a per-column Swift reference: edge candidates, offers,
    /// the `depth` largest `h` as a descending insertion keeps them (ties after their equals),
    /// and the row maximum; both ways, with and without top keys.
    @Test(arguments: [0, 5, 16, 47, 200, 1001], [false, true])
    func rowScanMatchesTheReference(n: Int, absolute: Bool) {
        let (g, e, low) = Self.row(n, seed: UInt64(n * 2 + (absolute ? 1 : 0)))
        let floor: Float = 0.6
        let shift: Float = 0.01
        for depth in [0, 1, 10] {
            var edges: [Int] = []
            var offers: [Int] = []
            var top: [Float] = []
            var kth: Float = depth > 0 ? -.infinity : .infinity
            var rowMax = -Float.infinity
            for j in 0..<n {
                let x = absolute ? abs(g[j]) : g[j]
                let h = x - e[j]
                if x >= floor { edges.append(j) }
                if (x + e[j]) + shift >= low[j] { offers.append(j) }
                if h > kth {
                    top.insert(h, at: top.firstIndex { $0 < h } ?? top.count)
                    if top.count > depth { top.removeLast() }
                    if top.count == depth { kth = top[depth - 1] }
                }
                rowMax = max(rowMax, h)
            }
            for way in Self.ways {
                var foundEdges = [Int](repeating: -1, count: max(n, 1))
                var foundOffers = [Int](repeating: -1, count: max(n, 1))
                var foundTop = [Float](repeating: .nan, count: max(depth, 1))
                let found = ScanKernel.row(
                    g, terms: e, low: low, count: n, floor: floor, shift: shift, depth: depth, absolute: absolute,
                    edges: &foundEdges, offers: &foundOffers, top: &foundTop, way: way)
                let context = "depth \(depth), way \(way)"
                #expect(Array(foundEdges[0..<found.edges]) == edges, "\(context)")
                #expect(Array(foundOffers[0..<found.offers]) == offers, "\(context)")
                #expect(Array(foundTop[0..<found.top]).map(\.bitPattern) == top.map(\.bitPattern), "\(context)")
                #expect(found.rowMax == rowMax, "\(context)")
            }
            #expect(n < 200 || (!edges.isEmpty && !offers.isEmpty && top.count == depth))
        }
    }

    @Test(arguments: [0, 5, 16, 47, 200, 1001], [false, true])
    func nearMatchesTheReference(n: Int, absolute: Bool) {
        let (g, e, _) = Self.row(n, seed: UInt64(n * 2 + (absolute ? 1 : 0)))
        for near: Float in [-.infinity, 0.25, 0.5, 2] {
            let expected = (0..<n).compactMap { j -> (Int, Float)? in
                let u = (absolute ? abs(g[j]) : g[j]) + e[j]
                return u >= near ? (j, u) : nil
            }
            for way in Self.ways {
                var index = [Int](repeating: -1, count: max(n, 1))
                var bound = [Float](repeating: .nan, count: max(n, 1))
                let count = ScanKernel.near(
                    g, terms: e, count: n, near: near, absolute: absolute, index: &index, bound: &bound, way: way)
                #expect(Array(index[0..<count]) == expected.map(\.0), "way \(way), near \(near)")
                #expect(Array(bound[0..<count]).map(\.bitPattern) == expected.map(\.1.bitPattern))
            }
            if near == -.infinity { #expect(expected.count == n) }
        }
    }

    /// The column seeds' per-row selection (``PairScan/seedRow``) keeps in each column the
    /// `depth` largest `(g − eⱼ) − a` of the rows given, as a plain insertion over every value does.
    @Test(arguments: [1, 10], [false, true])
    func seedRowsKeepEachColumnsLargestValues(depth: Int, absolute: Bool) {
        let n = 203
        var rng = SplitMix64(seed: UInt64(depth * 2 + (absolute ? 1 : 0)))
        var top = [Float](repeating: -.infinity, count: n * depth)
        var kth = [Float](repeating: -.infinity, count: n)
        var values: [[Float]] = Array(repeating: [], count: n)
        let negated = Self.row(n, seed: 99).e.map { -$0 }
        let columns = UnsafeMutablePointer<Int>.allocate(capacity: n)
        defer { columns.deallocate() }
        for r in 0..<40 {
            let g = Self.row(n, seed: UInt64(r)).g
            let a = r % 3 == 0 ? 0 : abs(rng.nextSigned()) * 0.01
            for j in 0..<n { values[j].append(((absolute ? abs(g[j]) : g[j]) + negated[j]) - a) }
            g.withUnsafeBufferPointer { g in
                negated.withUnsafeBufferPointer { e in
                    top.withUnsafeMutableBufferPointer { top in
                        kth.withUnsafeMutableBufferPointer { kth in
                            PairScan.seedRow(
                                g.baseAddress!, count: n, rowTerm: a, negatedTerms: e, absolute: absolute,
                                depth: depth, top: top, kth: kth, columns: columns)
                        }
                    }
                }
            }
        }
        for j in 0..<n {
            let expected = Array(values[j].sorted(by: >).prefix(depth))
            #expect(Array(top[(j * depth)..<((j + 1) * depth)]) == expected, "column \(j)")
            #expect(kth[j] == expected[depth - 1])
        }
    }
}
