import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct LabelAccumulatorTests {
    @Test(arguments: [
        ("", true), (" \t\r\n", true), ("\u{A0}\u{3000}", true), ("a", false), (" a ", false), ("\u{3000}é", false),
        ("Ċ", false),
    ])
    func blank(text: String, isBlank: Bool) {
        #expect(LabelAccumulator.isBlank(text) == isBlank)
    }

    /// Random rows: every row lands in exactly one bin, and the label is the first non-blank
    /// text seen for its feature (checked against a plain replay).
    @Test func binsAndFirstNonBlankRuleOnRandomRows() throws {
        var rng = SplitMix64(seed: 11)
        let texts = ["", " ", "a", "b", "\n", "c d"]
        var rows = LabelAccumulator(strict: true)
        var expected: [FeatureID: String] = [:]
        for _ in 0..<2_000 {
            let feature = FeatureID(layer: Int(rng.next() % 3), index: Int(rng.next() % 50))
            let text = rng.next() % 7 == 0 ? nil : texts[Int(rng.next() % UInt64(texts.count))]
            try rows.add(feature, label: text, source: nil, file: "f", line: 1)
            if let text, !text.allSatisfy(\.isWhitespace), expected[feature] == nil { expected[feature] = text }
        }
        let result = rows.result()
        #expect(result.store.labels == expected)
        #expect(result.rowsRead == 2_000)
        #expect(result.rowsRead == result.store.count + result.emptyRows + result.duplicateRows)
    }

    @Test func summaryIsOneLineNamingTheFirstSkip() throws {
        var rows = LabelAccumulator(strict: false)
        try rows.skip(file: "a.jsonl", line: 4, reason: "missing \"index\"")
        #expect(rows.result().warningSummary == "skipped 1 label row: a.jsonl:4: missing \"index\"")
        try rows.skip(file: "a.jsonl", line: 9, reason: "x")
        #expect(rows.result().warningSummary == "skipped 2 label rows (first: a.jsonl:4: missing \"index\")")
        var strict = LabelAccumulator(strict: true)
        #expect(throws: SAEGraphError(.malformedFile, "a.jsonl:4: bad")) {
            try strict.skip(file: "a.jsonl", line: 4, reason: "bad")
        }
    }
}
