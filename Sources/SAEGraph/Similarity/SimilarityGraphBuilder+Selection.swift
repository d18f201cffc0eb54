extension SimilarityGraphBuilder {
    /// The engine settings `rule` needs: its threshold and cap for `threshold` and `topk`, and
    /// for `mutual` and `auto` a threshold no cosine reaches (best matches only).
    static func engineOptions(for rule: EdgeRule, _ options: SimilarityOptions) -> SimilarityOptions {
        var engine = options
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
    /// so both decide alike.
    static func selectPair(
        rule: EdgeRule, candidates: [(source: Int32, target: Int32, similarity: Float)], best: PairBestMatches,
        null: NullSummary?, sources: Int, absolute: Bool,
        layers: (source: Int, target: Int), counts: (source: Int, target: Int)
    ) -> (pair: LayerPairEdges, cutoff: Double?) {
        let cutoff = rule.cutoff(null: null, sources: sources)
        let edges = rule.select(candidates: candidates, best: best, absolute: absolute, cutoff: cutoff)
        var pair = LayerPairEdges(
            sourceLayer: layers.source, targetLayer: layers.target, sourceCount: counts.source,
            targetCount: counts.target, edges: edges)
        if let null { null.annotate(&pair, absolute: absolute) }
        return (pair, cutoff)
    }

    /// The metadata of a graph built under `rule` (shared with merged sharded builds, which
    /// must match it): `threshold` is the least cutoff, or `options.threshold` without one.
    static func graphMetadata(
        rule: EdgeRule, options: SimilarityOptions, layers: [Int], inputs: [SAEInfo], excludedRows: [Int: [Int]],
        nullModel: NullModelOptions?, nulls: [NullSummary?], cutoffs: [Double?],
        version: String = SAEGraphVersion.current
    ) -> GraphMetadata {
        GraphMetadata(
            rule: .built(rule), threshold: Float(cutoffs.compactMap { $0 }.min() ?? Double(options.threshold)),
            topK: engineOptions(for: rule, options).topK, absolute: options.absolute, inputs: inputs,
            excludedRows: excludedRows, version: version,
            nullModel: nullModel.map {
                NullModelRecord(options: $0, layers: layers, summaries: nulls, cutoffs: cutoffs)
            })
    }
}
