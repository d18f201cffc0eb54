import Foundation
import Testing

@testable import SAEGraph

/// `saegraph build --shard` and `saegraph merge`, run as the built executable.
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"))
struct MergeCommandTests {
    private func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try BuiltExecutable.run(arguments)
    }

    @Test func shardedBuildWritesTheSameFileBytes() throws {
        let dir = try LoadingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let synth = try run([
            "synth", "-o", "\(dir)/sae", "--layers", "4-6", "--d-sae", "300", "--d-model", "32", "--chains", "10",
            "--quiet",
        ])
        #expect(synth.status == 0)
        let common = ["build", "\(dir)/sae", "--rule", "threshold", "--threshold", "0.45", "--quiet"]
        #expect(try run(common + ["-o", "\(dir)/whole.json"]).status == 0)
        for i in 1...3 {
            let r = try run(common + ["--shard", "\(i)/3", "-o", "\(dir)/part-\(i).json"])
            #expect(r.status == 0 && r.err.isEmpty)
        }
        let merged = try run([
            "merge", "\(dir)/part-3.json", "\(dir)/part-1.json", "\(dir)/part-2.json", "-o", "\(dir)/merged.json",
        ])
        #expect(merged.status == 0 && merged.err.contains("merged 3 shards"))
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/whole.json"))
        let b = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/merged.json"))
        #expect(a == b && a.count > 1000)
        let missing = try run(["merge", "\(dir)/part-3.json", "\(dir)/part-1.json", "-o", "\(dir)/x.json"])
        #expect(missing.status != 0)
        let lines = missing.err.split(separator: "\n").map(String.init)
        #expect(lines.count == 3 && lines[0] == "saegraph: the missing shards are recomputed by:")
        #expect(
            lines[2]
                == "saegraph: error: missing 1 of 3 shards: 2; recompute exactly those (sbatch --array=2 on the array script, or saegraph build … --shard I/3 as listed) and merge again"
        )
        #expect(lines[1].hasPrefix("  saegraph build ") && lines[1].hasSuffix(" --shard 2/3 -o \(dir)/part-2.json"))
        // The command it names builds exactly that shard: here it finds the file complete.
        let words = lines[1].dropFirst("  saegraph ".count).split(separator: " ").map(String.init)
        let again = try run(words)
        #expect(
            again.status == 0
                && again.err == "\(dir)/part-2.json: shard 2/3 is already complete and valid; skipped\n")
        let notPartial = try run(["merge", "\(dir)/whole.json", "-o", "\(dir)/x.json"])
        #expect(
            notPartial.status != 0 && notPartial.err.contains("not a partial graph file (it is a finished graph file)"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/x.json"))
    }

    @Test func shardedBuildWithLabelsStoresTheSameLabelSimilarity() throws {
        let dir = try LoadingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(
            try run([
                "synth", "-o", "\(dir)/sae", "--layers", "0-2", "--d-sae", "120", "--d-model", "24", "--chains", "12",
                "--quiet",
            ]).status == 0)
        let words = ["alpha", "beta", "gamma", "names", "cities", "numbers", "code", "verbs", "past", "tense"]
        var labels = ""
        for layer in 0...2 {
            for index in 0..<120 where index % 7 != 3 {
                let text = (0..<3).map { words[(index * 7 + layer * 3 + $0 * 5) % words.count] }.joined(separator: " ")
                labels += "{\"modelId\": \"m\", \"layer\": \"\(layer)-res-jb\", \"index\": \"\(index)\", "
                labels += "\"description\": \"\(text)\"}\n"
            }
        }
        try Data(labels.utf8).write(to: URL(fileURLWithPath: "\(dir)/labels.jsonl"))
        let common = ["build", "\(dir)/sae", "--rule", "threshold", "--threshold", "0.3", "--quiet"]
        let whole = try run(common + ["--labels", "\(dir)/labels.jsonl", "-o", "\(dir)/whole.json"])
        #expect(whole.status == 0, "\(whole.err)")
        for i in 1...2 { #expect(try run(common + ["--shard", "\(i)/2", "-o", "\(dir)/part-\(i).json"]).status == 0) }
        let merged = try run([
            "merge", "\(dir)/part-2.json", "\(dir)/part-1.json", "--labels", "\(dir)/labels.jsonl", "-o",
            "\(dir)/merged.json", "--quiet",
        ])
        #expect(merged.status == 0, "\(merged.err)")
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/whole.json"))
        let b = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/merged.json"))
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("\"label_similarity\": ") && text.contains("\"label_measure\": \"char 3-5-gram TF-IDF\""))
        // Stored to three decimals.
        let graph = try GraphFile.decode(a, name: "whole.json")
        let stored = try #require(graph.labelSimilarity)
        #expect(stored.values.joined().contains { !$0.isNaN })
        for v in stored.values.joined() where !v.isNaN { #expect(v == (v * 1000).rounded() / 1000) }
        let noLabels = try run([
            "merge", "\(dir)/part-1.json", "\(dir)/part-2.json", "--label-model", dir, "-o", "x.json",
        ])
        #expect(noLabels.status != 0 && noLabels.err.contains("--label-model measures labels: give the label files"))
        let shardModel = try run(common + ["--shard", "1/2", "--label-model", dir, "-o", "\(dir)/p.json"])
        #expect(shardModel.status != 0 && shardModel.err.contains("--label-model cannot be used with --shard"))
    }

    @Test func killedShardIsRecomputedAloneAndMerged() throws {
        let dir = try LoadingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(
            try run([
                "synth", "-o", "\(dir)/sae", "--layers", "0-3", "--d-sae", "200", "--d-model", "24", "--chains", "8",
                "--quiet",
            ]).status == 0)
        let common = ["build", "\(dir)/sae", "--rule", "auto", "--null-rows", "32"]
        #expect(try run(common + ["--quiet", "-o", "\(dir)/whole.json"]).status == 0)
        func shard(_ i: Int) throws -> (status: Int32, out: String, err: String) {
            try run(common + ["--shard", "\(i)/4", "-o", "\(dir)/part-\(i).json"])
        }
        for i in 1...4 { #expect(try shard(i).status == 0) }
        func bytes(_ i: Int) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: "\(dir)/part-\(i).json")) }
        let before = try (1...4).map(bytes)
        // A killed task leaves no partial file (files are written atomically).
        try FileManager.default.removeItem(atPath: "\(dir)/part-3.json")
        let rerun = try (1...4).map(shard)
        for i in [1, 2, 4] {
            #expect(
                rerun[i - 1].err
                    == "\(dir)/part-\(i).json: shard \(i)/4 is already complete and valid; skipped\n")
        }
        #expect(rerun[2].status == 0 && rerun[2].err.contains("wrote \(dir)/part-3.json: shard 3/4"))
        #expect(try (1...4).map(bytes) == before)
        let merged = try run(["merge"] + (1...4).map { "\(dir)/part-\($0).json" } + ["-o", "\(dir)/merged.json"])
        #expect(merged.status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/whole.json"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/merged.json")) == a && a.count > 1000)
        // --recompute computes a complete shard again, to the same bytes.
        let forced = try run(common + ["--shard", "1/4", "--recompute", "-o", "\(dir)/part-1.json"])
        let again1 = try bytes(1)
        #expect(forced.err.contains("wrote \(dir)/part-1.json") && again1 == before[0])
    }

    @Test func plansAShardedBuild() throws {
        let plan = try run([
            "build", "--plan", "--shape", "3x300x16", "--shards", "3", "--threads", "1", "-o", "g.json",
        ])
        #expect(plan.status == 0)
        #expect(plan.out.hasPrefix("build: 3 layers (0-2) of 300 features, d_model 16; 2 layer pairs, "))
        #expect(plan.out.contains("\n3 tasks: at most ") && plan.out.contains("\n   3  1→2 "))
        let bad = try run(["build", "--plan", "--shape", "3x300", "-o", "g.json"])
        #expect(bad.status != 0 && bad.err.contains("--shape '3x300' is not LAYERSxD_SAExD_MODEL"))
        let script = try run(["build", "--plan", "--shape", "3x300x16", "--slurm-script", "s.sh", "-o", "g.json"])
        #expect(script.status != 0 && script.err.contains("--slurm-script needs real inputs"))
    }

    @Test func rejectsBadShardOptions() throws {
        let bad = try run(["build", "x", "--shard", "9/8", "-o", "p.json"])
        #expect(bad.status != 0 && bad.err.contains("--shard: shard 9/8 is not valid"))
        let labels = try run(["build", "x", "--shard", "1/2", "-o", "p.json", "--labels", "l.csv"])
        #expect(labels.status != 0 && labels.err.contains("give the label files to saegraph merge"))
    }
}
