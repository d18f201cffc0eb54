import Foundation

/// A count that may have been cut short.
public enum BoundedCount: Sendable, Equatable, CustomStringConvertible {
    case exact(Int)
    /// At least this many; counting stopped.
    case atLeast(Int)

    public var description: String {
        switch self {
        case .exact(let n): "\(n)"
        case .atLeast(let n): "≥\(n)"
        }
    }
}

/// The graph as if it had been built at a higher threshold.
public struct SweepRow: Sendable, Equatable {
    public var threshold: Double
    /// Nil when the threshold lies below the graph's own (those edges were never kept).
    public var result: Result?

    public struct Result: Sendable, Equatable {
        public var edges: Int
        public var components: Int
        public var largestComponent: Int
        /// Maximal chains (see ``ChainFinder``) spanning at least 3 layers.
        public var chains: BoundedCount
    }
}

public enum ThresholdSweep {
    /// 0.3, 0.4, …, 0.9.
    public static let defaultThresholds: [Double] = (3...9).map { Double($0) / 10 }

    /// Edges, components, largest component and maximal chains of ≥ 3 layers at each threshold.
    ///
    /// Thresholds compare with edge strengths as `Float`, inclusive, like the edge rule. A
    /// threshold below the graph's own cannot be computed from its edges (`result` nil).
    /// Chains: the maximal chains of the graph cut at t are exactly its maximal chains with
    /// weakest link ≥ t, so one ranked enumeration counts them for every t; it stops after
    /// `chainLimit` chains or `expansionLimit` expansions, and thresholds it did not finish get
    /// `.atLeast`.
    /// - Complexity: O(T · (V + E α)) for the components, plus the bounded chain search.
    public static func sweep(
        _ graph: LayeredGraph, thresholds: [Double] = defaultThresholds, chainLimit: Int = 100_000,
        expansionLimit: Int = 2_000_000
    ) -> [SweepRow] {
        let index = GraphIndex(graph)
        let cut = thresholds.map { Double(Float($0)) }
        let computable = cut.map { Float($0) >= graph.metadata.threshold }
        // The chain count and the per-threshold component passes are independent: run them
        // on two threads. Each writes only its own slots; the result does not depend on timing.
        let box = SweepParts(count: thresholds.count)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                guard let lowest = zip(cut, computable).filter(\.1).map(\.0).min(), graph.layers.count >= 3 else {
                    return
                }
                var search = ChainSearch(index: index, scoring: .min, minLayers: 3)
                search.maxExpansions = expansionLimit
                var seen = 0
                while let c = search.next(), c.score >= lowest {
                    seen += 1
                    for (i, t) in cut.enumerated() where c.score >= t { box.chainCounts[i] += 1 }
                    if seen >= chainLimit {
                        box.finished = false
                        box.bound = search.remainingBound
                        break
                    }
                }
                if search.stopped {
                    box.finished = false
                    box.bound = search.remainingBound
                }
            } else {
                for i in thresholds.indices where computable[i] {
                    var edges = 0
                    for s in index.outStrength where s >= cut[i] { edges += 1 }
                    let sizes = Components.sizes(index: index, minStrength: cut[i]).sizes
                    box.components[i] = (edges, sizes.count, sizes.first ?? 0)
                }
            }
        }
        let chainCounts = box.chainCounts
        let finished = box.finished
        let bound = box.bound
        return thresholds.indices.map { i in
            guard computable[i], let (edges, components, largest) = box.components[i] else {
                return SweepRow(threshold: thresholds[i], result: nil)
            }
            let chains: BoundedCount = finished || cut[i] > bound ? .exact(chainCounts[i]) : .atLeast(chainCounts[i])
            return SweepRow(
                threshold: thresholds[i],
                result: .init(edges: edges, components: components, largestComponent: largest, chains: chains))
        }
    }
}

/// Results of the two halves of a sweep, filled from two threads (disjoint fields).
private final class SweepParts: @unchecked Sendable {
    var chainCounts: [Int]
    var finished = true
    var bound = -Double.infinity
    var components: [(edges: Int, components: Int, largest: Int)?]

    init(count: Int) {
        chainCounts = [Int](repeating: 0, count: count)
        components = Array(repeating: nil, count: count)
    }
}
