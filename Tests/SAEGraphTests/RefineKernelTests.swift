import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The F32 refinement of a coarse pass: one row against scattered rows, and scattered pairs
/// grouped by column (``PairScan/offerPending(_:to:)``), each within the F32 bound of the
/// Double reference, and the two ways bit for bit alike.
struct RefineKernelTests {
    @Test(arguments: [1, 15, 16, 33, 770])
    func pairsMatchRowsAndTheReference(columns d: Int) throws {
        var rng = SplitMix64(seed: UInt64(d))
        let a = try NormalizedRows(decoderMatrix(randomDecoderRows(9, d, &rng), columns: d), excluded: [], what: "a")
        let b = try NormalizedRows(decoderMatrix(randomDecoderRows(23, d, &rng), columns: d), excluded: [], what: "b")
        // Every pair, grouped by column as the scan groups its offers, with repeats.
        var rows: [Int] = []
        var cols: [Int] = []
        for j in 0..<b.count {
            for i in 0..<a.count where (i + j) % 3 != 0 || j == 4 {
                rows.append(i)
                cols.append(j)
            }
        }
        rows += [0, 0]
        cols += [5, 5]
        var keys = [Float](repeating: .nan, count: rows.count)
        rows.withUnsafeBufferPointer { r in
            cols.withUnsafeBufferPointer { c in
                keys.withUnsafeMutableBufferPointer { a.unitCosines(pairs: r, b, c, into: $0.baseAddress!) }
            }
        }
        let epsilon = CosineErrorBound.fp32Epsilon(dimension: d)
        var single = [Float](repeating: .nan, count: b.count)
        for i in 0..<a.count {
            let targets = Array(0..<b.count)
            targets.withUnsafeBufferPointer { t in
                single.withUnsafeMutableBufferPointer { a.unitCosines(i, b, t, into: $0.baseAddress!) }
            }
            for j in 0..<b.count {
                #expect(abs(Double(single[j]) - a.exactCosine(i, b, j)) <= epsilon, "row \(i), column \(j)")
            }
            for n in rows.indices where rows[n] == i {
                #expect(keys[n].bitPattern == single[cols[n]].bitPattern, "pair \(n)")
            }
        }
    }

    /// The batched Double reference gives the bits of ``ExactCosine`` one pair at a time, on both
    /// of its ways (AVX-512F and plain C), tails and chunks of 32 included.
    @Test(arguments: [1, 31, 32, 33, 100, 768, 770])
    func exactDotsAreTheReferenceBitForBit(columns d: Int) throws {
        var rng = SplitMix64(seed: UInt64(d) + 7)
        let x = (0..<d).map { _ in rng.nextSigned() * 3 }
        let y = (0..<(11 * d)).map { _ in rng.nextSigned() * 0.01 }
        let rows = [3, 0, 10, 3, 7, 1, 2, 9, 4]
        for wide in [false, RefineKernel.isAvailable] {
            var out = [Double](repeating: .nan, count: rows.count)
            x.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    rows.withUnsafeBufferPointer { r in
                        out.withUnsafeMutableBufferPointer {
                            RefineKernel.exactDots(
                                x.baseAddress!, y.baseAddress!, columns: d, rows: r, into: $0.baseAddress!, wide: wide)
                        }
                    }
                    for (n, row) in rows.enumerated() {
                        let expected = ExactCosine.dot(x.baseAddress!, y.baseAddress! + row * d, count: d)
                        #expect(out[n].bitPattern == expected.bitPattern, "row \(row), wide \(wide)")
                    }
                }
            }
        }
    }

    @Test func exactCosinesMatchOneAtATime() throws {
        var rng = SplitMix64(seed: 41)
        let d = 77
        let a = try NormalizedRows(decoderMatrix(randomDecoderRows(6, d, &rng), columns: d), excluded: [2], what: "a")
        let b = try NormalizedRows(decoderMatrix(randomDecoderRows(30, d, &rng), columns: d), excluded: [5], what: "b")
        let targets = [0, 28, 4, 4, 17, 9]
        for i in 0..<a.count {
            var out = [Double](repeating: .nan, count: targets.count)
            targets.withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer { a.exactCosines(i, b, t, into: $0.baseAddress!) }
            }
            #expect(out.map(\.bitPattern) == targets.map { a.exactCosine(i, b, $0).bitPattern }, "row \(i)")
        }
    }
}

/// The order in which a row's near-ties are refined.
struct DescendingBatchesTests {
    /// Batches of every size, over values with many repeats, ±0 and infinities: each batch
    /// holds the same indices as the matching slice of a stable descending sort, and `peek`
    /// names the first index of the next slice.
    @Test func batchesAreSlicesOfAStableSortByValue() {
        var rng = SplitMix64(seed: 5)
        let grid: [Float] = [-1, -0.5, 0, -0.0, 0.25, 0.5, 1, .infinity, -.infinity, .leastNonzeroMagnitude]
        for count in [0, 1, 2, 17, 300] {
            let values = (0..<count).map { _ in
                rng.next() % 2 == 0 ? grid[Int(rng.next() % UInt64(grid.count))] : rng.nextSigned()
            }
            // Larger first, +0 before −0, equal bits by index.
            let expected = values.indices.sorted { a, b in
                let (x, y) = (values[a], values[b])
                if x != y { return x > y }
                if x.bitPattern != y.bitPattern { return x.sign == .plus }
                return a < b
            }
            for size in [1, 3, 32, 301] {
                var batches = DescendingBatches(values)
                var at = 0
                while at < count {
                    #expect(batches.peek() == expected[at], "count \(count), size \(size), at \(at)")
                    let taken = batches.take(size)
                    let end = min(count, at + size)
                    #expect(Set(taken) == Set(expected[at..<end]), "count \(count), size \(size), at \(at)")
                    #expect(taken.count == end - at)
                    at = end
                }
                #expect(batches.peek() == nil)
                #expect(batches.take(size).isEmpty)
            }
        }
    }
}
