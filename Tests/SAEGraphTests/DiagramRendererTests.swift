import Foundation
import Testing

@testable import SAEGraph
@testable import SAEGraphDiagrams

/// Labels that have broken DOT, SVG or Graphviz's escape handling in the past.
let hostileLabels: [String] = [
    #"the "quoted" <b>tag</b> & 'apostrophe'"#,
    #"back\slash \n \N \G \l \\ end"#,
    "line one\nline two\ttabbed\r\nthird",
    "control \u{01}\u{07}\u{1B} chars",
    "ĊĠ byte-level Ģ artefacts ĊĊ",
    "&amp; already &lt;escaped&gt; &#10;",
    "]]> --> <!-- <?xml ?>",
]

/// A graph of layers 3, 4, 5 with three features each; feature (L, i) -> (L+1, j) edges when
/// i <= j, similarity 0.5 + 0.1 * (i + j); labels from `hostileLabels`.
func smallGraph(withSources: Bool = true) -> LayeredGraph {
    let layers = [3, 4, 5]
    var labels = LabelStore()
    var n = 0
    for layer in layers {
        for i in 0..<3 {
            labels.set(hostileLabels[n % hostileLabels.count], for: FeatureID(layer: layer, index: i))
            n += 1
        }
        if withSources {
            labels.setSource(NeuronpediaSource(modelID: "gpt2-small", sourceID: "\(layer)-res-jb"), forLayer: layer)
        }
    }
    var edges: [(source: Int32, target: Int32, similarity: Float)] = []
    for i in 0..<3 {
        for j in i..<3 { edges.append((Int32(i), Int32(j), 0.5 + 0.1 * Float(i + j))) }
    }
    let pairs = [
        LayerPairEdges(sourceLayer: 3, targetLayer: 4, sourceCount: 3, targetCount: 3, edges: edges),
        LayerPairEdges(sourceLayer: 4, targetLayer: 5, sourceCount: 3, targetCount: 3, edges: edges),
    ]
    return LayeredGraph(layers: layers, featureCounts: [3, 3, 3], pairs: pairs, labels: labels)
}

@Suite(.serialized) struct DiagramRendererTests {
    @Test func svgHasEveryNodeEdgeAndHeader() throws {
        let graph = smallGraph()
        let diagram = try Diagram.wholeGraph(graph, title: "Small <test> & graph")
        let svg = try SVGSummary(DiagramRenderer.render(diagram, format: .svg, options: DiagramOptions()))
        let features = (3...5).flatMap { l in (0..<3).map { "\(l)_\($0)" } }
        let headers = ["layer_3", "layer_4", "layer_5"]
        #expect(Set(svg.nodeTitles) == Set(features + headers))
        #expect(svg.nodeTitles.count == 9 + 3)
        // Graph edges only (the invisible layout edges are drawn as nothing).
        let drawn = svg.edgeTitles.filter { !$0.hasPrefix("layer_") }
        #expect(drawn.count == graph.edgeCount)
        #expect(drawn.contains("3_0->4_2"))
        #expect(svg.texts.contains("Small <test> & graph"))
        #expect(svg.texts.contains("layer 4"))
        #expect(svg.texts.contains("3:1"))
        #expect(svg.links.contains("https://www.neuronpedia.org/gpt2-small/4-res-jb/2"))
    }

    @Test func hostileSourceIdsMakeNoLinks() throws {
        var graph = smallGraph()
        graph.labels.setSource(NeuronpediaSource(modelID: "m", sourceID: "1-x\" onmouseover=\"alert(1)"), forLayer: 4)
        let data = try DiagramRenderer.render(try Diagram.wholeGraph(graph), format: .svg, options: DiagramOptions())
        let svg = try SVGSummary(data)
        #expect(!String(decoding: data, as: UTF8.self).contains("onmouseover"))
        #expect(svg.links.contains("https://www.neuronpedia.org/gpt2-small/3-res-jb/0"))
        #expect(!svg.links.contains { $0.contains("/m/") })
    }

    @Test func hostileLabelsComeBackVerbatim() throws {
        let graph = smallGraph()
        let diagram = try Diagram.wholeGraph(graph)
        let data = try DiagramRenderer.render(diagram, format: .svg, options: DiagramOptions(edgeLabels: true))
        let svg = try SVGSummary(data)
        let drawn = svg.texts.joined(separator: " ")
        for label in hostileLabels {
            // The drawn text is the label wrapped: compare word by word.
            let words = DiagramText.visible(label).split(whereSeparator: \.isWhitespace).map(String.init)
            for word in words.prefix(3) {
                #expect(drawn.contains(word), "word \(word) of \(label.debugDescription) missing")
            }
            // The tooltip holds the whole label (newlines and tabs as written, controls made visible).
            let full = DiagramText.visible(label)
            #expect(
                svg.tooltips.contains { normalized($0).contains(normalized(full)) },
                "tooltip for \(label.debugDescription) missing in \(svg.tooltips)")
        }
        #expect(svg.texts.contains("0.90"))  // edge label of 3:2 -> 4:2... 0.5 + 0.1 * 4
    }

    @Test func pngAndPdfHaveSignatures() throws {
        let diagram = try Diagram.wholeGraph(smallGraph(), title: "formats")
        let png = try DiagramRenderer.render(diagram, format: .png, options: DiagramOptions())
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(png.count > 10_000)
        let pdf = try DiagramRenderer.render(diagram, format: .pdf, options: DiagramOptions())
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        #expect(pdf.count > 5_000)
    }

    @Test func dotReparsesWithLabels() throws {
        let graph = smallGraph()
        let diagram = try Diagram.wholeGraph(graph)
        let data = try DiagramRenderer.render(diagram, format: .dot, options: DiagramOptions())
        let text = try #require(String(data: data, encoding: .utf8))
        let parsed = try Graphviz.parseDOT(text)
        #expect(parsed.nodes.count == 9 + 3)
        // Drawn edges, the header chain and one invisible edge per feature.
        #expect(parsed.edgeCount == graph.edgeCount + 2 + 9)
        let first = try #require(parsed.nodes["3_0"])
        #expect(parsed.htmlLabelNodes.contains("3_0"))
        #expect(first["label"]?.contains(DiagramText.html(#"the "quoted" <b>tag</b>"#)) == true)
        let node = try #require(parsed.nodes["3_1"])
        #expect(node["label"]?.contains(#"back\\slash"#) == true)
        #expect(node["URL"] == "https://www.neuronpedia.org/gpt2-small/3-res-jb/1")
        #expect(node["tooltip"] == DiagramText.tooltip("3:1\n" + hostileLabels[1]))
        #expect(parsed.nodes["layer_5"] != nil)
    }

    @Test func refusesLargeDiagrams() throws {
        let diagram = try Diagram.wholeGraph(smallGraph())
        let error = #expect(throws: SAEGraphError.self) {
            try DiagramRenderer.render(diagram, format: .svg, options: DiagramOptions(maxNodes: 5))
        }
        #expect(error?.kind == .tooLarge)
        #expect(error?.message.contains("9 features") == true)
        #expect(error?.message.contains("--chains N") == true)
        #expect(error?.message.contains("--max-nodes") == true)
    }

    @Test func writeChoosesFormatFromExtension() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saegraph-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let diagram = try Diagram.wholeGraph(smallGraph())
        try DiagramRenderer.write(diagram, to: dir.appendingPathComponent("d.SVG").path, options: DiagramOptions())
        let svg = try Data(contentsOf: dir.appendingPathComponent("d.SVG"))
        #expect(String(decoding: svg.prefix(200), as: UTF8.self).contains("<?xml"))
        let error = #expect(throws: SAEGraphError.self) {
            try DiagramRenderer.write(diagram, to: dir.appendingPathComponent("d.jpeg").path, options: DiagramOptions())
        }
        #expect(error?.kind == .invalidArgument)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("d.jpeg").path))
    }

    @Test func graphWithoutLinksOrSourcesRenders() throws {
        let graph = smallGraph(withSources: false)
        let diagram = try Diagram(
            graph: graph, features: [FeatureID(layer: 3, index: 0), FeatureID(layer: 5, index: 2)])
        #expect(diagram.layers == [3, 4, 5])
        #expect(diagram.links.isEmpty)
        let svg = try SVGSummary(DiagramRenderer.render(diagram, format: .svg, options: DiagramOptions()))
        #expect(svg.nodeTitles.count == 2 + 3)
        #expect(svg.links.isEmpty)
    }

    /// The real GPT-2 example: layers 6-9 of the IOI graph, the features at the ends of the
    /// strongest edges, with their real labels. Set SAEGRAPH_KEEP_DIAGRAMS to a folder to keep
    /// the drawings.
    @Test func realExampleRenders() throws {
        let graph = try IOIExample.graph(layers: [6, 7, 8, 9])
        let strongest = graph.pairs.flatMap(\.edges).sorted { $0.similarity > $1.similarity }.prefix(16)
        let features = Array(Set(strongest.flatMap { [$0.source, $0.target] }))
        let diagram = try Diagram(
            graph: graph, features: features, title: "GPT-2 small, IOI prompt: strongest links, layers 6–9")
        #expect(diagram.nodes.allSatisfy { $0.label != nil })
        let options = DiagramOptions(edgeLabels: true)
        let svgData = try DiagramRenderer.render(diagram, format: .svg, options: options)
        let svg = try SVGSummary(svgData)
        #expect(svg.nodeTitles.count == features.count + 4)
        #expect(svg.edgeTitles.filter { !$0.hasPrefix("layer_") }.count == diagram.links.count)
        for node in diagram.nodes {
            let label = try #require(node.label)
            #expect(svg.tooltips.contains { normalized($0).contains(normalized(label)) })
        }
        let png = try DiagramRenderer.render(diagram, format: .png, options: options)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        if let keep = ProcessInfo.processInfo.environment["SAEGRAPH_KEEP_DIAGRAMS"] {
            try png.write(to: URL(fileURLWithPath: keep + "/ioi-layers-6-9.png"))
            try svgData.write(to: URL(fileURLWithPath: keep + "/ioi-layers-6-9.svg"))
        }
    }
}

/// Whitespace-insensitive form for comparing tooltips (SVG attribute values normalise
/// newlines and tabs to spaces when parsed).
func normalized(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}
