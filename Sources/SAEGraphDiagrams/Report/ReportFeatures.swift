import SAEGraph

/// The features and edges a report embeds for its search box and its click-to-trace: the
/// seed features (diagram and tables) and everything their traces reach forward and backward,
/// breadth first from the seeds in feature order, until `limit` features; then every edge
/// among the embedded features.
struct ReportFeatures {
    var features: [FeatureID]
    /// (source position, target position, similarity) into `features`, in graph order.
    var edges: [(Int, Int, Float)]
    /// True when the limit stopped the walk: some traces in the report are cut short.
    var truncated: Bool

    init(graph: LayeredGraph, seeds: [FeatureID], limit: Int) {
        var position: [FeatureID: Int] = [:]
        var features: [FeatureID] = []
        var next = 0
        var truncated = false
        func add(_ f: FeatureID) {
            guard position[f] == nil else { return }
            guard features.count < limit else {
                truncated = true
                return
            }
            position[f] = features.count
            features.append(f)
        }
        for f in seeds.sorted() where graph.contains(f) { add(f) }
        // `features` doubles as the breadth-first queue: `next` is its head.
        while next < features.count {
            let f = features[next]
            next += 1
            for s in graph.successors(of: f) { add(s.feature) }
            for p in graph.predecessors(of: f) { add(p.feature) }
        }
        var edges: [(Int, Int, Float)] = []
        for (i, f) in features.enumerated() {
            for s in graph.successors(of: f) {
                if let j = position[s.feature] { edges.append((i, j, s.similarity)) }
            }
        }
        self.features = features
        self.edges = edges
        self.truncated = truncated
    }

    /// The JSON the page's script reads: `{"features": [[node id, "6:50", label|null,
    /// url|null], …], "edges": [[source, target, similarity], …], "truncated": bool}`.
    func json(_ graph: LayeredGraph) -> String {
        JSONValue.object([
            (
                "features",
                .array(
                    features.map { f in
                        .array([
                            .string(f.nodeID), .string(f.description), .optional(graph.labels[f]),
                            .optional(graph.labels.url(for: f)),
                        ])
                    })
            ),
            ("edges", .array(edges.map { .array([.int($0.0), .int($0.1), .float($0.2)]) })),
            ("truncated", .bool(truncated)),
        ]).rendered()
    }
}
