import Algorithms

/// Labels kept as the JSON string tokens they were read as, decoded only when asked for.
///
/// The graph reader copies each label's token (the bytes between the quotes, escapes not
/// decoded) into one buffer and records where it lies, so a graph of 100,000 labelled
/// nodes builds no string and no dictionary entry for a label that no command shows. Escapes
/// are checked when the tokens are read (``JSONScanner/checkEscapes(_:)``), so decoding here
/// cannot fail.
///
/// - Complexity: a lookup is a binary search over the labelled features, O(log n), plus
///   decoding the one token.
struct EncodedLabels: Sendable, Equatable {
    /// Labelled features, strictly ascending.
    private(set) var features: [FeatureID] = []
    /// Where each feature's token lies in `bytes`, parallel to `features`.
    private var tokens: [JSONScanner.RawString] = []
    /// The tokens, one after another.
    private var bytes: [UInt8] = []

    /// Builds the table from tokens given in any order; a feature given twice keeps its
    /// last token (as a dictionary assignment would).
    /// - Parameter entries: each feature with its token's bytes and whether they hold an
    ///   escape; empty tokens are left out (an empty label is no label).
    init(_ entries: [(feature: FeatureID, token: UnsafeBufferPointer<UInt8>, escaped: Bool)]) {
        var order = entries.indices.filter { !entries[$0].token.isEmpty }
        // Nodes come by feature in saegraph's files: sorted only when they do not.
        if !order.indices.dropFirst().allSatisfy({ entries[order[$0 - 1]].feature < entries[order[$0]].feature }) {
            order.sort { (entries[$0].feature, $0) < (entries[$1].feature, $1) }
        }
        bytes.reserveCapacity(order.reduce(0) { $0 + entries[$1].token.count })
        features.reserveCapacity(order.count)
        tokens.reserveCapacity(order.count)
        for (position, i) in order.enumerated() {
            let next = position + 1 < order.count ? order[position + 1] : nil
            if let next, entries[next].feature == entries[i].feature { continue }
            let start = bytes.count
            bytes.append(contentsOf: entries[i].token)
            features.append(entries[i].feature)
            tokens.append(.init(start: start, end: bytes.count, escaped: entries[i].escaped))
        }
    }

    var count: Int { features.count }

    func contains(_ feature: FeatureID) -> Bool { position(feature) != nil }

    /// The decoded label of `feature`, or nil when it has none.
    func text(_ feature: FeatureID) -> String? {
        position(feature).map(text(at:))
    }

    /// Every label, decoded.
    func decodedAll() -> [FeatureID: String] {
        var out: [FeatureID: String] = [:]
        out.reserveCapacity(features.count)
        for (k, f) in features.enumerated() { out[f] = text(at: k) }
        return out
    }

    private func position(_ feature: FeatureID) -> Int? {
        let k = features.partitioningIndex { $0 >= feature }
        return k < features.count && features[k] == feature ? k : nil
    }

    private func text(at k: Int) -> String {
        let token = tokens[k]
        // Escapes were checked when the token was read; U+FFFD stands for what cannot happen.
        return (try? JSONScanner.scanRecoverably(bytes, name: "label") { try $0.string(token) }) ?? "\u{FFFD}"
    }

    static func == (a: EncodedLabels, b: EncodedLabels) -> Bool { a.decodedAll() == b.decodedAll() }
}
