/// Diagrams of analysis results: the selections `saegraph render` offers.

import SAEGraph

extension Diagram {
    /// The features of `chains` and only their hops (not every edge among the features), so
    /// each chain reads as one path.
    public static func chains(_ chains: [Chain], in graph: LayeredGraph, title: String? = nil) throws -> Diagram {
        var features: [FeatureID] = []
        var seen = Set<Edge>()
        var edges: [Edge] = []
        for chain in chains {
            features += chain.features
            for (k, s) in chain.similarities.enumerated() {
                let e = Edge(source: chain.features[k], target: chain.features[k + 1], similarity: s)
                if seen.insert(e).inserted { edges.append(e) }
            }
        }
        return try Diagram(graph: graph, features: features, edges: edges, title: title)
    }

    /// The traced feature (highlighted) and the tree reached from it, with the tree's hops.
    public static func trace(_ trace: FeatureTraceResult, in graph: LayeredGraph, title: String? = nil) throws
        -> Diagram
    {
        var features = [trace.feature]
        var edges: [Edge] = []
        for node in trace.forward {
            features.append(node.feature)
            edges.append(Edge(source: node.parent, target: node.feature, similarity: node.similarity))
        }
        for node in trace.backward {
            features.append(node.feature)
            edges.append(Edge(source: node.feature, target: node.parent, similarity: node.similarity))
        }
        let unique = Array(Set(edges)).sorted { ($0.source, $0.target) < ($1.source, $1.target) }
        return try Diagram(graph: graph, features: features, edges: unique, title: title).emphasising([trace.feature])
    }

    /// Every member of one component and every edge among them.
    public static func component(_ component: GraphComponent, in graph: LayeredGraph, title: String? = nil) throws
        -> Diagram
    {
        try Diagram(graph: graph, features: component.features, title: title)
    }

    /// Each hub (highlighted) with all its neighbours in the previous and next layer.
    public static func hubs(_ hubs: [Hub], in graph: LayeredGraph, title: String? = nil) throws -> Diagram {
        var features: [FeatureID] = []
        var edges = Set<Edge>()
        for hub in hubs {
            features.append(hub.feature)
            for s in graph.successors(of: hub.feature) {
                features.append(s.feature)
                edges.insert(Edge(source: hub.feature, target: s.feature, similarity: s.similarity))
            }
            for p in graph.predecessors(of: hub.feature) {
                features.append(p.feature)
                edges.insert(Edge(source: p.feature, target: hub.feature, similarity: p.similarity))
            }
        }
        let sorted = edges.sorted { ($0.source, $0.target) < ($1.source, $1.target) }
        return try Diagram(graph: graph, features: features, edges: sorted, title: title)
            .emphasising(Set(hubs.map(\.feature)))
    }

    /// The same diagram with `features` highlighted.
    func emphasising(_ features: Set<FeatureID>) -> Diagram {
        guard !features.isEmpty else { return self }
        var copy = self
        copy.nodes = nodes.map { node in
            var n = node
            if features.contains(n.feature) { n.emphasis = .highlighted }
            return n
        }
        return copy
    }
}
