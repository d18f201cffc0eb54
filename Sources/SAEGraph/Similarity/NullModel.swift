import Foundation

/// What chance alignment looks like for one layer pair: the cosines between a sample of the
/// source layer's decoder rows, turned by one random rotation, and every target row.
///
/// A random orthogonal rotation `Q` (Haar, seeded) of the source layer keeps that layer's
/// internal geometry (all its cosines) and the target layer untouched, but destroys any
/// alignment between the two, so `cos(Q·sᵢ, tⱼ)` is what a cosine is worth when nothing links
/// the layers. Only the sampled rows are rotated: with the sample written `X = R·B` (`B` an
/// orthonormal basis of its span, by modified Gram–Schmidt in Double), `X·Qᵀ = R·F` where `F`
/// is the Gram–Schmidt frame of as many independent Gaussian vectors, which is how a Haar
/// rotation acts on that span. The rotated rows then meet all target rows through the F32
/// BLAS path.
///
/// From the null cosines the summary keeps their mean and standard deviation (for z-scores),
/// their quantiles, and the quantiles of each sampled row's best cosine. p-values need the far
/// tail, which a sample cannot reach, so they come from the sphere model that fits the null:
/// cosines of uniform directions in R^dₑ with `dₑ = round(1 / E[cos²])` (for uniform directions
/// `E[cos²] = 1/d` exactly), through ``RandomBaseline``. Rounding `dₑ` to an integer makes
/// every p-value and the ``EdgeRule/auto(alpha:)`` threshold independent of F32 rounding.
///
/// Float semantics: statistics are accumulated in Double from F32 cosines; the sample and the
/// rotation depend only on the seed, so a summary is the same on every run and thread count.
public struct NullSummary: Sendable, Equatable {
    /// Source rows sampled and rotated.
    public var sampleRows: Int
    /// Target rows each was compared with (the non-excluded ones).
    public var targetRows: Int
    /// Mean and standard deviation of the null cosines.
    public var mean: Double
    public var standardDeviation: Double
    /// `round(1 / E[cos²])`, at least 2: the dimension of the sphere model behind p-values.
    public var effectiveDimension: Int
    /// Quantiles of the null cosines at ``statisticsQuantileLevels``.
    public var cosineQuantiles: [Double]
    /// Quantiles of each sampled row's best null cosine at ``statisticsQuantileLevels``.
    public var bestQuantiles: [Double]
    /// The null of a best match's CSLS (``CSLSNull``), when the build's rule needs it.
    public var csls: CSLSNull?
    /// With encoder-aware scoring (``EncoderScoring``): `round(1 / E[score²])` of the rotated
    /// rows' scores against a spread sample of targets, at least 2
    /// (`score_effective_dimension` of ``NullModelRecord``).
    public var scoreDimension: Int?

    public init(
        sampleRows: Int, targetRows: Int, mean: Double, standardDeviation: Double, effectiveDimension: Int,
        cosineQuantiles: [Double], bestQuantiles: [Double], csls: CSLSNull? = nil, scoreDimension: Int? = nil
    ) {
        self.csls = csls
        self.scoreDimension = scoreDimension
        self.sampleRows = sampleRows
        self.targetRows = targetRows
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.effectiveDimension = max(2, effectiveDimension)
        self.cosineQuantiles = cosineQuantiles
        self.bestQuantiles = bestQuantiles
    }

    /// `(c − mean) / sd`; NaN when the deviation is zero.
    public func zScore(_ c: Double) -> Double {
        standardDeviation > 0 ? (c - mean) / standardDeviation : .nan
    }

    /// The sphere model of the best of ``targetRows`` null cosines.
    public func bestModel() -> RandomBaseline {
        // dimension ≥ 2 and count ≥ 1 hold by construction.
        try! RandomBaseline(dimension: effectiveDimension, count: max(targetRows, 1))
    }

    /// The sphere model of the best null score: ``bestModel()`` in ``scoreDimension``, the
    /// effective dimension measured on the rotated rows' scores themselves (1 / mean square).
    /// The model takes the best of all ``targetRows``, while a score is the best of a row's `k`
    /// candidates only, so its tail is never thinner than the null's.
    func scoreModel() -> RandomBaseline {
        guard let scoreDimension else { return bestModel() }
        return try! RandomBaseline(dimension: max(2, scoreDimension), count: max(targetRows, 1))
    }

    /// P(best of ``targetRows`` null cosines ≥ c): the chance that a source row finds a target
    /// this similar by luck, i.e. the family-wise error rate over that row's comparisons.
    /// Decreases as `c` grows; 1 for `c ≤ −1`, 0 for `c ≥ 1`.
    public func pValue(_ c: Double, model: RandomBaseline? = nil) -> Double {
        let m = model ?? bestModel()
        return min(1, max(0, -expm1(m.logCDF(c))))
    }
}

/// Computes ``NullSummary`` for a layer pair.
enum NullModel {
    /// Default number of source rows sampled.
    static let defaultSampleRows = 256
    /// At most this many null cosines are kept for the cosine quantiles.
    static let quantileSampleSize = 1 << 18
    /// Rows of the null's blocks, the unit its sums are kept in.
    static let nullBlockRows = 32

    /// Blocks of ``nullBlockRows`` per sgemm call: up to 4, while the work still makes at least
    /// four calls. Each call packs the whole target layer again (24,576 × 768: as much time as
    /// the products of 32 rows), so larger calls pack less. The grouping depends on the work
    /// alone, never on the thread count: OpenBLAS's Haswell/Zen kernels round a row's
    /// products differently with the call's row count and the row's place in it (measured:
    /// 2,794 of 5,050 placements of one row in calls of 1 to 100 rows differ from its bits in a
    /// call of 16, AMD EPYC Zen 3), so a grouping by threads changed the null's figures with
    /// `--threads`.
    static func nullCallBlocks(blocks: Int) -> Int {
        max(1, min(4, blocks / 4))
    }

    /// - Parameters:
    ///   - sampleRows: rows sampled (evenly spaced over the packed rows; all when fewer).
    ///   - seed: seeds the rotation.
    ///   - neighbours: with `k > 0`, also each rotated row's best match and its own `k`
    ///     nearest null cosines (``NullBestRow``; keys `|cos|` with `absolute`), from which
    ///     and the real targets' neighbourhoods ``CSLSNull/init(rows:columnMeans:)`` makes
    ///     the CSLS null.
    /// - Complexity: `O(m² · d)` Double for the two Gram–Schmidt passes (m the sample), plus
    ///   `2 · m · targets · d` F32 flops; memory O(m · targets) floats at most.
    static func compute(
        source: NormalizedRows, target: NormalizedRows, sampleRows: Int, seed: UInt64, threads: Int
    ) -> NullSummary? {
        computeWithRows(source: source, target: target, sampleRows: sampleRows, seed: seed, threads: threads)?.summary
    }

    /// The largest rank the sample of ``computeWithRows(source:target:sampleRows:seed:threads:neighbours:absolute:scoring:frame:sample:)``
    /// can have: its rows (twice as many with encoder scoring), at most `columns`.
    static func frameRank(sampleRows: Int, sources: Int, columns: Int, scoring: Bool) -> Int {
        min(min(sampleRows, sources) * (scoring ? 2 : 1), columns)
    }

    /// The Gram–Schmidt coefficients `R` (`X = R·B`) of the sample of
    /// ``computeWithRows(source:target:sampleRows:seed:threads:neighbours:absolute:scoring:frame:sample:)``
    /// and their rank: `sampleRows` source rows evenly spaced (all when fewer), and with
    /// `scoring` their encoder rows after them (rows m..<2m), so that one rotation turns both.
    /// - Complexity: `O(rows² · columns)`.
    static func sampleCoefficients(
        source: NormalizedRows, sampleRows: Int, scoring: ScoringRows? = nil
    ) -> (coefficients: [Double], rank: Int) {
        let d = source.columns
        let m = min(sampleRows, source.count)
        let stacked = scoring == nil ? m : 2 * m
        var x = [Double](repeating: 0, count: stacked * d)
        for r in 0..<m {
            let p = r * source.count / m
            let row = source.unitRow(p)
            for k in 0..<d { x[r * d + k] = Double(row[k]) }
            if let scoring {
                let (e, n) = scoring.encoderRow(Int(source.original[p]))
                for k in 0..<d { x[(m + r) * d + k] = Double(e[k]) / n }
            }
        }
        return gramSchmidt(&x, rows: stacked, columns: d)
    }

    /// ``compute(source:target:sampleRows:seed:threads:)`` with, for `neighbours > 0`, each
    /// rotated row's ``NullBestRow`` (target indices original). `frame`, when given, is
    /// ``randomFrame(rank:columns:seed:)`` of `seed` for at least the sample's rank (a longer
    /// frame starts with the shorter one), computed ahead (``frameRank(sampleRows:sources:columns:scoring:)``);
    /// `sample`, when given, is ``sampleCoefficients(source:sampleRows:scoring:)`` of the same
    /// rows, computed ahead (the same bits).
    static func computeWithRows(
        source: NormalizedRows, target: NormalizedRows, sampleRows: Int, seed: UInt64, threads: Int,
        neighbours: Int = 0, absolute: Bool = false, scoring: (source: ScoringRows, target: ScoringRows)? = nil,
        frame: [Double]? = nil, sample: (coefficients: [Double], rank: Int)? = nil
    ) -> (summary: NullSummary, rows: [NullBestRow])? {
        let d = source.columns
        let nt = target.count
        let m = min(sampleRows, source.count)
        guard m > 0, nt > 0, d > 0 else { return nil }
        // Gram–Schmidt of the sample: X = R·B, then Y = R·F.
        let stacked = scoring == nil ? m : 2 * m
        let (coefficients, rank) =
            sample ?? sampleCoefficients(source: source, sampleRows: sampleRows, scoring: scoring?.source)
        let frame =
            frame.flatMap { $0.count >= rank * d ? $0 : nil }
            ?? randomFrame(rank: rank, columns: d, seed: seed)
        let rotated = UnsafeMutablePointer<Float>.allocate(capacity: stacked * d)
        defer { rotated.deallocate() }
        rotate(coefficients, rank: rank, frame: frame, rows: stacked, columns: d, into: rotated, threads: threads)
        // Null cosines of the rotated rows against every target row, in calls of up to
        // `blocksPerCall` blocks of `blockRows` rows (see ``nullCallBlocks(blocks:)``), the
        // same calls whatever the thread count. Sums are kept per block and added in block
        // order, so they do not depend on which thread ran a call.
        let blockRows = Self.nullBlockRows
        let blocks = (m + blockRows - 1) / blockRows
        let blocksPerCall = Self.nullCallBlocks(blocks: blocks)
        let calls = (blocks + blocksPerCall - 1) / blocksPerCall
        let callRows = blockRows * blocksPerCall
        let every = max(1, (m * nt) / quantileSampleSize)
        let parts = BLAS.withSingleThreadedCalls {
            parallelTiles(count: calls, workers: min(threads, calls), scratchCount: callRows * nt) { t, _, scratch in
                let first = t * callRows
                BLAS.multiplyTransposed(
                    m: min(callRows, m - first), n: nt, k: d, a: rotated + first * d, b: target.values, c: scratch)
                var sums: [(sum: Double, squares: Double, scoreSquares: Double, scored: Int)] = []
                var best: [Double] = []
                var kept: [Double] = []
                var csls: [NullBestRow] = []
                for blockStart in stride(from: first, to: min(first + callRows, m), by: blockRows) {
                    var sum = 0.0
                    var squares = 0.0
                    var scoreSquares = 0.0
                    var scored = 0
                    for row in blockStart..<min(blockStart + blockRows, m) {
                        let cosines = scratch + (row - first) * nt
                        var top = -Double.infinity
                        for j in 0..<nt {
                            let c = Double(cosines[j])
                            sum += c
                            squares += c * c
                            top = max(top, c)
                            if (row * nt + j) % every == 0 { kept.append(c) }
                        }
                        best.append(top)
                        if let scoring {
                            let rows = RotatedPair(
                                decoder: rotated + row * d, encoder: rotated + (m + row) * d, columns: d)
                            let picked = Self.scoreSampleColumns(nt)
                            for c in picked {
                                let s = Double(
                                    score(
                                        cosines[c], rotated: rows, scoring.target, Int(target.original[c]),
                                        columns: d))
                                scoreSquares += s * s
                            }
                            scored += picked.count
                            if neighbours > 0 {
                                csls.append(
                                    scoredBestRow(
                                        cosines, rotated: rows, target: target, scoring: scoring.target,
                                        k: neighbours))
                            }
                        } else if neighbours > 0 {
                            var nearest = nullBestRow(cosines, count: nt, k: neighbours, absolute: absolute)
                            nearest.target = target.original[Int(nearest.target)]
                            csls.append(nearest)
                        }
                    }
                    sums.append((sum, squares, scoreSquares, scored))
                }
                // Each call's share sorted here, on its worker: the quantiles below are then
                // read from the sorted runs (``SortedRuns``), where sorting 262,144 values
                // from scratch kept one core busy alone.
                best.sort()
                kept.sort()
                return (sums, best, kept, csls)
            }
        }
        var (sum, squares, scoreSquares, scoredCount) = (0.0, 0.0, 0.0, 0)
        for b in parts.flatMap(\.0) {
            sum += b.sum
            squares += b.squares
            scoreSquares += b.scoreSquares
            scoredCount += b.scored
        }
        let csls = parts.flatMap(\.3)
        let best = SortedRuns(parts.map(\.1))
        let kept = SortedRuns(parts.map(\.2))
        let count = Double(m * nt)
        let mean = sum / count
        let meanSquare = squares / count
        let sd = max(0, meanSquare - mean * mean).squareRoot()
        var summary = NullSummary(
            sampleRows: m, targetRows: nt, mean: mean, standardDeviation: sd,
            effectiveDimension: meanSquare > 0 ? Int((1 / meanSquare).rounded()) : d,
            cosineQuantiles: statisticsQuantileLevels.map { kept.quantile($0) },
            bestQuantiles: statisticsQuantileLevels.map { best.quantile($0) })
        if scoredCount > 0 {
            let s = scoreSquares / Double(scoredCount)
            summary.scoreDimension = max(2, s > 0 ? Int((1 / s).rounded()) : d)
        }
        return (summary, csls)
    }

    /// Row `r` of `out` (`rows × d`): `Σ_b R[r, b] · F[b]` over the `rank` frame rows, made
    /// unit, in F32. Rows are independent, so they are cut into runs on `threads` threads
    /// (``parallelRuns(count:threads:_:)``), each row summed in the same order whatever the
    /// cut: with one thread this was about 10 ms per layer pair (256 rows of 768) with the
    /// other core idle.
    /// - Complexity: `O(rows · rank · d)`.
    static func rotate(
        _ coefficients: [Double], rank: Int, frame: [Double], rows: Int, columns d: Int,
        into out: UnsafeMutablePointer<Float>, threads: Int
    ) {
        _ = parallelRuns(count: rows, threads: threads) { run in
            var y = [Double](repeating: 0, count: d)
            for r in run {
                for k in 0..<d { y[k] = 0 }
                for b in 0..<rank {
                    let c = coefficients[r * rank + b]
                    if c == 0 { continue }
                    for k in 0..<d { y[k] += c * frame[b * d + k] }
                }
                let n = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
                for k in 0..<d { out[r * d + k] = Float(n > 0 ? y[k] / n : 0) }
            }
        }
    }

    /// Targets (packed) whose scores against every rotated row estimate the score's spread:
    /// at most 512, evenly spaced.
    static func scoreSampleColumns(_ nt: Int) -> [Int] {
        let n = min(nt, 512)
        return (0..<n).map { $0 * nt / n }
    }

    /// A rotated sample row's decoder and encoder rows (F32, unit up to rounding) and their norms.
    struct RotatedPair {
        let decoder: UnsafePointer<Float>
        let encoder: UnsafePointer<Float>
        let decoderNorm: Double
        let encoderNorm: Double

        init(decoder: UnsafePointer<Float>, encoder: UnsafePointer<Float>, columns d: Int) {
            self.decoder = decoder
            self.encoder = encoder
            decoderNorm = ExactCosine.norm(decoder, count: d)
            encoderNorm = ExactCosine.norm(encoder, count: d)
        }
    }

    /// ``EncoderScoring/score(decoderCosine:_:_:_:_:)`` of a rotated row pair (unit decoder
    /// and encoder rows, F32) with target feature `j`, in the same order of terms.
    static func score(
        _ decoderCosine: Float, rotated: RotatedPair, _ target: ScoringRows, _ j: Int, columns d: Int
    ) -> Float {
        let (dj, ndj) = target.decoderRow(j)
        let (ej, nej) = target.encoderRow(j)
        let (nd, ne) = (rotated.decoderNorm, rotated.encoderNorm)
        let laterEncoder = ExactCosine.cosine(ej, norm: nej, rotated.decoder, norm: nd, count: d)
        let earlierEncoder = ExactCosine.cosine(rotated.encoder, norm: ne, dj, norm: ndj, count: d)
        let encoders = ExactCosine.cosine(rotated.encoder, norm: ne, ej, norm: nej, count: d)
        return Float((((Double(decoderCosine) + laterEncoder) + earlierEncoder) + encoders) / 4)
    }

    /// A rotated row's best match by encoder-aware score among its `k` nearest targets by
    /// decoder cosine (as the real pass picks), its score, and the mean score of those `k`
    /// (its `r_src`); target index original.
    static func scoredBestRow(
        _ row: UnsafePointer<Float>, rotated: RotatedPair, target: NormalizedRows, scoring: ScoringRows, k: Int
    ) -> NullBestRow {
        var top: [(index: Int32, cosine: Float)] = []
        for j in 0..<target.count {
            let g = row[j]
            if top.count < k || g > top[top.count - 1].cosine {
                top.insert((Int32(j), g), at: top.firstIndex { $0.cosine < g } ?? top.count)
                if top.count > k { top.removeLast() }
            }
        }
        let scored = top.map { e -> (index: Int32, cosine: Float) in
            let j = target.original[Int(e.index)]
            return (j, score(e.cosine, rotated: rotated, scoring, Int(j), columns: target.columns))
        }
        let list = Neighbours.nearest(scored, depth: k, absolute: false)
        let r = list.reduce(0.0) { $0 + Double($1.cosine) } / Double(max(list.count, 1))
        return NullBestRow(target: list.first?.index ?? -1, key: list.first?.cosine ?? .nan, rSource: r)
    }

    /// One rotated row's best column (packed; largest key, lower column on ties), its key and
    /// the mean of its `k` largest keys.
    static func nullBestRow(_ row: UnsafePointer<Float>, count n: Int, k: Int, absolute: Bool) -> NullBestRow {
        var top: [Float] = []
        var bestColumn = 0
        var bestKey = -Float.infinity
        for j in 0..<n {
            let g = absolute ? abs(row[j]) : row[j]
            if g > bestKey {
                bestKey = g
                bestColumn = j
            }
            if top.count < k || g > top[top.count - 1] {
                top.insert(g, at: top.firstIndex { $0 < g } ?? top.count)
                if top.count > k { top.removeLast() }
            }
        }
        let r = top.reduce(0.0) { $0 + Double($1) } / Double(max(top.count, 1))
        return NullBestRow(target: Int32(bestColumn), key: bestKey, rSource: r)
    }
}
