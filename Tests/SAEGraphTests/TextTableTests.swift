import Testing

@testable import SAEGraph

@Suite struct TextTableTests {
    @Test func columnsArePaddedAndNumbersRightAligned() {
        let text = TextTable.render(
            header: ["name", "n"], rows: [["a", "5"], ["long name", "12"]], rightAligned: [1])
        #expect(text == "name        n\na           5\nlong name  12\n")
    }

    @Test func aShortRowsLastCellRunsOnAsANote() {
        let text = TextTable.render(header: ["a", "b", "c"], rows: [["1", "2", "3"], ["a rather long note"]])
        #expect(text == "a  b  c\n1  2  3\na rather long note\n")
    }

    @Test func singleLineCleansControlCharacters() {
        #expect(TextTable.singleLine("a\nb\t c\u{7}  d") == "a b c d")
    }

    @Test func wrapBreaksAtSpacesAndCutsLongWords() {
        let lines = TextTable.wrap("one two three four five six seven", width: 24, first: "> ")
        #expect(lines.allSatisfy { $0.count <= 24 + 2 })
        #expect(lines.first!.hasPrefix("> "))
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  ") })
        #expect(lines.map { $0.dropFirst(2) }.joined(separator: " ") == "one two three four five six seven")
        let cut = TextTable.wrap(String(repeating: "x", count: 45), width: 20, first: "")
        #expect(cut == [String(repeating: "x", count: 20), String(repeating: "x", count: 20), "xxxxx"])
    }

    @Test func numbersAreFixedAndPercentages() {
        #expect(TextTable.fixed(0.12345, 3) == "0.123")
        #expect(TextTable.fixed(2, 2) == "2.00")
        #expect(TextTable.percent(0.5) == "50.0%")
    }
}
