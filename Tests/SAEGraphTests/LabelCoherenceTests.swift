import Foundation
import Testing

@testable import SAEGraph

@Suite struct LabelCoherenceTests {
    static let f = (0..<6).map { FeatureID(layer: $0, index: 7) }

    static func small() -> LabelCoherence {
        LabelCoherence(
            labels: LabelStore(labels: [
                f[0]: "dates and locations",
                f[1]: "mentions of dates and locations",
                f[2]: "words related to Irish culture",
                f[3]: "mentions of the state of Wyoming",
                f[4]: "words related to phrases",  // no content term
            ]))
    }

    @Test func missingOrContentFreeLabelsGiveNil() {
        let c = Self.small()
        #expect(c.similarity(Self.f[0], Self.f[1]) == 1)
        #expect(c.similarity(Self.f[2], Self.f[3]) == 0)
        #expect(c.similarity(Self.f[0], Self.f[5]) == nil)
        #expect(c.similarity(Self.f[0], Self.f[4]) == nil)
        #expect(c.similarity(Self.f[4], Self.f[4]) == nil)
    }

    @Test func chainCoherenceAveragesDefinedHops() throws {
        let c = Self.small()
        // Hops 0-1 (1), 1-2 (0), 2-3 (0), 3-4 (nil), 4-5 (nil).
        #expect(try #require(c.chainCoherence(Self.f)) == 1.0 / 3.0)
        #expect(c.chainCoherence([Self.f[0]]) == nil)
        #expect(c.chainCoherence([]) == nil)
        #expect(c.chainCoherence([Self.f[4], Self.f[5]]) == nil)
    }

    @Test func disagreementNeedsStrongEdgeAndUnrelatedLabels() {
        let c = Self.small()
        #expect(c.isDisagreement(Self.f[2], Self.f[3], similarity: 0.9))
        #expect(c.isDisagreement(Self.f[2], Self.f[3], similarity: 0.7))  // inclusive
        #expect(!c.isDisagreement(Self.f[2], Self.f[3], similarity: 0.699))
        #expect(!c.isDisagreement(Self.f[2], Self.f[3], similarity: .nan))
        #expect(!c.isDisagreement(Self.f[0], Self.f[1], similarity: 0.95))  // labels agree
        #expect(!c.isDisagreement(Self.f[3], Self.f[5], similarity: 0.95))  // label missing
        var strict = c
        strict.highCosine = 0.95
        #expect(!strict.isDisagreement(Self.f[2], Self.f[3], similarity: 0.9))
    }

    @Test func disagreementsInGraphAreSortedByCosine() {
        let labels = LabelStore(labels: [
            FeatureID(layer: 6, index: 0): "Irish culture", FeatureID(layer: 6, index: 1): "dates",
            FeatureID(layer: 6, index: 2): "football", FeatureID(layer: 7, index: 0): "state of Wyoming",
            FeatureID(layer: 7, index: 1): "dates and times", FeatureID(layer: 7, index: 2): "cooking",
        ])
        let pair = LayerPairEdges(
            sourceLayer: 6, targetLayer: 7, sourceCount: 3, targetCount: 3,
            edges: [(0, 0, 0.9), (1, 1, 0.95), (2, 2, 0.8), (2, 0, 0.6), (0, 2, 0.8)])
        let graph = LayeredGraph(layers: [6, 7], featureCounts: [3, 3], pairs: [pair], labels: labels)
        let flagged = LabelCoherence(labels: labels).disagreements(in: graph)
        #expect(flagged.map { [$0.source.index, $0.target.index] } == [[0, 0], [0, 2], [2, 2]])
    }

    // MARK: Real GPT-2 small labels

    @Test func realLabelPairsBehave() throws {
        let c = LabelCoherence(labels: try GPT2Labels.load())
        func s(_ a: String, _ b: String) throws -> Double {
            try #require(c.similarity(try FeatureID(parsing: a), try FeatureID(parsing: b)))
        }
        // "mentions of dates and locations" / "dates and locations" (a 0.93-cosine IOI link).
        #expect(try s("7:228", "8:16021") > 0.99)
        // Both "mentions of the state of Wyoming".
        #expect(try s("2:45", "3:21669") > 0.99)
        // Wyoming again, with Yellowstone National Park.
        #expect(try s("3:21669", "4:3116") > 0.3)
        // Irish surnames, Irish nationality or culture, names of Irish origin: share "irish".
        #expect(try s("2:18185", "3:12402") > 0.2)
        #expect(try s("2:18185", "10:8589") > 0.2)
        // Irish vs Wyoming: nothing in common.
        #expect(try s("2:18185", "3:21669") == 0)
        #expect(try s("3:12402", "2:45") == 0)
        #expect(c.similarity(text: "words related to Irish culture", text: "mentions of the state of Wyoming") == 0)
    }

    /// Strong decoder links of the IOI graph have more alike labels than random pairs of
    /// features from adjacent layers. Both medians are 0 (most label pairs share no content
    /// word), so the upper quartile, the mean and the share of pairs sharing a term carry it.
    @Test func strongLinksReadMoreAlikeThanRandomPairs() throws {
        let labels = try GPT2Labels.load()
        let c = LabelCoherence(labels: labels)
        let graph = try IOIExample.graph(layers: Array(0...11), threshold: 0.7)
        var linked: [Double] = []
        for pair in graph.pairs {
            for edge in pair.edges {
                if let s = c.similarity(edge.source, edge.target) { linked.append(s) }
            }
        }
        var byLayer: [Int: [FeatureID]] = [:]
        for key in labels.labels.keys.sorted() { byLayer[key.layer, default: []].append(key) }
        var rng = SplitMix64(seed: 2024)
        var null: [Double] = []
        while null.count < 50_000 {
            let layer = Int(rng.next() % 11)
            let a = byLayer[layer]![Int(rng.next() % UInt64(byLayer[layer]!.count))]
            let b = byLayer[layer + 1]![Int(rng.next() % UInt64(byLayer[layer + 1]!.count))]
            if let s = c.similarity(a, b) { null.append(s) }
        }
        let l = Summary(linked)
        let n = Summary(null)
        #expect(linked.count > 200)
        #expect(l.quantile(0.75) >= 0.1 && n.quantile(0.75) == 0)
        #expect(l.quantile(0.9) > 4 * n.quantile(0.99) / 2)
        #expect(l.mean > 10 * n.mean)
        #expect(l.shareAbove(0) > 5 * n.shareAbove(0))
        // The default cut-off sits near the null's 97.5th percentile.
        #expect((0.95...0.99).contains(1 - n.shareAbove(LabelCoherence.defaultLowCoherence - 1e-12)))
    }
}

/// Quantiles (nearest rank) and shares of a sample.
private struct Summary {
    let sorted: [Double]
    init(_ values: [Double]) { sorted = values.sorted() }
    func quantile(_ q: Double) -> Double { sorted[Int((q * Double(sorted.count - 1)).rounded())] }
    var mean: Double { sorted.reduce(0, +) / Double(sorted.count) }
    func shareAbove(_ x: Double) -> Double { Double(sorted.filter { $0 > x }.count) / Double(sorted.count) }
}
