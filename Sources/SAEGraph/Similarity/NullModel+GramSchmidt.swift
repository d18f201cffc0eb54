/// The null model's two orthonormalisations, eight rows at a time.
///
/// Modified Gram–Schmidt is one chain of dependent Double operations per row: each projection's
/// dot product is a sum in index order, and the next projection starts from its result. Row
/// by row, the null's two passes (the sample, then a random frame of its rank) took about
/// 90 ms per layer pair of 768-wide rows with the other core idle: the largest serial stretch
/// of the default build after the start. Here eight rows share each pass over a basis vector
/// that existed before any of them (one SIMD lane each, so eight chains run side by side);
/// then each row in turn takes the vectors its group added, as the row-by-row loop would.
/// Every row sees the same operations in the same order as before, so the results are the
/// same to the bit (`NullModelTests` checks them against the row-by-row loop).
extension NullModel {
    typealias Lanes = SIMD8<Double>

    /// Modified Gram–Schmidt of the `rows × columns` matrix `x` (rows in place become the
    /// basis, packed). Returns `R` (`rows × rank`, row `r` the coefficients of input row `r`)
    /// and the rank; a row within 1e-10 of the span so far adds no basis vector.
    /// - Complexity: `O(rows² · columns)`.
    static func gramSchmidt(_ x: inout [Double], rows: Int, columns d: Int) -> ([Double], Int) {
        var basis: [Double] = []
        var coefficients: [[Double]] = []
        let group = UnsafeMutablePointer<Lanes>.allocate(capacity: max(d, 1))
        defer { group.deallocate() }
        var first = 0
        while first < rows {
            let g = min(Lanes.scalarCount, rows - first)
            let originals = x.withUnsafeBufferPointer { v in
                load(group, from: v.baseAddress! + first * d, rows: g, columns: d)
                return (0..<g).map { i in sumOfSquares(v.baseAddress! + (first + i) * d, count: d).squareRoot() }
            }
            var c = [[Double]](repeating: [], count: g)
            let shared = basis.count / d
            basis.withUnsafeBufferPointer { b in
                for q in 0..<shared {
                    let dots = project(group, onto: b.baseAddress! + q * d, columns: d)
                    for i in 0..<g { c[i].append(dots[i]) }
                }
            }
            for i in 0..<g {
                basis.withUnsafeBufferPointer { b in
                    for q in shared..<(b.count / d) {
                        c[i].append(project(lane: i, group, onto: b.baseAddress! + q * d, columns: d))
                    }
                }
                let n = laneSumOfSquares(i, group, columns: d).squareRoot()
                if n > 1e-10 * max(originals[i], 1e-300) {
                    for k in 0..<d { basis.append(group[k][i] / n) }
                    c[i].append(n)
                }
                coefficients.append(c[i])
            }
            first += g
        }
        let rank = basis.count / d
        var out = [Double](repeating: 0, count: rows * rank)
        for (r, c) in coefficients.enumerated() {
            for (b, v) in c.enumerated() { out[r * rank + b] = v }
        }
        x = basis
        return (out, rank)
    }

    /// `rank` orthonormal rows of `d` Gaussian draws (``SeededRandom/nextNormal()`` from
    /// `seed`, `d` per candidate in turn), each made orthogonal to the rows before it twice
    /// (for stability) and unit; a candidate within 1e-8 of their span is dropped. The rows
    /// of a frame do not depend on its rank: a longer frame starts with the shorter one.
    /// - Complexity: `O(rank² · d)`.
    static func randomFrame(rank: Int, columns d: Int, seed: UInt64) -> [Double] {
        var frame = [Double](repeating: 0, count: rank * d)
        fillRandomFrame(&frame, rank: rank, columns: d, seed: seed)
        return frame
    }

    /// ``randomFrame(rank:columns:seed:)`` into the first `rank · d` values of `frame`, which
    /// its caller allocated (the scan's worker that makes it ahead then allocates nothing
    /// large: a block it allocated and the caller freed once added 19 MB to the peak resident
    /// memory of the default build).
    /// - Precondition: `frame.count ≥ rank · d`.
    static func fillRandomFrame(_ frame: inout [Double], rank: Int, columns d: Int, seed: UInt64) {
        precondition(frame.count >= rank * d, "fillRandomFrame: frame too small")
        var rng = SeededRandom(seed: seed)
        var filled = 0
        let width = Lanes.scalarCount
        let group = UnsafeMutablePointer<Lanes>.allocate(capacity: max(d, 1))
        defer { group.deallocate() }
        var candidates = [Double](repeating: 0, count: width * d)
        while filled < rank {
            // Drawn in the order one candidate at a time draws them; the draws of the last
            // group that are not needed are never used.
            for e in candidates.indices { candidates[e] = rng.nextNormal() }
            candidates.withUnsafeBufferPointer { load(group, from: $0.baseAddress!, rows: width, columns: d) }
            let shared = filled
            frame.withUnsafeBufferPointer { f in
                for b in 0..<shared { _ = project(group, onto: f.baseAddress! + b * d, columns: d) }
            }
            for i in 0..<width where filled < rank {
                frame.withUnsafeBufferPointer { f in
                    // The first pass's rest (the rows this group added), then the second pass.
                    for b in shared..<filled { _ = project(lane: i, group, onto: f.baseAddress! + b * d, columns: d) }
                    for b in 0..<filled { _ = project(lane: i, group, onto: f.baseAddress! + b * d, columns: d) }
                }
                let n = laneSumOfSquares(i, group, columns: d).squareRoot()
                guard n > 1e-8 else { continue }
                for k in 0..<d { frame[filled * d + k] = group[k][i] / n }
                filled += 1
            }
        }
    }

    /// Element `k` of rows `0..<rows` of `x` (row-major, `columns` wide) into lane `i` of
    /// `group[k]`; unused lanes are zero.
    private static func load(
        _ group: UnsafeMutablePointer<Lanes>, from x: UnsafePointer<Double>, rows: Int, columns d: Int
    ) {
        for k in 0..<d {
            var e = Lanes()
            for i in 0..<rows { e[i] = x[i * d + k] }
            group[k] = e
        }
    }

    /// Every lane's row minus its projection on the unit row `q`: `dot = Σₖ vₖqₖ` in index
    /// order, then `vₖ −= dot·qₖ`. Returns each lane's `dot`.
    @inline(__always)
    private static func project(_ v: UnsafeMutablePointer<Lanes>, onto q: UnsafePointer<Double>, columns d: Int)
        -> Lanes
    {
        var dot = Lanes()
        for k in 0..<d { dot += v[k] * Lanes(repeating: q[k]) }
        for k in 0..<d { v[k] -= dot * Lanes(repeating: q[k]) }
        return dot
    }

    /// ``project(_:onto:columns:)`` for lane `i` alone.
    @inline(__always)
    private static func project(
        lane i: Int, _ v: UnsafeMutablePointer<Lanes>, onto q: UnsafePointer<Double>, columns d: Int
    )
        -> Double
    {
        var dot = 0.0
        for k in 0..<d { dot += v[k][i] * q[k] }
        for k in 0..<d { v[k][i] -= dot * q[k] }
        return dot
    }

    /// `Σₖ vₖ²` of lane `i`, in index order.
    private static func laneSumOfSquares(_ i: Int, _ v: UnsafeMutablePointer<Lanes>, columns d: Int) -> Double {
        var s = 0.0
        for k in 0..<d { s += v[k][i] * v[k][i] }
        return s
    }

    /// `Σₖ xₖ²` in index order.
    private static func sumOfSquares(_ x: UnsafePointer<Double>, count d: Int) -> Double {
        var s = 0.0
        for k in 0..<d { s += x[k] * x[k] }
        return s
    }
}
