import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What a Graphviz SVG holds, read with `XMLParser` (so the file must be well-formed XML):
/// node and edge groups, their `<title>`s, all text drawn, and the tooltips and links of
/// anchors, all XML-unescaped.
struct SVGSummary {
    var nodeTitles: [String] = []
    var edgeTitles: [String] = []
    var texts: [String] = []
    var tooltips: [String] = []
    var links: [String] = []

    init(_ data: Data) throws {
        let delegate = Delegate()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            throw SVGError(message: "SVG is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")")
        }
        self = delegate.summary
    }

    struct SVGError: Error { var message: String }

    private final class Delegate: NSObject, XMLParserDelegate {
        var summary = SVGSummary(empty: ())
        var groupClasses: [String?] = []
        var text: String?

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "g": groupClasses.append(attributes["class"])
            case "title", "text": text = ""
            case "a":
                if let t = attributes["xlink:title"] { summary.tooltips.append(t) }
                if let h = attributes["xlink:href"] { summary.links.append(h) }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text? += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "g": groupClasses.removeLast()
            case "title":
                switch groupClasses.last ?? nil {
                case "node": summary.nodeTitles.append(text ?? "")
                case "edge": summary.edgeTitles.append(text ?? "")
                default: break
                }
                text = nil
            case "text":
                summary.texts.append(text ?? "")
                text = nil
            default: break
            }
        }
    }

    private init(empty: ()) {}
}
