/// A JSON value as the label loaders see it: strings and integers decoded, everything else
/// only recognised (containers are skipped, not built).
enum JSONField: Equatable, Sendable {
    case string(String)
    /// A number written without fraction or exponent that fits in `Int`.
    case integer(Int)
    /// Any other number.
    case number
    case bool
    case null
    case array
    case object

    /// The JSON type, for messages.
    var typeName: String {
        switch self {
        case .string: "a string"
        case .integer, .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Member names a caller wants, kept as text and as UTF-8 bytes for fast matching.
struct JSONKeys: Sendable {
    let names: [String]
    let utf8: [[UInt8]]

    init(_ names: [String]) {
        self.names = names
        self.utf8 = names.map { Array($0.utf8) }
    }
}

/// Where and why the bytes are not JSON. `offset` indexes the scanned buffer.
struct JSONScanError: Error, Sendable {
    var offset: Int
    var reason: String
}

/// A small JSON reader over UTF-8 bytes that decodes only the members a caller asks for and
/// skips the rest without building them (a 768-float `embedding` costs one pass over its
/// bytes and no allocation).
///
/// It follows RFC 8259 with two leniencies: raw control characters inside strings are kept,
/// and invalid UTF-8 or lone surrogates become U+FFFD. Nesting deeper than 100 is an error
/// (label files nest three deep).
///
/// - Complexity: O(n) in the bytes scanned.
struct JSONFieldScanner {
    let bytes: [UInt8]
    /// Next byte to read.
    var position: Int
    /// One past the last byte this scanner may read.
    let end: Int

    static let maxDepth = 100

    init(bytes: [UInt8], start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
    }

    var isAtEnd: Bool { position >= end }

    func error(_ reason: String, at offset: Int? = nil) -> JSONScanError {
        JSONScanError(offset: offset ?? position, reason: reason)
    }

    mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed; nil at the end.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < end ? bytes[position] : nil
    }

    mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws {
        guard peek() == byte else { throw error(found("expected \(what())")) }
        position += 1
    }

    /// "expected X, found Y" with Y the next byte or the end.
    func found(_ expected: String) -> String {
        guard position < end else { return "\(expected), found the end of the text" }
        let b = bytes[position]
        if b >= 0x21 && b < 0x7F { return "\(expected), found '\(Character(Unicode.Scalar(b)))'" }
        return "\(expected), found byte 0x\(String(b, radix: 16))"
    }

    /// Consumes `{`; true when a member follows, false for `{}` (its `}` consumed too).
    mutating func beginObject() throws -> Bool {
        try expect(UInt8(ascii: "{"), "'{'")
        guard peek() == UInt8(ascii: "}") else { return true }
        position += 1
        return false
    }

    /// Reads a member name and its colon; returns the position in `keys` of the name, or nil
    /// when it is not one of them. Names without escapes are compared as bytes, undecoded.
    mutating func scanMemberName(matching keys: JSONKeys) throws -> Int? {
        guard peek() == UInt8(ascii: "\"") else { throw error(found("expected a member name in quotes")) }
        let open = position
        try skipString()
        let name = bytes[(open + 1)..<(position - 1)]
        var slot: Int?
        if name.contains(UInt8(ascii: "\\")) {
            position = open
            slot = keys.names.firstIndex(of: try scanString())
        } else {
            slot = keys.utf8.firstIndex { name.elementsEqual($0) }
        }
        try expect(UInt8(ascii: ":"), "':' after member name \"\(String(decoding: name, as: UTF8.self))\"")
        return slot
    }

    /// After a member's value: true when another member follows (its `,` consumed), false at
    /// the object's `}` (consumed).
    mutating func nextMember() throws -> Bool {
        switch peek() {
        case UInt8(ascii: ","):
            position += 1
            return true
        case UInt8(ascii: "}"):
            position += 1
            return false
        case nil: throw error("object is not closed: expected ',' or '}'")
        default: throw error(found("expected ',' or '}' after a member"))
        }
    }

    /// Calls `body` with each member's name; `body` must consume the value (for example with
    /// ``scanField()`` or ``skipValue()``). Errors are ``JSONScanError`` or what `body` throws.
    mutating func forEachMember(_ body: (String, inout JSONFieldScanner) throws -> Void) throws {
        guard try beginObject() else { return }
        repeat {
            guard peek() == UInt8(ascii: "\"") else { throw error(found("expected a member name in quotes")) }
            let key = try scanString()
            try expect(UInt8(ascii: ":"), "':' after member name \"\(key)\"")
            try body(key, &self)
        } while try nextMember()
    }

    /// Calls `body` at the start of each element (after whitespace); `body` must consume it.
    mutating func forEachElement(_ body: (inout JSONFieldScanner) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "'['")
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            guard peek() != nil else { throw error("array is not closed: expected a value") }
            try body(&self)
            guard let next = peek() else { throw error("array is not closed: expected ',' or ']'") }
            position += 1
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else {
                position -= 1
                throw error(found("expected ',' or ']' in array"))
            }
        }
    }

    /// Reads one object: the values of the members named in `keys`, by position (nil where
    /// absent); other members are skipped. A repeated name keeps its last value.
    mutating func scanObject(keeping keys: JSONKeys) throws -> [JSONField?] {
        var fields = [JSONField?](repeating: nil, count: keys.names.count)
        guard try beginObject() else { return fields }
        repeat {
            if let slot = try scanMemberName(matching: keys) {
                fields[slot] = try scanField()
            } else {
                try skipValue()
            }
        } while try nextMember()
        return fields
    }

    /// Reads one value: strings and integers decoded, containers skipped.
    mutating func scanField() throws -> JSONField {
        guard let b = peek() else { throw error("expected a value, found the end of the text") }
        switch b {
        case UInt8(ascii: "\""): return .string(try scanString())
        case UInt8(ascii: "{"):
            try skipValue()
            return .object
        case UInt8(ascii: "["):
            try skipValue()
            return .array
        default: return try scanScalar()
        }
    }

    /// Skips one value of any kind, checking its syntax.
    mutating func skipValue(depth: Int = 0) throws {
        guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
        guard let b = peek() else { throw error("expected a value, found the end of the text") }
        switch b {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"):
            try forEachMember { (_, scanner) throws in try scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try forEachElement { (scanner) throws in try scanner.skipValue(depth: depth + 1) }
        default: _ = try scanScalar()
        }
    }

    /// A number, `true`, `false` or `null`.
    mutating func scanScalar() throws -> JSONField {
        skipWhitespace()
        guard position < end else { throw error("expected a value, found the end of the text") }
        switch bytes[position] {
        case UInt8(ascii: "t"): return try scanLiteral("true", .bool)
        case UInt8(ascii: "f"): return try scanLiteral("false", .bool)
        case UInt8(ascii: "n"): return try scanLiteral("null", .null)
        default: return try scanNumber()
        }
    }

    private mutating func scanLiteral(_ word: StaticString, _ field: JSONField) throws -> JSONField {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { w in
            position + count <= end && bytes[position..<(position + count)].elementsEqual(w)
        }
        guard matches else { throw error(found("expected a value")) }
        position += count
        return field
    }

    private func isDigit(_ i: Int) -> Bool {
        i < end && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    mutating func scanNumber() throws -> JSONField {
        var i = position
        let negative = i < end && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard isDigit(i) else { throw error(found("expected a value")) }
        var value = 0
        var overflow = false
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while isDigit(i) {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(bytes[i] - UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                value = s
                i += 1
            }
        }
        var integral = true
        if i < end && bytes[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard isDigit(i) else { throw error("a digit must follow the decimal point", at: i) }
            while isDigit(i) { i += 1 }
        }
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            integral = false
            i += 1
            if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard isDigit(i) else { throw error("a digit must follow the exponent", at: i) }
            while isDigit(i) { i += 1 }
        }
        position = i
        if integral && !overflow { return .integer(negative ? -value : value) }
        return .number
    }

    /// Skips a string without decoding it.
    mutating func skipString() throws {
        let open = position
        position += 1
        while position < end {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return
            }
            position += b == UInt8(ascii: "\\") ? 2 : 1
        }
        throw error("string is not closed", at: open)
    }

    /// Reads a string starting at its opening quote and decodes its escapes.
    mutating func scanString() throws -> String {
        let open = position
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < end {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            position += 1
        }
        guard position < end else { throw error("string is not closed", at: open) }
        var out = Array(bytes[start..<position])
        while position < end {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: out, as: UTF8.self)
            }
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                position += 1
                continue
            }
            guard position + 1 < end else { break }
            let e = bytes[position + 1]
            position += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), position + 1 < end,
                    bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                {
                    let save = position
                    position += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        position = save
                    }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(u).utf8))
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string", at: position - 2)
            }
        }
        throw error("string is not closed", at: open)
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= end else { throw error("\\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = hexValue(bytes[position]) else { throw error("\\u escape needs four hex digits") }
            v = v << 4 | d
            position += 1
        }
        return v
    }

    private func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
