/// Writes hubs.
///
/// - text: one block per hub: rank, feature, in/out degree, weighted degree, label, then its
///   strongest successors (→) and predecessors (←) with similarities.
/// - json: a list of `{rank, layer, feature, label, url, in_degree, out_degree, weighted_degree,
///   successors: [{layer, feature, similarity, label, url}], predecessors: [...]}`.
/// - csv: `rank,layer,feature,in_degree,out_degree,weighted_degree,label,url,successors,predecessors`
///   (neighbours as `7:12=0.91;7:40=0.77`).
public enum HubListing {
    public static func render(
        _ hubs: [Hub], graph: LayeredGraph, measure: HubMeasure, format: ListingFormat, width: Int = 100
    ) -> String {
        func neighbours(_ list: [(feature: FeatureID, similarity: Float)]) -> JSONValue {
            .array(
                list.map { n in
                    .object(
                        [
                            ("layer", .int(n.feature.layer)), ("feature", .int(n.feature.index)),
                            ("similarity", .float(n.similarity)),
                        ]
                            + graph.labelFields(n.feature))
                })
        }
        switch format {
        case .json:
            return JSONValue.array(
                hubs.enumerated().map { i, h in
                    .object(
                        [("rank", .int(i + 1)), ("layer", .int(h.feature.layer)), ("feature", .int(h.feature.index))]
                            + graph.labelFields(h.feature) + [
                                ("in_degree", .int(h.inDegree)), ("out_degree", .int(h.outDegree)),
                                ("weighted_degree", .double(h.weightedDegree)),
                                ("successors", neighbours(h.successors)), ("predecessors", neighbours(h.predecessors)),
                            ])
                }
            ).rendered()
        case .csv:
            func compact(_ list: [(feature: FeatureID, similarity: Float)]) -> String {
                list.map { "\($0.feature)=\($0.similarity)" }.joined(separator: ";")
            }
            return CSVText.table(
                header: [
                    "rank", "layer", "feature", "in_degree", "out_degree", "weighted_degree", "label", "url",
                    "successors", "predecessors",
                ],
                rows: hubs.enumerated().map { i, h in
                    [
                        String(i + 1), String(h.feature.layer), String(h.feature.index), String(h.inDegree),
                        String(h.outDegree),
                        h.weightedDegree.description, graph.labelText(h.feature),
                        graph.labels.url(for: h.feature) ?? "",
                        compact(h.successors), compact(h.predecessors),
                    ]
                })
        case .text:
            var out =
                "Top \(hubs.count) features by \(measure.rawValue == "weight" ? "weighted degree" : measure.rawValue + "-degree")\n"
            if hubs.isEmpty { return out + "No feature matches.\n" }
            for (i, h) in hubs.enumerated() {
                let head =
                    "#\(i + 1)  \(h.feature)  in \(h.inDegree)  out \(h.outDegree)  weight \(TextTable.fixed(h.weightedDegree, 2))  "
                let label = graph.labelText(h.feature)
                out += "\n" + TextTable.labelled(head, label, width: width)
                for (arrow, list) in [("→", h.successors), ("←", h.predecessors)] where !list.isEmpty {
                    for n in list {
                        let line = "    \(arrow) \(n.feature)  \(TextTable.fixed(Double(n.similarity), 3))  "
                        let l = graph.labelText(n.feature)
                        out += TextTable.labelled(line, l, width: width)
                    }
                }
            }
            return out
        }
    }
}
