import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

@main
struct SAEGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saegraph",
        abstract: "Trace SAE features across layers from decoder weights alone.",
        discussion: """
            Compares every decoder direction of layer L with every decoder direction of layer \
            L+1 (cosine similarity), keeps the pairs that pass an edge rule, and answers \
            questions on the resulting layered graph: chains, components, hubs, traces, \
            statistics, and Graphviz diagrams.

            Typical session:
              saegraph inspect ./gpt2-small-res-jb --layers 6-9
              saegraph build ./gpt2-small-res-jb --layers 6-9 --labels ./explanations -o graph.json
              saegraph chains graph.json --top 10
              saegraph render graph.json --chains 10 -o chains.svg
            """,
        version: SAEGraphVersion.current,
        subcommands: CommandRegistry.all
    )

    static func main() {
        BLASEnvironment.prepareOrReexec()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as SAEGraphError {
            CLIOutput.fail(error.message)
        } catch {
            exit(withError: error)
        }
    }
}
