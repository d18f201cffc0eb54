import Foundation
import Testing

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
        let common = ["build", "\(dir)/sae", "--threshold", "0.45", "--quiet"]
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
        #expect(
            missing.err
                == "saegraph: error: missing 1 of 3 shards: 2; run saegraph build --shard I/3 for each and merge them all\n"
        )
        let notPartial = try run(["merge", "\(dir)/whole.json", "-o", "\(dir)/x.json"])
        #expect(
            notPartial.status != 0 && notPartial.err.contains("not a partial graph file (it is a finished graph file)"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/x.json"))
    }

    @Test func rejectsBadShardOptions() throws {
        let bad = try run(["build", "x", "--shard", "9/8", "-o", "p.json"])
        #expect(bad.status != 0 && bad.err.contains("--shard: shard 9/8 is not valid"))
        let labels = try run(["build", "x", "--shard", "1/2", "-o", "p.json", "--labels", "l.csv"])
        #expect(labels.status != 0 && labels.err.contains("give the label files to saegraph merge"))
    }
}
