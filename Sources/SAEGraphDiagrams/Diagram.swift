/// What a diagram shows: a selection of features of a ``LayeredGraph`` (one column per
/// layer) and the edges among them, with everything needed to draw them (labels, links to
/// Neuronpedia, annotations, emphasis). A plain value: ``DiagramRenderer`` draws it.
///
/// ```swift
/// let diagram = try Diagram(graph: graph, features: [FeatureID(layer: 6, index: 50)], title: "6:50")
/// let svg = try DiagramRenderer.render(diagram, format: .svg, options: DiagramOptions())
/// ```

import SAEGraph

public struct Diagram: Sendable {
    /// How strongly a node is drawn.
    public enum Emphasis: String, Sendable, CaseIterable {
        case normal
        /// Drawn with a thick, coloured border (e.g. the traced feature).
        case highlighted
        /// Drawn in grey (context features).
        case muted
    }

    /// One feature box.
    public struct Node: Sendable, Hashable {
        public var feature: FeatureID
        /// The feature's human-readable label, if any (shown wrapped; full text in the tooltip).
        public var label: String?
        /// Where the box links to (the Neuronpedia page), if known.
        public var url: String?
        /// A short note drawn under the label, e.g. a transition type or a flag.
        public var annotation: String?
        public var emphasis: Emphasis

        public init(
            feature: FeatureID, label: String? = nil, url: String? = nil, annotation: String? = nil,
            emphasis: Emphasis = .normal
        ) {
            self.feature = feature
            self.label = label
            self.url = url
            self.annotation = annotation
            self.emphasis = emphasis
        }
    }

    /// One arrow between features of neighbouring columns.
    public struct Link: Sendable, Hashable {
        public var source: FeatureID
        public var target: FeatureID
        /// Cosine similarity; width and colour encode its absolute value, a negative value is
        /// drawn dashed.
        public var similarity: Float
        /// A short note shown in the edge's tooltip and after its value (e.g. "mutual best").
        public var flag: String?
        /// True for a strong link whose labels read differently; drawn dashed in red.
        public var labelsDiffer: Bool
        /// The labels' similarity and its measure, shown in the tooltip, e.g. "label similarity
        /// 0.42 (char 3-5-gram TF-IDF)"; nil without labels.
        public var labelNote: String? = nil

        public init(
            source: FeatureID, target: FeatureID, similarity: Float, flag: String? = nil, labelsDiffer: Bool = false
        ) {
            self.source = source
            self.target = target
            self.similarity = similarity
            self.flag = flag
            self.labelsDiffer = labelsDiffer
        }
    }

    /// Column order, left to right (ascending model layers; every layer between the first
    /// and the last drawn one, so columns never skip a layer pair).
    public var layers: [Int]
    /// Nodes ordered by feature id, without duplicates.
    public var nodes: [Node]
    /// Links between nodes of neighbouring columns.
    public var links: [Link]
    public var title: String?
    /// Lines of the legend under the colour bar (e.g. what a red dashed edge means).
    public var legend: [String] = []

    /// A diagram from nodes and links as given.
    /// - Throws: ``SAEGraphError`` `.invalidArgument` when a link's end is not a node, when
    ///   its layers are not neighbouring entries of `layers`, or when a node's layer is not in
    ///   `layers`.
    public init(layers: [Int], nodes: [Node], links: [Link], title: String? = nil) throws {
        var seen: Set<FeatureID> = []
        let unique = nodes.sorted { $0.feature < $1.feature }.filter { seen.insert($0.feature).inserted }
        let column = Dictionary(uniqueKeysWithValues: layers.enumerated().map { ($1, $0) })
        for node in unique where column[node.feature.layer] == nil {
            throw SAEGraphError(
                .invalidArgument,
                "diagram node \(node.feature): layer \(node.feature.layer) is not one of the diagram's layers \(layers)"
            )
        }
        for link in links {
            guard seen.contains(link.source), seen.contains(link.target) else {
                let missing = seen.contains(link.source) ? link.target : link.source
                throw SAEGraphError(
                    .invalidArgument,
                    "diagram edge \(link.source) -> \(link.target): feature \(missing) is not among the selected features"
                )
            }
            guard let a = column[link.source.layer], let b = column[link.target.layer], b == a + 1 else {
                throw SAEGraphError(
                    .invalidArgument,
                    "diagram edge \(link.source) -> \(link.target): edges must join neighbouring layers of \(layers)")
            }
        }
        self.layers = layers
        self.nodes = unique
        self.links = links
        self.title = title
    }

    /// The diagram of `features` of `graph`: labels and Neuronpedia links come from the
    /// graph's label store; `edges` default to every graph edge among the features (the
    /// induced subgraph).
    ///
    /// - Parameters:
    ///   - graph: the graph the features belong to.
    ///   - features: the features to draw (duplicates are ignored).
    ///   - edges: the edges to draw; nil for all graph edges among `features`.
    ///   - title: a title drawn above the diagram.
    /// - Throws: ``SAEGraphError`` `.unknownLayer`/`.unknownFeature` for a feature not in the
    ///   graph; `.invalidArgument` for an edge whose ends are not selected or not in
    ///   neighbouring layers.
    /// - Complexity: O(F log F + E) for F features and E edges leaving them.
    public init(graph: LayeredGraph, features: [FeatureID], edges: [Edge]? = nil, title: String? = nil) throws {
        for feature in features { try graph.validate(feature) }
        let selected = Set(features)
        let links: [Link]
        if let edges {
            links = edges.map { Link(source: $0.source, target: $0.target, similarity: $0.similarity) }
        } else {
            links = selected.sorted().flatMap { feature in
                graph.successors(of: feature).filter { selected.contains($0.feature) }.map {
                    Link(source: feature, target: $0.feature, similarity: $0.similarity)
                }
            }
        }
        let used = Set(features.map(\.layer))
        let layers: [Int]
        if let first = graph.layers.firstIndex(where: used.contains),
            let last = graph.layers.lastIndex(where: used.contains)
        {
            layers = Array(graph.layers[first...last])
        } else {
            layers = []
        }
        let nodes = selected.map {
            Node(feature: $0, label: graph.label($0), url: graph.labels.url(for: $0))
        }
        try self.init(layers: layers, nodes: nodes, links: links, title: title)
    }

    /// Every node and edge of `graph` (only sensible for small graphs: rendering refuses
    /// more than ``DiagramOptions/maxNodes`` nodes).
    public static func wholeGraph(_ graph: LayeredGraph, title: String? = nil) throws -> Diagram {
        var features: [FeatureID] = []
        features.reserveCapacity(graph.nodeCount)
        for (k, layer) in graph.layers.enumerated() {
            features += graph.nodes[k].map { FeatureID(layer: layer, index: Int($0)) }
        }
        let edges = graph.pairs.flatMap(\.edges)
        return try Diagram(graph: graph, features: features, edges: edges, title: title)
    }
}
