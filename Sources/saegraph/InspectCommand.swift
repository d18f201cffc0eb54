import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// `saegraph inspect`: what the tool reads from each SAE, before any comparison is made.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show each SAE's layer, shapes, dtype and unusable decoder rows.",
        discussion: """
            Loads the decoders exactly as `build` would and prints one row per SAE: format, \
            layer and where it came from (user, config, hook name, path), hook, d_model, \
            d_sae, stored dtype, tensor, whether the values are memory-mapped, and decoder \
            rows that are all zero or hold NaN/infinity (these are left out of comparisons).

            Examples:
              saegraph inspect ./gpt2-small-res-jb --layers 6-9
              saegraph inspect --sae 6=./l6.npy --sae 7=./l7.npy --orientation columns
              saegraph inspect ./gpt2-small-res-jb --layers 6-9 --labels ./explanations
              saegraph inspect --labels ./explanations      (the label files alone: rows, layers, duplicates, blanks, malformed lines)
            """)

    @OptionGroup var input: SAEInputOptions
    @OptionGroup var labelOptions: LabelOptions

    func run() throws {
        if !input.hasInputs && !labelOptions.labels.isEmpty {
            let result = try LabelLoader.load(
                paths: labelOptions.labels, strict: labelOptions.strictLabels,
                maxDecompressed: labelOptions.maxDecompressed.bytes)
            CLIOutput.out(LabelLoadListing.render(result, files: labelOptions.labels))
            return
        }
        let saes = try SAELoader.loadAll(
            try input.sources(maxDecompressed: labelOptions.maxDecompressed.bytes), layers: try input.selection())
        let labels = try labelOptions.load()
        CLIOutput.out(InspectListing.render(saes, labels: labels))
    }
}
