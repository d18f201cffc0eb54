/// Text escaped for XML 1.0 and HTML: the one escaper of GraphML, GEXF, the HTML report and
/// the SVG plots, for element content and quoted attribute values alike.
package enum MarkupText {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped (`'` as `&#39;`, which XML and HTML
    /// both read); tab, newline and carriage return written as character references, so
    /// attribute values keep them (element content reads them back the same); characters
    /// XML 1.0 forbids (other C0 controls, U+FFFE, U+FFFF) replaced by U+FFFD. Everything
    /// else, non-ASCII and DEL included, is kept, so GraphML and GEXF read back exactly
    /// (browsers draw nothing for DEL).
    /// - Complexity: O(n) in the length of the text.
    package static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
