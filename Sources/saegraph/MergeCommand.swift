import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// `saegraph merge`: the partial graph files of a sharded build → the graph file.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the partial graph files of a sharded build into the graph file.",
        discussion: """
            Reads the files written by saegraph build --shard I/N for every I from 1 to N (in \
            any order) and writes the same graph file the unsharded build writes, byte for \
            byte. Refuses, with one line naming the files, when a shard is missing or given \
            twice, or when the shards were built with different options or inputs. Labels are \
            joined here, as build does with --labels.

            Example:
              saegraph merge part-*.json --labels ./explanations -o graph.json
            """)

    @Argument(help: ArgumentHelp("The partial graph files, one per shard.", valueName: "part"))
    var parts: [String] = []

    @OptionGroup var labelOptions: LabelOptions

    @Option(name: .shortAndLong, help: "The graph file to write (.json).")
    var output: String

    @Flag(help: "No summary on stderr.")
    var quiet = false

    func validate() throws {
        if parts.isEmpty {
            throw ValidationError(
                "Name the partial graph files to merge, e.g. saegraph merge part-*.json -o graph.json.")
        }
    }

    func run() throws {
        let started = Date()
        let partials = try parts.map { try PartialGraphFile.read(path: $0) }
        let recompute = PartialGraph.recomputeCommands(partials, names: parts)
        if !recompute.isEmpty {
            CLIOutput.err("saegraph: the missing shards are recomputed by:\n" + recompute.map { "  \($0)\n" }.joined())
        }
        var graph = try PartialGraph.merge(partials, names: parts)
        if let labels = try labelOptions.load() { graph.labels = labels }
        graph.labels.fillSources(from: graph.metadata.inputs)
        try GraphFile.write(graph, to: output)
        guard !quiet else { return }
        let summary = BuildSummary.merged(
            graph, path: output, shards: parts.count, seconds: Date().timeIntervalSince(started))
        CLIOutput.err(summary)
    }
}
