import Foundation
import SAEGraph

/// The PCA figure (``DecoderPCA``): one colour per layer with a legend, each axis labelled with
/// its share of variance, highlighted features ringed and named. Written as SVG, or as PNG or
/// PDF through the Graphviz cairo renderers saegraph links (the same picture, see
/// ``PlotCanvas``).
public enum PCAPlot {
    /// Colours per layer, in layer order (Tableau 10), repeating after ten layers.
    static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    /// The file formats the plot can be written in, by extension.
    public static let extensions = ["svg", "png", "pdf"]

    /// The figure as SVG text.
    /// - Parameter title: drawn above the plot (default: "Decoder directions, layers 6–9, on
    ///   their top two principal components").
    public static func svg(_ pca: DecoderPCA, title: String? = nil) -> String {
        canvas(pca, title: title).svg()
    }

    /// The figure in `format` (`svg`, `png` at 144 dpi, or `pdf`).
    /// - Throws: ``SAEGraphError`` `.invalidArgument` for another format; `.library` when
    ///   Graphviz cannot render it (its cairo plugin comes with libgvc6).
    public static func data(_ pca: DecoderPCA, format: String, title: String? = nil) throws -> Data {
        let plot = canvas(pca, title: title)
        switch format.lowercased() {
        case "svg": return Data(plot.svg().utf8)
        case "png", "pdf":
            // PNG at 144 dpi (twice the canvas in pixels); PDF in points, the canvas's own size.
            let document = plot.graphvizDocument(name: "pca", dpi: format.lowercased() == "png" ? 144 : 72)
            return try Graphviz.render(document, format: "\(format.lowercased()):cairo", layout: "nop")
        default:
            throw SAEGraphError(.invalidArgument, "the PCA plot is written as .svg, .png or .pdf, not .\(format)")
        }
    }

    /// Writes the figure to `path` atomically, in the format its extension names (`.svg`,
    /// `.png`, `.pdf`).
    /// - Throws: ``SAEGraphError`` `.invalidArgument` for another extension; `.writeFailed`.
    public static func write(_ pca: DecoderPCA, to path: String, title: String? = nil) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard extensions.contains(ext) else {
            throw SAEGraphError(
                .invalidArgument, "\(path): the PCA plot is written as .svg, .png or .pdf (named by the extension)")
        }
        let bytes = try data(pca, format: ext, title: title)
        try AtomicFile.write(to: path) { handle in try handle.write(contentsOf: bytes) }
    }

    /// The figure's drawing primitives: frame, ticks, axis titles, points (layers interleaved),
    /// highlights, legend.
    static func canvas(_ pca: DecoderPCA, title: String?) -> PlotCanvas {
        let (width, height) = (840.0, 640.0)
        let (left, right, top, bottom) = (80.0, 200.0, 70.0, 60.0)
        let xr = niceRange(pca.points.map(\.x).min() ?? -1, pca.points.map(\.x).max() ?? 1)
        let yr = niceRange(pca.points.map(\.y).min() ?? -1, pca.points.map(\.y).max() ?? 1)
        let plotW = width - left - right
        let plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xr.lo) / (xr.hi - xr.lo) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (y - yr.lo) / (yr.hi - yr.lo) * plotH }
        let layerList = pca.layers.map(\.layer)
        let span = layerList.count > 1 ? "\(layerList.first!)–\(layerList.last!)" : "\(layerList.first ?? 0)"
        var c = PlotCanvas(width: width, height: height)
        let heading = title ?? "Decoder directions, layers \(span), on their top two principal components"
        c.items.append(.text(x: left, y: 28, heading, size: 16, anchor: .start, bold: true))
        c.items.append(.frame(x: left, y: top, width: plotW, height: plotH, stroke: "#888888"))
        for t in ticks(xr) {
            c.items.append(.line(x1: px(t), y1: top + plotH, x2: px(t), y2: top + plotH + 5, stroke: "#888888"))
            c.items.append(.text(x: px(t), y: top + plotH + 19, label(t), size: 11, anchor: .middle, bold: false))
        }
        for t in ticks(yr) {
            c.items.append(.line(x1: left - 5, y1: py(t), x2: left, y2: py(t), stroke: "#888888"))
            c.items.append(.text(x: left - 8, y: py(t) + 4, label(t), size: 11, anchor: .end, bold: false))
        }
        let (v1, v2) = pca.explainedVariance
        c.items.append(
            .text(
                x: left + plotW / 2, y: height - 16, "PC1 (\(percent(v1)) of variance)", size: 13, anchor: .middle,
                bold: false))
        // The y axis title stands above the axis, horizontal (Graphviz cannot rotate text).
        c.items.append(
            .text(x: left, y: top - 10, "PC2 (\(percent(v2)) of variance)", size: 13, anchor: .start, bold: false))
        let colour = Dictionary(uniqueKeysWithValues: layerList.enumerated().map { ($1, palette[$0 % palette.count]) })
        let radius = pca.points.count > 20_000 ? 1.2 : (pca.points.count > 2_000 ? 1.8 : 2.6)
        // Layers interleaved point by point (round robin), so no layer is drawn over all the others.
        let byLayer = layerList.map { layer in pca.points.filter { $0.feature.layer == layer } }
        for k in 0..<(byLayer.map(\.count).max() ?? 0) {
            for points in byLayer where k < points.count {
                let p = points[k]
                c.items.append(
                    .disc(
                        x: px(p.x), y: py(p.y), radius: radius, fill: colour[p.feature.layer]!, opacity: 0.55,
                        stroke: nil, strokeWidth: 0))
            }
        }
        let byID = Dictionary(pca.points.map { ($0.feature, $0) }, uniquingKeysWith: { a, _ in a })
        for feature in pca.highlighted {
            guard let p = byID[feature] else { continue }
            c.items.append(
                .disc(
                    x: px(p.x), y: py(p.y), radius: 6, fill: colour[feature.layer]!, opacity: 1, stroke: "#000000",
                    strokeWidth: 1.8))
            c.items.append(.text(x: px(p.x) + 9, y: py(p.y) - 7, "\(feature)", size: 12, anchor: .start, bold: true))
        }
        let lx = width - right + 20
        c.items.append(.text(x: lx, y: top + 12, "layer (features)", size: 13, anchor: .start, bold: true))
        for (k, entry) in pca.layers.enumerated() {
            let y = top + 32 + Double(k) * 20
            c.items.append(
                .disc(
                    x: lx + 6, y: y - 4, radius: 5, fill: colour[entry.layer]!, opacity: 1, stroke: nil, strokeWidth: 0)
            )
            c.items.append(
                .text(x: lx + 18, y: y, "\(entry.layer) (\(entry.count))", size: 12, anchor: .start, bold: false))
        }
        if !pca.highlighted.isEmpty {
            let y = top + 32 + Double(pca.layers.count) * 20 + 8
            c.items.append(
                .disc(x: lx + 6, y: y - 4, radius: 6, fill: "#ffffff", opacity: 1, stroke: "#000000", strokeWidth: 1.8))
            c.items.append(.text(x: lx + 18, y: y, "highlighted", size: 12, anchor: .start, bold: false))
        }
        return c
    }

    /// A range padded to round numbers.
    static func niceRange(_ lo: Double, _ hi: Double) -> (lo: Double, hi: Double, step: Double) {
        var lo = lo
        var hi = hi
        if !(hi > lo) {
            lo -= 1
            hi += 1
        }
        let raw = (hi - lo) / 6
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return (floor(lo / step) * step, ceil(hi / step) * step, step)
    }

    static func ticks(_ r: (lo: Double, hi: Double, step: Double)) -> [Double] {
        let count = Int(((r.hi - r.lo) / r.step).rounded())
        return (0...count).map { r.lo + Double($0) * r.step }
    }

    static func label(_ v: Double) -> String {
        let s = String(format: "%.3g", abs(v) < 1e-12 ? 0 : v)
        return s == "-0" ? "0" : s
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
}
