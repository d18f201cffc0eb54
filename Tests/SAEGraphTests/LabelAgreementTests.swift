import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct LabelAgreementTests {
    @Test func summaryOfKnownValues() {
        let s = LabelSimilaritySummary([0, 0.5, 0, 1, 0.25])
        #expect(s.count == 5)
        #expect(s.mean == 0.35)
        #expect(s.median == 0.25)
        #expect(s.q75 == 0.5)
        #expect(abs(s.q90 - 0.8) < 1e-12)
        #expect(s.shareAboveZero == 0.6)
        #expect(LabelSimilaritySummary([]).count == 0)
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func matchesBruteForce(seed: UInt64) throws {
        let g = labelledRandomGraph(seed: seed)
        let c = try #require(LabelCoherence(graph: g))
        let a = try #require(LabelAgreement.compute(g, coherence: c))
        let edges = g.pairs.flatMap(\.edges)
        let linked = edges.compactMap { c.similarity($0.source, $0.target) }
        #expect(a.linked == LabelSimilaritySummary(linked))
        #expect(
            a.strongEdges == edges.filter { c.similarity($0.source, $0.target) != nil && $0.similarity >= 0.7 }.count)
        #expect(a.disagreeing == c.disagreements(in: g).count)
        // The random side is the calibration sample.
        #expect(a.random == LabelSimilaritySummary(c.randomSimilarities))
        #expect(a.randomDrawn == c.sample.sources.count && a.lowCoherence == c.lowCoherence)
        #expect(a.measureName == c.measureName && a.isCalibrated)
        // Deterministic.
        #expect(LabelAgreement.compute(g, coherence: try #require(LabelCoherence(graph: g))) == a)
    }

    @Test func nilWithoutLabelledEdges() {
        var g = RandomGraphs.make(seed: 5, layers: [0, 1], maxFeatures: 4, density: 1)
        g.labels = LabelStore(labels: [FeatureID(layer: 0, index: 0): "money"])
        #expect(LabelAgreement.compute(g, coherence: LabelCoherence(graph: g)!) == nil)
    }

    @Test func statisticsCarryTransitionsAndAgreement() throws {
        var g = labelledRandomGraph(seed: 4)
        g.metadata.threshold = 0.5
        let plain = try GraphStatistics.compute(g)
        #expect(plain.transitions == Transitions.counts(g))
        #expect(plain.labelAgreement == nil)
        let s = try GraphStatistics.compute(g, coherence: LabelCoherence(graph: g))
        let agreement = try #require(s.labelAgreement)

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(StatisticsListing.render(s, format: .json).utf8))
                as? [String: Any])
        let rows = try #require(json["transitions"] as? [[String: Int]])
        #expect(rows.count == s.transitions.count)
        for (row, c) in zip(rows, s.transitions) {
            #expect(row["source_layer"] == c.sourceLayer && row["target_layer"] == c.targetLayer)
            for kind in TransitionKind.forwardKinds + TransitionKind.backwardKinds {
                #expect(row[kind.rawValue.replacingOccurrences(of: "-", with: "_")] == c[kind])
            }
            #expect(row["splits_into_merge"] == c.splitsIntoMerge)
            #expect(row["excluded_source"]! + row["excluded_target"]! == c[.excluded])
        }
        let la = try #require(json["label_agreement"] as? [String: Any])
        #expect(la["disagreeing"] as? Int == agreement.disagreeing)
        #expect((la["linked"] as? [String: Any])?["count"] as? Int == agreement.linked.count)
        #expect((la["random"] as? [String: Any])?["drawn"] as? Int == agreement.randomDrawn)
        #expect(la["measure"] as? String == "char 3-5-gram TF-IDF")
        #expect(la["low_coherence"] as? Double == agreement.lowCoherence)
        #expect(
            try #require(
                JSONSerialization.jsonObject(with: Data(StatisticsListing.render(plain, format: .json).utf8))
                    as? [String: Any])["label_agreement"] is NSNull)

        let text = StatisticsListing.render(s, format: .text)
        #expect(text.contains("Feature transitions per layer pair"))
        let c0 = s.transitions[0]
        #expect(text.contains("0 → 1") && text.contains("\(c0.splits) (\(c0.splitsIntoMerge))"))
        #expect(text.contains("linked  ") && text.contains("random  "))
        #expect(text.contains("Label similarity (char 3-5-gram TF-IDF) of linked features"))
        #expect(
            text.contains(
                "Labels read differently (⚠) on \(agreement.disagreeing) of \(agreement.strongEdges) strong edges"))
        #expect(text.contains("2.5th percentile of \(agreement.random.count) random adjacent-layer label pairs"))
        #expect(!StatisticsListing.render(plain, format: .text).contains("Labels read differently"))

        let csv = StatisticsListing.render(s, format: .csv)
        #expect(csv.contains("transitions,0,1,,persists,\(c0.persists)\n"))
        #expect(csv.contains("label_agreement,,,,disagreeing,\(agreement.disagreeing)\n"))
    }
}
