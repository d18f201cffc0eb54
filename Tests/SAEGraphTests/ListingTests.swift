import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// A labelled graph with a Neuronpedia source for layer 0 only.
private func labelledGraph() -> LayeredGraph {
    var g = RandomGraphs.make(seed: 11, layers: [0, 1, 2], maxFeatures: 5, density: 0.7)
    var labels = LabelStore()
    labels.set("quotes \"and\", commas\nand a newline", for: FeatureID(layer: 0, index: 0))
    labels.set("the word 'the'", for: FeatureID(layer: 1, index: 0))
    labels.setSource(NeuronpediaSource(modelID: "gpt2-small", sourceID: "0-res-jb"), forLayer: 0)
    g.labels = labels
    return g
}

private func parse(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}

/// Splits CSV text into records (RFC 4180 quoting).
private func csvRecords(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var field = ""
    var record: [String] = []
    var quoted = false
    var chars = Array(text)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" {
                    field.append("\"")
                    chars.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            record.append(field)
            field = ""
        } else if c == "\n" {
            record.append(field)
            records.append(record)
            record = []
            field = ""
        } else {
            field.append(c)
        }
    }
    return records
}

@Suite struct ListingTests {
    @Test func chainListings() throws {
        let g = labelledGraph()
        let q = ChainQuery(top: 3, minLayers: 2)
        let chains = try ChainFinder.find(in: g, q)
        #expect(!chains.isEmpty)
        let json = try #require(
            try parse(ChainListing.render(chains, graph: g, query: q, format: .json)) as? [[String: Any]])
        #expect(json.count == chains.count)
        #expect(Set(json[0].keys).isSuperset(of: ["rank", "score", "features", "similarities"]))
        let first = try #require((json[0]["features"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["layer", "feature", "label", "url"])
        let csv = csvRecords(ChainListing.render(chains, graph: g, query: q, format: .csv))
        #expect(
            csv[0] == [
                "rank", "score", "position", "layer", "feature", "similarity_from_previous", "label", "url",
                "coherence",
                "label_similarity", "labels_differ",
            ])
        #expect(csv.count == 1 + chains.reduce(0) { $0 + $1.layerCount })
        #expect(csv.dropFirst().allSatisfy { $0.count == 11 })
        let text = ChainListing.render(chains, graph: g, query: q, format: .text)
        #expect(text.contains("#1  score "))
        #expect(text.contains("    \(chains[0].features[0])"))
    }

    @Test func labelsAreEscapedAndURLsKept() throws {
        let g = labelledGraph()
        let f = FeatureID(layer: 0, index: 0)
        let t = try FeatureTrace.trace(f, in: g)
        let json = try #require(try parse(TraceListing.render(t, graph: g, format: .json)) as? [String: Any])
        #expect(json["label"] as? String == "quotes \"and\", commas\nand a newline")
        #expect(json["url"] as? String == "https://www.neuronpedia.org/gpt2-small/0-res-jb/0")
        #expect(
            Set(json.keys).isSuperset(of: [
                "forward", "backward", "best_next", "best_previous", "in_degree", "out_degree",
            ]))
        let text = TraceListing.render(t, graph: g, format: .text)
        #expect(text.hasPrefix("0:0  in 0  out \(t.outDegree)  quotes \"and\", commas and a newline\n"))
        let csv = csvRecords(TraceListing.render(t, graph: g, format: .csv))
        #expect(
            csv[0] == [
                "direction", "depth", "parent", "layer", "feature", "similarity", "reference", "label", "url",
                "transition",
                "label_similarity", "labels_differ",
            ])
        #expect(csv.count == 1 + t.forward.count + t.backward.count)
    }

    @Test func componentAndHubListings() throws {
        let g = labelledGraph()
        let s = Components.find(in: g)
        let json = try #require(
            try parse(ComponentListing.render(s, graph: g, format: .json, top: nil)) as? [String: Any])
        let comps = try #require(json["components"] as? [[String: Any]])
        #expect(comps.count == s.components.count)
        #expect(Set(comps[0].keys) == ["id", "size", "layers", "features", "edges"])
        #expect((comps[0]["features"] as? [Any])?.count == s.components[0].size)
        let text = ComponentListing.render(s, graph: g, format: .text, top: 1)
        #expect(text.contains("\(s.components.count) components over \(s.linkedFeatures) linked features"))
        #expect(text.contains("#1  size \(s.components[0].size)"))
        #expect(csvRecords(ComponentListing.render(s, graph: g, format: .csv, top: nil))[0].first == "component")

        let hubs = Hubs.find(in: g, by: .out, top: 3)
        let hj = try #require(
            try parse(HubListing.render(hubs, graph: g, measure: .out, format: .json)) as? [[String: Any]])
        #expect(
            Set(hj[0].keys).isSuperset(of: [
                "layer", "feature", "label", "url", "in_degree", "out_degree", "weighted_degree", "successors",
                "predecessors",
            ]))
        #expect(
            HubListing.render(hubs, graph: g, measure: .out, format: .text).contains(
                "#1  \(hubs[0].feature)  in \(hubs[0].inDegree)  out \(hubs[0].outDegree)"))
        #expect(csvRecords(HubListing.render(hubs, graph: g, measure: .out, format: .csv)).count == 1 + hubs.count)
    }

    @Test func statisticsListings() throws {
        var g = labelledGraph()
        g.metadata.threshold = 0.5
        let s = try GraphStatistics.compute(g, dModel: 16)
        let json = try #require(try parse(StatisticsListing.render(s, format: .json)) as? [String: Any])
        #expect((json["pairs"] as? [Any])?.count == 2)
        let sweep = try #require(json["sweep"] as? [[String: Any]])
        #expect((sweep[0]["note"] as? String)?.contains("rebuild with --threshold 0.3") == true)
        #expect(sweep[2]["edges"] as? Int == g.edgeCount)
        let text = StatisticsListing.render(s, format: .text)
        #expect(text.contains("n/a (graph built at 0.5; rebuild with --threshold 0.3)"))
        #expect(text.contains("random n="))
        #expect(text.contains("not recorded"))
        #expect(
            csvRecords(StatisticsListing.render(s, format: .csv))[0] == [
                "section", "source_layer", "target_layer", "threshold", "metric", "value",
            ])
    }

    @Test func textHelpers() {
        #expect(TextTable.wrap("aaa bbb ccc", width: 29, first: "> ").count == 1)
        let lines = TextTable.wrap(String(repeating: "word ", count: 30), width: 40, first: "  id  ")
        #expect(lines.count > 1 && lines.allSatisfy { $0.count <= 40 })
        #expect(lines[1].hasPrefix("      word"))
        // One long word is cut into full lines (linear time: a 1,000,000-character word).
        let long = TextTable.wrap("ab " + String(repeating: "x", count: 1_000_000) + " cd", width: 40, first: "> ")
        #expect(long.count == 2 + 1_000_000 / 38)
        #expect(long.first == "> ab" && long.last == "  " + String(repeating: "x", count: 1_000_000 % 38) + " cd")
        #expect(long.dropFirst().dropLast().allSatisfy { $0 == "  " + String(repeating: "x", count: 38) })
        #expect(TextTable.fixed(0.12345, 3) == "0.123")
        #expect(TextTable.fixed(-0.5, 2) == "-0.50")
        #expect(JSONValue.quote("a\"\\\n\u{01}é") == "\"a\\\"\\\\\\n\\u0001é\"")
        #expect(CSVText.row(["a,b", "c\"d", "e"]) == "\"a,b\",\"c\"\"d\",e\n")
        #expect(TextTable.render(header: ["a", "bb"], rows: [["ccc", "d"]], rightAligned: [0]) == "  a  bb\nccc  d\n")
    }
}

@Suite struct ChainStatisticsListingTests {
    @Test func chainJSONCarriesEachHopsNullStatistics() throws {
        let g = GraphFixtures.random(seed: 31)  // z/p on the 2 → 3 pair only
        let pair = g.pairs[0]
        // Every edge's lookup returns its own statistics; a non-edge returns nil.
        for s in 0..<pair.sourceCount {
            for e in pair.outgoing(s) {
                let stats = try #require(
                    g.edgeStatistics(
                        from: FeatureID(layer: 2, index: s), to: FeatureID(layer: 3, index: Int(pair.targets[e]))))
                #expect(stats.z.bitPattern == pair.zScores![e].bitPattern && stats.p == pair.pValues![e])
            }
        }
        #expect(g.edgeStatistics(from: FeatureID(layer: 3, index: 0), to: FeatureID(layer: 5, index: 0)) == nil)
        let chains = try ChainFinder.find(in: g, ChainQuery(top: 50, minLayers: 3, scoring: .min))
        try #require(!chains.isEmpty)
        let json = ChainListing.render(
            chains, graph: g, query: ChainQuery(top: 50, minLayers: 3, scoring: .min), format: .json)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        for (c, obj) in zip(chains, list) {
            let z = try #require(obj["z_scores"] as? [Any])
            let p = try #require(obj["p_values"] as? [Any])
            #expect(z.count == c.similarities.count && p.count == c.similarities.count)
            let first = g.edgeStatistics(from: c.features[0], to: c.features[1])!
            if first.z.isFinite {
                #expect(Float((z[0] as! NSNumber).doubleValue) == first.z)
            } else {
                #expect(z[0] is NSNull)
            }
            #expect(p[1] is NSNull)  // the 3 → 5 pair records no statistics
        }
    }
}
