import Foundation
import SAEGraph

/// The PCA figure (``DecoderPCA``) as SVG written here: one colour per layer with a legend,
/// each axis labelled with its share of variance, highlighted features ringed and named.
public enum PCAPlot {
    /// Colours per layer, in layer order (Tableau 10), repeating after ten layers.
    static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    /// The figure as SVG text.
    /// - Parameter title: drawn above the plot (default: "Decoder directions, layers 6–9").
    public static func svg(_ pca: DecoderPCA, title: String? = nil) -> String {
        let width = 820.0
        let height = 640.0
        let left = 80.0
        let right = 180.0
        let top = 50.0
        let bottom = 60.0
        let xs = pca.points.map(\.x)
        let ys = pca.points.map(\.y)
        let xr = niceRange(xs.min() ?? -1, xs.max() ?? 1)
        let yr = niceRange(ys.min() ?? -1, ys.max() ?? 1)
        let plotW = width - left - right
        let plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xr.lo) / (xr.hi - xr.lo) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (y - yr.lo) / (yr.hi - yr.lo) * plotH }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let layerList = pca.layers.map(\.layer)
        let span = layerList.count > 1 ? "\(layerList.first!)–\(layerList.last!)" : "\(layerList.first ?? 0)"
        let heading = title ?? "Decoder directions, layers \(span), on their top two principal components"
        var s = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif">
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(f(left))" y="28" font-size="16" font-weight="bold">\(HTMLText.escaped(heading))</text>
            <rect x="\(f(left))" y="\(f(top))" width="\(f(plotW))" height="\(f(plotH))" fill="none" stroke="#888" stroke-width="1"/>

            """
        for t in ticks(xr) {
            s +=
                "<line x1=\"\(f(px(t)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#888\"/>"
            s +=
                "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotH + 19))\" font-size=\"11\" text-anchor=\"middle\">\(label(t))</text>\n"
        }
        for t in ticks(yr) {
            s += "<line x1=\"\(f(left - 5))\" y1=\"\(f(py(t)))\" x2=\"\(f(left))\" y2=\"\(f(py(t)))\" stroke=\"#888\"/>"
            s +=
                "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\" font-size=\"11\" text-anchor=\"end\">\(label(t))</text>\n"
        }
        let (v1, v2) = pca.explainedVariance
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 16))\" font-size=\"13\" text-anchor=\"middle\">"
        s += "PC1 (\(percent(v1)) of variance)</text>\n"
        s += "<text x=\"22\" y=\"\(f(top + plotH / 2))\" font-size=\"13\" text-anchor=\"middle\" "
        s += "transform=\"rotate(-90 22 \(f(top + plotH / 2)))\">PC2 (\(percent(v2)) of variance)</text>\n"
        let colour = Dictionary(uniqueKeysWithValues: layerList.enumerated().map { ($1, palette[$0 % palette.count]) })
        let radius = pca.points.count > 20_000 ? 1.2 : (pca.points.count > 2_000 ? 1.8 : 2.6)
        for layer in layerList {
            s += "<g fill=\"\(colour[layer]!)\" fill-opacity=\"0.55\">"
            for p in pca.points where p.feature.layer == layer {
                s += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"\(radius)\"/>"
            }
            s += "</g>\n"
        }
        let byID = Dictionary(pca.points.map { ($0.feature, $0) }, uniquingKeysWith: { a, _ in a })
        for feature in pca.highlighted {
            guard let p = byID[feature] else { continue }
            s +=
                "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"6\" fill=\"\(colour[feature.layer]!)\" stroke=\"#000\" stroke-width=\"1.8\"/>"
            s += "<text x=\"\(f(px(p.x) + 9))\" y=\"\(f(py(p.y) - 7))\" font-size=\"12\" font-weight=\"bold\" "
            s += "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(feature)</text>\n"
        }
        let lx = width - right + 20
        s += "<text x=\"\(f(lx))\" y=\"\(f(top + 12))\" font-size=\"13\" font-weight=\"bold\">layer (features)</text>\n"
        for (k, entry) in pca.layers.enumerated() {
            let y = top + 32 + Double(k) * 20
            s += "<circle cx=\"\(f(lx + 6))\" cy=\"\(f(y - 4))\" r=\"5\" fill=\"\(colour[entry.layer]!)\"/>"
            s += "<text x=\"\(f(lx + 18))\" y=\"\(f(y))\" font-size=\"12\">\(entry.layer) (\(entry.count))</text>\n"
        }
        return s + "</svg>\n"
    }

    /// Writes the figure to `path` atomically. Only SVG is written: PNG and PDF would need a
    /// rasteriser saegraph does not link.
    /// - Throws: ``SAEGraphError`` `.invalidArgument` for another extension; `.writeFailed`.
    public static func write(_ pca: DecoderPCA, to path: String, title: String? = nil) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext == "svg" else {
            throw SAEGraphError(
                .invalidArgument,
                "\(path): the PCA plot is written as .svg only; convert it if you need PNG or PDF (e.g. rsvg-convert -f pdf pca.svg -o pca.pdf)"
            )
        }
        try AtomicFile.write(svg(pca, title: title), to: path)
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
