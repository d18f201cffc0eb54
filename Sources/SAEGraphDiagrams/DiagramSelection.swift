/// Which part of a graph `saegraph render` draws, and the annotated diagram of that part.

import SAEGraph

/// One selection of a graph to draw; each case runs the analysis it names and draws its result
/// (see the `Diagram` selections: ``Diagram/chains(_:in:title:)`` and the others).
public enum DiagramSelection: Sendable, Equatable {
    /// The whole graph (refused above the renderer's node limit).
    case all
    /// These features and every edge among them.
    case features([FeatureID])
    /// The strongest chains the query finds.
    case chains(ChainQuery)
    /// The tree reached from a feature, in a direction, up to a depth (nil: as far as it goes).
    case trace(FeatureID, TraceDirection, depth: Int?)
    /// One connected component, numbered as `saegraph components` numbers them (1 = largest).
    case component(Int)
    /// The strongest hubs by a measure, each with its neighbours.
    case hubs(Int, HubMeasure)

    /// The selection's diagram of `graph`, annotated with transitions and, when the graph has
    /// labels, label disagreements (``Diagram/annotated(in:coherence:)``).
    /// - Parameter title: drawn above the diagram; nil gives each selection its own title.
    /// - Throws: `.invalidArgument` when the selection is empty in this graph (no chain, no such
    ///   component) or names a feature the graph lacks.
    public func diagram(
        of graph: LayeredGraph, title: String? = nil, labelEncoder: (any LabelEncoder)? = nil
    ) throws -> Diagram {
        try plainDiagram(of: graph, title: title).annotated(
            in: graph, coherence: LabelCoherence(graph: graph, encoder: labelEncoder))
    }

    private func plainDiagram(of graph: LayeredGraph, title: String?) throws -> Diagram {
        switch self {
        case .all:
            return try Diagram.wholeGraph(graph, title: title)
        case .features(let ids):
            return try Diagram(graph: graph, features: ids, title: title)
        case .chains(let query):
            let found = try ChainFinder.find(in: graph, query)
            guard !found.isEmpty else {
                throw SAEGraphError(
                    .invalidArgument,
                    "no chain of at least \(query.minLayers) layers in this graph: lower --min-layers or rebuild with a lower --threshold"
                )
            }
            return try Diagram.chains(
                found, in: graph,
                title: title ?? "Top \(found.count) chains (score: \(query.scoring.rawValue) similarity)")
        case .trace(let feature, let direction, let depth):
            let result = try FeatureTrace.trace(feature, in: graph, direction: direction, depth: depth)
            return try Diagram.trace(result, in: graph, title: title ?? "Trace of \(feature) (\(direction.rawValue))")
        case .component(let id):
            let summary = Components.find(in: graph)
            guard id >= 1, id <= summary.components.count else {
                throw SAEGraphError(
                    .invalidArgument,
                    "--component \(id): the graph has \(summary.components.count) components (numbered 1 = largest)")
            }
            let c = summary.components[id - 1]
            return try Diagram.component(c, in: graph, title: title ?? "Component \(id): \(c.size) features")
        case .hubs(let count, let measure):
            let found = Hubs.find(in: graph, by: measure, top: count)
            return try Diagram.hubs(found, in: graph, title: title ?? "Top \(found.count) hubs by \(measure.rawValue)")
        }
    }
}
