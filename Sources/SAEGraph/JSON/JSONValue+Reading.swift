import Foundation

extension JSONScanner {
    /// Reads one value of any type into a ``JSONValue`` (for small documents: graph
    /// attributes, configs, headers). Integers written without fraction or exponent that fit
    /// in `Int` become ``JSONValue/int(_:)``, every other number ``JSONValue/double(_:)``
    /// (correctly rounded); object members keep their order (a repeated name keeps both).
    /// - Throws: ``JSONScanError`` on a syntax error or nesting deeper than 512.
    /// - Complexity: O(bytes of the value).
    mutating func readValue(depth: Int = 0) throws -> JSONValue {
        guard depth < 512 else { throw syntaxError("values nested more than 512 deep") }
        switch try peekKind() {
        case .string: return .string(try readString())
        case .number:
            let t = try readNumberToken()
            if t.plainInteger, !t.tooManyDigits, t.mantissa <= UInt64(Int.max) {
                return .int(t.negative ? -Int(t.mantissa) : Int(t.mantissa))
            }
            return .double(double(t))
        case .bool: return .bool(try readBool())
        case .null:
            guard try readNull() else { throw expected("a value") }
            return .null
        case .array:
            var items: [JSONValue] = []
            if try beginArray() {
                repeat { items.append(try readValue(depth: depth + 1)) } while try nextElement()
            }
            return .array(items)
        case .object:
            var fields: [(String, JSONValue)] = []
            if try beginObject() {
                repeat {
                    let key = try string(readKey())
                    fields.append((key, try readValue(depth: depth + 1)))
                } while try nextMember()
            }
            return .object(fields)
        }
    }
}

extension JSONValue {
    /// Parses one JSON document (surrounding whitespace allowed).
    /// - Throws: ``SAEGraphError`` `.malformedFile` naming `name`, the line and column.
    public static func parse(_ bytes: [UInt8], name: String) throws -> JSONValue {
        try JSONScanner.scan(Data(bytes), name: name) { s in
            s.skipByteOrderMark()
            let value = try s.readValue()
            guard s.atEnd() else { throw s.error("unexpected text after the JSON value") }
            return value
        }
    }

    /// The member `key` of an object (the last one of that name), or nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.last { $0.0 == key }?.1
    }

    /// The number, as a `Double` (nil for any other type).
    public var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .float(let f): Double(f)
        case .double(let d): d
        default: nil
        }
    }

    /// The number when it is an integer (nil for a fraction or any other type).
    public var integer: Int? {
        switch self {
        case .int(let i): i
        case .double(let d) where d == d.rounded() && abs(d) < 9.0e15: Int(d)
        case .float(let f) where f == f.rounded() && abs(f) < 9.0e15: Int(f)
        default: nil
        }
    }

    /// The value of a boolean (nil for any other type).
    public var boolean: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The text of a string (nil for any other type).
    public var text: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements of an array (nil for any other type).
    public var elements: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The members of an object in order (nil for any other type).
    public var members: [(String, JSONValue)]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    /// The JSON type, for messages.
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .int, .float, .double: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
