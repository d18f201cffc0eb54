import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams

/// `saegraph report`: one self-contained HTML file for a researcher.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report: chains, diagram, search, traces, tables, statistics.",
        discussion: """
            The report is a single file that opens from disk with no network: the strongest \
            chains with both labels and per-hop cosine (and every other recorded edge value and \
            the labels' similarity), the Graphviz diagram of a selection (hover shows a \
            feature's label, a click its trace forward and backward), a search box by id \
            (6:50) or label text, components and hubs tables, statistics against the random \
            baseline, and Neuronpedia links.

            The diagram draws --chains N (default 10, with the chain options of `saegraph \
            chains`), --component ID or --hubs N, as `saegraph render` does, and is refused \
            above --max-nodes features.

            Examples:
              saegraph report graph.json -o report.html
              saegraph report graph.json --labels explanations.jsonl.gz --chains 20 --from-layer 6 -o report.html
              saegraph report graph.json --component 1 --max-nodes 800 -o component.html
            """)

    @OptionGroup var input: GraphInputOptions

    @Option(name: [.short, .customLong("output")], help: "The HTML file to write, or - for standard output.")
    var output: String

    @OptionGroup(title: "Diagram (default: --chains 10)") var drawn: DiagramSelectionOptions

    @Option(help: "The report's title (default: saegraph report: GRAPH's file name).")
    var title: String?

    @Option(name: .long, help: "Model dimension for the random baseline, for graphs that do not record it.")
    var dModel: Int?

    func validate() throws {
        let ext = (output as NSString).pathExtension.lowercased()
        guard output == "-" || ext == "html" || ext == "htm" else {
            throw ValidationError("--output must end in .html (or be - for standard output), got '\(output)'.")
        }
        guard drawn.chosen <= 1 else {
            throw ValidationError("Choose at most one of --chains N, --component ID or --hubs N.")
        }
        if let dModel, dModel < 2 { throw ValidationError("--d-model must be at least 2, e.g. --d-model 768") }
    }

    /// "saegraph report: ioi-decoder-cosine.json" (the graph's file name), or
    /// "saegraph report" for standard input.
    var defaultTitle: String {
        input.graph == "-" ? "saegraph report" : "saegraph report: \((input.graph as NSString).lastPathComponent)"
    }

    func run() throws {
        let selection = drawn.selection ?? .chains(drawn.chainOptions.query(top: 10))
        let graph = try input.loadGraph()
        let html = try HTMLReport.make(
            graph,
            options: ReportOptions(
                selection: selection, maxNodes: drawn.maxNodes, title: title ?? defaultTitle, dModel: dModel,
                labelEncoder: try input.labelModel.encoder()))
        if output == "-" {
            CLIOutput.out(html)
        } else {
            try AtomicFile.write(html, to: output)
            CLIOutput.out("wrote \(output): \(html.utf8.count / 1024) KiB\n")
        }
    }
}
