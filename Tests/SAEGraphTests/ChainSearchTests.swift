import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// Properties of the best-first search, checked on seeded random graphs (many with exact ties
/// and signed `--absolute` edges) against the brute-force ranking of every maximal chain.
@Suite struct ChainSearchTests {
    /// 120 small graphs: continuous or 3-level similarities, sparse to dense, some absolute.
    static func graphs() -> [(seed: UInt64, graph: LayeredGraph)] {
        (UInt64(100)..<220).map { seed in
            let g = RandomGraphs.make(
                seed: seed, layers: [0, 1, 2, 3, 4, 5].prefix(3 + Int(seed % 4)).map { $0 }, maxFeatures: 5,
                density: 0.2 + Double(seed % 5) * 0.15, levels: seed % 3 == 0 ? 3 : nil, absolute: seed % 7 == 0)
            return (seed, g)
        }
    }

    /// Drains the search: every chain it yields, in order.
    static func drain(_ g: LayeredGraph, _ scoring: ChainScoring, minLayers: Int, limit: Int = .max) -> (
        chains: [Chain], bounds: [Double], stopped: Bool
    ) {
        var search = ChainSearch(index: GraphIndex(g), scoring: scoring, minLayers: minLayers)
        search.maxExpansions = limit
        var chains: [Chain] = []
        var bounds: [Double] = []
        while true {
            bounds.append(search.remainingBound)
            guard let c = search.next() else { break }
            chains.append(c)
        }
        return (chains, bounds, search.stopped)
    }

    @Test(arguments: ChainScoring.allCases)
    func yieldsEveryMaximalChainInRankOrder(scoring: ChainScoring) {
        for (seed, g) in Self.graphs() {
            for minLayers in 2...min(3, g.layers.count) {
                let want = ChainReference.ranking(g, ChainQuery(top: .max, minLayers: minLayers, scoring: scoring))
                let got = Self.drain(g, scoring, minLayers: minLayers)
                #expect(!got.stopped)
                #expect(got.chains == want, "seed \(seed) minLayers \(minLayers)")
            }
        }
    }

    @Test(arguments: ChainScoring.allCases)
    func remainingBoundCoversEveryLaterChain(scoring: ChainScoring) {
        for (seed, g) in Self.graphs() {
            let got = Self.drain(g, scoring, minLayers: 2)
            for (k, c) in got.chains.enumerated() {
                #expect(got.bounds[k] >= c.score, "seed \(seed): chain \(k) scores above the bound before it")
            }
            #expect(got.bounds.last == -.infinity, "seed \(seed): an exhausted search still bounds something")
        }
    }

    @Test(arguments: ChainScoring.allCases)
    func stoppingEarlyYieldsAPrefixOfTheRanking(scoring: ChainScoring) {
        for (seed, g) in Self.graphs() {
            let want = ChainReference.ranking(g, ChainQuery(top: .max, minLayers: 2, scoring: scoring))
            for limit in [1, 3, 8] {
                let got = Self.drain(g, scoring, minLayers: 2, limit: limit)
                #expect(Array(want.prefix(got.chains.count)) == got.chains, "seed \(seed) limit \(limit)")
                if !got.stopped { #expect(got.chains == want, "seed \(seed) limit \(limit)") }
            }
        }
    }
}
