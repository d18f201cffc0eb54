import Foundation

/// The edge rule and resources of a similarity build.
///
/// An edge `i → j` exists when `cos(i, j) ≥ threshold` (inclusive), or `|cos(i, j)| ≥ threshold`
/// with `absolute` (the edge keeps its sign). With `topK`, each source keeps only its `topK`
/// strongest such edges (strength `cos`, or `|cos|` with `absolute`; ties: lower target index).
/// `cos` is the Double reference of ``ExactCosine``, so the edge set never depends on F32
/// rounding, thread count or tiling.
public struct SimilarityOptions: Sendable, Equatable {
    public var threshold: Float = 0.5
    public var topK: Int? = nil
    public var absolute: Bool = false
    /// Worker threads; nil means all cores (`ProcessInfo.activeProcessorCount`).
    public var threads: Int? = nil
    /// Arithmetic of the candidate pass. Never changes a result, only the speed.
    public var precision: SimilarityPrecision = .auto
    /// When `k > 0`, the scan also yields every row's and column's `k` nearest rows on the
    /// other side, by exact cosine (``PairSimilarityResult/nextNeighbours``): CSLS's
    /// neighbourhoods, from the same tiled pass. At most ``maximumNeighbours``.
    public var neighbours: Int = 0

    /// Largest ``neighbours`` the scan supports.
    public static let maximumNeighbours = 100

    public init(
        threshold: Float = 0.5, topK: Int? = nil, absolute: Bool = false, threads: Int? = nil,
        precision: SimilarityPrecision = .auto
    ) {
        self.threshold = threshold
        self.topK = topK
        self.absolute = absolute
        self.threads = threads
        self.precision = precision
    }

    /// The thread count to use.
    var resolvedThreads: Int { max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount) }

    /// - Throws: ``SAEGraphError`` `.invalidArgument` for a non-finite threshold, `topK < 1`
    ///   or `threads < 1`; `.unsupported` for `.bf16` on a CPU without AVX512-BF16 and `.int8`
    ///   on one without VNNI or AVX2.
    func validate() throws {
        guard threshold.isFinite else {
            throw SAEGraphError(
                .invalidArgument, "similarity threshold \(threshold) is not a finite number; use a value such as 0.5")
        }
        if let k = topK, k < 1 {
            throw SAEGraphError(.invalidArgument, "top-k \(k) must be at least 1")
        }
        guard neighbours >= 0, neighbours <= Self.maximumNeighbours else {
            throw SAEGraphError(
                .invalidArgument, "neighbourhood size \(neighbours) must lie in 0...\(Self.maximumNeighbours), e.g. 10")
        }
        if let t = threads, t < 1 {
            throw SAEGraphError(.invalidArgument, "thread count \(t) must be at least 1")
        }
        if precision == .bf16 && !ReducedPrecisionKernel.isAvailable {
            throw SAEGraphError(
                .unsupported,
                "bf16 precision needs a CPU with AVX512-BF16, which this one lacks; use precision auto or fp32")
        }
        if precision == .int8 && !Int8Kernel.hasAny {
            throw SAEGraphError(
                .unsupported,
                "int8 precision needs a CPU with AVX512-VNNI, AVX-VNNI or AVX2, which this one lacks; use precision auto or fp32"
            )
        }
    }
}

/// The arithmetic that proposes candidates; every edge and best match is still decided by the
/// Double reference, so all choices give identical results.
public enum SimilarityPrecision: String, Sendable, CaseIterable {
    /// Times every candidate pass this CPU offers on a sample of the real rows (tens of
    /// milliseconds, once per build) and uses the fastest; rows shorter than 64 stay `fp32`.
    case auto
    /// F32 sgemm (OpenBLAS); error bound about `d · 2⁻²⁴`.
    case fp32
    /// bfloat16 products accumulated in F32 (`vdpbf16ps`, about twice the F32 rate); error
    /// bound about `2 · 2⁻⁸`, so more candidates are re-checked in Double.
    case bf16
    /// int8 products summed exactly in int32 (`vpdpbusd`, AVX512-VNNI or AVX-VNNI; `vpmaddubsw`
    /// and `vpmaddwd` on AVX2), rows quantised per row; error bound about `1.4·10⁻²` for
    /// `d_model` 768 (about `2·10⁻²` on AVX2, whose source rows have 63 levels), so more
    /// candidates still are re-checked in Double. Rows longer than 65,536 fall back to `fp32`.
    case int8
}
