import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct NeuronpediaExportTests {
    static func row(_ layer: String, _ index: String, _ description: String, model: String = "gpt2-small") -> String {
        #"{"modelId": "\#(model)", "layer": "\#(layer)", "index": "\#(index)", "description": "\#(description)"}"#
    }

    /// Loads `text` written to a temporary file.
    static func load(_ text: String, name: String = "x.jsonl", strict: Bool = false) throws -> LabelLoadResult {
        try LabelFixture.load(text, name: name, strict: strict)
    }

    @Test func readsJSONLRowsAndSources() throws {
        let text =
            [
                Self.row("6-res-jb", "50", "a cat"),
                #"{"modelId":"gpt2-small","layer":"7-res-jb","index":3,"description":"dogs","typeName":"oai","embedding":[0.5,-1e-3,2E+4,[1,{"a":null}]]}"#,
            ].joined(separator: "\n") + "\n"
        let result = try Self.load(text)
        #expect(result.rowsRead == 2)
        #expect(result.store[FeatureID(layer: 6, index: 50)] == "a cat")
        #expect(result.store[FeatureID(layer: 7, index: 3)] == "dogs")
        #expect(
            result.store.url(for: FeatureID(layer: 6, index: 50))
                == "https://www.neuronpedia.org/gpt2-small/6-res-jb/50")
        #expect(result.store.sources[7] == NeuronpediaSource(modelID: "gpt2-small", sourceID: "7-res-jb"))
        #expect(result.warningSummary == nil)
    }

    @Test(arguments: [
        ("6-gemmascope-res-16k", 6), ("20-llamascope-res-32k", 20), ("0-res-jb", 0), ("12", 12),
    ])
    func layerIsTheLeadingInteger(source: String, layer: Int) throws {
        let result = try Self.load(Self.row(source, "5", "x"))
        #expect(result.store[FeatureID(layer: layer, index: 5)] == "x")
        // A bare number names no Neuronpedia source.
        #expect((result.store.sources[layer] == nil) == (source == "12"))
    }

    @Test func firstNonBlankDescriptionWins() throws {
        let text = [
            Self.row("6-res-jb", "1", ""),
            Self.row("6-res-jb", "1", " \\t\\n "),
            Self.row("6-res-jb", "1", "second"),
            Self.row("6-res-jb", "1", "third"),
            #"{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "2", "description": null}"#,
            Self.row("6-res-jb", "3", "\u{3000}"),
        ].joined(separator: "\n")
        let result = try Self.load(text)
        #expect(result.store[FeatureID(layer: 6, index: 1)] == "second")
        #expect(result.store[FeatureID(layer: 6, index: 2)] == nil)
        #expect(result.store[FeatureID(layer: 6, index: 3)] == nil)
        #expect(result.rowsRead == 6)
        #expect(result.emptyRows == 4)
        #expect(result.duplicateRows == 1)
        #expect(result.store.count == 1)
        #expect(result.selectionRule == LabelLoader.selectionRule)
    }

    @Test func readsAJSONArray() throws {
        let text = "[\n" + Self.row("6-res-jb", "1", "one") + ",\n  " + Self.row("6-res-jb", "2", "two") + "\n]\n"
        let result = try Self.load(text, name: "old.json")
        #expect(result.store.count == 2)
        #expect(result.store[FeatureID(layer: 6, index: 2)] == "two")
    }

    @Test func arrayRowProblemsAreSkippedWithTheirLine() throws {
        let text = "[\n" + Self.row("6-res-jb", "1", "one") + ",\n 7,\n" + Self.row("6-res-jb", "x", "bad") + "\n]"
        let result = try Self.load(text, name: "old.json")
        #expect(result.store.count == 1)
        #expect(result.skippedCount == 2)
        #expect(result.skipped.map(\.line) == [3, 4])
        #expect(result.skipped[0].reason.contains("a number, expected an object"))
    }

    @Test func arraySyntaxErrorIsFatalWithItsLine() throws {
        let text = "[\n" + Self.row("6-res-jb", "1", "one") + ",\n{\"layer\" \"6-res-jb\"}\n]"
        #expect {
            try Self.load(text, name: "old.json")
        } throws: { error in
            let e = error as? SAEGraphError
            return e?.kind == .malformedFile && e?.message.contains("old.json:3: not valid JSON") == true
        }
    }

    /// Each malformed line: its 1-based number and a reason, skipped without `strict`,
    /// fatal with it.
    @Test(arguments: [
        (#"{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "2", "description": "a"#, "not valid JSON"),
        (#"{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "2"}"#, "missing \"description\""),
        (#"{"modelId": "gpt2-small", "layer": "6-res-jb", "description": "a"}"#, "missing \"index\""),
        (#"{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "2a", "description": "a"}"#, "\"index\" is \"2a\""),
        (#"{"modelId": "gpt2-small", "layer": "6-res-jb", "index": -2, "description": "a"}"#, "\"index\" is a number"),
        (
            #"{"modelId": "gpt2-small", "layer": "res-jb-6", "index": "2", "description": "a"}"#,
            "starts with the layer number"
        ),
        (
            #"{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "2", "description": 5}"#,
            "\"description\" is a number"
        ),
        (#"["not", "an", "object"]"#, "expected a JSON object"),
        (
            #"{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "2", "description": "a"} x"#,
            "expected the line to end"
        ),
        (#"{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "2", "description": "bad \q"}"#, "invalid escape"),
    ])
    func malformedLine(line: String, reason: String) throws {
        let text =
            Self.row("6-res-jb", "1", "fine") + "\n\n" + line + "\n" + Self.row("6-res-jb", "3", "also fine") + "\n"
        let result = try Self.load(text)
        #expect(result.store.count == 2)
        #expect(result.rowsRead == 2)
        #expect(result.skippedCount == 1)
        #expect(result.skipped.first?.line == 3)
        #expect(result.skipped.first?.reason.contains(reason) == true, "\(result.skipped)")
        #expect(result.warningSummary?.contains("x.jsonl:3: ") == true)
        #expect(result.warningSummary?.contains("\n") == false)
        #expect {
            try Self.load(text, strict: true)
        } throws: { error in
            (error as? SAEGraphError)?.message.contains("x.jsonl:3: ") == true
        }
    }

    @Test func skipsAreCountedBeyondTheFirstTen() throws {
        let text = (1...25).map { #"{"layer": "6-res-jb", "index": "\#($0)"}"# }.joined(separator: "\n")
        let result = try Self.load(text)
        #expect(result.skippedCount == 25)
        #expect(result.skipped.map(\.line) == Array(1...10))
        #expect(result.warningSummary?.hasPrefix("skipped 25 label rows (first: ") == true)
    }

    @Test func secondSourceForALayer() throws {
        let text = [
            Self.row("6-res-jb", "1", "one"),
            Self.row("6-att-kk", "2", "other SAE"),
            Self.row("6-res-jb", "3", "three"),
        ].joined(separator: "\n")
        let result = try Self.load(text)
        #expect(result.store.sources[6]?.sourceID == "6-res-jb")
        #expect(result.store[FeatureID(layer: 6, index: 2)] == nil)
        #expect(result.store.count == 2)
        #expect(result.skippedCount == 1)
        #expect(result.skipped.first?.reason.contains("6-att-kk") == true)
        #expect {
            try Self.load(text, strict: true)
        } throws: { error in
            let e = error as? SAEGraphError
            return e?.kind == .conflict && e?.message.contains("gpt2-small/6-res-jb") == true
                && e?.message.contains("gpt2-small/6-att-kk") == true && e?.message.contains("x.jsonl:2:") == true
        }
    }

    @Test func rowsWithoutModelIdKeepLabelsButNoSource() throws {
        let result = try Self.load(#"{"layer": "6-res-jb", "index": "4", "description": "d"}"#)
        #expect(result.store[FeatureID(layer: 6, index: 4)] == "d")
        #expect(result.store.sources.isEmpty)
    }

    @Test func readsGzippedJSONLAndCRLF() throws {
        let text = Self.row("6-res-jb", "1", "one") + "\r\n" + Self.row("6-res-jb", "2", "two") + "\r\n"
        let fixture = try LabelFixture()
        defer { fixture.remove() }
        let path = try fixture.write("batch-0.jsonl.gz", StoredGzip.make(Array(text.utf8)))
        let result = try LabelLoader.load(path: path)
        #expect(result.store[FeatureID(layer: 6, index: 2)] == "two")
        #expect(result.rowsRead == 2)
    }

    @Test(arguments: ["6-res-jb", "6", "6-gemmascope-res-16k", "blocks.6", "", "x6"])
    func leadingLayer(source: String) {
        let expected: Int? = source.first?.isNumber == true ? 6 : nil
        #expect(NeuronpediaExport.leadingLayer(of: source) == expected)
    }
}
