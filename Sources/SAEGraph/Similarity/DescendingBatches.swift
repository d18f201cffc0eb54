/// The indices of a list of F32 values, handed out in batches of the largest values not yet
/// taken: the order a descending sort gives, batch by batch, without sorting.
///
/// The near-tie refinement (``PairScan``) takes a row's candidates in descending order of
/// their coarse bounds and usually stops after one or two batches of about 150 candidates;
/// each batch costs one selection and one scan of the rest. (Measured: sorting every row's
/// candidates took 3.4 % of the default rule's CPU time, 4 × 24,576 × 768, AMD EPYC Zen 4.)
///
/// Equal values rank by index ascending, as in a stable sort, so the batches depend on the
/// values alone. Within a batch the order is unspecified.
struct DescendingBatches {
    /// Each value's order-preserving image above its complemented index, so that keys are
    /// distinct and a larger key means a larger value, or an equal value at a lower index.
    private var keys: [UInt64]
    private var taken = 0

    /// - Precondition: no NaN; `values.count < 2³²`. (−0 counts as below +0.)
    init(_ values: [Float]) {
        keys = values.enumerated().map { n, v in
            let b = v.bitPattern
            let ordered = b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
            return UInt64(ordered) << 32 | UInt64(~UInt32(n))
        }
    }

    /// The index of the largest value not yet taken; nil when all are.
    /// - Complexity: O(values not yet taken).
    func peek() -> Int? {
        guard taken < keys.count else { return nil }
        return Self.index(keys[taken...].max()!)
    }

    /// Takes the `count` largest values not yet taken (fewer when fewer are left); their indices.
    /// - Complexity: O(values not yet taken) expected.
    mutating func take(_ count: Int) -> [Int] {
        let end = min(keys.count, taken + count)
        if end < keys.count { selectLargest(from: taken, through: end) }
        defer { taken = end }
        return keys[taken..<end].map(Self.index)
    }

    private static func index(_ key: UInt64) -> Int { Int(~UInt32(truncatingIfNeeded: key)) }

    /// Moves the `end − start` largest keys of `keys[start...]` to `keys[start ..< end]`:
    /// a quickselect with the median of three as pivot, sorting what is left after many rounds.
    private mutating func selectLargest(from start: Int, through end: Int) {
        var (l, h) = (start, keys.count)
        var rounds = 0
        while h - l > 1 {
            rounds += 1
            if rounds > 64 {
                keys[l..<h].sort(by: >)
                return
            }
            let p = partition(l, h)
            if p < end - 1 {
                l = p + 1
            } else if p > end - 1 {
                h = p
            } else {
                return
            }
        }
    }

    /// Partitions `keys[l ..< h]` around a pivot, larger keys first; the pivot's position.
    private mutating func partition(_ l: Int, _ h: Int) -> Int {
        let m = l + (h - l) / 2
        let (a, b, c) = (keys[l], keys[m], keys[h - 1])
        let pivotAt = (a < b) == (b < c) ? m : (b < a) == (a < c) ? l : h - 1
        keys.swapAt(pivotAt, h - 1)
        let pivot = keys[h - 1]
        var store = l
        for x in l..<(h - 1) where keys[x] > pivot {
            keys.swapAt(x, store)
            store += 1
        }
        keys.swapAt(store, h - 1)
        return store
    }
}
