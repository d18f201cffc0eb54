/// The file formats a ``Diagram`` can be written in.

import SAEGraph

public enum DiagramFormat: String, CaseIterable, Sendable {
    /// Scalable vector graphics, with tooltips and clickable Neuronpedia links.
    case svg
    /// A bitmap at 144 dpi (72 dpi above 200 nodes).
    case png
    /// Vector PDF, e.g. for a paper.
    case pdf
    /// Graphviz DOT text with the computed layout, for further editing with Graphviz tools.
    case dot

    /// The format named by a file extension (`svg`, `png`, `pdf`, `dot` or `gv`; any case).
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "svg": self = .svg
        case "png": self = .png
        case "pdf": self = .pdf
        case "dot", "gv": self = .dot
        default: return nil
        }
    }

    /// Graphviz's name for the output format.
    var graphvizName: String {
        switch self {
        case .svg: "svg"
        case .png: "png:cairo"
        case .pdf: "pdf:cairo"
        case .dot: "dot"
        }
    }
}

/// How a ``Diagram`` is drawn.
public struct DiagramOptions: Sendable {
    /// Print each edge's similarity on it.
    public var edgeLabels = false
    /// Refuse to draw diagrams with more feature nodes than this (layout time grows fast).
    public var maxNodes = 500
    /// A title drawn above the diagram; overrides the diagram's own title.
    public var title: String?

    public init(edgeLabels: Bool = false, maxNodes: Int = 500, title: String? = nil) {
        self.edgeLabels = edgeLabels
        self.maxNodes = maxNodes
        self.title = title
    }
}
