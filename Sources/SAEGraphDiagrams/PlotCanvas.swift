import Foundation
import SAEGraph

/// A figure as a few drawing primitives on a canvas of `width` × `height` points (y down),
/// written either as SVG (here) or through Graphviz's cairo renderers as PNG or PDF
/// (``graphvizDocument()``, pinned positions with the `nop` layout), so every format shows
/// the same picture.
struct PlotCanvas: Sendable {
    enum Anchor: String, Sendable { case start, middle, end }

    enum Item: Sendable {
        /// A filled disc, optionally outlined.
        case disc(
            x: Double, y: Double, radius: Double, fill: String, opacity: Double, stroke: String?, strokeWidth: Double)
        case line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String)
        /// An unfilled rectangle.
        case frame(x: Double, y: Double, width: Double, height: Double, stroke: String)
        /// One line of text; `y` is its baseline.
        case text(x: Double, y: Double, String, size: Double, anchor: Anchor, bold: Bool)
    }

    var width: Double
    var height: Double
    var items: [Item] = []

    /// The figure as SVG text (shapes in item order; text in a sans-serif face).
    func svg() -> String {
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var s = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif">
            <rect width="100%" height="100%" fill="#ffffff"/>

            """
        for item in items {
            switch item {
            case .disc(let x, let y, let r, let fill, let opacity, let stroke, let strokeWidth):
                s += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" fill=\"\(fill)\""
                if opacity < 1 { s += " fill-opacity=\"\(String(format: "%.2f", opacity))\"" }
                if let stroke { s += " stroke=\"\(stroke)\" stroke-width=\"\(f(strokeWidth))\"" }
                s += "/>\n"
            case .line(let x1, let y1, let x2, let y2, let stroke):
                s += "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\"/>\n"
            case .frame(let x, let y, let w, let h, let stroke):
                s += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"none\" "
                s += "stroke=\"\(stroke)\" stroke-width=\"1\"/>\n"
            case .text(let x, let y, let text, let size, let anchor, let bold):
                s += "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\""
                if anchor != .start { s += " text-anchor=\"\(anchor.rawValue)\"" }
                if bold { s += " font-weight=\"bold\"" }
                s += ">\(MarkupText.escaped(text))</text>\n"
            }
        }
        return s + "</svg>\n"
    }

    /// The figure as a Graphviz graph for the `nop` layout (node positions as given, in
    /// points, y up): discs and text are nodes, lines are edges between invisible points,
    /// the frame a box node. Text width is estimated (0.55 em per character) to place `end`
    /// and `middle` anchors; Graphviz centres each label on its node.
    func graphvizDocument(name: String, dpi: Int) -> GraphvizDocument {
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        func pos(_ x: Double, _ y: Double) -> GraphvizDocument.Value { .text("\(f(x)),\(f(height - y))") }
        func inches(_ points: Double) -> GraphvizDocument.Value { .text(String(format: "%.4f", points / 72)) }
        var doc = GraphvizDocument(name: name)
        doc.graphAttributes = [
            ("splines", .text("line")), ("pad", .text("0")), ("margin", .text("0")), ("bgcolor", .text("white")),
            ("outputorder", .text("edgesfirst")), ("dpi", .text(String(dpi))),
        ]
        doc.nodeDefaults = [
            ("label", .text("")), ("shape", .text("circle")), ("fixedsize", .text("true")), ("penwidth", .text("0")),
            ("style", .text("filled")), ("fontname", .text("Helvetica")), ("margin", .text("0")),
        ]
        doc.edgeDefaults = [("dir", .text("none")), ("penwidth", .text("1"))]
        var count = 0
        func node(_ attributes: GraphvizDocument.Attributes) -> String {
            count += 1
            let name = "n\(count)"
            doc.nodes.append(.init(name: name, attributes: attributes))
            return name
        }
        func point(_ x: Double, _ y: Double) -> String {
            node([("pos", pos(x, y)), ("shape", .text("point")), ("width", .text("0")), ("style", .text("invis"))])
        }
        // Two invisible corners fix the drawing's bounding box to the canvas.
        _ = point(0, 0)
        _ = point(width, height)
        for item in items {
            switch item {
            case .disc(let x, let y, let r, let fill, let opacity, let stroke, let strokeWidth):
                let alpha = String(format: "%02x", Int((opacity * 255).rounded()))
                var a: GraphvizDocument.Attributes = [
                    ("pos", pos(x, y)), ("width", inches(2 * r)), ("height", inches(2 * r)),
                    ("fillcolor", .text(fill + (opacity < 1 ? alpha : ""))),
                ]
                if let stroke { a += [("color", .text(stroke)), ("penwidth", .text(f(strokeWidth)))] }
                _ = node(a)
            case .line(let x1, let y1, let x2, let y2, let stroke):
                doc.edges.append(
                    .init(tail: point(x1, y1), head: point(x2, y2), attributes: [("color", .text(stroke))]))
            case .frame(let x, let y, let w, let h, let stroke):
                _ = node([
                    ("pos", pos(x + w / 2, y + h / 2)), ("shape", .text("box")), ("width", inches(w)),
                    ("height", inches(h)), ("style", .text("solid")), ("color", .text(stroke)),
                    ("penwidth", .text("1")),
                ])
            case .text(let x, let y, let text, let size, let anchor, let bold):
                let estimated = Double(text.count) * size * 0.55
                let cx =
                    switch anchor {
                    case .start: x + estimated / 2
                    case .middle: x
                    case .end: x - estimated / 2
                    }
                _ = node([
                    ("pos", pos(cx, y - size * 0.35)), ("shape", .text("plaintext")), ("fixedsize", .text("false")),
                    ("width", .text("0")), ("height", .text("0")), ("style", .text("solid")),
                    ("label", .text(Self.plainLabel(text))), ("fontsize", .text(f(size))),
                    ("fontname", .text(bold ? "Helvetica Bold" : "Helvetica")),
                ])
            }
        }
        return doc
    }

    /// Text drawn verbatim as a plain Graphviz label: `&` as `&amp;` (Graphviz decodes
    /// entities) and backslashes doubled (`\N`, `\n`… are escapes).
    static func plainLabel(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\\", with: "\\\\")
    }
}
