/// The `best` rule's part of a ``PartialPair`` as written: the CSLS neighbourhoods
/// (``Neighbours`` layout, cosines as Doubles so they read back bit for bit), on a pair scored
/// with encoders each entry's score alongside, and the null model's rotated rows
/// (``NullBestRow``).
struct NeighbourLists {
    var depth: Int
    var nextIndex: [Int32]
    var nextCosine: [Double]
    var previousIndex: [Int32]
    var previousCosine: [Double]
    var nullTarget: [Int32]?
    var nullKey: [Double]?
    var nullR: [Double]?
    var nextScore: [Double]?
    var previousScore: [Double]?

    init(
        depth: Int, nextIndex: [Int32], nextCosine: [Double], previousIndex: [Int32], previousCosine: [Double],
        nullTarget: [Int32]?, nullKey: [Double]?, nullR: [Double]?, nextScore: [Double]? = nil,
        previousScore: [Double]? = nil
    ) {
        self.nextScore = nextScore
        self.previousScore = previousScore
        self.depth = depth
        self.nextIndex = nextIndex
        self.nextCosine = nextCosine
        self.previousIndex = previousIndex
        self.previousCosine = previousCosine
        self.nullTarget = nullTarget
        self.nullKey = nullKey
        self.nullR = nullR
    }

    /// Nil when the pair holds no neighbourhoods.
    init?(_ p: PartialPair) {
        guard let next = p.nextNeighbours, let previous = p.previousNeighbours else { return nil }
        depth = next.depth
        nextIndex = next.indices
        nextCosine = next.cosines.map(Double.init)
        previousIndex = previous.indices
        previousCosine = previous.cosines.map(Double.init)
        nullTarget = p.nullRows?.map(\.target)
        nullKey = p.nullRows?.map { Double($0.key) }
        nullR = p.nullRows?.map(\.rSource)
        nextScore = p.nextScores?.map(Double.init)
        previousScore = p.previousScores?.map(Double.init)
    }

    /// Sets the pair's neighbourhoods and null rows.
    /// - Throws: `.malformedFile` when the lists' lengths do not fit `depth` and the pair.
    func apply(to p: inout PartialPair) throws {
        func bad(_ what: String) -> SAEGraphError {
            SAEGraphError(.malformedFile, "pair \(p.pair): `neighbours.\(what)` has the wrong length")
        }
        guard depth >= 1, depth <= SimilarityOptions.maximumNeighbours else {
            throw SAEGraphError(.malformedFile, "pair \(p.pair): `neighbours.depth` \(depth) is out of range")
        }
        guard nextIndex.count == p.rows.count * depth, nextCosine.count == nextIndex.count else {
            throw bad("next_index")
        }
        guard previousIndex.count % depth == 0, previousCosine.count == previousIndex.count else {
            throw bad("previous_index")
        }
        guard (nextScore == nil) == (previousScore == nil) else {
            throw SAEGraphError(
                .malformedFile, "pair \(p.pair): `neighbours.next_score` and `previous_score` must come together")
        }
        if let s = nextScore, s.count != nextIndex.count { throw bad("next_score") }
        if let s = previousScore, s.count != previousIndex.count { throw bad("previous_score") }
        p.nextNeighbours = Self.lists(nextIndex, nextCosine, depth: depth)
        p.previousNeighbours = Self.lists(previousIndex, previousCosine, depth: depth)
        p.nextScores = try nextScore.map { try Self.scores($0, nextIndex, what: "next_score", pair: p.pair) }
        p.previousScores = try previousScore.map {
            try Self.scores($0, previousIndex, what: "previous_score", pair: p.pair)
        }
        if let t = nullTarget, let k = nullKey, let r = nullR {
            guard k.count == t.count, r.count == t.count else { throw bad("null_target") }
            p.nullRows = t.indices.map { NullBestRow(target: t[$0], key: Float(k[$0]), rSource: r[$0]) }
        }
    }

    /// The scores as F32, NaN on padding; an entry's score must be a finite F32 value.
    private static func scores(_ values: [Double], _ index: [Int32], what: String, pair: Int) throws -> [Float] {
        try zip(values, index).map { value, i in
            guard i >= 0 else { return .nan }
            guard value.isFinite, let f = Float(exactly: value) else {
                throw SAEGraphError(
                    .malformedFile, "pair \(pair): `neighbours.\(what)` holds \(value), not a finite 32-bit score")
            }
            return f
        }
    }

    private static func lists(_ index: [Int32], _ cosine: [Double], depth: Int) -> Neighbours {
        var n = Neighbours(count: index.count / depth, depth: depth)
        for i in 0..<n.count {
            let range = (i * depth)..<((i + 1) * depth)
            n.set(i, range.filter { index[$0] >= 0 }.map { (index[$0], Float(cosine[$0])) })
        }
        return n
    }
}
