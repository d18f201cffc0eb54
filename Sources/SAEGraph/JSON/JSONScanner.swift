import Foundation

/// A JSON syntax error: the byte offset at fault (counted from the start of the scanned
/// buffer) and why. Callers that can resume (one JSONL line) catch it and place it
/// themselves; ``JSONScanner/scan(_:name:_:)`` turns it into an ``SAEGraphError`` naming the
/// line and column.
struct JSONScanError: Error, Sendable {
    var offset: Int
    var reason: String
}

/// A byte-level, pull-style JSON reader for large files that are read once into typed
/// arrays (the graph file: ~70 MB for 100,000 features and 1,000,000 edges).
///
/// The caller walks the document itself (`beginObject`/`readKey`/`nextMember`,
/// `beginArray`/`nextElement`, typed reads) and skips what it does not know with
/// `skipValue`, so nothing is built that is not kept. Strings are UTF-8; escapes, including
/// `\uXXXX` surrogate pairs, are decoded (a lone surrogate becomes U+FFFD; invalid UTF-8 is
/// repaired the same way). Numbers follow JSON's grammar; ``readFloat()`` rounds correctly to
/// `Float` (a fast exact path through `Double`, `strtof` otherwise).
///
/// The scanner views bytes it does not own: create it only inside
/// ``JSONScanner/scan(_:name:_:)`` or ``JSONScanner/scanRecoverably(_:name:_:)``, whose
/// closures the pointer never leaves. Syntax errors are thrown as ``JSONScanError``;
/// errors about content (``error(_:at:)``, ``fault(_:)``) as ``SAEGraphError``.
///
/// - Complexity: every method is linear in the bytes it consumes.
struct JSONScanner {
    /// A string token as it stands in the file: the bytes between the quotes.
    struct RawString {
        var start: Int
        var end: Int
        /// True when the bytes contain a backslash escape.
        var escaped: Bool
    }

    /// The kind of the next value, from its first byte.
    enum ValueKind { case object, array, string, number, bool, null }

    private let bytes: UnsafeBufferPointer<UInt8>
    /// The name used in error messages (usually the file path).
    let name: String
    /// Offset of the next unread byte.
    private(set) var position = 0
    /// Keep raw control characters (U+0000–U+001F) inside strings instead of rejecting them,
    /// as some label exports hold them.
    var allowsControlCharacters = false
    /// How messages name the end of the bytes (`the end of the line` when scanning one line).
    var endDescription = "the end of the file"

    private init(bytes: UnsafeBufferPointer<UInt8>, name: String) {
        self.bytes = bytes
        self.name = name
    }

    /// Runs `body` with a scanner over `data`; a syntax error leaves as ``SAEGraphError``
    /// naming `name`, the line and the column.
    static func scan<R>(_ data: Data, name: String, _ body: (inout JSONScanner) throws -> R) throws -> R {
        try data.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw.bindMemory(to: UInt8.self), name: name)
            do {
                return try body(&scanner)
            } catch let e as JSONScanError {
                throw scanner.error(e.reason, at: e.offset)
            }
        }
    }

    /// Runs `body` with a scanner over `bytes`, starting at `start`; a syntax error leaves as
    /// ``JSONScanError`` so the caller can place it (or skip a JSONL line and go on).
    static func scanRecoverably<R>(
        _ bytes: [UInt8], name: String, from start: Int = 0, _ body: (inout JSONScanner) throws -> R
    ) rethrows -> R {
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(bytes: buffer, name: name)
            scanner.position = min(start, buffer.count)
            return try body(&scanner)
        }
    }

    /// Runs `body` with a scanner over `range` of this scanner's bytes (e.g. a value recorded
    /// earlier with ``skipValue()``, or one line of a JSONL file): it reads nothing past
    /// `range.upperBound`. Positions and errors still count from the start of the buffer.
    func sub<R>(_ range: Range<Int>, _ body: (inout JSONScanner) throws -> R) rethrows -> R {
        var s = JSONScanner(bytes: UnsafeBufferPointer(rebasing: bytes[..<range.upperBound]), name: name)
        s.position = range.lowerBound
        s.allowsControlCharacters = allowsControlCharacters
        s.endDescription = endDescription
        return try body(&s)
    }

    // MARK: Errors

    /// An error naming the file, line and column of `offset` (default: the current position).
    func error(_ message: String, at offset: Int? = nil) -> SAEGraphError {
        let at = min(offset ?? position, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<at where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return SAEGraphError(.malformedFile, "\(name): line \(line), column \(at - lineStart + 1): \(message)")
    }

    /// An error naming the file but no position (for faults found after scanning).
    func fault(_ message: String) -> SAEGraphError {
        SAEGraphError(.malformedFile, "\(name): \(message)")
    }

    /// A syntax error at `offset` (default: the current position).
    func syntaxError(_ reason: String, at offset: Int? = nil) -> JSONScanError {
        JSONScanError(offset: offset ?? position, reason: reason)
    }

    /// The syntax error "expected `what`, found" the next byte or the end.
    func expected(_ what: String) -> JSONScanError {
        syntaxError("expected \(what), found \(describeNext())")
    }

    private func describeNext() -> String {
        guard position < bytes.count else { return endDescription }
        let b = bytes[position]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return String(format: "byte 0x%02X", b)
    }

    // MARK: Structure

    mutating func skipWhitespace() {
        while position < bytes.count {
            let b = bytes[position]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            position += 1
        }
    }

    /// Skips a UTF-8 byte order mark at the current position (some Windows tools write one).
    mutating func skipByteOrderMark() {
        if position + 3 <= bytes.count, bytes[position] == 0xEF, bytes[position + 1] == 0xBB,
            bytes[position + 2] == 0xBF
        {
            position += 3
        }
    }

    /// The next byte after whitespace, not consumed; nil at the end.
    mutating func peekByte() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// True when only whitespace is left.
    mutating func atEnd() -> Bool {
        skipWhitespace()
        return position >= bytes.count
    }

    /// The kind of the next value.
    /// - Throws: when the next byte cannot start a JSON value.
    mutating func peekKind() throws -> ValueKind {
        skipWhitespace()
        guard position < bytes.count else { throw expected("a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: throw expected("a value")
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else {
            throw expected(what())
        }
        position += 1
    }

    /// Consumes `{`; returns false when the object is empty (its `}` consumed too).
    mutating func beginObject() throws -> Bool {
        try open(UInt8(ascii: "{"), close: UInt8(ascii: "}"))
    }

    /// Reads a member's key and its `:`.
    mutating func readKey() throws -> RawString {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw expected("a quoted object key")
        }
        let key = try readRawString()
        try expect(UInt8(ascii: ":"), "':' after an object key")
        return key
    }

    /// After a member's value: consumes `,` (true: another member follows) or `}` (false).
    mutating func nextMember() throws -> Bool {
        try separator(close: UInt8(ascii: "}"), "'}' in an object")
    }

    /// Consumes `[`; returns false when the array is empty (its `]` consumed too).
    mutating func beginArray() throws -> Bool {
        try open(UInt8(ascii: "["), close: UInt8(ascii: "]"))
    }

    /// After an element: consumes `,` (true: another element follows) or `]` (false).
    mutating func nextElement() throws -> Bool {
        try separator(close: UInt8(ascii: "]"), "']' in an array")
    }

    private mutating func open(_ opening: UInt8, close: UInt8) throws -> Bool {
        try expect(opening, "'\(Character(Unicode.Scalar(opening)))'")
        skipWhitespace()
        if position < bytes.count, bytes[position] == close {
            position += 1
            return false
        }
        return true
    }

    private mutating func separator(close: UInt8, _ what: @autoclosure () -> String) throws -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw syntaxError("unterminated: expected ',' or \(what())") }
        let b = bytes[position]
        guard b == UInt8(ascii: ",") || b == close else {
            throw expected("',' or \(what())")
        }
        position += 1
        return b == UInt8(ascii: ",")
    }

    /// Skips one value of any type (checking its syntax) and returns its byte range.
    @discardableResult
    mutating func skipValue(depth: Int = 0) throws -> Range<Int> {
        guard depth < 512 else { throw syntaxError("values nested more than 512 deep") }
        let kind = try peekKind()
        let start = position
        switch kind {
        case .object:
            if try beginObject() {
                repeat {
                    _ = try readKey()
                    try skipValue(depth: depth + 1)
                } while try nextMember()
            }
        case .array:
            if try beginArray() {
                repeat { try skipValue(depth: depth + 1) } while try nextElement()
            }
        case .string: _ = try readRawString()
        case .number: _ = try readNumberToken()
        case .bool: _ = try readBool()
        case .null: guard try readNull() else { throw expected("a value") }
        }
        return start..<position
    }

    // MARK: Literals

    private mutating func literal(_ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard position + n <= bytes.count else { return false }
        let p = text.utf8Start
        for i in 0..<n where bytes[position + i] != p[i] { return false }
        position += n
        return true
    }

    mutating func readBool() throws -> Bool {
        skipWhitespace()
        if literal("true") { return true }
        if literal("false") { return false }
        throw expected("true or false")
    }

    /// Consumes `null` if it comes next; returns whether it did.
    mutating func readNull() throws -> Bool {
        skipWhitespace()
        return literal("null")
    }

    // MARK: Strings

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

    // MARK: Numbers

    /// A number as read: its significant decimal digits and a power of ten.
    struct NumberToken {
        var negative: Bool
        /// The digits as an integer (only meaningful when `!tooManyDigits`).
        var mantissa: UInt64
        /// Value = ±mantissa × 10^exponent.
        var exponent: Int
        var tooManyDigits: Bool
        /// True when written without fraction or exponent.
        var plainInteger: Bool
        var range: Range<Int>
    }

    mutating func readNumberToken() throws -> NumberToken {
        skipWhitespace()
        let start = position
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var tooMany = false
        var exponent = 0
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw syntaxError("expected a number, found \(describeNext())", at: start)
        }
        let leadingZero = bytes[position] == UInt8(ascii: "0")
        let intStart = position
        while position < bytes.count, isDigit(bytes[position]) {
            let d = UInt64(bytes[position] &- UInt8(ascii: "0"))
            if digits < 19 {
                mantissa = mantissa &* 10 &+ d
                if mantissa != 0 { digits += 1 }
            } else {
                tooMany = true
                exponent += 1
            }
            position += 1
        }
        if leadingZero && position - intStart > 1 { throw syntaxError("a number has a leading zero", at: start) }
        var plain = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            plain = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw syntaxError("expected digits after '.' in a number", at: start)
            }
            while position < bytes.count, isDigit(bytes[position]) {
                let d = UInt64(bytes[position] &- UInt8(ascii: "0"))
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ d
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else if d != 0 {
                    tooMany = true
                }
                position += 1
            }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            plain = false
            position += 1
            var expNegative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
                expNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw syntaxError("expected digits in a number's exponent", at: start)
            }
            var e = 0
            while position < bytes.count, isDigit(bytes[position]) {
                if e < 100_000 { e = e * 10 + Int(bytes[position] &- UInt8(ascii: "0")) }
                position += 1
            }
            exponent += expNegative ? -e : e
        }
        return NumberToken(
            negative: negative, mantissa: mantissa, exponent: exponent, tooManyDigits: tooMany,
            plainInteger: plain, range: start..<position)
    }

    /// Reads an integer. `6` and `6.0` are accepted; `6.5`, `1e400` are not.
    /// - Parameter what: what the number is, for the error message.
    mutating func readInt(_ what: @autoclosure () -> String) throws -> Int {
        let kind = try peekKind()
        guard kind == .number else { throw error("\(what()) must be an integer, found \(describeNext())") }
        let t = try readNumberToken()
        guard let v = integer(t) else {
            throw error("\(what()) must be an integer, found \(text(t.range))", at: t.range.lowerBound)
        }
        return v
    }

    /// The token's value when it is a whole number below 9e15 in magnitude (`6`, `6.0`,
    /// `6e2`), else nil.
    func integer(_ t: NumberToken) -> Int? {
        if t.plainInteger && !t.tooManyDigits && t.mantissa <= UInt64(Int.max) {
            return t.negative ? -Int(t.mantissa) : Int(t.mantissa)
        }
        let d = double(t)
        guard d.isFinite, d == d.rounded(), abs(d) < 9.0e15 else { return nil }
        return Int(d)
    }

    /// Reads a number as the `Float` nearest to its decimal value.
    /// - Throws: when the value is not a number or lies outside `Float`'s finite range.
    mutating func readFloat(_ what: @autoclosure () -> String) throws -> Float {
        let kind = try peekKind()
        guard kind == .number else { throw error("\(what()) must be a number, found \(describeNext())") }
        let t = try readNumberToken()
        let f = float(t)
        guard f.isFinite else {
            throw error("\(what()) \(text(t.range)) is outside the range of a 32-bit float", at: t.range.lowerBound)
        }
        return f
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Correctly rounded: mantissa and 10^|e| are exact doubles, so one multiplication or
    /// division rounds once; converting that double to Float rounds correctly unless it lies
    /// exactly halfway between two floats (or outside the normal range), which falls back to
    /// `strtof`.
    private func float(_ t: NumberToken) -> Float {
        if t.mantissa == 0 && !t.tooManyDigits { return t.negative ? -0.0 : 0.0 }
        if !t.tooManyDigits, t.mantissa < (1 << 53), t.exponent >= -22, t.exponent <= 22 {
            var q = Double(t.mantissa)
            q = t.exponent < 0 ? q / Self.powersOfTen[-t.exponent] : q * Self.powersOfTen[t.exponent]
            let bits = q.bitPattern & 0x1FFF_FFFF
            if bits != 0x1000_0000, q >= Double(Float.leastNormalMagnitude), q <= Double(Float.greatestFiniteMagnitude)
            {
                let f = Float(q)
                return t.negative ? -f : f
            }
        }
        return withCString(t.range) { strtof($0, nil) }
    }

    func double(_ t: NumberToken) -> Double {
        withCString(t.range) { strtod($0, nil) }
    }

    private func withCString<R>(_ range: Range<Int>, _ body: (UnsafePointer<CChar>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: range.count + 1) { buffer in
            for (k, i) in range.enumerated() { buffer[k] = CChar(bitPattern: bytes[i]) }
            buffer[range.count] = 0
            return body(UnsafePointer(buffer.baseAddress!))
        }
    }
}
