import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

struct ChainsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chains",
        abstract: "List the strongest multi-layer chains of features.",
        discussion: """
            A chain follows edges layer by layer and is listed only when no edge at least as \
            strong as its weakest link extends it at either end, so one lineage is not listed \
            again as its fragments. Ranking is exact: score, then length, then feature ids. \
            With labels, each chain shows its label coherence (mean label similarity of \
            consecutive labels; character n-gram TF-IDF) and each hop its label similarity, \
            marked ⚠ when a strong link (cosine ≥ 0.7) joins labels that read no more alike \
            than the least alike 2.5 % of random adjacent-layer label pairs of the graph. \
            The mark is about the labels, not a verdict on the link.

            Example:
              saegraph chains graph.json --top 10 --min-layers 4 --through 6:50
            """)

    @OptionGroup var options: GraphOptions

    @Option(name: .long, help: "How many chains to list.")
    var top = 20

    @OptionGroup var chainOptions: ChainOptions

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, e.g. --top 20") }
    }

    func run() throws {
        let graph = try options.loadGraph()
        let query = chainOptions.query(top: top)
        // The label calibration the listing needs runs beside the search.
        let (chains, labels) = try bothAtOnce(
            { try ChainFinder.find(in: graph, query) }, { Result { try options.coherence(for: graph) } })
        let coherence = chains.isEmpty ? nil : try labels.get()
        try options.emit(
            ChainListing.render(
                chains, graph: graph, query: query, format: options.format, width: options.textWidth,
                coherence: coherence))
    }
}
