import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The exit codes the README documents: 0 on success, 1 when an input is at fault (one line
/// on stderr), 64 for a usage error; and the completion script.
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"))
struct ExitCodeTests {
    static let ioi = GraphFixtures.example("gpt2-ioi/ioi-decoder-cosine.json")

    @Test func successIsZero() throws {
        let r = try BuiltExecutable.run(["stats", Self.ioi])
        #expect(r.status == 0 && !r.out.isEmpty)
    }

    @Test(arguments: [
        ["stats", "/nonexistent/graph.json"],
        ["chains", GraphFixtures.example("gpt2-ioi/explanations.jsonl.gz")],
        ["trace", GraphFixtures.example("gpt2-ioi/ioi-decoder-cosine.json"), "6:999999"],
        ["pairs", GraphFixtures.example("gpt2-ioi/ioi-decoder-cosine.json"), "--labels", "/nonexistent/labels.csv"],
    ])
    func inputFaultsAreOneWithOneLine(arguments: [String]) throws {
        let r = try BuiltExecutable.run(arguments)
        #expect(r.status == 1, "\(arguments): \(r.err)")
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("saegraph: error: "), "\(r.err)")
    }

    @Test(arguments: [
        ["stats", Self.ioi, "--no-such-option"],
        ["stats"],
        ["pca", "examples/minilm/saes", "-o", "pca.jpg"],
        ["render", Self.ioi, "--chains", "3", "--hubs", "2", "-o", "x.svg"],
        ["report", Self.ioi, "--chains", "0", "-o", "x.html"],
    ])
    func usageErrorsAreSixtyFour(arguments: [String]) throws {
        let r = try BuiltExecutable.run(arguments)
        #expect(r.status == 64, "\(arguments): \(r.err)")
        #expect(r.err.contains("Usage: saegraph"))
    }

    @Test(arguments: ["bash", "zsh", "fish"]) func completionScripts(shell: String) throws {
        let r = try BuiltExecutable.run(["--generate-completion-script", shell])
        #expect(r.status == 0 && r.out.contains("saegraph") && r.out.contains("report"))
    }
}
