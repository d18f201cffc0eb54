/// Turning real-world label text (quotes, `<`, `&`, backslashes, newlines, control
/// characters, byte-level artefacts such as `Ċ`) into Graphviz attribute values that draw it
/// verbatim and never break DOT, SVG or HTML-like labels.

import SAEGraph

enum DiagramText {
    /// Replaces characters that XML 1.0 cannot hold at all (C0 controls other than tab,
    /// newline and carriage return, DEL, lone surrogates cannot occur in Swift strings) with
    /// their visible Unicode "control picture" (U+0001 becomes `␁`), so SVG stays well formed.
    static func visible(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: out.append(scalar)
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.append("\u{2421}")
            case 0xFFFE, 0xFFFF: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Text for a `tooltip` attribute, so that it is drawn as written.
    ///
    /// Graphviz 2.42 runs tooltips through three passes: HTML entities are decoded; then
    /// `\\` becomes `\` and `\n`, `\l`, `\r` become line breaks; then `\N`, `\G`, `\E`…
    /// are replaced by object names and `\\` becomes `\`. So each backslash is written as
    /// four, `&` as `&amp;`, and a line break as `\n`.
    static func tooltip(_ text: String) -> String {
        visible(text)
            .replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "\\", with: "\\\\\\\\")
            .replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\n")
    }

    /// Text inside an HTML-like label: XML-escaped, with characters XML cannot hold made
    /// visible and backslashes doubled (Graphviz replaces `\N`, `\G`… in HTML text too).
    static func html(_ text: String) -> String {
        xml(text).replacingOccurrences(of: "\\", with: "\\\\")
    }

    /// XML-escaped text, with characters XML cannot hold made visible.
    static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in visible(text) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Wraps `text` into at most `maxLines` lines of at most `width` characters, breaking at
    /// spaces where possible (whitespace runs, newlines and tabs count as one space); an
    /// ellipsis `…` ends the last line when text was cut.
    /// - Complexity: O(n) in the length of the text.
    static func wrap(_ text: String, width: Int = 28, maxLines: Int = 3) -> [String] {
        precondition(width >= 2 && maxLines >= 1)
        let words = visible(text).split(whereSeparator: { $0.isWhitespace }).map(String.init)
        var lines: [String] = []
        var current = ""
        var truncated = false
        var queue = words[...]
        while let word = queue.first {
            let candidate = current.isEmpty ? word : current + " " + word
            if candidate.count <= width {
                current = candidate
                queue = queue.dropFirst()
                continue
            }
            if current.isEmpty {
                // A word longer than a line: cut it.
                current = String(word.prefix(width))
                queue[queue.startIndex] = String(word.dropFirst(width))
            }
            lines.append(current)
            current = ""
            if lines.count == maxLines {
                truncated = true
                break
            }
        }
        if !current.isEmpty {
            if lines.count < maxLines { lines.append(current) } else { truncated = true }
        }
        if truncated, let last = lines.last {
            lines[lines.count - 1] = String(last.prefix(width - 1)) + "…"
        }
        return lines
    }
}
