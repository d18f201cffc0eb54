import HeapModule

/// Enumerates the maximal chains of a window of a ``LayeredGraph`` in exact rank order
/// (``Chain/ranksBefore(_:_:)``), lazily: best-first branch and bound over partial chains.
///
/// A partial chain (a prefix, grown forward layer by layer) is kept in a max-heap
/// (swift-collections' `Heap`) keyed by an
/// upper bound on the score of every maximal chain that extends it. The bound comes from a
/// dynamic programme over (feature, number of further edges): the best min / product / sum
/// of strengths of any path of exactly `j` edges leaving a feature. For `min` and `product`
/// a longer path never scores higher, so only the shortest admissible length is needed; for
/// `mean` (not monotone) the bound is the best over every remaining length. Bounds of
/// `product` and `mean` are widened by 1e-12 (relative) so that rounding in a different
/// association order never makes them smaller than a score they cover.
///
/// A found chain waits in a second heap, keyed by its score, and is released once no prefix
/// can still reach that score, so ties at equal score are all collected and ordered by length
/// and feature ids before release.
///
/// Pruning uses the maximality rule (see ``ChainFinder``): a prefix whose weakest link is not
/// stronger than its head's strongest incoming edge can never become maximal.
///
/// - Complexity: O((V + E) · J) for the dynamic programme (J = `minLayers - 1`, or the window's
///   length for `mean`), then O(P · (d + log P)) for the P prefixes whose bound reaches the
///   last released score (d = out-degree). P is small when scores are spread out; massive
///   ties (many equal strengths) make it grow, hence `maxExpansions`.
struct ChainSearch {
    /// A heap entry: a prefix (its index in the arena) and its bound. Ties in bound go to the
    /// earlier prefix, so the expansion order, and with it the cut-off at `maxExpansions`, is
    /// fully determined.
    private struct Candidate: Comparable {
        var bound: Double
        var item: Int32
        static func < (a: Candidate, b: Candidate) -> Bool {
            a.bound != b.bound ? a.bound < b.bound : a.item > b.item
        }
    }

    /// A found maximal chain waiting for release, ordered by score (ties: earlier prefix first).
    private struct Found: Comparable {
        var score: Double
        var item: Int32
        static func < (a: Found, b: Found) -> Bool {
            a.score != b.score ? a.score < b.score : a.item > b.item
        }
    }

    private struct Prefix {
        var node: Int32
        var parent: Int32
        var edge: Int32
        var edges: Int16
        var layer: Int16
        var weakest: Double
        var aggregate: Double
        var headMaxIn: Double
    }

    let index: GraphIndex
    let scoring: ChainScoring
    let minEdges: Int
    private let maxIn: [Double]
    private let maxOut: [Double]
    /// bestMin[j][v]: largest weakest link over paths of exactly j edges leaving v (-inf: none).
    private let bestMin: [[Double]]
    /// bestAggregate[j][v]: best product (product) or sum (mean) over such paths.
    private let bestAggregate: [[Double]]
    private let allowed: [Bool]?
    private let throughLayer: Int

    private var arena: [Prefix] = []
    /// Prefixes still to expand, the best bound on top.
    private var heap = Heap<Candidate>()
    /// Found chains not yet released, the best score on top.
    private var pending = Heap<Found>()
    private var released: [Chain] = []
    private var releasedNext = 0

    /// Partial chains expanded so far.
    private(set) var expansions = 0
    /// Stop (as if exhausted) after this many expansions; `stopped` then tells.
    var maxExpansions = Int.max
    private(set) var stopped = false

    /// Every chain not yet returned by `next()` scores at most this.
    var remainingBound: Double {
        let h = heap.max?.bound ?? -.infinity
        let p = pending.max?.score ?? -.infinity
        // Released chains wait in rank order; the first one not yet returned scores highest.
        let r = releasedNext < released.count ? released[releasedNext].score : -.infinity
        return Swift.max(h, p, r)
    }

    /// - Parameters:
    ///   - through: a global node of `index`; only chains containing it are produced.
    init(index: GraphIndex, scoring: ChainScoring, minLayers: Int, through: Int? = nil) {
        self.index = index
        self.scoring = scoring
        minEdges = Swift.max(minLayers - 1, 1)
        maxIn = index.maxIncomingStrength()
        maxOut = index.maxOutgoingStrength()
        let layerCount = index.layers.count
        bestMin = Self.bestPaths(index, maxEdges: minEdges, scoring: .min)
        switch scoring {
        case .min: bestAggregate = []
        case .product: bestAggregate = Self.bestPaths(index, maxEdges: minEdges, scoring: .product)
        case .mean: bestAggregate = Self.bestPaths(index, maxEdges: Swift.max(layerCount - 1, 0), scoring: .mean)
        }
        if let f = through {
            // Nodes that reach `f` (and `f`): the only ones allowed at or before its layer.
            var ok = [Bool](repeating: false, count: index.nodeCount)
            ok[f] = true
            let fl = index.windowLayer(of: f)
            throughLayer = fl
            if fl > 0 {
                for k in stride(from: fl - 1, through: 0, by: -1) {
                    for v in index.offsets[k]..<index.offsets[k + 1] {
                        for e in index.outStart[v]..<index.outStart[v + 1] where ok[Int(index.outTarget[e])] {
                            ok[v] = true
                            break
                        }
                    }
                }
            }
            allowed = ok
        } else {
            allowed = nil
            throughLayer = 0
        }
        seed()
    }

    /// The dynamic programme over (feature, edges): best fold of `scoring` over paths of
    /// exactly j edges leaving each node, j = 0...maxEdges. `-inf` where no such path exists.
    private static func bestPaths(_ index: GraphIndex, maxEdges: Int, scoring: ChainScoring) -> [[Double]] {
        let n = index.nodeCount
        var table = [[Double]](repeating: [], count: maxEdges + 1)
        table[0] = [Double](repeating: scoring.initial, count: n)
        guard maxEdges >= 1 else { return table }
        for j in 1...maxEdges {
            var row = [Double](repeating: -.infinity, count: n)
            let previous = table[j - 1]
            let lastLayer = index.layers.count - 1 - j
            if lastLayer >= 0 {
                for v in 0..<index.offsets[lastLayer + 1] {
                    var best = -Double.infinity
                    for e in index.outStart[v]..<index.outStart[v + 1] {
                        let rest = previous[Int(index.outTarget[e])]
                        if rest == -.infinity { continue }
                        let value = scoring.step(rest, index.outStrength[e])
                        if value > best { best = value }
                    }
                    row[v] = best
                }
            }
            table[j] = row
        }
        return table
    }

    /// Upper bound on the score of a maximal chain extending the prefix, or nil when none can.
    private func bound(_ p: Prefix) -> Double? {
        let t = Int(p.node)
        let k = Int(p.edges)
        let needed = Swift.max(minEdges - k, 0)
        let remaining = index.layers.count - 1 - Int(p.layer)
        guard needed <= remaining else { return nil }
        let weakest = Swift.min(p.weakest, bestMin[needed][t])
        guard weakest > p.headMaxIn else { return nil }
        switch scoring {
        case .min:
            return weakest
        case .product:
            let rest = bestAggregate[needed][t]
            guard rest > -.infinity else { return nil }
            let b = p.aggregate * rest
            return b + abs(b) * 1e-12
        case .mean:
            var best = -Double.infinity
            for j in needed...remaining where k + j >= 1 {
                let rest = bestAggregate[j][t]
                if rest == -.infinity { continue }
                let b = (p.aggregate + rest) / Double(k + j)
                let widened = b + (abs(p.aggregate) + abs(rest) + 1) * 1e-12
                if widened > best { best = widened }
            }
            return best > -.infinity ? best : nil
        }
    }

    private mutating func seed() {
        let lastSeedLayer = index.layers.count - 1 - minEdges
        guard lastSeedLayer >= 0 else { return }
        let upper = allowed == nil ? lastSeedLayer : Swift.min(lastSeedLayer, throughLayer)
        guard upper >= 0 else { return }
        for k in 0...upper {
            for v in index.offsets[k]..<index.offsets[k + 1] where index.outStart[v + 1] > index.outStart[v] {
                if let allowed, !allowed[v] { continue }
                let p = Prefix(
                    node: Int32(v), parent: -1, edge: -1, edges: 0, layer: Int16(k), weakest: .infinity,
                    aggregate: scoring.initial, headMaxIn: maxIn[v])
                if let b = bound(p) { push(p, b) }
            }
        }
    }

    private mutating func push(_ p: Prefix, _ b: Double) {
        arena.append(p)
        heap.insert(Candidate(bound: b, item: Int32(arena.count - 1)))
    }

    private mutating func expand(_ item: Int32) {
        expansions += 1
        let x = arena[Int(item)]
        let t = Int(x.node)
        if Int(x.edges) >= minEdges, maxOut[t] < x.weakest, allowed == nil || Int(x.layer) >= throughLayer {
            pending.insert(Found(score: scoring.finish(x.aggregate, edges: Int(x.edges)), item: item))
        }
        guard Int(x.layer) + 1 < index.layers.count else { return }
        let checkAllowed = allowed != nil && Int(x.layer) + 1 <= throughLayer
        for e in index.outStart[t]..<index.outStart[t + 1] {
            let u = Int(index.outTarget[e])
            if checkAllowed && !allowed![u] { continue }
            let s = index.outStrength[e]
            let weakest = Swift.min(x.weakest, s)
            if weakest <= x.headMaxIn { continue }
            let child = Prefix(
                node: Int32(u), parent: item, edge: Int32(e), edges: x.edges + 1, layer: x.layer + 1,
                weakest: weakest, aggregate: scoring.step(x.aggregate, s), headMaxIn: x.headMaxIn)
            if let b = bound(child) { push(child, b) }
        }
    }

    private func chain(_ item: Int32, score: Double) -> Chain {
        var nodes: [Int] = []
        var sims: [Float] = []
        var i = Int(item)
        while i >= 0 {
            let p = arena[i]
            nodes.append(Int(p.node))
            if p.edge >= 0 { sims.append(index.outSimilarity[Int(p.edge)]) }
            i = Int(p.parent)
        }
        return Chain(features: nodes.reversed().map(index.feature), similarities: sims.reversed(), score: score)
    }

    /// Moves every pending chain that no heap entry can outscore to the release queue, in rank order.
    private mutating func releaseReady() {
        let top = heap.max?.bound ?? -.infinity
        var ready: [Chain] = []
        while let best = pending.max, best.score > top {
            pending.removeMax()
            ready.append(chain(best.item, score: best.score))
        }
        guard !ready.isEmpty else { return }
        ready.sort(by: Chain.ranksBefore)
        released.append(contentsOf: ready)
    }

    /// The next maximal chain in rank order, or nil when there is none (or `maxExpansions` was reached).
    mutating func next() -> Chain? {
        while releasedNext == released.count {
            if stopped { return nil }
            if heap.isEmpty {
                if pending.isEmpty { return nil }
                releaseReady()
                continue
            }
            if expansions >= maxExpansions {
                stopped = true
                return nil
            }
            expand(heap.removeMax().item)
            releaseReady()
        }
        let chain = released[releasedNext]
        releasedNext += 1
        if releasedNext >= 1024 {
            released.removeFirst(releasedNext)
            releasedNext = 0
        }
        return chain
    }
}
