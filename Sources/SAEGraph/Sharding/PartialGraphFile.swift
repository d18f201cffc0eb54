import Foundation

/// The file `saegraph build --shard I/N` writes and `saegraph merge` reads: one JSON object.
///
/// ```json
/// {"saegraph_partial": 2, "saegraph_version": "0.1.0", "shard": 3, "shard_count": 8,
///  "threshold": 0.5, "top_k": null, "absolute": false, "precision": "auto",
///  "rule": "threshold", "rule_parameters": {"threshold": 0.5}, "null_model": null,
///  "layers": [6, 7],
///  "feature_counts": [24576, 24576], "inputs": [{"path": ..., "layer": 6, ...}, ...],
///  "fingerprints": ["9f3c...", "01ab..."], "excluded_rows": [[], [12]],
///  "pairs": [{"pair": 0, "rows": [6144, 9216],
///             "edge_sources": [...], "edge_targets": [...], "edge_similarities": [...],
///             "next_rows": [...], "next_index": [...], "next_cosine": [...],
///             "previous_targets": [...], "previous_index": [...], "previous_cosine": [...],
///             "null": null}]}
/// ```
///
/// Numbers are written as Doubles in their shortest round-trip form: Float values (threshold,
/// similarities, next cosines) widen exactly and read back bit for bit, and the previous
/// cosines keep their full Double value; non-finite values are the strings "nan", "inf" and
/// "-inf". `null_model` is `{"sample_rows": 256, "seed": 0}` when the build has a null model,
/// and a pair's `null` then holds its ``NullSummary`` in the shard that owns the pair's first
/// source row (`sample_rows`, `target_rows`, `mean`, `sd`, `effective_dimension`,
/// `cosine_quantiles`, `best_quantiles`, and `score_dimension` on a pair scored with
/// encoders). With the `best` rule a pair adds `neighbours` (``NeighbourLists``: the CSLS
/// lists, with `next_score` and `previous_score` on pairs scored with encoders), and the file
/// `scored_pairs` (one boolean per layer pair) when any pair is. Keys are written sorted, so a
/// shard computed again writes the same bytes. Written atomically.
public enum PartialGraphFile {
    /// The format number in `saegraph_partial`.
    public static let formatVersion = 2

    /// Writes `partial` to `path` atomically.
    /// - Throws: ``SAEGraphError`` `.writeFailed` naming the path.
    /// - Complexity: O(edges + rows).
    public static func write(_ partial: PartialGraph, to path: String) throws {
        try AtomicFile.write(encode(partial), to: path)
    }

    /// The file's bytes.
    public static func encode(_ partial: PartialGraph) -> Data {
        PartialGraphWire.encode(partial)
    }

    /// Reads a partial graph file (`-`: standard input, bounded as for ``GraphFile``).
    /// - Throws: ``SAEGraphError`` `.fileNotFound`, or `.malformedFile` with a one-line
    ///   message naming the file: not JSON, not a partial graph file (e.g. a finished graph),
    ///   an unknown format number, a missing field, or contents that contradict each other.
    public static func read(path: String) throws -> PartialGraph {
        let (data, name) = try InputFile.read(path: path, what: "partial graph file")
        return try decode(data, name: name)
    }

    /// Whether the file at `path` already holds the shard `header` describes, complete and
    /// valid (so a rerun of a job array can skip it): it reads as a partial graph file, is the
    /// same shard, and ``PartialGraph/difference(from:)`` finds nothing.
    /// - Parameter header: ``SimilarityGraphBuilder/partialHeader(_:rule:options:nullModel:shard:)``.
    /// - Returns: nil when reusable, else why not (one line); "no file" when there is none.
    public static func reusable(at path: String, for header: PartialGraph) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return "no file" }
        let existing: PartialGraph
        do { existing = try read(path: path) } catch let e as SAEGraphError {
            return e.message
        } catch { return "\(error)" }
        guard existing.shard == header.shard else {
            return "\(path) holds shard \(existing.shard), not \(header.shard)"
        }
        if let d = existing.difference(from: header) {
            return "\(path) has \(d.what) \(d.mine), not \(d.theirs)"
        }
        return nil
    }

    /// Reads a partial graph file's bytes; `name` is used in error messages.
    public static func decode(_ data: Data, name: String) throws -> PartialGraph {
        let partial = try PartialGraphWire.decode(data, name: name)
        try check(partial, name: name)
        return partial
    }

    /// Consistency of one file on its own: parallel arrays, ranges and indices in bounds, and
    /// each pair's rows exactly those the plan gives the shard.
    private static func check(_ p: PartialGraph, name: String) throws {
        func fail(_ what: String) -> SAEGraphError { SAEGraphError(.malformedFile, "\(name): \(what)") }
        let layerCount = p.layers.count
        guard p.featureCounts.count == layerCount, p.inputs.count == layerCount, p.fingerprints.count == layerCount,
            p.excludedRows.count == layerCount
        else {
            throw fail(
                "`feature_counts`, `inputs`, `fingerprints` and `excluded_rows` must have one entry per layer (\(layerCount))"
            )
        }
        guard p.layers == p.layers.sorted(), Set(p.layers).count == layerCount, p.featureCounts.allSatisfy({ $0 >= 0 })
        else {
            throw fail("`layers` must ascend without repeats and `feature_counts` must not be negative")
        }
        // Merging sizes per-feature tables by these counts: the graph file's bound applies.
        guard p.featureCounts.allSatisfy({ $0 <= GraphFileAssembly.maxTotalFeatures }),
            p.featureCounts.reduce(0, +) <= GraphFileAssembly.maxTotalFeatures
        else {
            throw fail(
                "`feature_counts` add up to more than the \(GraphFileAssembly.maxTotalFeatures) features a graph may have"
            )
        }
        for (k, rows) in p.excludedRows.enumerated() where rows.contains(where: { $0 < 0 || $0 >= p.featureCounts[k] })
        {
            throw fail("`excluded_rows` of layer \(p.layers[k]) lists a row outside 0..<\(p.featureCounts[k])")
        }
        do { try p.rule.validate() } catch let e as SAEGraphError { throw fail(e.message) }
        if p.nullModel.map({ $0.sampleRows < 1 }) ?? false { throw fail("`null_model.sample_rows` must be at least 1") }
        if p.pairs.contains(where: { $0.null != nil && (p.nullModel == nil || $0.rows.lowerBound != 0) }) {
            throw fail("a null summary is held only by the shard owning a pair's first row, with a null model")
        }
        guard p.scoredPairs.isEmpty || p.scoredPairs.count == max(layerCount - 1, 0) else {
            throw fail("`scored_pairs` must have one entry per layer pair (\(max(layerCount - 1, 0)))")
        }
        let plan: ShardPlan
        do { plan = try p.plan() } catch let e as SAEGraphError { throw SAEGraphError(e.kind, "\(name): \(e.message)") }
        let owned = (0..<plan.pairCount).filter { !plan.rows(shard: p.shard.index, pair: $0).isEmpty }
        guard p.pairs.map(\.pair) == owned else {
            throw fail("shard \(p.shard) should hold layer pairs \(owned) but holds \(p.pairs.map(\.pair))")
        }
        for pair in p.pairs {
            let expected = plan.rows(shard: p.shard.index, pair: pair.pair)
            let (ns, nt) = (p.featureCounts[pair.pair], p.featureCounts[pair.pair + 1])
            let label = "layer pair \(p.layers[pair.pair]) → \(p.layers[pair.pair + 1])"
            guard pair.rows == expected else {
                throw fail("\(label): shard \(p.shard) should own rows \(expected) but holds \(pair.rows)")
            }
            guard pair.edgeSources.count == pair.edgeTargets.count,
                pair.edgeSources.count == pair.edgeSimilarities.count,
                pair.nextRows.count == pair.nextIndex.count, pair.nextRows.count == pair.nextCosine.count,
                pair.previousTargets.count == pair.previousIndex.count,
                pair.previousTargets.count == pair.previousCosine.count
            else { throw fail("\(label): edge and best-match arrays differ in length") }
            let inRows = { (i: Int32) in pair.rows.contains(Int(i)) }
            let inTargets = { (j: Int32) in j >= 0 && Int(j) < nt }
            let inSources = { (i: Int32) in i >= 0 && Int(i) < ns }
            guard pair.edgeSources.allSatisfy(inRows), pair.nextRows.allSatisfy(inRows),
                pair.edgeTargets.allSatisfy(inTargets), pair.nextIndex.allSatisfy(inTargets),
                pair.previousTargets.allSatisfy(inTargets), pair.previousIndex.allSatisfy(inSources)
            else { throw fail("\(label): a feature index lies outside the shard's rows or the layer") }
            try checkNeighbours(pair, of: p, targets: nt, label: label, fail: fail)
            try checkBestMatches(pair, of: p, label: label, fail: fail)
        }
    }

    /// Every owned row has a best next match and every target a best previous one, except the
    /// excluded rows (or when the other side has no row left). So the file holds an entry or an
    /// excluded row for each feature it claims: the merge's tables, sized by the claimed
    /// `feature_counts`, stay proportional to what the files hold.
    private static func checkBestMatches(
        _ pair: PartialPair, of p: PartialGraph, label: String, fail: (String) -> SAEGraphError
    ) throws {
        let nt = p.featureCounts[pair.pair + 1]
        let ownExcluded = p.excludedRows[pair.pair].filter { pair.rows.contains($0) }.count
        let targetsLeft = nt - Set(p.excludedRows[pair.pair + 1]).count
        let rowsLeft = pair.rows.count - ownExcluded
        guard pair.nextRows.count == (targetsLeft > 0 ? rowsLeft : 0),
            pair.previousTargets.count == (rowsLeft > 0 ? targetsLeft : 0)
        else {
            throw fail(
                "\(label): \(pair.nextRows.count) best next and \(pair.previousTargets.count) best previous matches, but \(rowsLeft) owned rows and \(targetsLeft) targets are not excluded; each needs one"
            )
        }
    }

    /// The `best` rule's lists of one pair: present exactly when the rule has a neighbourhood,
    /// of its depth, one list per owned row and per target, indices in bounds; scores exactly
    /// on the pairs the build scored with encoders.
    private static func checkNeighbours(
        _ pair: PartialPair, of p: PartialGraph, targets nt: Int, label: String, fail: (String) -> SAEGraphError
    ) throws {
        let depth = p.rule.neighbours
        guard depth > 0 else {
            guard pair.nextNeighbours == nil, pair.previousNeighbours == nil, pair.nullRows == nil else {
                throw fail("\(label): `neighbours` is set, but the rule \(p.rule.name) has none")
            }
            return
        }
        guard let next = pair.nextNeighbours, let previous = pair.previousNeighbours else {
            throw fail("\(label): `neighbours` is missing; the rule \(p.rule.name) needs it")
        }
        guard next.depth == depth, next.count == pair.rows.count, previous.count == nt else {
            throw fail(
                "\(label): `neighbours` must hold \(depth) entries for each of the \(pair.rows.count) owned rows and \(nt) targets"
            )
        }
        guard next.indices.allSatisfy({ $0 < nt }),
            previous.indices.allSatisfy({ $0 < 0 || pair.rows.contains(Int($0)) }),
            pair.nullRows?.allSatisfy({ $0.target >= 0 && Int($0.target) < nt }) ?? true
        else { throw fail("\(label): a `neighbours` index lies outside the shard's rows or the layer") }
        let scored = p.scoredPairs.indices.contains(pair.pair) && p.scoredPairs[pair.pair]
        guard (pair.nextScores != nil) == scored, (pair.previousScores != nil) == scored else {
            throw fail(
                "\(label): `neighbours.next_score` and `previous_score` must be present exactly on pairs scored with encoders (`scored_pairs`)"
            )
        }
    }
}
