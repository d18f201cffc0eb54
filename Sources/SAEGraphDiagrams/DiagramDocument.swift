/// How a ``Diagram`` becomes a Graphviz graph: layered left to right, one column per layer
/// with a header node ("layer 6") on top, features ranked in their layer's column, edges
/// coloured and sized by similarity, and a title with a colour legend above.

import SAEGraph

enum DiagramDocument {
    /// A PostScript font name Graphviz knows: SVG gets `font-family="Helvetica,sans-Serif"`,
    /// PNG and PDF get fontconfig's match (DejaVu Sans or Liberation Sans on Debian).
    static let fontName = "Helvetica"

    /// Name of the header node of `layer`'s column.
    static func headerName(_ layer: Int) -> String { "layer_\(layer)" }

    /// The Graphviz document for `diagram`.
    /// - Complexity: O(N + E) for N nodes and E links.
    static func make(_ diagram: Diagram, format: DiagramFormat, options: DiagramOptions) -> GraphvizDocument {
        let scale = DiagramColorScale(similarities: diagram.links.map(\.similarity))
        var doc = GraphvizDocument(name: "saegraph")
        doc.graphAttributes =
            [
                ("rankdir", .text("LR")),
                ("newrank", .text("true")),
                ("nodesep", .text("0.12")),
                ("ranksep", .text("1.1")),
                ("outputorder", .text("edgesfirst")),
                ("fontname", .text(fontName)),
                ("labelloc", .text("t")),
                ("labeljust", .text("l")),
                ("tooltip", .text(DiagramText.tooltip(options.title ?? diagram.title ?? "saegraph diagram"))),
            ] + speedSettings(nodeCount: diagram.nodes.count)
        if let heading = heading(
            title: options.title ?? diagram.title, scale: scale, hasLinks: !diagram.links.isEmpty,
            legend: diagram.legend)
        {
            doc.graphAttributes.append(("label", .html(heading)))
        }
        if format == .png {
            // Sharp small figures; large ones at screen resolution (rasterising and
            // compressing a 144 dpi bitmap of 500 nodes takes seconds and ~10 MB).
            doc.graphAttributes.append(("dpi", .text(diagram.nodes.count <= 200 ? "144" : "72")))
        }
        doc.nodeDefaults = [
            ("shape", .text("box")),
            ("style", .text("rounded,filled")),
            ("fillcolor", .text("#fbfbfb")),
            ("color", .text("#6e6e6e")),
            ("penwidth", .text("0.8")),
            ("fontname", .text(fontName)),
            ("fontsize", .text("10")),
            ("margin", .text("0.10,0.05")),
        ]
        doc.edgeDefaults = [
            ("arrowsize", .text("0.55")),
            ("fontname", .text(fontName)),
            ("fontsize", .text("8")),
        ]

        // Columns: a header per layer, chained invisibly so the columns keep layer order.
        for layer in diagram.layers {
            doc.nodes.append(
                GraphvizDocument.Node(
                    name: headerName(layer),
                    attributes: [
                        ("shape", .text("plaintext")),
                        ("style", .text("")),
                        ("label", .html("<B>layer \(layer)</B>")),
                        ("fontsize", .text("13")),
                        ("tooltip", .text("layer \(layer)")),
                    ]))
        }
        for (a, b) in zip(diagram.layers, diagram.layers.dropFirst()) {
            doc.edges.append(
                GraphvizDocument.Edge(
                    tail: headerName(a), head: headerName(b),
                    attributes: [("style", .text("invis")), ("weight", .text("100"))]))
        }
        var members: [Int: [String]] = [:]
        for node in diagram.nodes {
            let name = node.feature.nodeID
            members[node.feature.layer, default: []].append(name)
            doc.nodes.append(GraphvizDocument.Node(name: name, attributes: attributes(of: node)))
            // Keeps the header above the column's features (flat edges order a rank).
            doc.edges.append(
                GraphvizDocument.Edge(
                    tail: headerName(node.feature.layer), head: name,
                    attributes: [("style", .text("invis")), ("weight", .text("0"))]))
        }
        for layer in diagram.layers {
            doc.subgraphs.append(
                GraphvizDocument.Subgraph(
                    name: "column_\(layer)", attributes: [("rank", .text("same"))],
                    nodes: [headerName(layer)] + (members[layer] ?? [])))
        }
        for link in diagram.links {
            doc.edges.append(
                GraphvizDocument.Edge(
                    tail: link.source.nodeID, head: link.target.nodeID,
                    attributes: attributes(of: link, scale: scale, edgeLabels: options.edgeLabels)))
        }
        return doc
    }

    /// Layout effort by size: the network-simplex and crossing-minimisation limits cut the
    /// `dot` layout of ~2,000 nodes from 14 s to under 1 s at some cost in crossings.
    static func speedSettings(nodeCount: Int) -> GraphvizDocument.Attributes {
        let limit: String
        switch nodeCount {
        case ..<150: return []
        case ..<300: limit = "1"
        default: limit = "0.2"
        }
        return [("mclimit", .text(limit)), ("nslimit", .text(limit)), ("nslimit1", .text(limit))]
    }

    private static func attributes(of node: Diagram.Node) -> GraphvizDocument.Attributes {
        var label = "<B>\(node.feature)</B>"
        var tooltip = "\(node.feature)"
        if let text = node.label {
            for line in DiagramText.wrap(text) {
                label += "<BR ALIGN=\"LEFT\"/>" + DiagramText.html(line)
            }
            tooltip += "\n" + text
        }
        if let note = node.annotation, !note.isEmpty {
            let short = DiagramText.wrap(note, width: 34, maxLines: 1).first ?? ""
            label +=
                "<BR ALIGN=\"LEFT\"/><FONT POINT-SIZE=\"8\" COLOR=\"#8c2d04\"><I>\(DiagramText.html(short))</I></FONT>"
            tooltip += "\n" + note
        }
        label += "<BR ALIGN=\"LEFT\"/>"
        var attributes: GraphvizDocument.Attributes = [
            ("label", .html(label)),
            ("tooltip", .text(DiagramText.tooltip(tooltip))),
        ]
        if let url = node.url {
            attributes += [("URL", .text(url)), ("target", .text("_blank"))]
        }
        switch node.emphasis {
        case .normal: break
        case .highlighted:
            attributes += [
                ("color", .text("#d94801")), ("penwidth", .text("2.2")), ("fillcolor", .text("#fff5eb")),
            ]
        case .muted:
            attributes += [
                ("color", .text("#bdbdbd")), ("fontcolor", .text("#7f7f7f")), ("fillcolor", .text("#ffffff")),
            ]
        }
        return attributes
    }

    private static func attributes(of link: Diagram.Link, scale: DiagramColorScale, edgeLabels: Bool)
        -> GraphvizDocument.Attributes
    {
        let value = formatSimilarity(link.similarity)
        let flag = link.flag.map { " (\($0))" } ?? ""
        var attributes: GraphvizDocument.Attributes = [
            ("color", .text(scale.color(link.similarity))),
            ("penwidth", .text(String(format2: scale.penWidth(link.similarity)))),
            ("weight", .text(String(1 + Int(4 * scale.fraction(link.similarity))))),
            (
                "tooltip",
                .text(
                    DiagramText.tooltip(
                        "\(link.source) → \(link.target)  cos \(value)\(flag)"
                            + (link.labelNote.map { "\n" + $0 } ?? "")))
            ),
        ]
        if link.labelsDiffer {
            attributes[0] = ("color", .text(labelsDifferColor))
            attributes.append(("style", .text("dashed")))
        } else if link.similarity < 0 {
            attributes.append(("style", .text("dashed")))
        }
        if edgeLabels {
            attributes += [
                ("label", .html(DiagramText.html(value + flag))),
                ("fontcolor", .text("#08306b")),
                ("fontname", .text(fontName)),
            ]
        }
        return attributes
    }

    /// The similarity as printed on edges and in the legend: two decimals.
    static func formatSimilarity(_ value: Float) -> String {
        String(format2: Double(value))
    }

    /// Colour of a link whose labels differ (red, apart from the blue similarity scale).
    static let labelsDifferColor = "#cb181d"

    /// Title (when any), the colour legend and the diagram's legend lines, as an HTML-like table.
    private static func heading(title: String?, scale: DiagramColorScale, hasLinks: Bool, legend: [String]) -> String? {
        let values = scale.legendValues()
        var rows = ""
        if let title, !title.isEmpty {
            rows +=
                "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"16\"><B>"
                + DiagramText.html(title) + "</B></FONT></TD></TR>"
        }
        if hasLinks {
            // A continuous colour bar: cells without fixed sizes fill their columns.
            rows +=
                "<TR><TD ALIGN=\"LEFT\"><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\"><TR>"
            rows += "<TD><FONT POINT-SIZE=\"9\">cosine similarity </FONT></TD>"
            for v in values {
                let ink = scale.fraction(v) > 0.5 ? "#ffffff" : "#08306b"
                rows +=
                    "<TD BGCOLOR=\"\(scale.color(v))\"><FONT POINT-SIZE=\"8\" COLOR=\"\(ink)\">"
                    + "\(formatSimilarity(v))</FONT></TD>"
            }
            rows += "</TR></TABLE></TD></TR>"
        }
        for line in legend {
            let ink = line.hasPrefix("red") ? labelsDifferColor : "#4d4d4d"
            rows +=
                "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\" COLOR=\"\(ink)\">\(DiagramText.html(line))</FONT></TD></TR>"
        }
        if rows.isEmpty { return nil }
        return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\">\(rows)</TABLE>"
    }
}

extension String {
    /// A number with two decimals ("0.87"), without Foundation's locale.
    init(format2 value: Double) {
        guard value.isFinite else {
            self = "\(value)"
            return
        }
        let hundredths = Int((abs(value) * 100).rounded())
        let frac = hundredths % 100
        self = (value < 0 && hundredths > 0 ? "-" : "") + "\(hundredths / 100)." + (frac < 10 ? "0" : "") + "\(frac)"
    }
}
