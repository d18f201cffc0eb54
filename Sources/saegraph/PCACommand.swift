import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams

/// `saegraph pca`: decoder directions of chosen layers on the top two principal components.
struct PCACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pca",
        abstract: "Plot decoder directions of chosen layers on the top two principal components of their union.",
        discussion: """
            Each decoder row becomes a unit direction; the union of the chosen layers is \
            centred and its d_model × d_model covariance decomposed with LAPACK (dsyevd, from \
            the linked OpenBLAS). The SVG shows one colour per layer with a legend and each \
            axis's share of variance; --highlight rings and names features; --sample keeps N \
            random rows per layer (seeded; highlighted rows always stay). The output's \
            extension picks the format: .svg, or .png (144 dpi) and .pdf drawn by Graphviz's \
            cairo renderer.

            Examples:
              saegraph pca ./gpt2-small-res-jb --layers 6-9 --sample 5000 -o pca.svg
              saegraph pca examples/minilm/saes --highlight 2:1530,3:789 -o pca.png
            """)

    @OptionGroup var input: SAEInputOptions

    @Option(name: [.short, .customLong("output")], help: "The plot to write: .svg, .png or .pdf.")
    var output: String

    @Option(help: "Keep this many random decoder rows per layer (default: all).")
    var sample: Int?

    @Option(help: "Seed of --sample.")
    var seed: UInt64 = 0

    @Option(help: "Features to mark, comma-separated (e.g. 6:50,7:74).")
    var highlight: String?

    @Option(help: "A title drawn above the plot.")
    var title: String?

    func validate() throws {
        guard PCAPlot.extensions.contains((output as NSString).pathExtension.lowercased()) else {
            throw ValidationError("--output must end in .svg, .png or .pdf (got '\(output)').")
        }
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1 (got \(sample)).") }
    }

    func run() throws {
        let saes = try SAELoader.loadAll(try input.sources(), layers: try input.selection())
        let marked = try highlight.map { try FeatureID.list(parsing: $0) } ?? []
        let pca = try DecoderPCA.compute(saes, sample: sample, seed: seed, highlight: marked)
        try PCAPlot.write(pca, to: output, title: title)
        let (v1, v2) = pca.explainedVariance
        CLIOutput.out(
            "wrote \(output): \(pca.points.count) directions of layers \(pca.layers.map { String($0.layer) }.joined(separator: ", ")); "
                + "PC1 \(String(format: "%.1f", v1 * 100))%, PC2 \(String(format: "%.1f", v2 * 100))% of variance\n")
    }
}
