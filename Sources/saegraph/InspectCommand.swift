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
            """)

    @OptionGroup var input: SAEInputOptions
    @OptionGroup var labelOptions: LabelOptions

    func run() throws {
        let saes = try SAELoader.loadAll(try input.sources(), layers: try input.selection())
        let labels = try labelOptions.load()
        let labelCounts = labels?.countsByLayer() ?? [:]
        var header = [
            "layer", "from", "format", "hook", "d_model", "d_sae", "dtype", "tensor", "mapped", "zero/non-finite rows",
        ]
        if labels != nil { header.append("labels") }
        header.append("path")
        let rows = saes.map { sae -> [String] in
            let info = sae.info
            return [
                String(info.layer), info.layerSource, info.format.rawValue, info.hookName ?? "-", String(info.dModel),
                String(info.dSAE), info.dtype.rawValue, info.tensorName + (info.transposed ? " (transposed)" : ""),
                sae.decoder.isMemoryMapped ? "yes" : "no", sae.decoder.rowHealth().summary,
            ] + (labels == nil ? [] : [String(labelCounts[info.layer] ?? 0)]) + [info.path]
        }
        CLIOutput.out(
            TextTable.render(header: header, rows: rows, rightAligned: labels == nil ? [0, 4, 5] : [0, 4, 5, 10]))
        if let labels {
            let layers = Set(saes.map(\.layer))
            let elsewhere = labelCounts.filter { !layers.contains($0.key) }.map(\.value).reduce(0, +)
            CLIOutput.out("labels: \(labels.count) features labelled, \(elsewhere) of them in layers not loaded here\n")
        }
    }
}
