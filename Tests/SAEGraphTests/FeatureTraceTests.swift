import Testing

@testable import SAEGraph

@Suite struct FeatureTraceTests {
    /// 0:0 → 1:0, 1:1; 1:0 → 2:0; 1:1 → 2:0 (2:0 reached twice); 0:1 isolated.
    private func graph(bestMatches: Bool) -> LayeredGraph {
        let pairs = [
            LayerPairEdges(
                sourceLayer: 0, targetLayer: 1, sourceCount: 2, targetCount: 2, edges: [(0, 0, 0.9), (0, 1, 0.6)]),
            LayerPairEdges(
                sourceLayer: 1, targetLayer: 2, sourceCount: 2, targetCount: 1, edges: [(0, 0, 0.7), (1, 0, 0.8)]),
        ]
        var best: [BestMatches]? = nil
        if bestMatches {
            var b0 = BestMatches(count: 2)
            b0.nextIndex[1] = 1
            b0.nextCosine[1] = 0.31
            best = [b0, BestMatches(count: 2), BestMatches(count: 1)]
        }
        return LayeredGraph(layers: [0, 1, 2], featureCounts: [2, 2, 1], pairs: pairs, bestMatches: best)
    }

    @Test func forwardTreeShowsRepeatsAsReferences() throws {
        let t = try FeatureTrace.trace(
            FeatureID(layer: 0, index: 0), in: graph(bestMatches: false), direction: .forward)
        #expect(
            t.forward.map { "\($0.depth) \($0.feature) \($0.isReference)" } == [
                "1 1:0 false", "2 2:0 false", "1 1:1 false", "2 2:0 true",
            ])
        #expect(t.forward[0].similarity == 0.9)
        #expect(t.backward.isEmpty)
        let shallow = try FeatureTrace.trace(
            FeatureID(layer: 0, index: 0), in: graph(bestMatches: false), direction: .forward, depth: 1)
        #expect(shallow.forward.map(\.feature.description) == ["1:0", "1:1"])
    }

    @Test func backwardTree() throws {
        let t = try FeatureTrace.trace(FeatureID(layer: 2, index: 0), in: graph(bestMatches: false))
        #expect(t.forward.isEmpty)
        #expect(t.backward.map { "\($0.depth) \($0.feature)" } == ["1 1:1", "2 0:0", "1 1:0", "2 0:0"])
        #expect(t.backward.last!.isReference)
    }

    @Test func isolatedFeatureNamesItsBestMatch() throws {
        let f = FeatureID(layer: 0, index: 1)
        let t = try FeatureTrace.trace(f, in: graph(bestMatches: true))
        #expect(t.isolated)
        #expect(t.bestNext == .match(FeatureID(layer: 1, index: 1), cosine: 0.31))
        #expect(t.bestPrevious == .noLayer)
        #expect(try FeatureTrace.trace(f, in: graph(bestMatches: false)).bestNext == .unknown)
    }

    @Test func unknownFeatureIsAnError() {
        #expect(throws: SAEGraphError.self) {
            try FeatureTrace.trace(FeatureID(layer: 5, index: 0), in: graph(bestMatches: false))
        }
        #expect(throws: SAEGraphError.self) {
            try FeatureTrace.trace(FeatureID(layer: 1, index: 7), in: graph(bestMatches: false))
        }
    }
}
