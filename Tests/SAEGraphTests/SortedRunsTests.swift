import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct SortedRunsTests {
    /// Every rank and every quantile level of the runs' union equal those of the sorted
    /// concatenation, bit for bit, with repeats within and across runs and empty runs.
    @Test(arguments: [1, 2, 3, 4] as [UInt64]) func matchesTheSortedConcatenation(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let runs: [[Double]] = (0..<Int(seed + 2)).map { r in
            let n = r == 1 ? 0 : Int(rng.next() % 40)
            // Few distinct values, so repeats are common, negative ones too.
            return (0..<n).map { _ in Double(Int(rng.next() % 23) - 11) / 8 }.sorted()
        }
        let sorted = runs.flatMap { $0 }.sorted()
        let union = SortedRuns(runs)
        #expect(union.count == sorted.count)
        for rank in sorted.indices { #expect(union.value(at: rank).bitPattern == sorted[rank].bitPattern) }
        for q in statisticsQuantileLevels + [0.01, 0.33, 0.999] {
            #expect(union.quantile(q).bitPattern == GraphStatistics.quantile(sorted: sorted, q).bitPattern)
        }
    }

    @Test func oneValue() {
        let union = SortedRuns([[], [0.25], []])
        #expect(union.value(at: 0) == 0.25 && union.quantile(0.5) == 0.25 && union.quantile(1) == 0.25)
    }
}
