import CBLAS
import Foundation

/// The only door to OpenBLAS. Every CBLAS call of the package lives in this file.
enum BLAS {
    /// `C = A · Bᵀ` in F32, all row-major: `A` is `m × k`, `B` is `n × k`, `C` is `m × n`.
    ///
    /// The pointers must stay valid for the call and must not overlap `C`.
    /// - Complexity: `2 · m · n · k` flops.
    static func multiplyTransposed(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            blasint(m), blasint(n), blasint(k),
            1, a, blasint(k), b, blasint(k),
            0, c, blasint(n))
    }

    /// Runs `body` with OpenBLAS restricted to one thread per call (the caller runs its own
    /// threads). The setting is process-wide: the first of overlapping sections saves the
    /// thread count and the last one out restores it.
    static func withSingleThreadedCalls<R>(_ body: () throws -> R) rethrows -> R {
        singleThreaded.enter()
        defer { singleThreaded.leave() }
        return try body()
    }

    private static let singleThreaded = SingleThreadedSections()
}

/// Counts overlapping single-threaded sections so that concurrent callers do not undo each
/// other's setting.
private final class SingleThreadedSections: @unchecked Sendable {
    private let lock = NSLock()
    private var active = 0
    private var saved: Int32 = 1

    func enter() {
        lock.lock()
        defer { lock.unlock() }
        if active == 0 {
            saved = Int32(openblas_get_num_threads())
            openblas_set_num_threads(1)
        }
        active += 1
    }

    func leave() {
        lock.lock()
        defer { lock.unlock() }
        active -= 1
        if active == 0 { openblas_set_num_threads(saved) }
    }
}

/// What the loaded OpenBLAS is doing, for diagnostics.
///
/// Debian's OpenBLAS 0.3.21 does not recognise recent AVX-512 CPUs and picks its SSE3
/// ("Prescott") kernels, about 5x slower, unless `OPENBLAS_CORETYPE` was set before it loaded.
public enum BLASInfo {
    /// The kernel family OpenBLAS chose, e.g. "SkylakeX", "Haswell", "Prescott".
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Threads OpenBLAS uses for one call.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
