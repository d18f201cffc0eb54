/// The optional per-edge values a graph may record beside the similarity, by the name they
/// carry in files (`z`, `p`, …), so that listings and exports show every recorded value
/// without naming each one. A new per-edge value is added here once and appears in `pairs`,
/// `export` and `report`.
extension LayerPairEdges {
    /// Every optional per-edge value this kind of graph can hold, in a fixed order, with the
    /// values of this pair (parallel to ``targets``) or nil where the pair does not record it.
    public var optionalValues: [(name: String, values: [Float]?)] {
        [
            ("confidence", confidences), ("z", zScores), ("p", pValues), ("row_rank", rowRanks),
            ("column_rank", columnRanks), ("score", scores),
        ]
    }

    /// The names of ``optionalValues``, in their order.
    public static let optionalValueNames = ["confidence", "z", "p", "row_rank", "column_rank", "score"]

    /// Sets the optional per-edge value at position `index` of ``optionalValueNames``.
    public mutating func setOptionalValues(_ index: Int, _ values: [Float]?) {
        switch index {
        case 0: confidences = values
        case 1: zScores = values
        case 2: pValues = values
        case 3: rowRanks = values
        case 4: columnRanks = values
        default: scores = values
        }
    }
}

extension LayeredGraph {
    /// Names of the optional per-edge values that at least one layer pair records, in the
    /// fixed order of ``LayerPairEdges/optionalValues``.
    public var recordedEdgeValueNames: [String] {
        guard let first = pairs.first else { return [] }
        return first.optionalValues.indices.compactMap { i in
            pairs.contains { $0.optionalValues[i].values != nil } ? first.optionalValues[i].name : nil
        }
    }

    /// The recorded optional values of edge `e` of pair `k`, by name, leaving out values the
    /// pair does not record and non-finite ones (never a null).
    public func recordedValues(pair k: Int, edge e: Int) -> [(name: String, value: Float)] {
        pairs[k].optionalValues.compactMap { column in
            guard let values = column.values, e < values.count, values[e].isFinite else { return nil }
            return (column.name, values[e])
        }
    }
}

extension LayeredGraph {
    /// Where the edge `source → target` lies: its pair's position and its edge number, or nil
    /// when the graph has no such edge.
    /// - Complexity: O(log out-degree).
    public func edgeLocation(from source: FeatureID, to target: FeatureID) -> (pair: Int, edge: Int)? {
        guard let k = position(ofLayer: source.layer), k < pairs.count, pairs[k].targetLayer == target.layer else {
            return nil
        }
        let range = pairs[k].outgoing(source.index)
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(pairs[k].targets[mid]) < target.index { lo = mid + 1 } else { hi = mid }
        }
        guard lo < range.upperBound, Int(pairs[k].targets[lo]) == target.index else { return nil }
        return (k, lo)
    }
}
