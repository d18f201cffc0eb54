import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct ComponentsTests {
    @Test func matchesBreadthFirstSearch() {
        for seed in UInt64(1)...25 {
            let g = RandomGraphs.make(seed: seed, maxFeatures: 8, density: 0.08 + Double(seed % 5) * 0.05)
            var adjacency: [FeatureID: Set<FeatureID>] = [:]
            var edgeList: [(FeatureID, FeatureID)] = []
            for p in g.pairs {
                for e in p.edges {
                    adjacency[e.source, default: []].insert(e.target)
                    adjacency[e.target, default: []].insert(e.source)
                    edgeList.append((e.source, e.target))
                }
            }
            var seen = Set<FeatureID>()
            var reference: [[FeatureID]] = []
            for start in adjacency.keys.sorted() where !seen.contains(start) {
                var queue = [start]
                seen.insert(start)
                var members: [FeatureID] = []
                while let f = queue.popLast() {
                    members.append(f)
                    for n in adjacency[f]! where seen.insert(n).inserted { queue.append(n) }
                }
                reference.append(members.sorted())
            }
            reference.sort { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
            let got = Components.find(in: g)
            #expect(got.components.map(\.features) == reference, "seed \(seed)")
            #expect(got.components.map(\.id) == Array(1...max(reference.count, 1)).prefix(reference.count).map { $0 })
            #expect(got.linkedFeatures == adjacency.count)
            for c in got.components {
                let set = Set(c.features)
                #expect(c.edgeCount == edgeList.filter { set.contains($0.0) }.count)
                #expect(c.degrees == c.features.map { adjacency[$0]!.count })
            }
            #expect(got.sizeClasses.map(\.count).reduce(0, +) == reference.count)
        }
    }

    @Test func summaryOfAKnownGraph() {
        let pairs = [
            LayerPairEdges(
                sourceLayer: 0, targetLayer: 1, sourceCount: 4, targetCount: 4,
                edges: [(0, 0, 0.9), (1, 0, 0.6), (2, 3, 0.7)]),
            LayerPairEdges(sourceLayer: 1, targetLayer: 2, sourceCount: 4, targetCount: 4, edges: [(0, 2, 0.8)]),
        ]
        let g = LayeredGraph(layers: [0, 1, 2], featureCounts: [4, 4, 4], pairs: pairs)
        let s = Components.find(in: g)
        #expect(s.components.map(\.size) == [4, 2])
        #expect(s.components[0].layers == [0, 1, 2])
        #expect(s.components[0].topMembers(1).first?.feature == FeatureID(layer: 1, index: 0))
        #expect(s.largestShare == 4.0 / 6.0)
        #expect(s.sizeClasses.map(\.count) == [1, 0, 1, 0, 0])
        #expect(Components.find(in: g, minStrength: 0.75).components.map(\.size) == [3])
    }
}
