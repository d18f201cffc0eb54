/// Writes what `saegraph inspect` shows: one table row per loaded SAE — layer, where the layer
/// came from, format, hook, d_model, d_sae, stored dtype, tensor, whether memory-mapped,
/// unusable decoder rows (zero / non-finite), with labels the labelled features of its layer,
/// and the path — then, with labels, one line counting them.
public enum InspectListing {
    public static func render(_ saes: [LoadedSAE], labels: LabelStore?) -> String {
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
        var out = TextTable.render(
            header: header, rows: rows, rightAligned: labels == nil ? [0, 4, 5] : [0, 4, 5, 10])
        if let labels {
            let layers = Set(saes.map(\.layer))
            // Summed in layer order: a count, so the order cannot change it, but no Dictionary
            // iteration decides anything here.
            let elsewhere = labelCounts.keys.sorted().filter { !layers.contains($0) }.map { labelCounts[$0]! }
                .reduce(0, +)
            out += "labels: \(labels.count) features labelled, \(elsewhere) of them in layers not loaded here\n"
        }
        return out
    }
}
