import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct JSONScannerTests {
    func scan<R>(_ text: String, _ body: (inout JSONScanner) throws -> R) throws -> R {
        try JSONScanner.scan(Data(text.utf8), name: "t", body)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let text = #""a\"b\\c\/d\b\f\n\r\t\u0000\u001f\u00e9\u65e5\ud83e\udde0 Ċ🧠""#
        #expect(try scan(text) { try $0.readString() } == "a\"b\\c/d\u{8}\u{C}\n\r\t\u{0}\u{1F}é日🧠 Ċ🧠")
        // A lone surrogate becomes U+FFFD rather than failing.
        #expect(try scan(#""x\ud800y""#) { try $0.readString() } == "x\u{FFFD}y")
    }

    @Test func agreesWithFoundationOnRandomStrings() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let original = GraphFixtures.nastyLabel(&rng)
            let encoded = try JSONSerialization.data(withJSONObject: [original], options: [.fragmentsAllowed])
            let decoded = try JSONScanner.scan(encoded, name: "t") { s -> String in
                _ = try s.beginArray()
                return try s.readString()
            }
            #expect(decoded == original)
        }
    }

    @Test func floatsRoundCorrectly() throws {
        var rng = SplitMix64(seed: 3)
        for i in 0..<20_000 {
            // Shortest representations of random floats, and random decimal strings.
            let f = Float(
                bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x7FFF_FFFF | (i % 2 == 0 ? 0 : 0x8000_0000))
            guard f.isFinite else { continue }
            #expect(try scan(f.description) { try $0.readFloat("x") }.bitPattern == f.bitPattern)
            let digits = String(rng.next() % 1_000_000_000_000)
            let text = "\(i % 3 == 0 ? "-" : "")0.\(digits)e\(Int(rng.next() % 60) - 30)"
            #expect(try scan(text) { try $0.readFloat("x") }.bitPattern == Float(text)!.bitPattern, "\(text)")
        }
        // Halfway cases and the edges of the fast path.
        for text in [
            "0.5", "1", "-0", "16777217", "3.4028235e38", "1.1754944e-38", "1e-45", "0.0000001",
            "123456789012345678901234",
        ] {
            #expect(try scan(text) { try $0.readFloat("x") }.bitPattern == Float(text)!.bitPattern, "\(text)")
        }
    }

    @Test func integers() throws {
        #expect(try scan("-42") { try $0.readInt("x") } == -42)
        #expect(try scan("6.0") { try $0.readInt("x") } == 6)
        #expect(try scan("2e3") { try $0.readInt("x") } == 2000)
        #expect(try scan("9007199254740991") { try $0.readInt("x") } == 9_007_199_254_740_991)
        #expect(throws: SAEGraphError.self) { try scan("6.5") { try $0.readInt("x") } }
        #expect(throws: SAEGraphError.self) { try scan("\"6\"") { try $0.readInt("x") } }
    }

    @Test func skipsAnyValueAndReturnsItsText() throws {
        let text = #" {"a": [1, -2.5e-3, true, false, null, {"b": "c\"}"}], "d": {}} "#
        let (range, end) = try scan(text) { s in (try s.skipValue(), s.atEnd()) }
        #expect(end)
        #expect(try scan(text) { s in s.text(try s.skipValue()) } == text.trimmingCharacters(in: .whitespaces))
        #expect(range.count == text.count - 2)
    }

    @Test func walksObjectsAndArrays() throws {
        let pairs = try scan(#"{"x": [1, 2], "y\u0041": [], "z": {}}"#) { s -> [String] in
            var keys: [String] = []
            if try s.beginObject() {
                repeat {
                    let key = try s.readKey()
                    keys.append(try s.string(key) + (s.matches(key, "yA") ? "!" : ""))
                    try s.skipValue()
                } while try s.nextMember()
            }
            return keys
        }
        #expect(pairs == ["x", "yA!", "z"])
    }

    // MARK: Fields, as the label loaders read them

    static func field(_ json: String) throws -> JSONField {
        try JSONScanner.scanRecoverably(Array(json.utf8), name: "t") { s in
            let f = try s.readField()
            #expect(s.peekByte() == nil)
            return f
        }
    }

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""q\"b\\s\/ \b\f\n\r\t""#, "q\"b\\s/ \u{8}\u{c}\n\r\t"),
        (#""\u0041\u00e9\u010a\u0122""#, "AéĊĢ"),
        (#""\ud83d\ude00 smile""#, "😀 smile"),
        (#""lone \ud83d here""#, "lone \u{FFFD} here"),
        (#""raw é & < ""#, "raw é & < "),
    ])
    func decodesFieldStrings(json: String, expected: String) throws {
        #expect(try Self.field(json) == .string(expected))
    }

    @Test func fieldStringsMatchFoundationOnRandomText() throws {
        var rng = SplitMix64(seed: 7)
        let alphabet: [Character] = ["a", "\"", "\\", "\n", "\t", "<", "&", "é", "Ċ", "😀", "\u{1}", " ", "/"]
        for _ in 0..<200 {
            let text = String(
                (0..<Int(rng.next() % 20)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let json = try JSONSerialization.data(withJSONObject: [text], options: [])
            var decoded: [JSONField] = []
            try JSONScanner.scanRecoverably(Array(json), name: "t") { s in
                if try s.beginArray() {
                    repeat { decoded.append(try s.readField()) } while try s.nextElement()
                }
            }
            #expect(decoded == [.string(text)])
        }
    }

    @Test func rawControlCharactersAreKeptOnlyWhenAllowed() throws {
        let json = Array("\"a\tb\u{1}\"".utf8)
        #expect(throws: JSONScanError.self) {
            try JSONScanner.scanRecoverably(json, name: "t") { try $0.readField() }
        }
        let lenient = try JSONScanner.scanRecoverably(json, name: "t") { s in
            s.allowsControlCharacters = true
            return try s.readField()
        }
        #expect(lenient == .string("a\tb\u{1}"))
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
        "\"\\u12\"", "[1, {\"a\": [}]", "nul", "[nul]",
    ])
    func rejectsBadJSON(json: String) {
        #expect(throws: JSONScanError.self) {
            try JSONScanner.scanRecoverably(Array(json.utf8), name: "t") { s in
                _ = try s.readField()
                guard s.peekByte() == nil else { throw s.syntaxError("trailing text") }
            }
        }
    }

    @Test func syntaxErrorsNameLineAndColumnThroughScan() {
        #expect {
            try scan("{\"a\": 1,\n  \"b\": tru}") { try $0.skipValue() }
        } throws: { error in
            (error as? SAEGraphError)?.message == "t: line 2, column 8: expected true or false, found 't'"
        }
    }

    @Test func keepsOnlyTheAskedMembers() throws {
        let json = #"{"a": 1, "embedding": [0.1, 0.2, -3e-4], "b": "x", "c": {"d": 2}}"#
        let fields = try JSONScanner.scanRecoverably(Array(json.utf8), name: "t") { s in
            try s.readObject(keeping: JSONKeys(["b", "c", "missing", "a"]))
        }
        #expect(fields == [.string("x"), .object, nil, .integer(1)])
    }

    @Test func matchesEscapedMemberNames() throws {
        let fields = try JSONScanner.scanRecoverably(Array(#"{"\u0061": 1, "a\"b": 2, "ab": 3}"#.utf8), name: "t") {
            s in
            try s.readObject(keeping: JSONKeys(["a", "a\"b"]))
        }
        #expect(fields == [.integer(1), .integer(2)])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let json = String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000)
        #expect(throws: JSONScanError.self) {
            try JSONScanner.scanRecoverably(Array(json.utf8), name: "t") { try $0.skipValue() }
        }
    }

    @Test func subScannerStopsAtItsRangeAndKeepsOffsets() throws {
        let bytes = Array("{\"a\": 1}\n{\"a\": 2 x}\n".utf8)
        let error = JSONScanner.scanRecoverably(bytes, name: "t") { s -> JSONScanError? in
            s.sub(9..<19) { line in
                do {
                    _ = try line.readObject(keeping: JSONKeys(["a"]))
                    return nil
                } catch {
                    return error as? JSONScanError
                }
            }
        }
        #expect(error?.offset == 17)
        #expect(error?.reason == "expected ',' or '}' in an object, found 'x'")
        let first = try JSONScanner.scanRecoverably(bytes, name: "t") { s in
            try s.sub(0..<8) { line in (try line.readObject(keeping: JSONKeys(["a"])), line.atEnd()) }
        }
        #expect(first.0 == [.integer(1)] && first.1)
    }

    /// A value that repeats an earlier one is skipped whole, whether it spans one piece of the
    /// comparison or many; a difference in any piece, first or last, leaves the position alone.
    @Test(arguments: [10, 3 * JSONScanner.repeatPiece + 17])
    func skipsARepeatOnlyWhenEveryByteMatches(length: Int) throws {
        var rng = SplitMix64(seed: UInt64(length))
        let element = #"{"a": 1}"#
        let value =
            "["
            + (0..<(length / element.count)).map { _ in rng.next() % 2 == 0 ? element : #"{"b": 2}"# }
            .joined(separator: ",") + "]"
        let text = value + " " + value
        for change in [nil, value.utf8.count - 2, value.utf8.count / 2, 1] as [Int?] {
            var bytes = Array(text.utf8)
            if let change { bytes[value.utf8.count + 1 + change] = UInt8(ascii: "7") }
            let skipped = try JSONScanner.scanRecoverably(bytes, name: "t") { s -> (Bool, Int) in
                try s.skipValue()
                let before = s.position
                let skipped = s.skipRepeat(of: 0..<value.utf8.count)
                return (skipped, skipped ? s.position : before)
            }
            #expect(skipped.0 == (change == nil), "\(String(describing: change))")
            #expect(skipped.1 == (change == nil ? bytes.count : value.utf8.count), "\(String(describing: change))")
        }
    }
}
