import Foundation
import SAEGraph

/// One self-contained HTML file for a researcher: the strongest chains with both labels and
/// per-hop values, the Graphviz diagram of a selection (hover shows a feature's label, a click
/// shows its trace forward and backward), a search box by id or label text, components and
/// hubs tables, statistics against the random baseline, and Neuronpedia links.
///
/// Nothing is fetched: styles and script are inline, written here, and a Content Security
/// Policy (`default-src 'none'`) forbids every request the page could make; links to
/// Neuronpedia open only when clicked. Every text from the graph is escaped for its HTML
/// context (``HTMLText``); the script inserts text only as text (`textContent`).
public enum HTMLReport {
    /// The report's HTML.
    /// - Throws: ``SAEGraphError`` `.tooLarge` when the diagram would exceed `options.maxNodes`,
    ///   `.invalidArgument` for an empty or unknown selection, `.library` when Graphviz fails.
    public static func make(_ graph: LayeredGraph, options: ReportOptions = ReportOptions()) throws -> String {
        let coherence = LabelCoherence(graph: graph, encoder: options.labelEncoder)
        let diagram = try options.selection.diagram(of: graph, labelEncoder: options.labelEncoder)
        let svg = try DiagramRenderer.render(
            diagram, format: .svg, options: DiagramOptions(maxNodes: options.maxNodes))
        let chains = try ChainFinder.find(in: graph, options.chainQuery)
        let components = Components.find(in: graph)
        let hubs = Hubs.find(in: graph, by: .total, top: options.hubsListed)
        let statistics = try GraphStatistics.compute(graph, dModel: options.dModel, coherence: coherence)
        let shownComponents = Array(components.components.prefix(options.componentsListed))
        let seeds =
            diagram.nodes.map(\.feature) + chains.flatMap(\.features) + hubs.map(\.feature)
            + shownComponents.flatMap { $0.topMembers(5).map(\.feature) }
        let embedded = ReportFeatures(graph: graph, seeds: seeds, limit: options.featureLimit)
        let tables = ReportTables(graph: graph, coherence: coherence)
        let title = options.title ?? "saegraph report"

        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="saegraph \(MarkupText.escaped(graph.metadata.version))">
            <title>\(MarkupText.escaped(title))</title>
            <style>\(ReportStyle.css)</style>
            </head>
            <body>
            <header>
            <h1>\(MarkupText.escaped(title))</h1>
            <p class="summary">\(MarkupText.escaped(summary(graph)))</p>
            <div class="search"><input type="search" id="search" placeholder="Find a feature: 6:50 or words of its label" aria-label="Find a feature by id or label text" autocomplete="off"><span id="result-count"></span></div>
            <ol id="results"></ol>
            </header>
            <main>
            <div class="layout">
            <section id="diagram-box"><h2>Diagram</h2>
            <p class="hint">Hover a feature for its label; click it for its trace forward and backward.</p>
            <div id="diagram">\(HTMLText.inlineSVG(String(decoding: svg, as: UTF8.self)))</div></section>
            <aside id="panel"><h2>Feature</h2><p class="hint" id="panel-hint">Click a feature in the diagram, a table or the search results.</p><div id="feature"></div></aside>
            </div>

            """
        html += tables.chains(chains, query: options.chainQuery)
        html += tables.components(shownComponents, of: components)
        html += tables.hubs(hubs)
        html += """
            <section id="statistics"><h2>Statistics</h2>
            <p class="hint">Per layer pair: linked features and best-match cosines beside the random baseline (the best of n cosines of random unit vectors of the model's dimension).</p>
            <pre>\(MarkupText.escaped(StatisticsListing.render(statistics, format: .text)))</pre></section>
            </main>
            <div id="tooltip" role="tooltip" hidden></div>
            <script type="application/json" id="report-data">\(HTMLText.scriptJSON(embedded.json(graph)))</script>
            <script>\(ReportScript.js)</script>
            </body>
            </html>

            """
        return html
    }

    /// Writes the report to `path` atomically (see ``make(_:options:)``).
    public static func write(_ graph: LayeredGraph, to path: String, options: ReportOptions = ReportOptions()) throws {
        try AtomicFile.write(make(graph, options: options), to: path)
    }

    private static func summary(_ graph: LayeredGraph) -> String {
        let m = graph.metadata
        let layers =
            graph.layers.count > 1 ? "\(graph.layers.first!)–\(graph.layers.last!)" : "\(graph.layers.first ?? 0)"
        var s = "\(graph.layers.count) layers (\(layers)), \(graph.nodeCount) features, \(graph.edgeCount) edges"
        s += "; rule \(m.rule.name), threshold \(m.threshold)"
        if let k = m.topK { s += ", top-k \(k)" }
        var labelled = 0
        for (k, layer) in graph.layers.enumerated() {
            labelled += graph.nodes[k].count { graph.labels.contains(FeatureID(layer: layer, index: Int($0))) }
        }
        s += "; \(labelled) features labelled. Made by saegraph \(m.version)."
        return s
    }
}
