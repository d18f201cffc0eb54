/// The transition and label-coherence notes of a trace: the root's transition, and each node's
/// transition and hop from its parent; the trace listing formats them.
struct TraceNotes {
    let graph: LayeredGraph
    let coherence: LabelCoherence?
    let root: FeatureTransition?

    init(_ t: FeatureTraceResult, graph: LayeredGraph, coherence: LabelCoherence?) {
        self.graph = graph
        self.coherence = coherence
        root = try? Transitions.classify(graph, feature: t.feature)
    }

    /// The node's kind in the trace's direction; nil at the graph's edge or for a non-node.
    func transition(_ n: TraceNode, forward: Bool) -> TransitionKind? {
        guard let t = try? Transitions.classify(graph, feature: n.feature) else { return nil }
        return forward ? t.forward : t.backward
    }

    /// The hop from the node's parent (edges always run from the earlier layer).
    func hop(_ n: TraceNode, forward: Bool) -> HopCoherence? {
        coherence.map { c in
            forward
                ? c.hop(n.parent, n.feature, similarity: n.similarity)
                : c.hop(n.feature, n.parent, similarity: n.similarity)
        }
    }
}
