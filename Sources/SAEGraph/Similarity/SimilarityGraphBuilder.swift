/// Builds the layered similarity graph from the SAEs of several layers.
public enum SimilarityGraphBuilder {
    /// Builds the layered graph from SAEs: edges between each consecutive pair of layers (by
    /// layer number) under `options`, and every feature's best match in the next and
    /// previous layer. Rows that are zero or non-finite (``DecoderMatrix/rowHealth()``) are
    /// excluded, recorded in `metadata.excludedRows`, and get no edges and no best match.
    ///
    /// Labels are empty; metadata records the threshold rule, threshold, topK, absolute, the
    /// inputs' ``SAEInfo`` (in layer order), excluded rows and the version.
    ///
    /// - Parameter progress: reports rows done per layer pair, stage e.g. "layer 6 → 7", and
    ///   once the candidate kernel chosen (``KernelChoice/summary`` as a note).
    /// - Throws: ``SAEGraphError`` `.invalidArgument` for no SAEs or bad options, `.conflict`
    ///   for two SAEs of one layer, `.shapeMismatch` naming two layers whose d_model differs.
    /// - Complexity: one ``PairSimilarity`` per consecutive pair; at most two layers'
    ///   normalised copies are held at once.
    public static func build(
        _ saes: [LoadedSAE], options: SimilarityOptions, progress: ProgressHandler? = nil
    ) throws -> LayeredGraph {
        try build(saes, rule: .threshold(options.threshold), options: options, nullModel: nil, progress: progress)
    }

    /// Builds the layered graph with edges chosen by `rule` (see ``EdgeRule``): the engine runs
    /// at the threshold the rule needs (none for `mutual`/`auto`, which use best matches only),
    /// then the rule selects. `options.threshold` and `options.topK` are ignored except by
    /// ``EdgeRule/threshold(_:)``.
    ///
    /// With a null model (always for `auto`), each pair gets a ``NullSummary`` and every edge a
    /// z-score and p-value (``NullSummary/zScore(_:)``, ``NullSummary/pValue(_:model:)``);
    /// metadata records the rule's parameters and the null model (``GraphMetadata/nullModel``).
    /// `metadata.threshold` is the least cosine any edge can have (the floor, or the smallest
    /// `auto` threshold).
    ///
    /// `scoring` says which pairs the `best` rule scores with encoders (``EncoderScoring``,
    /// ``encoderPairs(_:rule:options:scoring:)``); `metadata.scoring` records the outcome.
    public static func build(
        _ saes: [LoadedSAE], rule: EdgeRule, options: SimilarityOptions, nullModel: NullModelOptions?,
        scoring: ScoringChoice = .auto, progress: ProgressHandler? = nil
    ) throws -> LayeredGraph {
        try options.validate()
        try rule.validate()
        let nullModel = nullModel ?? (rule.needsNullModel ? NullModelOptions() : nil)
        guard !saes.isEmpty else {
            throw SAEGraphError(.invalidArgument, "no SAEs given; pass at least one layer's decoder")
        }
        let sorted = try ordered(saes)
        let encoderPairs = try encoderPairs(sorted, rule: rule, options: options, scoring: scoring)
        var scoringRows: [Int: ScoringRows] = [:]
        let excluded = rowHealth(sorted, threads: options.resolvedThreads)
        var best = sorted.map { BestMatches(count: $0.decoder.rows) }
        var pairs: [LayerPairEdges] = []
        var previous: NormalizedRows? = nil
        var nulls: [NullSummary?] = []
        var cutoffs: [Double?] = []
        var kernel: CandidateKernel? = nil
        let engine = engineOptions(for: rule, options)
        for k in 0..<(sorted.count - 1) {
            let (a, b) = (sorted[k], sorted[k + 1])
            let s =
                try previous
                ?? NormalizedRows(
                    a.decoder, excluded: excluded[k], what: "layer \(a.layer)", threads: options.resolvedThreads)
            let t = try NormalizedRows(
                b.decoder, excluded: excluded[k + 1], what: "layer \(b.layer)", threads: options.resolvedThreads)
            previous = nil
            let chosen = kernel ?? chooseKernel(source: s, target: t, options: engine, progress: progress)
            kernel = chosen
            // The null's random frame depends only on the seed and the width, and a frame of
            // higher rank starts with the one of lower rank: made for the largest rank the
            // sample can have, it is work the scan's cores share (see ``NullModel/randomFrame(rank:columns:seed:)``).
            // So is the sample's Gram–Schmidt when it holds decoder rows alone (encoder rows
            // are read after the scan, to keep them out of its peak memory).
            var frame: [Double]? = nil
            var sample: (coefficients: [Double], rank: Int)? = nil
            let frameWork = nullModel.map { n in
                let rank = NullModel.frameRank(
                    sampleRows: n.sampleRows, sources: s.count, columns: s.columns, scoring: encoderPairs[k])
                var ahead = [Double](repeating: 0, count: rank * s.columns)
                return {
                    NullModel.fillRandomFrame(&ahead, rank: rank, columns: s.columns, seed: n.seed &+ UInt64(k))
                    frame = ahead
                    if !encoderPairs[k] { sample = NullModel.sampleCoefficients(source: s, sampleRows: n.sampleRows) }
                }
            }
            let r = PairScan(source: s, target: t, options: engine, kernel: chosen)
                .run(stage: "layer \(a.layer) → \(b.layer)", progress: progress, aside: frameWork)
            let layerScoring = try pairScoring(k, scored: encoderPairs[k], sorted, cache: &scoringRows)
            let computed = nullModel.flatMap {
                NullModel.computeWithRows(
                    source: s, target: t, sampleRows: $0.sampleRows, seed: $0.seed &+ UInt64(k),
                    threads: options.resolvedThreads, neighbours: rule.neighbours, absolute: options.absolute,
                    scoring: layerScoring, frame: frame, sample: sample)
            }
            previous = t
            // Layer k is done with; the next pair maps layer k + 1's pages again as it reads them.
            a.decoder.releaseResidentPages()
            best[k].nextIndex = r.bestNextIndex
            best[k].nextCosine = r.bestNextCosine
            best[k + 1].previousIndex = r.bestPreviousIndex
            best[k + 1].previousCosine = r.bestPreviousCosine
            let best = PairBestMatches(
                nextIndex: r.bestNextIndex, nextCosine: r.bestNextCosine, previousIndex: r.bestPreviousIndex,
                previousCosine: r.bestPreviousCosine)
            let (pair, cutoff, null) = selectPair(
                rule: rule, candidates: r.edges, best: best, null: computed, sources: s.count,
                absolute: options.absolute,
                layers: (a.layer, b.layer), counts: (a.decoder.rows, b.decoder.rows),
                neighbours: r.nextNeighbours.flatMap { n in r.previousNeighbours.map { (n, $0) } },
                scored: layerScoring.flatMap { l in
                    r.nextNeighbours.flatMap { n in
                        r.previousNeighbours.map { p in
                            let threads = options.resolvedThreads
                            return (
                                EncoderScoring.rescore(
                                    n, rowsAreEarlier: true, earlier: l.source, later: l.target, threads: threads),
                                EncoderScoring.rescore(
                                    p, rowsAreEarlier: false, earlier: l.source, later: l.target, threads: threads)
                            )
                        }
                    }
                }, threads: options.resolvedThreads)
            pairs.append(pair)
            nulls.append(null)
            cutoffs.append(cutoff)
        }
        var excludedRows: [Int: [Int]] = [:]
        for (sae, rows) in zip(sorted, excluded) where !rows.isEmpty { excludedRows[sae.layer] = rows }
        let metadata = graphMetadata(
            rule: rule, options: options, layers: sorted.map(\.layer), inputs: sorted.map(\.info),
            excludedRows: excludedRows, nullModel: nullModel, nulls: nulls, cutoffs: cutoffs, pairs: pairs,
            scoring: GraphScoring(encoderPairs: encoderPairs))
        return LayeredGraph(
            layers: sorted.map(\.layer), featureCounts: sorted.map(\.decoder.rows), pairs: pairs,
            bestMatches: best, metadata: metadata)
    }

    /// Each layer's excluded rows (``DecoderMatrix/rowHealth(threads:)``), in order; a mapped
    /// layer's pages are released once scanned (``DecoderMatrix/releaseResidentPages()``), so
    /// that reading every layer up front does not keep every layer resident (measured on
    /// 4 × 24,576 × 768 F32: 288 MiB, more than half the build's peak).
    static func rowHealth(_ sorted: [LoadedSAE], threads: Int) -> [[Int]] {
        sorted.map { sae in
            defer { sae.decoder.releaseResidentPages() }
            return sae.decoder.rowHealth(threads: threads).excluded
        }
    }

    /// The encoder rows of pair `k`'s two layers when the pair is scored with encoders, nil
    /// otherwise. Each layer's encoder is converted once: `cache` keeps the later layer for the
    /// next pair and drops the earlier one. Pairs must come in ascending order.
    /// - Throws: what converting an encoder throws.
    static func pairScoring(
        _ k: Int, scored: Bool, _ sorted: [LoadedSAE], cache: inout [Int: ScoringRows]
    ) throws -> (source: ScoringRows, target: ScoringRows)? {
        defer { cache = cache.filter { $0.key > k } }
        guard scored else { return nil }
        for i in [k, k + 1] where cache[i] == nil {
            cache[i] = ScoringRows(decoder: sorted[i].decoder, encoder: try sorted[i].encoder!.matrix())
        }
        return (cache[k]!, cache[k + 1]!)
    }

    /// The kernel `options.precision` names, measured on the first layer pair's rows for
    /// `.auto`; reported once as a progress note (stage "candidate pass").
    static func chooseKernel(
        source: NormalizedRows, target: NormalizedRows, options: SimilarityOptions, progress: ProgressHandler?
    ) -> CandidateKernel {
        let choice =
            CandidateKernel.explicit(options.precision, columns: source.columns).map {
                KernelChoice(kernel: $0, rates: [])
            }
            ?? KernelTiming.choose(source: source, target: target, options: options)
        progress?(ProgressEvent(stage: "candidate pass", completed: 1, total: 1, unit: "kernel", note: choice.summary))
        return choice.kernel
    }

    /// Per consecutive pair of `sorted` (layer order), whether the `best` rule scores it with
    /// encoders: under `.auto` when both layers carry an encoder, under `.encoder` always;
    /// never for other rules, with `absolute`, with fewer than
    /// ``EncoderScoring/leastCandidates`` candidates (`csls-k`), or under `.decoder`.
    /// - Throws: `.invalidArgument` for `.encoder` with another rule, `absolute` or a small
    ///   `csls-k`, or a layer without an encoder (naming it).
    public static func encoderPairs(
        _ sorted: [LoadedSAE], rule: EdgeRule, options: SimilarityOptions, scoring: ScoringChoice
    ) throws -> [Bool] {
        let pairs = max(sorted.count - 1, 0)
        guard case .best(let k, _, _) = rule, k >= EncoderScoring.leastCandidates, !options.absolute,
            scoring != .decoder
        else {
            if scoring == .encoder {
                let reason =
                    if case .best(let k, _, _) = rule {
                        options.absolute
                            ? "does not combine with --absolute"
                            : "needs --csls-k at least \(EncoderScoring.leastCandidates) (got \(k))"
                    } else {
                        "applies to --rule best only (got \(rule.name))"
                    }
                throw SAEGraphError(.invalidArgument, "encoder scoring \(reason); pass --scoring decoder")
            }
            return [Bool](repeating: false, count: pairs)
        }
        if scoring == .encoder, let bare = sorted.first(where: { $0.encoder == nil }) {
            throw SAEGraphError(
                .invalidArgument,
                "layer \(bare.layer) (\(bare.info.path)) has no encoder (looked for \(SAELoader.encoderTensors.map(\.name).joined(separator: ", "))); --scoring encoder needs one in every layer, or pass --scoring auto"
            )
        }
        return (0..<pairs).map { sorted[$0].encoder != nil && sorted[$0 + 1].encoder != nil }
    }

    /// The SAEs in layer order, checked: no layer twice, one d_model.
    static func ordered(_ saes: [LoadedSAE]) throws -> [LoadedSAE] {
        let sorted = saes.sorted { $0.layer < $1.layer }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            guard a.layer != b.layer else {
                throw SAEGraphError(.conflict, "two SAEs claim layer \(a.layer): \(a.info.path) and \(b.info.path)")
            }
            try PairSimilarity.checkShapes(
                a.decoder.columns, b.decoder.columns, "layer \(a.layer)", "layer \(b.layer)")
        }
        return sorted
    }
}
