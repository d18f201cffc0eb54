import Foundation
import Testing

/// Every listing, and the graph file, is the same bytes from run to run and across thread
/// counts: a small synthetic graph with labels is built with `--threads 1` and `--threads 2`,
/// and each listing in each format is run twice, each run in its own process.
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"), .serialized)
struct ReproducibilityTests {
    /// A folder with synthetic SAEs (layers 2–4, 200 features each), labels for every feature
    /// drawn from a small vocabulary (so label similarities have many shared words), truth
    /// files for `evaluate`, and the graph built from them.
    struct Inputs {
        let folder: String
        var graph: String { folder + "/graph.json" }
        var labels: String { folder + "/labels.jsonl" }
        var truth: String { folder + "/corr_2_3.csv" }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-repro-\(UUID().uuidString)").path
            let synth = try BuiltExecutable.run([
                "synth", "-o", folder, "--layers", "2-4", "--d-sae", "200", "--d-model", "32", "--chains", "20",
                "--quiet",
            ])
            try #require(synth.status == 0, "\(synth.err)")
            let words = ["alpha", "beta", "gamma", "names", "cities", "numbers", "code", "verbs", "past", "tense"]
            var labels = ""
            var truth = "source_layer,source_feature,target_layer,target_feature,correlation,rank\n"
            for layer in 2...4 {
                for index in 0..<200 {
                    let text = (0..<3).map { words[(index * 7 + layer * 3 + $0 * 5) % words.count] }
                        .joined(separator: " ")
                    labels += "{\"modelId\": \"m\", \"layer\": \"\(layer)-res-jb\", \"index\": \"\(index)\", "
                    labels += "\"description\": \"\(text)\"}\n"
                }
            }
            for source in 0..<200 where source % 3 == 0 {
                for rank in 1...3 {
                    truth += "2,\(source),3,\((source * 11 + rank * 17) % 200),0.\(9 - rank),\(rank)\n"
                }
            }
            try Data(labels.utf8).write(to: URL(fileURLWithPath: self.labels))
            try Data(truth.utf8).write(to: URL(fileURLWithPath: self.truth))
        }

        func build(threads: Int, to path: String) throws -> Data {
            let run = try BuiltExecutable.run([
                "build", folder, "--labels", labels, "--threshold", "0.3", "--threads", "\(threads)", "-o", path,
                "--quiet",
            ])
            try #require(run.status == 0, "\(run.err)")
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
    }

    /// Each listing's arguments (after the graph), in every format it offers.
    static let listings: [(String, [String], [String])] = [
        ("chains", ["--top", "20"], ["text", "json", "csv"]),
        ("components", [], ["text", "json", "csv"]),
        ("hubs", [], ["text", "json", "csv"]),
        ("trace", ["2:88", "--direction", "forward"], ["text", "json", "csv"]),
        ("stats", [], ["text", "json", "csv"]),
        ("edges", [], ["json", "csv"]),
        ("evaluate", ["--truth", "TRUTH"], ["text", "json", "csv"]),
    ]

    @Test func graphFileAndListingsAreTheSameBytesEveryRun() throws {
        let inputs = try Inputs()
        defer { try? FileManager.default.removeItem(atPath: inputs.folder) }
        let one = try inputs.build(threads: 1, to: inputs.folder + "/graph-1.json")
        let two = try inputs.build(threads: 2, to: inputs.graph)
        let again = try inputs.build(threads: 2, to: inputs.folder + "/graph-2.json")
        #expect(one == two, "the graph file differs between --threads 1 and --threads 2")
        #expect(two == again, "the graph file differs between two runs")

        for (command, extra, formats) in Self.listings {
            for format in formats {
                let arguments =
                    [command, inputs.graph] + extra.map { $0 == "TRUTH" ? inputs.truth : $0 } + ["--format", format]
                let first = try BuiltExecutable.run(arguments)
                let second = try BuiltExecutable.run(arguments)
                #expect(first.status == 0, "\(command) --format \(format): \(first.err)")
                #expect(!first.out.isEmpty, "\(command) --format \(format) wrote nothing")
                #expect(first.out == second.out, "\(command) --format \(format) differs between runs")
            }
        }
    }
}
