import Algorithms

/// Order statistics of the union of ascending runs, found without merging them: each value a
/// few binary searches per run, where sorting the null model's 262,144 sampled cosines (four
/// sorted runs, one per worker's calls) took about 12 ms a layer pair with one core busy and
/// the other idle (default build of 4 × 24,576 × 768, 2-core AMD EPYC Zen 4).
struct SortedRuns {
    let runs: [[Double]]
    let count: Int

    /// - Precondition: each run ascends and holds no NaN.
    init(_ runs: [[Double]]) {
        self.runs = runs.filter { !$0.isEmpty }
        count = runs.reduce(0) { $0 + $1.count }
    }

    /// The value at `rank` (from 0) of the runs' ascending union: the value sorting their
    /// concatenation puts there.
    /// - Precondition: `0 ≤ rank < count`.
    /// - Complexity: O(runs² · log² count).
    func value(at rank: Int) -> Double {
        precondition(rank >= 0 && rank < count, "SortedRuns: rank out of range")
        // The rank-th value v is the least value whose count of values ≤ it exceeds rank; in
        // each run, the first such value is v itself or larger, and v's own run yields v.
        func notAbove(_ v: Double) -> Int { runs.reduce(0) { $0 + $1.partitioningIndex { $0 > v } } }
        var least = Double.infinity
        for run in runs {
            var (lo, hi) = (0, run.count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if notAbove(run[mid]) > rank { hi = mid } else { lo = mid + 1 }
            }
            if lo < run.count { least = min(least, run[lo]) }
        }
        return least
    }

    /// ``GraphStatistics/quantile(sorted:_:)`` of the union, without sorting it.
    /// - Precondition: `count > 0`.
    func quantile(_ q: Double) -> Double {
        precondition(count > 0)
        let pos = q * Double(count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = min(lo + 1, count - 1)
        let (a, b) = (value(at: lo), value(at: hi))
        return a + (b - a) * (pos - Double(lo))
    }
}
