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
                "missing \(missing.count) of \(n) shards: \(list); run saegraph build --shard I/\(n) for each and merge them all"
            )
        }
        let ordered = (1...n).map { parts[byShard[$0]!] }
        return assemble(ordered)
    }

    /// Merges parts already checked and ordered by shard.
    private static func assemble(_ parts: [PartialGraph]) -> LayeredGraph {
        let first = parts[0]
        let layers = first.layers
        let counts = first.featureCounts
        var best = counts.map { BestMatches(count: $0) }
        var previousKey = counts.map { [Double](repeating: -.infinity, count: $0) }
        var edges = [[(source: Int32, target: Int32, similarity: Float)]](
            repeating: [], count: max(layers.count - 1, 0))
        var excluded = layers.map { _ in Set<Int>() }
        for part in parts {
            for (k, rows) in part.excludedRows.enumerated() { excluded[k].formUnion(rows) }
            for pair in part.pairs {
                let p = pair.pair
                for e in pair.edgeSources.indices {
                    edges[p].append((pair.edgeSources[e], pair.edgeTargets[e], pair.edgeSimilarities[e]))
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
        let pairs = edges.enumerated().map { p, list in
            LayerPairEdges(
                sourceLayer: layers[p], targetLayer: layers[p + 1], sourceCount: counts[p], targetCount: counts[p + 1],
                edges: list)
        }
        var excludedRows: [Int: [Int]] = [:]
        for (k, rows) in excluded.enumerated() where !rows.isEmpty { excludedRows[layers[k]] = rows.sorted() }
        let options = SimilarityOptions(threshold: first.threshold, topK: first.topK, absolute: first.absolute)
        return LayeredGraph(
            layers: layers, featureCounts: counts, pairs: pairs, bestMatches: best,
            metadata: SimilarityGraphBuilder.metadata(
                options: options, inputs: first.inputs, excludedRows: excludedRows, version: first.version))
    }

    /// Throws when `part` cannot belong to the same build as `reference`.
    private static func checkCompatible(
        _ part: PartialGraph, _ name: String, with reference: PartialGraph, _ refName: String
    ) throws {
        func conflict(_ what: String, _ mine: Any, _ theirs: Any, _ advice: String) -> SAEGraphError {
            SAEGraphError(.conflict, "\(name) has \(what) \(mine) but \(refName) has \(theirs); \(advice)")
        }
        let sameOptions = "build every shard with the same options"
        let sameInputs = "build every shard from the same SAE files"
        guard part.shard.count == reference.shard.count else {
            throw conflict(
                "shard \(part.shard), a count of", part.shard.count, reference.shard.count,
                "merge the shards of one build")
        }
        guard part.version == reference.version else {
            throw conflict(
                "saegraph version", part.version, reference.version, "build every shard with one saegraph version")
        }
        guard part.threshold.bitPattern == reference.threshold.bitPattern else {
            throw conflict("threshold", part.threshold, reference.threshold, sameOptions)
        }
        guard part.topK == reference.topK else {
            throw conflict(
                "top-k", part.topK.map(String.init) ?? "none", reference.topK.map(String.init) ?? "none", sameOptions)
        }
        guard part.absolute == reference.absolute else {
            throw conflict("absolute", part.absolute, reference.absolute, sameOptions)
        }
        guard part.layers == reference.layers else {
            throw conflict("layers", part.layers, reference.layers, sameInputs)
        }
        for k in reference.layers.indices {
            let layer = reference.layers[k]
            guard part.featureCounts[k] == reference.featureCounts[k] else {
                throw conflict(
                    "d_sae for layer \(layer) of", part.featureCounts[k], reference.featureCounts[k], sameInputs)
            }
            let (a, b) = (part.inputs[k], reference.inputs[k])
            guard a == b else {
                let what = a.path != b.path ? ("input path", a.path, b.path) : ("input description", "\(a)", "\(b)")
                throw conflict("for layer \(layer) \(what.0)", what.1, what.2, sameInputs)
            }
            guard part.fingerprints[k] == reference.fingerprints[k] else {
                throw conflict(
                    "for layer \(layer) (\(a.path)) decoder fingerprint", part.fingerprints[k],
                    reference.fingerprints[k],
                    "the file changed between shards; " + sameInputs)
            }
        }
    }
}
