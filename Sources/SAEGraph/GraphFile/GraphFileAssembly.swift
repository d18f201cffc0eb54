import Foundation

/// Pass 2 of reading a graph file: resolves node ids, applies the import rules and builds
/// the ``LayeredGraph`` (rules documented on ``GraphFile/read(path:importThreshold:)``).
struct GraphFileAssembly {
    let raw: NodeLinkDocument
    let name: String
    let threshold: Float

    func graph(_ s: inout JSONScanner) throws -> LayeredGraph {
        let own = GraphFileAttributes.isSAEGraphFile(raw.graphAttributes)
        let attributes = own ? try GraphFileAttributes(raw.graphAttributes, s) : nil
        let layers: [Int]
        var featureCounts: [Int]
        if let attributes {
            layers = attributes.layers
            featureCounts = attributes.featureCounts
        } else {
            layers = Set(raw.nodeLayer).sorted()
            featureCounts = [Int](repeating: 0, count: layers.count)
        }
        var position: [Int: Int] = [:]
        for (k, layer) in layers.enumerated() { position[layer] = k }

        // Nodes: layer positions, the id dictionary, per-layer feature lists.
        let nodeCount = raw.nodeLayer.count
        var nodePosition = [Int](repeating: 0, count: nodeCount)
        var nodes = [[Int32]](repeating: [], count: layers.count)
        for n in 0..<nodeCount {
            let layer = raw.nodeLayer[n]
            let feature = raw.nodeFeature[n]
            guard let k = position[layer] else {
                throw s.fault(
                    "node \(n) (id \(raw.ids.describe(raw.nodeToken[n]))) is in layer \(layer), "
                        + "which the graph attribute `layers` does not list (\(list(layers)))")
            }
            if own {
                guard feature < featureCounts[k] else {
                    throw s.fault(
                        "node \(n) (id \(raw.ids.describe(raw.nodeToken[n]))) is feature \(feature), "
                            + "but layer \(layer) has \(featureCounts[k]) features")
                }
            } else {
                featureCounts[k] = max(featureCounts[k], feature + 1)
            }
            nodePosition[n] = k
            nodes[k].append(Int32(feature))
        }
        try Self.checkFeatureTotal(featureCounts, layers: layers, s)
        let resolver = try NodeResolver(
            raw, layers: layers, featureCounts: featureCounts, nodePosition: nodePosition, s)
        for k in nodes.indices {
            if !isAscending(nodes[k]) { nodes[k].sort() }
            for i in nodes[k].indices.dropFirst() where nodes[k][i] == nodes[k][i - 1] {
                throw s.fault("two nodes are feature \(layers[k]):\(nodes[k][i])")
            }
        }

        let labels = EncodedLabels(
            raw.labels.map { n, token in
                (FeatureID(layer: raw.nodeLayer[n], index: raw.nodeFeature[n]), s.bytes(of: token), token.escaped)
            })

        let pairs = try edges(
            own: own, attributes: attributes, layers: layers, featureCounts: featureCounts,
            resolver: resolver, s)

        let metadata =
            try attributes?.metadata
            ?? GraphMetadata(
                rule: .imported, threshold: threshold, extra: GraphFileAttributes.extra(raw.graphAttributes, s))
        var graph = LayeredGraph(
            layers: layers, featureCounts: featureCounts, nodes: nodes, pairs: pairs,
            bestMatches: (attributes?.hasBestMatches ?? raw.anyBest)
                ? bestMatches(featureCounts: featureCounts, nodePosition: nodePosition) : nil,
            labels: LabelStore(encoded: labels, sources: attributes?.sources ?? [:]),
            metadata: metadata)
        graph.labelSimilarity = attributes.flatMap { storedLabelSimilarity($0, pairs: pairs) }
        return graph
    }

    /// The most features a graph may have over all its layers: 2^25 (33,554,432), e.g. 32
    /// layers of a 1M-feature SAE. Per-feature tables (edge offsets, best matches) are sized
    /// by these counts, so a file may not claim more than this without the nodes to match.
    static let maxTotalFeatures = 1 << 25

    /// Rejects counts whose per-feature tables would exceed ``maxTotalFeatures``.
    static func checkFeatureTotal(_ counts: [Int], layers: [Int], _ s: JSONScanner) throws {
        var total = 0
        for (k, c) in counts.enumerated() {
            total += c
            guard c >= 0, c <= maxTotalFeatures, total <= maxTotalFeatures else {
                throw s.fault(
                    "layer \(layers[k]) has \(c) features, bringing the graph to more than the "
                        + "\(maxTotalFeatures) features a graph may have")
            }
        }
    }

    private func bestMatches(featureCounts: [Int], nodePosition: [Int]) -> [BestMatches] {
        var best = featureCounts.map { BestMatches(count: $0) }
        for n in nodePosition.indices {
            let k = nodePosition[n]
            let f = raw.nodeFeature[n]
            best[k].nextIndex[f] = raw.bestNext[n]
            best[k].nextCosine[f] = raw.bestNextCos[n]
            best[k].previousIndex[f] = raw.bestPrevious[n]
            best[k].previousCosine[f] = raw.bestPreviousCos[n]
        }
        return best
    }

    /// Groups links into layer pairs; applies the import threshold to foreign files.
    ///
    /// Large files are grouped on two threads, each over one half of the links; the halves'
    /// lists are joined in order, so they hold what one pass gives, and a fault in the first
    /// half is reported before one in the second, as one pass would report it.
    private func edges(
        own: Bool, attributes: GraphFileAttributes?, layers: [Int], featureCounts: [Int],
        resolver: NodeResolver, _ s: JSONScanner
    ) throws -> [LayerPairEdges] {
        let n = raw.linkSource.count
        let halves = n >= 1 << 16 ? 2 : 1
        let parts = parallelTiles(count: halves, workers: halves, scratchCount: 0) { h, _, _ in
            Result {
                try group(
                    (n * h / halves)..<(n * (h + 1) / halves), own: own, layers: layers, resolver: resolver, s)
            }
        }
        var lists = try parts[0].get()
        for part in parts.dropFirst() {
            let more = try part.get()
            for k in lists.indices { lists[k].append(contentsOf: more[k]) }
        }
        // The pairs are independent: built on two threads, returned in order.
        return parallelTiles(count: lists.count, workers: 2, scratchCount: 0) { k, _, _ in
            lists[k].pair(
                sourceLayer: layers[k], targetLayer: layers[k + 1],
                sourceCount: featureCounts[k], targetCount: featureCounts[k + 1],
                recorded: LayerPairEdges.optionalValueNames.map {
                    attributes?.valueLayers[$0]?.contains(layers[k]) ?? false
                })
        }
    }

    /// The links `range` by layer pair, in file order.
    private func group(
        _ range: Range<Int>, own: Bool, layers: [Int], resolver: NodeResolver,
        _ s: JSONScanner
    ) throws -> [PairList] {
        let pairCount = max(layers.count - 1, 0)
        var lists = [PairList](repeating: PairList(), count: pairCount)
        if own {
            let expected = range.count / max(pairCount, 1) + 1
            for k in lists.indices { lists[k].reserve(expected) }
        }
        let width = NodeLinkDocument.linkValueCount
        let withValues = own && !raw.linkValues.isEmpty
        for i in range {
            guard let a = resolver.locate(raw.linkSource[i]) else { throw unknown(i, raw.linkSource[i], s) }
            guard let b = resolver.locate(raw.linkTarget[i]) else { throw unknown(i, raw.linkTarget[i], s) }
            var (source, target) = (a, b)
            let value = raw.linkValue[i]
            if !own {
                guard !value.isNaN else {
                    throw s.fault("link \(i) (\(describe(i))) has no `similarity` or `weight`")
                }
                if value == 0 || !(value >= threshold) { continue }
                if !raw.directed && a.position > b.position { (source, target) = (b, a) }
            }
            let k = source.position
            guard target.position == k + 1 else {
                let present = own ? "" : " (layers present: \(list(layers)))"
                throw s.fault(
                    "link \(i) (\(describe(i))) joins layer \(layers[k]) to layer "
                        + "\(layers[target.position]); edges must go from one layer to the next\(present)")
            }
            lists[k].append(
                source.feature, target.feature, value,
                withValues ? raw.linkValues[(i * width)..<((i + 1) * width)] : nil)
        }
        return lists
    }

    private func describe(_ i: Int) -> String {
        "\(raw.ids.describe(raw.linkSource[i])) → \(raw.ids.describe(raw.linkTarget[i]))"
    }

    private func unknown(_ i: Int, _ token: Int64, _ s: JSONScanner) -> SAEGraphError {
        s.fault("link \(i) (\(describe(i))) refers to node id \(raw.ids.describe(token)), which no node has")
    }

    private func list(_ layers: [Int]) -> String {
        layers.isEmpty ? "none" : layers.map(String.init).joined(separator: ", ")
    }
}

/// Finds the node a link's id token names, as its layer's position and its feature. When every
/// node's id is `"{layer}_{feature}"` for its own layer and feature (always so in saegraph's
/// files), the token itself says both, and one table says whether that node exists (one look-up
/// a token, not three dependent ones); otherwise a dictionary of all node tokens gives the node.
private struct NodeResolver {
    private var byToken: [Int64: Int32] = [:]
    /// Per node (by position in the file): its layer's position and its feature.
    private var located: [(position: Int, feature: Int32)] = []
    /// Dense path: layer → position (-1: absent); per position, where its features start in
    /// `nodeOfFeature` (one more entry: the end); feature → node (-1: none), all layers in one
    /// table (one array: no reference counted per look-up).
    private var positionOfLayer: [Int] = []
    private var layerStart: [Int] = []
    private var nodeOfFeature: [Int32] = []
    private var dense = false

    init(
        _ raw: NodeLinkDocument, layers: [Int], featureCounts: [Int], nodePosition: [Int], _ s: JSONScanner
    ) throws {
        let n = raw.nodeToken.count
        let consistent = (0..<n).allSatisfy {
            raw.nodeToken[$0] == Int64(raw.nodeLayer[$0]) << 32 | Int64(raw.nodeFeature[$0])
        }
        if consistent, let top = layers.last, top < 1 << 16, featureCounts.reduce(0, +) <= 1 << 26 {
            dense = true
            positionOfLayer = [Int](repeating: -1, count: top + 1)
            for (k, layer) in layers.enumerated() { positionOfLayer[layer] = k }
            layerStart = featureCounts.reduce(into: [0]) { $0.append($0.last! + $1) }
            nodeOfFeature = [Int32](repeating: -1, count: layerStart.last!)
            for i in 0..<n {
                let slot = layerStart[positionOfLayer[raw.nodeLayer[i]]] + raw.nodeFeature[i]
                guard nodeOfFeature[slot] < 0 else {
                    throw s.fault("two nodes have the id \(raw.ids.describe(raw.nodeToken[i]))")
                }
                nodeOfFeature[slot] = Int32(i)
            }
        } else {
            located = (0..<n).map { (nodePosition[$0], Int32(raw.nodeFeature[$0])) }
            byToken.reserveCapacity(n)
            for i in 0..<n {
                guard byToken.updateValue(Int32(i), forKey: raw.nodeToken[i]) == nil else {
                    throw s.fault("two nodes have the id \(raw.ids.describe(raw.nodeToken[i]))")
                }
            }
        }
    }

    /// The named node's layer position and feature; nil when no node has the id.
    func locate(_ token: Int64) -> (position: Int, feature: Int32)? {
        guard dense else { return byToken[token].map { located[Int($0)] } }
        guard token >= 0 else { return nil }
        let layer = Int(token >> 32)
        let feature = Int(token & 0xFFFF_FFFF)
        guard layer < positionOfLayer.count, positionOfLayer[layer] >= 0 else { return nil }
        let k = positionOfLayer[layer]
        guard layerStart[k] + feature < layerStart[k + 1], nodeOfFeature[layerStart[k] + feature] >= 0 else {
            return nil
        }
        return (k, Int32(feature))
    }
}

private func isAscending(_ a: [Int32]) -> Bool {
    for i in a.indices.dropFirst() where a[i] < a[i - 1] { return false }
    return true
}

/// The links of one layer pair as read, before they become a ``LayerPairEdges``.
private struct PairList {
    var sources: [Int32] = []
    var targets: [Int32] = []
    var values: [Float] = []
    /// The optional values (``LayerPairEdges/optionalValueNames``), one run of `width` per
    /// link; empty while no link has them.
    var optional: [Float] = []
    static let width = LayerPairEdges.optionalValueNames.count

    mutating func reserve(_ n: Int) {
        sources.reserveCapacity(n)
        targets.reserveCapacity(n)
        values.reserveCapacity(n)
    }

    mutating func append(_ s: Int32, _ t: Int32, _ v: Float, _ extra: ArraySlice<Float>?) {
        if let extra {
            if optional.isEmpty { optional = [Float](repeating: .nan, count: sources.count * Self.width) }
            optional.append(contentsOf: extra)
        } else if !optional.isEmpty {
            optional.append(contentsOf: repeatElement(.nan, count: Self.width))
        }
        sources.append(s)
        targets.append(t)
        values.append(v)
    }

    /// Appends the links of `other` after these.
    mutating func append(contentsOf other: PairList) {
        if !optional.isEmpty || !other.optional.isEmpty {
            if optional.isEmpty { optional = [Float](repeating: .nan, count: sources.count * Self.width) }
            if other.optional.isEmpty {
                optional.append(contentsOf: repeatElement(.nan, count: other.sources.count * Self.width))
            } else {
                optional.append(contentsOf: other.optional)
            }
        }
        sources.append(contentsOf: other.sources)
        targets.append(contentsOf: other.targets)
        values.append(contentsOf: other.values)
    }

    private func key(_ i: Int) -> UInt64 { UInt64(UInt32(sources[i])) << 32 | UInt64(UInt32(targets[i])) }

    /// Orders by (source, target), keeps the first of duplicates, and builds the CSR arrays
    /// with the optional values `recorded` (by position) aligned to them. Links already in
    /// that order (as saegraph writes them) become the CSR arrays without a copy.
    /// - Complexity: O(n) when already ordered, O(n log n) otherwise.
    func pair(
        sourceLayer: Int, targetLayer: Int, sourceCount: Int, targetCount: Int, recorded: [Bool]
    ) -> LayerPairEdges {
        var strictlyAscending = true
        for i in sources.indices.dropFirst() where key(i) <= key(i - 1) {
            strictlyAscending = false
            break
        }
        var pair: LayerPairEdges
        var order: [Int]? = nil
        if strictlyAscending {
            pair = LayerPairEdges(
                sourceLayer: sourceLayer, targetLayer: targetLayer, sourceCount: sourceCount,
                targetCount: targetCount, ascendingSources: sources, targets: targets, similarities: values)
        } else {
            var kept: [Int] = []
            kept.reserveCapacity(sources.count)
            for i in sources.indices.sorted(by: { (key($0), $0) < (key($1), $1) })
            where kept.last.map({ key($0) != key(i) }) ?? true {
                kept.append(i)
            }
            pair = LayerPairEdges(
                sourceLayer: sourceLayer, targetLayer: targetLayer, sourceCount: sourceCount,
                targetCount: targetCount, ascendingSources: kept.map { sources[$0] },
                targets: kept.map { targets[$0] }, similarities: kept.map { values[$0] })
            order = kept
        }
        for (k, on) in recorded.enumerated() where on {
            let values = { (i: Int) -> Float in optional.isEmpty ? .nan : optional[i * Self.width + k] }
            pair.setOptionalValues(k, order.map { $0.map(values) } ?? sources.indices.map(values))
        }
        return pair
    }
}
