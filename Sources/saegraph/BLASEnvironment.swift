import Foundation

/// Debian's OpenBLAS 0.3.21 does not recognise recent AVX-512 CPUs and falls back to slow
/// SSE3 kernels (5x slower) unless `OPENBLAS_CORETYPE` is set before the library loads. The
/// library is loaded with the executable, so the only way to set it is to re-execute this
/// program once with the variable in its environment.
///
/// The same re-execution sets `OPENBLAS_NUM_THREADS=1`. saegraph's products run on its own
/// worker threads with one BLAS thread each (``BLAS/withSingleThreadedCalls(_:)``); only
/// `pca`'s `d_model × d_model` eigen-decomposition is left to OpenBLAS, and `pca` of
/// 4 × 24,576 rows took 2.5–3.0 s with one OpenBLAS thread or two. So OpenBLAS's thread pool
/// does no work, but its threads, started with the library, wait for work by spinning on
/// `sched_yield`, and took a tenth of the CPU time of a query (`chains` on a 1,000,000-edge
/// graph: mean 0.353 s with the pool, 0.314 s without, ten interleaved runs; AMD EPYC Zen 4).
/// The same re-execution asks glibc's allocator for transparent huge pages
/// (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, glibc 2.35 and later; older ones ignore it).
/// A query reading a 1,000,000-edge graph first-touches about 100 MB of fresh arrays: with
/// 4 KiB pages that was 28,000 page faults and 0.07–0.12 s of system time in a 0.25 s
/// `chains`; with huge pages 10,600 faults and 0.04–0.08 s. Builds are unchanged by it (three
/// interleaved rounds each of the threshold and default builds of 4 × 24,576 × 768, within
/// their spread; peak RSS +1 %). AMD EPYC Zen 4, 2026-12-07.
///
/// A user's own settings are respected.
enum BLASEnvironment {
    static func prepareOrReexec() {
        guard getenv("SAEGRAPH_NO_REEXEC") == nil else { return }
        var changed = false
        if getenv("OPENBLAS_CORETYPE") == nil, let core = preferredCore() {
            setenv("OPENBLAS_CORETYPE", core, 1)
            changed = true
        }
        let threadSettings = ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"]
        if threadSettings.allSatisfy({ getenv($0) == nil }) {
            setenv("OPENBLAS_NUM_THREADS", "1", 1)
            changed = true
        }
        if getenv("GLIBC_TUNABLES") == nil {
            setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1)
            changed = true
        }
        guard changed else { return }
        setenv("SAEGRAPH_NO_REEXEC", "1", 1)
        var args = CommandLine.arguments.map { strdup($0) }
        args.append(nil)
        execv("/proc/self/exe", &args)
        // execv returned: carry on with the default kernels.
    }

    /// The OpenBLAS core type for this CPU, read from /proc/cpuinfo's flags.
    static func preferredCore() -> String? {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return nil }
        let flags = Set(line.split(separator: " ").map(String.init))
        if flags.contains("avx512f") && flags.contains("avx512bw") && flags.contains("avx512vl") {
            return "SkylakeX"
        }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        return nil
    }
}
