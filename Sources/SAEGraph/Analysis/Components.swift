/// One weakly connected component of the graph (edges taken as undirected).
public struct GraphComponent: Sendable, Equatable {
    /// 1-based rank: largest first, ties by smallest member.
    public var id: Int
    /// Members, ascending.
    public var features: [FeatureID]
    /// Edges with both ends in the component.
    public var edgeCount: Int
    /// Total degree (in + out) of each member, parallel to `features`.
    public var degrees: [Int]

    public var size: Int { features.count }
    /// Distinct layers of the members, ascending.
    public var layers: [Int] { Array(Set(features.map(\.layer))).sorted() }

    /// Members by degree (descending), ties by id; at most `count`.
    public func topMembers(_ count: Int) -> [(feature: FeatureID, degree: Int)] {
        let order = features.indices.sorted {
            degrees[$0] != degrees[$1] ? degrees[$0] > degrees[$1] : features[$0] < features[$1]
        }
        return order.prefix(count).map { (features[$0], degrees[$0]) }
    }
}

/// The components of a graph and a summary of their sizes.
public struct ComponentSummary: Sendable, Equatable {
    /// Every component with at least one edge, largest first.
    public var components: [GraphComponent]
    /// Features with at least one edge.
    public var linkedFeatures: Int
    /// Size classes `2`, `3`, `4-10`, `11-100`, `>100` and how many components fall in each.
    public var sizeClasses: [(label: String, count: Int)] {
        let bounds: [(String, ClosedRange<Int>)] = [
            ("2", 2...2), ("3", 3...3), ("4-10", 4...10), ("11-100", 11...100), (">100", 101...Int.max),
        ]
        return bounds.map { name, r in (name, components.filter { r.contains($0.size) }.count) }
    }
    /// Share of linked features in the largest component (0 when there is none).
    public var largestShare: Double {
        guard let first = components.first, linkedFeatures > 0 else { return 0 }
        return Double(first.size) / Double(linkedFeatures)
    }

    public static func == (a: ComponentSummary, b: ComponentSummary) -> Bool {
        a.components == b.components && a.linkedFeatures == b.linkedFeatures
    }
}

/// Weakly connected components by union-find (union by size, path halving).
public enum Components {
    /// The components of `graph`; features without edges are not listed.
    ///
    /// Edges with a NaN similarity are ignored; `minStrength` (compared with the edge strength,
    /// |similarity| for `--absolute` graphs, inclusive) keeps only edges at least that strong.
    /// - Complexity: O(V + E α(V)), plus O(V log V) to order members.
    public static func find(in graph: LayeredGraph, minStrength: Double = -.infinity) -> ComponentSummary {
        find(index: GraphIndex(graph), minStrength: minStrength)
    }

    static func find(index: GraphIndex, minStrength: Double) -> ComponentSummary {
        var uf = UnionFind(count: index.nodeCount)
        var degree = [Int](repeating: 0, count: index.nodeCount)
        var outDegree = [Int](repeating: 0, count: index.nodeCount)
        for v in 0..<index.nodeCount {
            for e in index.outStart[v]..<index.outStart[v + 1] where index.outStrength[e] >= minStrength {
                let t = Int(index.outTarget[e])
                degree[v] += 1
                degree[t] += 1
                outDegree[v] += 1
                uf.union(v, t)
            }
        }
        // Members and edge counts by component, numbered by first member (arrays indexed by
        // root, not dictionaries: a look-up per node, none per edge).
        var slot = [Int32](repeating: -1, count: index.nodeCount)
        var groups: [([Int], Int)] = []
        for v in 0..<index.nodeCount where degree[v] > 0 {
            let root = uf.find(v)
            if slot[root] < 0 {
                slot[root] = Int32(groups.count)
                groups.append(([], 0))
            }
            groups[Int(slot[root])].0.append(v)
            groups[Int(slot[root])].1 += outDegree[v]
        }
        // Global node order equals FeatureID order, so each list is ascending and its first is smallest.
        groups.sort { $0.0.count != $1.0.count ? $0.0.count > $1.0.count : $0.0[0] < $1.0[0] }
        let comps = groups.enumerated().map { i, g in
            GraphComponent(id: i + 1, features: g.0.map(index.feature), edgeCount: g.1, degrees: g.0.map { degree[$0] })
        }
        return ComponentSummary(components: comps, linkedFeatures: degree.lazy.filter { $0 > 0 }.count)
    }

    /// Only the sizes (largest first) and the number of linked features: for sweeps.
    static func sizes(index: GraphIndex, minStrength: Double) -> (sizes: [Int], linked: Int) {
        var uf = UnionFind(count: index.nodeCount)
        var linked = [Bool](repeating: false, count: index.nodeCount)
        for v in 0..<index.nodeCount {
            for e in index.outStart[v]..<index.outStart[v + 1] where index.outStrength[e] >= minStrength {
                let t = Int(index.outTarget[e])
                linked[v] = true
                linked[t] = true
                uf.union(v, t)
            }
        }
        var count = [Int](repeating: 0, count: index.nodeCount)
        var n = 0
        for v in 0..<index.nodeCount where linked[v] {
            count[uf.find(v)] += 1
            n += 1
        }
        return (count.filter { $0 > 0 }.sorted(by: >), n)
    }
}

/// Disjoint sets over 0..<count.
struct UnionFind {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0..<Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
    }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while Int(parent[x]) != x {
            parent[x] = parent[Int(parent[x])]
            x = Int(parent[x])
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        var ra = find(a)
        var rb = find(b)
        if ra == rb { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        size[ra] += size[rb]
    }
}
