/// What `saegraph inspect --labels FILE...` prints without SAEs: how the label rows were read.
///
/// Rows read, labelled features per layer (with the Neuronpedia source where known), rows that
/// repeat an already-labelled feature, blank descriptions, and the malformed rows skipped
/// (the first ones with file and line), then the rule that picked one label per feature.
public enum LabelLoadListing {
    public static func render(_ result: LabelLoadResult, files: [String]) -> String {
        var out = "labels: \(result.rowsRead) well-formed rows from \(files.joined(separator: ", "))\n"
        let counts = result.store.countsByLayer()
        let rows = counts.keys.sorted().map { layer in
            [
                String(layer), String(counts[layer]!),
                result.store.sources[layer].map { "\($0.modelID)/\($0.sourceID)" } ?? "-",
            ]
        }
        out += "\n"
        out += TextTable.render(
            header: ["layer", "labelled features", "Neuronpedia source"], rows: rows, rightAligned: [0, 1])
        out += "\n"
        out += "labelled features:    \(result.store.count)\n"
        out += "duplicate rows:       \(result.duplicateRows) (a feature already labelled; the first label is kept)\n"
        out += "blank descriptions:   \(result.emptyRows)\n"
        out += "malformed rows:       \(result.skippedCount)"
        out += result.skippedCount > 0 ? " (skipped; --strict-labels makes them fatal)\n" : "\n"
        for skip in result.skipped.prefix(10) { out += "  \(skip)\n" }
        if result.skippedCount > 10 { out += "  … \(result.skippedCount - 10) more\n" }
        out += "rule: \(result.selectionRule)\n"
        return out
    }
}
