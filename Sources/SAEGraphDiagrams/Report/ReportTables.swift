import SAEGraph

/// The report's tables as HTML: chains, components, hubs. Features appear as buttons
/// (`data-f` holds the node id) that the script turns into a selection, followed by the
/// label and a Neuronpedia link where known.
struct ReportTables {
    let graph: LayeredGraph
    let coherence: LabelCoherence?

    private func e(_ s: String) -> String { MarkupText.escaped(s) }

    /// A feature: its id button, label and Neuronpedia link.
    func feature(_ f: FeatureID, label: Bool = true) -> String {
        var s = "<button type=\"button\" class=\"f\" data-f=\"\(f.nodeID)\">\(f)</button>"
        if label, let text = graph.labels[f] { s += " <span class=\"label\">\(e(text))</span>" }
        if let url = graph.labels.url(for: f) {
            s +=
                " <a class=\"np\" href=\"\(e(url))\" target=\"_blank\" rel=\"noopener noreferrer\" title=\"Neuronpedia\">↗</a>"
        }
        return s
    }

    /// A hop's values: cosine, every other recorded value, label similarity.
    func hopValues(_ a: FeatureID, _ b: FeatureID, similarity: Float) -> String {
        var parts = ["cos " + fixed(Double(similarity), 3)]
        if let at = graph.edgeLocation(from: a, to: b) {
            parts += graph.recordedValues(pair: at.pair, edge: at.edge).map { "\($0.name) \(short($0.value))" }
        }
        if let coherence {
            parts.append("labels " + (coherence.similarity(a, b).map { fixed($0, 2) } ?? "n/a"))
        }
        var s = parts.joined(separator: " · ")
        if let coherence, coherence.isDisagreement(a, b, similarity: similarity) { s += " ⚠" }
        return "<span class=\"hop\">\(e(s))</span>"
    }

    func chains(_ chains: [Chain], query: ChainQuery) -> String {
        var s = "<section id=\"chains\"><h2>Strongest chains</h2>\n"
        s += "<p class=\"hint\">Top \(query.top) maximal chains of at least \(query.minLayers) layers by "
        s += "\(query.scoring.rawValue) similarity; each hop shows its cosine"
        if coherence != nil { s += " and the labels' TF-IDF similarity (⚠: a strong link whose labels read unrelated)" }
        s += ".</p>\n"
        guard !chains.isEmpty else { return s + "<p>No chain matches.</p></section>\n" }
        s += "<table class=\"chains\"><thead><tr><th>#</th><th>score</th><th>chain</th></tr></thead><tbody>\n"
        for (i, c) in chains.enumerated() {
            s += "<tr><td>\(i + 1)</td><td>\(fixed(c.score, 4))</td><td><ol class=\"chain\">"
            for (k, f) in c.features.enumerated() {
                s += "<li>"
                if k > 0 { s += hopValues(c.features[k - 1], f, similarity: c.similarities[k - 1]) + " " }
                s += feature(f) + "</li>"
            }
            s += "</ol></td></tr>\n"
        }
        return s + "</tbody></table></section>\n"
    }

    func components(_ shown: [GraphComponent], of summary: ComponentSummary) -> String {
        var s = "<section id=\"components\"><h2>Components</h2>\n"
        s +=
            "<p class=\"hint\">\(summary.components.count) weakly connected components over \(summary.linkedFeatures) linked features; "
        s += "the largest holds \(fixed(summary.largestShare * 100, 1))%. Members: the best connected.</p>\n"
        guard !shown.isEmpty else { return s + "<p>No edges, so no components.</p></section>\n" }
        s +=
            "<table><thead><tr><th>#</th><th>features</th><th>edges</th><th>layers</th><th>members</th></tr></thead><tbody>\n"
        for (i, c) in shown.enumerated() {
            let layers = c.layers
            let span = layers.count > 1 ? "\(layers.first!)–\(layers.last!)" : "\(layers.first ?? 0)"
            s +=
                "<tr><td>\(i + 1)</td><td>\(c.size)</td><td>\(c.edgeCount)</td><td>\(span)</td><td><ul class=\"members\">"
            for m in c.topMembers(5) {
                s += "<li>\(feature(m.feature)) <span class=\"dim\">degree \(m.degree)</span></li>"
            }
            s += "</ul></td></tr>\n"
        }
        return s + "</tbody></table></section>\n"
    }

    func hubs(_ hubs: [Hub]) -> String {
        var s = "<section id=\"hubs\"><h2>Hubs</h2>\n"
        s +=
            "<p class=\"hint\">Features with the most links (in + out): one feature feeding many, or many feeding one.</p>\n"
        guard !hubs.isEmpty else { return s + "<p>No hubs.</p></section>\n" }
        s +=
            "<table><thead><tr><th>#</th><th>feature</th><th>in</th><th>out</th><th>weight</th><th>strongest neighbours</th></tr></thead><tbody>\n"
        for (i, h) in hubs.enumerated() {
            s += "<tr><td>\(i + 1)</td><td>\(feature(h.feature))</td><td>\(h.inDegree)</td><td>\(h.outDegree)</td>"
            s += "<td>\(fixed(h.weightedDegree, 2))</td><td><ul class=\"members\">"
            for n in h.successors {
                s +=
                    "<li>→ \(feature(n.feature, label: false)) <span class=\"dim\">\(fixed(Double(n.similarity), 3))</span></li>"
            }
            for n in h.predecessors {
                s +=
                    "<li>← \(feature(n.feature, label: false)) <span class=\"dim\">\(fixed(Double(n.similarity), 3))</span></li>"
            }
            s += "</ul></td></tr>\n"
        }
        return s + "</tbody></table></section>\n"
    }

    private func fixed(_ x: Double, _ decimals: Int) -> String { TextTable.fixed(x, decimals) }

    private func short(_ v: Float) -> String {
        abs(v) >= 0.001 || v == 0 ? TextTable.fixed(Double(v), 3) : v.description
    }
}
