import Testing

@testable import SAEGraph
@testable import SAEGraphSynthesis

/// End to end on synthetic SAEs: the planted chains must come back exactly and on top.
///
/// Why these sizes separate signal from chance. A planted hop rotates a unit direction by 0.45
/// rad and adds noise of norm 0.1, so its cosine is about cos(0.45) / √(1 + 0.1²) ≈ 0.89. Every
/// other pair of rows is a pair of independent random unit vectors in d = 128, whose cosine
/// has standard deviation 1/√128 ≈ 0.088 and a tail P(cos > t) ≈ 4.5 · (1 − t²)^63.5 / (127 t):
/// about 8·10⁻¹⁰ at t = 0.5. With 2,000 × 2,000 pairs per layer pair and 3 pairs (1.2·10⁷
/// pairs) the expected number of chance edges at the default threshold 0.5 is about 0.01,
/// and the largest chance cosine is near 0.45 (a row's best over 2,000 is about 0.35). So a
/// chain that is not planted has at least one hop below ~0.5 and scores (weakest link) far
/// below the weakest planted chain (≥ 0.8 with these settings); the test also measures that.
@Suite struct PlantedChainRecoveryTests {
    private func graph(_ plan: SynthesisPlan, rule: EdgeRule = .threshold(0.5)) throws -> (
        LayeredGraph, [PlantedChain]
    ) {
        let (decoders, planted) = try SyntheticSAEs.generate(plan)
        let saes = zip(plan.layers, decoders).map { layer, decoder in
            LoadedSAE(
                info: SAEInfo(
                    path: "synthetic/\(layer)", format: .saelens, layer: layer, layerSource: "config", hookName: nil,
                    tensorName: "W_dec", dtype: .f32, dModel: plan.dModel, dSAE: plan.dSAE, transposed: false),
                decoder: decoder)
        }
        let g = try SimilarityGraphBuilder.build(saes, rule: rule, options: SimilarityOptions(), nullModel: nil)
        return (g, planted)
    }

    /// Finds the top chains and checks the planted ones are exactly the first `planted.count`.
    private func expectRecovered(_ g: LayeredGraph, _ planted: [PlantedChain], minLayers: Int) throws {
        let found = try ChainFinder.find(in: g, ChainQuery(top: planted.count + 20, minLayers: minLayers))
        let top = found.prefix(planted.count)
        #expect(Set(top.map(\.features)) == Set(planted.map(\.features)))
        // Same features in the same order, and the edge similarities of the planted hops.
        for p in planted {
            let c = try #require(top.first { $0.features == p.features })
            #expect(zip(c.similarities, p.similarities).allSatisfy { abs(Double($0) - $1) < 1e-4 })
        }
        let weakest = try #require(top.map(\.score).min())
        #expect(weakest > 0.8)
        // Nothing outside the planted chains comes near.
        for c in found.dropFirst(planted.count) { #expect(c.score < weakest) }
        let plantedFeatures = Set(planted.flatMap(\.features))
        var chance = -1.0
        for pair in g.pairs {
            for e in pair.edges where !(plantedFeatures.contains(e.source) && plantedFeatures.contains(e.target)) {
                chance = max(chance, Double(e.similarity))
            }
        }
        #expect(chance < weakest - 0.2)
    }

    /// The classic rule and `build`'s default (`best`: only the planted hops clear its floor).
    @Test(arguments: [EdgeRule.threshold(0.5), .standard])
    func chainsSpanningAllLayers(rule: EdgeRule) throws {
        let plan = SynthesisPlan(
            layers: [0, 1, 2, 3], dSAE: 2000, dModel: 128, chainCount: 40, rotation: 0.45, noise: 0.1, seed: 7)
        let (g, planted) = try graph(plan, rule: rule)
        #expect(planted.count == 40 && planted.allSatisfy { $0.features.count == 4 })
        try expectRecovered(g, planted, minLayers: 4)
        // With only planted hops above the threshold, the chains are the graph's only 4-layer chains.
        #expect(try ChainFinder.find(in: g, ChainQuery(top: 100, minLayers: 4)).count == 40)
    }

    @Test func twoLayerChainsWithinFourLayers() throws {
        let plan = SynthesisPlan(
            layers: [0, 1, 2, 3], dSAE: 2000, dModel: 128, chainCount: 40, chainLength: 2, rotation: 0.45, noise: 0.1,
            seed: 8)
        let (g, planted) = try graph(plan)
        #expect(planted.allSatisfy { $0.features.count == 2 })
        // The chains start at every position a 2-layer chain can.
        #expect(Set(planted.map { $0.features[0].layer }) == [0, 1, 2])
        try expectRecovered(g, planted, minLayers: 2)
    }
}
