import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph
@testable import SAEGraphDiagrams

/// The HTML report as text; its behaviour in a browser is checked by scripts/check-report.py.
@Suite(.serialized)
struct HTMLReportTests {
    static let hostile = "</script><script>alert(1)</script> <img src=x onerror=alert(2)> & \"quoted\" 'single'"

    static func graph() -> LayeredGraph {
        var g = RandomGraphs.make(seed: 21, layers: [0, 1, 2, 3], maxFeatures: 5, density: 0.6)
        var labels = LabelStore(sources: [0: NeuronpediaSource(modelID: "gpt2-small", sourceID: "0-res-jb")])
        for layer in 0...3 { labels.set(Self.hostile + " \(layer)", for: FeatureID(layer: layer, index: 0)) }
        g.labels = labels
        return g
    }

    @Test func labelsAreEscapedEverywhere() throws {
        let html = try HTMLReport.make(
            Self.graph(), options: ReportOptions(selection: .chains(ChainQuery(top: 5, minLayers: 2))))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<script>alert"))
        #expect(
            html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;"))
        // Exactly the two script elements the report writes, and the data holds no markup.
        #expect(html.components(separatedBy: "<script").count - 1 == 2)
        let start = html.range(of: "<script type=\"application/json\" id=\"report-data\">")!.upperBound
        let end = html.range(of: "</script>", range: start..<html.endIndex)!.lowerBound
        let json = String(html[start..<end])
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
        let data = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let features = data["features"] as! [[Any]]
        #expect(features.contains { ($0[2] as? String) == Self.hostile + " 0" })
    }

    @Test func selfContained() throws {
        let html = try HTMLReport.make(Self.graph(), options: ReportOptions(selection: .component(1)))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        // No reference that a browser would fetch: only Neuronpedia links (navigation on click)
        // and the SVG namespaces.
        for attribute in ["src=\"", "href=\"http"] {
            var rest = html[...]
            while let r = rest.range(of: attribute) {
                let tail = html[r.upperBound...].prefix(40)
                #expect(attribute == "href=\"http" && tail.hasPrefix("s://www.neuronpedia.org/"), "\(attribute)\(tail)")
                rest = html[r.upperBound...]
            }
        }
        #expect(html.contains("<svg") && !html.contains("<?xml") && !html.contains("<!DOCTYPE svg"))
    }

    @Test func tablesAndSelections() throws {
        let g = Self.graph()
        let hubs = try HTMLReport.make(g, options: ReportOptions(selection: .hubs(2, .out)))
        // The page has the report's title; the diagram keeps the selection's heading.
        #expect(hubs.contains("<h1>saegraph report</h1>") && hubs.contains(">Top 2 hubs by out</text>"))
        let titled = try HTMLReport.make(g, options: ReportOptions(selection: .hubs(2, .out), title: "IOI, layers 6-9"))
        #expect(titled.contains("<h1>IOI, layers 6-9</h1>") && titled.contains(">Top 2 hubs by out</text>"))
        for id in ["chains", "components", "hubs", "statistics"] { #expect(hubs.contains("<section id=\"\(id)\">")) }
        #expect(throws: SAEGraphError.self) {
            try HTMLReport.make(g, options: ReportOptions(selection: .component(99)))
        }
        #expect(throws: SAEGraphError.self) {
            try HTMLReport.make(g, options: ReportOptions(selection: .component(1), maxNodes: 1))
        }
    }

    @Test func embeddedFeaturesStopAtTheLimit() {
        let g = RandomGraphs.make(seed: 2, layers: [0, 1, 2, 3, 4], maxFeatures: 8, density: 0.8)
        let all = ReportFeatures(graph: g, seeds: [FeatureID(layer: 0, index: 0)], limit: 10_000)
        let few = ReportFeatures(graph: g, seeds: [FeatureID(layer: 0, index: 0)], limit: 3)
        #expect(!all.truncated && few.truncated && few.features.count == 3)
        // Every edge among the embedded features, and no other.
        let set = Set(all.features)
        let expected = g.pairs.flatMap(\.edges).filter { set.contains($0.source) && set.contains($0.target) }.count
        #expect(all.edges.count == expected)
    }
}
