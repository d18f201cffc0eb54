/// The strongest links of each layer pair: the original study's printout.
///
/// For every consecutive layer pair in the chosen range, the `top` edges ranked by similarity
/// (by |similarity| in a graph built with `--absolute`), ties broken by source then target
/// feature, so the order never depends on anything but the graph.
public struct LinkQuery: Sendable, Equatable {
    /// Links listed per layer pair.
    public var top: Int
    /// Only pairs whose source layer is at least this.
    public var fromLayer: Int?
    /// Only pairs whose target layer is at most this.
    public var toLayer: Int?

    public init(top: Int = 10, fromLayer: Int? = nil, toLayer: Int? = nil) {
        self.top = top
        self.fromLayer = fromLayer
        self.toLayer = toLayer
    }
}

/// One layer pair's strongest links.
public struct StrongestLinks: Sendable {
    /// Position of the pair in ``LayeredGraph/pairs``.
    public var pairIndex: Int
    public var sourceLayer: Int
    public var targetLayer: Int
    /// Edges of the pair in all.
    public var edgeCount: Int
    /// The listed links, strongest first: (source feature, edge number into the pair's arrays).
    public var links: [(source: Int, edge: Int)]

    /// The strongest links of every layer pair `query` selects.
    ///
    /// - Throws: ``SAEGraphError`` `.invalidArgument` when `top` is below 1, or when the layer
    ///   range holds no layer pair of the graph (the message lists the graph's layers).
    /// - Complexity: O(E log E) for E edges of the selected pairs.
    public static func find(in graph: LayeredGraph, _ query: LinkQuery) throws -> [StrongestLinks] {
        guard query.top >= 1 else {
            throw SAEGraphError(.invalidArgument, "--top must be at least 1 (got \(query.top))")
        }
        let absolute = graph.metadata.absolute
        var result: [StrongestLinks] = []
        for (k, pair) in graph.pairs.enumerated() {
            if let from = query.fromLayer, pair.sourceLayer < from { continue }
            if let to = query.toLayer, pair.targetLayer > to { continue }
            var all: [(source: Int, edge: Int)] = []
            all.reserveCapacity(pair.edgeCount)
            for s in 0..<pair.sourceCount {
                for e in pair.outgoing(s) { all.append((s, e)) }
            }
            func key(_ e: Int) -> Float {
                let v = pair.similarities[e]
                return v.isNaN ? -.infinity : (absolute ? abs(v) : v)
            }
            // Edges are already in (source, target) order, so a stable sort on the key alone
            // breaks ties by source then target.
            let ranked = all.enumerated().sorted { a, b in
                let ka = key(a.element.edge)
                let kb = key(b.element.edge)
                return ka != kb ? ka > kb : a.offset < b.offset
            }
            result.append(
                StrongestLinks(
                    pairIndex: k, sourceLayer: pair.sourceLayer, targetLayer: pair.targetLayer,
                    edgeCount: pair.edgeCount, links: ranked.prefix(query.top).map(\.element)))
        }
        guard !result.isEmpty else {
            let list = graph.layers.map(String.init).joined(separator: ", ")
            throw SAEGraphError(
                .invalidArgument,
                "no layer pair of the graph lies in --from-layer \(query.fromLayer.map(String.init) ?? "-")"
                    + " --to-layer \(query.toLayer.map(String.init) ?? "-") (layers: \(list))")
        }
        return result
    }
}
