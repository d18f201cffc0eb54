import Foundation
import Testing

@testable import SAEGraph

/// Layers 0-2: 0:0 "dates and locations" (0.9)→ 1:0 "mentions of dates and locations", 0:1
/// (no label) (0.6)→ 1:0; 1:0 (0.8)→ 2:0 "Irish culture" (labels differ: no n-gram shared),
/// 1:0 (0.55)→ 2:1 " " (a blank label: nothing to compare).
func coherenceGraph() -> LayeredGraph {
    var labels = LabelStore()
    labels.set("dates and locations", for: FeatureID(layer: 0, index: 0))
    labels.set("mentions of dates and locations", for: FeatureID(layer: 1, index: 0))
    labels.set("Irish culture", for: FeatureID(layer: 2, index: 0))
    labels.set(" ", for: FeatureID(layer: 2, index: 1))
    let pairs = [
        LayerPairEdges(
            sourceLayer: 0, targetLayer: 1, sourceCount: 2, targetCount: 1, edges: [(0, 0, 0.9), (1, 0, 0.6)]),
        LayerPairEdges(
            sourceLayer: 1, targetLayer: 2, sourceCount: 1, targetCount: 2, edges: [(0, 0, 0.8), (0, 1, 0.55)]),
    ]
    return LayeredGraph(layers: [0, 1, 2], featureCounts: [2, 1, 2], pairs: pairs, labels: labels)
}

private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

private let f00 = FeatureID(layer: 0, index: 0)
private let f01 = FeatureID(layer: 0, index: 1)
private let f10 = FeatureID(layer: 1, index: 0)
private let f20 = FeatureID(layer: 2, index: 0)
private let f21 = FeatureID(layer: 2, index: 1)

@Suite struct CoherenceAnnotationsTests {
    let graph = coherenceGraph()
    /// Too few random pairs to calibrate a cut-off here: a fixed one.
    var coherence: LabelCoherence { LabelCoherence(labels: graph.labels, graph: graph, lowCoherence: 0.1) }

    func chains() throws -> [Chain] {
        try ChainFinder.find(in: graph, ChainQuery(top: 10, minLayers: 3))
    }

    @Test func hopsAndTheGraphWithoutLabels() {
        #expect(LabelCoherence(graph: LayeredGraph(layers: [0], featureCounts: [1], pairs: [])) == nil)
        let c = coherence
        #expect(
            c.hop(f00, f10, similarity: 0.9)
                == HopCoherence(labelSimilarity: c.similarity(f00, f10), labelsDiffer: false))
        #expect(c.hop(f10, f20, similarity: 0.8) == HopCoherence(labelSimilarity: 0, labelsDiffer: true))
        #expect(c.hop(f10, f20, similarity: -0.8).labelsDiffer)  // magnitude counts
        #expect(!c.hop(f10, f20, similarity: 0.69).labelsDiffer)
        #expect(c.hop(f01, f10, similarity: 0.9) == HopCoherence(labelSimilarity: nil, labelsDiffer: false))
    }

    @Test func chainTextShowsCoherenceAndMarksDifferingLabels() throws {
        let chains = try chains()
        let byFeatures = Dictionary(uniqueKeysWithValues: chains.enumerated().map { ($1.features, $0 + 1) })
        let text = ChainListing.render(
            chains, graph: graph, query: ChainQuery(top: 10, minLayers: 3), format: .text, coherence: coherence)
        #expect(text.contains("⚠ labels read differently: cosine ≥ 0.70 but label similarity ≤ 0.10 (fixed)"))
        let blocks = text.components(separatedBy: "\n#").dropFirst()
        func block(_ features: [FeatureID]) throws -> String {
            let rank = try #require(byFeatures[features])
            return try #require(blocks.first { $0.hasPrefix("\(rank) ") })
        }
        let agreeing = try block([f00, f10, f20])
        #expect(agreeing.contains("coherence 0.408"))
        #expect(agreeing.contains("    1:0   0.900  0.82    mentions of dates"))
        #expect(agreeing.contains("    2:0   0.800  0.00 ⚠  Irish culture"))
        let missing = try block([f01, f10, f20])
        #expect(missing.contains("coherence 0.000"))
        #expect(missing.contains("0.600   n/a    mentions"))
        #expect(try block([f01, f10, f21]).contains("coherence n/a"))
        // Without coherence the listing is unchanged: no legend, no column.
        let plain = ChainListing.render(chains, graph: graph, query: ChainQuery(top: 10, minLayers: 3), format: .text)
        #expect(!plain.contains("coherence") && !plain.contains("⚠"))
        #expect(plain.contains("    2:0   0.800  Irish culture"))
    }

    @Test func chainJSONAndCSVCarryTheFields() throws {
        let chains = try chains()
        let q = ChainQuery(top: 10, minLayers: 3)
        let list = try #require(
            try json(ChainListing.render(chains, graph: graph, query: q, format: .json, coherence: coherence))
                as? [[String: Any]])
        for (entry, chain) in zip(list, chains) {
            let sims = try #require(entry["label_similarities"] as? [Any])
            let flags = try #require(entry["labels_differ"] as? [Bool])
            #expect(sims.count == chain.similarities.count && flags.count == chain.similarities.count)
            for k in chain.similarities.indices {
                let expected = coherence.hop(
                    chain.features[k], chain.features[k + 1], similarity: chain.similarities[k])
                #expect(abs((sims[k] as? Double ?? -1) - (expected.labelSimilarity ?? -1)) < 1e-12)
                #expect((sims[k] is NSNull) == (expected.labelSimilarity == nil))
                #expect(flags[k] == expected.labelsDiffer)
            }
            let c = coherence.chainCoherence(chain.features)
            #expect(abs((entry["coherence"] as? Double ?? -1) - (c ?? -1)) < 1e-12)
            #expect((entry["coherence"] is NSNull) == (c == nil))
        }
        #expect(list.contains { ($0["labels_differ"] as? [Bool])?.contains(true) == true })
        // Without coherence: the keys exist, all null / false.
        let plain = try #require(
            try json(ChainListing.render(chains, graph: graph, query: q, format: .json)) as? [[String: Any]])
        #expect(plain[0]["coherence"] is NSNull)
        #expect((plain[0]["labels_differ"] as? [Bool]) == [false, false])

        let csv = ChainListing.render(chains, graph: graph, query: q, format: .csv, coherence: coherence)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix(",coherence,label_similarity,labels_differ"))
        let rank = try #require(chains.firstIndex { $0.features == [f00, f10, f20] }) + 1
        // Labels here hold no comma, so splitting at commas gives the fields.
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.allSatisfy { $0.count == 11 })
        let ours = rows.filter { $0[0] == "\(rank)" }
        #expect(ours.map { $0[2] } == ["0", "1", "2"])
        let mean = try #require(coherence.chainCoherence([f00, f10, f20]))
        #expect(ours.allSatisfy { abs((Double($0[8]) ?? 0) - mean) < 1e-12 })
        #expect(ours[0][9...] == ["", "false"])
        #expect(ours[2][4...5] == ["0", "0.8"] && ours[2][9...] == ["0.0", "true"])
    }

    @Test func traceShowsTransitionsAndLabelSimilarity() throws {
        let t = try FeatureTrace.trace(f10, in: graph)
        let text = TraceListing.render(t, graph: graph, format: .text, coherence: coherence)
        #expect(text.contains("  transition: merged → splits\n"))
        // Each node shows its kind in the trace's direction: none past the first or last layer.
        #expect(text.contains("→ 2:0  0.800  0.00 ⚠  Irish culture"))
        #expect(text.contains("← 0:0  0.900  0.82    dates and locations"))
        #expect(text.contains("← 0:1  0.600   n/a\n"))
        let fromStart = TraceListing.render(
            try FeatureTrace.trace(f00, in: graph), graph: graph, format: .text, coherence: coherence)
        #expect(fromStart.contains("  transition: merges-into\n"))
        #expect(fromStart.contains("→ 1:0  0.900  0.82    [splits]  mentions of dates and locations"))
        #expect(fromStart.contains("    → 2:0  0.800  0.00 ⚠  Irish culture"))
        let fromEnd = TraceListing.render(try FeatureTrace.trace(f20, in: graph), graph: graph, format: .text)
        #expect(fromEnd.contains("  transition: branches\n"))
        #expect(fromEnd.contains("← 1:0  0.800  [merged]  mentions of dates and locations"))

        let object = try #require(
            try json(TraceListing.render(t, graph: graph, format: .json, coherence: coherence)) as? [String: Any])
        let root = try #require(object["transition"] as? [String: Any])
        #expect(root["forward"] as? String == "splits" && root["backward"] as? String == "merged")
        let forward = try #require(object["forward"] as? [[String: Any]])
        let irish = try #require(forward.first { $0["feature"] as? Int == 0 })
        #expect(irish["transition"] is NSNull)
        #expect(irish["label_similarity"] as? Double == 0 && irish["labels_differ"] as? Bool == true)
        let backward = try #require(object["backward"] as? [[String: Any]])
        let unlabelled = try #require(backward.first { $0["feature"] as? Int == 1 })
        #expect(unlabelled["transition"] is NSNull)
        #expect(unlabelled["label_similarity"] is NSNull && unlabelled["labels_differ"] as? Bool == false)

        let csv = TraceListing.render(t, graph: graph, format: .csv, coherence: coherence).split(separator: "\n")
        #expect(csv[0].hasSuffix(",transition,label_similarity,labels_differ"))
        #expect(csv.contains { $0.hasPrefix("backward,1,1:0,0,1,") && $0.hasSuffix(",,,false") })
        #expect(csv.contains { $0.hasPrefix("forward,1,1:0,2,0,") && $0.hasSuffix(",,0.0,true") })
    }

    @Test func transitionSummaries() throws {
        #expect(try Transitions.classify(graph, feature: f00).summary == "merges-into")
        #expect(try Transitions.classify(graph, feature: f10).summary == "merged → splits")
        #expect(try Transitions.classify(graph, feature: f21).summary == "branches")
        let excluded = FeatureTransition(
            feature: f10, forward: .excluded, backward: .excluded, outDegree: 0, inDegree: 0)
        #expect(excluded.summary == "excluded")
    }
}
