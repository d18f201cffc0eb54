/// A fixed sample of random pairs of labelled features from adjacent layers of a graph: the
/// null that label-similarity cut-offs are calibrated on and that `stats` compares links with.
///
/// Each pair is (source feature, target feature) of one layer pair, both graph nodes with a
/// label. When the graph has at most `count` such pairs, all of them are taken (in layer, source,
/// target order); otherwise `count` are drawn with replacement from a ``SeededRandom`` of the
/// seed: a layer pair with probability proportional to its number of labelled pairs, then a
/// source and a target uniformly. A draw may hit a linked pair.
public struct LabelPairSample: Sendable, Equatable {
    public var pairs: [(FeatureID, FeatureID)] {
        zip(sources, targets).map { ($0, $1) }
    }
    public private(set) var sources: [FeatureID] = []
    public private(set) var targets: [FeatureID] = []
    /// True when every labelled adjacent-layer pair was taken (no draw).
    public private(set) var isExhaustive = false
    public let seed: UInt64

    /// Pairs drawn unless asked otherwise.
    public static let defaultCount = 2_000
    public static let defaultSeed: UInt64 = 1

    /// - Complexity: O(V + count · layers).
    public init(_ graph: LayeredGraph, labels: LabelStore, count: Int = defaultCount, seed: UInt64 = defaultSeed) {
        self.seed = seed
        // The labelled nodes of each layer: the nodes (ascending) met with the labelled features
        // (ascending), in one walk rather than a look-up per node.
        let labelledFeatures = labels.features
        var next = 0
        let labelled = graph.layers.indices.map { k in
            graph.nodes[k].compactMap { index -> FeatureID? in
                let f = FeatureID(layer: graph.layers[k], index: Int(index))
                while next < labelledFeatures.count && labelledFeatures[next] < f { next += 1 }
                return next < labelledFeatures.count && labelledFeatures[next] == f ? f : nil
            }
        }
        var cumulative: [UInt64] = []
        var total: UInt64 = 0
        for k in graph.pairs.indices {
            total += UInt64(labelled[k].count) * UInt64(labelled[k + 1].count)
            cumulative.append(total)
        }
        guard total > 0, count > 0 else { return }
        if total <= UInt64(count) {
            isExhaustive = true
            for k in graph.pairs.indices {
                for a in labelled[k] {
                    for b in labelled[k + 1] {
                        sources.append(a)
                        targets.append(b)
                    }
                }
            }
            return
        }
        var rng = SeededRandom(seed: seed)
        for _ in 0..<count {
            let r = rng.next() % total
            let k = cumulative.firstIndex(where: { r < $0 })!
            sources.append(labelled[k][Int(rng.next() % UInt64(labelled[k].count))])
            targets.append(labelled[k + 1][Int(rng.next() % UInt64(labelled[k + 1].count))])
        }
    }

    /// The sampled features, each once, in ascending order.
    public var features: [FeatureID] { Array(Set(sources + targets)).sorted() }
}
