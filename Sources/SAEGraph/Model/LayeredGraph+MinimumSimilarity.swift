extension LayeredGraph {
    /// The same graph keeping only the edges whose similarity reaches `minimum` (inclusive;
    /// |similarity| in a graph built with `--absolute`), so that one threshold option means the
    /// same for saegraph's own graphs and for imported ones. Nodes, labels and best matches are
    /// kept; each kept edge keeps its optional values (``LayerPairEdges/optionalValues``); the
    /// recorded threshold becomes the larger of the two. A `minimum` at or below the graph's own
    /// threshold keeps every edge.
    /// - Complexity: O(edges).
    public func keepingEdges(atLeast minimum: Float) -> LayeredGraph {
        var copy = self
        let absolute = metadata.absolute
        copy.pairs = pairs.map { pair in
            var kept: [Int] = []
            var list: [(source: Int32, target: Int32, similarity: Float)] = []
            for s in 0..<pair.sourceCount {
                for e in pair.outgoing(s) {
                    let v = pair.similarities[e]
                    guard (absolute ? abs(v) : v) >= minimum else { continue }
                    kept.append(e)
                    list.append((Int32(s), pair.targets[e], v))
                }
            }
            guard kept.count < pair.edgeCount else { return pair }
            // Edges are listed in (source, target) order, which the new pair keeps, so the
            // optional per-edge arrays are filtered by the same edge numbers.
            var filtered = LayerPairEdges(
                sourceLayer: pair.sourceLayer, targetLayer: pair.targetLayer, sourceCount: pair.sourceCount,
                targetCount: pair.targetCount, edges: list)
            filtered.zScores = pair.zScores.map { z in kept.map { z[$0] } }
            filtered.pValues = pair.pValues.map { p in kept.map { p[$0] } }
            filtered.confidences = pair.confidences.map { v in kept.map { v[$0] } }
            filtered.rowRanks = pair.rowRanks.map { v in kept.map { v[$0] } }
            filtered.columnRanks = pair.columnRanks.map { v in kept.map { v[$0] } }
            filtered.scores = pair.scores.map { v in kept.map { v[$0] } }
            return filtered
        }
        if !(metadata.threshold >= minimum) { copy.metadata.threshold = minimum }
        return copy
    }
}
