import Foundation

/// The tiled all-pairs engine behind ``PairSimilarity``: tiles of normalised source rows against
/// every normalised target row, multiplied by F32 sgemm or by the bfloat16 kernel
/// (``ReducedPrecisionKernel``, see ``SimilarityPrecision``), each tile scanned once while hot for edge
/// candidates, each row's best column and each column's best row; every candidate is then
/// decided by the Double reference (``ExactCosine``), so results equal the brute-force
/// Double computation (see ``CosineErrorBound`` for why no true candidate is missed).
///
/// Memory: one `tileRows × targets` F32 tile and one ``ColumnBest`` per worker; with bfloat16,
/// the target rows packed once (`2 × targets × columns` bytes).
/// - Complexity: `2 · sources · targets · columns` F32 flops plus O(columns) Double work per
///   candidate.
struct PairScan {
    typealias EdgeTriple = (source: Int32, target: Int32, similarity: Float)

    let source: NormalizedRows
    let target: NormalizedRows
    let options: SimilarityOptions
    /// The bound of the main candidate pass (F32 or bfloat16).
    let bound: CosineErrorBound
    /// The F32 bound, for the sgemm pass that resolves overflowed columns.
    let fp32Bound: CosineErrorBound
    /// The packed target rows when the main pass runs in bfloat16, else nil.
    let packedTargets: ReducedPrecisionKernel.PackedTargets?
    let tileRows: Int

    /// Default rows per tile, chosen by measurement (see Benchmarks/README.md).
    static let defaultTileRows = 256

    init(source: NormalizedRows, target: NormalizedRows, options: SimilarityOptions, tileRows: Int = defaultTileRows) {
        self.source = source
        self.target = target
        self.options = options
        let d = max(source.columns, 1)
        fp32Bound = CosineErrorBound(dimension: d, threshold: options.threshold)
        if Self.usesBF16(options.precision, columns: source.columns) {
            let packed = ReducedPrecisionKernel.PackedTargets(target)
            let epsilon = CosineErrorBound.bf16Epsilon(
                dimension: d, sourceResidual: ReducedPrecisionKernel.residual(of: source),
                targetResidual: packed.residual)
            packedTargets = packed
            bound = CosineErrorBound(epsilon: epsilon, threshold: options.threshold)
        } else {
            packedTargets = nil
            bound = fp32Bound
        }
        self.tileRows = max(1, packedTargets == nil ? tileRows : min(tileRows, Self.bf16TileRows))
    }

    /// Largest tile of the bfloat16 pass: half the F32 tile keeps the packed target rows
    /// within the memory the F32 path needs (measured: same speed, see Benchmarks/README.md).
    static let bf16TileRows = 128

    /// Rows shorter than this stay in F32 under `.auto`: the bfloat16 pass's wider margin
    /// re-checks more candidates, and short rows leave little product work to save.
    static let bf16MinimumColumns = 64

    /// Whether the main pass runs in bfloat16: `.bf16`, or `.auto` with rows of at least
    /// ``bf16MinimumColumns``; never without AVX512-BF16.
    static func usesBF16(_ precision: SimilarityPrecision, columns: Int) -> Bool {
        guard ReducedPrecisionKernel.isAvailable, columns > 0 else { return false }
        switch precision {
        case .fp32: return false
        case .bf16: return true
        case .auto: return columns >= bf16MinimumColumns
        }
    }

    /// Runs the scan. Output indices are original feature indices.
    func run(stage: String, progress: ProgressHandler?) -> PairSimilarityResult {
        var result = PairSimilarityResult(sourceCount: source.decoder.rows, targetCount: target.decoder.rows)
        let ns = source.count
        let nt = target.count
        guard ns > 0, nt > 0, source.columns > 0 else { return result }
        let tiles = (ns + tileRows - 1) / tileRows
        let workers = min(options.resolvedThreads, tiles)
        let columnStates = (0..<workers).map { _ in ColumnBest(count: nt, margin: bound.tieMargin) }
        let done = ProgressCounter(stage: stage, total: ns, handler: progress)
        let packed = packedTargets
        // Float scratch; the bfloat16 pass keeps its rounded source rows past the tile.
        let packedWords =
            packed == nil ? 0 : ReducedPrecisionKernel.scratchWords(rows: tileRows, columns: source.columns)

        let tileResults = BLAS.withSingleThreadedCalls {
            parallelTiles(count: tiles, workers: workers, scratchCount: tileRows * nt + packedWords) { t, w, scratch in
                let start = t * tileRows
                let m = min(tileRows, ns - start)
                if let packed {
                    let words = UnsafeMutableRawPointer(scratch + tileRows * nt)
                        .bindMemory(to: UInt32.self, capacity: packedWords)
                    ReducedPrecisionKernel.multiply(
                        source, start: start, count: m, targets: packed, packed: words, c: scratch)
                } else {
                    BLAS.multiplyTransposed(
                        m: m, n: nt, k: source.columns, a: source.unitRow(start), b: target.values, c: scratch)
                }
                var out = TileOutput()
                var rowScratch = RowScratch()
                for r in 0..<m {
                    let i = start + r
                    let best = scanRow(
                        scratch + r * nt, count: nt, rowIndex: Int32(i), floor: bound.candidateFloor,
                        tieMargin: bound.tieMargin, columns: columnStates[w], scratch: &rowScratch
                    ) { j in source.exactCosine(i, target, j) }
                    appendEdges(from: i, &rowScratch.edges, to: &out.edges)
                    out.best.append(best)
                }
                out.exactChecks = rowScratch.exactChecks
                done.add(m)
                return out
            }
        }
        for (t, out) in tileResults.enumerated() {
            result.edges.append(contentsOf: out.edges)
            result.exactChecks += out.exactChecks
            for (r, best) in out.best.enumerated() {
                guard let (j, c) = best else { continue }
                let o = Int(source.original[t * tileRows + r])
                result.bestNextIndex[o] = target.original[j]
                result.bestNextCosine[o] = Float(c)
            }
        }
        resolveColumns(columnStates, into: &result)
        return result
    }

    /// Turns the row's Double-checked edges into output edges, applying `topK`.
    private func appendEdges(from i: Int, _ edges: inout [(j: Int, c: Double)], to out: inout [EdgeTriple]) {
        if let k = options.topK, edges.count > k {
            let absolute = options.absolute
            edges.sort { a, b in
                let ka = absolute ? abs(a.c) : a.c
                let kb = absolute ? abs(b.c) : b.c
                return ka != kb ? ka > kb : a.j < b.j
            }
            edges.removeLast(edges.count - k)
            edges.sort { $0.j < $1.j }
        }
        let s = source.original[i]
        for e in edges { out.append((s, target.original[e.j], Float(e.c))) }
    }

    /// Best source row of every target column: merged worker candidates, and an exact pass
    /// (target rows against all source rows) for overflowed columns.
    private func resolveColumns(_ states: [ColumnBest], into result: inout PairSimilarityResult) {
        var overflowed: [Int] = []
        for j in 0..<target.count {
            guard let cands = ColumnBest.candidates(column: j, in: states) else {
                overflowed.append(j)
                continue
            }
            result.exactChecks += cands.count
            if let (i, c) = pickBest(cands.map(Int.init), exact: { source.exactCosine($0, target, j) }) {
                setPrevious(j, i, c, &result)
            }
        }
        guard !overflowed.isEmpty else { return }
        // Same scan with roles swapped, for the few columns whose near-ties overflowed.
        let tiles = (overflowed.count + tileRows - 1) / tileRows
        let workers = min(options.resolvedThreads, tiles)
        let ns = source.count
        let d = source.columns
        let inert = ColumnBest(count: ns, margin: fp32Bound.tieMargin, inert: true)
        let found = BLAS.withSingleThreadedCalls {
            parallelTiles(count: tiles, workers: workers, scratchCount: tileRows * ns + tileRows * d) { t, _, scratch in
                let rows = overflowed[(t * tileRows)..<min((t + 1) * tileRows, overflowed.count)]
                let gathered = scratch + tileRows * ns
                for (r, j) in rows.enumerated() {
                    (gathered + r * d).update(from: target.unitRow(j), count: d)
                }
                BLAS.multiplyTransposed(m: rows.count, n: ns, k: d, a: gathered, b: source.values, c: scratch)
                var rowScratch = RowScratch()
                return rows.enumerated().map { r, j in
                    scanRow(
                        scratch + r * ns, count: ns, rowIndex: Int32(j), floor: .infinity,
                        tieMargin: fp32Bound.tieMargin, columns: inert, scratch: &rowScratch
                    ) { i in source.exactCosine(i, target, j) }
                }
            }
        }
        for (j, best) in zip(overflowed, found.joined()) {
            if let (i, c) = best { setPrevious(j, i, c, &result) }
        }
    }

    private func setPrevious(_ j: Int, _ i: Int, _ c: Double, _ result: inout PairSimilarityResult) {
        let o = Int(target.original[j])
        result.bestPreviousIndex[o] = source.original[i]
        result.bestPreviousCosine[o] = Float(c)
    }

    /// The candidate with the largest Double key (`c` or `|c|`), lowest index on ties.
    /// - Precondition: `candidates` ascend.
    private func pickBest(_ candidates: [Int], exact: (Int) -> Double) -> (Int, Double)? {
        var best: (Int, Double)? = nil
        var bestKey = -Double.infinity
        for j in candidates {
            let c = exact(j)
            let key = options.absolute ? abs(c) : c
            if best == nil || key > bestKey {
                best = (j, c)
                bestKey = key
            }
        }
        return best
    }

    /// Scans one row of F32 cosines (`count` columns) in one fused pass: edge candidates
    /// (key `≥ floor`) are checked in Double into `scratch.edges`; columns whose running best
    /// the key reaches are offered to `columns`; the row maximum is tracked. A second pass
    /// collects the columns within `tieMargin` of that maximum and resolves them exactly.
    /// - Returns: the best column and its Double cosine (nil when `count == 0`).
    private func scanRow(
        _ row: UnsafePointer<Float>, count n: Int, rowIndex: Int32, floor: Float, tieMargin: Float,
        columns: ColumnBest, scratch: inout RowScratch, exact: (Int) -> Double
    ) -> (Int, Double)? {
        scratch.edges.removeAll(keepingCapacity: true)
        scratch.candidates.removeAll(keepingCapacity: true)
        let absolute = options.absolute
        let threshold = Double(options.threshold)
        let low = columns.low
        func hit(_ j: Int, _ g: Float, _ scratch: inout RowScratch) {
            if g >= floor {
                scratch.exactChecks += 1
                let c = exact(j)
                if (absolute ? abs(c) : c) >= threshold { scratch.edges.append((j, c)) }
            }
            if g >= low[j] { columns.offer(column: j, row: rowIndex, key: g) }
        }
        // Selects rather than pointwiseMax: the latter's NaN rules compile to a scalar loop.
        typealias V = SIMD16<Float>
        let floorV = V(repeating: floor)
        var vmax = V(repeating: -.infinity)
        var smax = -Float.infinity
        var j = 0
        while j + V.scalarCount <= n {
            var g = UnsafeRawPointer(row + j).loadUnaligned(as: V.self)
            if absolute { g.replace(with: -g, where: g .< 0) }
            vmax.replace(with: g, where: g .> vmax)
            let l = UnsafeRawPointer(low + j).loadUnaligned(as: V.self)
            if any((g .>= floorV) .| (g .>= l)) {
                for lane in 0..<V.scalarCount { hit(j + lane, g[lane], &scratch) }
            }
            j += V.scalarCount
        }
        while j < n {
            let g = absolute ? abs(row[j]) : row[j]
            smax = max(smax, g)
            hit(j, g, &scratch)
            j += 1
        }
        let rowMax = max(vmax.max(), smax)
        let near = rowMax - tieMargin
        let nearV = V(repeating: near)
        j = 0
        while j + V.scalarCount <= n {
            var g = UnsafeRawPointer(row + j).loadUnaligned(as: V.self)
            if absolute { g.replace(with: -g, where: g .< 0) }
            if any(g .>= nearV) {
                for lane in 0..<V.scalarCount where g[lane] >= near { scratch.candidates.append(j + lane) }
            }
            j += V.scalarCount
        }
        while j < n {
            if (absolute ? abs(row[j]) : row[j]) >= near { scratch.candidates.append(j) }
            j += 1
        }
        scratch.exactChecks += scratch.candidates.count
        return pickBest(scratch.candidates, exact: exact)
    }
}

/// Reusable per-row buffers of the scan.
struct RowScratch {
    var edges: [(j: Int, c: Double)] = []
    var candidates: [Int] = []
    /// Double reference cosines computed so far (edge candidates and near-ties).
    var exactChecks = 0
}

/// What one tile yields: its edges (by source, then target) and each row's best column.
struct TileOutput {
    var edges: [PairScan.EdgeTriple] = []
    var best: [(Int, Double)?] = []
    var exactChecks = 0
}
