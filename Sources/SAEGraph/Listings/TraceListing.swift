/// Writes a feature trace.
///
/// - text: the feature and its label, its transition ("merged → splits"), then each direction
///   as an indented tree (`→` forward, `←` backward) with the similarity, the transition in
///   the trace's direction (`[splits]`) and label at every hop; a feature met again shows
///   "(shown above)". With `coherence`, each hop also shows its label similarity, marked `⚠`
///   when the labels of a strong link differ. A feature with no edge gets its best match in
///   each neighbouring layer.
/// - json: `{layer, feature, label, url, in_degree, out_degree, transition: {forward, backward},
///   best_next, best_previous, forward: [{depth, parent, layer, feature, similarity, reference,
///   label, url, transition, label_similarity, labels_differ}], backward: [...]}`; `best_*` is
///   `{layer, feature, cosine}`, `"unknown"` or null (no such layer); a node's `transition` is
///   its kind in the trace's direction (forward kind in `forward`, backward kind in `backward`;
///   null in the last/first layer); `label_similarity` is to the parent (null when unknown).
/// - csv: `direction,depth,parent,layer,feature,similarity,reference,label,url,transition,
///   label_similarity,labels_differ`.
public enum TraceListing {
    /// - Parameter coherence: label similarity of the graph's labels, built once by the caller
    ///   (``LabelCoherence/init(graph:)``); nil leaves label similarities null / unshown.
    public static func render(
        _ t: FeatureTraceResult, graph: LayeredGraph, format: ListingFormat, width: Int = 100,
        coherence: LabelCoherence? = nil
    ) -> String {
        coherence?.prepare([t.feature] + (t.forward + t.backward).map(\.feature))  // one batch
        let notes = TraceNotes(t, graph: graph, coherence: coherence)
        switch format {
        case .json:
            func match(_ m: NeighbourMatch) -> JSONValue {
                switch m {
                case .match(let f, let c):
                    .object(
                        [("layer", .int(f.layer)), ("feature", .int(f.index)), ("cosine", .float(c))]
                            + graph.labelFields(f))
                case .unknown: .string("unknown")
                case .noLayer: .null
                }
            }
            func nodes(_ list: [TraceNode], forward: Bool) -> JSONValue {
                .array(
                    list.map { n in
                        .object(
                            [
                                ("depth", .int(n.depth)), ("parent", .string(n.parent.description)),
                                ("layer", .int(n.feature.layer)),
                                ("feature", .int(n.feature.index)), ("similarity", .float(n.similarity)),
                                ("reference", .bool(n.isReference)),
                            ] + graph.labelFields(n.feature) + notes.jsonFields(n, forward: forward))
                    })
            }
            return JSONValue.object(
                [("layer", .int(t.feature.layer)), ("feature", .int(t.feature.index))] + graph.labelFields(t.feature)
                    + [
                        ("in_degree", .int(t.inDegree)), ("out_degree", .int(t.outDegree)),
                        ("transition", notes.rootJSON),
                        ("label_measure", .optional(notes.coherence?.measureName)),
                        ("best_next", match(t.bestNext)), ("best_previous", match(t.bestPrevious)),
                        ("forward", nodes(t.forward, forward: true)), ("backward", nodes(t.backward, forward: false)),
                    ]
            ).rendered()
        case .csv:
            var rows: [[String]] = []
            for (name, list) in [("forward", t.forward), ("backward", t.backward)] {
                for n in list {
                    rows.append(
                        [
                            name, String(n.depth), n.parent.description, String(n.feature.layer),
                            String(n.feature.index),
                            n.similarity.description, n.isReference ? "true" : "false", graph.labelText(n.feature),
                            graph.labels.url(for: n.feature) ?? "",
                        ] + notes.csvCells(n, forward: name == "forward"))
                }
            }
            return CSVText.table(
                header: ["direction", "depth", "parent", "layer", "feature", "similarity", "reference", "label", "url"]
                    + TraceNotes.csvHeader,
                rows: rows)
        case .text:
            var out = TextTable.labelled(
                "\(t.feature)  in \(t.inDegree)  out \(t.outDegree)  ", graph.labelText(t.feature), width: width)
            if let url = graph.labels.url(for: t.feature) { out += "  \(url)\n" }
            out += notes.rootLine
            if t.isolated {
                out += "\(t.feature) has no edge at the graph's threshold.\n"
                for (side, m) in [("next", t.bestNext), ("previous", t.bestPrevious)] {
                    switch m {
                    case .match(let f, let c):
                        out += TextTable.labelled(
                            "  best match in the \(side) layer: \(f) (cosine \(TextTable.fixed(Double(c), 3)))  ",
                            graph.labelText(f), width: width)
                    case .unknown:
                        out += "  best match in the \(side) layer: unknown (the graph did not record best matches)\n"
                    case .noLayer:
                        break
                    }
                }
                return out
            }
            if let coherence { out += CoherenceText.legend(coherence) }
            for (name, arrow, list) in [("forward", "→", t.forward), ("backward", "←", t.backward)] where !list.isEmpty
            {
                out += "\n\(name):\n"
                for n in list {
                    let indent = String(repeating: "  ", count: n.depth)
                    let head =
                        "\(indent)\(arrow) \(n.feature)  \(TextTable.fixed(Double(n.similarity), 3))  \(notes.textCells(n, forward: name == "forward"))"
                    out +=
                        n.isReference
                        ? head + "(shown above)\n" : TextTable.labelled(head, graph.labelText(n.feature), width: width)
                }
            }
            return out
        }
    }
}
