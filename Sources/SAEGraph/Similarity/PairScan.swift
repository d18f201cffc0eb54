import Foundation

/// The tiled all-pairs engine behind ``PairSimilarity``: tiles of normalised source rows against
/// every normalised target row, multiplied by F32 sgemm, the bfloat16 kernel
/// (``ReducedPrecisionKernel``) or the int8 kernel (``Int8Kernel``; see ``CandidateKernel``), each tile scanned once while hot for edge
/// candidates, each row's best column and each column's best row; every candidate is then
/// decided by the Double reference (``ExactCosine``), so results equal the brute-force
/// Double computation (see ``CosineErrorBound`` for why no true candidate is missed).
///
/// Memory: one `tileRows × targets` F32 tile and one ``ColumnBest`` per worker; with bfloat16,
/// the target rows packed once (`2 × targets × columns` bytes), with int8 `targets × columns`.
/// - Complexity: `2 · sources · targets · columns` F32 flops plus O(columns) Double work per
///   candidate.
struct PairScan {
    typealias EdgeTriple = (source: Int32, target: Int32, similarity: Float)

    let source: NormalizedRows
    let target: NormalizedRows
    let options: SimilarityOptions
    /// The bound of the main candidate pass.
    let bound: CosineErrorBound
    /// The F32 bound, for the sgemm pass that resolves overflowed columns.
    let fp32Bound: CosineErrorBound
    /// The prepared candidate pass (packed target rows of the reduced-precision kernels).
    let pass: CandidatePass
    /// Per-pair margins of a reduced-precision pass (nil for F32, whose bound is uniform).
    let terms: PairErrorTerms?
    /// The target rows in 16 bits, for a refining pass's refined keys (nil: F32 rows).
    let refinement: RefinementRows?
    /// The bound of the refined keys: ``RefinementRows/epsilon`` or, without them, the F32 one.
    let refineBound: CosineErrorBound
    let tileRows: Int

    /// Default rows per tile, chosen by measurement (see Benchmarks/README.md).
    static let defaultTileRows = 256

    /// Prepares the scan with `kernel`, or with the kernel `options.precision` names (measured
    /// on these rows by ``KernelTiming`` for `.auto`) when `kernel` is nil. A refining pass
    /// refines from the target rows in 16 bits (``RefinementRows``) when `shortRefinement`,
    /// else from the F32 rows (the same results; ``KernelTiming`` spares the copy).
    init(
        source: NormalizedRows, target: NormalizedRows, options: SimilarityOptions, kernel: CandidateKernel? = nil,
        tileRows: Int = defaultTileRows, shortRefinement: Bool = true
    ) {
        self.source = source
        self.target = target
        self.options = options
        let d = max(source.columns, 1)
        let kernel =
            kernel ?? CandidateKernel.explicit(options.precision, columns: source.columns)
            ?? KernelTiming.choose(source: source, target: target, options: options).kernel
        let threads = options.resolvedThreads
        fp32Bound = CosineErrorBound(dimension: d, threshold: options.threshold)
        switch kernel {
        case .fp32:
            pass = .fp32
            bound = fp32Bound
            terms = nil
        case .bf16:
            let packed = ReducedPrecisionKernel.PackedTargets(target, threads: threads)
            let r = ReducedPrecisionKernel.rowResiduals(of: source, threads: threads)
            let s = ReducedPrecisionKernel.rowResiduals(of: target, threads: threads)
            let epsilon = CosineErrorBound.bf16Epsilon(
                dimension: d, sourceResidual: r.max() ?? 0, targetResidual: packed.residual)
            pass = .bf16(packed)
            bound = CosineErrorBound(epsilon: epsilon, threshold: options.threshold)
            terms = .bf16(dimension: d, sourceResiduals: r, targetResiduals: s)
        case .int8, .int8Narrow, .int8AVX2:
            let packed = Int8Kernel.PackedTargets(target, threads: threads)
            let r = Int8Kernel.rowResiduals(of: source, kernel: kernel, side: .source, threads: threads)
            let s = Int8Kernel.rowResiduals(of: target, kernel: kernel, side: .target, threads: threads)
            let epsilon = CosineErrorBound.int8Epsilon(
                dimension: d, sourceResidual: r.max() ?? 0, targetResidual: packed.residual)
            pass = .int8(packed, kernel: kernel)
            bound = CosineErrorBound(epsilon: epsilon, threshold: options.threshold)
            terms = .int8(dimension: d, sourceResiduals: r, targetResiduals: s)
        }
        self.tileRows = max(1, kernel == .fp32 ? tileRows : min(tileRows, Self.reducedTileRows))
        refinement = kernel != .fp32 && shortRefinement ? RefinementRows(target, threads: threads) : nil
        refineBound =
            refinement.map { CosineErrorBound(epsilon: $0.epsilon, threshold: options.threshold) } ?? fp32Bound
    }

    /// The kernel of the candidate pass.
    var kernel: CandidateKernel {
        switch pass {
        case .fp32: .fp32
        case .bf16: .bf16
        case .int8(_, let kernel): kernel
        }
    }

    /// Largest tile of the reduced-precision passes: half the F32 tile keeps the packed target
    /// rows within the memory the F32 path needs (measured: same speed, see Benchmarks/README.md).
    static let reducedTileRows = 128

    /// Floats of per-worker scratch besides the tile: the reduced-precision source rows.
    var passScratch: Int {
        switch pass {
        case .fp32: 0
        case .bf16: (ReducedPrecisionKernel.scratchWords(rows: tileRows, columns: source.columns))
        case .int8: Int8Kernel.scratchFloats(rows: tileRows, columns: source.columns)
        }
    }

    /// `c = X · Yᵀ` for source rows `start ..< start + m` against every target, by the pass's
    /// kernel; `extra` is the worker's ``passScratch``.
    func multiply(start: Int, m: Int, extra: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>) {
        switch pass {
        case .fp32:
            BLAS.multiplyTransposed(
                m: m, n: target.count, k: source.columns, a: source.unitRow(start), b: target.values, c: c)
        case .bf16(let packed):
            let words = UnsafeMutableRawPointer(extra).bindMemory(to: UInt32.self, capacity: passScratch)
            ReducedPrecisionKernel.multiply(source, start: start, count: m, targets: packed, packed: words, c: c)
        case .int8(let packed, let kernel):
            Int8Kernel.multiply(source, start: start, count: m, targets: packed, kernel: kernel, scratch: extra, c: c)
        }
    }

    /// Runs the scan. Output indices are original feature indices.
    /// - Parameter columns: false skips every column's best rows and neighbourhood (their
    ///   results stay unset): ``KernelTiming`` times the row side alone, since a small sample
    ///   of source rows overstates the column side many times over.
    /// - Parameter aside: work to run once on the first worker to start, before its first
    ///   tile (``parallelTiles(count:workers:scratchCount:aside:_:)``).
    func run(stage: String, progress: ProgressHandler?, columns: Bool = true, aside: (() -> Void)? = nil)
        -> PairSimilarityResult
    {
        var result = PairSimilarityResult(sourceCount: source.decoder.rows, targetCount: target.decoder.rows)
        let depth = options.neighbours
        if depth > 0 {
            result.nextNeighbours = Neighbours(count: source.decoder.rows, depth: depth)
            result.previousNeighbours = Neighbours(count: target.decoder.rows, depth: depth)
        }
        let ns = source.count
        let nt = target.count
        guard ns > 0, nt > 0, source.columns > 0 else { return result }
        let tiles = (ns + tileRows - 1) / tileRows
        let workers = min(options.resolvedThreads, tiles)
        let columnStates = (0..<workers).map { _ in
            !columns
                ? ColumnBest(count: nt, margin: bound.tieMargin, depth: depth, inert: true)
                : refines
                    ? ColumnBest(count: nt, margin: refineBound.tieMargin, depth: depth, slack: refineSlack)
                    : ColumnBest(count: nt, margin: bound.tieMargin, depth: depth)
        }
        if columns && refines {
            let floors = columnSeeds(workers: workers)
            for state in columnStates { state.raiseLow(to: floors) }
        }
        let kept = (0..<workers).map { _ in KeptScratch() }
        let shared = columns && workers > 1 ? SharedColumnFloors(count: nt, depth: depth) : nil
        let done = ProgressCounter(stage: stage, total: ns, handler: progress)
        let extra = passScratch
        let columnTerms = terms?.columns ?? [Float](repeating: 0, count: nt)
        let tileResults = BLAS.withSingleThreadedCalls {
            parallelTiles(count: tiles, workers: workers, scratchCount: tileRows * nt + extra, aside: aside) {
                t, w, scratch in
                let start = t * tileRows
                let m = min(tileRows, ns - start)
                multiply(start: start, m: m, extra: scratch + tileRows * nt, c: scratch)
                var out = TileOutput()
                // The worker's buffers, kept from tile to tile: allocating them for each tile
                // cost 12 MB of peak memory in freed blocks the allocator kept.
                var rowScratch = RowScratch()
                swap(&rowScratch, &kept[w].scratch)
                defer { swap(&rowScratch, &kept[w].scratch) }
                rowScratch.exactChecks = 0
                for r in 0..<m {
                    let i = start + r
                    let (tie, shift) = margins(row: i)
                    let best = columnTerms.withUnsafeBufferPointer { e in
                        scanRow(
                            scratch + r * nt, count: nt, rowIndex: Int32(i), floor: bound.candidateFloor,
                            tieMargin: tie, columnTerms: e.baseAddress!, offerShift: shift, columns: columnStates[w],
                            scratch: &rowScratch, refine: refines ? { js, out in refineKeys(i, js, out) } : nil,
                            exactMany: { js, out in source.exactCosines(i, target, js, into: out) }
                        ) { j in source.exactCosine(i, target, j) }
                    }
                    if rowScratch.pending.count >= Self.pendingOffers {
                        offerPending(&rowScratch, to: columnStates[w])
                        shared?.exchange(with: columnStates[w])
                    }
                    appendEdges(from: i, &rowScratch.edges, to: &out.edges)
                    out.known.append(rowScratch.resolved)
                    out.best.append(best)
                    if depth > 0 { out.top.append(rowScratch.top) }
                }
                out.exactChecks = rowScratch.exactChecks
                // A refining pass's bounds change only when its offers are, in batches (above).
                if !refines { shared?.exchange(with: columnStates[w]) }
                done.add(m)
                return out
            }
        }
        var known = KnownCosines()
        for (t, out) in tileResults.enumerated() {
            known.append(contentsOf: out.known)
            result.edges.append(contentsOf: out.edges)
            result.exactChecks += out.exactChecks
            for (r, best) in out.best.enumerated() {
                guard let (j, c) = best else { continue }
                let o = Int(source.original[t * tileRows + r])
                result.bestNextIndex[o] = target.original[j]
                result.bestNextCosine[o] = Float(c)
                if depth > 0 {
                    result.nextNeighbours?.set(o, out.top[r].map { (target.original[Int($0.index)], $0.cosine) })
                }
            }
        }
        if refines {
            // Each worker's last offers, still held, on every core in turn.
            for w in 0..<workers { offerPending(&kept[w].scratch, to: columnStates[w], pieces: workers) }
        }
        if columns { resolveColumns(columnStates, known: known, into: &result) }
        return result
    }

    /// Whether the candidate pass is coarser than F32 (int8, bf16): its near-ties and column
    /// offers are then refined with ``NormalizedRows/unitCosine(_:_:_:)`` before any Double
    /// check, so that tens of near-ties per row and column cost F32 dot products, not Double
    /// ones or an F32 re-scan of overflowed columns.
    var refines: Bool {
        if case .fp32 = pass { return false }
        return true
    }

    /// The refined keys' bound (and a rounding allowance): how far below the kept rows' bound a
    /// coarse key, raised by its pair's margin (``margins(row:)``), is still offered (see
    /// ``ColumnBest``).
    var refineSlack: Float {
        PairErrorTerms.roundedUp(refineBound.epsilon + 0x1p-20)
    }

    /// Row `i`'s margins: `tie` covers twice its pair error beyond the per-column term (the scan
    /// keeps columns with `g + eⱼ ≥ max(g − eⱼ) − tie`), and `shift` raises `g + eⱼ` to the
    /// largest true cosine the pair can have, for the column offers of a refining pass (0 for
    /// F32, whose offers carry their own keys). See ``PairErrorTerms`` for the rounding.
    private func margins(row i: Int) -> (tie: Float, shift: Float) {
        guard let terms else { return (bound.tieMargin, 0) }
        let a = Double(terms.rows[i])
        return (PairErrorTerms.roundedUp(2 * a + 0x1p-20), PairErrorTerms.roundedUp(a + 0x1p-20))
    }

    /// `c`, or `|c|` with `absolute`: the key rows and columns are ranked by.
    private func key(_ c: Float) -> Float { options.absolute ? abs(c) : c }

    /// The refined keys of source row `i` with each target in `targets`, into `out`.
    private func refineKeys(_ i: Int, _ targets: UnsafeBufferPointer<Int>, _ out: UnsafeMutablePointer<Float>) {
        if let refinement {
            refinement.dots(source.unitRow(i), rows: targets, into: out)
        } else {
            source.unitCosines(i, target, targets, into: out)
        }
        if options.absolute { for n in 0..<targets.count { out[n] = abs(out[n]) } }
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

    /// Scans one row of F32 cosines (`count` columns) in one fused pass: edge candidates
    /// (key `g ≥ floor`) are checked in Double into `scratch.edges`; columns whose running best
    /// `g + eⱼ + offerShift` reaches are offered to `columns` (with `refine`, added to
    /// `scratch.pending` for ``offerPending(_:to:)``); the row maximum of `g − eⱼ` is
    /// tracked, and with ``SimilarityOptions/neighbours`` `k > 0` the row's `k` largest. A
    /// second pass collects the columns with `g + eⱼ` within `tieMargin` of the maximum (or of
    /// the `k`-th largest) and resolves them exactly: the best column, and the row's exact `k`
    /// nearest columns into `scratch.top` (packed indices). `eⱼ` is `columnTerms[j]` (the
    /// column's share of the pair error, ``PairErrorTerms``; zeros for F32).
    /// - Returns: the best column and its Double cosine (nil when `count == 0`).
    func scanRow(
        _ row: UnsafePointer<Float>, count n: Int, rowIndex: Int32, floor: Float, tieMargin: Float,
        columnTerms: UnsafePointer<Float>, offerShift: Float, columns: ColumnBest, scratch: inout RowScratch,
        refine: Refine? = nil, exactMany: ExactMany? = nil, exact: (Int) -> Double
    ) -> (Int, Double)? {
        scratch.edges.removeAll(keepingCapacity: true)
        scratch.candidates.removeAll(keepingCapacity: true)
        scratch.candidateBounds.removeAll(keepingCapacity: true)
        let absolute = options.absolute
        let threshold = Double(options.threshold)
        let depth = options.neighbours
        let low = columns.low
        if scratch.nearIndex.count < n {
            scratch.nearIndex = [Int](repeating: 0, count: n)
            scratch.nearBound = [Float](repeating: 0, count: n)
            scratch.offerIndex = [Int](repeating: 0, count: n)
        }
        if scratch.topBuffer.count < max(depth, 1) { scratch.topBuffer = [Float](repeating: 0, count: max(depth, 1)) }
        // The row's edge candidates (into `nearIndex`, free until the near-ties), offers and
        // depth largest `g − eⱼ`, in one C pass (``ScanKernel``).
        let found = scratch.nearIndex.withUnsafeMutableBufferPointer { edges in
            scratch.offerIndex.withUnsafeMutableBufferPointer { offers in
                scratch.topBuffer.withUnsafeMutableBufferPointer { top in
                    ScanKernel.row(
                        row, terms: columnTerms, low: low, count: n, floor: floor, shift: offerShift, depth: depth,
                        absolute: absolute, edges: edges.baseAddress!, offers: offers.baseAddress!,
                        top: top.baseAddress!)
                }
            }
        }
        if found.edges > 0 {
            scratch.exactChecks += found.edges
            let checked = Self.resolve(Array(scratch.nearIndex[0..<found.edges]), exactMany: exactMany, exact: exact)
            for (j, c) in checked where (absolute ? abs(c) : c) >= threshold { scratch.edges.append((j, c)) }
        }
        for o in 0..<found.offers {
            let j = scratch.offerIndex[o]
            // A refining pass offers with the worker's other offers, refined in one batch
            // (``offerPending(_:to:)``): column bounds are only a screen, so offering later
            // changes no result.
            if refine != nil {
                scratch.pending.append((Int32(j), rowIndex))
            } else {
                columns.offer(column: j, row: rowIndex, key: key(row[j]))
            }
        }
        // Near-ties: within the margin of the row maximum, or with neighbours of the k-th key.
        var near = found.rowMax - tieMargin
        if depth > 0 { near = found.top == depth ? min(near, scratch.topBuffer[depth - 1] - tieMargin) : -.infinity }
        let nearCount = scratch.nearIndex.withUnsafeMutableBufferPointer { index in
            scratch.nearBound.withUnsafeMutableBufferPointer { bound in
                ScanKernel.near(
                    row, terms: columnTerms, count: n, near: near, absolute: absolute, index: index.baseAddress!,
                    bound: bound.baseAddress!)
            }
        }
        scratch.candidates.append(contentsOf: scratch.nearIndex[0..<nearCount])
        scratch.candidateBounds.append(contentsOf: scratch.nearBound[0..<nearCount])
        if let refine, scratch.candidates.count > 1 {
            refineCandidates(&scratch, depth: depth, shift: offerShift, refine)
        }
        scratch.exactChecks += scratch.candidates.count
        let resolved = Self.resolve(scratch.candidates, exactMany: exactMany, exact: exact)
        scratch.resolved = resolved
        if depth > 0 {
            scratch.top = Neighbours.nearest(
                resolved.map { (Int32($0.j), Float($0.c)) }, depth: depth, absolute: absolute)
        }
        return pickBest(resolved)
    }

    /// Refines a batch of column offers (``RowScratch/pending``, see ``pendingOffers``) and
    /// offers them to `columns`, grouped by column: the target row of a column is then read
    /// once for all the batch's rows that offer it, and the target rows in ascending order,
    /// where offering each row's own after its scan read them in a random order, one cache miss
    /// after another. Measured on the default rule (4 × 24,576 × 768, AMD EPYC Zen 4): the
    /// refinement's F32 dot products took a quarter of the CPU time, nearly all of it waiting
    /// on memory.
    ///
    /// With `pieces` > 1 the grouped offers are cut at column boundaries into that many runs,
    /// refined and offered on as many threads: a column's state is its own, so the runs share
    /// nothing. The scan's last offers use it, where each worker's held offers would otherwise
    /// keep one core busy while the other waits.
    /// - Complexity: O(offers × columns + targets).
    func offerPending(_ scratch: inout RowScratch, to columns: ColumnBest, pieces: Int = 1) {
        let n = scratch.pending.count
        guard n > 0 else { return }
        let nt = target.count
        // A counting sort by column, stable: within a column, rows stay ascending.
        if scratch.columnStarts.count != nt + 1 { scratch.columnStarts = [Int](repeating: 0, count: nt + 1) }
        if scratch.sortedRows.count < n {
            scratch.sortedRows = [Int](repeating: 0, count: n)
            scratch.sortedColumns = [Int](repeating: 0, count: n)
            scratch.keys = [Float](repeating: 0, count: n)
        }
        // Through buffer pointers: indexing the arrays in place checked their uniqueness at
        // every step (a third of this function's own time).
        scratch.pending.withUnsafeBufferPointer { pending in
            scratch.columnStarts.withUnsafeMutableBufferPointer { starts in
                scratch.sortedRows.withUnsafeMutableBufferPointer { rows in
                    scratch.sortedColumns.withUnsafeMutableBufferPointer { columns in
                        for e in pending { starts[Int(e.column) + 1] += 1 }
                        for j in 0..<nt { starts[j + 1] += starts[j] }
                        for e in pending {
                            let p = starts[Int(e.column)]
                            starts[Int(e.column)] = p + 1
                            rows[p] = Int(e.row)
                            columns[p] = Int(e.column)
                        }
                        for j in 0...nt { starts[j] = 0 }
                    }
                }
            }
        }
        scratch.pending.removeAll(keepingCapacity: true)
        scratch.sortedRows.withUnsafeBufferPointer { r in
            scratch.sortedColumns.withUnsafeBufferPointer { c in
                scratch.keys.withUnsafeMutableBufferPointer { keys in
                    // Run starts: n · p / pieces, moved forward to the next column's first offer.
                    let pieces = max(1, min(pieces, n))
                    let cuts = (0...pieces).map { p in
                        var e = n * p / pieces
                        while e > 0 && e < n && c[e] == c[e - 1] { e += 1 }
                        return e
                    }
                    let out = keys.baseAddress!
                    let offer = { (piece: Int) in
                        let range = cuts[piece]..<max(cuts[piece], cuts[piece + 1])
                        guard !range.isEmpty else { return }
                        let rows = UnsafeBufferPointer(rebasing: r[range])
                        let targets = UnsafeBufferPointer(rebasing: c[range])
                        if let refinement {
                            refinement.pairDots(source.values, xRows: rows, rows: targets, into: out + range.lowerBound)
                        } else {
                            source.unitCosines(pairs: rows, target, targets, into: out + range.lowerBound)
                        }
                        for e in range { columns.offer(column: c[e], row: Int32(r[e]), key: key(out[e])) }
                    }
                    if pieces == 1 {
                        offer(0)
                    } else {
                        _ = parallelTiles(count: pieces, workers: pieces, scratchCount: 0) { p, _, _ in offer(p) }
                    }
                }
            }
        }
    }

    /// Column offers a worker holds before it refines and offers them, whatever its tiles: the
    /// more offers a batch holds, the more of them share each target row read, but the later
    /// the column bounds rise, so the more rows are offered. Measured on the default rule
    /// (4 × 24,576 × 768, AMD EPYC Zen 4, two workers): a batch per tile (about 18,000 offers)
    /// read nearly one 3 KB target row from memory per offer, and the refinement took 12 %
    /// of the CPU time; 65,536 took it to 8.5 % with as many offers (2 % fewer), and 131,072
    /// added 7 % more offers for no further gain. Without any cap the first tiles, whose
    /// bounds are still low, would hold millions (25 MB).
    static let pendingOffers = 65_536

    /// Narrows near-tie candidates of a coarse pass to those within the refined keys' tie margin
    /// of the best (or, with `depth` k, of the k-th best) refined key. The candidates hold every
    /// column of the row's true top k and its ties; a refined key is within the refined keys'
    /// bound `ε` (``refineBound``) of the truth, so the k-th largest refined key is at most `c_k + ε` and every true top-k
    /// column keeps a refined key `≥ c_k − ε`: within `2ε` of it, inside the margin.
    ///
    /// The candidates are refined in descending order of their coarse bound `u = g + eⱼ`
    /// (`scratch.candidateBounds`), in batches (``DescendingBatches``), and the rest are left
    /// unrefined once
    /// `(u + shift) + ε + 2⁻¹⁹ < K − margin`, `K` the k-th largest refined key so far and
    /// `margin` the refined keys' tie margin: `u + shift` is the most the pair's true key can be
    /// (``margins(row:)``), so such a column's refined key is below `K − margin`, and as
    /// `K` only grows, below the final `K − margin` too (the `2⁻¹⁹` covers the F32
    /// roundings of both sides). Such columns are dropped by the filter anyway, and, lying
    /// below `K`, they do not change the final k-th largest key: the kept columns are the
    /// same as with every candidate refined.
    private func refineCandidates(_ scratch: inout RowScratch, depth: Int, shift: Float, _ refine: Refine) {
        let n = scratch.candidates.count
        let k = max(depth, 1)
        guard n > k else { return }
        let bounds = scratch.candidateBounds
        var order = DescendingBatches(bounds)
        let allowance = PairErrorTerms.roundedUp(Double(refineBound.epsilon) + 0x1p-19)
        let margin = refineBound.tieMargin
        var keys = [Float](repeating: 0, count: n)
        var refinedAt: [Int] = []  // the candidate of each refined key
        var top: [Float] = []  // the k largest refined keys so far, descending
        var batch: [Int] = []
        while let next = order.peek() {
            if top.count == k, (bounds[next] + shift) + allowance < top[k - 1] - margin { break }
            let taken = order.take(Self.refineBatch)
            batch.removeAll(keepingCapacity: true)
            for c in taken { batch.append(scratch.candidates[c]) }
            let refined = refinedAt.count
            keys.withUnsafeMutableBufferPointer { out in
                batch.withUnsafeBufferPointer { refine($0, out.baseAddress! + refined) }
            }
            refinedAt += taken
            for p in refined..<refinedAt.count { TopKeys.insert(keys[p], into: &top, depth: k) }
        }
        let low = top[k - 1] - margin
        var keep = [Bool](repeating: false, count: n)
        for p in 0..<refinedAt.count where keys[p] >= low { keep[refinedAt[p]] = true }
        var kept = 0
        for c in 0..<n where keep[c] {
            scratch.candidates[kept] = scratch.candidates[c]
            kept += 1
        }
        scratch.candidates.removeLast(n - kept)
    }

    /// Candidates refined at once by ``refineCandidates(_:depth:shift:_:)``: a multiple of the
    /// four rows the F32 dot kernel sums together.
    static let refineBatch = 32

    /// Each index in `indices` with its reference cosine, by `exactMany` in one batch when
    /// given, else by `exact` one at a time (the same bits either way).
    static func resolve(_ indices: [Int], exactMany: ExactMany?, exact: (Int) -> Double) -> [(j: Int, c: Double)] {
        guard let exactMany, !indices.isEmpty else { return indices.map { (j: $0, c: exact($0)) } }
        let cosines = [Double](unsafeUninitializedCapacity: indices.count) { buffer, count in
            indices.withUnsafeBufferPointer { exactMany($0, buffer.baseAddress!) }
            count = indices.count
        }
        return zip(indices, cosines).map { (j: $0, c: $1) }
    }

    /// The entry with the largest Double key (`c` or `|c|`), lowest index on ties.
    /// - Precondition: `resolved` ascends by index.
    func pickBest(_ resolved: [(j: Int, c: Double)]) -> (Int, Double)? {
        var best: (Int, Double)? = nil
        var bestKey = -Double.infinity
        for (j, c) in resolved {
            let key = options.absolute ? abs(c) : c
            if best == nil || key > bestKey {
                best = (j, c)
                bestKey = key
            }
        }
        return best
    }
}

/// Refines the coarse keys of one source row: writes the F32 key of each target column in
/// its first argument to the second (``NormalizedRows/unitCosines(_:_:_:into:)``).
typealias Refine = (UnsafeBufferPointer<Int>, UnsafeMutablePointer<Float>) -> Void

/// Writes the reference cosine of one fixed row with each row in its first argument to the
/// second (``NormalizedRows/exactCosines(_:_:_:into:)``).
typealias ExactMany = (UnsafeBufferPointer<Int>, UnsafeMutablePointer<Double>) -> Void

/// Reusable per-row buffers of the scan.
struct RowScratch {
    var edges: [(j: Int, c: Double)] = []
    var candidates: [Int] = []
    /// Each candidate's coarse bound `g + eⱼ`.
    var candidateBounds: [Float] = []
    /// With a refining pass, the worker's column offers not yet refined (see
    /// ``PairScan/offerPending(_:to:)``) and a count per column for grouping them.
    var pending: [(column: Int32, row: Int32)] = []
    var columnStarts: [Int] = []
    /// The pending offers grouped by column, and their refined keys.
    var sortedRows: [Int] = []
    var sortedColumns: [Int] = []
    var keys: [Float] = []
    /// Room for a whole row of near-tie columns and bounds, filled by ``ScanKernel/near``
    /// (`nearIndex` first holds the row's edge candidates), of offered columns, and of the
    /// row's largest keys, filled by ``ScanKernel/row(_:terms:low:count:floor:shift:depth:absolute:edges:offers:top:way:)``.
    var nearIndex: [Int] = []
    var nearBound: [Float] = []
    var offerIndex: [Int] = []
    var topBuffer: [Float] = []
    /// The row's exact nearest columns.
    var top: [(index: Int32, cosine: Float)] = []
    /// The row's near-ties with their reference cosines (``KnownCosines``).
    var resolved: [(j: Int, c: Double)] = []
    /// Double reference cosines computed so far (edge candidates and near-ties).
    var exactChecks = 0
}

/// One worker's ``RowScratch``, kept between its tiles.
final class KeptScratch {
    var scratch = RowScratch()
}

/// What one tile yields: its edges (by source, then target) and each row's best column.
struct TileOutput {
    var edges: [PairScan.EdgeTriple] = []
    var best: [(Int, Double)?] = []
    /// Each row's exact nearest columns (packed indices), with neighbours.
    var top: [[(index: Int32, cosine: Float)]] = []
    /// Each row's resolved near-ties, for the column side.
    var known = KnownCosines()
    var exactChecks = 0
}

/// A scan's prepared candidate pass.
enum CandidatePass {
    case fp32
    case bf16(ReducedPrecisionKernel.PackedTargets)
    case int8(Int8Kernel.PackedTargets, kernel: CandidateKernel)
}

/// The `depth` largest of a stream of keys, kept descending with repeats.
enum TopKeys {
    /// Inserts `key` into `top` (descending, at most `depth` entries) when it is among the
    /// `depth` largest seen: after all keys are inserted, `top[depth − 1]` is the `depth`-th
    /// largest (counted with repeats), as in a descending sort.
    static func insert(_ key: Float, into top: inout [Float], depth: Int) {
        if top.count == depth {
            guard key > top[depth - 1] else { return }
            top.removeLast()
        }
        var p = top.count
        while p > 0 && top[p - 1] < key { p -= 1 }
        top.insert(key, at: p)
    }
}
