import Foundation
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
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x7FFF_FFFF | (i % 2 == 0 ? 0 : 0x8000_0000))
            guard f.isFinite else { continue }
            #expect(try scan(f.description) { try $0.readFloat("x") }.bitPattern == f.bitPattern)
            let digits = String(rng.next() % 1_000_000_000_000)
            let text = "\(i % 3 == 0 ? "-" : "")0.\(digits)e\(Int(rng.next() % 60) - 30)"
            #expect(try scan(text) { try $0.readFloat("x") }.bitPattern == Float(text)!.bitPattern, "\(text)")
        }
        // Halfway cases and the edges of the fast path.
        for text in ["0.5", "1", "-0", "16777217", "3.4028235e38", "1.1754944e-38", "1e-45", "0.0000001", "123456789012345678901234"] {
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
}
