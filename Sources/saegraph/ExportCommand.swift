import ArgumentParser
import Foundation
import SAEGraph

extension ExportFormat: ExpressibleByArgument {}

/// `saegraph export`: the graph as GraphML or GEXF for Gephi, Cytoscape, yEd or networkx.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a graph as GraphML or GEXF for Gephi, Cytoscape, yEd or networkx.",
        discussion: """
            Nodes carry layer, feature, label and url; edges the similarity and every other \
            value the graph records (z, p, …). No attribute is ever null: a missing value is \
            left out. The format follows the extension of -o (.graphml, .gexf) or --format; \
            `-o -` writes to standard output (then give --format). By default only features \
            with at least one edge are written (--no-linked-only writes every feature).

            Examples:
              saegraph export graph.json -o graph.graphml
              saegraph export graph.json --labels explanations.jsonl.gz -o graph.gexf
              saegraph export graph.json --format gexf -o - | gzip > graph.gexf.gz
            """)

    @OptionGroup var input: GraphInputOptions

    @Option(name: [.short, .customLong("output")], help: "Output file (.graphml or .gexf), or - for standard output.")
    var output: String

    @Option(help: "graphml or gexf (default: from the extension of -o).")
    var format: ExportFormat?

    @Flag(inversion: .prefixedNo, help: "Write only features with at least one edge.")
    var linkedOnly = true

    func validate() throws {
        guard resolvedFormat != nil else {
            throw ValidationError(
                output == "-"
                    ? "-o - writes to standard output: say which format with --format graphml or --format gexf."
                    : "--output must end in .graphml or .gexf, or give --format (got '\(output)').")
        }
    }

    private var resolvedFormat: ExportFormat? {
        format ?? ExportFormat(pathExtension: (output as NSString).pathExtension)
    }

    func run() throws {
        let graph = try input.loadGraph()
        let export = GraphExport(graph, linkedOnly: linkedOnly)
        let data = export.data(resolvedFormat!)
        if output == "-" {
            CLIOutput.out(data)
        } else {
            try AtomicFile.write(data, to: output)
            CLIOutput.out("wrote \(output): \(export.nodes.count) features, \(export.edgeCount) edges\n")
        }
    }
}
