extension SimilarityGraphBuilder {
    /// The engine settings `rule` needs: its threshold and cap for `threshold` and `topk`, and
    /// for `mutual` and `auto` a threshold no cosine reaches (best matches only).
    static func engineOptions(for rule: EdgeRule, _ options: SimilarityOptions) -> SimilarityOptions {
        var engine = options
        engine.neighbours = rule.neighbours
        if let (t, k) = rule.engineEdges {
            engine.threshold = t
            engine.topK = k ?? options.topK
        } else {
            engine.threshold = 2  // no cosine reaches it: best matches only
            engine.topK = nil
        }
        return engine
    }

    /// One layer pair's edges under `rule`, from the engine's candidates and best matches and
    /// the pair's null summary; `sources` is the number of compared (non-excluded) source rows.
    /// Shared by ``build(_:rule:options:nullModel:progress:)`` and the merge of a sharded build,
    /// so both decide alike; returns the pair's null summary completed with its CSLS null.
    /// `neighbours` (the scan's row and column neighbourhoods) are
    /// needed by `best`, which scores each best match by CSLS (``CSLS``). With `scored` (the
    /// same lists rescored by ``EncoderScoring``, and the null's rows scored alike), `best`
    /// picks each source's best candidate by score, takes CSLS on the score, and records the
    /// score on every edge; the edge's similarity stays the decoder cosine.
    static func selectPair(
        rule: EdgeRule, candidates: [(source: Int32, target: Int32, similarity: Float)], best: PairBestMatches,
        null computed: (summary: NullSummary, rows: [NullBestRow])?, sources: Int, absolute: Bool,
        layers: (source: Int, target: Int), counts: (source: Int, target: Int),
        neighbours: (next: Neighbours, previous: Neighbours)? = nil,
        scored: (next: Neighbours, previous: Neighbours)? = nil, threads: Int = 1
    ) -> (pair: LayerPairEdges, cutoff: Double?, null: NullSummary?) {
        var best = best
        var null = computed?.summary
        var cutoff = rule.cutoff(null: null, sources: sources)
        var tail: CSLSNullTail? = nil
        var scores: [Float]? = nil
        if case .best(_, let alpha, let coverage) = rule, let decoderLists = neighbours {
            let neighbours = scored ?? decoderLists
            let columnMean = { (j: Int) in neighbours.previous.meanKey(j, absolute: absolute) }
            if let summary = null, let rows = computed?.rows {
                null?.csls = CSLSNull(
                    samples: rows.map {
                        Double(CSLS.score(Double($0.key), rSource: $0.rSource, rTarget: columnMean(Int($0.target))))
                    })
                let model = scored == nil ? summary.bestModel() : summary.scoreModel()
                tail = CSLSNullTail(rows: rows, columnMean: columnMean, model: model)
            }
            var ranked = best
            if let scored {
                // Each source's best candidate by score; the edge keeps its decoder cosine.
                var values = [Float](repeating: .nan, count: best.nextIndex.count)
                for i in best.nextIndex.indices {
                    guard let top = scored.next.list(i).first else { continue }
                    values[i] = top.cosine
                    ranked.nextCosine[i] = top.cosine
                    best.nextIndex[i] = top.index
                    best.nextCosine[i] = decoderLists.next.list(i).first { $0.index == top.index }?.cosine ?? .nan
                }
                ranked.nextIndex = best.nextIndex
                scores = values
            }
            let confidence = CSLS.confidences(
                best: ranked, next: neighbours.next, previous: neighbours.previous, absolute: absolute)
            best.confidence = confidence
            if let coverage {
                cutoff = CSLS.coverageCutoff(confidence, fraction: coverage, sources: sources)
            } else if let tail {
                let least = scored == nil ? EdgeRule.leastBestFloor : EdgeRule.leastScoredFloor
                cutoff = max(least, tail.quantile(exceeding: alpha / Double(max(sources, 1))))
            }
        }
        let edges = rule.select(candidates: candidates, best: best, absolute: absolute, cutoff: cutoff)
        var pair = LayerPairEdges(
            sourceLayer: layers.source, targetLayer: layers.target, sourceCount: counts.source,
            targetCount: counts.target, edges: edges)
        if let null { null.annotate(&pair, absolute: absolute) }
        if let confidence = best.confidence, let neighbours {
            annotateBest(
                &pair, confidence: confidence, columns: (scored ?? neighbours).previous, null: null?.csls, tail: tail,
                threads: threads)
            if let scores {
                pair.scores = (0..<pair.sourceCount).flatMap { s in pair.outgoing(s).map { _ in scores[s] } }
            }
        }
        return (pair, cutoff, null)
    }

    /// Fills the `best` rule's per-edge values: the confidence (CSLS), z and p of it against
    /// the CSLS null, rank 1 in its row (every edge is its source's best match), and its rank
    /// in its column's neighbourhood (by score where scored; NaN beyond it). The p-values (32
    /// tail terms an edge) are computed on `threads` threads.
    static func annotateBest(
        _ pair: inout LayerPairEdges, confidence: [Float], columns: Neighbours, null: CSLSNull?, tail: CSLSNullTail?,
        threads: Int = 1
    ) {
        var values: [Float] = []
        var columnRanks: [Float] = []
        for s in 0..<pair.sourceCount {
            for e in pair.outgoing(s) {
                values.append(confidence[s])
                columnRanks.append(columns.rank(of: Int32(s), in: Int(pair.targets[e])).map(Float.init) ?? .nan)
            }
        }
        pair.confidences = values
        pair.rowRanks = values.map { _ in 1 }
        pair.columnRanks = columnRanks
        if let null { pair.zScores = values.map { Float(null.zScore(Double($0))) } }
        if let tail { pair.pValues = parallelMap(values, threads: threads) { Float(tail.pValue(Double($0))) } }
    }

    /// The metadata of a graph built under `rule` (shared with merged sharded builds, which
    /// must match it): `threshold` is the least cutoff, or `options.threshold` without one;
    /// for `best`, whose cutoffs are CSLS floors, the least cosine of any edge in `pairs` (−1
    /// without edges).
    static func graphMetadata(
        rule: EdgeRule, options: SimilarityOptions, layers: [Int], inputs: [SAEInfo], excludedRows: [Int: [Int]],
        nullModel: NullModelOptions?, nulls: [NullSummary?], cutoffs: [Double?], pairs: [LayerPairEdges],
        version: String = SAEGraphVersion.current, scoring: GraphScoring = .decoder
    ) -> GraphMetadata {
        let least =
            rule.neighbours > 0
            ? pairs.flatMap(\.similarities).min() ?? -1
            : Float(cutoffs.compactMap { $0 }.min() ?? Double(options.threshold))
        return GraphMetadata(
            rule: .built(rule), threshold: least,
            topK: engineOptions(for: rule, options).topK, absolute: options.absolute, inputs: inputs,
            excludedRows: excludedRows, version: version,
            nullModel: nullModel.map {
                NullModelRecord(options: $0, layers: layers, summaries: nulls, cutoffs: cutoffs)
            }, scoring: scoring)
    }
}
