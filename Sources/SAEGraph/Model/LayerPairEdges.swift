/// One directed edge between features of neighbouring layers.
public struct Edge: Sendable, Hashable {
    public var source: FeatureID
    public var target: FeatureID
    /// Cosine similarity of the two decoder directions (signed, also under `--absolute`).
    public var similarity: Float

    public init(source: FeatureID, target: FeatureID, similarity: Float) {
        self.source = source
        self.target = target
        self.similarity = similarity
    }
}

/// The edges from one layer to the next, as flat compressed-sparse-row arrays indexed by
/// source feature, plus the same edges indexed by target feature.
///
/// Edge `e` goes from source feature `s` (where `rowStart[s] <= e < rowStart[s + 1]`) to
/// `targets[e]` with `similarities[e]`. Within a source, edges are ordered by target index.
public struct LayerPairEdges: Sendable, Equatable {
    public let sourceLayer: Int
    public let targetLayer: Int
    /// Features in the source layer (valid source indices are `0..<sourceCount`).
    public let sourceCount: Int
    /// Features in the target layer.
    public let targetCount: Int
    /// `sourceCount + 1` offsets into `targets` and `similarities`.
    public let rowStart: [Int]
    public let targets: [Int32]
    public let similarities: [Float]
    /// Reverse index: `columnStart[t]..<columnStart[t + 1]` index `columnEdges`, which holds
    /// edge numbers (into `targets`/`similarities`) ordered by source index.
    public let columnStart: [Int]
    public let columnEdges: [Int32]
    /// Optional per-edge statistics (same order as `targets`), filled by significance testing.
    public var zScores: [Float]?
    public var pValues: [Float]?
    /// The confidence each edge was kept by (CSLS, for the `best` rule).
    public var confidences: [Float]?
    /// 1-based rank of the edge's target among its source's matches, and of its source among
    /// its target's matches (by cosine; NaN where beyond the rule's neighbourhood).
    public var rowRanks: [Float]?
    public var columnRanks: [Float]?
    /// The encoder-aware score each edge was ranked by (``EncoderScoring``), where the pair
    /// was scored with encoders; `similarities` stay decoder cosines.
    public var scores: [Float]?

    /// Builds the arrays from edges in any order. Duplicate (source, target) pairs keep the
    /// first occurrence.
    /// - Precondition: every edge goes from `sourceLayer` to `targetLayer` with indices in range.
    public init(
        sourceLayer: Int, targetLayer: Int, sourceCount: Int, targetCount: Int,
        edges: [(source: Int32, target: Int32, similarity: Float)]
    ) {
        let order = edges.indices.sorted {
            (edges[$0].source, edges[$0].target, $0) < (edges[$1].source, edges[$1].target, $1)
        }
        var sources: [Int32] = []
        var targets: [Int32] = []
        var sims: [Float] = []
        sources.reserveCapacity(edges.count)
        targets.reserveCapacity(edges.count)
        sims.reserveCapacity(edges.count)
        var last: (Int32, Int32)? = nil
        for i in order {
            let e = edges[i]
            if let l = last, l == (e.source, e.target) { continue }
            last = (e.source, e.target)
            sources.append(e.source)
            targets.append(e.target)
            sims.append(e.similarity)
        }
        self.init(
            sourceLayer: sourceLayer, targetLayer: targetLayer, sourceCount: sourceCount, targetCount: targetCount,
            ascendingSources: sources, targets: targets, similarities: sims)
    }

    /// Builds the arrays from edges given as columns already ordered strictly by (source,
    /// target), without duplicates: `targets` and `similarities` are kept as they are (no copy).
    /// - Complexity: O(edges + sourceCount + targetCount).
    init(
        sourceLayer: Int, targetLayer: Int, sourceCount: Int, targetCount: Int,
        ascendingSources sources: [Int32], targets: [Int32], similarities: [Float]
    ) {
        precondition(sources.count == targets.count && targets.count == similarities.count, "edge columns differ")
        self.sourceLayer = sourceLayer
        self.targetLayer = targetLayer
        self.sourceCount = sourceCount
        self.targetCount = targetCount
        var rowStart = [Int](repeating: 0, count: sourceCount + 1)
        for (e, (source, target)) in zip(sources, targets).enumerated() {
            precondition(source >= 0 && Int(source) < sourceCount, "edge source out of range")
            precondition(target >= 0 && Int(target) < targetCount, "edge target out of range")
            precondition(e == 0 || (sources[e - 1], targets[e - 1]) < (source, target), "edges not ascending")
            rowStart[Int(source) + 1] += 1
        }
        for s in 0..<sourceCount { rowStart[s + 1] += rowStart[s] }
        self.rowStart = rowStart
        self.targets = targets
        self.similarities = similarities
        // Reverse index by counting sort; edges are visited in source order, so each
        // column's list is ordered by source.
        var columnStart = [Int](repeating: 0, count: targetCount + 1)
        for t in targets { columnStart[Int(t) + 1] += 1 }
        for t in 0..<targetCount { columnStart[t + 1] += columnStart[t] }
        var fill = columnStart
        var columnEdges = [Int32](repeating: 0, count: targets.count)
        for (e, t) in targets.enumerated() {
            columnEdges[fill[Int(t)]] = Int32(e)
            fill[Int(t)] += 1
        }
        self.columnStart = columnStart
        self.columnEdges = columnEdges
    }

    public var edgeCount: Int { targets.count }

    /// Edge numbers leaving source feature `s`, ordered by target.
    public func outgoing(_ s: Int) -> Range<Int> {
        guard s >= 0 && s < sourceCount else { return 0..<0 }
        return rowStart[s]..<rowStart[s + 1]
    }

    /// Edge numbers entering target feature `t`, ordered by source.
    public func incoming(_ t: Int) -> [Int] {
        guard t >= 0 && t < targetCount else { return [] }
        return columnEdges[columnStart[t]..<columnStart[t + 1]].map { Int($0) }
    }

    public func outDegree(_ s: Int) -> Int { outgoing(s).count }

    public func inDegree(_ t: Int) -> Int {
        guard t >= 0 && t < targetCount else { return 0 }
        return columnStart[t + 1] - columnStart[t]
    }

    /// The source feature of edge `e` (binary search in `rowStart`).
    public func source(ofEdge e: Int) -> Int {
        var lo = 0
        var hi = sourceCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if rowStart[mid + 1] <= e { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// All edges as values, ordered by source then target.
    public var edges: [Edge] {
        var out: [Edge] = []
        out.reserveCapacity(edgeCount)
        for s in 0..<sourceCount {
            for e in outgoing(s) {
                out.append(
                    Edge(
                        source: FeatureID(layer: sourceLayer, index: s),
                        target: FeatureID(layer: targetLayer, index: Int(targets[e])),
                        similarity: similarities[e]))
            }
        }
        return out
    }
}
