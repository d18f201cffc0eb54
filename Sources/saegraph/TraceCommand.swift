import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

extension TraceDirection: ExpressibleByArgument {}

struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Show the features reachable from one feature, hop by hop.",
        discussion: """
            Prints the tree of features reached forward (later layers) and backward (earlier \
            layers) with the similarity, transition ([splits], [persists], …; see \
            docs/transitions.md) and label at every hop, and with labels the label similarity \
            of each hop (⚠ when a strong link joins unrelated labels). For a feature with no \
            edge, names its best match in each neighbouring layer.

            Example:
              saegraph trace graph.json 6:50 --direction forward --depth 2
            """)

    @OptionGroup var options: GraphOptions

    @Argument(help: "The feature, as LAYER:INDEX (also LAYER_INDEX or LAYER/INDEX), e.g. 6:50.")
    var feature: FeatureID

    @Option(name: .long, help: "forward, backward or both.")
    var direction: TraceDirection = .both

    @Option(name: .long, help: "Hops to follow (default: as far as the graph goes).")
    var depth: Int?

    func validate() throws {
        if let depth, depth < 1 { throw ValidationError("--depth must be at least 1, e.g. --depth 2") }
    }

    func run() throws {
        let graph = try options.loadGraph()
        // The label calibration the listing needs runs beside the trace.
        let (result, labels) = try bothAtOnce(
            { try FeatureTrace.trace(feature, in: graph, direction: direction, depth: depth) },
            { Result { try options.coherence(for: graph) } })
        let coherence = result.isolated ? nil : try labels.get()
        try options.emit(
            TraceListing.render(
                result, graph: graph, format: options.format, width: options.textWidth, coherence: coherence))
    }
}
