/// Writes the strongest links of each layer pair (``StrongestLinks``), the original study's
/// printout: `6:50 (label) → 7:74 (label)  0.5547`.
///
/// - text: per layer pair a header (`Layer 6 → 7: top 10 of 532 edges`), then one line per
///   link: both features with their labels, the similarity, every other value the graph
///   records on the edge (`z`, `p`, …) and, with `coherence`, the labels' similarity.
/// - csv: one row per link: `source_layer,source_feature,target_layer,target_feature,rank,
///   similarity`, a column per recorded edge value, `label_similarity` (with `coherence`),
///   then `source_label,target_label,source_url,target_url`. Missing values are empty cells.
/// - json: an array of `{source_layer, target_layer, edges, links: [{rank, source: {layer,
///   feature, label, url}, target: {…}, similarity, …}]}`; a value the edge does not have
///   is left out of its object, a missing label or url is null.
public enum PairListing {
    /// The listing of the strongest links `query` selects, with the labels' similarity when
    /// the graph has labels (the one call `saegraph pairs` makes).
    public static func render(
        _ graph: LayeredGraph, query: LinkQuery, format: ListingFormat, width: Int = 100,
        labelEncoder: (any LabelEncoder)? = nil
    ) throws -> String {
        let found = try StrongestLinks.find(in: graph, query)
        let coherence = LabelCoherence(graph: graph, encoder: labelEncoder)
        return render(found, graph: graph, format: format, width: width, coherence: coherence)
    }

    public static func render(
        _ found: [StrongestLinks], graph: LayeredGraph, format: ListingFormat, width: Int = 100,
        coherence: LabelCoherence? = nil
    ) -> String {
        let names = graph.recordedEdgeValueNames
        switch format {
        case .text: return text(found, graph, names, coherence)
        case .csv: return csv(found, graph, names, coherence)
        case .json: return json(found, graph, coherence)
        }
    }

    private struct Row {
        var rank: Int
        var source: FeatureID
        var target: FeatureID
        var similarity: Float
        var values: [(name: String, value: Float)]
        var labelSimilarity: Double?
    }

    private static func rows(_ links: StrongestLinks, _ graph: LayeredGraph, _ coherence: LabelCoherence?) -> [Row] {
        let pair = graph.pairs[links.pairIndex]
        return links.links.enumerated().map { i, link in
            let s = FeatureID(layer: pair.sourceLayer, index: link.source)
            let t = FeatureID(layer: pair.targetLayer, index: Int(pair.targets[link.edge]))
            return Row(
                rank: i + 1, source: s, target: t, similarity: pair.similarities[link.edge],
                values: graph.recordedValues(pair: links.pairIndex, edge: link.edge),
                labelSimilarity: coherence?.similarity(s, t))
        }
    }

    private static func text(
        _ found: [StrongestLinks], _ graph: LayeredGraph, _ names: [String], _ coherence: LabelCoherence?
    ) -> String {
        var out = ""
        for (n, links) in found.enumerated() {
            if n > 0 { out += "\n" }
            out +=
                "Layer \(links.sourceLayer) → \(links.targetLayer): top \(links.links.count) of \(links.edgeCount) edges\n"
            for row in rows(links, graph, coherence) {
                var line = "  \(described(row.source, graph)) → \(described(row.target, graph))  "
                line += TextTable.fixed(Double(row.similarity), 4)
                for (name, value) in row.values { line += "  \(name) \(compact(value))" }
                if coherence != nil {
                    line += "  labels " + (row.labelSimilarity.map { TextTable.fixed($0, 2) } ?? "n/a")
                }
                out += line + "\n"
            }
            if links.links.isEmpty { out += "  (no edges)\n" }
        }
        if let coherence { out += "\nlabels: label similarity, \(coherence.measureName) (docs/label-coherence.md)\n" }
        return out
    }

    private static func described(_ f: FeatureID, _ graph: LayeredGraph) -> String {
        guard let label = graph.labels[f] else { return f.description }
        return "\(f) (\(TextTable.singleLine(label)))"
    }

    private static func compact(_ v: Float) -> String {
        abs(v) >= 0.001 || v == 0 ? TextTable.fixed(Double(v), 3) : v.description
    }

    private static func csv(
        _ found: [StrongestLinks], _ graph: LayeredGraph, _ names: [String], _ coherence: LabelCoherence?
    ) -> String {
        var header = ["source_layer", "source_feature", "target_layer", "target_feature", "rank", "similarity"]
        header += names
        if coherence != nil { header.append("label_similarity") }
        header += ["source_label", "target_label", "source_url", "target_url"]
        var table: [[String]] = []
        for links in found {
            for row in rows(links, graph, coherence) {
                var cells = [
                    String(row.source.layer), String(row.source.index), String(row.target.layer),
                    String(row.target.index), String(row.rank), row.similarity.description,
                ]
                for name in names { cells.append(row.values.first { $0.name == name }?.value.description ?? "") }
                if coherence != nil { cells.append(row.labelSimilarity.map { TextTable.fixed($0, 4) } ?? "") }
                cells += [
                    graph.labelText(row.source), graph.labelText(row.target),
                    graph.labels.url(for: row.source) ?? "", graph.labels.url(for: row.target) ?? "",
                ]
                table.append(cells)
            }
        }
        return CSVText.table(header: header, rows: table)
    }

    private static func json(_ found: [StrongestLinks], _ graph: LayeredGraph, _ coherence: LabelCoherence?) -> String {
        func feature(_ f: FeatureID) -> JSONValue {
            .object([("layer", .int(f.layer)), ("feature", .int(f.index))] + graph.labelFields(f))
        }
        return JSONValue.array(
            found.map { links in
                .object([
                    ("source_layer", .int(links.sourceLayer)), ("target_layer", .int(links.targetLayer)),
                    ("edges", .int(links.edgeCount)),
                    (
                        "links",
                        .array(
                            rows(links, graph, coherence).map { row in
                                var fields: [(String, JSONValue)] = [
                                    ("rank", .int(row.rank)), ("source", feature(row.source)),
                                    ("target", feature(row.target)), ("similarity", .float(row.similarity)),
                                ]
                                fields += row.values.map { ($0.name, JSONValue.float($0.value)) }
                                if let l = row.labelSimilarity { fields.append(("label_similarity", .double(l))) }
                                return .object(fields)
                            })
                    ),
                ])
            }
        ).rendered()
    }
}
