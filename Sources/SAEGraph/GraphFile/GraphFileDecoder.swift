import Foundation

/// Reads node-link JSON into a ``LayeredGraph`` (rules documented on
/// ``GraphFile/read(path:importThreshold:)``).
///
/// Two passes: the file is scanned once into flat arrays (node fields, link endpoints as
/// id tokens, link values); then ids are resolved through one dictionary and edges are
/// grouped by layer pair. Node ids of the form `{layer}_{feature}` become integer tokens
/// without allocating a string; other ids are interned.
///
/// Nodes and links in the exact form saegraph writes are read by fast paths
/// (``NodeLinkNode/readCanonical(_:)``, ``LinkRecord/readCanonical(_:)``) that keep what
/// the general reader keeps; a large edge array is read in part on a second thread
/// (``LinkReadAhead``) and grouped on two, with the result and the errors of one thread.
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

/// Everything pass 1 keeps.
struct NodeLinkDocument {
    var directed = true
    var graphAttributes: [(key: String, range: Range<Int>)] = []
    var sawNodes = false
    /// An edge array was read (under `links` or `edges`).
    var sawLinks = false
    /// The edge array read was the one under `edges`.
    var sawEdges = false
    var ids = NodeIDTable()

    // Nodes, by position in the file.
    var nodeLayer: [Int] = []
    var nodeFeature: [Int] = []
    var nodeToken: [Int64] = []
    /// Labels as string tokens (escapes checked), decoded only when shown.
    var labels: [(node: Int, token: JSONScanner.RawString)] = []
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
    /// Each link's optional values in the order of ``LayerPairEdges/optionalValueNames``, one
    /// run of ``linkValueCount`` per link (flat: no allocation per link on this hot path);
    /// empty while no link has one.
    var linkValues: [Float] = []
    /// Where the edge array read lies in the file (for a `links` array that repeats it).
    var linkRange: Range<Int>?
    /// The second half of the edge array, read on a second thread.
    private var readAhead: LinkReadAhead?
    static let linkValueCount = LayerPairEdges.optionalValueNames.count
    /// ``LayerPairEdges/optionalValueNames`` as keys to match.
    static let linkValueKeys: [StaticString] = ["confidence", "z", "p", "row_rank", "column_rank", "score"]
    /// `label_similarity` (NaN where absent); empty while no link has one.
    var linkLabelSimilarity: [Double] = []

    static func parse(_ s: inout JSONScanner) throws -> NodeLinkDocument {
        var doc = NodeLinkDocument()
        s.skipByteOrderMark()
        // A large edge array is read in part on a second thread (see LinkReadAhead), which is
        // always waited for before the bytes go.
        doc.readAhead = LinkReadAhead.start(s)
        defer {
            doc.readAhead?.cancel()
            doc.readAhead?.wait()
        }
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
                } else if s.matches(key, "edges") {
                    // `edges` is preferred: a `links` array read before it is dropped.
                    guard !doc.sawEdges else { throw s.error("the graph has two `edges` arrays; expected one") }
                    doc.dropLinks()
                    try doc.parseLinks(&s)
                    doc.sawEdges = true
                } else if s.matches(key, "links") {
                    // A `links` array beside `edges` repeats it (saegraph writes both): skipped.
                    if doc.sawEdges {
                        // Usually the same bytes: one comparison; else follow brackets and strings.
                        if !(doc.linkRange.map { s.skipRepeat(of: $0) } ?? false) { try s.skipContainerUnchecked() }
                    } else {
                        guard !doc.sawLinks else { throw s.error("the graph has two `links` arrays; expected one") }
                        try doc.parseLinks(&s)
                    }
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
        let node = try NodeLinkNode.readCanonical(&s) ?? NodeLinkNode.read(&s, number: n, ids: &ids)
        func integer(_ field: NodeLinkNode.Field?, _ what: String) throws -> Int? {
            guard let field else { return nil }
            guard case .integer(let v) = field.value else {
                throw s.error(
                    "node \(n)'s \(what) must be an integer, found \(s.text(field.range))", at: field.range.lowerBound)
            }
            return v
        }
        let layerValue = try integer(node.layer, "layer")
        let featureValue = try integer(node.feature, "feature")
        guard let token = node.id else { throw s.error("node \(n) has no `id`", at: start) }
        let id = ids.describe(token)
        guard let layer = layerValue else {
            throw s.error("node \(n) (id \(id)) has no integer `layer` field", at: start)
        }
        guard let feature = featureValue else {
            throw s.error("node \(n) (id \(id)) has no integer `feature` field", at: start)
        }
        guard layer >= 0 else { throw s.error("node \(n) (id \(id)) has a negative layer \(layer)", at: start) }
        guard feature >= 0 else { throw s.error("node \(n) (id \(id)) has a negative feature \(feature)", at: start) }
        guard feature < Int(Int32.max), layer < Int(Int32.max) else {
            throw s.error("node \(n) (id \(id)): layer \(layer) or feature \(feature) is too large", at: start)
        }
        nodeLayer.append(layer)
        nodeFeature.append(feature)
        nodeToken.append(token)
        if let token = node.labelToken { labels.append((n, token)) }
        if node.hasBestMatch { anyBest = true }
        bestNext.append(node.bestNext)
        bestNextCos.append(node.bestNextCosine)
        bestPrevious.append(node.bestPrevious)
        bestPreviousCos.append(node.bestPreviousCosine)
    }

    /// Forgets a `links` array read before an `edges` array.
    mutating func dropLinks() {
        sawLinks = false
        linkSource = []
        linkTarget = []
        linkValue = []
        linkValues = []
        linkLabelSimilarity = []
        linkRange = nil
    }

    private mutating func parseLinks(_ s: inout JSONScanner) throws {
        guard try s.peekKind() == .array else { throw s.error("`links` must be an array") }
        sawLinks = true
        let start = s.position
        if let reader = readAhead { reserveLinks(bytes: reader.expectedEnd - start) }
        if try s.beginArray() {
            repeat {
                s.skipWhitespace()
                if let reader = readAhead, s.position >= reader.split {
                    readAhead = nil
                    if s.position == reader.split {
                        reader.wait()
                        if reader.resume > reader.split {
                            append(contentsOf: reader.links)
                            s.position = reader.resume
                            continue
                        }
                    } else {
                        reader.cancel()
                        reader.wait()
                    }
                }
                if let link = LinkRecord.readCanonical(&s) { append(link) } else { try parseLink(&s) }
            } while try s.nextElement()
        }
        linkRange = start..<s.position
    }

    /// Reserves room for the links of about `bytes` bytes of a saegraph edge array (no fewer
    /// than 48 bytes a link; room reserved and never used is never touched).
    mutating func reserveLinks(bytes: Int) {
        let n = linkSource.count + max(bytes, 0) / 48
        linkSource.reserveCapacity(n)
        linkTarget.reserveCapacity(n)
        linkValue.reserveCapacity(n)
    }

    /// Keeps the links of `other`, after those kept so far.
    private mutating func append(contentsOf other: NodeLinkDocument) {
        let (n, m) = (linkSource.count, other.linkSource.count)
        linkSource.append(contentsOf: other.linkSource)
        linkTarget.append(contentsOf: other.linkTarget)
        linkValue.append(contentsOf: other.linkValue)
        if !linkValues.isEmpty || !other.linkValues.isEmpty {
            if linkValues.isEmpty { linkValues = [Float](repeating: .nan, count: n * Self.linkValueCount) }
            if other.linkValues.isEmpty {
                linkValues.append(contentsOf: repeatElement(.nan, count: m * Self.linkValueCount))
            } else {
                linkValues.append(contentsOf: other.linkValues)
            }
        }
        if !linkLabelSimilarity.isEmpty || !other.linkLabelSimilarity.isEmpty {
            if linkLabelSimilarity.isEmpty { linkLabelSimilarity = [Double](repeating: .nan, count: n) }
            if other.linkLabelSimilarity.isEmpty {
                linkLabelSimilarity.append(contentsOf: repeatElement(.nan, count: m))
            } else {
                linkLabelSimilarity.append(contentsOf: other.linkLabelSimilarity)
            }
        }
    }

    /// Keeps one link read.
    mutating func append(_ link: LinkRecord) {
        let n = linkSource.count
        linkSource.append(link.source)
        linkTarget.append(link.target)
        linkValue.append(link.similarity.isNaN ? link.weight : link.similarity)
        if link.hasValues || !linkValues.isEmpty {
            if linkValues.isEmpty { linkValues = [Float](repeating: .nan, count: n * Self.linkValueCount) }
            for k in 0..<Self.linkValueCount { linkValues.append(link.values[k]) }
        }
        if !link.labelSimilarity.isNaN || !linkLabelSimilarity.isEmpty {
            if linkLabelSimilarity.isEmpty { linkLabelSimilarity = [Double](repeating: .nan, count: n) }
            linkLabelSimilarity.append(link.labelSimilarity)
        }
    }

    private mutating func parseLink(_ s: inout JSONScanner) throws {
        let n = linkSource.count
        s.skipWhitespace()
        let start = s.position
        guard try s.peekKind() == .object else { throw s.error("link \(n) is not a JSON object") }
        var source: Int64?
        var target: Int64?
        var link = LinkRecord()
        if try s.beginObject() {
            repeat {
                let key = try s.readKey()
                if try s.readNull() { continue }
                if s.matches(key, "source") {
                    source = try ids.read(&s, "link \(n)'s source")
                } else if s.matches(key, "target") {
                    target = try ids.read(&s, "link \(n)'s target")
                } else if s.matches(key, "similarity") {
                    link.similarity = try s.readFloat("link \(n)'s similarity")
                } else if s.matches(key, "weight") {
                    link.weight = try s.readFloat("link \(n)'s weight")
                } else if let v = Self.linkValueKeys.firstIndex(where: { s.matches(key, $0) }) {
                    link.values[v] = try s.readFloat("link \(n)'s \(LayerPairEdges.optionalValueNames[v])")
                } else if s.matches(key, "label_similarity") {
                    guard try s.peekKind() == .number else {
                        throw s.error("link \(n)'s label_similarity must be a number")
                    }
                    link.labelSimilarity = s.double(try s.readNumberToken())
                } else {
                    try s.skipValue()
                }
            } while try s.nextMember()
        }
        guard let source else { throw s.error("link \(n) has no `source`", at: start) }
        guard let target else { throw s.error("link \(n) has no `target`", at: start) }
        (link.source, link.target) = (source, target)
        append(link)
    }
}
