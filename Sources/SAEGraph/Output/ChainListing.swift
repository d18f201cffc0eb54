/// Writes ranked chains.
///
/// - text: one block per chain: rank, score, then one line per hop (`layer:feature`, the
///   similarity to the previous hop, the label wrapped to `width`).
/// - json: a list of `{rank, score, layers, features: [{layer, feature, label, url}], similarities}`.
/// - csv: one row per hop: `rank,score,position,layer,feature,similarity_from_previous,label,url`.
public enum ChainListing {
    public static func render(_ chains: [Chain], graph: LayeredGraph, query: ChainQuery, format: ListingFormat, width: Int = 100) -> String {
        switch format {
        case .json:
            return JSONValue.array(chains.enumerated().map { i, c in
                .object([
                    ("rank", .int(i + 1)), ("score", .double(c.score)), ("layers", .int(c.layerCount)),
                    ("features", .array(c.features.map { f in
                        .object([("layer", .int(f.layer)), ("feature", .int(f.index))] + graph.labelFields(f))
                    })),
                    ("similarities", .array(c.similarities.map(JSONValue.float))),
                ])
            }).rendered()
        case .csv:
            var rows: [[String]] = []
            for (i, c) in chains.enumerated() {
                for (p, f) in c.features.enumerated() {
                    rows.append([
                        String(i + 1), c.score.description, String(p), String(f.layer), String(f.index),
                        p == 0 ? "" : c.similarities[p - 1].description, graph.labelText(f), graph.labels.url(for: f) ?? "",
                    ])
                }
            }
            return CSVText.table(
                header: ["rank", "score", "position", "layer", "feature", "similarity_from_previous", "label", "url"], rows: rows)
        case .text:
            var out = "Top \(query.top) maximal chains of at least \(query.minLayers) layers by \(query.scoring.rawValue) similarity"
            if let f = query.through { out += " through \(f)" }
            if query.disjoint { out += ", no shared features" }
            out += ": \(chains.count) found\n"
            if chains.isEmpty { return out + "No chain matches.\n" }
            let idWidth = chains.flatMap(\.features).map(\.description.count).max() ?? 0
            for (i, c) in chains.enumerated() {
                out += "\n#\(i + 1)  score \(TextTable.fixed(c.score, 4))  (\(c.layerCount) layers)\n"
                for (p, f) in c.features.enumerated() {
                    let id = f.description.padding(toLength: idWidth, withPad: " ", startingAt: 0)
                    let sim = p == 0 ? "      " : TextTable.fixed(Double(c.similarities[p - 1]), 3).leftPadded(6)
                    let head = "    \(id)  \(sim)  "
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
