@testable import SAEGraph

/// Small random layered graphs for brute-force comparisons.
package enum RandomGraphs {
    /// - Parameters:
    ///   - levels: when non-nil, similarities are drawn from this many evenly spaced values in
    ///     [0.5, 1] (many ties); otherwise continuous in [0.5, 1).
    ///   - absolute: marks the graph `--absolute` and gives half the edges a negative sign.
    package static func make(
        seed: UInt64, layers: [Int] = [3, 4, 5, 6, 7], maxFeatures: Int = 6, density: Double = 0.4,
        levels: Int? = nil, absolute: Bool = false
    ) -> LayeredGraph {
        var rng = SplitMix64(seed: seed)
        let counts = layers.map { _ in 2 + Int(rng.next() % UInt64(maxFeatures - 1)) }
        var pairs: [LayerPairEdges] = []
        for k in 0..<(layers.count - 1) {
            var edges: [(source: Int32, target: Int32, similarity: Float)] = []
            for s in 0..<counts[k] {
                for t in 0..<counts[k + 1] where Double(rng.next() % 1000) / 1000 < density {
                    var sim: Float
                    if let levels {
                        sim = 0.5 + Float(rng.next() % UInt64(levels)) * 0.5 / Float(max(levels - 1, 1))
                    } else {
                        sim = 0.5 + Float(rng.next() % 1_000_000) / 2_000_000
                    }
                    if absolute && rng.next() % 2 == 0 { sim = -sim }
                    edges.append((Int32(s), Int32(t), sim))
                }
            }
            pairs.append(
                LayerPairEdges(
                    sourceLayer: layers[k], targetLayer: layers[k + 1], sourceCount: counts[k],
                    targetCount: counts[k + 1], edges: edges))
        }
        return LayeredGraph(
            layers: layers, featureCounts: counts, pairs: pairs,
            metadata: GraphMetadata(absolute: absolute))
    }
}
