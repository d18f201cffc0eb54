/// One worker's running best rows for every target column of a layer pair.
///
/// For column `j` it keeps the largest key `m` seen so far (the F32 cosine, or its magnitude
/// with `absolute`) and every row whose key was `≥ m − margin` when it was offered, at most
/// ``capacity`` of them; `low[j] = m − margin` is what the scan compares against. A column
/// that would need more is marked overflowed (and `low[j] = +∞` so the scan stops offering).
///
/// Merging the workers' states and keeping the rows with key `≥ M − margin` (`M` the largest
/// maximum) gives exactly the rows with key `≥ M − margin` over all rows, whatever the split,
/// because `low` only grows and never exceeds `M − margin`. Overflowed columns are resolved by
/// a separate exact pass, so overflow never changes a result.
final class ColumnBest {
    static let capacity = 16
    let count: Int
    let margin: Float
    let maximum: UnsafeMutablePointer<Float>
    let low: UnsafeMutablePointer<Float>
    let size: UnsafeMutablePointer<UInt8>
    let overflowed: UnsafeMutablePointer<Bool>
    let rows: UnsafeMutablePointer<Int32>
    let keys: UnsafeMutablePointer<Float>

    /// - Parameter inert: when true, `low` is `+∞` everywhere and nothing is ever offered.
    init(count: Int, margin: Float, inert: Bool = false) {
        self.count = count
        self.margin = margin
        let n = max(count, 1)
        maximum = .allocate(capacity: n)
        maximum.initialize(repeating: -.infinity, count: n)
        low = .allocate(capacity: n)
        low.initialize(repeating: inert ? .infinity : -.infinity, count: n)
        size = .allocate(capacity: n)
        size.initialize(repeating: 0, count: n)
        overflowed = .allocate(capacity: n)
        overflowed.initialize(repeating: false, count: n)
        rows = .allocate(capacity: n * Self.capacity)
        keys = .allocate(capacity: n * Self.capacity)
    }

    deinit {
        maximum.deallocate()
        low.deallocate()
        size.deallocate()
        overflowed.deallocate()
        rows.deallocate()
        keys.deallocate()
    }

    /// Offers row `row` with key `key` to column `j`.
    /// - Precondition: `key ≥ low[j]` (the scan's test).
    /// - Complexity: O(capacity).
    func offer(column j: Int, row: Int32, key: Float) {
        let base = j * Self.capacity
        if key > maximum[j] {
            maximum[j] = key
            let l = key - margin
            low[j] = l
            var kept = 0
            for e in 0..<Int(size[j]) where keys[base + e] >= l {
                rows[base + kept] = rows[base + e]
                keys[base + kept] = keys[base + e]
                kept += 1
            }
            size[j] = UInt8(kept)
        }
        let n = Int(size[j])
        guard n < Self.capacity else {
            overflowed[j] = true
            low[j] = .infinity
            return
        }
        rows[base + n] = row
        keys[base + n] = key
        size[j] = UInt8(n + 1)
    }

    /// The merged candidate rows of column `j` over `states`, ascending, or nil when any
    /// state overflowed there.
    static func candidates(column j: Int, in states: [ColumnBest]) -> [Int32]? {
        var m = -Float.infinity
        for s in states {
            if s.overflowed[j] { return nil }
            m = max(m, s.maximum[j])
        }
        let l = m - (states.first?.margin ?? 0)
        var out: [Int32] = []
        for s in states {
            let base = j * capacity
            for e in 0..<Int(s.size[j]) where s.keys[base + e] >= l { out.append(s.rows[base + e]) }
        }
        return out.sorted()
    }
}
