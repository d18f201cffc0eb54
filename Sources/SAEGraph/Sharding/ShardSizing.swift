/// What each task of a sharded build needs: its rows, flops, memory, and from a measured
/// kernel rate its time — from the layers' shapes alone, so a build can be sized before it
/// runs (``ShardPlan`` divides the rows).
///
/// Per layer pair a task touches (source rows `r` of `S`, target layer of `T` rows, width `d`,
/// `b` stored bytes per value), memory is the target decoder as read (`T·d·b`, memory-mapped)
/// and its normalised F32 copy (`T·d·4`), the task's own source rows read and normalised
/// (`r·d·(b + 4)`), per thread one 256-row similarity tile and its column-best state
/// (`256·T·4 + 140·T`), a reduced-precision pass's packed target rows and their 16-bit
/// refinement copy (``RefinementRows``; `4·T·d` at most, with bfloat16 packing), and the
/// partial result (`16·T + 12·r`). With a null model, the task that
/// owns the pair's first row also holds the whole source layer (`S·d·(b + 4)`). A pair the
/// `best` rule scores with encoders adds both layers' F32 encoder copies and the whole source
/// decoder as read (`(S + T)·d·4 + S·d·b`). Pairs are done
/// one after another, so a task needs the largest of its pairs plus ``baseBytes``. Flops are
/// `2·r·T·d` per pair. Integer arithmetic for memory; the estimates leave out edges (a few
/// bytes per edge kept) and file-cache effects.
public struct ShardSizing: Sendable {
    public let plan: ShardPlan
    /// d_model.
    public let dModel: Int
    /// Bytes per decoder value held while reading a layer, per layer: 4 for F32 files (read in
    /// place), the stored width plus 4 for types converted to F32 copies (6 for F16 and BF16).
    public let bytesPerValue: [Int]
    /// Threads per task.
    public let threads: Int
    /// Whether the build computes a null model.
    public let nullModel: Bool
    /// Per layer pair, whether it is scored with encoders (empty: none is).
    public let encoderPairs: [Bool]

    /// Fixed memory of a task besides its pairs: the program and its libraries.
    public static let baseBytes = 64 << 20

    /// One task's share of the build.
    public struct Task: Sendable, Equatable {
        /// 1-based shard number.
        public var shard: Int
        /// The layer pairs (positions in the layer list) and source rows the task owns.
        public var spans: [(pair: Int, rows: Range<Int>)]
        public var flops: Double
        public var memoryBytes: Int

        public static func == (a: Task, b: Task) -> Bool {
            a.shard == b.shard && a.flops == b.flops && a.memoryBytes == b.memoryBytes
                && a.spans.map(\.pair) == b.spans.map(\.pair) && a.spans.map(\.rows) == b.spans.map(\.rows)
        }
    }

    /// - Throws: as ``ShardPlan/init(rowCounts:shardCount:)``; `.invalidArgument` for a width or
    ///   thread count below 1 or one `bytesPerValue` per layer missing.
    public init(
        featureCounts: [Int], dModel: Int, bytesPerValue: [Int], shardCount: Int, threads: Int,
        nullModel: Bool = false, encoderPairs: [Bool] = []
    ) throws {
        guard dModel >= 1, threads >= 1, bytesPerValue.count == featureCounts.count,
            bytesPerValue.allSatisfy({ $0 >= 1 && $0 <= 8 })
        else {
            throw SAEGraphError(
                .invalidArgument,
                "shard sizing: d_model \(dModel) and threads \(threads) must be at least 1, with one byte width (1…8) per layer"
            )
        }
        plan = try ShardPlan(rowCounts: featureCounts, shardCount: shardCount)
        self.dModel = dModel
        self.bytesPerValue = bytesPerValue
        self.threads = threads
        self.nullModel = nullModel
        self.encoderPairs = encoderPairs
    }

    /// Total flops of the build: `2·d·Σ rowsₗ·rowsₗ₊₁`.
    public var totalFlops: Double { 2 * Double(dModel) * Double(plan.totalWork) }

    /// Task `shard` (1-based).
    /// - Complexity: O(layers).
    public func task(_ shard: Int) -> Task {
        var spans: [(pair: Int, rows: Range<Int>)] = []
        var flops = 0.0
        var peak = 0
        let d = dModel
        let n = plan.rowCounts
        for p in 0..<plan.pairCount {
            let rows = plan.rows(shard: shard, pair: p)
            guard !rows.isEmpty else { continue }
            spans.append((p, rows))
            let (r, s, t) = (rows.count, n[p], n[p + 1])
            flops += 2 * Double(r) * Double(t) * Double(d)
            var bytes = t * d * (bytesPerValue[p + 1] + 4) + r * d * (bytesPerValue[p] + 4)
            bytes += threads * (256 * t * 4 + 140 * t) + 4 * t * d + 16 * t + 12 * r
            if nullModel && rows.lowerBound == 0 { bytes += s * d * (bytesPerValue[p] + 4) }
            if encoderPairs.indices.contains(p) && encoderPairs[p] {
                bytes += (s + t) * d * 4 + s * d * bytesPerValue[p]
            }
            peak = max(peak, bytes)
        }
        return Task(shard: shard, spans: spans, flops: flops, memoryBytes: Self.baseBytes + peak)
    }

    /// The largest flops and memory of any task.
    /// - Complexity: O(shards · layers).
    public func largest() -> (flops: Double, memoryBytes: Int) {
        (1...plan.shardCount).reduce((0.0, 0)) { acc, i in
            let t = task(i)
            return (max(acc.0, t.flops), max(acc.1, t.memoryBytes))
        }
    }

    /// The fewest shards whose every task fits `memoryBytes` and takes at most `seconds` at
    /// `rate` flops per second (either budget may be nil).
    /// - Throws: `.invalidArgument` when no shard count fits: the memory floor (one target
    ///   layer and its tiles, which every task of that pair needs) is above the budget, or the
    ///   time of one source row's work exceeds it.
    /// - Complexity: O(log(shards) · shards · layers).
    public static func fewestShards(
        featureCounts: [Int], dModel: Int, bytesPerValue: [Int], threads: Int, nullModel: Bool = false,
        encoderPairs: [Bool] = [], memoryBytes: Int?, seconds: Double?, rate: Double
    ) throws -> Int {
        func sizing(_ n: Int) throws -> ShardSizing {
            try ShardSizing(
                featureCounts: featureCounts, dModel: dModel, bytesPerValue: bytesPerValue, shardCount: n,
                threads: threads, nullModel: nullModel, encoderPairs: encoderPairs)
        }
        func fits(_ n: Int) throws -> Bool {
            let m = try sizing(n).largest()
            return (memoryBytes.map { m.memoryBytes <= $0 } ?? true) && (seconds.map { m.flops / rate <= $0 } ?? true)
        }
        let limit = min(ShardSpec.maximumCount, max(1, featureCounts.reduce(0, +)))
        var high = 1
        var failed = 0
        while try !fits(high) {
            guard high < limit else {
                let m = try sizing(limit).largest()
                throw SAEGraphError(
                    .invalidArgument,
                    "no shard count fits: even \(limit) tasks need \(m.memoryBytes >> 20) MB and \(Int(m.flops / rate)) s each; raise the task memory or time"
                )
            }
            failed = high
            high = min(limit, high * 2)
        }
        var low = failed + 1
        while low < high {
            let mid = (low + high) / 2
            if try fits(mid) { high = mid } else { low = mid + 1 }
        }
        return high
    }
}
