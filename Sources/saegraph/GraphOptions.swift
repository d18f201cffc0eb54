import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

extension ListingFormat: ExpressibleByArgument {}

/// The graph a command reads: a graph file or a foreign node-link JSON, plus `--labels`.
struct GraphInputOptions: ParsableArguments {
    @Argument(help: "A graph file written by `saegraph build`, or a networkx node-link JSON file.")
    var graph: String

    @OptionGroup var labelOptions: LabelOptions

    @Option(
        name: .long,
        help: "For node-link files from other tools: the least similarity an imported link needs to count as an edge.")
    var importThreshold: Float = 0.5

    func validate() throws {
        guard importThreshold.isFinite else {
            throw ValidationError("--import-threshold must be a number, e.g. 0.5")
        }
    }

    /// Reads the graph and merges the `--labels` files into its labels; labels given on the
    /// command line win over those stored in the graph file.
    func loadGraph() throws -> LayeredGraph {
        var graph = try GraphFile.read(path: self.graph, importThreshold: importThreshold)
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
