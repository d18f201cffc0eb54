/// Strings: raw tokens, decoding of escapes, comparison of keys without decoding.
extension JSONScanner {
    /// Reads a quoted string without decoding it.
    mutating func readRawString() throws -> RawString {
        try expect(UInt8(ascii: "\""), "a string")
        let start = position
        var escaped = false
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return RawString(start: start, end: position - 1, escaped: escaped)
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                position += 2
                continue
            }
            if b < 0x20 && !allowsControlCharacters {
                throw syntaxError(String(format: "unescaped control character 0x%02X in a string", b))
            }
            position += 1
        }
        throw syntaxError("unterminated string", at: start - 1)
    }

    /// Reads and decodes a quoted string.
    mutating func readString() throws -> String {
        try string(readRawString())
    }

    /// Decodes a raw string token.
    func string(_ raw: RawString) throws -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[raw.start..<raw.end])
        if !raw.escaped { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = raw.start
        while i < raw.end {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < raw.end else { throw syntaxError("a backslash ends a string", at: i) }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: i, end: raw.end)
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= raw.end, bytes[i] == UInt8(ascii: "\\"),
                    bytes[i + 1] == UInt8(ascii: "u")
                {
                    let low = try hex4(at: i + 2, end: raw.end)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: UTF8.encode(s)!)
            default:
                throw syntaxError("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: i - 2)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Throws what ``string(_:)`` would throw for the token's escapes, without decoding it.
    func checkEscapes(_ raw: RawString) throws {
        guard raw.escaped else { return }
        var i = raw.start
        while i < raw.end {
            guard bytes[i] == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            guard i + 1 < raw.end else { throw syntaxError("a backslash ends a string", at: i) }
            switch bytes[i + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                i += 2
            case UInt8(ascii: "u"):
                _ = try hex4(at: i + 2, end: raw.end)
                i += 6
            default:
                let e = bytes[i + 1]
                throw syntaxError("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: i)
            }
        }
    }

    private func hex4(at i: Int, end: Int) throws -> UInt32 {
        guard i + 4 <= end else { throw syntaxError("incomplete \\u escape in a string", at: i - 2) }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[i + k]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw syntaxError("invalid \\u escape in a string", at: i - 2)
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// True when the raw token's bytes equal `text` (an ASCII key without escapes).
    func matches(_ raw: RawString, _ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard raw.end - raw.start == n else {
            return raw.escaped && (try? string(raw)) == text.description
        }
        let p = text.utf8Start
        for i in 0..<n where bytes[raw.start + i] != p[i] { return false }
        return true
    }

    /// The raw token's bytes (without decoding escapes).
    func bytes(of raw: RawString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[raw.start..<raw.end])
    }

    /// The text of a byte range, e.g. a value recorded with ``skipValue()``.
    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

extension JSONScanner {
    /// Reads a string `"{layer}_{feature}"` of canonical decimals (no sign, no leading zero,
    /// at most 9 digits each) as the token ``NodeIDTable/canonical(_:)`` gives it; returns
    /// nil, consuming nothing, for any other value (another string, an escape, a number).
    /// - Complexity: O(bytes of the string).
    mutating func readCanonicalID() -> Int64? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        var i = position + 1
        // One pass: digits, `_`, digits, `"`, with the rules of NodeIDTable.canonical.
        func number(_ i: inout Int) -> Int64? {
            let start = i
            var v: Int64 = 0
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10, i - start < 10 {
                v = v &* 10 &+ Int64(bytes[i] &- UInt8(ascii: "0"))
                i += 1
            }
            let n = i - start
            guard n > 0, n < 10, !(n > 1 && bytes[start] == UInt8(ascii: "0")) else { return nil }
            return v
        }
        guard let layer = number(&i), i < bytes.count, bytes[i] == UInt8(ascii: "_") else { return nil }
        i += 1
        guard let feature = number(&i), i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        position = i + 1
        return layer << 32 | feature
    }
}
