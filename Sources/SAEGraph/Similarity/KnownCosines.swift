/// The reference cosines a scan's row side has computed (each row's near-ties, resolved in
/// Double), kept so that its column side looks them up instead of computing them again: a
/// column's nearest rows are mostly rows whose own nearest columns include it.
///
/// Measured on `saegraph synth` input (24,576 × 768, layers 6 → 7, neighbourhoods of 10): 82 %
/// of the column lists' entries are in their row's list too. The Double reference gives the
/// same bits either way round (``ExactCosine``: products in a fixed order, the norms'
/// product commutes), so a looked-up value is the one the column side would compute.
///
/// Rows are packed source indices, entries packed target indices, as the scan holds them.
struct KnownCosines {
    /// Row `r`'s entries are `starts[r] ..< starts[r + 1]`.
    private var starts: [Int] = [0]
    private var targets: [Int32] = []
    private var values: [Double] = []

    /// Appends the next row's resolved cosines.
    mutating func append(_ row: [(j: Int, c: Double)]) {
        for e in row {
            targets.append(Int32(e.j))
            values.append(e.c)
        }
        starts.append(targets.count)
    }

    /// Appends rows kept by another instance, in order.
    mutating func append(contentsOf other: KnownCosines) {
        let base = targets.count
        targets += other.targets
        values += other.values
        starts += other.starts.dropFirst().map { $0 + base }
    }

    /// The cosine of row `i` with column `j`, when row `i` resolved it.
    func value(row i: Int, column j: Int) -> Double? {
        guard i + 1 < starts.count else { return nil }
        for p in starts[i]..<starts[i + 1] where targets[p] == Int32(j) { return values[p] }
        return nil
    }

    /// Column `j`'s reference cosine with each row in `rows` (ascending), known ones looked up
    /// and the rest computed by `exactMany` in one batch; how many were computed.
    func resolve(column j: Int, rows: [Int], exactMany: ExactMany) -> (resolved: [(j: Int, c: Double)], computed: Int) {
        var cosines = rows.map { value(row: $0, column: j) }
        let missing = rows.indices.filter { cosines[$0] == nil }
        if !missing.isEmpty {
            let asked = missing.map { rows[$0] }
            var computed = [Double](repeating: .nan, count: asked.count)
            asked.withUnsafeBufferPointer { a in
                computed.withUnsafeMutableBufferPointer { exactMany(a, $0.baseAddress!) }
            }
            for (p, c) in zip(missing, computed) { cosines[p] = c }
        }
        return (zip(rows, cosines).map { (j: $0, c: $1!) }, missing.count)
    }
}
