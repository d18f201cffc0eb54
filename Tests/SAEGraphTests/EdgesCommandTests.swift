import Foundation
import SAEGraphTestSupport
import Testing

/// Runs the built `saegraph` executable (it sits beside the test bundle).
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"))
struct EdgesCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try BuiltExecutable.run(arguments)
    }

    static let ioi = GraphFixtures.example("gpt2-ioi/ioi-decoder-cosine.json")

    @Test func csvToStdout() throws {
        let r = try Self.run(["edges", Self.ioi])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n")
        // The node-link file carries explanations, so label similarity comes along.
        #expect(
            lines.first
                == "source_layer,source_feature,target_layer,target_feature,similarity,label_similarity,labels_differ,label_measure"
        )
        #expect(lines.count == 1 + 1191)
        #expect(lines[1].hasPrefix("1,1168,2,9457,") && lines[1].hasSuffix(",char 3-5-gram TF-IDF"))
    }

    @Test func jsonToAFileWithThreshold() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "edges-\(UInt32.random(in: 0...UInt32.max)).json"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try Self.run(["edges", Self.ioi, "--format", "json", "--threshold", "0.9", "-o", path])
        #expect(r.status == 0 && r.out.isEmpty)
        let rows =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [[String: Any]]
        #expect(!rows.isEmpty && rows.allSatisfy { ($0["similarity"] as! Double) >= 0.9 })
    }

    @Test func failuresAreOneLine() throws {
        let missing = try Self.run(["edges", "/nonexistent.json"])
        #expect(missing.status != 0 && missing.err == "saegraph: error: /nonexistent.json: no such graph file\n")
        let bad = try Self.run(["edges", Self.ioi, "--format", "xml"])
        #expect(bad.status != 0 && bad.err.contains("xml"))
    }
}
