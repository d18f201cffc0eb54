extension PairScan {
    /// Blocks of source rows, spread over the layer, that seed the column bounds, and their
    /// rows: small blocks keep the scratch (`seedRows × targets` floats per worker) a quarter of
    /// a scan tile's, so seeding adds nothing to the peak memory. (Four times as many blocks
    /// did not speed up neighbourhoods of 10: their offers come from the steady state, not
    /// the start; 9.6 CPU s either way for one 24,576-row pair, AMD EPYC Zen 4.)
    static let seedBlocks = 16
    static let seedRows = 32

    /// Starting floors for every column's ``ColumnBest/low`` in a refining pass, from a few
    /// blocks of source rows multiplied before the scan (`seedBlocks · seedRows / sources` of
    /// the products, 2 % for 24,576 rows); empty when the pass does not refine.
    ///
    /// Without them every worker starts each column at `−∞` and offers nearly every row of its
    /// first tiles while the column's running best is still low; each offer costs an F32 dot
    /// product of two rows that are rarely in cache. With them the offers follow the column's
    /// bound from the start.
    ///
    /// ## Why a floor never hides a needed row
    /// Let `k` be the depth (1 for best matches) and `M` the final merged `k`-th largest refined
    /// key of column `j`. The sampled rows are scanned again later, so each is offered then
    /// with its refined key `f ≥ ĉ − ε_R ≥ g − Aᵢ − eⱼ − ε_R` (``PairErrorTerms``; `g` the
    /// pass's key, `ĉ` the reference, `ε_R` the refined keys' bound, ``refineBound``). Hence
    /// `M ≥ v − ε_R` for `v` the `k`-th largest of `g − eⱼ − Aᵢ` over `k` distinct sampled rows
    /// (computed in F32: two roundings below `2⁻²²`). The floor
    /// `v − ε_R − margin − slack − 2⁻²⁰`, rounded down, is therefore below
    /// `M − margin − slack`, the least `low[j]` may reach (``ColumnBest``).
    /// - Complexity: `seedBlocks` blocks of the pass's products and `O(seedRows · targets)`
    ///   selection each; `seedRows × targets` floats of scratch per worker.
    func columnSeeds(workers: Int) -> [Float] {
        guard let terms else { return [] }
        let ns = source.count
        let nt = target.count
        let depth = max(1, options.neighbours)
        // Whole, disjoint blocks (one short block when the layer has fewer rows than a block).
        let rows = min(Self.seedRows, tileRows)
        let tiles = max(1, min(Self.seedBlocks, ns / rows))
        let step = ns / tiles
        let absolute = options.absolute
        let extra = passScratch
        let negatedTerms = terms.columns.map { -$0 }
        // Each worker's `depth` largest values per column, descending, over all its blocks
        // (one list per block took most of the seeding time: in a block of 32 rows, most
        // values enter its column's 10 largest), and the smallest of them.
        let lists = (0..<min(workers, tiles)).map { _ in SeedLists(count: nt, depth: depth) }
        _ = BLAS.withSingleThreadedCalls {
            parallelTiles(count: tiles, workers: lists.count, scratchCount: rows * nt + extra) {
                t, w, scratch in
                let start = t * step
                let m = min(rows, ns - start)
                multiply(start: start, m: m, extra: scratch + rows * nt, c: scratch)
                negatedTerms.withUnsafeBufferPointer { e in
                    for r in 0..<m {
                        Self.seedRow(
                            scratch + r * nt, count: nt, rowTerm: terms.rows[start + r], negatedTerms: e,
                            absolute: absolute, depth: depth, top: lists[w].top, kth: lists[w].kth,
                            columns: lists[w].columns)
                    }
                }
            }
        }
        let below = refineBound.epsilon + Double(refineBound.tieMargin) + Double(refineSlack) + 0x1p-20
        // The depth-th largest over the blocks' lists (with repeats, as a descending sort would
        // give it), kept by insertion: sorting every column's merged lists took a fifth of
        // the seeding time.
        var top: [Float] = []
        return (0..<nt).map { j in
            top.removeAll(keepingCapacity: true)
            for list in lists {
                for e in (j * depth)..<((j + 1) * depth) { TopKeys.insert(list.top[e], into: &top, depth: depth) }
            }
            let v = top[depth - 1]
            guard v.isFinite else { return -.infinity }
            let floor = Double(v) - below
            var f = Float(floor)
            if Double(f) > floor { f = f.nextDown }
            return f
        }
    }

    /// Inserts each column's `v = (g − eⱼ) − a` of one row of products `g` into its `depth`
    /// largest (`top`, descending per column) where `v > kth[j]`, the column's smallest kept
    /// value. The columns with `v ≥ kth[j]` come from one pass of ``ScanKernel/row(_:terms:low:count:floor:shift:depth:absolute:edges:offers:top:way:)``,
    /// whose offer test `(g + tⱼ) + s ≥ low[j]` with `tⱼ = −eⱼ`, `s = −a` and `low = kth` is
    /// the same F32 sum (`g + (−eⱼ)` is `g − eⱼ`); edges and top keys are switched off. Each
    /// column occurs once in a row, so its `kth` does not change before its own test.
    /// (Measured: a per-element loop took 3 % of the default rule's CPU time.)
    /// - Parameter columns: room for `nt` column indices.
    static func seedRow(
        _ row: UnsafePointer<Float>, count nt: Int, rowTerm a: Float, negatedTerms e: UnsafeBufferPointer<Float>,
        absolute: Bool, depth: Int, top: UnsafeMutableBufferPointer<Float>, kth: UnsafeMutableBufferPointer<Float>,
        columns: UnsafeMutablePointer<Int>
    ) {
        var unused: Float = 0
        let found = ScanKernel.row(
            row, terms: e.baseAddress!, low: kth.baseAddress!, count: nt, floor: .infinity, shift: -a, depth: 0,
            absolute: absolute, edges: columns, offers: columns, top: &unused)
        for c in 0..<found.offers {
            let j = columns[c]
            let g = absolute ? abs(row[j]) : row[j]
            let v = (g + e[j]) - a
            guard v > kth[j] else { continue }
            var p = depth - 1
            while p > 0 && top[j * depth + p - 1] < v {
                top[j * depth + p] = top[j * depth + p - 1]
                p -= 1
            }
            top[j * depth + p] = v
            kth[j] = top[j * depth + depth - 1]
        }
    }
}

/// One worker's largest seed values per column (``PairScan/columnSeeds(workers:)``).
private final class SeedLists {
    /// Column `j`'s `depth` largest values at `j · depth`, descending (`−∞` until filled).
    let top: UnsafeMutableBufferPointer<Float>
    /// Column `j`'s smallest kept value, `top[j · depth + depth − 1]`.
    let kth: UnsafeMutableBufferPointer<Float>
    /// Room for one row's columns to look at.
    let columns: UnsafeMutablePointer<Int>

    init(count: Int, depth: Int) {
        top = .allocate(capacity: count * depth)
        top.initialize(repeating: -.infinity)
        kth = .allocate(capacity: count)
        kth.initialize(repeating: -.infinity)
        columns = .allocate(capacity: max(count, 1))
    }

    deinit {
        top.deallocate()
        kth.deallocate()
        columns.deallocate()
    }
}
