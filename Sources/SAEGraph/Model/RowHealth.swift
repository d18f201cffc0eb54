/// Decoder rows that have no direction: all zeros, or holding NaN or infinity.
/// Such rows are excluded from every comparison and reported by count and first ids.
public struct RowHealth: Sendable, Equatable {
    /// Rows whose every value is zero.
    public var zero: [Int]
    /// Rows holding at least one NaN or infinity.
    public var nonFinite: [Int]

    /// All excluded rows, ascending.
    public var excluded: [Int] { (zero + nonFinite).sorted() }

    /// "none", or e.g. "3 zero (12, 40, 77), 1 non-finite (5)".
    public var summary: String {
        func part(_ rows: [Int], _ what: String) -> String? {
            guard !rows.isEmpty else { return nil }
            let first = rows.prefix(5).map(String.init).joined(separator: ", ")
            return "\(rows.count) \(what) (\(first)\(rows.count > 5 ? ", …" : ""))"
        }
        let parts = [part(zero, "zero"), part(nonFinite, "non-finite")].compactMap { $0 }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

extension DecoderMatrix {
    /// Scans every row once.
    /// - Complexity: O(rows × columns).
    public func rowHealth() -> RowHealth { rowHealth(rows: 0..<rows) }

    /// Scans the rows in `range` once (a sharded build reads only its own rows).
    /// - Precondition: `range` lies within `0..<rows`.
    /// - Complexity: O(range.count × columns).
    public func rowHealth(rows range: Range<Int>) -> RowHealth {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rowHealth: rows out of range")
        var health = RowHealth(zero: [], nonFinite: [])
        withUnsafeValues { v in
            for r in range {
                var allZero = true
                var finite = true
                for x in v[(r * columns)..<((r + 1) * columns)] {
                    if !x.isFinite {
                        finite = false
                        break
                    }
                    if x != 0 { allZero = false }
                }
                if !finite { health.nonFinite.append(r) } else if allZero { health.zero.append(r) }
            }
        }
        return health
    }
}
