import ArgumentParser
import SAEGraph

extension ChainScoring: ExpressibleByArgument {}

struct ChainsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chains",
        abstract: "List the strongest multi-layer chains of features.",
        discussion: """
            A chain follows edges layer by layer and is listed only when no edge at least as \
            strong as its weakest link extends it at either end, so one lineage is not listed \
            again as its fragments. Ranking is exact: score, then length, then feature ids.

            Example:
              saegraph chains graph.json --top 10 --min-layers 4 --through 6:50
            """)

    @OptionGroup var options: GraphOptions

    @Option(name: .long, help: "How many chains to list.")
    var top = 20

    @Option(name: .long, help: "The fewest layers a chain must span (at least 2).")
    var minLayers = 3

    @Option(name: .long, help: "Chain score: min (weakest link), product or mean of the similarities.")
    var score: ChainScoring = .min

    @Option(name: .long, help: "Only use layers from this one on.")
    var fromLayer: Int?

    @Option(name: .long, help: "Only use layers up to this one.")
    var toLayer: Int?

    @Option(name: .long, help: "Only chains that contain this feature (LAYER:INDEX, e.g. 6:50).")
    var through: String?

    @Flag(name: .long, help: "No feature shared between listed chains (greedy by rank).")
    var disjoint = false

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, e.g. --top 20") }
        guard minLayers >= 2 else { throw ValidationError("--min-layers must be at least 2, e.g. --min-layers 3") }
        if let f = fromLayer, let t = toLayer, f > t {
            throw ValidationError("--from-layer \(f) is after --to-layer \(t); swap them")
        }
        if let through, (try? FeatureID(parsing: through)) == nil {
            throw ValidationError("--through '\(through)' is not a feature id: write LAYER:INDEX, e.g. 6:50")
        }
    }

    func run() throws {
        let graph = try options.loadGraph()
        let query = ChainQuery(
            top: top, minLayers: minLayers, scoring: score, fromLayer: fromLayer, toLayer: toLayer,
            through: try through.map(FeatureID.init(parsing:)), disjoint: disjoint)
        let chains = try ChainFinder.find(in: graph, query)
        try options.emit(ChainListing.render(chains, graph: graph, query: query, format: options.format, width: options.textWidth))
    }
}
