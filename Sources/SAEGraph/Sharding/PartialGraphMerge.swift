extension PartialGraph {
    /// Joins the partial graphs of every shard of one build into the graph the unsharded
    /// build makes, identical in every value (and so in its written file).
    ///
    /// Edges and best next matches come from the shard that owns each source row (a disjoint
    /// union). Each target's best previous match is the one with the largest Double reference
    /// cosine (`|cos|` with `absolute`) among the shards' candidates, the lower source index on
    /// ties — the rule of the unsharded engine. Excluded rows are the union of what the shards
    /// read. The parts may come in any order.
    ///
    /// - Parameter names: one per part (file names), for error messages.
    /// - Throws: ``SAEGraphError`` with a one-line message: `.invalidArgument` for no parts;
    ///   `.conflict` when parts disagree on the shard count, version, options, layers, d_sae
    ///   or inputs (path, format, tensor, … or decoder fingerprint), or two parts are the same
    ///   shard; `.invalidArgument` naming the missing shards.
    /// - Complexity: O(total edges + layers · d_sae · parts).
    public static func merge(_ parts: [PartialGraph], names: [String]) throws -> LayeredGraph {
        precondition(names.count == parts.count, "one name per part")
        guard let first = parts.first else {
            throw SAEGraphError(.invalidArgument, "merge needs the partial graph files of every shard; none given")
        }
        let head = names[0]
        for (part, name) in zip(parts, names).dropFirst() { try checkCompatible(part, name, with: first, head) }
        var byShard: [Int: Int] = [:]
        for (k, part) in parts.enumerated() {
            if let other = byShard.updateValue(k, forKey: part.shard.index) {
                throw SAEGraphError(
                    .conflict, "\(names[other]) and \(names[k]) are both shard \(part.shard); give each shard once")
            }
        }
        let n = first.shard.count
        let missing = (1...n).filter { byShard[$0] == nil }
        guard missing.isEmpty else {
            let list =
                missing.count > 10
                ? missing.prefix(10).map(String.init).joined(separator: ", ") + ", …"
                : missing.map(String.init).joined(separator: ", ")
            throw SAEGraphError(
                .invalidArgument,
                "missing \(missing.count) of \(n) shards: \(list); recompute exactly those (sbatch --array=\(arrayRanges(missing)) on the array script, or saegraph build … --shard I/\(n) as listed) and merge again"
            )
        }
        let ordered = (1...n).map { parts[byShard[$0]!] }
        return assemble(ordered)
    }

    /// Merges parts already checked and ordered by shard: joins the best matches, candidate
    /// edges and null summaries, then applies the rule exactly as the unsharded build does.
    private static func assemble(_ parts: [PartialGraph]) -> LayeredGraph {
        let first = parts[0]
        let layers = first.layers
        let counts = first.featureCounts
        let pairCount = max(layers.count - 1, 0)
        var best = counts.map { BestMatches(count: $0) }
        var previousKey = counts.map { [Double](repeating: -.infinity, count: $0) }
        var candidates = [[(source: Int32, target: Int32, similarity: Float)]](repeating: [], count: pairCount)
        var nulls = [(summary: NullSummary, rows: [NullBestRow])?](repeating: nil, count: pairCount)
        let depth = first.rule.neighbours
        var next = counts.dropLast().map { Neighbours(count: depth > 0 ? $0 : 0, depth: depth) }
        var previous = counts.dropFirst().map { c in
            [[(index: Int32, cosine: Float)]](repeating: [], count: depth > 0 ? c : 0)
        }
        // On pairs scored with encoders: each row's list scores, and each column's candidates'
        // scores alongside `previous`.
        let scored = (0..<pairCount).map { first.scoredPairs.indices.contains($0) && first.scoredPairs[$0] }
        var nextScores = counts.dropLast().enumerated().map { p, c in
            [Float](repeating: .nan, count: scored[p] ? c * depth : 0)
        }
        var previousScores = counts.dropFirst().enumerated().map { p, c in
            [[Float]](repeating: [], count: scored[p] ? c : 0)
        }
        var excluded = layers.map { _ in Set<Int>() }
        for part in parts {
            for (k, rows) in part.excludedRows.enumerated() { excluded[k].formUnion(rows) }
            for pair in part.pairs {
                let p = pair.pair
                if let null = pair.null { nulls[p] = (null, pair.nullRows ?? []) }
                if depth > 0, let own = pair.nextNeighbours, let columns = pair.previousNeighbours {
                    for i in pair.rows { next[p].set(i, own.list(i - pair.rows.lowerBound)) }
                    for j in previous[p].indices { previous[p][j] += columns.list(j) }
                    if scored[p], let rowScores = pair.nextScores, let columnScores = pair.previousScores {
                        let base = pair.rows.lowerBound * depth
                        nextScores[p].replaceSubrange(base..<(base + rowScores.count), with: rowScores)
                        for (e, i) in columns.indices.enumerated() where i >= 0 {
                            previousScores[p][e / depth].append(columnScores[e])
                        }
                    }
                }
                for e in pair.edgeSources.indices {
                    candidates[p].append((pair.edgeSources[e], pair.edgeTargets[e], pair.edgeSimilarities[e]))
                }
                for (e, i) in pair.nextRows.enumerated() {
                    best[p].nextIndex[Int(i)] = pair.nextIndex[e]
                    best[p].nextCosine[Int(i)] = pair.nextCosine[e]
                }
                for (e, j) in pair.previousTargets.enumerated() {
                    let j = Int(j)
                    let (i, c) = (pair.previousIndex[e], pair.previousCosine[e])
                    let key = first.absolute ? abs(c) : c
                    let current = best[p + 1].previousIndex[j]
                    if current < 0 || key > previousKey[p + 1][j] || (key == previousKey[p + 1][j] && i < current) {
                        best[p + 1].previousIndex[j] = i
                        best[p + 1].previousCosine[j] = Float(c)
                        previousKey[p + 1][j] = key
                    }
                }
            }
        }
        var pairs: [LayerPairEdges] = []
        var cutoffs: [Double?] = []
        var summaries: [NullSummary?] = []
        for p in 0..<pairCount {
            var neighbours: (next: Neighbours, previous: Neighbours)? = nil
            var rescored: (next: Neighbours, previous: Neighbours)? = nil
            if depth > 0 {
                var merged = Neighbours(count: counts[p + 1], depth: depth)
                var columnScores = [Float](repeating: .nan, count: scored[p] ? counts[p + 1] * depth : 0)
                for (j, list) in previous[p].enumerated() {
                    let kept = Neighbours.nearestPositions(list, depth: depth, absolute: first.absolute)
                    merged.set(j, kept.map { list[$0] })
                    if scored[p] {
                        for (n, e) in kept.enumerated() { columnScores[j * depth + n] = previousScores[p][j][e] }
                    }
                }
                neighbours = (next[p], merged)
                if scored[p] {
                    rescored = (
                        EncoderScoring.reordered(next[p], scores: nextScores[p]),
                        EncoderScoring.reordered(merged, scores: columnScores)
                    )
                }
            }
            let matches = PairBestMatches(
                nextIndex: best[p].nextIndex, nextCosine: best[p].nextCosine,
                previousIndex: best[p + 1].previousIndex, previousCosine: best[p + 1].previousCosine)
            let (pair, cutoff, null) = SimilarityGraphBuilder.selectPair(
                rule: first.rule, candidates: candidates[p], best: matches, null: nulls[p],
                sources: counts[p] - excluded[p].count, absolute: first.absolute,
                layers: (layers[p], layers[p + 1]), counts: (counts[p], counts[p + 1]), neighbours: neighbours,
                scored: rescored)
            pairs.append(pair)
            cutoffs.append(cutoff)
            summaries.append(null)
        }
        var excludedRows: [Int: [Int]] = [:]
        for (k, rows) in excluded.enumerated() where !rows.isEmpty { excludedRows[layers[k]] = rows.sorted() }
        let options = SimilarityOptions(threshold: first.threshold, topK: first.topK, absolute: first.absolute)
        return LayeredGraph(
            layers: layers, featureCounts: counts, pairs: pairs, bestMatches: best,
            metadata: SimilarityGraphBuilder.graphMetadata(
                rule: first.rule, options: options, layers: layers, inputs: first.inputs, excludedRows: excludedRows,
                nullModel: first.nullModel, nulls: summaries, cutoffs: cutoffs, pairs: pairs, version: first.version,
                scoring: GraphScoring(encoderPairs: scored)))
    }

    /// Throws when `part` cannot belong to the same build as `reference`.
    private static func checkCompatible(
        _ part: PartialGraph, _ name: String, with reference: PartialGraph, _ refName: String
    ) throws {
        guard let d = part.difference(from: reference) else { return }
        throw SAEGraphError(
            .conflict,
            "shard \(part.shard) (\(name)) has \(d.what) \(d.mine) but shard \(reference.shard) (\(refName)) has \(d.theirs); \(d.advice)"
        )
    }
}
