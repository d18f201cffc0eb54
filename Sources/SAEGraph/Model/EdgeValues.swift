/// The optional per-edge values a graph may record beside the similarity, by the name they
/// carry in files (`z`, `p`, …), so that listings and exports show every recorded value
/// without naming each one. A new per-edge value is added here once and appears in `pairs`,
/// `export` and `report`.
extension LayerPairEdges {
    /// Every optional per-edge value this kind of graph can hold, in a fixed order, with the
    /// values of this pair (parallel to ``targets``) or nil where the pair does not record it.
    public var optionalValues: [(name: String, values: [Float]?)] {
        [("z", zScores), ("p", pValues)]
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
