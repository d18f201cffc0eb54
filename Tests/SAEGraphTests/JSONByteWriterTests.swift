import Foundation
import Testing

@testable import SAEGraph

@Suite struct JSONByteWriterTests {
    @Test func escapesEveryControlCharacter() throws {
        var w = JSONByteWriter()
        let text = String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) }) + "é🧠Ċ\u{2028}"
        w.string(text)
        let written = w.text
        #expect(written.contains(#"\u0000"#) && written.contains(#"\u001f"#) && written.contains(#"\u007f"#))
        #expect(
            written.contains(#"\n"#) && written.contains(#"\t"#) && written.contains(#"\"#) && written.contains(#"\\"#))
        #expect(!written.utf8.dropFirst().dropLast().contains { $0 < 0x20 })
        #expect(written.contains("é🧠Ċ"))
        #expect(written.hasSuffix(#"\u2028""#))
        let parsed = try JSONSerialization.jsonObject(with: w.data, options: [.fragmentsAllowed]) as? String
        #expect(parsed == text)
    }

    @Test(arguments: [0, 7, -7, 10, 1_000_000, Int.max, Int.min]) func integers(value: Int) {
        var w = JSONByteWriter()
        w.int(value)
        #expect(w.text == String(value))
    }

    @Test func floatsAreShortestAndNaNIsNull() {
        var w = JSONByteWriter()
        for f: Float in [0.5547, 1e-7, -3, 0.1] {
            w.float(f)
            w.byte(UInt8(ascii: " "))
        }
        w.float(.nan)
        #expect(w.text == "0.5547 1e-07 -3.0 0.1 null")
    }

    @Test func lineSeparatorsAreEscapedOtherMultibyteTextIsCopied() throws {
        let text = "a\u{2028}b\u{2029}c\u{2026}\u{20AC}\u{2028}"
        let quoted = JSONByteWriter.quoted(text)
        #expect(quoted == "\"a\\u2028b\\u2029c\u{2026}\u{20AC}\\u2028\"")
        let parsed = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: [.fragmentsAllowed]) as? String
        #expect(parsed == text)
    }

    @Test func doublesAreShortestAndInfinityIsNull() {
        var w = JSONByteWriter()
        w.double(0.1)
        w.byte(UInt8(ascii: " "))
        w.double(-.infinity)
        #expect(w.text == "0.1 null")
    }

    @Test func nodeIDs() {
        var w = JSONByteWriter()
        w.nodeID(layer: 6, index: 50)
        #expect(w.text == "\"6_50\"")
    }
}
