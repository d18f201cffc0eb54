import Foundation
import Testing

/// Each subcommand's `--help` (and the root's, which lists them all) pinned against
/// `Fixtures/help/NAME.txt`. After an intended change, regenerate the files with
/// `SAEGRAPH_UPDATE_HELP=1 swift test --filter HelpTextTests` and review the diff.
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"))
struct HelpTextTests {
    static let subcommands = [
        "inspect", "build", "merge", "edges", "pairs", "export", "chains", "components", "hubs", "trace", "stats",
        "evaluate", "render", "report", "pca", "synth",
    ]
    /// The committed files, in the source tree (not the copied test resources), so an update
    /// writes where git sees it.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/help").path
    static let updating = ProcessInfo.processInfo.environment["SAEGRAPH_UPDATE_HELP"] == "1"

    @Test(arguments: ["saegraph"] + subcommands)
    func helpTextIsPinned(command: String) throws {
        let arguments = command == "saegraph" ? ["--help"] : [command, "--help"]
        let run = try BuiltExecutable.run(arguments)
        #expect(run.status == 0, "\(run.err)")
        let path = "\(Self.folder)/\(command).txt"
        if Self.updating {
            try Data(run.out.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        let pinned = try #require(
            FileManager.default.contents(atPath: path), "no \(path): run with SAEGRAPH_UPDATE_HELP=1")
        #expect(run.out == String(decoding: pinned, as: UTF8.self), "\(command) --help changed; see \(path)")
    }

    @Test func everySubcommandIsPinned() throws {
        let root = try BuiltExecutable.run(["--help"])
        let listed = root.out.split(separator: "\n", omittingEmptySubsequences: false).drop {
            !$0.hasPrefix("SUBCOMMANDS")
        }.dropFirst()
            .prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(listed.sorted() == Self.subcommands.sorted())
    }
}
