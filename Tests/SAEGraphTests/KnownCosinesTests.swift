import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The row side's reference cosines reused by the column side (``KnownCosines``).
struct KnownCosinesTests {
    /// The reference is symmetric bit for bit: row `i` with column `j` computed from the row's
    /// side equals column `j` with row `i` from the column's side, batched or one at a time.
    @Test(arguments: [1, 31, 33, 768])
    func referenceIsTheSameEitherWayRound(columns d: Int) throws {
        var rng = SplitMix64(seed: UInt64(d) + 5)
        let a = try NormalizedRows(decoderMatrix(randomDecoderRows(13, d, &rng), columns: d), excluded: [4], what: "a")
        let b = try NormalizedRows(decoderMatrix(randomDecoderRows(17, d, &rng), columns: d), excluded: [], what: "b")
        for i in 0..<a.count {
            let columns = Array(0..<b.count)
            var forward = [Double](repeating: .nan, count: columns.count)
            columns.withUnsafeBufferPointer { c in
                forward.withUnsafeMutableBufferPointer { a.exactCosines(i, b, c, into: $0.baseAddress!) }
            }
            for j in columns {
                var back = [Double.nan]
                [i].withUnsafeBufferPointer { r in
                    back.withUnsafeMutableBufferPointer { b.exactCosines(j, a, r, into: $0.baseAddress!) }
                }
                #expect(back[0].bitPattern == forward[j].bitPattern, "row \(i), column \(j)")
                #expect(b.exactCosine(j, a, i).bitPattern == forward[j].bitPattern)
            }
        }
    }

    /// Known values are looked up, the rest computed in one batch in the rows' order; the
    /// result lists every row once, ascending, and counts only what was computed.
    @Test func resolveLooksUpKnownValuesAndComputesTheRest() {
        var known = KnownCosines()
        known.append([(j: 2, c: 0.5), (j: 7, c: -0.25)])  // row 0
        known.append([])  // row 1
        var tail = KnownCosines()
        tail.append([(j: 7, c: 0.125)])  // row 2
        known.append(contentsOf: tail)
        #expect(known.value(row: 0, column: 7) == -0.25)
        #expect(known.value(row: 2, column: 7) == 0.125)
        #expect(known.value(row: 1, column: 7) == nil && known.value(row: 3, column: 7) == nil)
        var asked: [[Int]] = []
        let (resolved, computed) = known.resolve(column: 7, rows: [0, 1, 2, 3]) { rows, out in
            asked.append(Array(rows))
            for (n, r) in rows.enumerated() { out[n] = Double(r) + 10 }
        }
        #expect(asked == [[1, 3]] && computed == 2)
        #expect(resolved.map(\.j) == [0, 1, 2, 3] && resolved.map(\.c) == [-0.25, 11, 0.125, 13])
        let (all, none) = known.resolve(column: 2, rows: [0]) { _, _ in Issue.record("nothing to compute") }
        #expect(all.map(\.c) == [0.5] && none == 0)
    }
}
