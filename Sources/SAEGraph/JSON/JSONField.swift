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

extension JSONScanner {
    /// Reads one value: strings and integers decoded, containers skipped (checked, not built).
    /// - Throws: ``JSONScanError`` on a syntax error.
    mutating func readField() throws -> JSONField {
        switch try peekKind() {
        case .string: return .string(try readString())
        case .object:
            try skipValue()
            return .object
        case .array:
            try skipValue()
            return .array
        case .number:
            let t = try readNumberToken()
            guard t.plainInteger, !t.tooManyDigits, t.mantissa <= UInt64(Int.max) else { return .number }
            return .integer(t.negative ? -Int(t.mantissa) : Int(t.mantissa))
        case .bool:
            _ = try readBool()
            return .bool
        case .null:
            guard try readNull() else { throw expected("a value") }
            return .null
        }
    }

    /// Reads one object: the values of the members named in `keys`, by position (nil where
    /// absent); other members are skipped without being built (a 768-float `embedding` costs
    /// one pass over its bytes and no allocation). A repeated name keeps its last value.
    /// Names without escapes are compared as bytes, undecoded.
    /// - Throws: ``JSONScanError`` on a syntax error, including a value that is not an object.
    /// - Complexity: O(bytes of the object × keys.count) at worst; keys are few.
    mutating func readObject(keeping keys: JSONKeys) throws -> [JSONField?] {
        var fields = [JSONField?](repeating: nil, count: keys.names.count)
        guard try beginObject() else { return fields }
        repeat {
            let key = try readKey()
            if let slot = try slot(of: key, in: keys) {
                fields[slot] = try readField()
            } else {
                try skipValue()
            }
        } while try nextMember()
        return fields
    }

    /// The position in `keys` of a member name, or nil when it is not one of them.
    func slot(of key: RawString, in keys: JSONKeys) throws -> Int? {
        if key.escaped { return keys.names.firstIndex(of: try string(key)) }
        let name = bytes(of: key)
        return keys.utf8.firstIndex { $0.count == name.count && $0.elementsEqual(name) }
    }
}
