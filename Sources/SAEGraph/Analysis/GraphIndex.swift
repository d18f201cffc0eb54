/// A flat, read-only view of the edges of a ``LayeredGraph`` inside a window of consecutive
/// layers, with every feature numbered globally (`offsets[k] + index` for window layer `k`).
///
/// The analyses share it so that each walks plain arrays instead of per-pair structures.
/// An edge's *strength* is its similarity, or its magnitude when the graph was built with
/// `--absolute` (then edges were chosen by |cos| and keep their sign). Edges whose similarity
/// is NaN are left out.
///
/// - Complexity: O(V + E) time and memory to build, for the V features and E edges of the window.
struct GraphIndex: Sendable {
    /// Positions (into `graph.layers`) of the window's first and last layer.
    let firstPosition: Int
    let lastPosition: Int
    /// Model layer numbers of the window, ascending.
    let layers: [Int]
    /// `layers.count + 1` offsets: window layer `k` holds global nodes `offsets[k]..<offsets[k + 1]`.
    let offsets: [Int]
    /// Outgoing edges per global node (CSR), to the next window layer.
    let outStart: [Int]
    let outTarget: [Int32]
    let outSimilarity: [Float]
    let outStrength: [Double]

    var nodeCount: Int { offsets[offsets.count - 1] }
    var edgeCount: Int { outTarget.count }

    /// - Parameters:
    ///   - positions: the window, as positions into `graph.layers`; nil means every layer.
    init(_ graph: LayeredGraph, positions: ClosedRange<Int>? = nil) {
        let window = positions ?? 0...max(graph.layers.count - 1, 0)
        firstPosition = window.lowerBound
        lastPosition = graph.layers.isEmpty ? -1 : window.upperBound
        let ps = graph.layers.isEmpty ? [] : Array(window)
        layers = ps.map { graph.layers[$0] }
        var offsets = [0]
        for p in ps { offsets.append(offsets.last! + graph.featureCounts[p]) }
        self.offsets = offsets
        let n = offsets.last!
        let absolute = graph.metadata.absolute
        var start = [Int](repeating: 0, count: n + 1)
        var target: [Int32] = []
        var sim: [Float] = []
        var strength: [Double] = []
        var capacity = 0
        for (k, p) in ps.enumerated() where k + 1 < ps.count { capacity += graph.pairs[p].edgeCount }
        target.reserveCapacity(capacity)
        sim.reserveCapacity(capacity)
        strength.reserveCapacity(capacity)
        for (k, p) in ps.enumerated() {
            let base = offsets[k]
            guard k + 1 < ps.count else {
                for v in base..<offsets[k + 1] { start[v + 1] = target.count }
                continue
            }
            let pair = graph.pairs[p]
            let nextBase = Int32(offsets[k + 1])
            for s in 0..<pair.sourceCount {
                for e in pair.rowStart[s]..<pair.rowStart[s + 1] {
                    let value = pair.similarities[e]
                    if value.isNaN { continue }
                    target.append(nextBase + pair.targets[e])
                    sim.append(value)
                    strength.append(Double(absolute ? abs(value) : value))
                }
                start[base + s + 1] = target.count
            }
        }
        outStart = start
        outTarget = target
        outSimilarity = sim
        outStrength = strength
    }

    /// Window layer (0-based) of global node `v`.
    func windowLayer(of v: Int) -> Int {
        var lo = 0
        var hi = layers.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if offsets[mid] <= v { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    func feature(_ v: Int) -> FeatureID {
        let k = windowLayer(of: v)
        return FeatureID(layer: layers[k], index: v - offsets[k])
    }

    /// Global node of `feature`, or nil when its layer is outside the window or the index out of range.
    func node(_ feature: FeatureID) -> Int? {
        guard let k = layers.firstIndex(of: feature.layer), feature.index >= 0,
            feature.index < offsets[k + 1] - offsets[k]
        else { return nil }
        return offsets[k] + feature.index
    }

    /// Per node, the largest strength of an incoming edge (`-inf` when none).
    func maxIncomingStrength() -> [Double] {
        var m = [Double](repeating: -.infinity, count: nodeCount)
        for e in 0..<outTarget.count {
            let t = Int(outTarget[e])
            if outStrength[e] > m[t] { m[t] = outStrength[e] }
        }
        return m
    }

    /// Per node, the largest strength of an outgoing edge (`-inf` when none).
    func maxOutgoingStrength() -> [Double] {
        var m = [Double](repeating: -.infinity, count: nodeCount)
        for v in 0..<nodeCount {
            for e in outStart[v]..<outStart[v + 1] where outStrength[e] > m[v] { m[v] = outStrength[e] }
        }
        return m
    }

    /// In-degree of every node.
    func inDegrees() -> [Int] {
        var d = [Int](repeating: 0, count: nodeCount)
        for t in outTarget { d[Int(t)] += 1 }
        return d
    }
}
