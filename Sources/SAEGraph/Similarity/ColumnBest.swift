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
/// refined to F32 accuracy (a dot product of the two unit rows), so `margin` is the F32 tie
/// margin and the kept lists stay short; the scan still screens with the coarse value `g`,
/// raised to `g + Aᵢ + eⱼ`, the most the pair's true cosine can be (``PairErrorTerms``), so
/// `low[j]` is lowered by `slack` (the F32 bound): a row with `g + Aᵢ + eⱼ < low[j]` has a
/// true cosine below the kept rows' by more than `margin`, and its refined key would not have
/// been kept either.
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
        // One slot more than the capacity: an offer inserts first, then trims.
        rows = .allocate(capacity: n * (capacity + 1))
        keys = .allocate(capacity: n * (capacity + 1))
    }

    deinit {
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

/// The column bounds of a scan's workers, pooled after each tile so that every worker screens
/// with the bound of all rows scanned so far, not of its own alone (see ``ColumnBest``).
///
/// Each worker leaves its `depth` largest keys of every column here (its rows are its own, so
/// the pooled keys belong to distinct rows); the `depth`-th largest pooled key `K` is then at
/// most the final merged one, and `low[j]` may rise to `(K − margin) − slack`, as one worker
/// that had scanned every pooled row would have set it. An overflowed column (`low = +∞`)
/// stays `+∞` for everyone: the exact pass resolves it anyway.
///
/// Measured on the default rule (4 × 24,576 × 768, two workers): with each worker's bound
/// rising only with its own rows, its `k`-th key trails the pooled one (about the `2k`-th of
/// all rows), and the scan refined 26.4 M keys against 17.6 M for one worker.
final class SharedColumnFloors: @unchecked Sendable {
    private let workers: Int
    private let count: Int
    private let depth: Int
    /// Worker `w`'s keys of column `j` at `(j · workers + w) · depth`, descending, `−∞` padded.
    private let keys: UnsafeMutablePointer<Float>
    private let overflowed: UnsafeMutablePointer<Bool>
    /// Locks of column stripes, so that workers exchanging at once rarely wait.
    private let stripes: [NSLock]
    private static let stripeColumns = 512

    init(count: Int, workers: Int, depth: Int) {
        self.workers = workers
        self.count = count
        self.depth = max(1, depth)
        let n = max(count, 1)
        keys = .allocate(capacity: n * workers * self.depth)
        keys.initialize(repeating: -.infinity, count: n * workers * self.depth)
        overflowed = .allocate(capacity: n)
        overflowed.initialize(repeating: false, count: n)
        stripes = (0..<((n + Self.stripeColumns - 1) / Self.stripeColumns)).map { _ in NSLock() }
    }

    deinit {
        keys.deallocate()
        overflowed.deallocate()
    }

    /// Leaves worker `w`'s keys of every column and raises `state`'s bounds to the pooled ones.
    /// - Complexity: O(count · workers · depth), under one stripe's lock at a time.
    func exchange(worker w: Int, state: ColumnBest) {
        let heads = UnsafeMutablePointer<Int>.allocate(capacity: workers)
        defer { heads.deallocate() }
        for (s, lock) in stripes.enumerated() {
            lock.lock()
            for j in (s * Self.stripeColumns)..<min(count, (s + 1) * Self.stripeColumns) {
                if state.low[j] == .infinity { overflowed[j] = true }
                if overflowed[j] {
                    state.low[j] = .infinity
                    continue
                }
                let own = keys + (j * workers + w) * depth
                let kept = min(depth, Int(state.size[j]))
                let listed = state.keys + j * (state.capacity + 1)
                for e in 0..<depth { own[e] = e < kept ? listed[e] : -.infinity }
                let k = pooledKey(column: j, heads: heads)
                guard k.isFinite else { continue }
                let l = (k - state.margin) - state.slack
                if l > state.low[j] { state.low[j] = l }
            }
            lock.unlock()
        }
    }

    /// The `depth`-th largest key of column `j` over the workers' descending lists (`−∞` when
    /// fewer are finite), merging their heads (`heads`: room for one index per worker).
    /// Measured on the default rule: the first version, a head merge on Swift arrays, took 6.5 %
    /// of the build's CPU time, on pointers 3.1 %, and for two workers without branches the
    /// whole exchange takes 1 %.
    private func pooledKey(column j: Int, heads: UnsafeMutablePointer<Int>) -> Float {
        let base = keys + j * workers * depth
        if depth == 1 {
            // Best matches alone: the largest of the workers' keys.
            var k = base[0]
            for v in 1..<workers where base[v] > k { k = base[v] }
            return k
        }
        if workers == 2 {
            // Taking s keys from one list and depth − s from the other, the depth-th is the
            // smaller of the last two taken; the depth-th of the union is the largest of those
            // over every s (no branch to mispredict).
            let other = base + depth
            var k = max(base[depth - 1], other[depth - 1])
            for s in 1..<depth { k = max(k, min(base[s - 1], other[depth - s - 1])) }
            return k
        }
        heads.update(repeating: 0, count: workers)
        var k = -Float.infinity
        for _ in 0..<depth {
            var pick = -1
            k = -.infinity
            for v in 0..<workers where heads[v] < depth {
                let key = base[v * depth + heads[v]]
                if pick < 0 || key > k {
                    pick = v
                    k = key
                }
            }
            guard pick >= 0 else { return -.infinity }
            heads[pick] += 1
        }
        return k
    }
}
