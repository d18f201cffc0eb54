import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct TransitionsTests {
    /// A random graph over `layers` with `n` features per layer, about `edgesPerPair` edges per
    /// pair, a random node subset when `subset`, and a few excluded rows.
    static func randomGraph(seed: UInt64, layers: [Int], n: Int, edgesPerPair: Int, subset: Bool) -> LayeredGraph {
        var rng = SplitMix64(seed: seed)
        let pairs = (0..<(layers.count - 1)).map { k in
            LayerPairEdges(
                sourceLayer: layers[k], targetLayer: layers[k + 1], sourceCount: n, targetCount: n,
                edges: (0..<edgesPerPair).map { _ in
                    (Int32(rng.next() % UInt64(n)), Int32(rng.next() % UInt64(n)), 0.5 + Float(rng.next() % 500) / 1000)
                })
        }
        let nodes: [[Int32]] = layers.map { _ in
            (0..<Int32(n)).filter { _ in !subset || rng.next() % 4 != 0 }
        }
        var excluded: [Int: [Int]] = [:]
        for layer in layers where rng.next() % 2 == 0 {
            excluded[layer] = [Int(rng.next() % UInt64(n)), Int(rng.next() % UInt64(n))]
        }
        return LayeredGraph(
            layers: layers, featureCounts: layers.map { _ in n }, nodes: nodes, pairs: pairs,
            metadata: GraphMetadata(excludedRows: excluded))
    }

    /// The definitions, read straight off the edge list.
    static func bruteForce(_ g: LayeredGraph, _ f: FeatureID) -> FeatureTransition {
        let k = g.layers.firstIndex(of: f.layer)!
        let excluded = g.metadata.excludedRows[f.layer]?.contains(f.index) == true
        var t = FeatureTransition(feature: f, forward: nil, backward: nil, outDegree: 0, inDegree: 0)
        if k + 1 < g.layers.count {
            let edges = g.pairs[k].edges
            let succ = edges.filter { $0.source == f }.map(\.target)
            t.outDegree = succ.count
            let predsOf = { (x: FeatureID) in edges.filter { $0.target == x }.count }
            t.forward =
                excluded
                ? .excluded
                : succ.isEmpty
                    ? .ends
                    : succ.count >= 2
                        ? .splits
                        : predsOf(succ[0]) == 1 ? .persists : .mergesInto
        }
        if k > 0 {
            let edges = g.pairs[k - 1].edges
            let pred = edges.filter { $0.target == f }.map(\.source)
            t.inDegree = pred.count
            let succOf = { (x: FeatureID) in edges.filter { $0.source == x }.count }
            t.backward =
                excluded
                ? .excluded
                : pred.isEmpty
                    ? .begins
                    : pred.count >= 2
                        ? .merged
                        : succOf(pred[0]) == 1 ? .continues : .branches
        }
        return t
    }

    @Test(arguments: [(1, false), (2, true), (3, true), (4, false), (5, true)])
    func matchesBruteForce(seed: Int, subset: Bool) throws {
        let n = 30
        let g = Self.randomGraph(
            seed: UInt64(seed), layers: [2, 3, 5, 6], n: n, edgesPerPair: 10 * seed, subset: subset)
        var expected = g.pairs.map { TransitionCounts(sourceLayer: $0.sourceLayer, targetLayer: $0.targetLayer) }
        var kinds = Set<TransitionKind>()
        for (k, layer) in g.layers.enumerated() {
            for i in 0..<n {
                let f = FeatureID(layer: layer, index: i)
                guard g.nodes[k].contains(Int32(i)) else {
                    #expect(throws: SAEGraphError.self) { try Transitions.classify(g, feature: f) }
                    continue
                }
                let ref = Self.bruteForce(g, f)
                #expect(try Transitions.classify(g, feature: f) == ref)
                if let kind = ref.forward {
                    expected[k].add(kind, source: true)
                    kinds.insert(kind)
                    let intoMerge = g.successors(of: f).contains { g.predecessors(of: $0.feature).count >= 2 }
                    if kind == .splits && intoMerge { expected[k].splitsIntoMerge += 1 }
                }
                if let kind = ref.backward {
                    expected[k - 1].add(kind, source: false)
                    kinds.insert(kind)
                }
            }
        }
        let counts = Transitions.counts(g)
        #expect(counts == expected)
        for (k, c) in counts.enumerated() {
            let sources = TransitionKind.forwardKinds.reduce(c.excludedSources) { $0 + c[$1] }
            let targets = TransitionKind.backwardKinds.reduce(c.excludedTargets) { $0 + c[$1] }
            #expect(sources == g.nodes[k].count)
            #expect(targets == g.nodes[k + 1].count)
        }
        if seed >= 3 { #expect(kinds == Set(TransitionKind.allCases)) }  // every kind exercised
    }

    /// A hand-drawn pair: 0 persists to 0; 1 splits to 1 and 2, and 2 merges into 2 as well;
    /// 3 merges into 2; 4 ends; target 3 begins; source 5 is excluded.
    @Test func handDrawnPair() throws {
        let pair = LayerPairEdges(
            sourceLayer: 0, targetLayer: 1, sourceCount: 6, targetCount: 4,
            edges: [(0, 0, 0.9), (1, 1, 0.8), (1, 2, 0.7), (2, 2, 0.6), (3, 2, 0.6)])
        let g = LayeredGraph(
            layers: [0, 1], featureCounts: [6, 4], pairs: [pair], metadata: GraphMetadata(excludedRows: [0: [5]]))
        let forward = try (0..<6).map { try Transitions.classify(g, feature: FeatureID(layer: 0, index: $0)).forward }
        #expect(forward == [.persists, .splits, .mergesInto, .mergesInto, .ends, .excluded])
        let backward = try (0..<4).map { try Transitions.classify(g, feature: FeatureID(layer: 1, index: $0)).backward }
        #expect(backward == [.continues, .branches, .merged, .begins])
        let last = try Transitions.classify(g, feature: FeatureID(layer: 1, index: 2))
        #expect(last.forward == nil && last.inDegree == 3 && last.outDegree == 0)
        let c = try #require(Transitions.counts(g).first)
        #expect([c.persists, c.splits, c.mergesInto, c.ends, c.excludedSources] == [1, 1, 2, 1, 1])
        #expect([c.continues, c.branches, c.merged, c.begins, c.excludedTargets] == [1, 1, 1, 1, 0])
        #expect(c.splitsIntoMerge == 1)
        #expect(c[.excluded] == 1 && c[.mergesInto] == 2)
        #expect(TransitionKind.mergesInto.rawValue == "merges-into")
    }

    @Test func singleLayerGraphHasNoPairs() throws {
        let g = LayeredGraph(layers: [4], featureCounts: [3], pairs: [])
        #expect(Transitions.counts(g).isEmpty)
        let t = try Transitions.classify(g, feature: FeatureID(layer: 4, index: 1))
        #expect(t.forward == nil && t.backward == nil)
        #expect(throws: SAEGraphError.self) { try Transitions.classify(g, feature: FeatureID(layer: 5, index: 1)) }
    }
}
