import ArgumentParser
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

/// `--labels FILE` (repeatable) and `--strict-labels`, shared by every command that joins labels.
struct LabelOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "A label file or folder: Neuronpedia exports (JSON array, JSONL, .jsonl.gz, a folder of batch-*.jsonl.gz), CSV (layer,feature,label) or node-link JSON. Repeat for several: --labels a.jsonl.gz --labels b.csv"
    )
    var labels: [String] = []

    @Flag(name: .long, help: "Fail on a malformed label row instead of skipping it with a warning.")
    var strictLabels = false

    @Option(
        name: .long,
        help:
            "The most bytes one compressed input (a .gz label file, a deflated .npz member) may unpack to, e.g. 512M or 4G (default 256M)."
    )
    var maxDecompressed = ByteCount(Inflate.defaultLimit)

    /// Loads the label files (nil when none were given); prints one warning line for skipped rows.
    func load() throws -> LabelStore? {
        guard !labels.isEmpty else { return nil }
        let result = try LabelLoader.load(
            paths: labels, strict: strictLabels, maxDecompressed: maxDecompressed.bytes)
        if let warning = result.warningSummary { CLIOutput.warn(warning) }
        if let warning = result.store.unlinkableSourcesWarning { CLIOutput.warn(warning) }
        return result.store
    }
}
