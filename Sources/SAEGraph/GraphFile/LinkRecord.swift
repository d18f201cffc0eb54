/// One link of a node-link file as the graph reader keeps it, and the fast path that reads
/// the links saegraph writes.
///
/// ``readCanonical(_:)`` accepts only the exact form of saegraph's writer,
/// `{"source": "6_50", "target": "7_9", "similarity": 0.81}` with any of the optional
/// values (`weight`, `confidence`, `z`, `p`, `row_rank`, `column_rank`,
/// `label_similarity`) after the ids, one space after each colon and comma, no other
/// whitespace, every value a number. Anything else (another key order, a `null`, a number
/// out of range, an escape in an id, a syntax error) makes it give up without consuming a
/// byte, and the general reader reads the link, with its checks and messages. What the fast
/// path keeps is what the general reader would keep for the same bytes.
struct LinkRecord {
    var source: Int64 = 0
    var target: Int64 = 0
    var similarity = Float.nan
    var weight = Float.nan
    /// The optional values, by position in ``LayerPairEdges/optionalValueNames`` (lanes
    /// beyond them unused); NaN where absent.
    var values = SIMD8<Float>(repeating: .nan)
    var labelSimilarity = Double.nan

    /// True when some optional value is present.
    var hasValues: Bool {
        for k in 0..<NodeLinkDocument.linkValueCount where !values[k].isNaN { return true }
        return false
    }

    /// Reads the link at the scanner (at its `{`) when it has saegraph's exact form; else
    /// returns nil and leaves the position where it was.
    /// - Complexity: O(bytes of the link).
    static func readCanonical(_ s: inout JSONScanner) -> LinkRecord? {
        let start = s.position
        var link = LinkRecord()
        guard s.literal("{\"source\": "), let source = s.readCanonicalID(), s.literal(", \"target\": "),
            let target = s.readCanonicalID()
        else {
            s.position = start
            return nil
        }
        (link.source, link.target) = (source, target)
        while s.literal(", \"") {
            guard let key = Key(&s), s.literal("\": "), let t = try? s.readNumberToken(),
                s.position < s.bytes.count,
                s.bytes[s.position] == UInt8(ascii: ",") || s.bytes[s.position] == UInt8(ascii: "}")
            else {
                s.position = start
                return nil
            }
            switch key {
            case .labelSimilarity:
                link.labelSimilarity = s.double(t)
            case .similarity, .weight, .value:
                let f = s.float(t)
                guard f.isFinite else {
                    s.position = start
                    return nil
                }
                if case .value(let k) = key {
                    link.values[k] = f
                } else if key == .similarity {
                    link.similarity = f
                } else {
                    link.weight = f
                }
            }
        }
        guard s.literal("}") else {
            s.position = start
            return nil
        }
        return link
    }

    /// A key the fast path knows, read up to its closing quote.
    private enum Key: Equatable {
        case similarity, weight, labelSimilarity
        /// An optional value, by position in ``LayerPairEdges/optionalValueNames``.
        case value(Int)

        init?(_ s: inout JSONScanner) {
            if s.literal("similarity") {
                self = .similarity
            } else if s.literal("weight") {
                self = .weight
            } else if s.literal("label_similarity") {
                self = .labelSimilarity
            } else if let k = NodeLinkDocument.linkValueKeys.firstIndex(where: { s.literal($0) }) {
                self = .value(k)
            } else {
                return nil
            }
            // A longer key that starts like a known one ("similarity2") is not that key.
            guard s.position < s.bytes.count, s.bytes[s.position] == UInt8(ascii: "\"") else { return nil }
        }
    }
}
