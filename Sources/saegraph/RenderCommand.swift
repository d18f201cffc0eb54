import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// `saegraph render`: draws a selection of a graph file with Graphviz.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a graph or part of it as SVG, PNG, PDF or Graphviz DOT.",
        discussion: """
            Lays the features out left to right, one column per layer, with edge width and \
            colour showing the cosine similarity. The format follows the output file's \
            extension (.svg, .png, .pdf, .dot). SVG boxes link to Neuronpedia and show the \
            full label as a tooltip. Each box notes its transition in the graph (e.g. \
            "merged → splits"); with labels, a strong link whose labels read differently is drawn \
            dashed in red (see the legend). Diagrams with more than --max-nodes features are \
            refused: choose a smaller selection.

            Choose exactly one selection: --chains N (the N strongest chains, with the options \
            of `saegraph chains`), --trace FEATURE (with --direction and --depth), \
            --component ID (as numbered by `saegraph components`), --hubs N (each hub with \
            its neighbours, ranked --by out|in|total|weight), --features LIST, or --all.

            Examples:
              saegraph render graph.json --chains 10 -o chains.svg
              saegraph render graph.json --trace 6:50 --direction forward --depth 3 -o trace.png
              saegraph render graph.json --component 1 -o component.pdf
              saegraph render graph.json --hubs 5 --by out -o hubs.svg
              saegraph render graph.json --features 6:50,7:1234,8:99 -o trio.dot
              saegraph render small-graph.json --all --edge-labels -o whole.pdf
            """)

    @OptionGroup var input: GraphInputOptions

    @Option(name: [.short, .customLong("output")], help: "Output file: .svg, .png, .pdf or .dot.")
    var output: String

    @Flag(help: "Draw the whole graph (refused above --max-nodes).")
    var all = false

    @Option(help: "Draw these features and the edges among them (comma-separated, e.g. 6:50,7:1234).")
    var features: String?

    @Option(help: "Draw the features reachable from this one (LAYER:INDEX).")
    var trace: FeatureID?

    @Option(help: "With --trace: forward, backward or both.")
    var direction: TraceDirection = .both

    @Option(help: "With --trace: hops to follow (default: as far as the graph goes).")
    var depth: Int?

    @OptionGroup(title: "Selection (or --trace, --features, --all)") var drawn: DiagramSelectionOptions

    @Flag(help: "Print each edge's similarity on it.")
    var edgeLabels = false

    @Option(help: "A title drawn above the diagram.")
    var title: String?

    func validate() throws {
        guard DiagramFormat(pathExtension: (output as NSString).pathExtension) != nil else {
            throw ValidationError("--output must end in .svg, .png, .pdf or .dot (got '\(output)').")
        }
        let chosen = [all, features != nil, trace != nil].filter { $0 }.count + drawn.chosen
        guard chosen == 1 else {
            throw ValidationError(
                "Choose what to draw with exactly one of --chains N, --trace FEATURE, --component ID, --hubs N, --features LIST or --all."
            )
        }
    }

    func run() throws {
        let selection = try selection()
        let graph = try input.loadGraph()
        let diagram = try selection.diagram(of: graph, title: title, labelEncoder: try input.labelModel.encoder())
        try DiagramRenderer.write(
            diagram, to: output, options: DiagramOptions(edgeLabels: edgeLabels, maxNodes: drawn.maxNodes, title: title)
        )
        CLIOutput.out("wrote \(output): \(diagram.nodes.count) features, \(diagram.links.count) edges\n")
    }

    /// The one selection the options name (``validate()`` checked there is exactly one).
    private func selection() throws -> DiagramSelection {
        if let features {
            do { return .features(try FeatureID.list(parsing: features)) } catch let error as SAEGraphError {
                throw SAEGraphError(.invalidArgument, "--features: \(error.message)")
            }
        }
        if let trace { return .trace(trace, direction, depth: depth) }
        return drawn.selection ?? .all
    }
}
