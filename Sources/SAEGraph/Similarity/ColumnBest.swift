import Foundation

/// One worker's running best rows for every target column of a layer pair.
///
/// For column `j` it keeps its rows ordered by key (the F32 cosine, or its magnitude with
/// `absolute`) descending: every row whose key was `≥ m − margin` when it was offered, where
/// `m` is the `depth`-th largest key seen so far (`−∞` until `depth` rows were seen), at most
/// ``capacity`` of them; `low[j] = m − margin` is what the scan compares against. With
/// `depth` 1, `m` is the column's running maximum (its best match); with `depth` k the kept
/// rows hold the column's k nearest rows (its CSLS neighbourhood). A column that would need
/// more is marked overflowed (and `low[j] = +∞` so the scan stops offering).
///
/// Merging the workers' states and keeping the rows with key `≥ M − margin` (`M` the
/// `depth`-th largest merged key) gives exactly the rows with key `≥ M − margin` over all
/// rows, whatever the split, because `low` only grows and never exceeds `M − margin`.
/// Overflowed columns are resolved by a separate exact pass, so overflow never changes a
/// result. For the same reason workers may share their floors (``SharedColumnFloors``): each
/// worker's `low[j]` is at most `M − margin − slack` (its own `depth`-th key is at most the
/// merged one), so the largest over workers is too, and a `+∞` from an overflow only sends
/// the column to the exact pass that the overflow already sends it to.
///
/// With a reduced-precision candidate pass (int8, bf16) the scan offers each row with its key
/// refined to near-F32 accuracy (the unit source row with the 16-bit target row,
/// ``RefinementRows``, or with the F32 one), so `margin` is the refined keys' tie margin and
/// the kept lists stay short; the scan still screens with the coarse value `g`, raised to
/// `g + Aᵢ + eⱼ`, the most the pair's true cosine can be (``PairErrorTerms``), so `low[j]` is
/// lowered by `slack` (the refined keys' bound, ``PairScan/refineBound``): a row with
/// `g + Aᵢ + eⱼ < low[j]` has a true cosine below the kept rows' by more than `margin`, and its
/// refined key would not have been kept either.
final class ColumnBest {
    let count: Int
    let margin: Float
    /// How far below the kept rows' bound the scan's coarse keys are still offered (0 when the
    /// offered keys are the scan's own).
    let slack: Float
    let depth: Int
    let capacity: Int
    let low: UnsafeMutablePointer<Float>
    let size: UnsafeMutablePointer<UInt8>
    let overflowed: UnsafeMutablePointer<Bool>
    let rows: UnsafeMutablePointer<Int32>
    let keys: UnsafeMutablePointer<Float>
    /// Whether a key entered the column's first `depth` since ``SharedColumnFloors`` last
    /// pooled it.
    let touched: UnsafeMutablePointer<Bool>

    /// Capacity for `depth`: 16 for best matches alone, room for near-ties beyond that.
    static func capacity(depth: Int) -> Int { min(250, 2 * depth + 14) }

    /// - Parameter inert: when true, `low` is `+∞` everywhere and nothing is ever offered.
    init(count: Int, margin: Float, depth: Int = 1, slack: Float = 0, inert: Bool = false) {
        self.count = count
        self.margin = margin
        self.slack = slack
        self.depth = max(1, depth)
        capacity = Self.capacity(depth: self.depth)
        let n = max(count, 1)
        low = .allocate(capacity: n)
        low.initialize(repeating: inert ? .infinity : -.infinity, count: n)
        size = .allocate(capacity: n)
        size.initialize(repeating: 0, count: n)
        overflowed = .allocate(capacity: n)
        overflowed.initialize(repeating: false, count: n)
        touched = .allocate(capacity: n)
        touched.initialize(repeating: false, count: n)
        // One slot more than the capacity: an offer inserts first, then trims.
        rows = .allocate(capacity: n * (capacity + 1))
        keys = .allocate(capacity: n * (capacity + 1))
    }

    deinit {
        low.deallocate()
        size.deallocate()
        overflowed.deallocate()
        touched.deallocate()
        rows.deallocate()
        keys.deallocate()
    }

    /// Offers row `row` with key `key` to column `j`.
    /// - Precondition: `key ≥ low[j]` (the scan's test).
    /// - Complexity: O(capacity).
    func offer(column j: Int, row: Int32, key: Float) {
        let base = j * (capacity + 1)
        var n = Int(size[j])
        var p = n
        while p > 0 && keys[base + p - 1] < key {
            keys[base + p] = keys[base + p - 1]
            rows[base + p] = rows[base + p - 1]
            p -= 1
        }
        keys[base + p] = key
        rows[base + p] = row
        if p < depth { touched[j] = true }
        n += 1
        if n >= depth {
            let l = keys[base + depth - 1] - margin
            if l - slack > low[j] { low[j] = l - slack }
            let keep = low[j] + slack
            while n > depth && keys[base + n - 1] < keep { n -= 1 }
        }
        guard n <= capacity else {
            overflowed[j] = true
            low[j] = .infinity
            size[j] = UInt8(capacity)
            return
        }
        size[j] = UInt8(n)
    }

    /// Raises `low[j]` to `floors[j]` where that is higher (an empty `floors` changes nothing).
    /// - Precondition: each floor is at most `M − margin − slack`, `M` the column's final merged
    ///   `depth`-th largest key (see ``PairScan/columnSeeds(workers:)``), so no row that the
    ///   merge keeps is ever screened out or trimmed.
    func raiseLow(to floors: [Float]) {
        for j in 0..<min(count, floors.count) where floors[j] > low[j] { low[j] = floors[j] }
    }

    /// The merged candidate rows of column `j` over `states`, ascending, or nil when any
    /// state overflowed there.
    static func candidates(column j: Int, in states: [ColumnBest]) -> [Int32]? {
        var all: [(row: Int32, key: Float)] = []
        for s in states {
            if s.overflowed[j] { return nil }
            let base = j * (s.capacity + 1)
            for e in 0..<Int(s.size[j]) { all.append((s.rows[base + e], s.keys[base + e])) }
        }
        guard let first = states.first, !all.isEmpty else { return [] }
        all.sort { $0.key > $1.key }
        let l = all.count >= first.depth ? all[first.depth - 1].key - first.margin : -.infinity
        return all.filter { $0.key >= l }.map(\.row).sorted()
    }
}

/// The column bounds of a scan's workers, pooled after each tile (with a refining pass, after
/// each batch of offers) so that every worker screens with the bound of all rows scanned so
/// far, not of its own alone (see ``ColumnBest``).
///
/// Each column keeps one pooled list: the `depth` largest keys, with their rows, of the lists
/// the workers have left so far, a row counted once (a row's key is the same in every list
/// that holds it). They are keys of distinct rows, so the list's `depth`-th key `K` is at most
/// the final merged one, and `low[j]` may rise to `(K − margin) − slack`, as one worker that
/// had scanned every pooled row would have set it. An overflowed column (`low = +∞`) stays
/// `+∞` for everyone: the exact pass resolves it anyway.
///
/// Measured on the default rule (4 × 24,576 × 768, two workers): with each worker's bound
/// rising only with its own rows, its `k`-th key trails the pooled one (about the `2k`-th of
/// all rows), and the scan refined 26.4 M keys against 17.6 M for one worker; pooled, 19.0 M.
/// An exchange merges two lists of `depth` per column, whatever the number of workers.
final class SharedColumnFloors: @unchecked Sendable {
    private let count: Int
    private let depth: Int
    /// Column `j`'s pooled list at `j · depth`: keys descending, then `(−∞, −1)` padding.
    private let keys: UnsafeMutablePointer<Float>
    private let rows: UnsafeMutablePointer<Int32>
    private let overflowed: UnsafeMutablePointer<Bool>
    /// Locks of column stripes, so that workers exchanging at once rarely wait.
    private let stripes: [NSLock]
    private static let stripeColumns = 512

    init(count: Int, depth: Int) {
        self.count = count
        self.depth = max(1, depth)
        let n = max(count, 1)
        keys = .allocate(capacity: n * self.depth)
        keys.initialize(repeating: -.infinity, count: n * self.depth)
        rows = .allocate(capacity: n * self.depth)
        rows.initialize(repeating: -1, count: n * self.depth)
        overflowed = .allocate(capacity: n)
        overflowed.initialize(repeating: false, count: n)
        stripes = (0..<((n + Self.stripeColumns - 1) / Self.stripeColumns)).map { _ in NSLock() }
    }

    deinit {
        keys.deallocate()
        rows.deallocate()
        overflowed.deallocate()
    }

    /// Merges `state`'s lists into the pooled ones and raises its bounds to theirs.
    /// - Complexity: O(count · depth) (more only with many equal keys), under one stripe's
    ///   lock at a time.
    func exchange(with state: ColumnBest) {
        let mergedKeys = UnsafeMutablePointer<Float>.allocate(capacity: depth)
        let mergedRows = UnsafeMutablePointer<Int32>.allocate(capacity: depth)
        defer {
            mergedKeys.deallocate()
            mergedRows.deallocate()
        }
        for (s, lock) in stripes.enumerated() {
            lock.lock()
            for j in (s * Self.stripeColumns)..<min(count, (s + 1) * Self.stripeColumns) {
                if state.low[j] == .infinity { overflowed[j] = true }
                if overflowed[j] {
                    state.low[j] = .infinity
                    continue
                }
                if state.touched[j] {
                    // Merging an unchanged list would change nothing (measured on the default
                    // rule: skipping them took the exchange from 6.0 % of the CPU time to 3.8 %).
                    state.touched[j] = false
                    merge(column: j, state, into: mergedKeys, mergedRows)
                    (keys + j * depth).update(from: mergedKeys, count: depth)
                    (rows + j * depth).update(from: mergedRows, count: depth)
                }
                let k = keys[j * depth + depth - 1]
                guard k.isFinite else { continue }
                let l = (k - state.margin) - state.slack
                if l > state.low[j] { state.low[j] = l }
            }
            lock.unlock()
        }
    }

    /// The `depth` largest of column `j`'s pooled list and `state`'s first `depth` entries, a
    /// row once, into `outKeys` / `outRows` (descending, `(−∞, −1)` padded when both are short).
    private func merge(
        column j: Int, _ state: ColumnBest, into outKeys: UnsafeMutablePointer<Float>,
        _ outRows: UnsafeMutablePointer<Int32>
    ) {
        let own = state.keys + j * (state.capacity + 1)
        let ownRows = state.rows + j * (state.capacity + 1)
        let kept = min(depth, Int(state.size[j]))
        let pooled = keys + j * depth
        let pooledRows = rows + j * depth
        var (a, b, n) = (0, 0, 0)
        while n < depth {
            let ownLeft = a < kept
            let pooledLeft = b < depth && pooledRows[b] >= 0
            guard ownLeft || pooledLeft else { break }
            let key: Float
            let row: Int32
            if ownLeft && (!pooledLeft || own[a] >= pooled[b]) {
                (key, row) = (own[a], ownRows[a])
                a += 1
            } else {
                (key, row) = (pooled[b], pooledRows[b])
                b += 1
            }
            // A row in both lists has the same key: look among the equal keys taken.
            var t = n - 1
            while t >= 0 && outKeys[t] == key && outRows[t] != row { t -= 1 }
            if t >= 0 && outKeys[t] == key { continue }
            outKeys[n] = key
            outRows[n] = row
            n += 1
        }
        for e in n..<depth {
            outKeys[e] = -.infinity
            outRows[e] = -1
        }
    }
}
