/// Each row's `depth` nearest rows on the other side of a layer pair, by exact cosine.
///
/// Row `i`'s list is `indices[i·depth ..< (i+1)·depth]` with `cosines` alongside (the Double
/// reference rounded to F32, signed), ordered by key (`cos`, or `|cos|` with `absolute`)
/// descending, ties by lower index; `-1` (and NaN) pads a list shorter than `depth`. Indices
/// are original feature indices. The lists are what CSLS needs (``meanKey(_:absolute:)``), and
/// a list is the same whatever the kernel, thread count or tiling that produced it.
public struct Neighbours: Sendable, Equatable {
    public let depth: Int
    public private(set) var indices: [Int32]
    public private(set) var cosines: [Float]

    public init(count: Int, depth: Int) {
        self.depth = depth
        indices = [Int32](repeating: -1, count: count * depth)
        cosines = [Float](repeating: .nan, count: count * depth)
    }

    public var count: Int { depth > 0 ? indices.count / depth : 0 }

    /// Row `i`'s list, nearest first, without padding.
    public func list(_ i: Int) -> [(index: Int32, cosine: Float)] {
        var out: [(index: Int32, cosine: Float)] = []
        for e in (i * depth)..<((i + 1) * depth) where indices[e] >= 0 { out.append((indices[e], cosines[e])) }
        return out
    }

    /// Sets row `i`'s list (at most `depth` entries, already ordered).
    mutating func set(_ i: Int, _ list: [(index: Int32, cosine: Float)]) {
        for (n, e) in list.prefix(depth).enumerated() {
            indices[i * depth + n] = e.index
            cosines[i * depth + n] = e.cosine
        }
    }

    /// Mean key of row `i`'s list (`r` of CSLS), summed in list order in Double; NaN when empty.
    public func meanKey(_ i: Int, absolute: Bool) -> Double {
        var sum = 0.0
        var n = 0
        for e in (i * depth)..<((i + 1) * depth) where indices[e] >= 0 {
            sum += absolute ? Double(abs(cosines[e])) : Double(cosines[e])
            n += 1
        }
        return n > 0 ? sum / Double(n) : .nan
    }

    /// 1-based position of `other` in row `i`'s list, or nil when it is not there.
    public func rank(of other: Int32, in i: Int) -> Int? {
        for n in 0..<depth where indices[i * depth + n] == other { return n + 1 }
        return nil
    }

    /// The `depth` entries of `entries` with the largest key, ordered by key descending, ties
    /// by lower index (the order of every list).
    static func nearest(
        _ entries: [(index: Int32, cosine: Float)], depth: Int, absolute: Bool
    ) -> [(index: Int32, cosine: Float)] {
        nearestPositions(entries, depth: depth, absolute: absolute).map { entries[$0] }
    }

    /// The positions in `entries` of ``nearest(_:depth:absolute:)``'s entries, in its order
    /// (for values kept alongside the entries).
    static func nearestPositions(
        _ entries: [(index: Int32, cosine: Float)], depth: Int, absolute: Bool
    ) -> [Int] {
        func key(_ c: Float) -> Float { absolute ? abs(c) : c }
        return Array(
            entries.indices.sorted { a, b in
                let (x, y) = (entries[a], entries[b])
                return key(x.cosine) != key(y.cosine) ? key(x.cosine) > key(y.cosine) : x.index < y.index
            }
            .prefix(depth))
    }
}
