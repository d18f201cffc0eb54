import Foundation
import SAEGraph

/// Draws ``Diagram``s with the Graphviz C library, in process (no `dot` program needed).
public enum DiagramRenderer {
    /// The diagram drawn in `format`.
    ///
    /// - Throws: ``SAEGraphError`` `.tooLarge` when the diagram has more feature nodes than
    ///   `options.maxNodes` (the message says how many and which options narrow it);
    ///   `.library` when Graphviz fails (with its own message).
    /// - Complexity: dominated by Graphviz's `dot` layout; about 0.1 s for 200 nodes. Large
    ///   diagrams get reduced layout effort (see `DiagramDocument.speedSettings`).
    public static func render(_ diagram: Diagram, format: DiagramFormat, options: DiagramOptions) throws -> Data {
        try checkSize(diagram, options: options)
        let document = DiagramDocument.make(diagram, format: format, options: options)
        return try Graphviz.render(document, format: format.graphvizName)
    }

    /// Renders `diagram` in the format named by `path`'s extension and writes it atomically
    /// (a reader never sees a partial file; on failure the old file is kept).
    /// - Throws: ``SAEGraphError`` `.invalidArgument` for an unknown extension, the errors
    ///   of ``render(_:format:options:)``, and `.writeFailed`.
    public static func write(_ diagram: Diagram, to path: String, options: DiagramOptions) throws {
        let ext = (path as NSString).pathExtension
        guard let format = DiagramFormat(pathExtension: ext) else {
            let known = DiagramFormat.allCases.map { "." + $0.rawValue }.joined(separator: ", ")
            throw SAEGraphError(
                .invalidArgument,
                "\(path): cannot tell the diagram format from the extension '\(ext)': use one of \(known)")
        }
        let data = try render(diagram, format: format, options: options)
        try AtomicFile.write(data, to: path)
    }

    /// Refuses diagrams too large to lay out in reasonable time or to read.
    static func checkSize(_ diagram: Diagram, options: DiagramOptions) throws {
        let count = diagram.nodes.count
        guard count > options.maxNodes else { return }
        throw SAEGraphError(
            .tooLarge,
            "the diagram would have \(count) features (\(diagram.links.count) edges), more than --max-nodes \(options.maxNodes): "
                + "narrow it with --chains N, --trace FEATURE --depth D, --component ID or --hubs N, or raise --max-nodes"
        )
    }
}
