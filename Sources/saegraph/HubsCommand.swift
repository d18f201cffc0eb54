import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

extension HubMeasure: ExpressibleByArgument {}

struct HubsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hubs",
        abstract: "List features that split into, or merge from, many features of a neighbouring layer.",
        discussion: """
            --by out ranks by out-degree (splits), in by in-degree (merges), total by both, \
            weight by the sum of incident similarities.

            Example:
              saegraph hubs graph.json --by out --top 10 --min-degree 3
            """)

    @OptionGroup var options: GraphOptions

    @Option(name: .long, help: "Rank by out, in, total degree or weight.")
    var by: HubMeasure = .total

    @Option(name: .long, help: "How many features to list.")
    var top = 20

    @Option(name: .long, help: "Least degree (of the chosen kind; total for weight) a feature needs.")
    var minDegree = 1

    @Option(name: .long, help: "Strongest neighbours shown on each side.")
    var neighbours = 3

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, e.g. --top 20") }
        guard minDegree >= 1 else { throw ValidationError("--min-degree must be at least 1") }
        guard neighbours >= 0 else { throw ValidationError("--neighbours must be 0 or more") }
    }

    func run() throws {
        let graph = try options.loadGraph()
        let hubs = Hubs.find(in: graph, by: by, top: top, minDegree: minDegree, neighbours: neighbours)
        try options.emit(
            HubListing.render(hubs, graph: graph, measure: by, format: options.format, width: options.textWidth))
    }
}
