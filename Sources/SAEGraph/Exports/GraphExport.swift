import Foundation

/// Graph exchange formats for drawing and network tools (Gephi, Cytoscape, yEd, networkx).
public enum ExportFormat: String, Sendable, CaseIterable {
    /// GraphML (yEd, Cytoscape, Gephi, networkx `read_graphml`).
    case graphml
    /// GEXF 1.3 (Gephi, networkx `read_gexf`).
    case gexf

    /// The format named by a file extension (`graphml`, `gexf`; any case).
    public init?(pathExtension: String) {
        self.init(rawValue: pathExtension.lowercased())
    }
}

/// What an export holds: nodes with `layer`, `feature`, `label` and `url`, edges with the
/// similarity and every other value the graph records on them (``LayeredGraph/recordedValues(pair:edge:)``).
///
/// No attribute is ever null: a value a node or edge does not have is left out of that
/// element (GraphML and GEXF both allow it), which is what networkx's writers need to write
/// the graph back. Nodes are ordered by layer then feature, edges by source then target.
public struct GraphExport: Sendable {
    /// One node: its feature and the labels' text and page where known.
    public struct Node: Sendable {
        public var feature: FeatureID
        public var label: String?
        public var url: String?
    }

    public var nodes: [Node]
    /// Edges as (pair position, source feature, edge number) into the graph's arrays.
    let edges: [(pair: Int, source: Int, edge: Int)]
    let graph: LayeredGraph
    /// Names of the optional edge values written (in this order).
    public let edgeValueNames: [String]

    /// The export of `graph`.
    /// - Parameter linkedOnly: keep only features with at least one edge (the default: an
    ///   export is meant for drawing, and a whole dictionary of unlinked features is noise).
    public init(_ graph: LayeredGraph, linkedOnly: Bool = true) {
        var edges: [(Int, Int, Int)] = []
        edges.reserveCapacity(graph.edgeCount)
        for (k, pair) in graph.pairs.enumerated() {
            for s in 0..<pair.sourceCount {
                for e in pair.outgoing(s) { edges.append((k, s, e)) }
            }
        }
        var nodes: [Node] = []
        for (k, layer) in graph.layers.enumerated() {
            let out = k < graph.pairs.count ? graph.pairs[k] : nil
            let into = k > 0 ? graph.pairs[k - 1] : nil
            for index in graph.nodes[k] {
                let i = Int(index)
                if linkedOnly && (out?.outDegree(i) ?? 0) == 0 && (into?.inDegree(i) ?? 0) == 0 { continue }
                let f = FeatureID(layer: layer, index: i)
                nodes.append(Node(feature: f, label: graph.labels[f], url: graph.labels.url(for: f)))
            }
        }
        self.nodes = nodes
        self.edges = edges
        self.graph = graph
        self.edgeValueNames = graph.recordedEdgeValueNames
    }

    public var edgeCount: Int { edges.count }

    /// The export in `format`, as UTF-8 bytes.
    public func data(_ format: ExportFormat) -> Data {
        switch format {
        case .graphml: Data(graphML().utf8)
        case .gexf: Data(gexf().utf8)
        }
    }

    /// Calls `body(source, target, similarity, other values)` for every edge in order.
    func forEachEdge(_ body: (FeatureID, FeatureID, Float, [(name: String, value: Float)]) -> Void) {
        for (k, s, e) in edges {
            let pair = graph.pairs[k]
            body(
                FeatureID(layer: pair.sourceLayer, index: s),
                FeatureID(layer: pair.targetLayer, index: Int(pair.targets[e])), pair.similarities[e],
                graph.recordedValues(pair: k, edge: e))
        }
    }

    /// Graph-level attributes: (name, value, GraphML type).
    var graphAttributes: [(name: String, value: String, type: String)] {
        let m = graph.metadata
        var out: [(String, String, String)] = [("rule", m.rule.name, "string")]
        if m.threshold.isFinite { out.append(("threshold", m.threshold.description, "double")) }
        if let k = m.topK { out.append(("top_k", String(k), "int")) }
        out.append(("absolute", m.absolute ? "true" : "false", "boolean"))
        out.append(("layers", graph.layers.map(String.init).joined(separator: " "), "string"))
        out.append(("saegraph_version", m.version, "string"))
        return out
    }

    /// Writes the export of `graph` to `path` in the format its extension names, atomically.
    /// - Throws: ``SAEGraphError`` `.invalidArgument` for an unknown extension; `.writeFailed`.
    public static func write(_ graph: LayeredGraph, to path: String, linkedOnly: Bool = true) throws {
        let ext = (path as NSString).pathExtension
        guard let format = ExportFormat(pathExtension: ext) else {
            throw SAEGraphError(
                .invalidArgument,
                "\(path): cannot tell the export format from the extension '\(ext)': use .graphml or .gexf")
        }
        try AtomicFile.write(GraphExport(graph, linkedOnly: linkedOnly).data(format), to: path)
    }
}
