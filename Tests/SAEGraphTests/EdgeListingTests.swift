import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct EdgeListingTests {
    @Test func csvIsOrderedBySourceLayerSourceAndTarget() throws {
        let g = GraphFixtures.random(seed: 21)
        let lines = EdgeListing.csv(g).split(separator: "\n", omittingEmptySubsequences: false)
        let hasStatistics = g.pairs.contains { $0.zScores != nil || $0.pValues != nil }
        #expect(
            lines.first.map(String.init) == "source_layer,source_feature,target_layer,target_feature,similarity"
                + (hasStatistics ? ",z,p" : ""))
        #expect(lines.last == "")
        let rows = lines.dropFirst().dropLast().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.count == g.edgeCount)
        // Brute force: every edge, sorted independently.
        let expected = g.pairs.flatMap(\.edges).sorted {
            ($0.source.layer, $0.source.index, $0.target.index) < ($1.source.layer, $1.source.index, $1.target.index)
        }
        for (row, e) in zip(rows, expected) {
            #expect(row[0] == String(e.source.layer) && row[1] == String(e.source.index))
            #expect(row[2] == String(e.target.layer) && row[3] == String(e.target.index))
            #expect(Float(row[4]) == e.similarity)
        }
    }

    @Test func csvCarriesZAndPWhereRecorded() throws {
        let g = GraphFixtures.random(seed: 22)
        let lines = EdgeListing.csv(g).split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix(",similarity,z,p"))
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.allSatisfy { $0.count == 7 })
        let pair0 = g.pairs[0]
        for (e, row) in rows.prefix(pair0.edgeCount).enumerated() {
            if let z = pair0.zScores { #expect(z[e].isNaN ? row[5] == "" : Float(row[5]) == z[e]) }
            if let p = pair0.pValues { #expect(Float(row[6]) == p[e]) }
        }
        // The next pair records no statistics: empty cells.
        let next = rows[pair0.edgeCount]
        #expect(next[0] == "3" && next[5] == "" && next[6] == "")
        // A graph without statistics keeps the five-column layout.
        var plain = g
        for k in plain.pairs.indices {
            plain.pairs[k].zScores = nil
            plain.pairs[k].pValues = nil
        }
        #expect(EdgeListing.csv(plain).hasPrefix(EdgeListing.csvHeader + "\n"))
    }

    @Test func jsonCarriesZAndPWhereRecorded() throws {
        let g = GraphFixtures.random(seed: 22)
        let rows = try JSONSerialization.jsonObject(with: Data(EdgeListing.json(g).utf8)) as! [[String: Any]]
        #expect(rows.count == g.edgeCount)
        let first = rows[0]
        #expect(first["source_layer"] as? Int == 2 && first["target_layer"] as? Int == 3)
        #expect(first["source_feature"] as? Int == g.pairs[0].source(ofEdge: 0))
        #expect(first["p"] != nil)
        let second = rows[g.pairs[0].edgeCount]
        #expect(second["source_layer"] as? Int == 3 && second["z"] == nil && second["p"] == nil)
        #expect(
            Set(rows.map { Set($0.keys) }.flatMap { $0 }) == [
                "source_layer", "source_feature", "target_layer", "target_feature", "similarity", "z", "p",
            ])
    }

    @Test func dataMatchesText() {
        let g = GraphFixtures.random(seed: 23)
        #expect(EdgeListing.data(g, format: .csv) == Data(EdgeListing.csv(g).utf8))
        #expect(EdgeListing.data(g, format: .json) == Data(EdgeListing.json(g).utf8))
    }

    @Test func emptyGraph() throws {
        let g = LayeredGraph(
            layers: [1, 2], featureCounts: [2, 2],
            pairs: [
                LayerPairEdges(sourceLayer: 1, targetLayer: 2, sourceCount: 2, targetCount: 2, edges: [])
            ])
        #expect(EdgeListing.csv(g) == EdgeListing.csvHeader + "\n")
        #expect(EdgeListing.json(g) == "[]\n")
    }
}

@Suite struct EdgeListingLabelTests {
    @Test func edgesCarryLabelSimilarityAndTheMeasure() throws {
        let g = coherenceGraph()
        let c = LabelCoherence(labels: g.labels, graph: g, lowCoherence: 0.1)
        let lines = EdgeListing.csv(g, coherence: c).split(separator: "\n").map(String.init)
        #expect(lines[0] == EdgeListing.csvHeader + EdgeListing.labelColumns)
        #expect(lines.count == 1 + g.edgeCount)
        let edges = g.pairs.flatMap(\.edges)
        for (line, edge) in zip(lines.dropFirst(), edges) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let expected = c.hop(edge.source, edge.target, similarity: edge.similarity)
            #expect(cells[5] == (expected.labelSimilarity.map { "\($0)" } ?? ""))
            #expect(cells[6] == (expected.labelsDiffer ? "true" : "false"))
            #expect(cells[7] == "char 3-5-gram TF-IDF")
        }
        #expect(lines.contains { $0.hasSuffix(",true,char 3-5-gram TF-IDF") })
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(EdgeListing.json(g, coherence: c).utf8)) as? [[String: Any]])
        for (row, edge) in zip(rows, edges) {
            let expected = c.hop(edge.source, edge.target, similarity: edge.similarity)
            #expect(abs((row["label_similarity"] as? Double ?? -9) - (expected.labelSimilarity ?? -9)) < 1e-12)
            #expect((row["label_similarity"] is NSNull) == (expected.labelSimilarity == nil))
            #expect(row["labels_differ"] as? Bool == expected.labelsDiffer)
            #expect(row["label_measure"] as? String == c.measureName)
        }
        // Without labels the listing is unchanged.
        #expect(!EdgeListing.csv(g).contains("label"))
    }
}
