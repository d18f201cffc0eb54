import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The fast path for links in saegraph's exact form keeps what the general reader keeps.
@Suite struct LinkRecordTests {
    /// Link texts; `fast` says whether the fast path takes them.
    static let cases: [(text: String, fast: Bool)] = [
        (#"{"source": "6_50", "target": "7_9", "similarity": 0.81}"#, true),
        (#"{"source": "0_0", "target": "1_4294967", "similarity": -0.0}"#, true),
        (
            #"{"source": "6_50", "target": "7_9", "similarity": 0.5, "confidence": 0.25, "z": -3.25e2, "#
                + #""p": 1e-40, "row_rank": 1, "column_rank": 3}"#, true
        ),
        (#"{"source": "6_50", "target": "7_9", "similarity": 0.5, "label_similarity": 0.25}"#, true),
        (#"{"source": "6_50", "target": "7_9", "similarity": 0.5, "label_similarity": 0.30000000000000004}"#, true),
        (#"{"source": "6_50", "target": "7_9", "label_similarity": 1.5e-7, "similarity": 0.5}"#, true),
        (#"{"source": "6_50", "target": "7_9", "weight": 0.7}"#, true),
        (#"{"source": "6_50", "target": "7_9", "similarity": 0.5, "similarity": 0.7}"#, true),
        (#"{"source": "6_50", "target": "7_9", "similarity": 123456789012345678901234567890}"#, true),
        (#"{"source": "6_50", "target": "7_9"}"#, true),
        (#"{"source": "6_50", "target": "7_9", "similarity": null}"#, false),
        (#"{"source": "6_050", "target": "7_9", "similarity": 0.5}"#, false),
        (#"{"source": "6_5\u0030", "target": "7_9", "similarity": 0.5}"#, false),
        (#"{"source": "6_50", "target": 7, "similarity": 0.5}"#, false),
        (#"{"source": "6_50", "target": "7_9", "similarity": 0.5 }"#, false),
        (#"{"source": "6_50", "target": "7_9", "similarity2": 0.5}"#, false),
        (#"{"source": "6_50", "target": "7_9", "similarity": 0.5, "extra": [1]}"#, false),
        (#"{"target": "7_9", "source": "6_50", "similarity": 0.5}"#, false),
        (#"{"source": "6_50", "target": "7_9", "source": "6_51", "similarity": 0.5}"#, false),
        (#"{"source": "6_50", "target": "7_9", "similarity": 1e39}"#, false),
        (#"{"source": "6_50", "target": "7_9", "similarity": 1.}"#, false),
        (#"{"source": "6_50", "target": "7_9", "similarity": "high"}"#, false),
    ]

    /// The link columns a document keeps, comparable bit for bit (NaN equals NaN).
    private static func columns(_ links: String) throws -> [String] {
        let text = #"{"nodes": [], "links": [\#(links)]}"#
        let doc = try JSONScanner.scan(Data(text.utf8), name: "l.json") { try NodeLinkDocument.parse(&$0) }
        return [
            "\(doc.linkSource) \(doc.linkTarget)", "\(doc.linkValue.map(\.bitPattern))",
            "\(doc.linkValues.map(\.bitPattern))", "\(doc.linkLabelSimilarity.map(\.bitPattern))",
            "\(doc.ids.keys)",
        ]
    }

    @Test(arguments: cases.indices) func fastPathKeepsWhatTheGeneralReaderKeeps(index: Int) throws {
        let (text, fast) = Self.cases[index]
        let bytes = Array(text.utf8)
        let link = JSONScanner.scanRecoverably(bytes, name: "l.json") { s in
            (LinkRecord.readCanonical(&s), s.position)
        }
        #expect((link.0 != nil) == fast)
        #expect(link.1 == (fast ? bytes.count : 0))
        // A space after `{` sends the same link through the general reader.
        let general = "{ " + text.dropFirst()
        let a = Result { try Self.columns(text) }
        let b = Result { try Self.columns(general) }
        switch (a, b) {
        case (.success(let x), .success(let y)): #expect(x == y)
        case (.failure, .failure): break
        default: Issue.record("one reader failed and the other did not: \(a) / \(b)")
        }
        // Several links in a row keep their order and columns whichever reader reads each.
        let mixed = [text, general, text].joined(separator: ",\n")
        let c = Result { try Self.columns(mixed) }
        let d = Result { try Self.columns([general, general, general].joined(separator: ",\n")) }
        switch (c, d) {
        case (.success(let x), .success(let y)): #expect(x == y)
        case (.failure, .failure): break
        default: Issue.record("one reader failed and the other did not")
        }
    }

    @Test func doubleFastPathIsCorrectlyRounded() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<20_000 {
            let mantissa = rng.next() % (1 << 53)
            let exponent = Int(rng.next() % 45) - 22
            let text = "\(mantissa)e\(exponent)"
            let bytes = Array(text.utf8)
            let fast = try JSONScanner.scanRecoverably(bytes, name: "n") { s in s.double(try s.readNumberToken()) }
            #expect(fast.bitPattern == strtod(text, nil).bitPattern, "\(text)")
        }
    }
}
