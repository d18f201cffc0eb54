import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct GraphFileTests {
    @Test(arguments: [1, 2, 3] as [UInt64]) func roundTripIsExact(seed: UInt64) throws {
        let g = GraphFixtures.random(seed: seed)
        let back = try GraphFile.decode(GraphFile.encode(g), name: "mem.json")
        GraphFixtures.expectSame(g, back)
        #expect(back.edgeCount == g.edgeCount && back.edgeCount > 150)
        #expect(back.labels.count == g.labels.count && back.labels.count > 20)
    }

    @Test func roundTripThroughAFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "graphfile-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.json").path
        let g = GraphFixtures.random(seed: 9)
        try GraphFile.write(g, to: path)
        GraphFixtures.expectSame(g, try GraphFile.read(path: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["g.json"])
    }

    @Test func fileIsValidJSONWithTheDocumentedFields() throws {
        let g = GraphFixtures.random(seed: 4)
        let object = try JSONSerialization.jsonObject(with: GraphFile.encode(g)) as! [String: Any]
        #expect(object["directed"] as? Bool == true && object["multigraph"] as? Bool == false)
        let attrs = object["graph"] as! [String: Any]
        #expect(attrs["layers"] as? [Int] == [2, 3, 5])
        #expect(attrs["feature_counts"] as? [String: Int] == ["2": 30, "3": 25, "5": 40])
        #expect(attrs["top_k"] as? Int == 5 && attrs["rule"] as? String == "topk")
        #expect((attrs["note"] as? [String: Any])?["a"] != nil)
        let excluded = attrs["excluded_rows"] as! [String: [String: Any]]
        #expect(excluded["2"]?["count"] as? Int == 2 && excluded["2"]?["ids"] as? [Int] == [4, 17])
        let nodes = object["nodes"] as! [[String: Any]]
        #expect(nodes.count == g.nodeCount)
        // Labels survive an independent JSON parser byte for byte.
        for node in nodes {
            let f = FeatureID(layer: node["layer"] as! Int, index: node["feature"] as! Int)
            #expect(node["id"] as? String == f.nodeID)
            #expect(node["label"] as? String == g.labels[f])
            #expect(node["url"] as? String == g.labels.url(for: f))
        }
        let links = object["links"] as! [[String: Any]]
        #expect(links.count == g.edgeCount)
        #expect(links.first?["source"] as? String == "2_\(g.pairs[0].source(ofEdge: 0))")
    }

    @Test func nanIsNeverWritten() throws {
        var g = GraphFixtures.random(seed: 5)
        g.metadata.threshold = .nan
        let text = String(decoding: GraphFile.encode(g), as: UTF8.self)
        #expect(!text.lowercased().contains("nan"))
        #expect(!text.contains("inf"))
        GraphFixtures.expectSame(g, try GraphFile.decode(Data(text.utf8), name: "g"))
    }

    @Test func withoutBestMatchesOrLabels() throws {
        let p = LayerPairEdges(
            sourceLayer: 0, targetLayer: 1, sourceCount: 3, targetCount: 2, edges: [(2, 1, 0.75), (0, 0, 0.5)])
        let g = LayeredGraph(layers: [0, 1], featureCounts: [3, 2], pairs: [p])
        let back = try GraphFile.decode(GraphFile.encode(g), name: "g")
        GraphFixtures.expectSame(g, back)
        #expect(back.bestMatches == nil)
        #expect(back.successors(of: FeatureID(layer: 0, index: 2)).map(\.similarity) == [0.75])
    }

    /// Nodes and edges are encoded in pieces of ``GraphFileEncoder/pieceSize`` on several
    /// threads: the seams must leave one valid array each, in order, the same bytes on any
    /// number of threads, and the same bytes written to a file.
    @Test func piecesJoinIntoTheSameFile() throws {
        let n = 2 * GraphFileEncoder.pieceSize + 5
        let edges: [(source: Int32, target: Int32, similarity: Float)] = stride(from: 0, to: n, by: 3).map { s in
            (Int32(s), Int32(s % 700), Float(0.5) + Float(s % 97) / 1000)
        }
        var g = LayeredGraph(
            layers: [0, 1, 2], featureCounts: [n, 700, 3],
            pairs: [
                LayerPairEdges(sourceLayer: 0, targetLayer: 1, sourceCount: n, targetCount: 700, edges: edges),
                LayerPairEdges(sourceLayer: 1, targetLayer: 2, sourceCount: 700, targetCount: 3, edges: []),
            ])
        g.labels.set("a \"quoted\" label", for: FeatureID(layer: 0, index: GraphFileEncoder.pieceSize))
        let one = GraphFileEncoder.encode(g, threads: 1)
        #expect(GraphFileEncoder.encode(g, threads: 3) == one)
        #expect(GraphFileEncoder.encodeParts(g, threads: 2).flatMap { $0 } == one)
        let object = try JSONSerialization.jsonObject(with: Data(one)) as! [String: Any]
        let nodes = object["nodes"] as! [[String: Any]]
        let ids: [String] = (0..<n).map { "0_\($0)" } + (0..<700).map { "1_\($0)" } + ["2_0", "2_1", "2_2"]
        #expect(nodes.map { $0["id"] as! String } == ids)
        let written = object["edges"] as! [[String: Any]]
        #expect(written.map { $0["source"] as! String } == edges.map { "0_\($0.0)" })
        #expect((object["links"] as! [[String: Any]]).count == edges.count)
        GraphFixtures.expectSame(g, try GraphFile.decode(Data(one), name: "g"))
        // No edges at all: both arrays empty.
        let bare = LayeredGraph(
            layers: [0, 1], featureCounts: [n, 2],
            pairs: [
                LayerPairEdges(sourceLayer: 0, targetLayer: 1, sourceCount: n, targetCount: 2, edges: [])
            ])
        let text = String(decoding: GraphFileEncoder.encode(bare, threads: 2), as: UTF8.self)
        #expect(text.hasSuffix("\"edges\": [], \"links\": []}\n"))
        GraphFixtures.expectSame(bare, try GraphFile.decode(Data(text.utf8), name: "g"))
    }

    @Test func emptyAndSingleLayerGraphs() throws {
        for g in [
            LayeredGraph(layers: [], featureCounts: [], pairs: []),
            LayeredGraph(layers: [4], featureCounts: [3], pairs: []),
        ] {
            let back = try GraphFile.decode(GraphFile.encode(g), name: "g")
            GraphFixtures.expectSame(g, back)
            #expect(try JSONSerialization.jsonObject(with: GraphFile.encode(g)) is [String: Any])
        }
    }

    @Test func extraKeepsItsValuesButNotNamesSAEGraphWrites() throws {
        var g = LayeredGraph(layers: [1], featureCounts: [1], pairs: [])
        g.metadata.extra = ["comment": .string("not json {"), "layers": .array([.int(99)])]
        let back = try GraphFile.decode(GraphFile.encode(g), name: "g")
        #expect(back.metadata.extra == ["comment": .string("not json {")])
        #expect(back.layers == [1])
    }

    @Test func missingFileIsFileNotFound() {
        #expect { try GraphFile.read(path: "/nonexistent/graph.json") } throws: {
            ($0 as? SAEGraphError)?.kind == .fileNotFound
                && ($0 as? SAEGraphError)?.message.contains("/nonexistent/graph.json") == true
        }
    }
}
