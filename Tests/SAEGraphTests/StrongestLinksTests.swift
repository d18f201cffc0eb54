import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

struct StrongestLinksTests {
    /// Brute force: every edge of the pair, sorted by key descending then (source, target).
    static func bruteForce(_ graph: LayeredGraph, pair k: Int, top: Int) -> [Edge] {
        let absolute = graph.metadata.absolute
        return graph.pairs[k].edges.sorted { a, b in
            let ka = absolute ? abs(a.similarity) : a.similarity
            let kb = absolute ? abs(b.similarity) : b.similarity
            return ka != kb ? ka > kb : (a.source, a.target) < (b.source, b.target)
        }.prefix(top).map { $0 }
    }

    static func listed(_ graph: LayeredGraph, _ links: StrongestLinks) -> [Edge] {
        let pair = graph.pairs[links.pairIndex]
        return links.links.map {
            Edge(
                source: FeatureID(layer: pair.sourceLayer, index: $0.source),
                target: FeatureID(layer: pair.targetLayer, index: Int(pair.targets[$0.edge])),
                similarity: pair.similarities[$0.edge])
        }
    }

    @Test(arguments: [1, 3, 1000])
    func matchesBruteForceWithTies(top: Int) throws {
        for seed in UInt64(0)..<20 {
            let graph = RandomGraphs.make(seed: seed, maxFeatures: 8, density: 0.5, levels: 3, absolute: seed % 2 == 0)
            let found = try StrongestLinks.find(in: graph, LinkQuery(top: top))
            #expect(found.count == graph.pairs.count)
            for links in found {
                #expect(Self.listed(graph, links) == Self.bruteForce(graph, pair: links.pairIndex, top: top))
                #expect(links.edgeCount == graph.pairs[links.pairIndex].edgeCount)
            }
        }
    }

    @Test func layerRangeSelectsPairs() throws {
        let graph = RandomGraphs.make(seed: 3, layers: [3, 4, 5, 6, 7])
        let found = try StrongestLinks.find(in: graph, LinkQuery(top: 2, fromLayer: 4, toLayer: 6))
        #expect(found.map(\.sourceLayer) == [4, 5])
        #expect(found.map(\.targetLayer) == [5, 6])
        #expect(throws: SAEGraphError.self) { try StrongestLinks.find(in: graph, LinkQuery(top: 2, fromLayer: 7)) }
        #expect(throws: SAEGraphError.self) { try StrongestLinks.find(in: graph, LinkQuery(top: 0)) }
    }

    @Test func textListingIsTheStudysPrintout() throws {
        var graph = RandomGraphs.make(seed: 5, layers: [6, 7], maxFeatures: 4, density: 1)
        var labels = LabelStore()
        labels.set("references to firearms\nand guns", for: FeatureID(layer: 6, index: 0))
        labels.set("weapons", for: FeatureID(layer: 7, index: 1))
        graph.labels = labels
        let text = try PairListing.render(graph, query: LinkQuery(top: 100), format: .text)
        let pair = graph.pairs[0]
        let e = pair.outgoing(0).first { pair.targets[$0] == 1 }!
        let sim = TextTable.fixed(Double(pair.similarities[e]), 4)
        #expect(text.hasPrefix("Layer 6 → 7: top \(pair.edgeCount) of \(pair.edgeCount) edges\n"))
        #expect(text.contains("  6:0 (references to firearms and guns) → 7:1 (weapons)  \(sim)  labels "))
        #expect(text.contains("  6:1 → 7:0  "))
    }

    @Test func csvAndJSONCarryLabelsAndRecordedValues() throws {
        let graph = GraphFixtures.random(seed: 9)
        let csv = try PairListing.render(graph, query: LinkQuery(top: 4), format: .csv)
        let header = csv.split(separator: "\n").first.map(String.init)
        #expect(
            header
                == "source_layer,source_feature,target_layer,target_feature,rank,similarity,z,p,label_similarity,source_label,target_label,source_url,target_url"
        )
        let json = try PairListing.render(graph, query: LinkQuery(top: 4), format: .json)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
        #expect(parsed.count == 2)
        let first = (parsed[0]["links"] as! [[String: Any]])
        #expect(first.count == 4 && first[0]["rank"] as? Int == 1)
        // Pair 2 → 3 records z and p; pair 3 → 5 does not, so its links leave them out.
        let second = (parsed[1]["links"] as! [[String: Any]])
        #expect(second.allSatisfy { $0["z"] == nil && $0["p"] == nil && $0["similarity"] != nil })
        let source = first[0]["source"] as! [String: Any]
        #expect(source.keys.sorted() == ["feature", "label", "layer", "url"])
    }
}
