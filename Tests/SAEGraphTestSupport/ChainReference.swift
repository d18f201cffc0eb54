@testable import SAEGraph

/// Brute-force references for chain search: every path, every maximal chain, ranked.
package enum ChainReference {
    /// Every path of the window spanning at least `minLayers` layers, by depth-first enumeration.
    package static func allPaths(_ g: LayeredGraph, from: Int, to: Int, minLayers: Int) -> [[FeatureID]] {
        var out: [[FeatureID]] = []
        func walk(_ path: [FeatureID]) {
            if path.count >= minLayers { out.append(path) }
            guard path.last!.layer < to else { return }
            for s in g.successors(of: path.last!) { walk(path + [s.feature]) }
        }
        for (k, layer) in g.layers.enumerated() where layer >= from && layer <= to {
            for i in 0..<g.featureCounts[k] { walk([FeatureID(layer: layer, index: i)]) }
        }
        return out
    }

    /// The reference ranking: all maximal paths, scored, sorted, filtered, greedy-disjoint.
    package static func ranking(_ g: LayeredGraph, _ q: ChainQuery) -> [Chain] {
        let from = q.fromLayer ?? g.layers.first!
        let to = q.toLayer ?? g.layers.last!
        let first = g.layers.first { $0 >= from }!
        let last = g.layers.last { $0 <= to }!
        var chains: [Chain] = []
        for path in allPaths(g, from: first, to: last, minLayers: q.minLayers) {
            guard ChainFinder.isMaximal(path, in: g, firstLayer: first, lastLayer: last) else { continue }
            if let f = q.through, !path.contains(f) { continue }
            let sims = zip(path, path.dropFirst()).map { a, b in
                g.successors(of: a).first { $0.feature == b }!.similarity
            }
            let strengths = sims.map { Double(g.metadata.absolute ? abs($0) : $0) }
            chains.append(Chain(features: path, similarities: sims, score: q.scoring.score(ofStrengths: strengths)))
        }
        chains.sort(by: Chain.ranksBefore)
        var out: [Chain] = []
        var used = Set<FeatureID>()
        for c in chains where out.count < q.top {
            if q.disjoint {
                if c.features.contains(where: used.contains) { continue }
                used.formUnion(c.features)
            }
            out.append(c)
        }
        return out
    }
}
