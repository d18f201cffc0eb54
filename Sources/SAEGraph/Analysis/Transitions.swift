/// How a feature passes from one layer to the next, read off the edges of a layer pair
/// (`docs/transitions.md` has the same definitions with an example).
///
/// Looking forward from a feature `f` of the source layer (its successors are its edges'
/// targets), exactly one of:
/// - ``ends``: no successor.
/// - ``splits``: two or more successors. This wins over merging: a splitting feature whose
///   successors also have other predecessors is still `splits` (``TransitionCounts`` counts
///   those separately as `splitsIntoMerge`).
/// - ``persists``: one successor, and `f` is that successor's only predecessor.
/// - ``mergesInto``: one successor, which has two or more predecessors (`f` is one of several
///   features merging).
///
/// Looking backward from a feature `g` of the target layer, exactly one of:
/// - ``begins``: no predecessor.
/// - ``merged``: two or more predecessors.
/// - ``continues``: one predecessor, whose only successor is `g` (the other end of `persists`).
/// - ``branches``: one predecessor, which splits (`g` is one of its branches).
///
/// ``excluded`` replaces both views for a feature whose decoder row had no direction (zero or
/// non-finite, listed in `metadata.excludedRows`): it was never compared, so "ends" or "begins"
/// would be false. Only nodes of the graph (`graph.nodes`) are classified; edges count whatever
/// their other end is.
public enum TransitionKind: String, Sendable, CaseIterable {
    case persists
    case splits
    case mergesInto = "merges-into"
    case ends
    case begins
    case continues
    case branches
    case merged
    case excluded

    /// The four forward kinds, in listing order.
    public static let forwardKinds: [TransitionKind] = [.persists, .splits, .mergesInto, .ends]
    /// The four backward kinds, in listing order.
    public static let backwardKinds: [TransitionKind] = [.continues, .branches, .merged, .begins]
}

/// The two views of one feature: `forward` towards the next layer (nil in the last layer) and
/// `backward` from the previous one (nil in the first layer).
public struct FeatureTransition: Sendable, Hashable {
    public var feature: FeatureID
    public var forward: TransitionKind?
    public var backward: TransitionKind?
    /// Successors in the next layer (0 in the last layer).
    public var outDegree: Int
    /// Predecessors in the previous layer (0 in the first layer).
    public var inDegree: Int

    public init(feature: FeatureID, forward: TransitionKind?, backward: TransitionKind?, outDegree: Int, inDegree: Int)
    {
        self.feature = feature
        self.forward = forward
        self.backward = backward
        self.outDegree = outDegree
        self.inDegree = inDegree
    }
}

/// Transition counts of one layer pair: forward kinds over the source layer's nodes, backward
/// kinds over the target layer's nodes.
///
/// Identities: `persists + splits + mergesInto + ends + excludedSources` is the source layer's
/// node count; `continues + branches + merged + begins + excludedTargets` the target layer's;
/// `persists == continues` whenever no edge touches an excluded row or a non-node.
public struct TransitionCounts: Sendable, Hashable {
    public var sourceLayer: Int
    public var targetLayer: Int
    public var persists = 0
    public var splits = 0
    public var mergesInto = 0
    public var ends = 0
    /// Splitting features with at least one successor that has two or more predecessors.
    public var splitsIntoMerge = 0
    public var begins = 0
    public var continues = 0
    public var branches = 0
    public var merged = 0
    /// Source-layer nodes with an excluded decoder row.
    public var excludedSources = 0
    /// Target-layer nodes with an excluded decoder row.
    public var excludedTargets = 0

    public init(sourceLayer: Int, targetLayer: Int) {
        self.sourceLayer = sourceLayer
        self.targetLayer = targetLayer
    }

    /// The count of a forward or backward kind; `.excluded` gives both sides' sum.
    public subscript(kind: TransitionKind) -> Int {
        kind == .excluded ? excludedSources + excludedTargets : self[keyPath: Self.field(kind, source: true)]
    }

    mutating func add(_ kind: TransitionKind, source: Bool) {
        self[keyPath: Self.field(kind, source: source)] += 1
    }

    private static func field(_ kind: TransitionKind, source: Bool) -> WritableKeyPath<TransitionCounts, Int> {
        switch kind {
        case .persists: \.persists
        case .splits: \.splits
        case .mergesInto: \.mergesInto
        case .ends: \.ends
        case .begins: \.begins
        case .continues: \.continues
        case .branches: \.branches
        case .merged: \.merged
        case .excluded: source ? \.excludedSources : \.excludedTargets
        }
    }
}

/// Classifies features' passage between layers; see ``TransitionKind`` for the definitions.
public enum Transitions {
    /// Both views of one feature.
    /// - Throws: ``SAEGraphError`` when the feature is not a node of the graph.
    /// - Complexity: O(out-degree + log of the layer's size).
    public static func classify(_ graph: LayeredGraph, feature: FeatureID) throws -> FeatureTransition {
        try graph.validate(feature)
        let k = graph.position(ofLayer: feature.layer)!
        let excluded = graph.metadata.excludedRows[feature.layer]?.contains(feature.index) ?? false
        var result = FeatureTransition(feature: feature, forward: nil, backward: nil, outDegree: 0, inDegree: 0)
        if k < graph.pairs.count {
            let pair = graph.pairs[k]
            result.outDegree = pair.outDegree(feature.index)
            result.forward = excluded ? .excluded : forward(pair, feature.index).kind
        }
        if k > 0 {
            let pair = graph.pairs[k - 1]
            result.inDegree = pair.inDegree(feature.index)
            result.backward = excluded ? .excluded : backward(pair, feature.index)
        }
        return result
    }

    /// Counts per layer pair, parallel to `graph.pairs`.
    /// - Complexity: O(nodes + edges) time, O(excluded rows) extra memory.
    public static func counts(_ graph: LayeredGraph) -> [TransitionCounts] {
        graph.pairs.indices.map { k in
            let pair = graph.pairs[k]
            var counts = TransitionCounts(sourceLayer: pair.sourceLayer, targetLayer: pair.targetLayer)
            let excludedSources = Set(graph.metadata.excludedRows[pair.sourceLayer] ?? [])
            let excludedTargets = Set(graph.metadata.excludedRows[pair.targetLayer] ?? [])
            for node in graph.nodes[k] {
                let s = Int(node)
                if excludedSources.contains(s) {
                    counts.add(.excluded, source: true)
                    continue
                }
                let (kind, intoMerge) = forward(pair, s)
                counts.add(kind, source: true)
                if intoMerge && kind == .splits { counts.splitsIntoMerge += 1 }
            }
            for node in graph.nodes[k + 1] {
                let t = Int(node)
                counts.add(excludedTargets.contains(t) ? .excluded : backward(pair, t), source: false)
            }
            return counts
        }
    }

    /// Forward kind of source `s`, and whether any successor has two or more predecessors.
    private static func forward(_ pair: LayerPairEdges, _ s: Int) -> (kind: TransitionKind, intoMerge: Bool) {
        let out = pair.outgoing(s)
        var intoMerge = false
        for e in out where pair.inDegree(Int(pair.targets[e])) >= 2 {
            intoMerge = true
            break
        }
        switch out.count {
        case 0: return (.ends, false)
        case 1: return (intoMerge ? .mergesInto : .persists, intoMerge)
        default: return (.splits, intoMerge)
        }
    }

    /// Backward kind of target `t`.
    private static func backward(_ pair: LayerPairEdges, _ t: Int) -> TransitionKind {
        switch pair.inDegree(t) {
        case 0: return .begins
        case 1:
            let edge = Int(pair.columnEdges[pair.columnStart[t]])
            return pair.outDegree(pair.source(ofEdge: edge)) == 1 ? .continues : .branches
        default: return .merged
        }
    }
}
