/// How a graph's edges were chosen: recorded in the graph file as the graph attributes `rule`
/// (the name) and `rule_parameters` (the parameters).
public enum GraphRule: Sendable, Equatable {
    /// Built by saegraph with this rule (parameters as given to the builder).
    case built(EdgeRule)
    /// Read from another tool's node-link file; links were kept at or above
    /// ``GraphMetadata/threshold`` (the import threshold).
    case imported

    /// The name recorded in the graph attribute `rule`: ``EdgeRule/name`` or `imported`.
    public var name: String {
        switch self {
        case .built(let rule): rule.name
        case .imported: "imported"
        }
    }

    /// The edge rule, for a built graph.
    public var edgeRule: EdgeRule? {
        if case .built(let rule) = self { return rule }
        return nil
    }

    /// True for the classic rule (`cos ≥ t`), the one rule whose edges are every pair above a
    /// cutoff (so other rules can be derived from it).
    public var isThreshold: Bool {
        if case .built(.threshold) = self { return true }
        return false
    }
}
