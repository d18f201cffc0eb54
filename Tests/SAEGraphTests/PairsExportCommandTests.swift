import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

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
                + "\nlabels: label similarity, char 3-5-gram TF-IDF (docs/label-coherence.md)\n"
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

    @Test func edgesTakesLabelsAndTheSharedThresholdName() throws {
        let r = try BuiltExecutable.run(["edges", Self.ioi, "--labels", Self.labels, "--min-similarity", "0.9"])
        let older = try BuiltExecutable.run(["edges", Self.ioi, "--import-threshold", "0.9"])
        let oldest = try BuiltExecutable.run(["edges", Self.ioi, "--threshold", "0.9"])
        #expect(r.status == 0 && r.out == older.out && r.out == oldest.out && r.out.split(separator: "\n").count > 1)
    }

    /// Writes the IOI graph as saegraph's own graph file (through `export`-free means: the
    /// graph file the library writes) and returns its path.
    static func ownGraph(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("own.json").path
        try GraphFile.write(try GraphFile.read(path: Self.ioi), to: path)
        return path
    }

    @Test func minSimilarityRethresholdsSaegraphsOwnGraphs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "own-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let own = try Self.ownGraph(in: dir)
        let all = try BuiltExecutable.run(["edges", own])
        let strong = try BuiltExecutable.run(["edges", own, "--min-similarity", "0.9"])
        let imported = try BuiltExecutable.run(["edges", Self.ioi, "--min-similarity", "0.9"])
        #expect(all.status == 0 && strong.status == 0)
        #expect(strong.out == imported.out)
        #expect(strong.out.split(separator: "\n").count < all.out.split(separator: "\n").count)
    }

    @Test func dashReadsTheGraphFromStandardInput() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltExecutable.path!)
        process.arguments = ["pairs", "-", "--top", "1", "--from-layer", "6", "--to-layer", "7", "-o", "-"]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: Self.ioi))
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.hasPrefix("Layer 6 → 7: top 1 of 155 edges\n  6:18146 (web URLs) → 7:228"))
    }

    @Test func labelsTakeOneValueAndLeaveThePositionalAlone() throws {
        let r = try BuiltExecutable.run([
            "pairs", "--labels", Self.labels, Self.ioi, "--top", "1", "--from-layer", "6", "--to-layer", "7",
        ])
        #expect(r.status == 0 && r.out.contains("6:18146 (web URLs)"))
    }

    @Test func buildRefusesAnOutputItWouldNotWrite() throws {
        let r = try BuiltExecutable.run(["build", "x", "-o", "g.csv"])
        #expect(r.status == 64 && r.err.contains("--output must end in .json"))
    }
}
