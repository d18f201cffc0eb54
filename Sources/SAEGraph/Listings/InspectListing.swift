/// Writes what `saegraph inspect` shows: one table row per loaded SAE — layer, where the layer
/// came from, format, hook, d_model, d_sae, stored dtype, tensor, whether memory-mapped,
/// unusable decoder rows (zero / non-finite), with labels the labelled features of its layer,
/// and the path — then, with labels, one line counting them.
public enum InspectListing {
    public static func render(_ saes: [LoadedSAE], labels: LabelStore?) -> String {
        let coverage = labels.map { LabelCoverage(labels: $0, loadedLayers: saes.map(\.layer)) }
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
            ] + (coverage.map { [String($0.count(layer: info.layer))] } ?? []) + [info.path]
        }
        var out = TextTable.render(
            header: header, rows: rows, rightAligned: labels == nil ? [0, 4, 5] : [0, 4, 5, 10])
        if let coverage {
            out +=
                "labels: \(coverage.total) features labelled, \(coverage.elsewhere) of them in layers not loaded here\n"
        }
        return out
    }
}
