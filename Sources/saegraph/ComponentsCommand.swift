import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

struct ComponentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "components",
        abstract: "List the weakly connected components of the graph, largest first.",
        discussion: """
            Features without any edge are not listed. Text shows the 20 largest unless --top \
            is given; JSON and CSV list every component (with every member) unless it is.

            Example:
              saegraph components graph.json --top 5
            """)

    @OptionGroup var options: GraphOptions

    @Option(name: .long, help: "How many components to list.")
    var top: Int?

    @Option(name: .long, help: "Top members (by degree) shown per component in text.")
    var members = 5

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1, e.g. --top 20") }
        guard members >= 1 else { throw ValidationError("--members must be at least 1") }
    }

    func run() throws {
        let graph = try options.loadGraph()
        let summary = Components.find(in: graph)
        let limit = top ?? ComponentListing.defaultTop(options.format)
        try options.emit(
            ComponentListing.render(
                summary, graph: graph, format: options.format, top: limit, members: members, width: options.textWidth))
    }
}
