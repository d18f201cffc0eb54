import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct LabelLoaderTests {
    /// `examples/gpt2-ioi/explanations.jsonl.gz`: the repository root is three levels above
    /// this file.
    static let realExport = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/gpt2-ioi/explanations.jsonl.gz").path

    // Counted once with Python's json module: 53,624 rows, 745 with an empty or
    // white-space-only description, no feature with two rows, so 52,879 labels; layer 6 has
    // 4,924 rows, all labelled.
    static let rows = 53_624
    static let empty = 745
    static let labels = 52_879

    /// Loaded once for the tests that only read it.
    static let real = Result { try LabelLoader.load(path: realExport, strict: true) }

    @Test func realExportCounts() throws {
        let result = try Self.real.get()
        #expect(result.rowsRead == Self.rows)
        #expect(result.emptyRows == Self.empty)
        #expect(result.duplicateRows == 0)
        #expect(result.store.count == Self.labels)
        #expect(result.store.count == result.rowsRead - result.emptyRows - result.duplicateRows)
        #expect(result.skippedCount == 0)
        #expect(result.warningSummary == nil)
        #expect(result.store.countsByLayer()[6] == 4_924)
        #expect(Set(result.store.sources.keys) == Set(0...11))
        #expect(result.store.sources[6] == NeuronpediaSource(modelID: "gpt2-small", sourceID: "6-res-jb"))
        #expect(result.store.sources[11]?.sourceID == "11-res-jb")
        #expect(
            result.store.url(for: FeatureID(layer: 6, index: 50))
                == "https://www.neuronpedia.org/gpt2-small/6-res-jb/50")
        #expect(
            result.store[FeatureID(layer: 6, index: 355)]
                == "phrases related to energy and its various forms and processes")
        #expect(result.store[FeatureID(layer: 6, index: 1)] == "mentions of financial funding through grants")
    }

    /// Texts with quotes, markup characters, line breaks, tabs and GPT-2 byte artefacts come
    /// through byte for byte (nothing trimmed or re-encoded).
    @Test(arguments: [
        (FeatureID(layer: 2, index: 8107), "words related to the surname \"Ward.\"\n\n\n\n"),
        (FeatureID(layer: 0, index: 11173), "\twords related to topics or references with 'ica' or 'apestica'"),
        (FeatureID(layer: 1, index: 12101), "references to the company AT&T"),
        (
            FeatureID(layer: 0, index: 6221),
            " words or parts of words that include \"ont\" with numerical values following the pattern \"ont <number>\""
        ),
        (
            FeatureID(layer: 1, index: 4498),
            "specific characters or symbols (e.g., \"\u{010A}\") occurring repeatedly in the text"
        ),
        (FeatureID(layer: 0, index: 4163), "symbols and special characters like '\u{00E2}\u{0122}\u{0133}'"),
        (FeatureID(layer: 0, index: 45), "the word \"Jeremy\""),
    ])
    func realTextsSurviveByteExact(feature: FeatureID, text: String) throws {
        let store = try Self.real.get().store
        #expect(store[feature].map { Array($0.utf8) } == Array(text.utf8))
    }

    /// Every label agrees with Foundation's own JSON parser, row by row.
    @Test func realExportAgreesWithJSONSerialization() throws {
        let store = try Self.real.get().store
        let text = try Inflate.gunzip(Data(contentsOf: URL(fileURLWithPath: Self.realExport)), name: "x")
        var expected: [FeatureID: String] = [:]
        for line in text.split(separator: 0x0A) {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let layer = try #require(NeuronpediaExport.leadingLayer(of: row["layer"] as? String ?? ""))
            let index = try #require(Int(row["index"] as? String ?? ""))
            let description = row["description"] as? String ?? ""
            if !description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                expected[FeatureID(layer: layer, index: index)] = description
            }
        }
        #expect(expected.count == Self.labels)
        #expect(store.labels == expected)
    }

    /// The real rows split into two gzip batches in a folder load exactly as the single file.
    @Test func realBatchFolderLoadsLikeTheSingleFile() throws {
        let fixture = try LabelFixture()
        defer { fixture.remove() }
        let text = try Inflate.gunzip(Data(contentsOf: URL(fileURLWithPath: Self.realExport)), name: "x")
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        let half = lines.count / 2
        let first = Array(lines[..<half].joined(separator: [0x0A])) + [0x0A]
        let second = Array(lines[half...].joined(separator: [0x0A]))
        try fixture.write("batches/batch-0.jsonl.gz", StoredGzip.make(first))
        try fixture.write("batches/batch-1.jsonl.gz", StoredGzip.make(second))
        try fixture.write("batches/notes.txt", "not read")
        let single = try Self.real.get()
        let folder = try LabelLoader.load(path: fixture.path("batches"), strict: true)
        #expect(folder.store == single.store)
        #expect(folder.rowsRead == Self.rows)
        #expect(folder.emptyRows == single.emptyRows)
    }

    @Test func folderFilesAreReadInNaturalOrder() throws {
        let fixture = try LabelFixture()
        defer { fixture.remove() }
        // The same feature in three batches: the earliest batch by number wins.
        for n in [10, 2, 1] {
            try fixture.write(
                "b/batch-\(n).jsonl", #"{"modelId": "m", "layer": "6-x", "index": "1", "description": "from \#(n)"}"#)
        }
        let result = try LabelLoader.load(path: fixture.path("b"))
        #expect(result.store[FeatureID(layer: 6, index: 1)] == "from 1")
        #expect(result.duplicateRows == 2)
        #expect(
            try LabelLoader.files(at: fixture.path("b")).map { ($0 as NSString).lastPathComponent }
                == ["batch-1.jsonl", "batch-2.jsonl", "batch-10.jsonl"])
    }

    @Test(arguments: [
        ("batch-2", "batch-10", true), ("batch-10", "batch-2", false), ("a", "b", true), ("batch-02", "batch-2", true),
        ("x9", "x10.json", true), ("same", "same", false),
    ])
    func naturalOrder(a: String, b: String, before: Bool) {
        #expect(LabelLoader.naturallyOrdered(a, b) == before)
    }

    @Test func earlierPathsWinWhenMerging() throws {
        let fixture = try LabelFixture()
        defer { fixture.remove() }
        let csv = try fixture.write("mine.csv", "layer,feature,label\n6,1,my label\n6,2,\n")
        let export = try fixture.write(
            "export.jsonl",
            #"{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "1", "description": "theirs"}"# + "\n"
                + #"{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "2", "description": "fills the gap"}"#)
        let result = try LabelLoader.load(paths: [csv, export])
        #expect(result.store[FeatureID(layer: 6, index: 1)] == "my label")
        #expect(result.store[FeatureID(layer: 6, index: 2)] == "fills the gap")
        #expect(result.store.sources[6]?.sourceID == "6-res-jb")
        #expect(result.rowsRead == 4)
        #expect(result.duplicateRows == 1)
        #expect(result.emptyRows == 1)
    }

    @Test func missingPathsAndEmptyInputsAreErrors() throws {
        let fixture = try LabelFixture()
        defer { fixture.remove() }
        try fixture.write("empty/readme.txt", "x")
        let blank = try fixture.write("blank.jsonl", " \n\n")
        for (path, kind) in [
            (fixture.path("nope.jsonl"), SAEGraphError.Kind.fileNotFound), (fixture.path("empty"), .fileNotFound),
            (blank, .malformedFile),
        ] {
            #expect {
                try LabelLoader.load(path: path)
            } throws: { error in
                let e = error as? SAEGraphError
                return e?.kind == kind && e?.message.hasPrefix(path) == true
            }
        }
    }

    @Test func corruptGzipNamesTheFile() throws {
        let fixture = try LabelFixture()
        defer { fixture.remove() }
        var gz = StoredGzip.make(Array("{\"a\": 1}\n".utf8))
        gz[gz.count - 5] ^= 0xFF  // break the CRC
        let path = try fixture.write("batch-0.jsonl.gz", gz)
        #expect {
            try LabelLoader.load(path: path)
        } throws: { error in
            (error as? SAEGraphError)?.message.contains("batch-0.jsonl.gz") == true
        }
    }
}
