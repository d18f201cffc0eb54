import Foundation
import Testing

@testable import SAEGraph

/// Precision–coverage curves against a hand-checked truth: one curve per recorded score
/// (cosine, the encoder-aware score, CSLS), and their rows for json and csv.
@Suite struct EvaluationCurveTests {
    /// Ten sources, each linked to target `i`; truth ranks target `i` first for even sources
    /// and not at all for odd ones. Cosine ranks the odd sources first, the score the even
    /// ones, CSLS alternates.
    static func graph() -> LayeredGraph {
        var edges: [(source: Int32, target: Int32, similarity: Float)] = []
        var scores: [Float] = []
        var confidences: [Float] = []
        for i in 0..<10 {
            let odd = i % 2 == 1
            let step = Float(i) / 100
            edges.append((Int32(i), Int32(i), (odd ? 0.9 : 0.5) + step))
            scores.append((odd ? 0.4 : 0.8) + step)
            confidences.append(1 - Float(i) / 10)
        }
        var pair = LayerPairEdges(sourceLayer: 0, targetLayer: 1, sourceCount: 10, targetCount: 10, edges: edges)
        pair.scores = scores
        pair.confidences = confidences
        return LayeredGraph(layers: [0, 1], featureCounts: [10, 10], pairs: [pair], metadata: GraphMetadata())
    }

    static var truth: CorrelationTruth {
        var ranked: [Int: [Int32]] = [:]
        for i in 0..<10 { ranked[i] = i % 2 == 0 ? [Int32(i)] : [99] }
        return CorrelationTruth(rankedTargets: [0: ranked], targetLayer: [0: 1], live: [0: Set(0..<10)])
    }

    @Test func oneCurvePerRecordedScore() throws {
        let curves = CoverageCurve.curves(Self.graph(), truth: Self.truth, levels: [0.3, 0.5])
        #expect(curves.map(\.score) == ["cosine", "score", "csls"])
        #expect(curves.allSatisfy { $0.liveSources == 10 })
        // Top 3 / top 5 by cosine: odd sources only; by score: even ones; by CSLS: 0, 1, 2 (, 3, 4).
        #expect(curves[0].points.map { $0?.precisionTop1 } == [0, 0])
        #expect(curves[1].points.map { $0?.precisionTop1 } == [1, 1])
        #expect(curves[2].points.map { $0?.precisionTop3 } == [2.0 / 3, 3.0 / 5])
        let rows = curves[1].rows
        #expect(rows.map(\.rule) == ["top 30% by score", "top 50% by score"])
        #expect(rows.map(\.linkedLiveSources) == [3, 5] && rows.map(\.liveSources) == [10, 10])
        let csv = EvaluationListing.render(rows, format: .csv)
        #expect(csv.hasPrefix(EvaluationListing.csvHeader + "\n0,1,top 30% by score,3,3,1.0,1.0,10,3,0.3\n"))
    }
}
