import SAEGraphTestSupport
import Testing

@testable import SAEGraph
@testable import SAEGraphDiagrams

@Suite struct DiagramTextTests {
    @Test func wrapsAtSpacesIntoThreeLines() {
        let lines = DiagramText.wrap(
            "phrases related to the names of people in fictional stories and their relationships")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 28 })
        #expect(lines[0] == "phrases related to the names")
        #expect(lines[2].hasSuffix("…"))
    }

    @Test func shortTextIsOneLineWithoutEllipsis() {
        #expect(DiagramText.wrap("web URLs") == ["web URLs"])
        #expect(DiagramText.wrap("") == [])
        #expect(DiagramText.wrap("a\n\tb") == ["a b"])
    }

    @Test func longWordsAreCut() {
        let word = String(repeating: "Ċ", count: 70)
        let lines = DiagramText.wrap(word)
        #expect(lines.count == 3)
        #expect(lines[0] == String(repeating: "Ċ", count: 28))
        #expect(lines[2] == String(repeating: "Ċ", count: 14))
        let longer = DiagramText.wrap(String(repeating: "x", count: 100))
        #expect(longer[2] == String(repeating: "x", count: 27) + "…")
    }

    /// Random texts: every line fits, and without truncation the words come back in order.
    @Test func wrapKeepsWordsInOrder() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let words = (0..<Int(rng.next() % 12)).map { _ in String(repeating: "w", count: 1 + Int(rng.next() % 12)) }
            let lines = DiagramText.wrap(words.joined(separator: " "))
            #expect(lines.count <= 3)
            #expect(lines.allSatisfy { $0.count <= 28 })
            if !(lines.last?.hasSuffix("…") ?? false) {
                #expect(lines.joined(separator: " ") == words.joined(separator: " "))
            }
        }
    }

    @Test func escapesForXMLAndGraphviz() {
        #expect(DiagramText.xml(#"<a href="x">&'"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(DiagramText.visible("a\u{01}b\u{7F}\tc") == "a\u{2401}b\u{2421}\tc")
        #expect(DiagramText.html(#"\N"#) == #"\\N"#)
        #expect(DiagramText.tooltip("a\\b\nc&d") == #"a\\\\b\nc&amp;d"#)
    }
}
