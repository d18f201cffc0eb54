import Testing

@testable import SAEGraph

@Suite struct LayerSelectionTests {
    @Test(arguments: [
        ("6-9", [6, 7, 8, 9]), ("6,7,8,9", [6, 7, 8, 9]), ("9,6,7", [6, 7, 9]), ("2-4,8", [2, 3, 4, 8]),
        (" 6 ", [6]), ("0", [0]), ("3-3", [3]), ("6-7,7-8", [6, 7, 8]),
    ])
    func parses(text: String, layers: [Int]) throws {
        let selection = try LayerSelection(parsing: text)
        #expect(selection.layers == layers)
        #expect(layers.allSatisfy(selection.contains))
        #expect(!selection.contains(5))
    }

    @Test(arguments: ["", "9-6", "a", "-1", "6-", "1-2-3", "6,,7", "6.5"])
    func rejects(text: String) {
        let e = #expect(throws: SAEGraphError.self) { _ = try LayerSelection(parsing: text) }
        #expect(e?.kind == .invalidArgument)
        #expect(e?.message.hasPrefix("layer selection '\(text)'") == true)
    }

    @Test func fromLayersSortsAndDeduplicates() {
        #expect(LayerSelection(layers: [9, 6, 6]).layers == [6, 9])
    }
}
