import Testing

@testable import SAEGraph

@Suite struct JSONValueTests {
    @Test func parsesEveryTypeAndKeepsMemberOrder() throws {
        let v = try JSONValue.parse(
            Array(#"{"b": [1, 2.5, -3e2], "a": "x\u00e9", "t": true, "n": null, "o": {}}"#.utf8), name: "v.json")
        #expect(v.members?.map(\.0) == ["b", "a", "t", "n", "o"])
        #expect(v["b"]?.elements?.map(\.number) == [1, 2.5, -300])
        #expect(v["b"]?.elements?.first == .int(1))
        #expect(v["a"]?.text == "xé")
        #expect(v["t"]?.boolean == true && v["a"]?.boolean == nil)
        #expect(v["n"] == .null && v["missing"] == nil)
        #expect(v["o"]?.members?.isEmpty == true)
    }

    @Test func integerAcceptsWholeNumbersOnly() {
        #expect(JSONValue.int(6).integer == 6)
        #expect(JSONValue.double(6.0).integer == 6)
        #expect(JSONValue.double(6.5).integer == nil)
        #expect(JSONValue.double(1e300).integer == nil)
        #expect(JSONValue.string("6").integer == nil)
    }

    @Test func aRepeatedNameReadsAsItsLastValue() throws {
        let v = try JSONValue.parse(Array(#"{"k": 1, "k": 2}"#.utf8), name: "v.json")
        #expect(v["k"] == .int(2))
        #expect(v.members?.count == 2)
    }

    @Test func errorsNameTheFileLineAndColumn() {
        #expect { try JSONValue.parse(Array("{\n  \"k\": tru }".utf8), name: "v.json") } throws: {
            let m = ($0 as? SAEGraphError)?.message ?? ""
            return m.hasPrefix("v.json: line 2, column ") && !m.contains("\n")
        }
        #expect { try JSONValue.parse(Array("[1] 2".utf8), name: "v.json") } throws: {
            ($0 as? SAEGraphError)?.message.contains("unexpected text after the JSON value") == true
        }
    }

    @Test func rendersWhatItParses() throws {
        let v: JSONValue = ["name": "a \"quoted\"\nline", "values": [1, 2.5, true, nil], "empty": [:]]
        let back = try JSONValue.parse(Array(v.rendered().utf8), name: "r.json")
        #expect(back == v)
        #expect(v.typeName == "an object" && JSONValue.int(1).typeName == "a number")
    }
}
