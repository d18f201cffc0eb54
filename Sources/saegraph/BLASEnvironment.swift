import Foundation

/// Debian's OpenBLAS 0.3.21 does not recognise recent AVX-512 CPUs and falls back to slow
/// SSE3 kernels (5x slower) unless `OPENBLAS_CORETYPE` is set before the library loads. The
/// library is loaded with the executable, so the only way to set it is to re-execute this
/// program once with the variable in its environment. A user's own setting is respected.
enum BLASEnvironment {
    static func prepareOrReexec() {
        guard getenv("OPENBLAS_CORETYPE") == nil, getenv("SAEGRAPH_NO_REEXEC") == nil else { return }
        guard let core = preferredCore() else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
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
