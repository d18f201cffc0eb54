/// Text made safe for HTML.
enum HTMLText {
    /// JSON text made safe inside `<script type="application/json">`: every `<`, `>` and
    /// `&` (which JSON allows only inside strings) becomes its `\u` escape, so no `</script>`
    /// or `<!--` can end or change the element.
    static func scriptJSON(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for c in json.unicodeScalars {
            switch c {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Graphviz SVG made ready to inline in HTML: the XML declaration, DOCTYPE and comments
    /// before the `<svg` element are dropped.
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        return String(svg[start.lowerBound...])
    }
}
