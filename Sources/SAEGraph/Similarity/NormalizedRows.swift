import Foundation

/// The rows of a decoder that have a direction, scaled to unit length in F32, packed
/// contiguously (row-major) for sgemm, with each row's original index and Double norm.
///
/// Row `r` of the packed matrix is original row `original[r]`; `original` ascends, so
/// "lower packed index" and "lower feature index" agree. Reference type: it owns one
/// allocation of `count × columns` floats, freed exactly once.
final class NormalizedRows: @unchecked Sendable {
    let decoder: DecoderMatrix
    let columns: Int
    /// Original feature index of each packed row, ascending.
    let original: [Int32]
    /// ``ExactCosine/norm(_:count:)`` of each packed row's original values.
    let norms: [Double]
    /// Packed unit rows, `count × columns`.
    let values: UnsafeMutablePointer<Float>
    /// The decoder's own values; `decoder` keeps them alive.
    private let originalBase: UnsafePointer<Float>
    /// The rows whose `values` a prefix view shares (nil when this instance owns them).
    private let owner: NormalizedRows?

    var count: Int { original.count }

    /// Packs every row not listed in `excluded`, on `threads` threads (nil: all cores).
    /// - Throws: ``SAEGraphError`` `.invalidArgument` when a row not excluded is zero or
    ///   non-finite (`what` names the matrix in the message; the lowest such row).
    /// - Complexity: O(rows × columns), split over the threads.
    init(_ decoder: DecoderMatrix, excluded: [Int], what: String, threads: Int? = nil) throws {
        self.decoder = decoder
        columns = decoder.columns
        let skip = Set(excluded)
        let original: [Int32] = (0..<decoder.rows).filter { !skip.contains($0) }.map { Int32($0) }
        self.original = original
        let d = decoder.columns
        let n = original.count
        let values = UnsafeMutablePointer<Float>.allocate(capacity: max(n * d, 1))
        self.values = values
        let norms = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(n, 1))
        defer { norms.deallocate() }
        let base = decoder.storage.base ?? UnsafePointer(values)
        originalBase = base
        owner = nil
        let pieces = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, n))
        // Each piece owns its rows; the lowest bad row of each piece, reported in row order.
        let bad: [Int?] = parallelTiles(count: pieces, workers: pieces, scratchCount: 0) { p, _, _ in
            for r in (n * p / pieces)..<(n * (p + 1) / pieces) {
                let src = base + Int(original[r]) * d
                let norm = ExactCosine.norm(src, count: d)
                guard norm > 0 && norm.isFinite else { return r }
                norms[r] = norm
                let dst = values + r * d
                for k in 0..<d { dst[k] = Float(Double(src[k]) / norm) }
            }
            return nil
        }
        if let r = bad.lazy.compactMap({ $0 }).first {
            values.deallocate()
            throw SAEGraphError(
                .invalidArgument,
                "\(what) row \(original[r]) is zero or non-finite but was not excluded; exclude it (see DecoderMatrix.rowHealth())"
            )
        }
        self.norms = Array(norms.prefix(n))
    }

    /// `count` rows of `other` spread evenly (rows `⌊r · other.count / count⌋`), sharing its
    /// decoder: a sample for timing.
    /// - Precondition: `1 ≤ count ≤ other.count`.
    /// - Complexity: O(count × columns).
    init(sampling count: Int, of other: NormalizedRows) {
        precondition(count >= 1 && count <= other.count, "sample size out of range")
        let picked = (0..<count).map { $0 * other.count / count }
        decoder = other.decoder
        columns = other.columns
        original = picked.map { other.original[$0] }
        norms = picked.map { other.norms[$0] }
        originalBase = other.originalBase
        owner = nil
        values = .allocate(capacity: max(count * columns, 1))
        for (r, i) in picked.enumerated() { (values + r * columns).update(from: other.unitRow(i), count: columns) }
    }

    /// The first `count` rows of `other`, sharing its values (no copy): a sample for timing
    /// that costs no memory.
    /// - Precondition: `1 ≤ count ≤ other.count`.
    init(prefix count: Int, of other: NormalizedRows) {
        precondition(count >= 1 && count <= other.count, "sample size out of range")
        decoder = other.decoder
        columns = other.columns
        original = Array(other.original.prefix(count))
        norms = Array(other.norms.prefix(count))
        originalBase = other.originalBase
        owner = other
        values = other.values
    }

    deinit { if owner == nil { values.deallocate() } }

    /// Packed unit row `r`.
    func unitRow(_ r: Int) -> UnsafePointer<Float> { UnsafePointer(values + r * columns) }

    /// The F32 dot product of packed unit row `i` here and packed unit row `j` of `other`: the
    /// cosine within the F32 bound (``CosineErrorBound/init(dimension:threshold:)``), as sgemm
    /// would give it. Refines the keys of a reduced-precision candidate pass.
    /// - Complexity: O(columns).
    func unitCosine(_ i: Int, _ other: NormalizedRows, _ j: Int) -> Float {
        typealias V = SIMD16<Float>
        let a = UnsafeRawPointer(values + i * columns)
        let b = UnsafeRawPointer(other.values + j * columns)
        var s0 = V()
        var s1 = V()
        var k = 0
        let stride = MemoryLayout<Float>.stride
        while k + 32 <= columns {
            s0 +=
                a.loadUnaligned(fromByteOffset: k * stride, as: V.self)
                * b.loadUnaligned(fromByteOffset: k * stride, as: V.self)
            s1 +=
                a.loadUnaligned(fromByteOffset: (k + 16) * stride, as: V.self)
                * b.loadUnaligned(fromByteOffset: (k + 16) * stride, as: V.self)
            k += 32
        }
        var s = (s0 + s1).sum()
        while k < columns {
            s += values[i * columns + k] * other.values[j * columns + k]
            k += 1
        }
        return s
    }

    /// The F32 dot product of row `i` with each row `targets[n]` of `other` into `out[n]`: with
    /// AVX-512, four rows at a time with the next four prefetched (``RefineKernel``), so that
    /// their loads overlap where one at a time would wait on each target row's cache misses in
    /// turn; elsewhere ``unitCosine(_:_:_:)`` per row. The summation orders differ; both lie
    /// within the F32 bound.
    /// - Complexity: O(targets.count × columns).
    func unitCosines(
        _ i: Int, _ other: NormalizedRows, _ targets: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>
    ) {
        if RefineKernel.isAvailable {
            RefineKernel.dots(unitRow(i), UnsafePointer(other.values), columns: columns, rows: targets, into: out)
            return
        }
        for (n, j) in targets.enumerated() { out[n] = unitCosine(i, other, j) }
    }

    /// The F32 dot product of each row `rows[n]` here with row `targets[n]` of `other` into
    /// `out[n]`, as ``unitCosines(_:_:_:into:)`` computes them.
    /// - Complexity: O(rows.count × columns).
    func unitCosines(
        pairs rows: UnsafeBufferPointer<Int>, _ other: NormalizedRows, _ targets: UnsafeBufferPointer<Int>,
        into out: UnsafeMutablePointer<Float>
    ) {
        if RefineKernel.isAvailable {
            RefineKernel.pairDots(
                UnsafePointer(values), UnsafePointer(other.values), columns: columns, xRows: rows, yRows: targets,
                into: out)
            return
        }
        for n in 0..<rows.count { out[n] = unitCosine(rows[n], other, targets[n]) }
    }

    /// The reference cosines of packed row `i` here with packed rows `targets[n]` of `other`
    /// into `out[n]`, bit for bit as ``exactCosine(_:_:_:)`` gives them, the next rows fetched
    /// while one is summed (``RefineKernel/exactDots(_:_:columns:rows:into:wide:)``).
    /// - Complexity: O(targets.count × columns).
    func exactCosines(
        _ i: Int, _ other: NormalizedRows, _ targets: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Double>
    ) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: targets.count) { rows in
            for (n, j) in targets.enumerated() { rows[n] = Int(other.original[j]) }
            RefineKernel.exactDots(
                originalBase + Int(original[i]) * columns, other.originalBase, columns: columns,
                rows: UnsafeBufferPointer(rows), into: out)
        }
        for (n, j) in targets.enumerated() { out[n] /= norms[i] * other.norms[j] }
    }

    /// The reference cosine of packed row `i` here and packed row `j` of `other`.
    /// - Complexity: O(columns).
    func exactCosine(_ i: Int, _ other: NormalizedRows, _ j: Int) -> Double {
        ExactCosine.cosine(
            originalBase + Int(original[i]) * columns, norm: norms[i],
            other.originalBase + Int(other.original[j]) * columns, norm: other.norms[j], count: columns)
    }
}
