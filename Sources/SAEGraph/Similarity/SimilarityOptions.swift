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

    public init(threshold: Float = 0.5, topK: Int? = nil, absolute: Bool = false, threads: Int? = nil) {
        self.threshold = threshold
        self.topK = topK
        self.absolute = absolute
        self.threads = threads
    }

    /// The thread count to use.
    var resolvedThreads: Int { max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount) }

    /// - Throws: ``SAEGraphError`` `.invalidArgument` for a non-finite threshold, `topK < 1`
    ///   or `threads < 1`.
    func validate() throws {
        guard threshold.isFinite else {
            throw SAEGraphError(.invalidArgument, "similarity threshold \(threshold) is not a finite number; use a value such as 0.5")
        }
        if let k = topK, k < 1 {
            throw SAEGraphError(.invalidArgument, "top-k \(k) must be at least 1")
        }
        if let t = threads, t < 1 {
            throw SAEGraphError(.invalidArgument, "thread count \(t) must be at least 1")
        }
    }
}
