import CKernels
import Foundation

/// The similarity passes' door to the CKernels module (the sentence model has its own, in
/// SentenceModel/BertEncoder.swift and BFloat16Weights.swift): the bfloat16 candidate pass.
///
/// Rows are the F32 normalised rows of ``NormalizedRows`` rounded to bfloat16; products are
/// accumulated in F32 by AVX512-BF16 `vdpbf16ps`, about twice the F32 sgemm rate. The values
/// only propose candidates: ``CosineErrorBound/bf16Epsilon(dimension:sourceResidual:targetResidual:)``
/// bounds their distance to the Double reference from the rounding residuals measured here.
enum ReducedPrecisionKernel {
    /// True when this CPU executes AVX512-BF16.
    static let isAvailable: Bool = ck_has_avx512bf16() != 0

    /// 32-bit words per bfloat16 row of `columns` elements (two elements a word).
    static func pairs(columns: Int) -> Int { (columns + 1) / 2 }

    /// The target rows packed in panels for ``multiply(_:start:count:targets:packed:c:)``,
    /// with `residual ≥ ‖bf16(ŷ) − ŷ‖` over its rows. Owns one allocation, freed once.
    final class PackedTargets: @unchecked Sendable {
        let count: Int
        let columns: Int
        let residual: Double
        let words: UnsafeMutablePointer<UInt32>

        /// - Complexity: O(rows × columns), split over `threads`; `2 × rows × columns` bytes
        ///   (rows rounded up to 48).
        init(_ rows: NormalizedRows, threads: Int = 1) {
            let count = rows.count
            let columns = rows.columns
            self.count = count
            self.columns = columns
            let words = UnsafeMutablePointer<UInt32>.allocate(
                capacity: max(ck_bf16_packed_b_count(count, columns) / 4, 1))
            self.words = words
            // Panels are independent: each piece packs whole panels at their own offset.
            let panels = (count + 47) / 48
            let pairs = ReducedPrecisionKernel.pairs(columns: columns)
            let squared = Int8Kernel.chunked(panels, threads: threads) { range in
                let first = range.lowerBound * 48
                let squared = ck_bf16_pack_b(
                    rows.values + first * columns, min(count, range.upperBound * 48) - first, columns, columns,
                    words + first * pairs)
                precondition(squared >= 0, "out of memory while packing \(count) rows as bfloat16")
                return squared
            }
            residual = ReducedPrecisionKernel.upperNorm(squared)
        }

        deinit { words.deallocate() }
    }

    /// `R ≥ ‖bf16(x̂) − x̂‖` over all rows of `rows`.
    /// - Complexity: O(rows × columns), split over `threads`; one row of scratch per thread.
    static func residual(of rows: NormalizedRows, threads: Int = 1) -> Double {
        rowResiduals(of: rows, threads: threads).max() ?? 0
    }

    /// `Rᵣ ≥ ‖bf16(x̂ᵣ) − x̂ᵣ‖` of each row `r` of `rows` (for ``PairErrorTerms``).
    /// - Complexity: O(rows × columns), split over `threads`; one row of scratch per thread.
    static func rowResiduals(of rows: NormalizedRows, threads: Int = 1) -> [Double] {
        Int8Kernel.perRow(rows.count, threads: threads) { range, out in
            let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: pairs(columns: rows.columns))
            defer { buffer.deallocate() }
            for r in range { out[r] = upperNorm(ck_bf16_row(rows.unitRow(r), rows.columns, buffer)) }
        }
    }

    /// `sqrt` of a Double sum of at most 2²³ squares, raised to cover its rounding (relative
    /// error below `2⁻³⁰`).
    static func upperNorm(_ squared: Double) -> Double { squared.squareRoot() * (1 + 0x1p-20) }

    /// Words of scratch ``multiply(_:start:count:targets:packed:c:)`` needs for `rows` rows.
    static func scratchWords(rows: Int, columns: Int) -> Int { rows * pairs(columns: columns) }

    /// `c = X · Yᵀ` for source rows `start ..< start + count` of `source` (`X`, rounded to
    /// bfloat16 into `packed`) and all rows of `targets` (`Y`); `c` is `count × targets.count`.
    /// - Precondition: ``isAvailable``; `packed` holds ``scratchWords(rows:columns:)`` words.
    /// - Complexity: `2 · count · targets.count · columns` flops at bfloat16 rate.
    static func multiply(
        _ source: NormalizedRows, start: Int, count: Int, targets: PackedTargets,
        packed: UnsafeMutablePointer<UInt32>, c: UnsafeMutablePointer<Float>
    ) {
        let d = source.columns
        let p = pairs(columns: d)
        for r in 0..<count { _ = ck_bf16_row(source.unitRow(start + r), d, packed + r * p) }
        ck_bf16_gemm(packed, count, targets.words, targets.count, p, c, targets.count)
    }
}

/// The int8 candidate pass (also reached only through this file's door to CKernels).
///
/// Each normalised row `x̂` is quantised with its own scale: `s = max|x̂ₖ| / 127`,
/// `qₖ = round(x̂ₖ / s)`; `vpdpbusd` (AVX512-VNNI, or AVX-VNNI on 256-bit vectors) sums
/// `(q_a + 128)·q_b` in int32 and the kernel subtracts `128·Σ q_b`, so the integer dot product
/// is exact; the value stored is `fl(fl(float(D)·s_b)·s_a)`. The residuals `‖s·q − x̂‖` measured
/// here feed ``CosineErrorBound/int8Epsilon(dimension:sourceResidual:targetResidual:)``.
///
/// CPUs without VNNI (AVX2 only, such as AMD EPYC Zen 3) take the same sum from `vpmaddubsw`,
/// which adds two `u8 · s8` products in an int16 lane that saturates, and `vpmaddwd`: the
/// source rows there have 63 levels (`s = max|x̂ₖ| / 63`, stored as `q + 64`), so no pair
/// exceeds `2 · 127 · 127 < 2¹⁵`, and their larger residuals widen the bound. Measured on a
/// 2-core AMD EPYC (Zen 3, family 25 model 1), `Benchmarks/kernel-peak.sh`: 145 GOP/s per
/// thread against OpenBLAS sgemm's 77.
enum Int8Kernel {
    /// True when this CPU executes AVX512-VNNI (the 512-bit kernel).
    static let hasWide: Bool = ck_has_avx512vnni() != 0
    /// True when this CPU executes AVX-VNNI (the 256-bit kernel).
    static let hasNarrow: Bool = ck_has_avxvnni() != 0
    /// True when this CPU executes AVX2 and FMA (the kernel without VNNI).
    static var hasAVX2: Bool { VectorWay.hasAVX2 }
    /// True when this CPU runs any of the three.
    static var hasAny: Bool { hasWide || hasNarrow || hasAVX2 }
    /// Longest row the int32 accumulators hold exactly: `d · 255 · 127 < 2³¹`.
    static let maximumColumns = 65_536

    /// Bytes per quantised row (four elements per 32-bit group).
    static func rowBytes(columns: Int) -> Int { ck_i8_groups(columns) * 4 }

    /// The side of the product a row is quantised for.
    enum Side { case source, target }

    /// `R ≥ ‖s·q − x̂‖` over all rows of `rows`, quantised as `kernel` quantises `side`.
    /// - Complexity: O(rows × columns), split over `threads`; one row of scratch per thread.
    static func residual(of rows: NormalizedRows, kernel: CandidateKernel, side: Side, threads: Int) -> Double {
        rowResiduals(of: rows, kernel: kernel, side: side, threads: threads).max() ?? 0
    }

    /// `Rᵣ ≥ ‖s·q − x̂ᵣ‖` of each row `r` of `rows` (for ``PairErrorTerms``), quantised as
    /// `kernel` quantises `side`: 63 levels for the source rows of ``CandidateKernel/int8AVX2``,
    /// else 127.
    /// - Complexity: O(rows × columns), split over `threads`; one row of scratch per thread.
    static func rowResiduals(of rows: NormalizedRows, kernel: CandidateKernel, side: Side, threads: Int) -> [Double] {
        let d = rows.columns
        let mode = side == .source ? sourceMode(kernel) : 0
        return perRow(rows.count, threads: threads) { range, out in
            let row = UnsafeMutablePointer<UInt8>.allocate(capacity: rowBytes(columns: d))
            defer { row.deallocate() }
            var scale: Float = 0
            var sum: Int32 = 0
            for r in range {
                out[r] = ReducedPrecisionKernel.upperNorm(ck_i8_row(rows.unitRow(r), d, mode, row, &scale, &sum))
            }
        }
    }

    /// `ck_i8_row`'s offset mode for `kernel`'s source rows.
    static func sourceMode(_ kernel: CandidateKernel) -> Int32 { kernel == .int8AVX2 ? CK_I8_NARROW : 1 }

    /// `ck_i8_gemm`'s way for `kernel`.
    static func way(_ kernel: CandidateKernel) -> Int32 {
        switch kernel {
        case .int8: CK_I8_WAY_AVX512VNNI
        case .int8Narrow: CK_I8_WAY_AVXVNNI
        default: CK_I8_WAY_AVX2
        }
    }

    /// `count` values, `body` filling contiguous pieces of `0 ..< count` on `threads` threads
    /// at once (each piece writes only its own indices).
    static func perRow(
        _ count: Int, threads: Int, _ body: (Range<Int>, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.initialize(repeating: 0)
            let pieces = max(1, min(threads, count))
            let shared = buffer
            _ = parallelTiles(count: pieces, workers: pieces, scratchCount: 0) { p, _, _ in
                body((count * p / pieces)..<(count * (p + 1) / pieces), shared)
            }
            initialized = count
        }
    }

    /// The target rows quantised and packed in panels of 48, with per-row scales and offset
    /// corrections, and `residual ≥ ‖s·q − ŷ‖` over its rows.
    final class PackedTargets: @unchecked Sendable {
        let count: Int
        let bytes: UnsafeMutablePointer<UInt8>
        let scales: UnsafeMutablePointer<Float>
        let corrections: UnsafeMutablePointer<Int32>
        let residual: Double

        /// Packs rows `0 ..< count` of the row-major unit rows `values` (`columns` long).
        /// - Complexity: O(count × columns), split over `threads`.
        init(values: UnsafePointer<Float>, count: Int, columns: Int, threads: Int) {
            self.count = count
            let panels = (count + 47) / 48
            let total = ck_i8_packed_b_bytes(count, columns)
            bytes = .allocate(capacity: max(total, 1))
            scales = .allocate(capacity: max(panels * 48, 1))
            corrections = .allocate(capacity: max(panels * 48, 1))
            let (bytes, scales, corrections) = (bytes, scales, corrections)
            let rb = Int8Kernel.rowBytes(columns: columns)
            let worst = Int8Kernel.chunked(panels, threads: threads) { range in
                let row = UnsafeMutablePointer<UInt8>.allocate(capacity: rb)
                defer { row.deallocate() }
                return ck_i8_pack_b(
                    values, count, range.lowerBound, range.upperBound, columns, columns, bytes, scales,
                    corrections, row)
            }
            residual = ReducedPrecisionKernel.upperNorm(worst)
        }

        convenience init(_ rows: NormalizedRows, threads: Int) {
            self.init(values: rows.values, count: rows.count, columns: rows.columns, threads: threads)
        }

        deinit {
            bytes.deallocate()
            scales.deallocate()
            corrections.deallocate()
        }
    }

    /// Floats of scratch ``multiply(_:start:count:targets:wide:scratch:c:)`` needs for `rows` rows.
    static func scratchFloats(rows: Int, columns: Int) -> Int { rows * rowBytes(columns: columns) / 4 + rows }

    /// `c = X · Yᵀ` for source rows `start ..< start + count` of `source` (quantised into
    /// `scratch`) and all packed targets; `c` is `count × targets.count`, by `kernel`
    /// (`.int8`, `.int8Narrow` or `.int8AVX2`).
    /// - Precondition: `kernel` is available; `scratch` holds ``scratchFloats(rows:columns:)``
    ///   floats for `count` rows.
    /// - Complexity: `2 · count · targets.count · columns` int8 operations.
    static func multiply(
        _ source: NormalizedRows, start: Int, count: Int, targets: PackedTargets, kernel: CandidateKernel,
        scratch: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
    ) {
        precondition(kernel.isAvailable && kernel != .fp32 && kernel != .bf16, "Int8Kernel.multiply: \(kernel)")
        let d = source.columns
        let rb = rowBytes(columns: d)
        let scales = scratch
        let bytes = UnsafeMutableRawPointer(scratch + count).bindMemory(to: UInt8.self, capacity: count * rb)
        let mode = sourceMode(kernel)
        var sum: Int32 = 0
        for r in 0..<count { _ = ck_i8_row(source.unitRow(start + r), d, mode, bytes + r * rb, scales + r, &sum) }
        ck_i8_gemm(
            way(kernel), bytes, scales, count, targets.bytes, targets.scales, targets.corrections, targets.count,
            rb / 4, c, targets.count)
    }

    /// Runs `body` on `threads` contiguous pieces of `0 ..< count` at once; the largest result.
    /// - Complexity: `body`'s; results combine by `max`, so the split never changes them.
    static func chunked(_ count: Int, threads: Int, _ body: (Range<Int>) -> Double) -> Double {
        let pieces = max(1, min(threads, count))
        let results = parallelTiles(count: pieces, workers: pieces, scratchCount: 0) { p, _, _ in
            body((count * p / pieces)..<(count * (p + 1) / pieces))
        }
        return results.max() ?? 0
    }
}

/// The F32 refinement of a reduced-precision pass (also reached only through this file's door
/// to CKernels): dot products of one unit row with scattered unit rows, in AVX-512 with the
/// next rows prefetched (``NormalizedRows/unitCosines(_:_:_:into:)`` falls back to Swift SIMD
/// elsewhere).
enum RefineKernel {
    /// True when this CPU executes AVX-512F.
    static let isAvailable: Bool = ck_has_avx512f() != 0

    /// `out[n] = x · y[rows[n]]` (rows of `columns` floats, row stride `columns`) in F32.
    /// - Precondition: ``isAvailable``.
    static func dots(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, columns: Int, rows: UnsafeBufferPointer<Int>,
        into out: UnsafeMutablePointer<Float>
    ) {
        guard let base = rows.baseAddress else { return }
        ck_f32_dots(x, y, columns, base, rows.count, columns, out)
    }

    /// `out[n] = x · y[rows[n]]` (rows of `columns` floats, stride `columns`) in Double, bit for
    /// bit as ``ExactCosine/dot(_:_:count:)`` sums it; `wide` (AVX-512F) prefetches the next
    /// rows.
    static func exactDots(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, columns: Int, rows: UnsafeBufferPointer<Int>,
        into out: UnsafeMutablePointer<Double>, wide: Bool = isAvailable
    ) {
        guard let base = rows.baseAddress else { return }
        ck_f64_dots(wide ? 1 : 0, x, y, columns, base, rows.count, columns, out)
    }

    /// `out[n] = x[xRows[n]] · y[yRows[n]]` (rows of `columns` floats) in F32.
    /// - Precondition: ``isAvailable``; `xRows` and `yRows` have the same count.
    static func pairDots(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, columns: Int, xRows: UnsafeBufferPointer<Int>,
        yRows: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>
    ) {
        guard let xs = xRows.baseAddress, let ys = yRows.baseAddress else { return }
        ck_f32_pair_dots(x, columns, xs, y, columns, ys, xRows.count, columns, out)
    }

    /// True when this CPU executes AVX-512F, BW and VL: ``shortDots(_:xRows:_:scales:columns:yRows:into:way:)``
    /// then runs its AVX-512 way by default.
    static let hasShortWide: Bool = ck_has_avx512bw() != 0
    /// The default way of ``shortDots(_:xRows:_:scales:columns:yRows:into:way:)`` and
    /// ``quantiseShort(_:count:into:scale:way:)``.
    static let shortWay = VectorWay.fastest(hasWide: hasShortWide)

    /// Quantises `count` floats of `y` into `q` with the scale `max|yₖ| / 32767` (1 for a zero
    /// row) written to `scale`, rounding to nearest even and clamping to ±32767; returns
    /// `Σ (s·qₖ − yₖ)²` in Double (each `s·qₖ` exact: 24 + 16 bits). `way` as in
    /// ``shortDots(_:xRows:_:scales:columns:yRows:into:way:)``; the integers do not depend on it.
    static func quantiseShort(
        _ y: UnsafePointer<Float>, count: Int, into q: UnsafeMutablePointer<Int16>, scale: UnsafeMutablePointer<Float>,
        way: VectorWay = shortWay
    ) -> Double {
        ck_i16_quantise(way.rawValue, y, count, q, scale)
    }

    /// `out[n] = scales[yRows[n]] · (x_n · q_n)` in F32, `x_n` row `xRows[n]` of `x` (or `x`
    /// itself when `xRows` is nil) and `q_n` row `yRows[n]` of the 16-bit rows `y` (rows of
    /// `columns` elements, stride `columns`), each element widened exactly (``RefinementRows``).
    /// `way` `.avx512` needs ``hasShortWide``, `.avx2` ``VectorWay/hasAVX2``; the sums' orders
    /// differ between ways.
    /// - Precondition: `xRows`, when given, has as many entries as `yRows`.
    static func shortDots(
        _ x: UnsafePointer<Float>, xRows: UnsafeBufferPointer<Int>?, _ y: UnsafePointer<Int16>,
        scales: UnsafePointer<Float>, columns: Int, yRows: UnsafeBufferPointer<Int>,
        into out: UnsafeMutablePointer<Float>, way: VectorWay = shortWay
    ) {
        guard let ys = yRows.baseAddress else { return }
        precondition(xRows.map { $0.count == yRows.count } ?? true, "RefineKernel.shortDots: row counts differ")
        ck_i16_dots(
            way.rawValue, x, columns, xRows?.baseAddress, y, columns, scales, ys, yRows.count, columns, out)
    }
}

/// The two vector passes of ``PairScan/scanRow(_:count:rowIndex:floor:tieMargin:columnTerms:offerShift:columns:scratch:refine:exact:)``
/// (`CKernels/row_scan.c`, AVX-512F or AVX2 where the CPU has it, plain C elsewhere, same results).
enum ScanKernel {
    /// True when this CPU executes AVX-512F.
    static let hasWide: Bool = RefineKernel.isAvailable
    /// The default way: AVX-512F, else AVX2, else plain.
    static let way = VectorWay.fastest(hasWide: hasWide)

    /// What ``row(_:terms:low:count:floor:shift:depth:absolute:edges:offers:top:way:)`` found:
    /// how many edge candidates, offers and top keys it wrote, and the row maximum of `x − e`.
    struct RowFindings {
        var edges: Int
        var offers: Int
        var top: Int
        var rowMax: Float
    }

    /// One pass over a product row (`ck_scan_row`): the columns with `x ≥ floor` into `edges`,
    /// those with `(x + e) + shift ≥ low` into `offers` (both ascending, room for `count`), the
    /// `depth` largest `x − e` into `top` (descending, room for `depth`), as inserting each above
    /// the smallest kept one gives them, and the row maximum of `x − e`. `x` is `g`, or `|g|`
    /// with `absolute`.
    static func row(
        _ g: UnsafePointer<Float>, terms: UnsafePointer<Float>, low: UnsafePointer<Float>, count: Int, floor: Float,
        shift: Float, depth: Int, absolute: Bool, edges: UnsafeMutablePointer<Int>,
        offers: UnsafeMutablePointer<Int>, top: UnsafeMutablePointer<Float>, way: VectorWay = way
    ) -> RowFindings {
        var out = ck_row_scan(
            edges: edges, edge_count: 0, offers: offers, offer_count: 0, top: top, top_count: 0, row_max: 0)
        ck_scan_row(way.rawValue, g, terms, low, count, floor, shift, depth, absolute ? 1 : 0, &out)
        return RowFindings(edges: out.edge_count, offers: out.offer_count, top: out.top_count, rowMax: out.row_max)
    }

    /// The columns with `x + e ≥ near`, ascending, into `index` and their `x + e` into `bound`
    /// (room for `count` each); how many.
    static func near(
        _ g: UnsafePointer<Float>, terms: UnsafePointer<Float>, count: Int, near: Float, absolute: Bool,
        index: UnsafeMutablePointer<Int>, bound: UnsafeMutablePointer<Float>, way: VectorWay = way
    ) -> Int {
        ck_scan_near(way.rawValue, g, terms, count, near, absolute ? 1 : 0, index, bound)
    }
}
