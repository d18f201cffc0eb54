import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

struct LabelLoadListingTests {
    @Test func countsRowsLayersDuplicatesBlanksAndMalformedLines() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "inspect-labels-\(UInt32.random(in: 0...UInt32.max)).csv"
        ).path
        try Data("layer,feature,label\n6,1,a\n6,1,again\n6,2,\n7,3,b\nx,4,c\n".utf8).write(
            to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try LabelLoader.load(paths: [path], strict: false)
        let text = LabelLoadListing.render(result, files: [path])
        #expect(text.hasPrefix("labels: 4 well-formed rows from \(path)\n"))
        #expect(text.contains("labelled features:    2\n"))
        #expect(text.contains("duplicate rows:       1 "))
        #expect(text.contains("blank descriptions:   1\n"))
        #expect(text.contains("malformed rows:       1 (skipped"))
        #expect(text.contains("\(path):6: layer"))
    }
}

/// `saegraph inspect --labels` with no SAE.
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"))
struct InspectLabelsOnlyTests {
    @Test func reportsTheLabelFilesAlone() throws {
        let labels = GraphFixtures.example("gpt2-ioi/explanations.jsonl.gz")
        let r = try BuiltExecutable.run(["inspect", "--labels", labels])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("labels: "))
        #expect(r.out.contains("gpt2-small/6-res-jb"))
        let none = try BuiltExecutable.run(["inspect"])
        #expect(none.status == 64 && none.err.contains("Name at least one SAE"))
    }
}
