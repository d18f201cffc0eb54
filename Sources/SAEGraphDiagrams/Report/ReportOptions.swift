import SAEGraph

/// What an HTML report (``HTMLReport``) shows.
public struct ReportOptions: Sendable {
    /// The features the report's diagram draws, as `saegraph render` selects them.
    public enum Selection: Sendable, Equatable {
        /// The strongest chains (also listed in the chains table).
        case chains(ChainQuery)
        /// One component, by its number in `saegraph components` (1 = largest).
        case component(Int)
        /// The strongest hubs, each with its neighbours.
        case hubs(Int, HubMeasure)
    }

    public var selection: Selection
    /// Refuse diagrams with more features than this (as `render --max-nodes`).
    public var maxNodes: Int
    /// The report's title (default: the selection, e.g. "Top 10 chains").
    public var title: String?
    /// Chains listed in the chains table when the selection is not `.chains`.
    public var chainsListed: Int
    /// Rows of the components table.
    public var componentsListed: Int
    /// Rows of the hubs table.
    public var hubsListed: Int
    /// Model dimension for the random baseline, for graphs that do not record it.
    public var dModel: Int?
    /// At most this many features are embedded for search and traces (the diagram's
    /// features, the tables' features, and what their traces reach, nearest first).
    public var featureLimit: Int

    public init(
        selection: Selection = .chains(ChainQuery(top: 10)), maxNodes: Int = 500, title: String? = nil,
        chainsListed: Int = 20, componentsListed: Int = 10, hubsListed: Int = 10, dModel: Int? = nil,
        featureLimit: Int = 5000
    ) {
        self.selection = selection
        self.maxNodes = maxNodes
        self.title = title
        self.chainsListed = chainsListed
        self.componentsListed = componentsListed
        self.hubsListed = hubsListed
        self.dModel = dModel
        self.featureLimit = featureLimit
    }

    /// The chain query of the chains table.
    var chainQuery: ChainQuery {
        if case .chains(let q) = selection { return q }
        return ChainQuery(top: chainsListed)
    }

    /// The selection's diagram, and a title for it.
    func diagram(of graph: LayeredGraph) throws -> Diagram {
        switch selection {
        case .chains(let query):
            let found = try ChainFinder.find(in: graph, query)
            guard !found.isEmpty else {
                throw SAEGraphError(
                    .invalidArgument,
                    "no chain of at least \(query.minLayers) layers in this graph: lower --min-layers or choose --component or --hubs"
                )
            }
            return try Diagram.chains(
                found, in: graph, title: "Top \(found.count) chains (\(query.scoring.rawValue) similarity)")
        case .component(let id):
            let summary = Components.find(in: graph)
            guard id >= 1, id <= summary.components.count else {
                throw SAEGraphError(
                    .invalidArgument,
                    "--component \(id): the graph has \(summary.components.count) components (numbered 1 = largest)")
            }
            let c = summary.components[id - 1]
            return try Diagram.component(c, in: graph, title: "Component \(id): \(c.size) features")
        case .hubs(let count, let measure):
            let found = Hubs.find(in: graph, by: measure, top: count)
            return try Diagram.hubs(found, in: graph, title: "Top \(found.count) hubs by \(measure.rawValue)")
        }
    }
}
