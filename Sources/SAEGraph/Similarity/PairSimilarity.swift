/// Edges and best matches between the decoder rows of two layers.
///
/// Indices are original feature indices. `-1` (with a NaN cosine) marks an excluded row or
/// one with nothing to compare against. Cosines are the Double reference rounded to F32.
public struct PairSimilarityResult: Sendable {
    /// Edges ordered by source, then target.
    public var edges: [(source: Int32, target: Int32, similarity: Float)]
    /// Per source row: its best target row (largest `cos`, or `|cos|` with `absolute`; ties:
    /// lower index), whatever the threshold.
    public var bestNextIndex: [Int32]
    public var bestNextCosine: [Float]
    /// Per target row: its best source row, same rule.
    public var bestPreviousIndex: [Int32]
    public var bestPreviousCosine: [Float]
    /// Double reference cosines computed for edge candidates and best-match near-ties (not
    /// counting the exact pass of overflowed columns): how selective the candidate pass was.
    var exactChecks = 0
    /// With ``SimilarityOptions/neighbours`` `k > 0`: each source row's `k` nearest target
    /// rows and each target row's `k` nearest source rows (nil otherwise).
    public var nextNeighbours: Neighbours?
    public var previousNeighbours: Neighbours?

    init(sourceCount: Int, targetCount: Int) {
        edges = []
        bestNextIndex = [Int32](repeating: -1, count: sourceCount)
        bestNextCosine = [Float](repeating: .nan, count: sourceCount)
        bestPreviousIndex = [Int32](repeating: -1, count: targetCount)
        bestPreviousCosine = [Float](repeating: .nan, count: targetCount)
    }
}

/// Cosine similarity of every decoder row of one layer with every row of the next, exact.
public enum PairSimilarity {
    /// Compares every non-excluded source row with every non-excluded target row.
    ///
    /// An edge `i → j` exists when the reference cosine (``ExactCosine``: Double, from the
    /// original rows) is `≥ options.threshold` (see ``SimilarityOptions``). F32 sgemm tiles
    /// only propose candidates; every decision is made in Double, so the result is the same on
    /// every run, thread count, tiling and kernel (``SimilarityPrecision``). No `sources × targets` matrix is ever held.
    ///
    /// - Parameters:
    ///   - excludedSource: source rows to skip (e.g. `source.rowHealth().excluded`); every
    ///     other row must be finite and non-zero.
    ///   - excludedTarget: the same for the target.
    ///   - progress: called once per tile with rows done so far, under `stage`.
    /// - Throws: ``SAEGraphError`` `.shapeMismatch` when the row lengths differ,
    ///   `.invalidArgument` for bad options, an out-of-range exclusion, or a zero/non-finite
    ///   row that was not excluded.
    /// - Complexity: `2 · rows(source) · rows(target) · columns` F32 flops, plus O(columns)
    ///   Double work per edge candidate and per near-tie; memory O(threads · tile · rows(target)).
    public static func compute(
        source: DecoderMatrix, target: DecoderMatrix, options: SimilarityOptions,
        excludedSource: [Int], excludedTarget: [Int], progress: ProgressHandler? = nil,
        stage: String = "similarity"
    ) throws -> PairSimilarityResult {
        try compute(
            source: source, target: target, options: options, excludedSource: excludedSource,
            excludedTarget: excludedTarget, progress: progress, stage: stage,
            tileRows: PairScan.defaultTileRows)
    }

    /// ``compute(source:target:options:excludedSource:excludedTarget:progress:stage:)`` with
    /// a chosen tile height, and optionally a chosen kernel (tests and measurements).
    static func compute(
        source: DecoderMatrix, target: DecoderMatrix, options: SimilarityOptions,
        excludedSource: [Int], excludedTarget: [Int], progress: ProgressHandler?, stage: String,
        tileRows: Int, kernel: CandidateKernel? = nil
    ) throws -> PairSimilarityResult {
        try options.validate()
        try checkShapes(source.columns, target.columns, "source", "target")
        try checkExcluded(excludedSource, rows: source.rows, "source")
        try checkExcluded(excludedTarget, rows: target.rows, "target")
        let s = try NormalizedRows(source, excluded: excludedSource, what: "source", threads: options.resolvedThreads)
        let t = try NormalizedRows(target, excluded: excludedTarget, what: "target", threads: options.resolvedThreads)
        return PairScan(source: s, target: t, options: options, kernel: kernel, tileRows: tileRows)
            .run(stage: stage, progress: progress)
    }

    static func checkShapes(_ a: Int, _ b: Int, _ nameA: String, _ nameB: String) throws {
        guard a == b else {
            throw SAEGraphError(
                .shapeMismatch,
                "\(nameA) has d_model \(a) but \(nameB) has d_model \(b); decoders compared must share d_model")
        }
        guard Double(a) * 0x1p-24 < 0.5 else {
            throw SAEGraphError(
                .unsupported, "d_model \(a) is too large for exact F32 candidate bounds (at most 8388607)")
        }
    }

    private static func checkExcluded(_ rows: [Int], rows count: Int, _ name: String) throws {
        if let bad = rows.first(where: { $0 < 0 || $0 >= count }) {
            throw SAEGraphError(.invalidArgument, "excluded \(name) row \(bad) is outside 0..<\(count)")
        }
    }
}
