import SAEGraph

/// What an HTML report (``HTMLReport``) shows.
public struct ReportOptions: Sendable {
    /// The features the report's diagram draws, as `saegraph render` selects them.
    public var selection: DiagramSelection
    /// Refuse diagrams with more features than this (as `render --max-nodes`).
    public var maxNodes: Int
    /// The report's title (default: "saegraph report"); the diagram keeps its own (the
    /// selection, e.g. "Top 10 chains").
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
    /// The label measure; nil for character n-gram TF-IDF (see ``LabelCoherence``).
    public var labelEncoder: (any LabelEncoder)?

    public init(
        selection: DiagramSelection = .chains(ChainQuery(top: 10)), maxNodes: Int = 500, title: String? = nil,
        chainsListed: Int = 20, componentsListed: Int = 10, hubsListed: Int = 10, dModel: Int? = nil,
        featureLimit: Int = 5000, labelEncoder: (any LabelEncoder)? = nil
    ) {
        self.labelEncoder = labelEncoder
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
}
