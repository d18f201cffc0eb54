import Foundation

/// Reads node-link JSON into a ``LayeredGraph`` (rules documented on
/// ``GraphFile/read(path:importThreshold:)``).
///
/// Two passes: the file is scanned once into flat arrays (node fields, link endpoints as
/// id tokens, link values); then ids are resolved through one dictionary and edges are
/// grouped by layer pair. Node ids of the form `{layer}_{feature}` become integer tokens
/// without allocating a string; other ids are interned.
///
/// - Complexity: O(bytes + links) when links come ordered by (layer pair, source, target),
///   as saegraph writes them; O(links × log(links)) otherwise.
enum GraphFileDecoder {
    static func decode(_ data: Data, name: String, importThreshold: Float) throws -> LayeredGraph {
        try JSONScanner.scan(data, name: name) { s in
            let raw = try NodeLinkDocument.parse(&s)
            return try GraphFileAssembly(raw: raw, name: name, threshold: importThreshold).graph(&s)
        }
    }
}

// MARK: - Pass 1: the file as flat arrays

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

    /// The id as it reads in JSON, for messages.
    func describe(_ token: Int64) -> String {
        if token >= 0 { return "\"\(token >> 32)_\(token & 0xFFFF_FFFF)\"" }
        let key = keys[Int(-token) - 1]
        return key.hasPrefix("s") ? "\"\(key.dropFirst())\"" : String(key.dropFirst())
    }
}

/// Everything pass 1 keeps.
struct NodeLinkDocument {
    var directed = true
    var graphAttributes: [(key: String, range: Range<Int>)] = []
    var sawNodes = false
    var sawLinks = false
    var ids = NodeIDTable()

    // Nodes, by position in the file.
    var nodeLayer: [Int] = []
    var nodeFeature: [Int] = []
    var nodeToken: [Int64] = []
    var labels: [(node: Int, text: String)] = []
    var bestNext: [Int32] = []
    var bestNextCos: [Float] = []
    var bestPrevious: [Int32] = []
    var bestPreviousCos: [Float] = []
    var anyBest = false

    // Links, by position in the file.
    var linkSource: [Int64] = []
    var linkTarget: [Int64] = []
    /// `similarity`, else `weight`, else NaN.
    var linkValue: [Float] = []
    var linkZ: [Float] = []
    var linkP: [Float] = []

    static func parse(_ s: inout JSONScanner) throws -> NodeLinkDocument {
        var doc = NodeLinkDocument()
        s.skipByteOrderMark()
        if s.atEnd() { throw s.error("the file is empty; expected a networkx node-link graph") }
        guard (try? s.peekKind()) == .object else {
            throw s.error("not a JSON object; expected a networkx node-link graph {\"nodes\": [...], \"links\": [...]}")
        }
        if try s.beginObject() {
            repeat {
                let key = try s.readKey()
                if s.matches(key, "directed") {
                    if try s.peekKind() == .bool { doc.directed = try s.readBool() } else { try s.skipValue() }
                } else if s.matches(key, "graph") {
                    try doc.parseGraphAttributes(&s)
                } else if s.matches(key, "nodes") {
                    try doc.parseNodes(&s)
                } else if s.matches(key, "links") || s.matches(key, "edges") {
                    guard !doc.sawLinks else { throw s.error("the graph has both `links` and `edges`; expected one") }
                    try doc.parseLinks(&s)
                } else {
                    try s.skipValue()
                }
            } while try s.nextMember()
        }
        guard s.atEnd() else { throw s.error("unexpected text after the graph's closing '}'") }
        guard doc.sawNodes else { throw s.error("not a node-link graph: no `nodes` array") }
        guard doc.sawLinks else { throw s.error("not a node-link graph: no `links` (or `edges`) array") }
        return doc
    }

    private mutating func parseGraphAttributes(_ s: inout JSONScanner) throws {
        guard try s.peekKind() == .object else { throw s.error("`graph` must be an object of graph attributes") }
        if try s.beginObject() {
            repeat {
                let key = try s.string(s.readKey())
                graphAttributes.append((key, try s.skipValue()))
            } while try s.nextMember()
        }
    }

    private mutating func parseNodes(_ s: inout JSONScanner) throws {
        guard try s.peekKind() == .array else { throw s.error("`nodes` must be an array") }
        sawNodes = true
        guard try s.beginArray() else { return }
        repeat { try parseNode(&s) } while try s.nextElement()
    }

    private mutating func parseNode(_ s: inout JSONScanner) throws {
        let n = nodeLayer.count
        s.skipWhitespace()
        let start = s.position
        guard try s.peekKind() == .object else { throw s.error("node \(n) is not a JSON object") }
        var layer: Int?
        var feature: Int?
        var token: Int64?
        var label: String?
        var labelRank = 0  // 3 label, 2 explanation, 1 description
        var best: (Int32, Float, Int32, Float) = (-1, .nan, -1, .nan)
        if try s.beginObject() {
            repeat {
                let key = try s.readKey()
                if try s.readNull() { continue }
                if s.matches(key, "id") {
                    token = try ids.read(&s, "node \(n)'s id")
                } else if s.matches(key, "layer") {
                    layer = try s.readInt("node \(n)'s layer")
                } else if s.matches(key, "feature") {
                    feature = try s.readInt("node \(n)'s feature")
                } else if let rank = Self.labelRank(s, key) {
                    guard try s.peekKind() == .string else {
                        try s.skipValue()
                        continue
                    }
                    let text = try s.readString()
                    if rank > labelRank, !text.isEmpty { (label, labelRank) = (text, rank) }
                } else if s.matches(key, "best_next") {
                    best.0 = try Self.index(&s, "node \(n)'s best_next")
                } else if s.matches(key, "best_next_cos") {
                    best.1 = try s.readFloat("node \(n)'s best_next_cos")
                } else if s.matches(key, "best_prev") {
                    best.2 = try Self.index(&s, "node \(n)'s best_prev")
                } else if s.matches(key, "best_prev_cos") {
                    best.3 = try s.readFloat("node \(n)'s best_prev_cos")
                } else {
                    try s.skipValue()
                }
            } while try s.nextMember()
        }
        guard let token else { throw s.error("node \(n) has no `id`", at: start) }
        let id = ids.describe(token)
        guard let layer else { throw s.error("node \(n) (id \(id)) has no integer `layer` field", at: start) }
        guard let feature else { throw s.error("node \(n) (id \(id)) has no integer `feature` field", at: start) }
        guard layer >= 0 else { throw s.error("node \(n) (id \(id)) has a negative layer \(layer)", at: start) }
        guard feature >= 0 else { throw s.error("node \(n) (id \(id)) has a negative feature \(feature)", at: start) }
        guard feature < Int(Int32.max), layer < Int(Int32.max) else {
            throw s.error("node \(n) (id \(id)): layer \(layer) or feature \(feature) is too large", at: start)
        }
        nodeLayer.append(layer)
        nodeFeature.append(feature)
        nodeToken.append(token)
        if let label { labels.append((n, label)) }
        if best.0 >= 0 || best.1.isFinite || best.2 >= 0 || best.3.isFinite { anyBest = true }
        bestNext.append(best.0)
        bestNextCos.append(best.1)
        bestPrevious.append(best.2)
        bestPreviousCos.append(best.3)
    }

    private static func labelRank(_ s: JSONScanner, _ key: JSONScanner.RawString) -> Int? {
        if s.matches(key, "label") { return 3 }
        if s.matches(key, "explanation") { return 2 }
        if s.matches(key, "description") { return 1 }
        return nil
    }

    private static func index(_ s: inout JSONScanner, _ what: @autoclosure () -> String) throws -> Int32 {
        let v = try s.readInt(what())
        guard v >= 0, v < Int(Int32.max) else { throw s.error("\(what()) \(v) is not a feature index") }
        return Int32(v)
    }

    private mutating func parseLinks(_ s: inout JSONScanner) throws {
        guard try s.peekKind() == .array else { throw s.error("`links` must be an array") }
        sawLinks = true
        guard try s.beginArray() else { return }
        repeat { try parseLink(&s) } while try s.nextElement()
    }

    private mutating func parseLink(_ s: inout JSONScanner) throws {
        let n = linkSource.count
        s.skipWhitespace()
        let start = s.position
        guard try s.peekKind() == .object else { throw s.error("link \(n) is not a JSON object") }
        var source: Int64?
        var target: Int64?
        var similarity = Float.nan
        var weight = Float.nan
        var z = Float.nan
        var p = Float.nan
        if try s.beginObject() {
            repeat {
                let key = try s.readKey()
                if try s.readNull() { continue }
                if s.matches(key, "source") {
                    source = try ids.read(&s, "link \(n)'s source")
                } else if s.matches(key, "target") {
                    target = try ids.read(&s, "link \(n)'s target")
                } else if s.matches(key, "similarity") {
                    similarity = try s.readFloat("link \(n)'s similarity")
                } else if s.matches(key, "weight") {
                    weight = try s.readFloat("link \(n)'s weight")
                } else if s.matches(key, "z") {
                    z = try s.readFloat("link \(n)'s z")
                } else if s.matches(key, "p") {
                    p = try s.readFloat("link \(n)'s p")
                } else {
                    try s.skipValue()
                }
            } while try s.nextMember()
        }
        guard let source else { throw s.error("link \(n) has no `source`", at: start) }
        guard let target else { throw s.error("link \(n) has no `target`", at: start) }
        linkSource.append(source)
        linkTarget.append(target)
        linkValue.append(similarity.isNaN ? weight : similarity)
        linkZ.append(z)
        linkP.append(p)
    }
}
