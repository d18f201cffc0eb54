/// Overflow-checked arithmetic for sizes, counts and offsets read from files.
///
/// Every number a file claims (a shape, a byte count, an offset) is combined through these
/// helpers before it sizes a slice or an allocation, so a hostile value becomes `nil` (and
/// then a one-line error naming the field) instead of a trap or a wild read.
enum CheckedSize {
    /// The product of `factors`, or nil when any is negative or the product overflows `Int`.
    static func product(_ factors: [Int]) -> Int? {
        var p = 1
        for f in factors {
            guard f >= 0 else { return nil }
            let (q, overflow) = p.multipliedReportingOverflow(by: f)
            guard !overflow else { return nil }
            p = q
        }
        return p
    }

    /// `a + b` for non-negative operands, or nil on overflow or a negative operand.
    static func sum(_ a: Int, _ b: Int) -> Int? {
        guard a >= 0, b >= 0 else { return nil }
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : s
    }

    /// An unsigned value read from a file as an `Int`, or nil when it exceeds `Int.max`.
    static func int(_ v: UInt64) -> Int? { v <= UInt64(Int.max) ? Int(v) : nil }

    /// True when `[offset, offset + length)` lies inside `0..<count` (no overflow possible).
    static func fits(offset: Int, length: Int, in count: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }
}
