import Foundation
import Testing

@testable import SAEGraph
@testable import SAEGraphDiagrams

@Suite(.serialized) struct DiagramAnnotationsTests {
    let graph = coherenceGraph()

    @Test func nodesCarryTransitionsAndDifferingLinksAreFlagged() throws {
        let diagram = try Diagram.wholeGraph(graph).annotated(
            in: graph, coherence: LabelCoherence(labels: graph.labels, graph: graph, lowCoherence: 0.1))
        let notes = Dictionary(uniqueKeysWithValues: diagram.nodes.map { ($0.feature.description, $0.annotation) })
        #expect(
            notes == [
                "0:0": "merges-into", "0:1": "merges-into", "1:0": "merged → splits", "2:0": "branches",
                "2:1": "branches",
            ])
        let flagged = diagram.links.filter(\.labelsDiffer).map { "\($0.source)->\($0.target)" }
        #expect(flagged == ["1:0->2:0"])
        #expect(diagram.links.first { $0.labelsDiffer }?.flag == Diagram.labelsDifferFlag)
        #expect(diagram.legend.count == 2)

        let data = try DiagramRenderer.render(diagram, format: .svg, options: DiagramOptions())
        let svg = try SVGSummary(data)
        #expect(svg.tooltips.contains { $0.hasPrefix("1:0 → 2:0") && $0.contains("(⚠ labels read differently)") })
        #expect(!svg.tooltips.contains { $0.hasPrefix("0:0 → 1:0") && $0.contains("labels read differently") })
        // Every link with two labels names its label similarity and the measure.
        #expect(
            svg.tooltips.contains {
                $0.hasPrefix("0:0 → 1:0") && $0.contains("label similarity 0.82 (char 3-5-gram TF-IDF)")
            })
        #expect(svg.tooltips.contains { $0.hasPrefix("1:0 → 2:0") && $0.contains("label similarity 0.00") })
        #expect(diagram.links.first { $0.source == FeatureID(layer: 0, index: 1) }?.labelNote == nil)
        #expect(svg.texts.contains("merged → splits"))
        #expect(svg.texts.contains { $0.hasPrefix("red dashed edge: ⚠ labels read differently") })
        // The flagged edge's group draws a red dashed path; no other edge is red.
        let text = String(decoding: data, as: UTF8.self)
        let groups = text.components(separatedBy: "<g id=\"edge").dropFirst().filter { $0.contains("#cb181d") }
        #expect(groups.count == 1)
        #expect(groups.first?.contains("<title>1_0&#45;&gt;2_0</title>") == true)
        #expect(groups.first?.contains("stroke-dasharray") == true)
    }

    @Test func withoutLabelsOnlyTransitions() throws {
        var g = graph
        g.labels = LabelStore()
        let diagram = try Diagram.wholeGraph(g).annotated(in: g, coherence: LabelCoherence(graph: g))
        #expect(diagram.links.allSatisfy { !$0.labelsDiffer })
        #expect(diagram.legend.count == 1)
        let kept = try Diagram(
            layers: [0, 1],
            nodes: [
                .init(feature: FeatureID(layer: 0, index: 0), annotation: "mine"),
                .init(feature: FeatureID(layer: 1, index: 0)),
            ],
            links: []
        ).annotated(in: g, coherence: nil)
        #expect(kept.nodes.map(\.annotation) == ["mine", "merged → splits"])
    }
}
