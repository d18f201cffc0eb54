import Foundation

/// The lines `saegraph build` and `saegraph merge` report on stderr after writing a file.
public enum BuildSummary {
    /// "wrote PATH: N layers, E edges, L labels (cos ≥ T) in S s, R GOP/s end to end" (R: the
    /// similarity work `2 · sources · targets · d_model` of all pairs per second), then per layer pair its edges
    /// and linked source features, and per layer the excluded decoder rows (first five).
    /// - Parameters:
    ///   - rule: the rule built with; any but `threshold` shows the graph's least edge cosine
    ///     and the rule's name, and `best` its scoring (``GraphScoring``).
    ///   - topK: the `--top-k` cap given, if any.
    public static func graph(_ graph: LayeredGraph, path: String, rule: EdgeRule, topK: Int?, seconds: Double)
        -> String
    {
        var lines: [String] = []
        for pair in graph.pairs {
            lines.append(
                "  layer \(pair.sourceLayer) → \(pair.targetLayer): \(pair.edgeCount) edges, \(pair.linkedSourceCount) of \(pair.sourceCount) source features linked"
            )
        }
        for (layer, rows) in graph.metadata.excludedRows.sorted(by: { $0.key < $1.key }) where !rows.isEmpty {
            let first = rows.prefix(5).map(String.init).joined(separator: ", ")
            lines.append(
                "  layer \(layer): \(rows.count) decoder rows excluded (zero or non-finite: \(first)\(rows.count > 5 ? ", …" : ""))"
            )
        }
        let labelNote = graph.labels.isEmpty ? "" : ", \(graph.labels.count) labels"
        var cutoff: String
        if case .threshold(let t) = rule {
            cutoff = "\(t)"
        } else {
            cutoff = String(format: "%.3f", Double(graph.metadata.threshold)) + ", rule \(rule.name)"
            if case .best = rule { cutoff += ", scoring \(graph.metadata.scoring.rawValue)" }
        }
        // The similarity work, `2 · sources · targets · d_model` over the pairs, per wall second.
        let d = Double(graph.metadata.inputs.first?.dModel ?? 0)
        let ops = graph.pairs.reduce(0.0) { $0 + 2 * Double($1.sourceCount) * Double($1.targetCount) * d }
        let head = String(
            format: "wrote %@: %d layers, %d edges%@ (cos ≥ %@%@) in %.1f s, %.0f GOP/s end to end",
            path, graph.layers.count, graph.edgeCount, labelNote, cutoff, topK.map { ", top \($0)" } ?? "", seconds,
            seconds > 0 ? ops / seconds * 1e-9 : 0)
        return ([head] + lines).joined(separator: "\n") + "\n"
    }

    /// "wrote PATH: shard I/N, ROWS, E edges, P% of the work in S s" for one shard's partial file.
    /// - Throws: the error of ``PartialGraph/plan()`` for an inconsistent partial graph.
    public static func partial(_ partial: PartialGraph, path: String, seconds: Double) throws -> String {
        let plan = try partial.plan()
        let rows = partial.pairs.map { p in
            "layer \(partial.layers[p.pair]) → \(partial.layers[p.pair + 1]) rows \(p.rows.lowerBound)..<\(p.rows.upperBound)"
        }
        let edges = partial.pairs.reduce(0) { $0 + $1.edgeSources.count }
        let shard = partial.shard
        let share = plan.totalWork == 0 ? 0 : 100 * Double(plan.work(shard: shard.index)) / Double(plan.totalWork)
        return String(
            format: "wrote %@: shard %@, %@, %d edges, %.1f%% of the work in %.1f s\n", path, "\(shard)",
            rows.isEmpty ? "no rows" : rows.joined(separator: ", "), edges, share, seconds)
    }

    /// "wrote PATH: merged N shards, L layers, E edges in S s".
    public static func merged(_ graph: LayeredGraph, path: String, shards: Int, seconds: Double) -> String {
        String(
            format: "wrote %@: merged %d shards, %d layers, %d edges in %.1f s\n", path, shards, graph.layers.count,
            graph.edgeCount, seconds)
    }
}
