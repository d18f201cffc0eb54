/// One node of a networkx node-link file, as saegraph reads it: the one node model behind
/// both the graph-file reader (``GraphFile/read(path:importThreshold:)``) and the node-link
/// label reader (``LabelLoader``).
///
/// Members read (a member that is `null` counts as absent; every other member is skipped
/// unread):
/// - `id`: a string or a number, as a ``NodeIDTable`` token;
/// - `layer`, `feature`: kept as written (``JSONField``, with their bytes) so each reader
///   decides what it accepts: the graph reader integers (`6` or `6.0`), the label reader
///   digit strings too;
/// - the label, by saegraph's one label precedence: **`label`, else `explanation`, else
///   `description`**, the first of them that is a non-empty string (other values are
///   ignored), kept as its string token (escapes checked, not decoded): see ``label(_:)``;
/// - `best_next`, `best_prev` (feature indices of the next / previous layer) and
///   `best_next_cos`, `best_prev_cos` (their cosines), as saegraph writes them.
struct NodeLinkNode {
    /// A `layer` or `feature` member as written.
    struct Field {
        var value: JSONField
        /// The value's bytes, for messages.
        var range: Range<Int>
    }

    var id: Int64?
    var layer: Field?
    var feature: Field?
    /// The label's string token, not decoded.
    var labelToken: JSONScanner.RawString?
    var bestNext: Int32 = -1
    var bestNextCosine = Float.nan
    var bestPrevious: Int32 = -1
    var bestPreviousCosine = Float.nan

    /// The members that can hold a node's label, in precedence order.
    static let labelKeys = ["label", "explanation", "description"]

    /// True when the node records any best match.
    var hasBestMatch: Bool {
        bestNext >= 0 || bestNextCosine.isFinite || bestPrevious >= 0 || bestPreviousCosine.isFinite
    }

    /// Reads the object at the scanner; `n` is the node's position, for messages.
    /// - Throws: ``JSONScanError`` on a syntax error; ``SAEGraphError`` for an id that is
    ///   neither a string nor a number, or a best match that is not an index or a cosine.
    /// - Complexity: O(bytes of the node).
    static func read(_ s: inout JSONScanner, number n: Int, ids: inout NodeIDTable) throws -> NodeLinkNode {
        var node = NodeLinkNode()
        var rankSoFar = 0  // 3 label, 2 explanation, 1 description
        guard try s.beginObject() else { return node }
        repeat {
            let key = try s.readKey()
            if try s.readNull() { continue }
            if s.matches(key, "id") {
                node.id = try ids.read(&s, "node \(n)'s id")
            } else if s.matches(key, "layer") {
                node.layer = try field(&s)
            } else if s.matches(key, "feature") {
                node.feature = try field(&s)
            } else if let rank = labelRank(s, key) {
                guard try s.peekKind() == .string else {
                    try s.skipValue()
                    continue
                }
                let token = try s.readRawString()
                try s.checkEscapes(token)
                // A non-empty token decodes to a non-empty text: every escape gives a character.
                if rank > rankSoFar, token.end > token.start { (node.labelToken, rankSoFar) = (token, rank) }
            } else if s.matches(key, "best_next") {
                node.bestNext = try index(&s, "node \(n)'s best_next")
            } else if s.matches(key, "best_next_cos") {
                node.bestNextCosine = try s.readFloat("node \(n)'s best_next_cos")
            } else if s.matches(key, "best_prev") {
                node.bestPrevious = try index(&s, "node \(n)'s best_prev")
            } else if s.matches(key, "best_prev_cos") {
                node.bestPreviousCosine = try s.readFloat("node \(n)'s best_prev_cos")
            } else {
                try s.skipValue()
            }
        } while try s.nextMember()
        return node
    }

    /// Reads the node at the scanner (at its `{`) when it has the exact form saegraph writes,
    /// `{"id": "6_50", "layer": 6, "feature": 50}` then any of `label`, `url` (strings),
    /// `best_next`, `best_prev` (feature indices), `best_next_cos`, `best_prev_cos` (finite
    /// numbers), with one space after each colon and comma and no other whitespace; else
    /// returns nil and leaves the position where it was, for ``read(_:number:ids:)``, whose
    /// checks and messages then apply. A node read here is the node ``read(_:number:ids:)``
    /// reads from the same bytes.
    /// - Complexity: O(bytes of the node).
    static func readCanonical(_ s: inout JSONScanner) -> NodeLinkNode? {
        let start = s.position
        var node = NodeLinkNode()
        guard s.literal("{\"id\": "), let id = s.readCanonicalID(), s.literal(", \"layer\": "),
            let layer = canonicalInteger(&s), s.literal(", \"feature\": "), let feature = canonicalInteger(&s)
        else {
            s.position = start
            return nil
        }
        node.id = id
        node.layer = Field(value: .integer(layer.value), range: layer.range)
        node.feature = Field(value: .integer(feature.value), range: feature.range)
        while s.literal(", \"") {
            var ok = false
            if s.literal("label\": ") {
                if s.position < s.bytes.count, s.bytes[s.position] == UInt8(ascii: "\""),
                    let token = try? s.readRawString(), (try? s.checkEscapes(token)) != nil
                {
                    // The first non-empty `label` wins, as in read(_:number:ids:).
                    if node.labelToken == nil, token.end > token.start { node.labelToken = token }
                    ok = true
                }
            } else if s.literal("url\": ") {
                ok =
                    s.position < s.bytes.count && s.bytes[s.position] == UInt8(ascii: "\"")
                    && (try? s.readRawString()) != nil
            } else if s.literal("best_next\": ") {
                if let v = canonicalIndex(&s) { (node.bestNext, ok) = (v, true) }
            } else if s.literal("best_next_cos\": ") {
                if let v = canonicalFloat(&s) { (node.bestNextCosine, ok) = (v, true) }
            } else if s.literal("best_prev\": ") {
                if let v = canonicalIndex(&s) { (node.bestPrevious, ok) = (v, true) }
            } else if s.literal("best_prev_cos\": ") {
                if let v = canonicalFloat(&s) { (node.bestPreviousCosine, ok) = (v, true) }
            }
            guard ok, s.position < s.bytes.count,
                s.bytes[s.position] == UInt8(ascii: ",") || s.bytes[s.position] == UInt8(ascii: "}")
            else {
                s.position = start
                return nil
            }
        }
        guard s.literal("}") else {
            s.position = start
            return nil
        }
        return node
    }

    /// A number at the position (no whitespace before it) that is a whole number.
    private static func canonicalInteger(_ s: inout JSONScanner) -> (value: Int, range: Range<Int>)? {
        guard s.position < s.bytes.count,
            s.bytes[s.position] &- UInt8(ascii: "0") < 10 || s.bytes[s.position] == UInt8(ascii: "-"),
            let t = try? s.readNumberToken(), let v = s.integer(t)
        else { return nil }
        return (v, t.range)
    }

    private static func canonicalIndex(_ s: inout JSONScanner) -> Int32? {
        guard let v = canonicalInteger(&s)?.value, v >= 0, v < Int(Int32.max) else { return nil }
        return Int32(v)
    }

    private static func canonicalFloat(_ s: inout JSONScanner) -> Float? {
        guard s.position < s.bytes.count,
            s.bytes[s.position] &- UInt8(ascii: "0") < 10 || s.bytes[s.position] == UInt8(ascii: "-"),
            let t = try? s.readNumberToken()
        else { return nil }
        let f = s.float(t)
        return f.isFinite ? f : nil
    }

    /// The label, decoded with the scanner that read the node.
    func label(_ s: JSONScanner) throws -> String? {
        try labelToken.map { try s.string($0) }
    }

    private static func labelRank(_ s: JSONScanner, _ key: JSONScanner.RawString) -> Int? {
        if s.matches(key, "label") { return 3 }
        if s.matches(key, "explanation") { return 2 }
        if s.matches(key, "description") { return 1 }
        return nil
    }

    /// A value as written; a number is ``JSONField/integer(_:)`` when it is a whole number
    /// (`6` or `6.0`).
    private static func field(_ s: inout JSONScanner) throws -> Field {
        s.skipWhitespace()
        let start = s.position
        if try s.peekKind() == .number {
            let t = try s.readNumberToken()
            return Field(value: s.integer(t).map(JSONField.integer) ?? .number, range: start..<s.position)
        }
        let value = try s.readField()
        return Field(value: value, range: start..<s.position)
    }

    private static func index(_ s: inout JSONScanner, _ what: @autoclosure () -> String) throws -> Int32 {
        let v = try s.readInt(what())
        guard v >= 0, v < Int(Int32.max) else { throw s.error("\(what()) \(v) is not a feature index") }
        return Int32(v)
    }
}
