import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// Importing node-link files that saegraph did not write.
@Suite struct GraphFileAssemblyTests {
    static let ioiPath = GraphFixtures.example("gpt2-ioi/ioi-decoder-cosine.json")

    func edgeCounts(_ g: LayeredGraph) -> [String: Int] {
        var out: [String: Int] = [:]
        for p in g.pairs where p.edgeCount > 0 { out["\(p.sourceLayer)-\(p.targetLayer)"] = p.edgeCount }
        return out
    }

    @Test func importsTheRealIOIGraph() throws {
        let g = try GraphFile.read(path: Self.ioiPath)
        #expect(g.nodeCount == 664)
        #expect(g.layers == Array(0...11))
        #expect(g.nodes[6].count == 69 && g.nodes[10].count == 118)
        // Largest feature index + 1 (checked in Python).
        #expect(g.featureCounts[6] == 24435 && g.featureCounts[11] == 24557)
        // Counted independently in Python: float32(similarity) >= float32(0.5), per layer pair.
        #expect(
            edgeCounts(g) == [
                "1-2": 84, "2-3": 127, "3-4": 180, "4-5": 188, "5-6": 169, "6-7": 155, "7-8": 99,
                "8-9": 52, "9-10": 64, "10-11": 73,
            ])
        #expect(g.metadata.rule == .imported && g.metadata.threshold == 0.5)
        #expect(g.metadata.extra["prompt"] == .string("When Mary and John went to the store, John gave a drink to"))
        #expect(g.metadata.extra["clamping_threshold"] == .double(0.4))
        #expect(g.labels.count == 664)
        #expect(
            g.labels[FeatureID(layer: 0, index: 2122)]
                == "terms related to real estate, company names, and community activities")
        #expect(g.labels[FeatureID(layer: 3, index: 13162)] == "the word \"to\"")
        #expect(g.bestMatches == nil)
        let top = g.successors(of: FeatureID(layer: 8, index: 16021))
        #expect(
            top.contains {
                $0.feature == FeatureID(layer: 9, index: 15534) && $0.similarity == Float(0.9847203493118286)
            })
    }

    @Test func nonZeroLinksBeforeThresholding() throws {
        let g = try GraphFile.read(path: Self.ioiPath, importThreshold: -1)
        let counts = edgeCounts(g)
        #expect(counts["6-7"] == 373 && counts["7-8"] == 227 && counts["8-9"] == 115)
        #expect(g.edgeCount == 2360)
        #expect(counts["0-1"] == nil)  // all 221 links there are zero
    }

    func importing(_ json: String, threshold: Float = 0.5) throws -> LayeredGraph {
        try GraphFile.decode(Data(json.utf8), name: "t.json", importThreshold: threshold)
    }

    @Test func thresholdIsInclusiveAndZeroIsNeverAnEdge() throws {
        let json = """
            {"nodes": [{"id": "a", "layer": 1, "feature": 0}, {"id": "b", "layer": 2, "feature": 0},
              {"id": "c", "layer": 2, "feature": 1}, {"id": "d", "layer": 2, "feature": 2}],
             "links": [{"source": "a", "target": "b", "similarity": 0.5},
                       {"source": "a", "target": "c", "similarity": 0.49999997},
                       {"source": "a", "target": "d", "similarity": 0}]}
            """
        #expect(try importing(json).edgeCount == 1)
        #expect(try importing(json, threshold: 0.49999997).edgeCount == 2)
        #expect(try importing(json, threshold: -1).edgeCount == 2)
    }

    @Test func gapsNumericIdsWeightAndEdgesKey() throws {
        // Layers 3 and 7 only: they are consecutive present layers. Ids are numbers.
        let json = """
            {"directed": true, "graph": {}, "nodes": [
              {"id": 10, "layer": 7, "feature": 4, "label": "seven"},
              {"id": 11, "layer": 3, "feature": 9, "explanation": "three", "description": "ignored"}],
             "edges": [{"source": 11, "target": 10, "weight": 0.8, "key": 0}]}
            """
        let g = try importing(json)
        #expect(g.layers == [3, 7] && g.featureCounts == [10, 5])
        #expect(g.nodes == [[9], [4]])
        #expect(g.successors(of: FeatureID(layer: 3, index: 9)).map(\.feature) == [FeatureID(layer: 7, index: 4)])
        #expect(
            g.labels[FeatureID(layer: 7, index: 4)] == "seven" && g.labels[FeatureID(layer: 3, index: 9)] == "three")
    }

    @Test func idsNeedNotMatchLayerAndFeature() throws {
        // "6_50" names layer 7 feature 3 here; links follow ids, not the id's text.
        let json = """
            {"nodes": [{"id": "6_50", "layer": 7, "feature": 3}, {"id": "x\\u00e9", "layer": 6, "feature": 1}],
             "links": [{"source": "x\\u00e9", "target": "6_50", "similarity": 0.9}]}
            """
        let g = try importing(json)
        #expect(g.successors(of: FeatureID(layer: 6, index: 1)).map(\.feature) == [FeatureID(layer: 7, index: 3)])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let json = "\u{FEFF}" + #"{"nodes": [{"id": "a", "layer": 1, "feature": 2}], "links": []}"#
        #expect(try importing(json).nodes == [[2]])
    }

    @Test func undirectedLinksPointUpTheLayers() throws {
        let json = """
            {"directed": false, "nodes": [{"id": "a", "layer": 1, "feature": 0}, {"id": "b", "layer": 2, "feature": 5}],
             "links": [{"source": "b", "target": "a", "similarity": 0.7}]}
            """
        let g = try importing(json)
        #expect(g.successors(of: FeatureID(layer: 1, index: 0)).map(\.feature) == [FeatureID(layer: 2, index: 5)])
        #expect(throws: SAEGraphError.self) { try importing(json.replacingOccurrences(of: "false", with: "true")) }
    }

    @Test func duplicateLinksKeepTheFirstAndUnorderedLinksAreSorted() throws {
        let json = """
            {"nodes": [{"id": "1_0", "layer": 1, "feature": 0}, {"id": "1_1", "layer": 1, "feature": 1},
              {"id": "2_0", "layer": 2, "feature": 0}, {"id": "2_1", "layer": 2, "feature": 1}],
             "links": [{"source": "1_1", "target": "2_0", "similarity": 0.6},
                       {"source": "1_0", "target": "2_1", "similarity": 0.7},
                       {"source": "1_1", "target": "2_0", "similarity": 0.9},
                       {"source": "1_0", "target": "2_0", "similarity": 0.8}]}
            """
        let e = try importing(json).pairs[0].edges
        #expect(e.map(\.similarity) == [0.8, 0.7, 0.6])
        #expect(e.map(\.target.index) == [0, 1, 0])
    }

    @Test func linksBelowThresholdMayJoinAnyLayers() throws {
        let json = """
            {"nodes": [{"id": "a", "layer": 1, "feature": 0}, {"id": "b", "layer": 2, "feature": 0},
              {"id": "c", "layer": 3, "feature": 0}],
             "links": [{"source": "a", "target": "c", "similarity": 0.1}, {"source": "a", "target": "b", "similarity": 0.6}]}
            """
        #expect(try importing(json).edgeCount == 1)
        #expect { try importing(json, threshold: 0.05) } throws: { error in
            let m = (error as? SAEGraphError)?.message ?? ""
            return m.hasPrefix("t.json: link 0 (\"a\" → \"c\") joins layer 1 to layer 3")
                && m.contains("layers present: 1, 2, 3")
        }
    }
}
