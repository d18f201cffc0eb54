/// How a graph was made: recorded in the graph file's `graph` attributes.
public struct GraphMetadata: Sendable, Equatable {
    /// Edge rule name: "threshold" (default), later also "mutual", "topk", "auto", or
    /// "imported" for graphs read from another tool's node-link file.
    public var rule: String
    /// Similarity an edge must reach (inclusive).
    public var threshold: Float
    /// Cap on edges per source feature, if any.
    public var topK: Int?
    /// True when edges were chosen by |cos| (the edge keeps its sign).
    public var absolute: Bool
    /// The SAEs the graph was built from (empty for imported graphs).
    public var inputs: [SAEInfo]
    /// Per layer, feature indices whose decoder row was zero or non-finite and so has no
    /// direction; excluded from every comparison.
    public var excludedRows: [Int: [Int]]
    /// The version of saegraph that wrote the file.
    public var version: String
    /// Graph attributes of an imported file that saegraph does not interpret, kept as JSON text.
    public var extra: [String: String]

    public init(
        rule: String = "threshold", threshold: Float = 0.5, topK: Int? = nil, absolute: Bool = false,
        inputs: [SAEInfo] = [], excludedRows: [Int: [Int]] = [:],
        version: String = SAEGraphVersion.current, extra: [String: String] = [:]
    ) {
        self.rule = rule
        self.threshold = threshold
        self.topK = topK
        self.absolute = absolute
        self.inputs = inputs
        self.excludedRows = excludedRows
        self.version = version
        self.extra = extra
    }
}
