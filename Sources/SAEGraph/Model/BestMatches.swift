/// For every feature of one layer, its most similar feature in the next layer and in the
/// previous layer, whether or not that similarity passes the edge rule.
///
/// Arrays are indexed by feature; `-1` (and a NaN cosine) means "no neighbouring layer" or
/// "unknown" (e.g. an imported graph that did not record it, or an excluded zero row).
public struct BestMatches: Sendable, Equatable {
    public var nextIndex: [Int32]
    public var nextCosine: [Float]
    public var previousIndex: [Int32]
    public var previousCosine: [Float]

    public init(count: Int) {
        nextIndex = [Int32](repeating: -1, count: count)
        nextCosine = [Float](repeating: .nan, count: count)
        previousIndex = [Int32](repeating: -1, count: count)
        previousCosine = [Float](repeating: .nan, count: count)
    }

    public var count: Int { nextIndex.count }

    /// The best next-layer match of feature `i`, if known.
    public func next(_ i: Int) -> (index: Int, cosine: Float)? {
        guard i >= 0, i < nextIndex.count, nextIndex[i] >= 0 else { return nil }
        return (Int(nextIndex[i]), nextCosine[i])
    }

    /// The best previous-layer match of feature `i`, if known.
    public func previous(_ i: Int) -> (index: Int, cosine: Float)? {
        guard i >= 0, i < previousIndex.count, previousIndex[i] >= 0 else { return nil }
        return (Int(previousIndex[i]), previousCosine[i])
    }
}
