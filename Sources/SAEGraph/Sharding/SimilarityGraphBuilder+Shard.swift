extension SimilarityGraphBuilder {
    /// Computes shard `shard` of the build ``build(_:rule:options:nullModel:progress:)`` would
    /// do, for merging with the other shards by ``PartialGraph/merge(_:names:)``.
    ///
    /// The shard's rows come from ``ShardPlan`` (contiguous source-row ranges, balanced by
    /// work). For each layer pair where it owns rows it runs the same exact engine, at the
    /// threshold the rule needs, on those source rows against every target row, so its
    /// candidate edges and best next matches are final; for each target it keeps the best of
    /// its own rows with the Double reference cosine (``ExactCosine``, recomputed for the
    /// chosen row), which the merge compares across shards. With a null model, the shard that
    /// owns a pair's first source row computes the pair's ``NullSummary`` from the whole source
    /// layer, exactly as the unsharded build. It reads only its own source rows and the target
    /// layers it compares against (plus the whole source layer where it computes a null).
    ///
    /// On a pair the `best` rule scores with encoders (`scoring`,
    /// ``encoderPairs(_:rule:options:scoring:)``), the shard also scores every entry of its
    /// neighbourhood lists (``EncoderScoring/score(decoderCosine:_:_:_:_:)``, a value that
    /// does not depend on who computes it) and computes its null on the score; the merge
    /// reorders the joined lists by these scores exactly as the unsharded build does. Such a
    /// pair reads both layers' encoders whole.
    ///
    /// - Throws: as ``build(_:rule:options:nullModel:scoring:progress:)``.
    /// - Complexity: about `1/n` of the build's flops, plus normalising the target layers of
    ///   the pairs it touches; memory: one target layer's normalised copy plus the shard's rows
    ///   (plus one source layer's normalised copy where it computes a null summary, and both
    ///   layers' F32 encoders on a scored pair).
    public static func buildPartial(
        _ saes: [LoadedSAE], rule: EdgeRule? = nil, options: SimilarityOptions, nullModel: NullModelOptions? = nil,
        scoring: ScoringChoice = .auto, shard: ShardSpec, progress: ProgressHandler? = nil
    ) throws -> PartialGraph {
        let rule = rule ?? .threshold(options.threshold)
        try options.validate()
        try rule.validate()
        let nullModel = nullModel ?? (rule.needsNullModel ? NullModelOptions() : nil)
        guard !saes.isEmpty else {
            throw SAEGraphError(.invalidArgument, "no SAEs given; pass at least one layer's decoder")
        }
        let engine = engineOptions(for: rule, options)
        let sorted = try ordered(saes)
        let plan = try ShardPlan(rowCounts: sorted.map(\.decoder.rows), shardCount: shard.count)
        let scored = try encoderPairs(sorted, rule: rule, options: options, scoring: scoring)
        var excluded = sorted.map { _ in Set<Int>() }
        var fullyRead = sorted.map { _ in false }
        func readAll(_ k: Int) -> [Int] {
            if !fullyRead[k] {
                excluded[k] = Set(rowHealth([sorted[k]], threads: options.resolvedThreads)[0])
                fullyRead[k] = true
            }
            return excluded[k].sorted()
        }
        if plan.pairCount == 0 && shard.index == 1 { _ = sorted.indices.map(readAll) }
        var pairs: [PartialPair] = []
        var scoringRows: [Int: ScoringRows] = [:]
        var kernel: CandidateKernel? = nil
        for p in 0..<plan.pairCount {
            let rows = plan.rows(shard: shard.index, pair: p)
            guard !rows.isEmpty else { continue }
            let (a, b) = (sorted[p], sorted[p + 1])
            let own = a.decoder.rowHealth(rows: rows).excluded
            excluded[p].formUnion(own)
            let outside = Array(0..<rows.lowerBound) + Array(rows.upperBound..<a.decoder.rows)
            let s = try NormalizedRows(a.decoder, excluded: outside + own, what: "layer \(a.layer)")
            let t = try NormalizedRows(b.decoder, excluded: readAll(p + 1), what: "layer \(b.layer)")
            let chosen = kernel ?? chooseKernel(source: s, target: t, options: engine, progress: progress)
            kernel = chosen
            let r = PairScan(source: s, target: t, options: engine, kernel: chosen)
                .run(stage: "layer \(a.layer) → \(b.layer), shard \(shard)", progress: progress)
            var part = partialPair(p, rows: rows, r, source: a.decoder, target: b.decoder)
            let layerScoring = try pairScoring(p, scored: scored[p], sorted, cache: &scoringRows)
            if let next = r.nextNeighbours {
                var own = Neighbours(count: rows.count, depth: next.depth)
                for i in rows { own.set(i - rows.lowerBound, next.list(i)) }
                part.nextNeighbours = own
                part.previousNeighbours = r.previousNeighbours
                if let l = layerScoring, let columns = r.previousNeighbours {
                    let threads = options.resolvedThreads
                    part.nextScores = EncoderScoring.scores(
                        own, firstRow: rows.lowerBound, rowsAreEarlier: true, earlier: l.source, later: l.target,
                        threads: threads)
                    part.previousScores = EncoderScoring.scores(
                        columns, rowsAreEarlier: false, earlier: l.source, later: l.target, threads: threads)
                }
            }
            if let nullModel, rows.lowerBound == 0 {
                let whole = try NormalizedRows(a.decoder, excluded: readAll(p), what: "layer \(a.layer)")
                let computed = NullModel.computeWithRows(
                    source: whole, target: t, sampleRows: nullModel.sampleRows, seed: nullModel.seed &+ UInt64(p),
                    threads: options.resolvedThreads, neighbours: rule.neighbours, absolute: options.absolute,
                    scoring: layerScoring)
                part.null = computed?.summary
                if rule.neighbours > 0 { part.nullRows = computed?.rows }
            }
            pairs.append(part)
            a.decoder.releaseResidentPages()
        }
        var partial = try partialHeader(
            sorted, rule: rule, options: options, nullModel: nullModel, scoring: scoring, shard: shard)
        partial.excludedRows = excluded.map { $0.sorted() }
        partial.pairs = pairs
        return partial
    }

    /// What ``buildPartial(_:rule:options:nullModel:scoring:shard:progress:)`` records about
    /// the build, computing nothing: shard, version, rule, options, null-model settings, layers,
    /// d_sae, inputs, decoder fingerprints and the pairs scored with encoders (no pairs; no
    /// excluded rows listed). An existing partial file belongs to this build when
    /// ``PartialGraph/difference(from:)`` finds nothing and the shard is the same (see
    /// ``PartialGraphFile/reusable(at:for:)``).
    /// - Throws: what ``encoderPairs(_:rule:options:scoring:)`` throws.
    /// - Complexity: O(layers · 16 · d_model): reads the rows the fingerprints sample.
    public static func partialHeader(
        _ saes: [LoadedSAE], rule: EdgeRule? = nil, options: SimilarityOptions, nullModel: NullModelOptions? = nil,
        scoring: ScoringChoice = .auto, shard: ShardSpec
    ) throws -> PartialGraph {
        let rule = rule ?? .threshold(options.threshold)
        let nullModel = nullModel ?? (rule.needsNullModel ? NullModelOptions() : nil)
        let sorted = try ordered(saes)
        return PartialGraph(
            shard: shard, threshold: options.threshold, topK: options.topK, absolute: options.absolute, rule: rule,
            nullModel: nullModel, precision: options.precision, layers: sorted.map(\.layer),
            featureCounts: sorted.map(\.decoder.rows), inputs: sorted.map(\.info),
            fingerprints: sorted.map { $0.decoder.fingerprint() }, excludedRows: sorted.map { _ in [] }, pairs: [],
            scoredPairs: try encoderPairs(sorted, rule: rule, options: options, scoring: scoring))
    }

    /// The shard's part of one pair's result, with each best previous match's cosine
    /// recomputed in Double exactly as the engine decided it.
    private static func partialPair(
        _ p: Int, rows: Range<Int>, _ r: PairSimilarityResult, source: DecoderMatrix, target: DecoderMatrix
    ) -> PartialPair {
        var out = PartialPair(pair: p, rows: rows)
        out.edgeSources = r.edges.map(\.source)
        out.edgeTargets = r.edges.map(\.target)
        out.edgeSimilarities = r.edges.map(\.similarity)
        for i in rows where r.bestNextIndex[i] >= 0 {
            out.nextRows.append(Int32(i))
            out.nextIndex.append(r.bestNextIndex[i])
            out.nextCosine.append(r.bestNextCosine[i])
        }
        let d = source.columns
        source.withUnsafeValues { sv in
            target.withUnsafeValues { tv in
                guard let sBase = sv.baseAddress, let tBase = tv.baseAddress else { return }
                for (j, i) in r.bestPreviousIndex.enumerated() where i >= 0 {
                    let a = sBase + Int(i) * d
                    let b = tBase + j * d
                    out.previousTargets.append(Int32(j))
                    out.previousIndex.append(i)
                    out.previousCosine.append(
                        ExactCosine.cosine(
                            a, norm: ExactCosine.norm(a, count: d), b, norm: ExactCosine.norm(b, count: d), count: d))
                }
            }
        }
        return out
    }
}
