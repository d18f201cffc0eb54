/// GEXF 1.3 text of a ``GraphExport`` (the version Gephi writes).
///
/// Each node's GEXF `label` is its feature label, or its id (`6:50`) when it has none (GEXF
/// readers give every node a label). Node attributes `layer`, `feature` (integer), `url`
/// (string); edge `weight` is the similarity, and edge attributes hold `similarity` and each
/// recorded value (double). Edge ids count from 0 in listing order.
extension GraphExport {
    public func gexf() -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
              <meta>
                <creator>saegraph \(MarkupText.escaped(graph.metadata.version))</creator>
                <description>\(MarkupText.escaped(description))</description>
              </meta>
              <graph defaultedgetype="directed" mode="static">
                <attributes class="node" mode="static">
                  <attribute id="0" title="layer" type="integer"/>
                  <attribute id="1" title="feature" type="integer"/>
                  <attribute id="2" title="url" type="string"/>
                </attributes>
                <attributes class="edge" mode="static">
                  <attribute id="0" title="similarity" type="double"/>

            """
        out.reserveCapacity(160 * (nodes.count + edgeCount) + 2048)
        for (i, name) in edgeValueNames.enumerated() {
            out += "      <attribute id=\"\(i + 1)\" title=\"\(MarkupText.escaped(name))\" type=\"double\"/>\n"
        }
        out += "    </attributes>\n    <nodes>\n"
        for node in nodes {
            let label = node.label ?? node.feature.description
            out += "      <node id=\"\(node.feature.nodeID)\" label=\"\(MarkupText.escaped(label))\"><attvalues>"
            out +=
                "<attvalue for=\"0\" value=\"\(node.feature.layer)\"/><attvalue for=\"1\" value=\"\(node.feature.index)\"/>"
            if let url = node.url { out += "<attvalue for=\"2\" value=\"\(MarkupText.escaped(url))\"/>" }
            out += "</attvalues></node>\n"
        }
        out += "    </nodes>\n    <edges>\n"
        var id = 0
        forEachEdge { s, t, similarity, values in
            out += "      <edge id=\"\(id)\" source=\"\(s.nodeID)\" target=\"\(t.nodeID)\""
            id += 1
            guard similarity.isFinite else {
                out += "/>\n"
                return
            }
            out += " weight=\"\(similarity)\"><attvalues><attvalue for=\"0\" value=\"\(similarity)\"/>"
            for (name, value) in values {
                guard let i = edgeValueNames.firstIndex(of: name) else { continue }
                out += "<attvalue for=\"\(i + 1)\" value=\"\(value)\"/>"
            }
            out += "</attvalues></edge>\n"
        }
        out += "    </edges>\n  </graph>\n</gexf>\n"
        return out
    }

    /// One line on how the graph was made, for the GEXF `description`.
    private var description: String {
        graphAttributes.map { "\($0.name) \($0.value)" }.joined(separator: "; ")
    }
}
