import ArgumentParser
import SAEGraph
import SAEGraphDiagrams

/// The diagram selections and size guard shared by `render` and `report`: --chains N (with
/// the chain options of `saegraph chains`), --component ID, --hubs N --by, --max-nodes.
struct DiagramSelectionOptions: ParsableArguments {
    @Option(help: "Draw the N strongest chains (see `saegraph chains` for the chain options).")
    var chains: Int?

    @OptionGroup(title: "Chain options (with --chains)") var chainOptions: ChainOptions

    @Option(help: "Draw one connected component, by its number in `saegraph components` (1 = largest).")
    var component: Int?

    @Option(help: "Draw the N strongest hubs, each with its neighbours.")
    var hubs: Int?

    @Option(help: "With --hubs: rank by out, in, total degree or weight.")
    var by: HubMeasure = .total

    @Option(help: "Refuse diagrams with more features than this.")
    var maxNodes = 500

    /// How many of --chains, --component and --hubs are given.
    var chosen: Int { [chains != nil, component != nil, hubs != nil].filter { $0 }.count }

    func validate() throws {
        for (name, value) in [("--chains", chains), ("--component", component), ("--hubs", hubs)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1 (got \(value)).") }
        }
        guard maxNodes > 0 else { throw ValidationError("--max-nodes must be at least 1 (got \(maxNodes)).") }
    }

    /// The selection given by --chains, --component or --hubs, or nil when none is.
    var selection: DiagramSelection? {
        if let chains { return .chains(chainOptions.query(top: chains)) }
        if let component { return .component(component) }
        if let hubs { return .hubs(hubs, by) }
        return nil
    }
}
