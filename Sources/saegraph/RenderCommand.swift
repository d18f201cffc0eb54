import ArgumentParser
import Foundation
import SAEGraph

/// `saegraph render`: draws a selection of a graph file with Graphviz.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a graph or part of it as SVG, PNG, PDF or Graphviz DOT.",
        discussion: """
            Lays the features out left to right, one column per layer, with edge width and \
            colour showing the cosine similarity. The format follows the output file's \
            extension (.svg, .png, .pdf, .dot). SVG boxes link to Neuronpedia and show the \
            full label as a tooltip. Diagrams with more than --max-nodes features are \
            refused: choose a smaller selection.

            Examples:
              saegraph render graph.json --features 6:50,7:1234,8:99 -o trio.svg
              saegraph render small-graph.json --all --edge-labels -o whole.pdf
            """)

    /// Which part of the graph to draw.
    enum Mode {
        case all
        case features([FeatureID])
    }

    @Argument(help: "A graph file written by `saegraph build` (or a node-link JSON graph).")
    var graph: String

    @Option(name: [.short, .customLong("output")], help: "Output file: .svg, .png, .pdf or .dot.")
    var output: String

    @Flag(help: "Draw the whole graph (refused above --max-nodes).")
    var all = false

    @Option(help: "Draw these features and the edges among them (comma-separated, e.g. 6:50,7:1234).")
    var features: String?

    @Flag(help: "Print each edge's similarity on it.")
    var edgeLabels = false

    @Option(help: "Refuse diagrams with more features than this.")
    var maxNodes = 500

    @Option(help: "A title drawn above the diagram.")
    var title: String?

    @Option(help: "Similarity an imported node-link graph's links must reach to become edges.")
    var importThreshold: Float = 0.5

    func validate() throws {
        guard DiagramFormat(pathExtension: (output as NSString).pathExtension) != nil else {
            throw ValidationError("--output must end in .svg, .png, .pdf or .dot (got '\(output)').")
        }
        let chosen = [all, features != nil].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("Choose what to draw with exactly one of --all or --features LIST.")
        }
        guard maxNodes > 0 else {
            throw ValidationError("--max-nodes must be at least 1 (got \(maxNodes)).")
        }
    }

    func run() throws {
        let mode = try selectedMode()
        let graph = try GraphFile.read(path: self.graph, importThreshold: importThreshold)
        let diagram = try Self.diagram(of: graph, mode: mode, title: title)
        try DiagramRenderer.write(
            diagram, to: output, options: DiagramOptions(edgeLabels: edgeLabels, maxNodes: maxNodes, title: title))
        CLIOutput.out("wrote \(output): \(diagram.nodes.count) features, \(diagram.links.count) edges\n")
    }

    private func selectedMode() throws -> Mode {
        if let features {
            let ids = try features.split(separator: ",").map { try FeatureID(parsing: String($0)) }
            guard !ids.isEmpty else {
                throw SAEGraphError(.invalidArgument, "--features: no feature ids in '\(features)'; expected e.g. 6:50,7:1234")
            }
            return .features(ids)
        }
        return .all
    }

    /// The diagram for one selection mode. A new mode adds a case here.
    static func diagram(of graph: LayeredGraph, mode: Mode, title: String?) throws -> Diagram {
        switch mode {
        case .all:
            return try Diagram.wholeGraph(graph, title: title)
        case .features(let ids):
            return try Diagram(graph: graph, features: ids, title: title)
        }
    }
}
