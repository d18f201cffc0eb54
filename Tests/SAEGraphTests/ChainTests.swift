import SAEGraph
import Testing

@Suite struct ChainTests {
    @Test func scoresFoldStrengthsInPathOrder() {
        let s = [0.9, 0.6, 0.8]
        #expect(ChainScoring.min.score(ofStrengths: s) == 0.6)
        #expect(ChainScoring.product.score(ofStrengths: s) == 0.9 * 0.6 * 0.8)
        #expect(ChainScoring.mean.score(ofStrengths: s) == (0.9 + 0.6 + 0.8) / 3)
        // Rounding can push a cosine past 1; the product clamps each strength to [0, 1].
        #expect(ChainScoring.product.score(ofStrengths: [1.0000001, 0.5]) == 0.5)
        for scoring in ChainScoring.allCases { #expect(scoring.score(ofStrengths: []) == -.infinity) }
    }

    @Test func rankingIsScoreThenLengthThenFeatureIDs() {
        func chain(_ ids: [(Int, Int)], _ score: Double) -> Chain {
            Chain(
                features: ids.map { FeatureID(layer: $0.0, index: $0.1) },
                similarities: Array(repeating: 0.5, count: ids.count - 1), score: score)
        }
        let strong = chain([(1, 0), (2, 0)], 0.9)
        let long = chain([(1, 5), (2, 5), (3, 5)], 0.8)
        let short = chain([(1, 0), (2, 1)], 0.8)
        let shortLater = chain([(1, 0), (2, 2)], 0.8)
        let sorted = [shortLater, short, long, strong].sorted(by: Chain.ranksBefore)
        #expect(sorted == [strong, long, short, shortLater])
        #expect(!Chain.ranksBefore(short, short))
        #expect(long.layerCount == 3)
    }
}
