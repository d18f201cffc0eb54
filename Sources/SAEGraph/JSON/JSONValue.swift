/// A JSON document built in code and written with a fixed key order (the order given), so
/// listings are byte-for-byte deterministic.
///
/// Numbers: integers as integers; `Float` values with their shortest round-trip text
/// (`0.9`, not `0.8999999761581421`); `Double` likewise; NaN and infinities as `null`.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case float(Float)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// A string, or `null` when nil.
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// The text, two-space indented, ending with a newline at top level.
    public func rendered() -> String {
        var w = JSONByteWriter()
        write(into: &w, indent: 0)
        w.byte(0x0A)
        return w.text
    }

    private func write(into w: inout JSONByteWriter, indent: Int) {
        switch self {
        case .string(let s): w.string(s)
        case .int(let i): w.int(i)
        case .float(let f): w.float(f)
        case .double(let d): w.double(d)
        case .bool(let b): w.bool(b)
        case .null: w.raw("null")
        case .array(let items):
            if items.isEmpty {
                w.raw("[]")
                return
            }
            w.raw("[\n")
            for (i, v) in items.enumerated() {
                Self.indent(&w, indent + 1)
                v.write(into: &w, indent: indent + 1)
                w.raw(i + 1 < items.count ? ",\n" : "\n")
            }
            Self.indent(&w, indent)
            w.raw("]")
        case .object(let fields):
            if fields.isEmpty {
                w.raw("{}")
                return
            }
            w.raw("{\n")
            for (i, (k, v)) in fields.enumerated() {
                Self.indent(&w, indent + 1)
                w.string(k)
                w.raw(": ")
                v.write(into: &w, indent: indent + 1)
                w.raw(i + 1 < fields.count ? ",\n" : "\n")
            }
            Self.indent(&w, indent)
            w.raw("}")
        }
    }

    private static func indent(_ w: inout JSONByteWriter, _ depth: Int) {
        for _ in 0..<depth { w.raw("  ") }
    }

    /// `s` as a JSON string literal, escaped as ``JSONByteWriter`` escapes every string:
    /// quotes, backslashes and control characters (`\n`, `\t`, … or `\u00XX`), U+2028/U+2029;
    /// everything else, non-ASCII included, kept as UTF-8.
    public static func quote(_ s: String) -> String {
        JSONByteWriter.quoted(s)
    }
}
