import Algorithms

/// What makes a feature a hub.
public enum HubMeasure: String, Sendable, CaseIterable {
    /// Splits into many next-layer features.
    case out
    /// Many earlier features merge into it.
    case `in`
    /// In-degree plus out-degree.
    case total
    /// Sum of the similarities of all incident edges.
    case weight
}

/// One feature with its degrees and strongest neighbours.
public struct Hub: Sendable, Equatable {
    public var feature: FeatureID
    public var inDegree: Int
    public var outDegree: Int
    /// Sum of the (signed) similarities of all incident edges, in `Double`.
    public var weightedDegree: Double
    /// Strongest next-layer neighbours (by similarity, descending; ties by id), at most `neighbours`.
    public var successors: [(feature: FeatureID, similarity: Float)]
    public var predecessors: [(feature: FeatureID, similarity: Float)]

    public static func == (a: Hub, b: Hub) -> Bool {
        a.feature == b.feature && a.inDegree == b.inDegree && a.outDegree == b.outDegree
            && a.weightedDegree == b.weightedDegree && a.successors.map(\.feature) == b.successors.map(\.feature)
            && a.predecessors.map(\.feature) == b.predecessors.map(\.feature)
    }

    /// The value `measure` ranks by.
    public func value(_ measure: HubMeasure) -> Double {
        switch measure {
        case .out: Double(outDegree)
        case .in: Double(inDegree)
        case .total: Double(inDegree + outDegree)
        case .weight: weightedDegree
        }
    }
}

/// Ranks features by degree or weight.
public enum Hubs {
    /// The `top` features by `measure` (descending; ties by feature id), among those whose degree
    /// under `measure` (total degree for `weight`) is at least `minDegree`. Edges with a NaN
    /// similarity are ignored.
    /// - Complexity: O(V + E) plus O(V log V) to sort.
    public static func find(
        in graph: LayeredGraph, by measure: HubMeasure, top: Int = 20, minDegree: Int = 1, neighbours: Int = 3
    ) -> [Hub] {
        let index = GraphIndex(graph)
        let inDeg = index.inDegrees()
        var weight = [Double](repeating: 0, count: index.nodeCount)
        for v in 0..<index.nodeCount {
            for e in index.outStart[v]..<index.outStart[v + 1] {
                let s = Double(index.outSimilarity[e])
                weight[v] += s
                weight[Int(index.outTarget[e])] += s
            }
        }
        func outDeg(_ v: Int) -> Int { index.outStart[v + 1] - index.outStart[v] }
        func degree(_ v: Int) -> Int {
            switch measure {
            case .out: outDeg(v)
            case .in: inDeg[v]
            case .total, .weight: outDeg(v) + inDeg[v]
            }
        }
        let value = (0..<index.nodeCount).map { measure == .weight ? weight[$0] : Double(degree($0)) }
        let candidates = (0..<index.nodeCount).filter { degree($0) >= max(minDegree, 1) }
        // The first `top` of the order (a total order: ties by node), without sorting them all.
        let chosen = candidates.min(count: max(top, 0)) { value[$0] != value[$1] ? value[$0] > value[$1] : $0 < $1 }
        return chosen.map { v in
            let f = index.feature(v)
            func strongest(_ list: [(feature: FeatureID, similarity: Float)]) -> [(
                feature: FeatureID, similarity: Float
            )] {
                Array(
                    list.filter { !$0.similarity.isNaN }.sorted {
                        $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.feature < $1.feature
                    }.prefix(neighbours))
            }
            return Hub(
                feature: f, inDegree: inDeg[v], outDegree: outDeg(v), weightedDegree: weight[v],
                successors: strongest(graph.successors(of: f)), predecessors: strongest(graph.predecessors(of: f)))
        }
    }
}
