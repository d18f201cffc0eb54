/// Finds the strongest multi-layer chains of a ``LayeredGraph``: paths that follow edges
/// layer by layer (L → L+1 → …), ranked exactly (not greedily).
///
/// **What counts as one chain.** A path is a chain only if it is *maximal*: no edge at least
/// as strong as its weakest link extends it at either end (into its first feature from the
/// previous layer, or out of its last feature to the next layer). So a lineage
/// 6:1 → 7:2 → 8:3 → 9:4 is listed once, not also as its fragments 6:1 → 7:2 → 8:3 and
/// 7:2 → 8:3 → 9:4. A part of a lineage is listed on its own only when it is strictly
/// stronger than the edges that would extend it: with strengths 0.9, 0.6, 0.95 the listing
/// holds the whole (0.6) and, at 2 layers, 6:1 → 7:2 (0.9) and 8:3 → 9:4 (0.95). The maximal
/// sub-paths of one path nest like the nodes of a Cartesian tree of its strengths, so a
/// lineage of L layers yields at most L − 1 of them, never its O(L²) fragments.
///
/// The same rule holds for every ``ChainScoring``: the score only orders the chains. The
/// score's own analogue ("no extension that does not lower the score") does not work for
/// `product`: every edge below 1 lowers a product, so every path, and every fragment of a
/// lineage, would count. For `mean` it would make the set of chains depend on the ranking.
/// One structural definition keeps `--score` a pure choice of order.
///
/// Equivalently: a maximal chain with weakest link b is a path from a feature with no
/// incoming edge of strength ≥ b to a feature with no outgoing edge of strength ≥ b, in the
/// graph cut at b. Hence the maximal chains of the graph re-thresholded at t are exactly
/// its maximal chains with weakest link ≥ t (``ThresholdSweep`` counts them so).
///
/// Strength: the similarity, or its magnitude for graphs built with `--absolute`; NaN
/// similarities are not edges. Order: score (descending), then length (longer first), then the
/// feature sequence (ascending lexicographically), see ``Chain/ranksBefore(_:_:)``.
public enum ChainFinder {
    /// Partial chains the search may expand before it gives up with `.tooLarge`.
    public static let expansionLimit = 50_000_000

    /// The `query.top` best maximal chains spanning at least `query.minLayers` layers.
    ///
    /// With `disjoint`, chains are taken in rank order and one is skipped when it shares a
    /// feature with a chain already listed (greedy by rank over the exact ranking).
    ///
    /// - Throws: ``SAEGraphError`` `.invalidArgument` for a bad count or an empty window,
    ///   `.unknownLayer` / `.unknownFeature` for a `through` feature not in the graph or window,
    ///   `.tooLarge` when massive ties make the exact search exceed ``expansionLimit``.
    /// - Complexity: see ``ChainSearch``; O(V + E) to index the window first.
    public static func find(in graph: LayeredGraph, _ query: ChainQuery) throws -> [Chain] {
        guard query.top >= 0 else {
            throw SAEGraphError(.invalidArgument, "chains: --top must be 0 or more, got \(query.top)")
        }
        guard query.minLayers >= 2 else {
            throw SAEGraphError(.invalidArgument, "chains: --min-layers must be at least 2, got \(query.minLayers)")
        }
        let window = try positions(graph, from: query.fromLayer, to: query.toLayer)
        let count = window.count
        guard count >= query.minLayers else {
            let names = window.map { String(graph.layers[$0]) }.joined(separator: ", ")
            throw SAEGraphError(
                .invalidArgument,
                "chains: the layer window holds \(count) layer(s) (\(names)) but --min-layers is \(query.minLayers)")
        }
        let index = GraphIndex(graph, positions: window)
        var throughNode: Int? = nil
        if let f = query.through {
            try graph.validate(f)
            guard let v = index.node(f) else {
                throw SAEGraphError(
                    .unknownLayer,
                    "chains: --through \(f) lies outside the layer window \(index.layers.first!)-\(index.layers.last!)")
            }
            throughNode = v
        }
        guard query.top > 0 else { return [] }
        var search = ChainSearch(index: index, scoring: query.scoring, minLayers: query.minLayers, through: throughNode)
        search.maxExpansions = expansionLimit
        var out: [Chain] = []
        var used = Set<FeatureID>()
        while out.count < query.top, let c = search.next() {
            if query.disjoint {
                if c.features.contains(where: used.contains) { continue }
                used.formUnion(c.features)
            }
            out.append(c)
        }
        if search.stopped {
            throw SAEGraphError(
                .tooLarge,
                "chains: the exact search expanded \(expansionLimit) partial chains (many equal similarities?); narrow it with --from-layer/--to-layer, --through or a smaller --top"
            )
        }
        return out
    }

    /// True when `path` is maximal in `graph` restricted to the layers `firstLayer...lastLayer`:
    /// no edge at least as strong as its weakest link extends it at either end. For tests and tools.
    public static func isMaximal(
        _ path: [FeatureID], in graph: LayeredGraph, firstLayer: Int? = nil, lastLayer: Int? = nil
    ) -> Bool {
        guard path.count >= 2, let head = path.first, let tail = path.last else { return false }
        let absolute = graph.metadata.absolute
        func strength(_ s: Float) -> Double { Double(absolute ? abs(s) : s) }
        var weakest = Double.infinity
        for (a, b) in zip(path, path.dropFirst()) {
            guard let s = graph.successors(of: a).first(where: { $0.feature == b && !$0.similarity.isNaN }) else {
                return false
            }
            weakest = min(weakest, strength(s.similarity))
        }
        if head.layer != firstLayer,
            graph.predecessors(of: head).contains(where: { !$0.similarity.isNaN && strength($0.similarity) >= weakest })
        {
            return false
        }
        if tail.layer != lastLayer,
            graph.successors(of: tail).contains(where: { !$0.similarity.isNaN && strength($0.similarity) >= weakest })
        {
            return false
        }
        return true
    }

    /// Positions (into `graph.layers`) of the layers inside `from...to`.
    static func positions(_ graph: LayeredGraph, from: Int?, to: Int?) throws -> ClosedRange<Int> {
        guard !graph.layers.isEmpty else {
            throw SAEGraphError(.invalidArgument, "the graph has no layers")
        }
        let lo = from ?? graph.layers.first!
        let hi = to ?? graph.layers.last!
        guard lo <= hi else {
            throw SAEGraphError(.invalidArgument, "--from-layer \(lo) is after --to-layer \(hi)")
        }
        let inside = graph.layers.indices.filter { graph.layers[$0] >= lo && graph.layers[$0] <= hi }
        guard let first = inside.first, let last = inside.last else {
            let list = graph.layers.map(String.init).joined(separator: ", ")
            throw SAEGraphError(.unknownLayer, "no layer of the graph lies in \(lo)-\(hi) (layers: \(list))")
        }
        return first...last
    }
}
