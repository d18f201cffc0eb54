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
            joined here, with each edge's label similarity, as build does with --labels (and \
            --label-model).

            Example:
              saegraph merge part-*.json --labels ./explanations -o graph.json
            """)

    @Argument(help: ArgumentHelp("The partial graph files, one per shard.", valueName: "part"))
    var parts: [String] = []

    @OptionGroup var labelOptions: LabelOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --labels: a sentence-transformers model folder (BERT family, e.g. all-MiniLM-L6-v2); each edge's label similarity and the labels-differ cut-off are computed with it (default: character n-grams) and stored in the graph file, as build does.",
            valueName: "dir"))
    var labelModel: String?

    @Option(name: .shortAndLong, help: "The graph file to write (.json).")
    var output: String

    @Flag(help: "No summary on stderr.")
    var quiet = false

    func validate() throws {
        if parts.isEmpty {
            throw ValidationError(
                "Name the partial graph files to merge, e.g. saegraph merge part-*.json -o graph.json.")
        }
        if labelModel != nil && labelOptions.labels.isEmpty {
            throw ValidationError("--label-model measures labels: give the label files with --labels too.")
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
        graph.storeLabels(try labelOptions.load(), measuredWith: try labelEncoder())
        try GraphFile.write(graph, to: output)
        guard !quiet else { return }
        let summary = BuildSummary.merged(
            graph, path: output, shards: parts.count, seconds: Date().timeIntervalSince(started))
        CLIOutput.err(summary)
    }

    /// The sentence model of `--label-model` (embeddings cached in the user cache folder).
    private func labelEncoder() throws -> (any LabelEncoder)? {
        guard let labelModel else { return nil }
        var encoder = try SentenceEncoder(folder: labelModel, cacheDirectory: EmbeddingCache.defaultDirectory)
        encoder.progress = ProgressBar.handler(quiet: quiet)
        return encoder
    }
}
