import Foundation
import Testing
@testable import SAEGraph

@Suite struct JSONFieldScannerTests {
    static func field(_ json: String) throws -> JSONField {
        var s = JSONFieldScanner(bytes: Array(json.utf8))
        let f = try s.scanField()
        #expect(s.peek() == nil)
        return f
    }

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""q\"b\\s\/ \b\f\n\r\t""#, "q\"b\\s/ \u{8}\u{c}\n\r\t"),
        (#""\u0041\u00e9\u010a\u0122""#, "AéĊĢ"),
        (#""\ud83d\ude00 smile""#, "😀 smile"),
        (#""lone \ud83d here""#, "lone \u{FFFD} here"),
        (#""raw é & < ""#, "raw é & < "),
    ])
    func decodesStrings(json: String, expected: String) throws {
        #expect(try Self.field(json) == .string(expected))
    }

    @Test func stringsMatchFoundationOnRandomText() throws {
        var rng = SplitMix64(seed: 7)
        let alphabet: [Character] = ["a", "\"", "\\", "\n", "\t", "<", "&", "é", "Ċ", "😀", "\u{1}", " ", "/"]
        for _ in 0..<200 {
            let text = String((0..<Int(rng.next() % 20)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let json = try JSONSerialization.data(withJSONObject: [text], options: [])
            var s = JSONFieldScanner(bytes: Array(json))
            var decoded: [JSONField] = []
            try s.forEachElement { decoded.append(try $0.scanField()) }
            #expect(decoded == [.string(text)])
        }
    }

    @Test(arguments: [
        ("12", JSONField.integer(12)), ("-3", .integer(-3)), ("0", .integer(0)), ("1.5", .number),
        ("2e3", .number), ("99999999999999999999", .number), ("true", .bool), ("false", .bool), ("null", .null),
        ("[1, [2, {\"a\": []}]]", .array), ("{\"a\": {\"b\": [true]}}", .object),
    ])
    func scalarsAndContainers(json: String, expected: JSONField) throws {
        #expect(try Self.field(json) == expected)
    }

    @Test(arguments: [
        "01", "1.", "-", "1e", "tru", "\"open", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\": 1,}", "{a: 1}", "\"bad \\x\"",
        "\"\\u12\"", "[1, {\"a\": [}]",
    ])
    func rejectsBadJSON(json: String) {
        #expect(throws: JSONScanError.self) {
            var s = JSONFieldScanner(bytes: Array(json.utf8))
            _ = try s.scanField()
            guard s.peek() == nil else { throw s.error("trailing text") }
        }
    }

    @Test func keepsOnlyTheAskedMembers() throws {
        let json = #"{"a": 1, "embedding": [0.1, 0.2, -3e-4], "b": "x", "c": {"d": 2}}"#
        var s = JSONFieldScanner(bytes: Array(json.utf8))
        let fields = try s.scanObject(keeping: JSONKeys(["b", "c", "missing", "a"]))
        #expect(fields == [.string("x"), .object, nil, .integer(1)])
    }

    @Test func matchesEscapedMemberNames() throws {
        var s = JSONFieldScanner(bytes: Array(#"{"\u0061": 1, "a\"b": 2, "ab": 3}"#.utf8))
        #expect(try s.scanObject(keeping: JSONKeys(["a", "a\"b"])) == [.integer(1), .integer(2)])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let json = String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000)
        #expect(throws: JSONScanError.self) {
            var s = JSONFieldScanner(bytes: Array(json.utf8))
            try s.skipValue()
        }
    }
}
