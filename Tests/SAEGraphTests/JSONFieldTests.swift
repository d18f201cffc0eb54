import Foundation
import Testing

@testable import SAEGraph

@Suite struct JSONFieldTests {
    static func read(_ text: String, keeping names: [String]) throws -> [JSONField?] {
        try JSONScanner.scan(Data(text.utf8), name: "f.json") { s in try s.readObject(keeping: JSONKeys(names)) }
    }

    @Test func keepsTheNamedMembersByPosition() throws {
        let fields = try Self.read(
            #"{"index": "12", "layer": 6, "embedding": [0.1, 0.2], "x": {"y": 1}, "n": null, "f": 1.5, "b": true}"#,
            keeping: ["layer", "index", "missing", "embedding", "n", "f", "b", "x"])
        #expect(fields == [.integer(6), .string("12"), nil, .array, .null, .number, .bool, .object])
    }

    @Test func aRepeatedNameKeepsItsLastValueAndEscapedNamesMatch() throws {
        let fields = try Self.read(#"{"a": 1, "\u0061": 2, "b": "x"}"#, keeping: ["a", "b"])
        #expect(fields == [.integer(2), .string("x")])
    }

    @Test func typeNamesForMessages() {
        #expect(JSONField.integer(1).typeName == "a number" && JSONField.number.typeName == "a number")
        #expect(JSONField.string("").typeName == "a string" && JSONField.array.typeName == "an array")
    }

    @Test func aValueThatIsNotAnObjectIsASyntaxError() {
        #expect(throws: SAEGraphError.self) { try Self.read("[1]", keeping: ["a"]) }
    }
}
