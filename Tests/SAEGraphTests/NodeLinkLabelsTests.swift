import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct NodeLinkLabelsTests {
    static func load(_ text: String, strict: Bool = false) throws -> LabelLoadResult {
        try LabelFixture.load(text, name: "graph.json", strict: strict)
    }

    @Test func readsNodesWithEitherLabelKeyAndSkipsLinks() throws {
        let text = """
            {"directed": true, "multigraph": false, "graph": {"nodes": "not these"},
             "edges": [{"source": "6_1", "target": "7_2", "similarity": 0.9}],
             "nodes": [
              {"id": "6_1", "layer": 6, "feature": 1, "explanation": "first"},
              {"id": "7_2", "layer": "7", "feature": "2", "label": "second"},
              {"id": "8:3", "description": "third"},
              {"id": "9_4", "layer": 9, "feature": 4}
             ]}
            """
        let result = try Self.load(text)
        #expect(
            result.store.labels == [
                FeatureID(layer: 6, index: 1): "first", FeatureID(layer: 7, index: 2): "second",
                FeatureID(layer: 8, index: 3): "third",
            ])
        #expect(result.emptyRows == 1)
        #expect(result.rowsRead == 4)
    }

    @Test func nodeWithoutFeatureIsSkippedWithItsLine() throws {
        let text =
            "{\"nodes\": [\n{\"layer\": 6, \"feature\": 1, \"label\": \"a\"},\n{\"id\": \"hub\", \"label\": \"b\"},\n{\"layer\": 6, \"feature\": -1}\n], \"links\": []}"
        let result = try Self.load(text)
        #expect(result.store.count == 1)
        #expect(result.skipped.map(\.line) == [3, 4])
        #expect(result.skipped[0].reason.contains("node 2"))
        #expect(throws: SAEGraphError.self) { try Self.load(text, strict: true) }
    }

    @Test func syntaxErrorIsFatal() {
        #expect(throws: SAEGraphError.self) { try Self.load("{\"nodes\": [{\"layer\": 6,, }]}") }
    }

    @Test func realIOIGraph() throws {
        let result = try LabelLoader.load(path: LabelFixture.example("ioi-decoder-cosine.json"))
        #expect(result.rowsRead == 664)
        #expect(result.store.count == 664)
        #expect(result.skippedCount == 0)
        #expect(result.store.countsByLayer()[6] == 69)
        #expect(
            result.store[FeatureID(layer: 6, index: 355)]
                == "phrases related to energy and its various forms and processes")
        // The same features carry the same texts in the Neuronpedia-shaped export.
        let export = try LabelLoader.load(path: LabelFixture.example("explanations.jsonl.gz")).store
        #expect(result.store.labels.allSatisfy { export[$0.key] == $0.value })
    }

    /// The one label precedence: `label`, else `explanation`, else `description`, the first
    /// that is a non-empty string; the graph reader and the label reader agree.
    @Test func graphReaderAndLabelReaderGiveTheSameLabels() throws {
        let text = """
            {"directed": true, "multigraph": false, "graph": {}, "nodes": [
              {"id": "6_1", "layer": 6, "feature": 1, "explanation": "E1", "label": "L1", "description": "D1"},
              {"id": "6_2", "layer": 6, "feature": 2, "description": "D2", "explanation": "E2"},
              {"id": "6_3", "layer": 6, "feature": 3, "label": "", "explanation": "E3"},
              {"id": "6_4", "layer": 6, "feature": 4, "label": 5, "description": "D4"},
              {"id": "7_1", "layer": 7, "feature": 1, "label": null, "description": "D5"},
              {"id": "7_2", "layer": 7, "feature": 2, "explanation": ""}
             ], "links": [{"source": "6_1", "target": "7_1", "similarity": 0.9}]}
            """
        let expected = [
            FeatureID(layer: 6, index: 1): "L1", FeatureID(layer: 6, index: 2): "E2",
            FeatureID(layer: 6, index: 3): "E3", FeatureID(layer: 6, index: 4): "D4",
            FeatureID(layer: 7, index: 1): "D5",
        ]
        #expect(try GraphFile.decode(Data(text.utf8), name: "graph.json").labels.labels == expected)
        let result = try Self.load(text)
        #expect(result.store.labels == expected)
        #expect(result.emptyRows == 1)
        // The real IOI graph, both ways.
        let path = LabelFixture.example("ioi-decoder-cosine.json")
        let graphLabels = try GraphFile.read(path: path).labels.labels
        #expect(graphLabels.count == 664)
        #expect(try LabelLoader.load(path: path).store.labels == graphLabels)
    }
}
