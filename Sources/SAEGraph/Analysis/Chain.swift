/// How a chain's edges combine into one score. Every score is computed on edge *strengths*
/// (the similarity, or |similarity| for graphs built with `--absolute`), folded from the
/// first hop to the last in `Double`.
public enum ChainScoring: String, Sendable, CaseIterable {
    /// The weakest link: the smallest strength (the default).
    case min
    /// The product of the strengths, each clamped to [0, 1] (cosines; rounding can exceed 1).
    case product
    /// The arithmetic mean of the strengths.
    case mean

    /// The score of a path with these strengths, in path order. An empty list scores `-inf`.
    public func score(ofStrengths strengths: [Double]) -> Double {
        guard !strengths.isEmpty else { return -.infinity }
        var a = initial
        for s in strengths { a = step(a, s) }
        return finish(a, edges: strengths.count)
    }

    var initial: Double {
        switch self {
        case .min: .infinity
        case .product: 1
        case .mean: 0
        }
    }

    @inline(__always) func step(_ a: Double, _ s: Double) -> Double {
        switch self {
        case .min: Swift.min(a, s)
        case .product: a * Swift.min(Swift.max(s, 0), 1)
        case .mean: a + s
        }
    }

    @inline(__always) func finish(_ a: Double, edges: Int) -> Double {
        self == .mean ? a / Double(edges) : a
    }
}

/// One path of the layered graph, one feature per consecutive layer.
public struct Chain: Sendable, Equatable {
    /// The features, first layer first.
    public var features: [FeatureID]
    /// `similarities[i]` is the (signed) similarity of the edge from `features[i]` to `features[i + 1]`.
    public var similarities: [Float]
    /// The chain's score under the scoring it was found with.
    public var score: Double

    public init(features: [FeatureID], similarities: [Float], score: Double) {
        self.features = features
        self.similarities = similarities
        self.score = score
    }

    /// Number of layers the chain spans.
    public var layerCount: Int { features.count }

    /// The ranking order: higher score first, then longer first, then the feature sequence
    /// in ascending lexicographic order (layer, then index, hop by hop).
    public static func ranksBefore(_ a: Chain, _ b: Chain) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.features.count != b.features.count { return a.features.count > b.features.count }
        return a.features.lexicographicallyPrecedes(b.features)
    }
}

/// What `ChainFinder.find` lists.
public struct ChainQuery: Sendable, Equatable {
    /// How many chains to list.
    public var top: Int
    /// The fewest layers a listed chain spans (at least 2).
    public var minLayers: Int
    public var scoring: ChainScoring
    /// The window of layers (inclusive); nil means the graph's first / last layer. The search
    /// sees only the window's edges, so maximality is judged inside it.
    public var fromLayer: Int?
    public var toLayer: Int?
    /// Only chains that contain this feature.
    public var through: FeatureID?
    /// No feature shared between listed chains: greedy by rank over the exact ranking.
    public var disjoint: Bool

    public init(
        top: Int = 20, minLayers: Int = 3, scoring: ChainScoring = .min, fromLayer: Int? = nil,
        toLayer: Int? = nil, through: FeatureID? = nil, disjoint: Bool = false
    ) {
        self.top = top
        self.minLayers = minLayers
        self.scoring = scoring
        self.fromLayer = fromLayer
        self.toLayer = toLayer
        self.through = through
        self.disjoint = disjoint
    }
}
