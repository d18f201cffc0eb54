import Foundation
import Testing

@testable import SAEGraph

/// The fast path for nodes in saegraph's exact form reads what the general reader reads.
@Suite struct NodeLinkNodeTests {
    /// Node texts; `fast` says whether the fast path takes them.
    static let cases: [(text: String, fast: Bool)] = [
        (#"{"id": "6_50", "layer": 6, "feature": 50}"#, true),
        (
            #"{"id": "6_50", "layer": 6, "feature": 50, "label": "the \"to\" \u00e9\n", "url": "https://x/6/50", "#
                + #""best_next": 3, "best_next_cos": 0.5, "best_prev": 0, "best_prev_cos": -1e-3}"#, true
        ),
        (#"{"id": "6_50", "layer": 6, "feature": 50, "label": "", "label": "second"}"#, true),
        (#"{"id": "6_50", "layer": 6, "feature": 50, "label": "first", "label": "second"}"#, true),
        (#"{"id": "6_50", "layer": 6.0, "feature": 5e1}"#, true),
        (#"{"id": "6_50", "layer": -6, "feature": 50}"#, true),
        (#"{"id": "6_50", "layer": 6, "feature": 50, "explanation": "e"}"#, false),
        (#"{"id": "6_50", "layer": 6, "feature": 50, "label": null}"#, false),
        (#"{"id": "6_50", "layer": 6, "feature": 50, "label": 5}"#, false),
        (#"{"id": "6_50", "layer": 6, "feature": 50, "label": "bad \q escape"}"#, false),
        (#"{"id": "6_50", "layer": 6.5, "feature": 50}"#, false),
        (#"{"id": "6_50", "layer": 6, "feature": 50, "best_next": -1}"#, false),
        (#"{"id": "6_50", "layer": 6, "feature": 50, "best_next": 2147483647}"#, false),
        (#"{"id": "6_50", "layer": 6, "feature": 50, "best_next_cos": 1e39}"#, false),
        (#"{"id": "6_50", "layer": 6, "feature": 50, "url": "u" }"#, false),
        (#"{"id": "a", "layer": 6, "feature": 50}"#, false),
        (#"{"layer": 6, "id": "6_50", "feature": 50}"#, false),
    ]

    /// What a document keeps of its nodes, comparable as text.
    private static func columns(_ nodes: String) throws -> String {
        let text = #"{"nodes": [\#(nodes)], "links": []}"#
        let data = Data(text.utf8)
        return try JSONScanner.scan(data, name: "n.json") { s in
            let doc = try NodeLinkDocument.parse(&s)
            let labels = try doc.labels.map { try s.string($0.token) }
            return "\(doc.nodeLayer) \(doc.nodeFeature) \(doc.nodeToken) \(labels) \(doc.labels.map(\.node)) "
                + "\(doc.bestNext) \(doc.bestNextCos.map(\.bitPattern)) \(doc.bestPrevious) "
                + "\(doc.bestPreviousCos.map(\.bitPattern)) \(doc.anyBest) \(doc.ids.keys)"
        }
    }

    @Test(arguments: cases.indices) func fastPathReadsWhatTheGeneralReaderReads(index: Int) throws {
        let (text, fast) = Self.cases[index]
        let bytes = Array(text.utf8)
        let read = JSONScanner.scanRecoverably(bytes, name: "n.json") { s in
            (NodeLinkNode.readCanonical(&s), s.position)
        }
        #expect((read.0 != nil) == fast)
        #expect(read.1 == (fast ? bytes.count : 0))
        // A space after `{` sends the same node through the general reader.
        let general = "{ " + text.dropFirst()
        let a = Result { try Self.columns([text, general].joined(separator: ",\n")) }
        let b = Result { try Self.columns([general, general].joined(separator: ",\n")) }
        switch (a, b) {
        case (.success(let x), .success(let y)): #expect(x == y)
        case (.failure(let x), .failure(let y)):
            // The same fault; only its column may differ (the space shifts the first node).
            #expect(
                "\(x)".components(separatedBy: ": ").dropFirst(2) == "\(y)".components(separatedBy: ": ").dropFirst(2))
        default: Issue.record("one reader failed and the other did not: \(a) / \(b)")
        }
    }
}
