/// Writes ranked chains.
///
/// - text: one block per chain: rank, score, then one line per hop (`layer:feature`, the
///   similarity to the previous hop, the label wrapped to `width`). With `coherence`, the
///   header adds the chain's label coherence and each hop its label similarity, marked `⚠`
///   when the labels of a strong link differ (a legend line says so).
/// - json: a list of `{rank, score, layers, coherence, features: [{layer, feature, label, url}],
///   similarities, label_similarities, labels_differ}`; `coherence` and `label_similarities[i]`
///   are null when not known (no `coherence` given, or a label missing), `labels_differ[i]` is
///   true for a flagged hop; the hop arrays run parallel to `similarities`. `z_scores` and
///   `p_values` (also parallel) hold each hop's null-model statistics, null where the graph
///   was built without `--null-model`.
/// - csv: one row per hop: `rank,score,position,layer,feature,similarity_from_previous,label,url,
///   coherence,label_similarity,labels_differ` (the last two empty and "false" on the first row).
public enum ChainListing {
    private static func number(_ x: Float?) -> JSONValue {
        guard let x, x.isFinite else { return .null }
        return .float(x)
    }

    /// Each hop's null-model statistics (nil where the graph has none).
    static func hopStatistics(_ c: Chain, _ graph: LayeredGraph) -> [(z: Float, p: Float)?] {
        (1..<max(c.features.count, 1)).map { graph.edgeStatistics(from: c.features[$0 - 1], to: c.features[$0]) }
    }

    /// - Parameter coherence: label similarity of the graph's labels, built once by the caller
    ///   (``LabelCoherence/init(graph:)``); nil leaves the coherence fields null / unshown.
    public static func render(
        _ chains: [Chain], graph: LayeredGraph, query: ChainQuery, format: ListingFormat, width: Int = 100,
        coherence: LabelCoherence? = nil
    ) -> String {
        coherence?.prepare(chains.flatMap(\.features))  // one batch for a slow encoder
        let notes = chains.map { ChainCoherence($0, coherence) }
        switch format {
        case .json:
            return JSONValue.array(
                chains.enumerated().map { i, c in
                    .object(
                        [
                            ("rank", .int(i + 1)), ("score", .double(c.score)), ("layers", .int(c.layerCount)),
                            ("coherence", notes[i].coherence.map(JSONValue.double) ?? .null),
                            (
                                "features",
                                .array(
                                    c.features.map { f in
                                        .object(
                                            [("layer", .int(f.layer)), ("feature", .int(f.index))]
                                                + graph.labelFields(f))
                                    })
                            ),
                            ("similarities", .array(c.similarities.map(JSONValue.float))),
                            ("z_scores", .array(hopStatistics(c, graph).map { number($0?.z) })),
                            ("p_values", .array(hopStatistics(c, graph).map { number($0?.p) })),
                        ] + notes[i].jsonFields)
                }
            ).rendered()
        case .csv:
            var rows: [[String]] = []
            for (i, c) in chains.enumerated() {
                for (p, f) in c.features.enumerated() {
                    rows.append(
                        [
                            String(i + 1), c.score.description, String(p), String(f.layer), String(f.index),
                            p == 0 ? "" : c.similarities[p - 1].description, graph.labelText(f),
                            graph.labels.url(for: f) ?? "",
                        ] + notes[i].csvCells(position: p))
                }
            }
            return CSVText.table(
                header: ["rank", "score", "position", "layer", "feature", "similarity_from_previous", "label", "url"]
                    + ChainCoherence.csvHeader,
                rows: rows)
        case .text:
            var out =
                "Top \(query.top) maximal chains of at least \(query.minLayers) layers by \(query.scoring.rawValue) similarity"
            if let f = query.through { out += " through \(f)" }
            if query.disjoint { out += ", no shared features" }
            out += ": \(chains.count) found\n"
            if chains.isEmpty { return out + "No chain matches.\n" }
            if let coherence { out += CoherenceText.legend(coherence) }
            let idWidth = chains.flatMap(\.features).map(\.description.count).max() ?? 0
            for (i, c) in chains.enumerated() {
                out += "\n#\(i + 1)  score \(TextTable.fixed(c.score, 4))  (\(c.layerCount) layers)\(notes[i].header)\n"
                for (p, f) in c.features.enumerated() {
                    let id = f.description.padding(toLength: idWidth, withPad: " ", startingAt: 0)
                    let sim = p == 0 ? "      " : TextTable.fixed(Double(c.similarities[p - 1]), 3).leftPadded(6)
                    let head = "    \(id)  \(sim)  \(notes[i].textCell(position: p))"
                    let label = graph.labelText(f)
                    out += TextTable.labelled(head, label, width: width)
                }
            }
            return out
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
