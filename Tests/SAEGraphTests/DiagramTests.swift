import Testing

@testable import SAEGraph
@testable import SAEGraphDiagrams

@Suite struct DiagramTests {
    @Test func inducedSubgraphHasExactlyTheEdgesAmongFeatures() throws {
        let graph = smallGraph()
        let chosen = [
            FeatureID(layer: 3, index: 0), FeatureID(layer: 4, index: 1), FeatureID(layer: 4, index: 2),
            FeatureID(layer: 3, index: 0),
        ]
        let diagram = try Diagram(graph: graph, features: chosen, title: "t")
        #expect(diagram.nodes.map(\.feature) == [chosen[0], chosen[1], chosen[2]])
        // Brute force: every graph edge whose ends are both chosen.
        let expected = graph.pairs.flatMap(\.edges).filter {
            Set(chosen).contains($0.source) && Set(chosen).contains($0.target)
        }
        #expect(Set(diagram.links.map { [$0.source, $0.target] }) == Set(expected.map { [$0.source, $0.target] }))
        #expect(diagram.layers == [3, 4])
        #expect(diagram.nodes[0].url == "https://www.neuronpedia.org/gpt2-small/3-res-jb/0")
        #expect(diagram.nodes[0].label == hostileLabels[0])
        #expect(diagram.title == "t")
    }

    @Test func wholeGraphHasEverything() throws {
        let graph = smallGraph()
        let diagram = try Diagram.wholeGraph(graph)
        #expect(diagram.nodes.count == graph.nodeCount)
        #expect(diagram.links.count == graph.edgeCount)
        #expect(diagram.layers == graph.layers)
    }

    @Test func rejectsUnknownFeaturesAndBadEdges() throws {
        let graph = smallGraph()
        #expect(throws: SAEGraphError.self) { try Diagram(graph: graph, features: [FeatureID(layer: 9, index: 0)]) }
        #expect(throws: SAEGraphError.self) { try Diagram(graph: graph, features: [FeatureID(layer: 3, index: 7)]) }
        let a = FeatureID(layer: 3, index: 0)
        let c = FeatureID(layer: 5, index: 0)
        let skip = #expect(throws: SAEGraphError.self) {
            try Diagram(graph: graph, features: [a, c], edges: [Edge(source: a, target: c, similarity: 0.9)])
        }
        #expect(skip?.kind == .invalidArgument)
        let missing = #expect(throws: SAEGraphError.self) {
            try Diagram(
                graph: graph, features: [a],
                edges: [Edge(source: a, target: FeatureID(layer: 4, index: 0), similarity: 0.9)])
        }
        #expect(missing?.message.contains("4:0") == true)
    }

    @Test func formatsFromExtensions() {
        #expect(DiagramFormat(pathExtension: "SVG") == .svg)
        #expect(DiagramFormat(pathExtension: "gv") == .dot)
        #expect(DiagramFormat(pathExtension: "pdf") == .pdf)
        #expect(DiagramFormat(pathExtension: "jpg") == nil)
    }

    @Test func colourScaleIsMonotone() {
        let scale = DiagramColorScale(similarities: [0.55, 0.9])
        #expect(scale.lower == 0.5)
        #expect(scale.penWidth(0.5) < scale.penWidth(0.75))
        #expect(scale.penWidth(0.75) < scale.penWidth(1))
        #expect(scale.color(0.5) == "#c6dbef")
        #expect(scale.color(1) == "#08306b")
        #expect(scale.color(-1) == scale.color(1))
        #expect(scale.fraction(.nan) == 0)
        #expect(DiagramColorScale(similarities: [0.42]).lower == 0.4)
        #expect(String(format2: 0.875) == "0.88")
        #expect(String(format2: -0.5) == "-0.50")
    }

    @Test func speedSettingsGrowWithSize() {
        #expect(DiagramDocument.speedSettings(nodeCount: 50).isEmpty)
        #expect(DiagramDocument.speedSettings(nodeCount: 500).contains { $0.name == "nslimit" })
    }
}
