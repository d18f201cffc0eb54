import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct HubsTests {
    @Test(arguments: HubMeasure.allCases)
    func matchesDirectCount(measure: HubMeasure) {
        for seed in UInt64(1)...15 {
            let g = RandomGraphs.make(seed: seed, maxFeatures: 7, density: 0.4)
            var rows: [(FeatureID, Int, Int, Double)] = []
            for (k, layer) in g.layers.enumerated() {
                for i in 0..<g.featureCounts[k] {
                    let f = FeatureID(layer: layer, index: i)
                    let succ = g.successors(of: f)
                    let pred = g.predecessors(of: f)
                    let w =
                        succ.reduce(0.0) { $0 + Double($1.similarity) }
                        + pred.reduce(0.0) { $0 + Double($1.similarity) }
                    rows.append((f, pred.count, succ.count, w))
                }
            }
            func value(_ r: (FeatureID, Int, Int, Double)) -> Double {
                switch measure {
                case .out: Double(r.2)
                case .in: Double(r.1)
                case .total: Double(r.1 + r.2)
                case .weight: r.3
                }
            }
            func degree(_ r: (FeatureID, Int, Int, Double)) -> Int {
                measure == .out ? r.2 : measure == .in ? r.1 : r.1 + r.2
            }
            let want = rows.filter { degree($0) >= 2 }.sorted {
                value($0) != value($1) ? value($0) > value($1) : $0.0 < $1.0
            }.prefix(5)
            let got = Hubs.find(in: g, by: measure, top: 5, minDegree: 2)
            #expect(got.map(\.feature) == want.map(\.0), "seed \(seed)")
            #expect(got.map(\.inDegree) == want.map(\.1))
            #expect(got.map(\.outDegree) == want.map(\.2))
            for h in got {
                #expect(abs(h.weightedDegree - want.first { $0.0 == h.feature }!.3) < 1e-9)
                #expect(h.successors.count == min(3, h.outDegree))
                let sims = h.successors.map(\.similarity)
                #expect(sims == sims.sorted(by: >))
            }
        }
    }
}
