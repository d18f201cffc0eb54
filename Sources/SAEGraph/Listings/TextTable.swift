/// Plain-text layout for people: aligned columns and word-wrapped labels.
public enum TextTable {
    /// Columns padded to their widest cell (by characters), separated by two spaces; columns
    /// listed in `rightAligned` are right-aligned (numbers). The last column is not padded, nor
    /// is the last cell of a row shorter than the others (it runs on as a note).
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for r in all {
            // The last cell of a short row (a note) spans the rest and sets no width.
            for (i, c) in r.enumerated() where !(i == r.count - 1 && r.count < columns) {
                widths[i] = max(widths[i], c.count)
            }
        }
        var out = ""
        for r in all {
            var line = ""
            for (i, c) in r.enumerated() {
                let pad = String(repeating: " ", count: max(widths[i] - c.count, 0))
                if i > 0 { line += "  " }
                if rightAligned.contains(i) && !(i == r.count - 1 && r.count < columns) {
                    line += pad + c
                } else {
                    line += i + 1 < r.count ? c + pad : c
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// One line of `text` cleaned for a terminal: newlines, tabs and other control characters
    /// become spaces, runs of spaces collapse.
    public static func singleLine(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) }
        return String(scalars).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// `text` (made single-line) broken at spaces into lines of at most `width` characters
    /// (a longer word is cut), the first prefixed by `first`, the others indented to its length.
    /// - Complexity: O(n) in the length of `text` (a long word is cut by walking its
    ///   indices once, never by copying what is left of it).
    public static func wrap(_ text: String, width: Int, first: String) -> [String] {
        let words = singleLine(text).split(separator: " ")
        let indent = String(repeating: " ", count: first.count)
        let room = max(width - first.count, 20)
        var lines: [String] = []
        var current = ""
        var currentCount = 0
        for word in words {
            var rest = word
            var restCount = rest.count
            while restCount > room {
                if currentCount > 0 {
                    lines.append(current)
                    (current, currentCount) = ("", 0)
                }
                let cut = rest.index(rest.startIndex, offsetBy: room)
                lines.append(String(rest[..<cut]))
                rest = rest[cut...]
                restCount -= room
            }
            if currentCount == 0 {
                (current, currentCount) = (String(rest), restCount)
            } else if currentCount + 1 + restCount <= room {
                current += " " + rest
                currentCount += 1 + restCount
            } else {
                lines.append(current)
                (current, currentCount) = (String(rest), restCount)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines.enumerated().map { i, l in (i == 0 ? first : indent) + l }
    }

    /// `head` followed by `label` wrapped to `width` (continuation lines aligned under the
    /// label), ending with a newline; just `head` when there is no label.
    public static func labelled(_ head: String, _ label: String, width: Int) -> String {
        (label.isEmpty ? [head.trimmingTrailingSpaces()] : wrap(label, width: width, first: head)).joined(
            separator: "\n") + "\n"
    }

    /// A number with a fixed count of decimals.
    public static func fixed(_ x: Double, _ decimals: Int = 3) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        var s = String(Int((abs(x) * pow10(decimals)).rounded()))
        while s.count <= decimals { s = "0" + s }
        let cut = s.index(s.endIndex, offsetBy: -decimals)
        let body = decimals > 0 ? s[..<cut] + "." + s[cut...] : Substring(s)
        return (x < 0 && body.contains(where: { $0 != "0" && $0 != "." }) ? "-" : "") + body
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

    /// `0.123` → `12.3%`.
    public static func percent(_ share: Double) -> String { fixed(share * 100, 1) + "%" }
}

extension LayeredGraph {
    /// The feature's label or the empty string.
    func labelText(_ f: FeatureID) -> String { labels[f] ?? "" }

    /// `label` and `url` fields for JSON.
    func labelFields(_ f: FeatureID) -> [(String, JSONValue)] {
        [("label", .optional(labels[f])), ("url", .optional(labels.url(for: f)))]
    }
}
