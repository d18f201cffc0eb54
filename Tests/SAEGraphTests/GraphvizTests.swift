import Foundation
import Testing

@testable import SAEGraph
@testable import SAEGraphDiagrams

@Suite(.serialized) struct GraphvizTests {
    @Test func malformedHTMLLabelBecomesLibraryError() {
        var doc = GraphvizDocument(name: "bad")
        doc.nodes = [GraphvizDocument.Node(name: "a", attributes: [("label", .html("<B>unclosed"))])]
        let error = #expect(throws: SAEGraphError.self) { try Graphviz.render(doc, format: "svg") }
        #expect(error?.kind == .library)
        // Graphviz's own words are kept, on one line.
        #expect(error?.message.contains("Error") == true)
        #expect(error?.message.contains("\n") == false)
    }

    @Test func unknownFormatBecomesLibraryError() {
        let doc = GraphvizDocument(name: "g", nodes: [GraphvizDocument.Node(name: "a", attributes: [])])
        let error = #expect(throws: SAEGraphError.self) { try Graphviz.render(doc, format: "no-such-format") }
        #expect(error?.kind == .library)
        #expect(error?.message.contains("no-such-format") == true)
    }

    @Test func workAfterAnErrorStillSucceeds() throws {
        var bad = GraphvizDocument(name: "bad")
        bad.nodes = [GraphvizDocument.Node(name: "a", attributes: [("label", .html("<I>x"))])]
        _ = try? Graphviz.render(bad, format: "svg")
        let good = GraphvizDocument(
            name: "good",
            nodes: [
                GraphvizDocument.Node(name: "a", attributes: []), GraphvizDocument.Node(name: "b", attributes: []),
            ],
            edges: [GraphvizDocument.Edge(tail: "a", head: "b", attributes: [])])
        let svg = try SVGSummary(Graphviz.render(good, format: "svg"))
        #expect(svg.nodeTitles == ["a", "b"])
        #expect(svg.edgeTitles == ["a->b"])
    }

    @Test func dotRoundTripKeepsAttributes() throws {
        let doc = GraphvizDocument(
            name: "g", nodes: [GraphvizDocument.Node(name: "x y", attributes: [("tooltip", .text(#"say "hi" \\ ok"#))])]
        )
        let text = String(decoding: try Graphviz.render(doc, format: "dot"), as: UTF8.self)
        let parsed = try Graphviz.parseDOT(text)
        #expect(parsed.nodes["x y"]?["tooltip"] == #"say "hi" \\ ok"#)
        #expect(parsed.edgeCount == 0)
        #expect(throws: SAEGraphError.self) { try Graphviz.parseDOT("digraph { a -> }") }
    }
}
