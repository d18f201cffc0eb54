import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct GraphIndexTests {
    @Test func flatEdgesMatchTheGraphsSuccessors() {
        for seed in UInt64(1)...30 {
            let g = RandomGraphs.make(seed: seed, absolute: seed % 3 == 0)
            let index = GraphIndex(g)
            #expect(index.layers == g.layers)
            #expect(index.nodeCount == g.featureCounts.reduce(0, +))
            for (k, layer) in g.layers.enumerated() {
                for i in 0..<g.featureCounts[k] {
                    let f = FeatureID(layer: layer, index: i)
                    let v = index.offsets[k] + i
                    #expect(index.node(f) == v && index.feature(v) == f)
                    let edges = index.outStart[v]..<index.outStart[v + 1]
                    let flat = edges.map { (index.feature(Int(index.outTarget[$0])), index.outSimilarity[$0]) }
                    let want = g.successors(of: f)
                    #expect(flat.map(\.0) == want.map(\.feature), "seed \(seed) \(f)")
                    #expect(flat.map(\.1) == want.map(\.similarity), "seed \(seed) \(f)")
                    for e in edges {
                        let s = Double(index.outSimilarity[e])
                        #expect(index.outStrength[e] == (g.metadata.absolute ? abs(s) : s))
                    }
                }
            }
        }
    }

    @Test func aWindowKeepsOnlyItsLayersAndTheEdgesBetweenThem() {
        let g = RandomGraphs.make(seed: 9, layers: [3, 4, 5, 6, 7])
        let index = GraphIndex(g, positions: 1...3)
        #expect(index.layers == [4, 5, 6])
        #expect(index.nodeCount == g.featureCounts[1...3].reduce(0, +))
        #expect(index.node(FeatureID(layer: 3, index: 0)) == nil)
        #expect(index.node(FeatureID(layer: 7, index: 0)) == nil)
        let lastLayer = index.offsets[2]..<index.offsets[3]
        #expect(lastLayer.allSatisfy { index.outStart[$0] == index.outStart[$0 + 1] })
        let inside = g.pairs[1].similarities.count + g.pairs[2].similarities.count
        #expect(index.edgeCount == inside)
    }

    @Test func nanEdgesAreLeftOut() {
        let pair = LayerPairEdges(
            sourceLayer: 0, targetLayer: 1, sourceCount: 2, targetCount: 2, edges: [(0, 0, .nan), (0, 1, 0.7)])
        let index = GraphIndex(LayeredGraph(layers: [0, 1], featureCounts: [2, 2], pairs: [pair]))
        #expect(index.edgeCount == 1 && index.outTarget == [3])
        #expect(index.outSimilarity == [0.7])
    }
}
