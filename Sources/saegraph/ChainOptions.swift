import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

extension ChainScoring: ExpressibleByArgument {}

/// What counts as a chain and how chains are ranked; shared by `chains` and `render --chains`.
struct ChainOptions: ParsableArguments {
    @Option(name: .long, help: "The fewest layers a chain must span (at least 2).")
    var minLayers = 3

    @Option(name: .long, help: "Chain score: min (weakest link), product or mean of the similarities.")
    var score: ChainScoring = .min

    @Option(name: .long, help: "Only use layers from this one on.")
    var fromLayer: Int?

    @Option(name: .long, help: "Only use layers up to this one.")
    var toLayer: Int?

    @Option(name: .long, help: "Only chains that contain this feature (LAYER:INDEX, e.g. 6:50).")
    var through: FeatureID?

    @Flag(name: .long, help: "No feature shared between listed chains (greedy by rank).")
    var disjoint = false

    func validate() throws {
        guard minLayers >= 2 else { throw ValidationError("--min-layers must be at least 2, e.g. --min-layers 3") }
        if let f = fromLayer, let t = toLayer, f > t {
            throw ValidationError("--from-layer \(f) is after --to-layer \(t); swap them")
        }
    }

    func query(top: Int) -> ChainQuery {
        ChainQuery(
            top: top, minLayers: minLayers, scoring: score, fromLayer: fromLayer, toLayer: toLayer,
            through: through, disjoint: disjoint)
    }
}
