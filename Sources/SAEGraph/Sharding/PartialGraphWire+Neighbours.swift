// swift-format-ignore-file: AlwaysUseLowerCamelCase

/// The `best` rule's part of a ``PartialPair`` as written: the CSLS neighbourhoods
/// (``Neighbours`` layout, cosines as Doubles so they read back bit for bit) and the null
/// model's rotated rows (``NullBestRow``).
struct NeighbourLists: Codable {
    var depth: Int
    var next_index: [Int32]
    var next_cosine: [Double]
    var previous_index: [Int32]
    var previous_cosine: [Double]
    var null_target: [Int32]?
    var null_key: [Double]?
    var null_r: [Double]?

    /// Nil when the pair holds no neighbourhoods.
    init?(_ p: PartialPair) {
        guard let next = p.nextNeighbours, let previous = p.previousNeighbours else { return nil }
        depth = next.depth
        next_index = next.indices
        next_cosine = next.cosines.map(Double.init)
        previous_index = previous.indices
        previous_cosine = previous.cosines.map(Double.init)
        null_target = p.nullRows?.map(\.target)
        null_key = p.nullRows?.map { Double($0.key) }
        null_r = p.nullRows?.map(\.rSource)
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
        guard next_index.count == p.rows.count * depth, next_cosine.count == next_index.count else {
            throw bad("next_index")
        }
        guard previous_index.count % depth == 0, previous_cosine.count == previous_index.count else {
            throw bad("previous_index")
        }
        p.nextNeighbours = Self.lists(next_index, next_cosine, depth: depth)
        p.previousNeighbours = Self.lists(previous_index, previous_cosine, depth: depth)
        if let t = null_target, let k = null_key, let r = null_r {
            guard k.count == t.count, r.count == t.count else { throw bad("null_target") }
            p.nullRows = t.indices.map { NullBestRow(target: t[$0], key: Float(k[$0]), rSource: r[$0]) }
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
