/// Node ids as integers: `{layer}_{feature}` strings pack into a non-negative value,
/// anything else is interned and gets a negative one.
struct NodeIDTable {
    private(set) var keys: [String] = []
    private var index: [String: Int64] = [:]

    /// `"6_50"` → (6 << 32) | 50, for canonical decimal text (no sign, no leading zeros).
    static func canonical(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        func number() -> Int64? {
            let start = i
            var v: Int64 = 0
            while i < b.count, b[i] &- UInt8(ascii: "0") < 10, i - start < 10 {
                v = v * 10 + Int64(b[i] &- UInt8(ascii: "0"))
                i += 1
            }
            let n = i - start
            guard n > 0, n < 10, !(n > 1 && b[start] == UInt8(ascii: "0")) else { return nil }
            return v
        }
        guard let layer = number(), i < b.count, b[i] == UInt8(ascii: "_") else { return nil }
        i += 1
        guard let feature = number(), i == b.count else { return nil }
        return layer << 32 | feature
    }

    mutating func intern(_ key: String) -> Int64 {
        if let t = index[key] { return t }
        keys.append(key)
        let t = -Int64(keys.count)
        index[key] = t
        return t
    }

    /// Reads a node id (a string or a number) as a token.
    mutating func read(_ s: inout JSONScanner, _ what: @autoclosure () -> String) throws -> Int64 {
        switch try s.peekKind() {
        case .string:
            let raw = try s.readRawString()
            if !raw.escaped, let t = Self.canonical(s.bytes(of: raw)) { return t }
            var text = try s.string(raw)
            if raw.escaped, let t = text.withUTF8({ Self.canonical($0) }) { return t }
            return intern("s" + text)
        case .number:
            return intern("n" + s.text(try s.skipValue()))
        default:
            throw s.error("\(what()) must be a string or a number")
        }
    }

    /// The text of a string id that is not `{layer}_{feature}` (nil for other tokens).
    func string(_ token: Int64) -> String? {
        guard token < 0 else { return nil }
        let key = keys[Int(-token) - 1]
        return key.hasPrefix("s") ? String(key.dropFirst()) : nil
    }

    /// The id as it reads in JSON, for messages.
    func describe(_ token: Int64) -> String {
        if token >= 0 { return "\"\(token >> 32)_\(token & 0xFFFF_FFFF)\"" }
        let key = keys[Int(-token) - 1]
        return key.hasPrefix("s") ? "\"\(key.dropFirst())\"" : String(key.dropFirst())
    }
}
