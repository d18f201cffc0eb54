/// How a graph was made: recorded in the graph file's `graph` attributes (layout on
/// ``GraphFile``). Every field is typed; nothing is kept as JSON text.
public struct GraphMetadata: Sendable, Equatable {
    /// The edge rule and its parameters, or ``GraphRule/imported``.
    public var rule: GraphRule
    /// The least similarity an edge can have (inclusive): the threshold, the rule's floor, the
    /// smallest `auto` cutoff, or the import threshold.
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
    /// The null model computed at build time (graph attribute `null_model`), if any.
    public var nullModel: NullModelRecord?
    /// What scored the matches of the `best` rule (graph attribute `scoring`, written only
    /// when not ``GraphScoring/decoder``).
    public var scoring: GraphScoring
    /// Graph attributes of an imported file that saegraph does not interpret, as JSON values.
    /// Names saegraph writes itself are never written from here.
    public var extra: [String: JSONValue]

    public init(
        rule: GraphRule = .built(.threshold(0.5)), threshold: Float = 0.5, topK: Int? = nil, absolute: Bool = false,
        inputs: [SAEInfo] = [], excludedRows: [Int: [Int]] = [:],
        version: String = SAEGraphVersion.current, nullModel: NullModelRecord? = nil,
        extra: [String: JSONValue] = [:], scoring: GraphScoring = .decoder
    ) {
        self.scoring = scoring
        self.rule = rule
        self.threshold = threshold
        self.topK = topK
        self.absolute = absolute
        self.inputs = inputs
        self.excludedRows = excludedRows
        self.version = version
        self.nullModel = nullModel
        self.extra = extra
    }

    /// Whether the file records `rule_parameters`: always, except for the classic threshold
    /// rule at ``threshold`` without a null model (files saegraph wrote before rule parameters
    /// existed look like that, and still do).
    var recordsRuleParameters: Bool {
        guard case .built(let rule) = rule else { return false }
        if case .threshold(let t) = rule, t.bitPattern == threshold.bitPattern, nullModel == nil { return false }
        return true
    }
}
