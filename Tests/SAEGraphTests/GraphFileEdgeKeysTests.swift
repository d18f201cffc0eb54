import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// The graph file's edge array under both `edges` (networkx ≥ 3.4's default key) and `links`.
@Suite struct GraphFileEdgeKeysTests {
    /// The file's JSON object with its edge keys replaced by `keys` (in that order), each
    /// holding the file's own edge array.
    private static func rewritten(_ g: LayeredGraph, keys: [String]) throws -> Data {
        let text = String(decoding: GraphFile.encode(g), as: UTF8.self)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let edges = try JSONSerialization.data(withJSONObject: object["edges"]!)
        let nodes = try JSONSerialization.data(withJSONObject: object["nodes"]!)
        let graph = try JSONSerialization.data(withJSONObject: object["graph"]!)
        var out = Data(#"{"directed": true, "graph": "#.utf8) + graph + Data(#", "nodes": "#.utf8) + nodes
        for key in keys { out += Data(", \"\(key)\": ".utf8) + edges }
        return out + Data("}".utf8)
    }

    @Test func bothKeysHoldTheSameEdges() throws {
        let g = GraphFixtures.random(seed: 11)
        let text = String(decoding: GraphFile.encode(g), as: UTF8.self)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let edges = try #require(object["edges"] as? [[String: Any]])
        let links = try #require(object["links"] as? [[String: Any]])
        #expect(edges.count == g.edgeCount && g.edgeCount > 100)
        #expect(NSArray(array: edges).isEqual(to: links))
        // `edges` comes first, so the reader meets `links` after it and skips it.
        let e = try #require(text.range(of: "\"edges\": ["))
        let l = try #require(text.range(of: "\"links\": ["))
        #expect(e.lowerBound < l.lowerBound)
    }

    @Test(arguments: [["links"], ["edges"], ["links", "edges"], ["edges", "links"]])
    func eitherKeyOrBothReadTheSameGraph(keys: [String]) throws {
        let g = GraphFixtures.random(seed: 12)
        let back = try GraphFile.decode(Self.rewritten(g, keys: keys), name: "keys.json")
        GraphFixtures.expectSame(g, back)
    }

    @Test func edgesWinOverLinksWhicheverComesFirst() throws {
        let nodes =
            #"[{"id": "a", "layer": 1, "feature": 0}, {"id": "b", "layer": 2, "feature": 0}, "#
            + #"{"id": "c", "layer": 2, "feature": 1}]"#
        let toB = #"[{"source": "a", "target": "b", "similarity": 0.9}]"#
        let toC = #"[{"source": "a", "target": "c", "similarity": 0.8}]"#
        for text in [
            #"{"nodes": \#(nodes), "links": \#(toB), "edges": \#(toC)}"#,
            #"{"nodes": \#(nodes), "edges": \#(toC), "links": \#(toB)}"#,
        ] {
            let g = try GraphFile.decode(Data(text.utf8), name: "both.json")
            #expect(g.edgeCount == 1)
            #expect(g.pairs[0].outgoing(0).map { g.pairs[0].targets[$0] } == [1])
        }
    }

    @Test func linksAfterEdgesIsSkippedWithoutReadingItsValues() throws {
        // Only brackets and strings are followed in the repeated array: values it holds that
        // would be errors under `edges` are never looked at.
        let text =
            #"{"nodes": [{"id": "a", "layer": 1, "feature": 0}, {"id": "b", "layer": 2, "feature": 0}], "#
            + #""edges": [{"source": "a", "target": "b", "similarity": 0.9}], "#
            + #""links": [{"source": "x]", "target": "\"}", "similarity": "high"}]}"#
        let g = try GraphFile.decode(Data(text.utf8), name: "skip.json")
        #expect(g.edgeCount == 1 && g.pairs[0].similarities == [0.9])
    }
}
