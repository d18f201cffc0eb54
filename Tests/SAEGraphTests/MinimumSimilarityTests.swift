import SAEGraphTestSupport
import Testing

@testable import SAEGraph

struct MinimumSimilarityTests {
    @Test(arguments: [Float(-2), 0.1, 0.4, 0.75, 2])
    func keepsExactlyTheEdgesThatReachTheMinimum(minimum: Float) {
        let graph = GraphFixtures.random(seed: 13)  // absolute, z and p on the first pair
        let kept = graph.keepingEdges(atLeast: minimum)
        for (k, pair) in graph.pairs.enumerated() {
            var expected: [Edge] = []
            var z: [UInt32] = []
            var p: [UInt32] = []
            for s in 0..<pair.sourceCount {
                for e in pair.outgoing(s) where abs(pair.similarities[e]) >= minimum {
                    expected.append(
                        Edge(
                            source: FeatureID(layer: pair.sourceLayer, index: s),
                            target: FeatureID(layer: pair.targetLayer, index: Int(pair.targets[e])),
                            similarity: pair.similarities[e]))
                    if let zs = pair.zScores { z.append(zs[e].bitPattern) }
                    if let ps = pair.pValues { p.append(ps[e].bitPattern) }
                }
            }
            #expect(kept.pairs[k].edges == expected)
            #expect((kept.pairs[k].zScores?.map(\.bitPattern) ?? []) == z)
            #expect((kept.pairs[k].pValues?.map(\.bitPattern) ?? []) == p)
        }
        #expect(kept.nodes == graph.nodes && kept.labels == graph.labels)
        #expect(kept.metadata.threshold == max(graph.metadata.threshold, minimum))
    }
}
