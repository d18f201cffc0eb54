import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// `g` with only the edges at least as strong as `t` (as Float).
private func cut(_ g: LayeredGraph, at t: Double) -> LayeredGraph {
    let pairs = g.pairs.map { p in
        LayerPairEdges(
            sourceLayer: p.sourceLayer, targetLayer: p.targetLayer, sourceCount: p.sourceCount,
            targetCount: p.targetCount,
            edges: p.edges.filter { $0.similarity >= Float(t) }.map {
                (Int32($0.source.index), Int32($0.target.index), $0.similarity)
            })
    }
    return LayeredGraph(layers: g.layers, featureCounts: g.featureCounts, pairs: pairs)
}

/// Maximal paths of ≥ 3 layers in `g`, by enumeration.
private func maximalChains(_ g: LayeredGraph) -> Int {
    var count = 0
    func walk(_ path: [FeatureID]) {
        if path.count >= 3 && ChainFinder.isMaximal(path, in: g) { count += 1 }
        for s in g.successors(of: path.last!) { walk(path + [s.feature]) }
    }
    for (k, layer) in g.layers.enumerated() {
        for i in 0..<g.featureCounts[k] { walk([FeatureID(layer: layer, index: i)]) }
    }
    return count
}

@Suite struct ThresholdSweepTests {
    @Test func matchesRebuildingAtEachThreshold() {
        let thresholds = [0.3, 0.5, 0.6, 0.7, 0.8, 0.9]
        for seed in UInt64(1)...15 {
            let g = RandomGraphs.make(seed: seed, maxFeatures: 6, density: 0.5, levels: seed % 2 == 0 ? 6 : nil)
            let rows = ThresholdSweep.sweep(g, thresholds: thresholds)
            #expect(rows[0].result == nil)
            for (t, row) in zip(thresholds, rows).dropFirst() {
                let h = cut(g, at: t)
                let comps = Components.find(in: h)
                #expect(row.result?.edges == h.edgeCount, "seed \(seed) t \(t)")
                #expect(row.result?.components == comps.components.count)
                #expect(row.result?.largestComponent == (comps.components.first?.size ?? 0))
                #expect(row.result?.chains == .exact(maximalChains(h)), "seed \(seed) t \(t)")
            }
        }
    }

    @Test func stopsWithALowerBound() {
        let g = RandomGraphs.make(seed: 9, maxFeatures: 6, density: 0.9)
        let rows = ThresholdSweep.sweep(g, thresholds: [0.5], chainLimit: 2)
        #expect(rows[0].result?.chains == .atLeast(2))
    }
}

@Suite struct GraphStatisticsTests {
    @Test func quantilesInterpolate() {
        #expect(GraphStatistics.quantile(sorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(GraphStatistics.quantile(sorted: [1, 2, 3, 4], 0) == 1)
        #expect(GraphStatistics.quantile(sorted: [1, 2, 3, 4], 1) == 4)
        #expect(GraphStatistics.quantile(sorted: [5], 0.3) == 5)
    }

    @Test func pairFactsAndBaseline() throws {
        var g = RandomGraphs.make(seed: 4, layers: [0, 1], maxFeatures: 6, density: 0.5)
        var b0 = BestMatches(count: g.featureCounts[0])
        for i in 0..<b0.count {
            b0.nextIndex[i] = 0
            b0.nextCosine[i] = Float(i) / Float(b0.count)
        }
        g.bestMatches = [b0, BestMatches(count: g.featureCounts[1])]
        g.metadata.excludedRows = [1: [0]]
        let s = try GraphStatistics.compute(g, dModel: 3)
        let p = s.pairs[0]
        #expect(p.edgeCount == g.pairs[0].edgeCount)
        #expect(p.linkedSources == (0..<g.featureCounts[0]).filter { g.pairs[0].outDegree($0) > 0 }.count)
        #expect(p.bestMatchQuantiles?.first == 0)
        #expect(p.bestMatchCount == b0.count)
        #expect(p.excludedTarget == 1)
        let n = g.featureCounts[1] - 1
        #expect(p.baseline?.count == n)
        #expect(abs(p.baseline!.mean - (1 - 2 / Double(n + 1))) < 1e-8)
        #expect(try GraphStatistics.compute(g).pairs[0].baseline == nil)
    }
}
