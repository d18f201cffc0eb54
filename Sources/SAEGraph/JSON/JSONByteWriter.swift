import Foundation

/// Appends JSON text to a byte buffer: the fast path for large outputs (the graph file,
/// edge listings), where building `String`s or going through Foundation's JSON would cost
/// several times more.
///
/// This is the one JSON string escaper and number formatter of the library: ``JSONValue``
/// and the safetensors header go through it too.
///
/// Strings are escaped as JSON requires: `"` and `\` with a backslash, newline, tab,
/// carriage return, backspace and form feed by their short escapes, other control characters
/// (U+0000–U+001F, U+007F) as `\u00XX`, and the line and paragraph separators U+2028/U+2029
/// as `\u2028`/`\u2029` (so the text is also a valid JavaScript literal); everything else,
/// non-ASCII included, is copied as UTF-8.
/// Floats use Swift's shortest representation that reads back as the same value.
///
/// - Complexity: each append is linear in the bytes it writes.
package struct JSONByteWriter {
    private(set) package var bytes: [UInt8] = []

    package init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    package var data: Data { Data(bytes) }
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends ASCII text as it is (punctuation, keys known to need no escaping).
    package mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends already valid JSON text as it is.
    package mutating func raw(json text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    package mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// Appends `"key": ` (the key must need no escaping).
    package mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\": ")
    }

    /// Appends a decimal integer.
    package mutating func int<I: BinaryInteger>(_ value: I) {
        var v = Int64(value)
        if v < 0 {
            bytes.append(UInt8(ascii: "-"))
            if v == Int64.min {
                raw("9223372036854775808")
                return
            }
            v = -v
        }
        if v < 100_000_000 {
            // Up to 8 digits packed into one word, most significant in the lowest byte.
            var packed: UInt64 = 0
            var n = 0
            repeat {
                packed = packed << 8 | UInt64(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10))
                v /= 10
                n += 1
            } while v > 0
            withUnsafeBytes(of: packed.littleEndian) { bytes.append(contentsOf: $0.prefix(n)) }
            return
        }
        let text = String(v)
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends the shortest decimal form that reads back as `value`; `null` for NaN or
    /// infinity (callers omit such fields instead where they can).
    package mutating func float(_ value: Float) {
        number(value)
    }

    /// Appends the shortest decimal form that reads back as `value`; `null` for NaN or
    /// infinity.
    package mutating func double(_ value: Double) {
        number(value)
    }

    private mutating func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) {
        guard value.isFinite else {
            raw("null")
            return
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    package mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// Appends `"layer_index"`, the node id of a feature.
    package mutating func nodeID(layer: Int, index: Int) {
        bytes.append(UInt8(ascii: "\""))
        int(layer)
        bytes.append(UInt8(ascii: "_"))
        int(index)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `text` as a quoted, escaped JSON string (see the type's rules).
    package static func quoted(_ text: String) -> String {
        var w = JSONByteWriter(reservingCapacity: text.utf8.count + 2)
        w.string(text)
        return w.text
    }

    /// Appends `text` as a quoted, escaped JSON string.
    package mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == 0x7F || b == 0xE2 else {
                    continue
                }
                if b == 0xE2 {
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; other E2 sequences are copied.
                    guard i + 2 < utf8.count, utf8[i + 1] == 0x80, utf8[i + 2] | 1 == 0xA9 else { continue }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                    runStart = i + 3
                    if utf8[i + 2] == 0xA8 { raw("\\u2028") } else { raw("\\u2029") }
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                runStart = i + 1
                switch b {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x09: raw("\\t")
                case 0x0D: raw("\\r")
                case 0x08: raw("\\b")
                case 0x0C: raw("\\f")
                default:
                    raw("\\u00")
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(hex.utf8Start[Int(b >> 4)])
                    bytes.append(hex.utf8Start[Int(b & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
