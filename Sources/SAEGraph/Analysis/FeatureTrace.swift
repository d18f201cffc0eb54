/// Which way a trace follows edges.
public enum TraceDirection: String, Sendable, CaseIterable {
    case forward, backward, both
}

/// One line of a trace tree, in depth-first pre-order.
public struct TraceNode: Sendable, Equatable {
    public var feature: FeatureID
    /// Hops from the traced feature (1 for its direct neighbours).
    public var depth: Int
    /// Similarity of the edge from the parent line.
    public var similarity: Float
    /// The feature the line hangs from.
    public var parent: FeatureID
    /// True when the feature was already shown in full higher up; its subtree is not repeated.
    public var isReference: Bool
}

/// The best match of a feature in a neighbouring layer, whether or not it passed the edge rule.
public enum NeighbourMatch: Sendable, Equatable {
    case match(FeatureID, cosine: Float)
    /// The graph did not record best matches (imported graphs).
    case unknown
    /// There is no layer on that side in the graph.
    case noLayer
}

/// The features reachable from one feature, with similarities at every hop.
public struct FeatureTraceResult: Sendable, Equatable {
    public var feature: FeatureID
    /// Forward tree (to later layers), pre-order; empty when not asked for or no edge.
    public var forward: [TraceNode]
    public var backward: [TraceNode]
    /// True when the feature has no edge at all.
    public var isolated: Bool { inDegree == 0 && outDegree == 0 }
    public var inDegree: Int
    public var outDegree: Int
    public var bestNext: NeighbourMatch
    public var bestPrevious: NeighbourMatch
}

public enum FeatureTrace {
    /// Traces `feature` up to `depth` hops (nil: as far as the graph goes) in `direction`.
    ///
    /// Children are ordered by similarity (descending), ties by feature id. A feature reached a
    /// second time in the same direction appears as a reference line and is not expanded again.
    /// - Throws: the error of ``LayeredGraph/validate(_:)`` for an unknown feature or layer;
    ///   `.invalidArgument` for a negative depth.
    /// - Complexity: O(reached features + their edges · log degree).
    public static func trace(
        _ feature: FeatureID, in graph: LayeredGraph, direction: TraceDirection = .both, depth: Int? = nil
    ) throws -> FeatureTraceResult {
        try graph.validate(feature)
        if let depth, depth < 0 {
            throw SAEGraphError(.invalidArgument, "trace: --depth must be 0 or more, got \(depth)")
        }
        let limit = depth ?? graph.layers.count
        let forward = direction == .backward ? [] : walk(feature, limit: limit) { graph.successors(of: $0) }
        let backward = direction == .forward ? [] : walk(feature, limit: limit) { graph.predecessors(of: $0) }
        let k = graph.position(ofLayer: feature.layer)!
        func match(_ side: Int) -> NeighbourMatch {
            let other = k + side
            guard other >= 0, other < graph.layers.count else { return .noLayer }
            guard let best = graph.bestMatches, k < best.count else { return .unknown }
            guard let m = side > 0 ? best[k].next(feature.index) : best[k].previous(feature.index) else {
                return .unknown
            }
            return .match(FeatureID(layer: graph.layers[other], index: m.index), cosine: m.cosine)
        }
        return FeatureTraceResult(
            feature: feature, forward: forward, backward: backward,
            inDegree: graph.predecessors(of: feature).count, outDegree: graph.successors(of: feature).count,
            bestNext: match(1), bestPrevious: match(-1))
    }

    private static func walk(
        _ root: FeatureID, limit: Int, _ neighbours: (FeatureID) -> [(feature: FeatureID, similarity: Float)]
    ) -> [TraceNode] {
        var out: [TraceNode] = []
        var seen: Set<FeatureID> = [root]
        func visit(_ f: FeatureID, _ d: Int) {
            guard d < limit else { return }
            let next = neighbours(f).sorted {
                $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.feature < $1.feature
            }
            for n in next {
                let fresh = seen.insert(n.feature).inserted
                out.append(
                    TraceNode(
                        feature: n.feature, depth: d + 1, similarity: n.similarity, parent: f, isReference: !fresh))
                if fresh { visit(n.feature, d + 1) }
            }
        }
        visit(root, 0)
        return out
    }
}
