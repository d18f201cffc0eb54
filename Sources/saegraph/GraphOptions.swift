import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

extension ListingFormat: ExpressibleByArgument {}

/// The graph a command reads: a graph file or a foreign node-link JSON, plus `--labels`.
struct GraphInputOptions: ParsableArguments {
    @Argument(
        help: "A graph file written by `saegraph build`, or a networkx node-link JSON file; - reads standard input.")
    var graph: String

    @OptionGroup var labelOptions: LabelOptions

    @OptionGroup var labelModel: LabelModelOptions

    @Option(
        name: .long,
        help:
            "Keep only edges whose similarity reaches this (inclusive), in any graph; node-link files from other tools are imported at 0.5 unless given."
    )
    var minSimilarity: Float?

    @Option(name: .long, help: ArgumentHelp("Same as --min-similarity (older name).", visibility: .hidden))
    var importThreshold: Float?

    func validate() throws {
        for (name, value) in [("--min-similarity", minSimilarity), ("--import-threshold", importThreshold)] {
            if let value, !value.isFinite { throw ValidationError("\(name) must be a number, e.g. 0.5") }
        }
        if minSimilarity != nil && importThreshold != nil {
            throw ValidationError("--import-threshold is the older name of --min-similarity: give one of them.")
        }
    }

    /// The threshold the user asked for, under either name.
    var threshold: Float? { minSimilarity ?? importThreshold }

    /// Reads the graph and merges the `--labels` files into its labels; labels given on the
    /// command line win over those stored in the graph file.
    func loadGraph() throws -> LayeredGraph {
        var graph = try GraphFile.read(path: self.graph, importThreshold: threshold ?? 0.5)
        if let threshold { graph = graph.keepingEdges(atLeast: threshold) }
        if let warning = graph.labels.unlinkableSourcesWarning { CLIOutput.warn(warning) }
        if var store = try labelOptions.load() {
            store.merge(graph.labels)
            graph.labels = store
        }
        return graph
    }
}

/// Options every query command shares: the graph, extra labels, output format and file.
struct GraphOptions: ParsableArguments {
    @OptionGroup var input: GraphInputOptions

    @Option(name: .long, help: "Output format: text (for people), json or csv (for scripts).")
    var format: ListingFormat = .text

    @Option(
        name: .shortAndLong,
        help: "Write the answer to this file (atomically) instead of standard output; - is standard output.")
    var output: String?

    /// Reads the graph with its labels (see ``GraphInputOptions/loadGraph()``).
    func loadGraph() throws -> LayeredGraph { try input.loadGraph() }

    /// Label similarity of the graph's labels (`--label-model` or character n-grams); nil
    /// without labels.
    func coherence(for graph: LayeredGraph) throws -> LabelCoherence? { try input.labelModel.coherence(for: graph) }

    /// Width for wrapped text: `$COLUMNS`, else the terminal's, else 100.
    var textWidth: Int {
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c >= 40 { return c }
        var size = winsize()
        if output == nil || output == "-", isatty(STDOUT_FILENO) != 0,
            ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
            size.ws_col >= 40
        {
            return Int(size.ws_col)
        }
        return 100
    }

    /// Writes `text` to `-o FILE` (atomically) or standard output.
    func emit(_ text: String) throws {
        let text = text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
        if let output, output != "-" { try AtomicFile.write(text, to: output) } else { CLIOutput.out(text) }
    }
}
