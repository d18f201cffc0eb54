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
/// Why a hand-written scanner: measured with `Benchmarks/GraphFileBench` `json-bench` (release
/// build, 2-core Intel Xeon under load; CPU seconds, medians), reading the 87 MB graph file
/// (100,000 nodes, 1,000,000 edges) takes 0.41 s with this scanner (checks and assembly
/// included) against 3.51 s with `JSONDecoder` and 6.42 s with `JSONSerialization`; the 53,624-row
/// label export 0.15 s against 0.35 s and 0.30 s. See Benchmarks/README.md.
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

    let bytes: UnsafeBufferPointer<UInt8>
    /// The name used in error messages (usually the file path).
    let name: String
    /// Offset of the next unread byte.
    var position = 0
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

    func describeNext() -> String {
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

    mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws {
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

    /// Reads an array whose elements `element` reads.
    /// - Throws: ``JSONScanError`` when the value is not an array; what `element` throws.
    mutating func readArray<T>(_ element: (inout JSONScanner) throws -> T) throws -> [T] {
        var items: [T] = []
        if try beginArray() {
            repeat { items.append(try element(&self)) } while try nextElement()
        }
        return items
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

    /// Skips an array or object following only strings (with their escapes) and bracket
    /// nesting, without checking the syntax inside: several times faster than ``skipValue(depth:)``,
    /// for a value known to repeat one already read (the graph file's `links` after `edges`).
    /// - Throws: when the next value is not an array or object, or is not closed before the end.
    /// - Complexity: O(bytes of the value).
    @discardableResult
    mutating func skipContainerUnchecked() throws -> Range<Int> {
        skipWhitespace()
        let start = position
        guard position < bytes.count, bytes[position] == UInt8(ascii: "[") || bytes[position] == UInt8(ascii: "{")
        else { throw expected("'[' or '{'") }
        var depth = 0
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            switch b {
            case UInt8(ascii: "\""):
                while position < bytes.count {
                    let c = bytes[position]
                    position += c == UInt8(ascii: "\\") ? 2 : 1
                    if c == UInt8(ascii: "\"") { break }
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return start..<position }
            default:
                break
            }
        }
        throw syntaxError("unterminated array or object", at: start)
    }

    /// Skips a value whose bytes repeat those of `range` (an array or object read before)
    /// exactly, byte for byte: the repeat is then the same well-formed value, so it is skipped
    /// with one comparison. Returns false, consuming nothing, when the bytes differ.
    /// A large value is compared in pieces on every core (a 70 MB edge array: 10 ms on one).
    /// - Complexity: O(bytes of the value), at the speed of `memcmp`.
    mutating func skipRepeat(of range: Range<Int>) -> Bool {
        skipWhitespace()
        guard !range.isEmpty, range.lowerBound >= 0, position + range.count <= bytes.count,
            let base = bytes.baseAddress
        else { return false }
        let (a, b) = (UncheckedPointer(base + position), UncheckedPointer(base + range.lowerBound))
        let pieces = (range.count + Self.repeatPiece - 1) / Self.repeatPiece
        let threads = pieces > 1 ? ProcessInfo.processInfo.activeProcessorCount : 1
        let same = parallelRuns(count: pieces, threads: threads) { run in
            let start = run.lowerBound * Self.repeatPiece
            let end = min(run.upperBound * Self.repeatPiece, range.count)
            return memcmp(a.value + start, b.value + start, end - start) == 0
        }
        guard !same.contains(false) else { return false }
        position += range.count
        return true
    }

    /// Bytes of a piece of ``skipRepeat(of:)``'s comparison.
    static let repeatPiece = 1 << 20

    // MARK: Literals

    /// Consumes `text` when the bytes at the position are exactly it (no whitespace skipped);
    /// returns whether it did.
    ///
    /// Eight bytes or more are compared as two overlapping 8-byte words (the first and the
    /// last eight), fewer byte by byte: the fast paths of the graph reader match a handful of
    /// such keys per link.
    @inline(__always)
    mutating func literal(_ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard position + n <= bytes.count, let base = bytes.baseAddress else { return false }
        let p = text.utf8Start
        if n >= 8 {
            let here = UnsafeRawPointer(base + position)
            let want = UnsafeRawPointer(p)
            guard here.loadUnaligned(as: UInt64.self) == want.loadUnaligned(as: UInt64.self),
                here.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                    == want.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            else { return false }
            if n > 16 {
                for i in 8..<(n - 8) where base[position + i] != p[i] { return false }
            }
        } else {
            for i in 0..<n where base[position + i] != p[i] { return false }
        }
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
}

/// A pointer into the scanned bytes handed to the threads of ``JSONScanner/skipRepeat(of:)``,
/// which only read through it while the call lasts.
private struct UncheckedPointer: @unchecked Sendable {
    let value: UnsafePointer<UInt8>
    init(_ value: UnsafePointer<UInt8>) { self.value = value }
}
