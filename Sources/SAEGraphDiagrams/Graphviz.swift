import CGraphviz
import Foundation
import SAEGraph

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A graph to hand to Graphviz, as plain values: the only input the C boundary takes.
///
/// Attribute values are either plain text (Graphviz escapes it when writing DOT; escape
/// sequences such as `\n` and `\N` in it are still interpreted by Graphviz, see
/// ``GraphvizText/escString(_:)``) or HTML-like markup that must already be XML-escaped.
struct GraphvizDocument: Sendable {
    enum Value: Sendable, Equatable {
        case text(String)
        case html(String)
    }
    typealias Attributes = [(name: String, value: Value)]

    struct Node: Sendable {
        var name: String
        var attributes: Attributes
    }
    struct Edge: Sendable {
        var tail: String
        var head: String
        var attributes: Attributes
    }
    /// A subgraph holding already declared nodes (by name), e.g. a `rank=same` group.
    struct Subgraph: Sendable {
        var name: String
        var attributes: Attributes
        var nodes: [String]
    }

    var name: String
    var graphAttributes: Attributes = []
    var nodeDefaults: Attributes = []
    var edgeDefaults: Attributes = []
    var nodes: [Node] = []
    var edges: [Edge] = []
    var subgraphs: [Subgraph] = []
}

/// What cgraph read back from DOT text: used to check written DOT files.
struct GraphvizParsedGraph: Sendable {
    /// Node name to its attributes that differ from the defaults ("" values are dropped).
    var nodes: [String: [String: String]]
    /// Node names whose `label` is HTML-like.
    var htmlLabelNodes: Set<String>
    var edgeCount: Int
}

/// The boundary to the Graphviz C library (cgraph + gvc). Nothing else imports `CGraphviz`.
///
/// Graphviz is not thread-safe: every call goes through one lock, and one context lives for
/// the whole process (freeing and recreating contexts reads freed memory in Graphviz 2.42).
/// Messages Graphviz reports go to a callback, never to stderr; any message of level error
/// turns into ``SAEGraphError`` of kind `.library`.
enum Graphviz {
    private static let lock = NSLock()
    /// Guarded by `lock`; created once and never freed.
    nonisolated(unsafe) private static var context: OpaquePointer?
    /// Messages reported by Graphviz since the last `resetMessages()`; guarded by `lock`.
    nonisolated(unsafe) fileprivate static var messages = MessageLog()

    /// Lays `document` out with `layout` (`dot`, or `nop` for node positions given in `pos`)
    /// and renders it in `format` (a Graphviz output format name such as "svg", "png", "pdf",
    /// "dot").
    /// - Complexity: dominated by the `dot` layout, roughly quadratic in the node count in
    ///   practice; callers set `mclimit`/`nslimit` for large graphs.
    /// - Throws: ``SAEGraphError`` of kind `.library` with Graphviz's own message.
    static func render(_ document: GraphvizDocument, format: String, layout: String = "dot") throws -> Data {
        try locked {
            let gvc = try sharedContext()
            let graph = try build(document)
            defer { agclose(graph) }
            guard sg_gvLayout(gvc, graph, layout) == 0 else {
                throw failure(
                    "layout of '\(document.name)' failed (Graphviz's plugins come with libgvc6: apt-get install libgraphviz-dev)"
                )
            }
            defer { gvFreeLayout(gvc, graph) }
            try checkMessages("layout of '\(document.name)'")
            var buffer: UnsafeMutablePointer<CChar>? = nil
            var length: UInt32 = 0
            guard sg_gvRenderData(gvc, graph, format, &buffer, &length) == 0, let buffer else {
                throw failure("rendering '\(document.name)' as \(format) failed")
            }
            defer { gvFreeRenderData(buffer) }
            try checkMessages("rendering '\(document.name)' as \(format)")
            // The buffer is not NUL-terminated: copy exactly `length` bytes.
            return Data(bytes: buffer, count: Int(length))
        }
    }

    /// Parses DOT text with cgraph and reports its nodes, their attributes and the edge count.
    /// - Throws: ``SAEGraphError`` of kind `.library` when cgraph cannot read the text.
    static func parseDOT(_ text: String) throws -> GraphvizParsedGraph {
        try locked {
            _ = try sharedContext()  // installs the message callback
            guard let graph = sg_agmemread(text) else {
                throw failure("DOT text could not be parsed")
            }
            defer { agclose(graph) }
            try checkMessages("parsing DOT text")
            var names: [String] = []
            var sym = agnxtattr(graph, Int32(AGNODE), nil)
            while let s = sym {
                names.append(String(cString: s.pointee.name))
                sym = agnxtattr(graph, Int32(AGNODE), s)
            }
            var nodes: [String: [String: String]] = [:]
            var html: Set<String> = []
            var node = agfstnode(graph)
            while let n = node {
                let name = String(cString: agnameof(UnsafeMutableRawPointer(n)))
                var attributes: [String: String] = [:]
                for attribute in names {
                    guard let raw = sg_agget(UnsafeMutableRawPointer(n), attribute) else { continue }
                    let value = String(cString: raw)
                    if !value.isEmpty { attributes[attribute] = value }
                    if attribute == "label", aghtmlstr(raw) != 0 { html.insert(name) }
                }
                nodes[name] = attributes
                node = agnxtnode(graph, n)
            }
            return GraphvizParsedGraph(nodes: nodes, htmlLabelNodes: html, edgeCount: Int(agnedges(graph)))
        }
    }

    // MARK: - Internals (all called with `lock` held)

    private static func locked<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        messages = MessageLog()
        return try body()
    }

    /// The process-wide context. Plugins are installed explicitly from Graphviz's plugin
    /// folder (next to libgvc, in `graphviz/`), so no `config6a` file is needed; when they
    /// cannot be found there, the context falls back to the configuration file.
    private static func sharedContext() throws -> OpaquePointer {
        if let context { return context }
        _ = agseterrf(graphvizMessageCallback)
        _ = agseterr(AGWARN)
        let gvc: OpaquePointer?
        if let builtins = GraphvizPlugins.load() {
            gvc = gvContextPlugins(builtins, 0)
        } else {
            gvc = gvContext()
        }
        guard let gvc else { throw failure("cannot create a Graphviz context") }
        context = gvc
        return gvc
    }

    /// Builds the cgraph graph; the caller closes it.
    private static func build(_ document: GraphvizDocument) throws -> UnsafeMutablePointer<Agraph_t> {
        guard let graph = sg_agopen_directed(document.name) else {
            throw failure("cannot create graph '\(document.name)'")
        }
        var ok = true
        for (name, value) in document.graphAttributes {
            ok = set(UnsafeMutableRawPointer(graph), name, value) && ok
        }
        // Declaring defaults on the root graph makes them DOT `node [...]` / `edge [...]`.
        for (name, value) in document.nodeDefaults {
            if case .text(let text) = value { ok = sg_agattr_node(graph, name, text) != 0 && ok }
        }
        for (name, value) in document.edgeDefaults {
            if case .text(let text) = value { ok = sg_agattr_edge(graph, name, text) != 0 && ok }
        }
        var nodes: [String: UnsafeMutablePointer<Agnode_t>] = [:]
        for spec in document.nodes {
            guard let node = sg_agnode(graph, spec.name) else {
                agclose(graph)
                throw failure("cannot create node '\(spec.name)'")
            }
            nodes[spec.name] = node
            for (name, value) in spec.attributes {
                ok = set(UnsafeMutableRawPointer(node), name, value) && ok
            }
        }
        for sub in document.subgraphs {
            guard let subgraph = sg_agsubg(graph, sub.name) else {
                agclose(graph)
                throw failure("cannot create subgraph '\(sub.name)'")
            }
            for (name, value) in sub.attributes {
                ok = set(UnsafeMutableRawPointer(subgraph), name, value) && ok
            }
            for name in sub.nodes {
                guard let node = nodes[name] else { continue }
                _ = agsubnode(subgraph, node, 1)
            }
        }
        for (number, spec) in document.edges.enumerated() {
            guard let tail = nodes[spec.tail], let head = nodes[spec.head],
                let edge = sg_agedge(graph, tail, head, "e\(number)")
            else {
                agclose(graph)
                throw failure("cannot create edge '\(spec.tail)' -> '\(spec.head)'")
            }
            for (name, value) in spec.attributes {
                ok = set(UnsafeMutableRawPointer(edge), name, value) && ok
            }
        }
        if !ok {
            agclose(graph)
            throw failure("cannot set attributes of graph '\(document.name)'")
        }
        do {
            try checkMessages("building graph '\(document.name)'")
        } catch {
            agclose(graph)
            throw error
        }
        return graph
    }

    private static func set(_ object: UnsafeMutableRawPointer, _ name: String, _ value: GraphvizDocument.Value) -> Bool
    {
        switch value {
        case .text(let text): return sg_agsafeset(object, name, text, "") == 0
        case .html(let markup): return sg_agsafeset_html(object, name, markup) == 0
        }
    }

    /// Throws when Graphviz reported an error (it sometimes carries on after one, e.g. with
    /// a malformed HTML-like label).
    private static func checkMessages(_ what: String) throws {
        if messages.hasError { throw failure("\(what) failed") }
    }

    private static func failure(_ what: String) -> SAEGraphError {
        let detail = messages.text
        return SAEGraphError(.library, detail.isEmpty ? "Graphviz: \(what)" : "Graphviz: \(what): \(detail)")
    }
}

/// Collects what Graphviz reports through its error callback (one message arrives in
/// pieces: "Error", ": ", text).
struct MessageLog {
    private(set) var text = ""
    private(set) var hasError = false

    mutating func append(_ piece: String) {
        if piece == "Error" { hasError = true }
        let flat = piece.replacingOccurrences(of: "\n", with: " ")
        if text.count < 2_000 { text += flat }
        text = text.trimmingCharacters(in: .whitespaces)
    }
}

private func graphvizMessageCallback(_ message: UnsafeMutablePointer<CChar>?) -> Int32 {
    guard let message else { return 0 }
    Graphviz.messages.append(String(cString: message))
    return 0
}

/// Finds Graphviz's own plugin libraries (core renderers, dot layout, cairo/pango renderers)
/// in the `graphviz` folder beside libgvc and hands their entry points to the context, as
/// the `dot` program does with its linked-in plugins.
private enum GraphvizPlugins {
    static let names = ["core", "dot_layout", "neato_layout", "pango"]

    /// A `{NULL, NULL}`-terminated list that lives for the rest of the process, or nil when
    /// the core or dot-layout plugin is missing.
    static func load() -> UnsafePointer<lt_symlist_t>? {
        guard let libraryPath = sg_gvc_library_path() else { return nil }
        let folder = (String(cString: libraryPath) as NSString).deletingLastPathComponent + "/graphviz"
        var symbols: [lt_symlist_t] = []
        for name in names {
            let candidates = ["libgvplugin_\(name).so.6", "libgvplugin_\(name).so", "libgvplugin_\(name).6.dylib"]
            guard let handle = candidates.lazy.compactMap({ dlopen(folder + "/" + $0, RTLD_NOW | RTLD_LOCAL) }).first
            else {
                // PNG and PDF (pango), the PCA plot's pinned layout (neato_layout): without
                // them, diagrams in SVG and DOT still work.
                if name == "pango" || name == "neato_layout" { continue }
                return nil
            }
            let symbol = "gvplugin_\(name)_LTX_library"
            guard let address = dlsym(handle, symbol) else { return nil }
            symbols.append(lt_symlist_t(name: UnsafePointer(strdup(symbol)), address: address))
        }
        symbols.append(lt_symlist_t(name: nil, address: nil))
        let list = UnsafeMutablePointer<lt_symlist_t>.allocate(capacity: symbols.count)
        list.initialize(from: symbols, count: symbols.count)
        return UnsafePointer(list)
    }
}
