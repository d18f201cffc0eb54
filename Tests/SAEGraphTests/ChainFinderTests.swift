import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct ChainFinderTests {
    @Test(arguments: ChainScoring.allCases)
    func matchesBruteForceOnRandomGraphs(scoring: ChainScoring) throws {
        for seed in UInt64(1)...40 {
            let levels: Int? = seed % 2 == 0 ? 4 : nil
            let g = RandomGraphs.make(
                seed: seed, density: 0.35 + Double(seed % 4) * 0.1, levels: levels, absolute: seed % 5 == 0)
            for minLayers in [2, 3, 4] {
                for top in [1, 5, 1000] {
                    let q = ChainQuery(top: top, minLayers: minLayers, scoring: scoring)
                    let got = try ChainFinder.find(in: g, q)
                    let want = ChainReference.ranking(g, q)
                    #expect(got == want, "seed \(seed) minLayers \(minLayers) top \(top)")
                }
            }
        }
    }

    @Test(arguments: ChainScoring.allCases)
    func windowThroughAndDisjointMatchBruteForce(scoring: ChainScoring) throws {
        for seed in UInt64(100)...130 {
            let g = RandomGraphs.make(seed: seed, density: 0.5, levels: seed % 3 == 0 ? 3 : nil)
            var rng = SplitMix64(seed: seed)
            let layerPick = Int(rng.next() % 5)
            let through = FeatureID(
                layer: g.layers[layerPick], index: Int(rng.next() % UInt64(g.featureCounts[layerPick])))
            let queries = [
                ChainQuery(top: 10, minLayers: 2, scoring: scoring, fromLayer: 4, toLayer: 6),
                ChainQuery(top: 10, minLayers: 3, scoring: scoring, through: through),
                ChainQuery(top: 10, minLayers: 2, scoring: scoring, disjoint: true),
                ChainQuery(top: 4, minLayers: 2, scoring: scoring, fromLayer: 4, through: through, disjoint: true),
            ]
            for q in queries {
                if let f = q.through, f.layer < (q.fromLayer ?? 0) { continue }
                #expect(try ChainFinder.find(in: g, q) == ChainReference.ranking(g, q), "seed \(seed) \(q)")
            }
        }
    }

    @Test func lineageIsListedOnceNotAsFragments() throws {
        // 0:0 → 1:0 → 2:0 → 3:0 strong; a weak side branch 1:0 → 2:1.
        let pairs = [
            LayerPairEdges(sourceLayer: 0, targetLayer: 1, sourceCount: 1, targetCount: 1, edges: [(0, 0, 0.9)]),
            LayerPairEdges(
                sourceLayer: 1, targetLayer: 2, sourceCount: 1, targetCount: 2, edges: [(0, 0, 0.8), (0, 1, 0.6)]),
            LayerPairEdges(sourceLayer: 2, targetLayer: 3, sourceCount: 2, targetCount: 1, edges: [(0, 0, 0.95)]),
        ]
        let g = LayeredGraph(layers: [0, 1, 2, 3], featureCounts: [1, 1, 2, 1], pairs: pairs)
        let chains = try ChainFinder.find(in: g, ChainQuery(top: 10, minLayers: 3))
        #expect(
            chains.map { $0.features.map(\.description) } == [["0:0", "1:0", "2:0", "3:0"], ["0:0", "1:0", "2:1"]])
        #expect(chains.map(\.score) == [Double(Float(0.8)), Double(Float(0.6))])
        #expect(chains[0].similarities == [0.9, 0.8, 0.95])
        // At 2 layers the parts stronger than the link joining them appear, each once.
        let short = try ChainFinder.find(in: g, ChainQuery(top: 10, minLayers: 2))
        #expect(
            short.map { $0.features.map(\.description) } == [
                ["2:0", "3:0"], ["0:0", "1:0"], ["0:0", "1:0", "2:0", "3:0"], ["0:0", "1:0", "2:1"],
            ])
        #expect(ChainFinder.isMaximal(["1:0", "2:0", "3:0"].map { try! FeatureID(parsing: $0) }, in: g) == false)
    }

    @Test func rejectsBadQueries() {
        let g = RandomGraphs.make(seed: 3)
        #expect(throws: SAEGraphError.self) { try ChainFinder.find(in: g, ChainQuery(minLayers: 1)) }
        #expect(throws: SAEGraphError.self) { try ChainFinder.find(in: g, ChainQuery(fromLayer: 6, toLayer: 4)) }
        #expect(throws: SAEGraphError.self) { try ChainFinder.find(in: g, ChainQuery(minLayers: 3, fromLayer: 6)) }
        #expect(throws: SAEGraphError.self) {
            try ChainFinder.find(in: g, ChainQuery(through: FeatureID(layer: 9, index: 0)))
        }
        #expect(throws: SAEGraphError.self) {
            try ChainFinder.find(in: g, ChainQuery(minLayers: 2, fromLayer: 5, through: FeatureID(layer: 3, index: 0)))
        }
    }
}
