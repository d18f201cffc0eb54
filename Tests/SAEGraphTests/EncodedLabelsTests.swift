import Foundation
import Testing

@testable import SAEGraph

/// Labels read from a graph file stay encoded until asked for; what is asked for reads the
/// same as a decoded label, and bad escapes still fail the read.
@Suite struct EncodedLabelsTests {
    static func graph(_ labels: [String]) -> String {
        let nodes = labels.enumerated().map { i, label in
            "{\"id\": \"6_\(i)\", \"layer\": 6, \"feature\": \(i), \"label\": \(label)}"
        }
        return """
            {"directed": true, "multigraph": false, "graph": {}, "nodes": [\(nodes.joined(separator: ",\n"))],
             "links": []}
            """
    }

    @Test func lookupsDecodeEscapesAndMissingFeaturesHaveNone() throws {
        let text = Self.graph([#""plain""#, #""the word \"to\"\nnext""#, #""caf\u00e9 \ud83e\udde0""#, #""""#])
        let store = try GraphFile.decode(Data(text.utf8), name: "graph.json").labels
        #expect(store.count == 3)
        #expect(store[FeatureID(layer: 6, index: 0)] == "plain")
        #expect(store[FeatureID(layer: 6, index: 1)] == "the word \"to\"\nnext")
        #expect(store[FeatureID(layer: 6, index: 2)] == "café 🧠")
        #expect(store[FeatureID(layer: 6, index: 3)] == nil)
        #expect(!store.contains(FeatureID(layer: 6, index: 3)))
        #expect(store[FeatureID(layer: 7, index: 0)] == nil)
        #expect(store.features == (0..<3).map { FeatureID(layer: 6, index: $0) })
        #expect(store == LabelStore(labels: store.labels))
    }

    @Test func changingAStoreKeepsTheOtherLabels() throws {
        var store = try GraphFile.decode(Data(Self.graph([#""a""#, #""b""#]).utf8), name: "graph.json").labels
        store.set(nil, for: FeatureID(layer: 6, index: 0))
        store.set("c", for: FeatureID(layer: 6, index: 2))
        #expect(store.labels == [FeatureID(layer: 6, index: 1): "b", FeatureID(layer: 6, index: 2): "c"])
    }

    @Test(arguments: [#""bad \q escape""#, #""bad \u12G4""#, #""ends \u12""#])
    func badEscapeFailsTheRead(label: String) {
        #expect(throws: SAEGraphError.self) {
            try GraphFile.decode(Data(Self.graph([label]).utf8), name: "graph.json")
        }
    }
}
