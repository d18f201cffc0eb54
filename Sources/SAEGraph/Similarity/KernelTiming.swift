import Foundation

/// What ``KernelTiming`` measured: each candidate kernel's rate on the sample, and the fastest.
public struct KernelChoice: Sendable, Equatable {
    /// One kernel's measured rate.
    public struct Rate: Sendable, Equatable {
        public var kernel: CandidateKernel
        /// `2 · sources · targets · columns` of the sample over the best wall time of its scan
        /// (products, candidate checks in Double, best matches) with the build's threads, in
        /// 10⁹ per second.
        public var gigaOpsPerSecond: Double
    }

    /// The kernel used: the fastest measured (the only one when nothing else was timed).
    public var kernel: CandidateKernel
    /// Every kernel timed, fastest first; empty when no timing was needed.
    public var rates: [Rate]
    /// The threads each kernel was timed with.
    public var threads: Int = 1

    /// One line for logs, e.g.
    /// `int8-avx512 (measured on a sample, 2 threads: int8-avx512 410 GOP/s, fp32 150)`.
    public var summary: String {
        guard !rates.isEmpty else { return kernel.rawValue }
        let list = rates.enumerated().map { k, r in
            String(format: "%@ %.0f%@", r.kernel.rawValue, r.gigaOpsPerSecond, k == 0 ? " GOP/s" : "")
        }
        let how = threads == 1 ? "one thread" : "\(threads) threads"
        return "\(kernel.rawValue) (measured on a sample, \(how): \(list.joined(separator: ", ")))"
    }
}

/// Chooses the candidate kernel of ``SimilarityPrecision/auto`` by timing each available one
/// on a sample of the real rows: ``sampleSources`` source rows against up to
/// ``sampleTargets`` target rows (sources spread evenly over the layer, targets its first
/// rows), each kernel's row-side scan (products, refinement and Double checks of its
/// candidates, each row's best match and neighbourhood) run up to ``repeats`` times in turn
/// (see ``retimed``), best time kept, with the build's threads (one tile of the sample each,
/// of at least 32 rows); about 0.1 s for `d_model` 768 on two threads.
///
/// Timed with one thread, the timing was serial work: about 0.25 s of the default build of
/// 4 × 24,576 × 768 rows (2-core AMD EPYC Zen 4), the largest stretch of it with one core
/// idle, and a fixed cost that more cores would not shorten. With the build's threads it takes
/// about half as long on two cores, and it times each kernel as the build runs it, its workers
/// sharing the caches.
/// The sample spans (nearly) the whole target layer because a coarse kernel's near-ties per
/// row grow with the number of targets: with 4,096 targets the int8 pass measured slower than
/// fp32 on a pair where it is 1.4× faster end to end (2 × 24,576 × 768, threshold rule, Intel
/// Xeon). The column side is left out (a sample of 128 rows overstates it many times over).
/// The choice changes only speed: every kernel gives identical results.
enum KernelTiming {
    static let sampleSources = 128
    static let sampleTargets = 16384
    static let repeats = 2
    /// Only kernels within this factor of the fastest first time are timed again: a slower one
    /// would need its first time inflated by half to win. On the threshold build of 4 × 24,576
    /// × 768 (2-core AMD EPYC Zen 4: int8 about 420 GOP/s, bf16 290, fp32 125) this spares
    /// fp32's second run, about 30 ms of the timing's 100.
    static let retimed = 1.5

    /// - Complexity: `repeats · kernels · 2 · sampleSources · sampleTargets · columns`
    ///   operations plus packing the sample; memory for the sampled rows.
    static func choose(source: NormalizedRows, target: NormalizedRows, options: SimilarityOptions) -> KernelChoice {
        let kernels = CandidateKernel.candidates(columns: source.columns)
        guard kernels.count > 1, source.count > 0, target.count > 0 else {
            return KernelChoice(kernel: kernels.first ?? .fp32, rates: [])
        }
        let s = NormalizedRows(sampling: min(sampleSources, source.count), of: source)
        // The first targets, shared rather than copied: a spread copy of 16,384 rows would add
        // 48 MiB to the peak resident memory for a tenth of a second.
        let t = NormalizedRows(prefix: min(sampleTargets, target.count), of: target)
        // One tile per worker, of at least 32 rows.
        let workers = max(1, min(options.resolvedThreads, s.count / 32))
        let tileRows = (s.count + workers - 1) / workers
        // Refined from the F32 rows: a 16-bit copy of the sample per kernel would cost memory
        // and time the build does not spend.
        let scans = kernels.map {
            PairScan(source: s, target: t, options: options, kernel: $0, tileRows: tileRows, shortRefinement: false)
        }
        var best = [Double](repeating: .infinity, count: kernels.count)
        for round in 0..<repeats {
            let fastest = best.min() ?? .infinity
            for (k, scan) in scans.enumerated() where round == 0 || best[k] <= Self.retimed * fastest {
                let started = DispatchTime.now().uptimeNanoseconds
                _ = scan.run(stage: "timing", progress: nil, columns: false)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9
                best[k] = min(best[k], max(seconds, 1e-9))
            }
        }
        let ops = 2 * Double(s.count) * Double(t.count) * Double(s.columns)
        let rates = zip(kernels, best).map { KernelChoice.Rate(kernel: $0, gigaOpsPerSecond: ops / $1 * 1e-9) }
            .sorted { $0.gigaOpsPerSecond > $1.gigaOpsPerSecond }
        return KernelChoice(kernel: rates[0].kernel, rates: rates, threads: workers)
    }
}
