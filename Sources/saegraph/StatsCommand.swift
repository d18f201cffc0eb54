import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarise the graph per layer pair, against a random baseline, and across thresholds.",
        discussion: """
            Per layer pair: features, linked features, edges, excluded rows, and quantiles of \
            the best-match cosine beside those of random unit vectors of the model's dimension. \
            Then edges, components and chains at thresholds 0.3 to 0.9, the feature \
            transitions per layer pair (persists, splits, merges-into, ends | continues, \
            branches, merged, begins), and with labels how much linked features' labels agree \
            beside 20,000 random pairs from adjacent layers (fixed seed).

            Example:
              saegraph stats graph.json
              saegraph stats imported.json --d-model 768
            """)

    @OptionGroup var options: GraphOptions

    @Option(name: .long, help: "Model dimension for the random baseline, for graphs that do not record it.")
    var dModel: Int?

    func validate() throws {
        if let dModel, dModel < 2 { throw ValidationError("--d-model must be at least 2, e.g. --d-model 768") }
    }

    func run() throws {
        let graph = try options.loadGraph()
        let stats = try GraphStatistics.compute(graph, dModel: dModel, coherence: try options.coherence(for: graph))
        try options.emit(StatisticsListing.render(stats, format: options.format))
    }
}
