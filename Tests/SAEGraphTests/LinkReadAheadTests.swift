import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// A large edge array read on two threads gives what one thread gives, and the same errors.
@Suite struct LinkReadAheadTests {
    /// Two layers of 4,000 features and 90,000 edges (about 6 MB per edge array, past
    /// ``LinkReadAhead/minimumBytes``), z-scores on some edges.
    static let graph: LayeredGraph = {
        var rng = SplitMix64(seed: 21)
        var list: [(source: Int32, target: Int32, similarity: Float)] = []
        for _ in 0..<90_000 {
            list.append((Int32(rng.next() % 4000), Int32(rng.next() % 4000), rng.nextSigned()))
        }
        var pair = LayerPairEdges(sourceLayer: 3, targetLayer: 4, sourceCount: 4000, targetCount: 4000, edges: list)
        pair.zScores = (0..<pair.edgeCount).map { $0 % 3 == 0 ? .nan : Float($0 % 1000) / 8 }
        var g = LayeredGraph(layers: [3, 4], featureCounts: [4000, 4000], pairs: [pair])
        g.labels.set("a \"label\"", for: FeatureID(layer: 3, index: 7))
        return g
    }()

    static let text = String(decoding: GraphFile.encode(graph), as: UTF8.self)

    /// The same file on one line per array: no line starts inside the edge array, so it is
    /// read on one thread.
    private static func oneThread(_ text: String) throws -> LayeredGraph {
        try GraphFile.decode(Data(text.replacingOccurrences(of: "\n", with: " ").utf8), name: "g.json")
    }

    /// `text` with the `k`-th link of the `edges` array (counted from 0) passed through `change`.
    private static func changingLink(_ k: Int, in text: String, _ change: (String) -> String) -> String {
        var lines = text.components(separatedBy: "\n")
        let first = lines.firstIndex { $0.hasPrefix("{\"source\"") }!
        lines[first + k] = change(lines[first + k])
        return lines.joined(separator: "\n")
    }

    @Test func twoThreadsReadWhatOneReads() throws {
        #expect(Self.graph.edgeCount > 80_000)
        let back = try GraphFile.decode(Data(Self.text.utf8), name: "g.json")
        GraphFixtures.expectSame(Self.graph, back)
        GraphFixtures.expectSame(try Self.oneThread(Self.text), back)
        #expect(GraphFile.encode(back) == GraphFile.encode(Self.graph))
    }

    @Test(arguments: [1_000, 50_000, 70_000, 89_000])
    func aLinkInAnotherFormIsReadByTheGeneralReader(k: Int) throws {
        // Extra spaces and a null leave the values as they are.
        let changed = Self.changingLink(k, in: Self.text) {
            $0.replacingOccurrences(of: "{\"source\": ", with: "{ \"source\" :  ")
                .replacingOccurrences(of: "}", with: ", \"weight\": null }")
        }
        let back = try GraphFile.decode(Data(changed.utf8), name: "g.json")
        GraphFixtures.expectSame(Self.graph, back)
        GraphFixtures.expectSame(try Self.oneThread(changed), back)
    }

    @Test(arguments: [2_000, 60_000, 89_000])
    func anErrorInTheSecondHalfNamesTheSameLink(k: Int) throws {
        let changed = Self.changingLink(k, in: Self.text) {
            $0.replacingOccurrences(of: "\"similarity\": ", with: "\"similarity\": \"high\", \"x\": ")
        }
        #expect(throws: SAEGraphError.self) { try GraphFile.decode(Data(changed.utf8), name: "g.json") }
        do {
            _ = try GraphFile.decode(Data(changed.utf8), name: "g.json")
        } catch {
            let message = "\(error)"
            #expect(message.contains("link \(k)'s similarity must be a number"), "\(message)")
            #expect(!message.contains("\n"))
        }
    }

    @Test(arguments: [[80_000], [20_000, 80_000], [44_000, 46_000]])
    func theFirstUnknownNodeIsTheOneNamed(links: [Int]) throws {
        // Links are grouped into layer pairs on two threads, each over half of them.
        var changed = Self.text
        for k in links {
            changed = Self.changingLink(k, in: changed) {
                $0.replacingOccurrences(of: "{\"source\": \"3_", with: "{\"source\": \"3_99999")
            }
        }
        do {
            _ = try GraphFile.decode(Data(changed.utf8), name: "g.json")
            Issue.record("an unknown node was not reported")
        } catch {
            #expect("\(error)".contains("link \(links[0]) ("), "\(error)")
            #expect("\(error)".contains("which no node has"))
        }
    }

    @Test func aSplitInsideALinkIsNotUsed() throws {
        // Links on one line each, but each holds a nested object on its own line that looks
        // like a link: the split falls on one of those, which must not be read as a link.
        var text = #"{"directed": true, "nodes": ["#
        text += (0..<400).map {
            #"{"id": "1_\#($0)", "layer": 1, "feature": \#($0)}, "#
                + #"{"id": "2_\#($0)", "layer": 2, "feature": \#($0)}"#
        }.joined(separator: ", ")
        text += #"], "links": ["#
        var rng = SplitMix64(seed: 3)
        var links: [String] = []
        for _ in 0..<80_000 {
            let (s, t) = (rng.next() % 400, rng.next() % 400)
            links.append(
                #"{"source": "1_\#(s)", "target": "2_\#(t)", "similarity": 0.9, "meta":"#
                    + "\n" + #"{"source": "1_\#(t)", "target": "2_\#(s)", "similarity": 0.95}}"#)
        }
        text += links.joined(separator: ", ") + "]}"
        #expect(text.utf8.count > LinkReadAhead.minimumBytes)
        let back = try GraphFile.decode(Data(text.utf8), name: "nested.json")
        GraphFixtures.expectSame(try Self.oneThread(text), back)
        #expect(back.pairs[0].similarities.allSatisfy { $0 == 0.9 })
    }
}
