import Testing

@testable import SAEGraph

@Suite struct ShardPlanTests {
    /// Brute force: the shard of every row, from the rule in the documentation.
    private func owner(_ counts: [Int], n: Int, pair p: Int, row r: Int) -> Int {
        let total = zip(counts, counts.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
        if total == 0 { return 1 }
        let offset = (0..<p).reduce(0) { $0 + counts[$1] * counts[$1 + 1] }
        return 1 + (offset + r * counts[p + 1]) * n / total
    }

    @Test(arguments: [
        ([37, 50, 23, 41], 1), ([37, 50, 23, 41], 2), ([37, 50, 23, 41], 3), ([37, 50, 23, 41], 7),
        ([5, 0, 4], 3), ([3, 4], 20), ([10], 4), ([1000, 1000], 8), ([0, 5, 6], 2),
    ])
    func rangesFollowTheRuleAndPartitionEveryPair(_ counts: [Int], _ n: Int) throws {
        let plan = try ShardPlan(rowCounts: counts, shardCount: n)
        #expect(plan.pairCount == max(counts.count - 1, 0))
        for p in 0..<plan.pairCount {
            var next = 0
            for i in 1...n {
                let rows = plan.rows(shard: i, pair: p)
                #expect(rows.lowerBound == next)
                next = rows.upperBound
                for r in rows { #expect(owner(counts, n: n, pair: p, row: r) == i) }
            }
            #expect(next == counts[p])
        }
        let works = (1...n).map { plan.work(shard: $0) }
        #expect(works.reduce(0, +) == plan.totalWork)
        // Balanced: each shard within one row's work of W / n.
        let largestRow = counts.dropFirst().max() ?? 0
        for w in works { #expect(abs(w * n - plan.totalWork) <= largestRow * n) }
    }

    @Test func rejectsBadCountsAndOverflow() {
        #expect(throws: SAEGraphError.self) { try ShardPlan(rowCounts: [3, 4], shardCount: 0) }
        #expect(throws: SAEGraphError.self) { try ShardPlan(rowCounts: [3, -1], shardCount: 2) }
        #expect { try ShardPlan(rowCounts: [1 << 40, 1 << 40], shardCount: 2) } throws: {
            ($0 as? SAEGraphError)?.kind == .tooLarge
        }
    }
}
