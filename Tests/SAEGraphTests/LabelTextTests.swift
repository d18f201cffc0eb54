import Testing

@testable import SAEGraph

@Suite struct LabelTextTests {
    @Test func excerptIsOneShortLine() {
        #expect(LabelText.excerpt("a\tb\nc") == #""a\tb\nc""#)
        let long = LabelText.excerpt(String(repeating: "x", count: 100))
        #expect(long == "\"" + String(repeating: "x", count: 40) + "…\"")
    }

    @Test(arguments: [("12", true), ("", false), ("1a", false), ("-1", false), ("٣", false)])
    func digits(text: String, isDigits: Bool) {
        #expect(LabelText.isDigits(text) == isDigits)
    }
}
