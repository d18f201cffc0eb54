/// How a sharded build divides its work: for every consecutive layer pair, a contiguous range
/// of source rows per shard, balanced by work.
///
/// The work of source row `r` of pair `p` (layer `p` → `p + 1`) is one row of that pair's
/// similarity matrix: `rowCounts[p + 1]` cosines. Laying all pairs' rows end to end (pair 0's
/// rows first, in index order) gives `W = Σₚ rowCounts[p] · rowCounts[p + 1]` units of work; row
/// `r` of pair `p` starts at `offsetₚ + r · rowCounts[p + 1]` and belongs to shard
/// `1 + ⌊start · n / W⌋`. So every shard owns one contiguous stretch of that sequence — a
/// range of source rows in one pair or a few consecutive pairs — and its work is `W / n` up to
/// one row. A shard reads only the layers of the pairs it touches. With no work (`W = 0`: one
/// layer, or an empty layer) shard 1 owns every row.
///
/// Integer arithmetic only, so every machine computes the same plan.
public struct ShardPlan: Sendable, Equatable {
    /// Features per layer, in layer order.
    public let rowCounts: [Int]
    /// Number of shards.
    public let shardCount: Int
    private let offsets: [Int]
    private let total: Int

    /// - Throws: ``SAEGraphError`` `.invalidArgument` for a negative row count or a shard count
    ///   out of range, `.tooLarge` when `W · shardCount` does not fit in 64 bits.
    /// - Complexity: O(layers).
    public init(rowCounts: [Int], shardCount: Int) throws {
        _ = try ShardSpec(index: 1, count: shardCount)
        guard rowCounts.allSatisfy({ $0 >= 0 }) else {
            throw SAEGraphError(.invalidArgument, "shard plan: feature counts must not be negative, got \(rowCounts)")
        }
        var offsets: [Int] = []
        var total = 0
        for (a, b) in zip(rowCounts, rowCounts.dropFirst()) {
            offsets.append(total)
            let (work, o1) = a.multipliedReportingOverflow(by: b)
            let (sum, o2) = total.addingReportingOverflow(work)
            guard !o1, !o2 else { throw Self.tooLarge(rowCounts, shardCount) }
            total = sum
        }
        guard !total.multipliedReportingOverflow(by: shardCount).overflow else {
            throw Self.tooLarge(rowCounts, shardCount)
        }
        self.rowCounts = rowCounts
        self.shardCount = shardCount
        self.offsets = offsets
        self.total = total
    }

    /// Number of consecutive layer pairs.
    public var pairCount: Int { max(rowCounts.count - 1, 0) }

    /// Total work, in cosines: `Σₚ rowCounts[p] · rowCounts[p + 1]`.
    public var totalWork: Int { total }

    /// Source rows of pair `pair` that shard `shard` (1-based) owns; possibly empty.
    /// For each pair the ranges of shards `1...n` are contiguous, ascending and cover
    /// `0..<rowCounts[pair]` exactly.
    /// - Complexity: O(1).
    public func rows(shard: Int, pair: Int) -> Range<Int> {
        precondition(shard >= 1 && shard <= shardCount && pair >= 0 && pair < pairCount, "shard or pair out of range")
        return firstRow(shard, pair)..<firstRow(shard + 1, pair)
    }

    /// Work (cosines) shard `shard` does.
    public func work(shard: Int) -> Int {
        (0..<pairCount).reduce(0) { $0 + rows(shard: shard, pair: $1).count * rowCounts[$1 + 1] }
    }

    /// The first row of pair `p` owned by shard `i` or a later one: the least `r` with
    /// `(offsetₚ + r · c) · n ≥ (i − 1) · W`, clamped to `0...rowCounts[p]`.
    private func firstRow(_ i: Int, _ p: Int) -> Int {
        let rows = rowCounts[p]
        if i > shardCount || rows == 0 { return rows }
        if total == 0 { return i == 1 ? 0 : rows }
        let c = rowCounts[p + 1]
        let need = (i - 1) * total - offsets[p] * shardCount
        if need <= 0 { return 0 }
        if c == 0 { return rows }
        let step = c * shardCount
        return min(rows, (need + step - 1) / step)
    }

    private static func tooLarge(_ rowCounts: [Int], _ n: Int) -> SAEGraphError {
        SAEGraphError(
            .tooLarge,
            "shard plan: \(rowCounts.count) layers of \(rowCounts.max() ?? 0) features in \(n) shards overflows 64-bit work counts"
        )
    }
}
