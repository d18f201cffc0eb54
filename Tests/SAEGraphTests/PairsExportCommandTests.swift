import Foundation
import Testing

/// `saegraph pairs` and `saegraph export` run as a user runs them.
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"))
struct PairsExportCommandTests {
    static let ioi = GraphFixtures.example("gpt2-ioi/ioi-decoder-cosine.json")
    static let labels = GraphFixtures.example("gpt2-ioi/explanations.jsonl.gz")

    @Test func pairsPrintsBothLabelsAndTheSimilarity() throws {
        let r = try BuiltExecutable.run(["pairs", Self.ioi, "--from-layer", "6", "--to-layer", "7", "--top", "1"])
        #expect(r.status == 0)
        #expect(
            r.out
                == "Layer 6 → 7: top 1 of 155 edges\n  6:18146 (web URLs) → 7:228 (mentions of dates and locations)  0.9629  labels 0.00\n"
        )
    }

    @Test func exportToStdoutNeedsAFormat() throws {
        let piped = try BuiltExecutable.run(["export", Self.ioi, "--format", "graphml", "-o", "-"])
        #expect(piped.status == 0 && piped.out.hasPrefix("<?xml") && piped.out.hasSuffix("</graphml>\n"))
        let noFormat = try BuiltExecutable.run(["export", Self.ioi, "-o", "-"])
        #expect(noFormat.status == 64 && noFormat.err.contains("--format graphml"))
    }

    @Test func exportRefusesAnUnknownExtensionAndLeavesNoFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "export-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BuiltExecutable.run(["export", Self.ioi, "-o", dir.appendingPathComponent("g.csv").path])
        #expect(r.status == 64 && r.err.contains(".graphml or .gexf"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        let linkedOnly = try BuiltExecutable.run(["export", Self.ioi, "--format", "gexf", "-o", "-"])
        let everything = try BuiltExecutable.run([
            "export", Self.ioi, "--format", "gexf", "--no-linked-only", "-o", "-",
        ])
        let count = { (s: String) in s.components(separatedBy: "<node ").count - 1 }
        #expect(count(linkedOnly.out) < count(everything.out) && count(everything.out) == 664)
    }

    @Test func edgesTakesLabelsAndTheImportThreshold() throws {
        let r = try BuiltExecutable.run(["edges", Self.ioi, "--labels", Self.labels, "--import-threshold", "0.9"])
        let old = try BuiltExecutable.run(["edges", Self.ioi, "--threshold", "0.9"])
        #expect(r.status == 0 && r.out == old.out && r.out.split(separator: "\n").count > 1)
    }
}
