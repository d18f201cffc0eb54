/// The layered similarity graph every query reads: features of consecutive chosen layers,
/// edges only from `layers[k]` to `layers[k + 1]`.
///
/// Node universe: in layer `layers[k]`, feature indices `0..<featureCounts[k]`. `nodes[k]`
/// lists the features the graph file actually holds (all of them for a built graph; the
/// listed subset for an imported one), ascending.
public struct LayeredGraph: Sendable {
    /// The chosen layers, ascending.
    public var layers: [Int]
    /// Features per layer (d_sae, or one more than the largest index seen when importing).
    public var featureCounts: [Int]
    /// Feature indices present in each layer, ascending.
    public var nodes: [[Int32]]
    /// `pairs[k]` holds the edges from `layers[k]` to `layers[k + 1]`.
    public var pairs: [LayerPairEdges]
    /// Best matches per layer (parallel to `layers`); nil when the source did not record them.
    public var bestMatches: [BestMatches]?
    /// Changing the labels drops ``labelSimilarity``, which was computed from them.
    public var labels: LabelStore { didSet { labelSimilarity = nil } }
    public var metadata: GraphMetadata
    /// Each edge's label similarity and the labels-differ cut-off as computed at build time
    /// (stored in the graph file); nil when not computed or the labels changed since.
    public var labelSimilarity: EdgeLabelSimilarity?

    public init(
        layers: [Int], featureCounts: [Int], nodes: [[Int32]]? = nil, pairs: [LayerPairEdges],
        bestMatches: [BestMatches]? = nil, labels: LabelStore = LabelStore(),
        metadata: GraphMetadata = GraphMetadata()
    ) {
        precondition(layers == layers.sorted() && Set(layers).count == layers.count, "layers must ascend")
        precondition(featureCounts.count == layers.count, "one feature count per layer")
        precondition(pairs.count == max(layers.count - 1, 0), "one edge set per consecutive layer pair")
        self.layers = layers
        self.featureCounts = featureCounts
        self.nodes = nodes ?? featureCounts.map { (0..<Int32($0)).map { $0 } }
        self.pairs = pairs
        self.bestMatches = bestMatches
        self.labels = labels
        self.metadata = metadata
    }

    /// Position of `layer` in `layers`, or nil.
    public func position(ofLayer layer: Int) -> Int? {
        layers.firstIndex(of: layer)
    }

    /// Edges leaving `layer` (nil for the last layer or an unknown one).
    public func pair(from layer: Int) -> LayerPairEdges? {
        guard let k = position(ofLayer: layer), k < pairs.count else { return nil }
        return pairs[k]
    }

    /// Edges entering `layer` (nil for the first layer or an unknown one).
    public func pair(into layer: Int) -> LayerPairEdges? {
        guard let k = position(ofLayer: layer), k > 0 else { return nil }
        return pairs[k - 1]
    }

    /// True when the graph holds `feature` as a node.
    public func contains(_ feature: FeatureID) -> Bool {
        guard let k = position(ofLayer: feature.layer), feature.index >= 0,
            feature.index < featureCounts[k]
        else { return false }
        return binarySearch(nodes[k], Int32(feature.index))
    }

    /// Throws a clear error when `feature` is not in the graph.
    public func validate(_ feature: FeatureID) throws {
        guard let k = position(ofLayer: feature.layer) else {
            let list = layers.map(String.init).joined(separator: ", ")
            throw SAEGraphError(
                .unknownLayer, "feature \(feature): layer \(feature.layer) is not in the graph (layers: \(list))")
        }
        guard contains(feature) else {
            if feature.index >= featureCounts[k] || feature.index < 0 {
                throw SAEGraphError(
                    .unknownFeature,
                    "feature \(feature): layer \(feature.layer) has features 0..<\(featureCounts[k])")
            }
            throw SAEGraphError(
                .unknownFeature,
                "feature \(feature) is not a node of the graph (layer \(feature.layer) holds \(nodes[k].count) features)"
            )
        }
    }

    /// Total edge count over all layer pairs.
    public var edgeCount: Int { pairs.reduce(0) { $0 + $1.edgeCount } }

    /// Total node count over all layers.
    public var nodeCount: Int { nodes.reduce(0) { $0 + $1.count } }

    /// Successors of `feature` in the next layer: (target, similarity, edge number).
    public func successors(of feature: FeatureID) -> [(feature: FeatureID, similarity: Float)] {
        guard let p = pair(from: feature.layer) else { return [] }
        return p.outgoing(feature.index).map {
            (FeatureID(layer: p.targetLayer, index: Int(p.targets[$0])), p.similarities[$0])
        }
    }

    /// Predecessors of `feature` in the previous layer.
    public func predecessors(of feature: FeatureID) -> [(feature: FeatureID, similarity: Float)] {
        guard let p = pair(into: feature.layer) else { return [] }
        return p.incoming(feature.index).map {
            (FeatureID(layer: p.sourceLayer, index: p.source(ofEdge: $0)), p.similarities[$0])
        }
    }

    /// The null-model z-score and p-value of the edge `source → target`, when the graph
    /// records them (``LayerPairEdges/zScores``, ``LayerPairEdges/pValues``; NaN where one is
    /// missing), or nil when there is no such edge or no statistics.
    /// - Complexity: O(log out-degree).
    public func edgeStatistics(from source: FeatureID, to target: FeatureID) -> (z: Float, p: Float)? {
        guard let pair = pair(from: source.layer), pair.targetLayer == target.layer,
            pair.zScores != nil || pair.pValues != nil
        else { return nil }
        let range = pair.outgoing(source.index)
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(pair.targets[mid]) < target.index { lo = mid + 1 } else { hi = mid }
        }
        guard lo < range.upperBound, Int(pair.targets[lo]) == target.index else { return nil }
        return (pair.zScores?[lo] ?? .nan, pair.pValues?[lo] ?? .nan)
    }

    /// The feature's label, if any.
    public func label(_ feature: FeatureID) -> String? { labels[feature] }
}

private func binarySearch(_ a: [Int32], _ x: Int32) -> Bool {
    var lo = 0
    var hi = a.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if a[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo < a.count && a[lo] == x
}
