import ArgumentParser
import SAEGraph

/// `saegraph pairs`: the strongest links of each layer pair, with both labels.
struct PairsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "List the strongest links of each layer pair with both labels.",
        discussion: """
            For each consecutive layer pair, the --top N edges by similarity (ties by feature \
            ids), printed as `6:50 (label) → 7:74 (label)  0.5547`, followed by every other \
            value the graph records on the edge (z, p, …) and, with labels, the labels' \
            TF-IDF similarity. CSV has one row per link with a similarity column and one \
            column per label; JSON one object per layer pair.

            Examples:
              saegraph pairs graph.json --top 5
              saegraph pairs graph.json --from-layer 6 --to-layer 8 --format csv -o pairs.csv
            """)

    @OptionGroup var options: GraphOptions

    @Option(help: "Links listed per layer pair.")
    var top = 10

    @Option(help: "Only layer pairs whose source layer is at least this.")
    var fromLayer: Int?

    @Option(help: "Only layer pairs whose target layer is at most this.")
    var toLayer: Int?

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, e.g. --top 10") }
    }

    func run() throws {
        let graph = try options.loadGraph()
        try options.emit(
            PairListing.render(
                graph, query: LinkQuery(top: top, fromLayer: fromLayer, toLayer: toLayer), format: options.format,
                width: options.textWidth, labelEncoder: try options.input.labelModel.encoder()))
    }
}
