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

    /// The Gram matrix `Xᵀ · X` of the row-major `n × d` matrix `x`, as a full symmetric
    /// row-major `d × d` matrix in double precision (the product itself in F32, `cblas_ssyrk`).
    /// - Complexity: `n · d²` flops.
    static func gram(rows n: Int, columns d: Int, _ x: UnsafePointer<Float>) -> [Double] {
        guard n > 0, d > 0 else { return [Double](repeating: 0, count: d * d) }
        var c = [Float](repeating: 0, count: d * d)
        c.withUnsafeMutableBufferPointer { out in
            cblas_ssyrk(
                CblasRowMajor, CblasUpper, CblasTrans, blasint(d), blasint(n), 1, x, blasint(d), 0,
                out.baseAddress, blasint(d))
        }
        var full = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in i..<d {
                full[i * d + j] = Double(c[i * d + j])
                full[j * d + i] = Double(c[i * d + j])
            }
        }
        return full
    }

    /// Eigenvalues (ascending) and eigenvectors of a symmetric `d × d` matrix, with LAPACK's
    /// divide-and-conquer `dsyevd`. `vectors[j * d ..< (j + 1) * d]` is the unit eigenvector of
    /// `values[j]`.
    /// - Throws: ``SAEGraphError`` `.library` when LAPACK reports a failure.
    /// - Complexity: O(d³).
    static func symmetricEigen(_ matrix: [Double], dimension d: Int) throws -> (values: [Double], vectors: [Double]) {
        precondition(matrix.count == d * d, "a d × d matrix")
        var a = matrix  // symmetric, so row- and column-major agree
        var w = [Double](repeating: 0, count: d)
        var jobz = CChar(UInt8(ascii: "V"))
        var uplo = CChar(UInt8(ascii: "L"))
        var n = Int32(d)
        var lda = Int32(d)
        var info: Int32 = 0
        var workSize = 0.0
        var iworkSize: Int32 = 0
        var query: Int32 = -1
        var iquery: Int32 = -1
        dsyevd_(&jobz, &uplo, &n, &a, &lda, &w, &workSize, &query, &iworkSize, &iquery, &info)
        guard info == 0 else { throw SAEGraphError(.library, "LAPACK dsyevd workspace query failed (info \(info))") }
        var lwork = Int32(workSize)
        var liwork = iworkSize
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        dsyevd_(&jobz, &uplo, &n, &a, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
        guard info == 0 else {
            throw SAEGraphError(.library, "LAPACK dsyevd did not converge on the \(d) × \(d) covariance (info \(info))")
        }
        return (w, a)
    }

    /// `C = alpha · op(A) · op(B) + beta · C` in F32, row-major with leading dimensions (the
    /// distance between rows), for matrices that are slices of larger ones: `op(A)` is
    /// `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `transposeA`/`transposeB` read `A`/`B` as
    /// stored transposed.
    /// - Complexity: `2 · m · n · k` flops.
    static func multiply(
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k),
            alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc))
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
