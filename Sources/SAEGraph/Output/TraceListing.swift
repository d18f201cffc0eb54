/// Writes a feature trace.
///
/// - text: the feature and its label, then each direction as an indented tree (`→` forward,
///   `←` backward) with the similarity and label at every hop; a feature met again shows
///   "(shown above)". A feature with no edge gets its best match in each neighbouring layer.
/// - json: `{layer, feature, label, url, in_degree, out_degree, best_next, best_previous,
///   forward: [{depth, parent, layer, feature, similarity, reference, label, url}], backward: [...]}`;
///   `best_*` is `{layer, feature, cosine}`, `"unknown"` or null (no such layer).
/// - csv: `direction,depth,parent,layer,feature,similarity,reference,label,url`.
public enum TraceListing {
    public static func render(_ t: FeatureTraceResult, graph: LayeredGraph, format: ListingFormat, width: Int = 100) -> String {
        switch format {
        case .json:
            func match(_ m: NeighbourMatch) -> JSONValue {
                switch m {
                case .match(let f, let c):
                    .object([("layer", .int(f.layer)), ("feature", .int(f.index)), ("cosine", .float(c))] + graph.labelFields(f))
                case .unknown: .string("unknown")
                case .noLayer: .null
                }
            }
            func nodes(_ list: [TraceNode]) -> JSONValue {
                .array(list.map { n in
                    .object([
                        ("depth", .int(n.depth)), ("parent", .string(n.parent.description)), ("layer", .int(n.feature.layer)),
                        ("feature", .int(n.feature.index)), ("similarity", .float(n.similarity)), ("reference", .bool(n.isReference)),
                    ] + graph.labelFields(n.feature))
                })
            }
            return JSONValue.object(
                [("layer", .int(t.feature.layer)), ("feature", .int(t.feature.index))] + graph.labelFields(t.feature) + [
                    ("in_degree", .int(t.inDegree)), ("out_degree", .int(t.outDegree)),
                    ("best_next", match(t.bestNext)), ("best_previous", match(t.bestPrevious)),
                    ("forward", nodes(t.forward)), ("backward", nodes(t.backward)),
                ]
            ).rendered()
        case .csv:
            var rows: [[String]] = []
            for (name, list) in [("forward", t.forward), ("backward", t.backward)] {
                for n in list {
                    rows.append([
                        name, String(n.depth), n.parent.description, String(n.feature.layer), String(n.feature.index),
                        n.similarity.description, n.isReference ? "true" : "false", graph.labelText(n.feature),
                        graph.labels.url(for: n.feature) ?? "",
                    ])
                }
            }
            return CSVText.table(
                header: ["direction", "depth", "parent", "layer", "feature", "similarity", "reference", "label", "url"], rows: rows)
        case .text:
            var out = TextTable.labelled("\(t.feature)  in \(t.inDegree)  out \(t.outDegree)  ", graph.labelText(t.feature), width: width)
            if let url = graph.labels.url(for: t.feature) { out += "  \(url)\n" }
            if t.isolated {
                out += "\(t.feature) has no edge at the graph's threshold.\n"
                for (side, m) in [("next", t.bestNext), ("previous", t.bestPrevious)] {
                    switch m {
                    case .match(let f, let c):
                        out += TextTable.labelled("  best match in the \(side) layer: \(f) (cosine \(TextTable.fixed(Double(c), 3)))  ", graph.labelText(f), width: width)
                    case .unknown:
                        out += "  best match in the \(side) layer: unknown (the graph did not record best matches)\n"
                    case .noLayer:
                        break
                    }
                }
                return out
            }
            for (name, arrow, list) in [("forward", "→", t.forward), ("backward", "←", t.backward)] where !list.isEmpty {
                out += "\n\(name):\n"
                for n in list {
                    let indent = String(repeating: "  ", count: n.depth)
                    let head = "\(indent)\(arrow) \(n.feature)  \(TextTable.fixed(Double(n.similarity), 3))  "
                    out += n.isReference ? head + "(shown above)\n" : TextTable.labelled(head, graph.labelText(n.feature), width: width)
                }
            }
            return out
        }
    }
}
