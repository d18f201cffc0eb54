import Foundation
import Testing

/// The main job on the committed MiniLM example, run through the built executable: build the
/// graph with labels, list chains as JSON, draw them as SVG, and trace a feature.
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"), .serialized)
struct ExampleEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let example = root + "/examples/minilm"

    @Test func mainJobProducesListingsAndDiagrams() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sg-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let graph = out + "/graph.json"

        let build = try BuiltExecutable.run([
            "build", Self.example + "/saes", "--labels", Self.example + "/labels/explanations.jsonl.gz", "-o", graph,
            "--rule", "threshold", "--quiet",
        ])
        #expect(build.status == 0, "\(build.err)")
        #expect(FileManager.default.fileExists(atPath: graph))

        // The graph file is node-link JSON with every feature of the four layers.
        let doc = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: graph))) as? [String: Any])
        let nodes = try #require(doc["nodes"] as? [[String: Any]])
        let links = try #require(doc["links"] as? [[String: Any]])
        #expect(nodes.count == 4 * 3072)
        #expect(!links.isEmpty)
        #expect(links.allSatisfy { (($0["similarity"] as? Double) ?? 0) >= 0.5 })

        // Chains parse as JSON, with labels on their features.
        let chainsPath = out + "/chains.json"
        let chains = try BuiltExecutable.run(["chains", graph, "--top", "5", "--format", "json", "-o", chainsPath])
        #expect(chains.status == 0, "\(chains.err)")
        let list = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: chainsPath)))
                as? [[String: Any]])
        #expect(list.count == 5)
        let first = try #require(list.first?["features"] as? [[String: Any]])
        #expect(first.count >= 3)
        #expect(first.allSatisfy { $0["label"] is String })
        let ids = first.map { "\($0["layer"]!):\($0["feature"]!)" }
        let nodeIDs = first.map { "\($0["layer"]!)_\($0["feature"]!)" }  // Graphviz node names

        // The SVG is well-formed XML and holds the strongest chain's nodes.
        let svgPath = out + "/chains.svg"
        let render = try BuiltExecutable.run(["render", graph, "--chains", "5", "-o", svgPath])
        #expect(render.status == 0, "\(render.err)")
        let svg = try Data(contentsOf: URL(fileURLWithPath: svgPath))
        let summary = try SVGSummary(svg)
        for id in nodeIDs { #expect(summary.nodeTitles.contains(id), "node \(id) missing from the SVG") }
        #expect(summary.nodeTitles.filter { $0.hasPrefix("layer_") } == ["layer_2", "layer_3", "layer_4", "layer_5"])

        // Tracing the chain's first feature forward reaches its second.
        let trace = try BuiltExecutable.run(["trace", graph, ids[0], "--direction", "forward", "--format", "text"])
        #expect(trace.status == 0, "\(trace.err)")
        #expect(trace.out.contains(ids[1]))
    }
}
