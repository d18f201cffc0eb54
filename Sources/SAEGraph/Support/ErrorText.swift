/// Makes text safe to print on one terminal line: every error message passes through here
/// (``SAEGraphError/init(_:_:)``), so bytes from a hostile file can neither move the cursor,
/// recolour the terminal nor flood it.
///
/// - Control characters (C0, DEL, C1), line and paragraph separators and bidirectional
///   overrides become Swift escapes such as `\u{1B}`; tab, line feed and carriage return
///   become `\t`, `\n`, `\r`, so a message is always one line.
/// - A message over ``maxLength`` characters keeps its start and end around an ellipsis.
///
/// - Complexity: O(length of the text).
public enum ErrorText {
    /// The most characters a message keeps.
    public static let maxLength = 300

    /// `text` as one printable line of at most ``maxLength`` characters.
    public static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var changed = false
        for scalar in text.unicodeScalars {
            if let e = escape(scalar) {
                out.append(contentsOf: e.unicodeScalars)
                changed = true
            } else {
                out.append(scalar)
            }
        }
        let length = changed ? out.count : text.unicodeScalars.count
        guard length > maxLength else { return changed ? String(out) : text }
        let head = maxLength * 2 / 3
        var short = String.UnicodeScalarView(out.prefix(head))
        short.append("…")
        short.append(contentsOf: out.suffix(maxLength - head - 1))
        return String(short)
    }

    /// Bytes as text for a message: printable ASCII as is, every other byte as `\xHH`; at
    /// most `limit` bytes, then an ellipsis.
    public static func bytes<C: Collection>(_ bytes: C, limit: Int = 80) -> String where C.Element == UInt8 {
        var out = ""
        for (i, b) in bytes.enumerated() {
            if i == limit {
                out += "…"
                break
            }
            if b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\\") {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "\\x" + hex(b)
            }
        }
        return out
    }

    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    private static func escape(_ s: Unicode.Scalar) -> String? {
        switch s.value {
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069,
            0xFEFF:
            return "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
        default:
            return nil
        }
    }
}
