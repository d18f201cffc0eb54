import Testing

@testable import SAEGraph

@Suite struct ErrorTextTests {
    @Test func controlBytesBecomeEscapes() {
        #expect(ErrorText.oneLine("a\u{1B}[2Jb\u{0B}c\u{7F}\u{9B}d") == "a\\u{1B}[2Jb\\u{B}c\\u{7F}\\u{9B}d")
        #expect(ErrorText.oneLine("line\nbreak\ttab\r") == "line\\nbreak\\ttab\\r")
        #expect(ErrorText.oneLine("bidi \u{202E}evil\u{2066}") == "bidi \\u{202E}evil\\u{2066}")
        #expect(ErrorText.oneLine("ünïcode “fine” Ċ") == "ünïcode “fine” Ċ")
    }

    @Test func longMessagesKeepTheirEnds() {
        let long = "file.safetensors: no tensor " + String(repeating: "x", count: 1_000_000) + "; the file holds W_dec"
        let short = ErrorText.oneLine(long)
        #expect(short.unicodeScalars.count == ErrorText.maxLength)
        #expect(short.hasPrefix("file.safetensors: no tensor xxx"))
        #expect(short.hasSuffix("; the file holds W_dec"))
        #expect(short.contains("…"))
        let exact = String(repeating: "y", count: ErrorText.maxLength)
        #expect(ErrorText.oneLine(exact) == exact)
    }

    @Test func bytesShowBinaryAsHex() {
        #expect(ErrorText.bytes([0x93, 0x4E, 0x55, 0x5C, 0x00]) == "\\x93NU\\x5C\\x00")
        #expect(ErrorText.bytes([UInt8](repeating: 0x41, count: 100), limit: 3) == "AAA…")
    }

    @Test func everyErrorIsSanitised() {
        let e = SAEGraphError(.malformedFile, "x.npy: bad \u{1B}]0;title\u{07} header")
        #expect(e.message == "x.npy: bad \\u{1B}]0;title\\u{7} header")
    }
}
