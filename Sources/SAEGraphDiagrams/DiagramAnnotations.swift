/// Transition notes on a diagram's nodes and label-disagreement flags on its links.

import SAEGraph

extension Diagram {
    /// The flag a link whose labels differ carries.
    public static let labelsDifferFlag = "⚠ labels read differently"

    /// The same diagram with each node annotated with its transition in `graph`
    /// (``FeatureTransition/summary``, e.g. "merged → splits"; existing annotations are kept),
    /// and, with `coherence`, each strong link whose labels read differently
    /// (``LabelCoherence/isDisagreement(_:_:similarity:)`` on `|similarity|`) flagged
    /// ``labelsDifferFlag`` and drawn dashed in red. Legend lines explain both.
    ///
    /// Transitions describe the whole graph, not the drawn selection: a chain's feature may be
    /// annotated "splits" although only one of its successors is drawn.
    /// - Complexity: O(N log n + Σ out-degree) for N nodes, plus O(label terms) per link.
    public func annotated(in graph: LayeredGraph, coherence: LabelCoherence?) -> Diagram {
        var copy = self
        var annotatedAny = false
        copy.nodes = nodes.map { node in
            var n = node
            if n.annotation == nil, let t = try? Transitions.classify(graph, feature: n.feature), !t.summary.isEmpty {
                n.annotation = t.summary
                annotatedAny = true
            }
            return n
        }
        var flagged = false
        if let coherence {
            coherence.prepare(links.flatMap { [$0.source, $0.target] })
            copy.links = links.map { link in
                var l = link
                if let s = coherence.similarity(l.source, l.target) {
                    l.labelNote = "label similarity \(String(format2: s)) (\(coherence.measureName))"
                }
                if coherence.isDisagreement(l.source, l.target, similarity: abs(l.similarity)) {
                    l.labelsDiffer = true
                    l.flag = l.flag.map { "\($0); \(Self.labelsDifferFlag)" } ?? Self.labelsDifferFlag
                    flagged = true
                }
                return l
            }
        }
        if annotatedAny {
            copy.legend.append(
                "italic note: transition in the whole graph (from previous layer → to next; see docs/transitions.md)")
        }
        if flagged {
            copy.legend.append(
                "red dashed edge: \(Self.labelsDifferFlag), cosine ≥ \(String(format2: Double(coherence!.highCosine)))"
                    + " but \(coherence!.cutoffDescription ?? "") (\(coherence!.measureName))")
        }
        return copy
    }
}
