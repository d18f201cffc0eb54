extension PairScan {
    /// Best source row of every target column (and with neighbours its exact nearest source
    /// rows): merged worker candidates, and an exact pass (target rows against all source
    /// rows) for overflowed columns. Reference cosines the row side resolved are looked up in
    /// `known`, not computed again.
    func resolveColumns(_ states: [ColumnBest], known: KnownCosines, into result: inout PairSimilarityResult) {
        // Columns in runs handed out in turn (``parallelRuns(count:threads:_:)``: runs of equal
        // length hold unequal work); merged in column order.
        let nt = target.count
        let depth = options.neighbours
        let absolute = options.absolute
        let parts = parallelRuns(count: nt, threads: options.resolvedThreads) { columns in
            var found: [(j: Int, i: Int, c: Double, top: [(index: Int32, cosine: Float)])] = []
            var overflowed: [Int] = []
            var checks = 0
            for j in columns {
                guard let cands = ColumnBest.candidates(column: j, in: states) else {
                    overflowed.append(j)
                    continue
                }
                let (resolved, computed) = known.resolve(column: j, rows: cands.map { Int($0) }) { rows, out in
                    target.exactCosines(j, source, rows, into: out)
                }
                checks += computed
                let top =
                    depth > 0
                    ? Neighbours.nearest(resolved.map { (Int32($0.j), Float($0.c)) }, depth: depth, absolute: absolute)
                    : []
                if let (i, c) = pickBest(resolved) { found.append((j, i, c, top)) }
            }
            return (found, overflowed, checks)
        }
        var overflowed: [Int] = []
        for (found, over, checks) in parts {
            for f in found { setPrevious(f.j, f.i, f.c, f.top, &result) }
            overflowed += over
            result.exactChecks += checks
        }
        guard !overflowed.isEmpty else { return }
        // Same scan with roles swapped, for the few columns whose near-ties overflowed.
        let tiles = (overflowed.count + tileRows - 1) / tileRows
        let workers = min(options.resolvedThreads, tiles)
        let ns = source.count
        let d = source.columns
        let inert = ColumnBest(count: ns, margin: fp32Bound.tieMargin, inert: true)
        let zeros = [Float](repeating: 0, count: ns)
        let found = BLAS.withSingleThreadedCalls {
            parallelTiles(count: tiles, workers: workers, scratchCount: tileRows * ns + tileRows * d) { t, _, scratch in
                let rows = overflowed[(t * tileRows)..<min((t + 1) * tileRows, overflowed.count)]
                let gathered = scratch + tileRows * ns
                for (r, j) in rows.enumerated() {
                    (gathered + r * d).update(from: target.unitRow(j), count: d)
                }
                BLAS.multiplyTransposed(m: rows.count, n: ns, k: d, a: gathered, b: source.values, c: scratch)
                var rowScratch = RowScratch()
                return zeros.withUnsafeBufferPointer { zeros in
                    rows.enumerated().map { r, j in
                        let best = scanRow(
                            scratch + r * ns, count: ns, rowIndex: Int32(j), floor: .infinity,
                            tieMargin: fp32Bound.tieMargin, columnTerms: zeros.baseAddress!, offerShift: 0,
                            columns: inert, scratch: &rowScratch
                        ) { i in source.exactCosine(i, target, j) }
                        return (best, rowScratch.top)
                    }
                }
            }
        }
        for (j, (best, top)) in zip(overflowed, found.joined()) {
            if let (i, c) = best { setPrevious(j, i, c, top, &result) }
        }
    }

    /// Records target `j`'s best source row `i` (cosine `c`) and its nearest source rows
    /// `top` (packed indices).
    private func setPrevious(
        _ j: Int, _ i: Int, _ c: Double, _ top: [(index: Int32, cosine: Float)], _ result: inout PairSimilarityResult
    ) {
        let o = Int(target.original[j])
        result.bestPreviousIndex[o] = source.original[i]
        result.bestPreviousCosine[o] = Float(c)
        if options.neighbours > 0 {
            result.previousNeighbours?.set(o, top.map { (source.original[Int($0.index)], $0.cosine) })
        }
    }
}
