import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects elements and their attributes, and element text, from an XML document.
private final class XMLCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var text = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        elements.append((name, attributes))
        text = ""
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "data" { texts.append(text) }
        text = ""
    }

    static func parse(_ data: Data) throws -> XMLCollector {
        let parser = XMLParser(data: data)
        let collector = XMLCollector()
        parser.delegate = collector
        guard parser.parse() else {
            throw SAEGraphError(.invalidArgument, "XML: \(String(describing: parser.parserError))")
        }
        return collector
    }
}

struct GraphExportTests {
    /// What a label becomes in XML: characters XML 1.0 forbids turn into U+FFFD.
    static func xmlSafe(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.map {
                    ($0.value < 0x20 && !["\t", "\n", "\r"].contains($0)) ? "\u{FFFD}" : $0
                }))
    }

    @Test func linkedOnlyKeepsFeaturesWithEdges() {
        let graph = GraphFixtures.random(seed: 4)
        let linked = GraphExport(graph, linkedOnly: true)
        let all = GraphExport(graph, linkedOnly: false)
        #expect(all.nodes.count == graph.nodeCount)
        let ends = Set(graph.pairs.flatMap { $0.edges.flatMap { [$0.source, $0.target] } })
        #expect(Set(linked.nodes.map(\.feature)) == ends)
        #expect(linked.edgeCount == graph.edgeCount && all.edgeCount == graph.edgeCount)
    }

    @Test func graphMLParsesWithEveryNodeEdgeAndLabel() throws {
        let graph = GraphFixtures.random(seed: 4)
        let export = GraphExport(graph, linkedOnly: true)
        let xml = try XMLCollector.parse(export.data(.graphml))
        let nodes = xml.elements.filter { $0.name == "node" }.map { $0.attributes["id"]! }
        #expect(nodes == export.nodes.map(\.feature.nodeID))
        let edges = xml.elements.filter { $0.name == "edge" }.map {
            "\($0.attributes["source"]!)>\($0.attributes["target"]!)"
        }
        let expected = graph.pairs.flatMap(\.edges).map { "\($0.source.nodeID)>\($0.target.nodeID)" }
        #expect(edges == expected)
        // Every label survives, with only forbidden characters replaced.
        let labels = export.nodes.compactMap(\.label).map(Self.xmlSafe)
        #expect(!labels.isEmpty)
        for label in labels { #expect(xml.texts.contains(label)) }
        // z and p keys exist (pair 2 → 3 records them) and no data element is empty.
        #expect(xml.elements.contains { $0.name == "key" && $0.attributes["attr.name"] == "z" })
        #expect(!xml.texts.contains(""))
    }

    @Test func gexfParsesWithLabelsWeightsAndNoEmptyValues() throws {
        let graph = GraphFixtures.random(seed: 6)
        let export = GraphExport(graph, linkedOnly: false)
        let xml = try XMLCollector.parse(export.data(.gexf))
        let nodes = xml.elements.filter { $0.name == "node" }
        #expect(nodes.count == graph.nodeCount)
        for (node, element) in zip(export.nodes, nodes) {
            #expect(element.attributes["label"] == Self.xmlSafe(node.label ?? node.feature.description))
        }
        let edges = xml.elements.filter { $0.name == "edge" }
        #expect(edges.count == graph.edgeCount)
        let sims = graph.pairs.flatMap(\.similarities)
        #expect(edges.map { Float($0.attributes["weight"]!)! } == sims)
        #expect(xml.elements.filter { $0.name == "attvalue" }.allSatisfy { !($0.attributes["value"] ?? "").isEmpty })
    }

    @Test func writeRefusesUnknownExtension() {
        let graph = GraphFixtures.random(seed: 1)
        #expect(throws: SAEGraphError.self) { try GraphExport.write(graph, to: "/tmp/x.csv") }
        #expect(FileManager.default.fileExists(atPath: "/tmp/x.csv") == false)
    }
}
