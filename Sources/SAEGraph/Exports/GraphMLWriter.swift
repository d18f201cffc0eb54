/// GraphML text of a ``GraphExport``.
///
/// Keys: node `layer` (int), `feature` (int), `label`, `url` (string); edge `similarity`
/// and each recorded value (double); graph `rule`, `threshold`, `top_k` (when set), `absolute`,
/// `layers`, `saegraph_version`. The graph is directed; node ids are `6_50` as in the graph
/// file.
extension GraphExport {
    public func graphML() -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """
        out.reserveCapacity(120 * (nodes.count + edgeCount) + 2048)
        let graphKeys = graphAttributes
        for (i, a) in graphKeys.enumerated() {
            out += "  <key id=\"g\(i)\" for=\"graph\" attr.name=\"\(a.name)\" attr.type=\"\(a.type)\"/>\n"
        }
        out += """
              <key id="n0" for="node" attr.name="layer" attr.type="int"/>
              <key id="n1" for="node" attr.name="feature" attr.type="int"/>
              <key id="n2" for="node" attr.name="label" attr.type="string"/>
              <key id="n3" for="node" attr.name="url" attr.type="string"/>
              <key id="e0" for="edge" attr.name="similarity" attr.type="double"/>

            """
        for (i, name) in edgeValueNames.enumerated() {
            out +=
                "  <key id=\"e\(i + 1)\" for=\"edge\" attr.name=\"\(MarkupText.escaped(name))\" attr.type=\"double\"/>\n"
        }
        out += "  <graph id=\"saegraph\" edgedefault=\"directed\">\n"
        for (i, a) in graphKeys.enumerated() {
            out += "    <data key=\"g\(i)\">\(MarkupText.escaped(a.value))</data>\n"
        }
        for node in nodes {
            out += "    <node id=\"\(node.feature.nodeID)\">"
            out += "<data key=\"n0\">\(node.feature.layer)</data><data key=\"n1\">\(node.feature.index)</data>"
            if let label = node.label { out += "<data key=\"n2\">\(MarkupText.escaped(label))</data>" }
            if let url = node.url { out += "<data key=\"n3\">\(MarkupText.escaped(url))</data>" }
            out += "</node>\n"
        }
        forEachEdge { s, t, similarity, values in
            out += "    <edge source=\"\(s.nodeID)\" target=\"\(t.nodeID)\">"
            if similarity.isFinite { out += "<data key=\"e0\">\(similarity)</data>" }
            for (name, value) in values {
                guard let i = edgeValueNames.firstIndex(of: name) else { continue }
                out += "<data key=\"e\(i + 1)\">\(value)</data>"
            }
            out += "</edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }
}
