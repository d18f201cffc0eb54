extension GraphFileAssembly {
    /// The label similarity stored at build time (``EdgeLabelSimilarity``): the graph
    /// attributes, with each link's `label_similarity` placed on its edge. Nil when the file
    /// has no `label_measure`, or when its links are not one per edge in saegraph's order
    /// (layer pair, source, target) with `"{layer}_{feature}"` ids, as saegraph writes them:
    /// queries then compute the values as for any graph.
    /// - Complexity: O(links).
    func storedLabelSimilarity(_ attributes: GraphFileAttributes, pairs: [LayerPairEdges]) -> EdgeLabelSimilarity? {
        guard let measure = attributes.labelMeasure else { return nil }
        let linkValues = raw.linkLabelSimilarity
        guard linkValues.count == raw.linkSource.count, linkValues.count == pairs.reduce(0, { $0 + $1.edgeCount })
        else { return nil }
        var values = pairs.map { [Double](repeating: .nan, count: $0.edgeCount) }
        var k = 0
        var next = 0  // edge number expected in pairs[k]
        for i in linkValues.indices {
            let (source, target) = (raw.linkSource[i], raw.linkTarget[i])
            guard source >= 0, target >= 0 else { return nil }
            while k < pairs.count && next == pairs[k].edgeCount {
                k += 1
                next = 0
            }
            guard k < pairs.count, Int(source >> 32) == pairs[k].sourceLayer, Int(target >> 32) == pairs[k].targetLayer,
                pairs[k].outgoing(Int(source & 0xFFFF_FFFF)).contains(next),
                Int(pairs[k].targets[next]) == Int(target & 0xFFFF_FFFF)
            else { return nil }
            values[k][next] = linkValues[i]
            next += 1
        }
        return EdgeLabelSimilarity(
            measure: measure, cutoff: attributes.labelCutoff, calibrationPairs: attributes.labelCalibrationPairs,
            pairs: pairs, values: values)
    }
}
