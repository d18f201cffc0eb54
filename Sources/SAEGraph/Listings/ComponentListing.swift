/// Writes connected components.
///
/// - text: a summary line (count, size classes, share of linked features in the largest), then
///   one block per component (at most `top`): id, size, layers, edges, top members by degree.
/// - json: `{summary: {components, linked_features, largest_share, size_classes}, components:
///   [{id, size, layers, edges, features: [{layer, feature, degree, label, url}]}]}` with every member.
/// - csv: one row per member: `component,size,first_layer,last_layer,edges,layer,feature,degree,label,url`.
public enum ComponentListing {
    /// How many components a listing shows when no `--top` is given: the 20 largest in text,
    /// every one in JSON and CSV.
    public static func defaultTop(_ format: ListingFormat) -> Int? { format == .text ? 20 : nil }

    public static func render(
        _ summary: ComponentSummary, graph: LayeredGraph, format: ListingFormat, top: Int?, members: Int = 5,
        width: Int = 100
    ) -> String {
        let shown = top.map { Array(summary.components.prefix($0)) } ?? summary.components
        switch format {
        case .json:
            let head: JSONValue = .object([
                ("components", .int(summary.components.count)), ("linked_features", .int(summary.linkedFeatures)),
                ("largest_share", .double(summary.largestShare)),
                ("size_classes", .object(summary.sizeClasses.map { ($0.label, .int($0.count)) })),
            ])
            return JSONValue.object([
                ("summary", head),
                (
                    "components",
                    .array(
                        shown.map { c in
                            .object([
                                ("id", .int(c.id)), ("size", .int(c.size)),
                                ("layers", .array(c.layers.map(JSONValue.int))),
                                ("edges", .int(c.edgeCount)),
                                (
                                    "features",
                                    .array(
                                        zip(c.features, c.degrees).map { f, d in
                                            .object(
                                                [
                                                    ("layer", .int(f.layer)), ("feature", .int(f.index)),
                                                    ("degree", .int(d)),
                                                ] + graph.labelFields(f))
                                        })
                                ),
                            ])
                        })
                ),
            ]).rendered()
        case .csv:
            var rows: [[String]] = []
            for c in shown {
                let layers = c.layers
                for (f, d) in zip(c.features, c.degrees) {
                    rows.append([
                        String(c.id), String(c.size), String(layers.first!), String(layers.last!), String(c.edgeCount),
                        String(f.layer), String(f.index), String(d), graph.labelText(f), graph.labels.url(for: f) ?? "",
                    ])
                }
            }
            return CSVText.table(
                header: [
                    "component", "size", "first_layer", "last_layer", "edges", "layer", "feature", "degree", "label",
                    "url",
                ],
                rows: rows)
        case .text:
            let classes = summary.sizeClasses.map { "\($0.label): \($0.count)" }.joined(separator: ", ")
            var out =
                "\(summary.components.count) components over \(summary.linkedFeatures) linked features; sizes \(classes); "
            out += "the largest holds \(TextTable.percent(summary.largestShare)) of linked features\n"
            if shown.count < summary.components.count { out += "Showing the \(shown.count) largest.\n" }
            for c in shown {
                let layers = c.layers
                let span = layers.first == layers.last ? "\(layers[0])" : "\(layers.first!)-\(layers.last!)"
                out += "\n#\(c.id)  size \(c.size)  layers \(span)  edges \(c.edgeCount)\n"
                let top = c.topMembers(members)
                let idWidth = top.map(\.feature.description.count).max() ?? 0
                for (f, d) in top {
                    let head =
                        "    \(f.description.padding(toLength: idWidth, withPad: " ", startingAt: 0))  degree \(String(d).leftPadded(3))  "
                    let label = graph.labelText(f)
                    out += TextTable.labelled(head, label, width: width)
                }
            }
            return out
        }
    }
}
