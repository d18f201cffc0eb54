import Foundation

/// Cross-domain similarity local scaling: the confidence of the `best` rule (``EdgeRule``).
///
/// `CSLS(i, j) = 2·cos(i, j) − r_src(i) − r_tgt(j)`, with `r_src(i)` the mean cosine of source
/// `i`'s `k` nearest targets and `r_tgt(j)` that of target `j`'s `k` nearest sources
/// (``Neighbours/meanKey(_:absolute:)``). A match in a crowded region, where every row has
/// many near-parallel neighbours, scores lower than the same cosine between isolated rows, so
/// one cutoff transfers across SAE families (docs/edge-rules.md). With `absolute`, cosines
/// are their magnitudes. Sums are in Double from the F32-rounded reference cosines, rounded
/// once to F32, so a confidence is the same on every kernel, thread count and shard split.
public enum CSLS {
    /// `2·c − rSource − rTarget` rounded to F32; NaN when either mean is NaN.
    public static func score(_ c: Double, rSource: Double, rTarget: Double) -> Float {
        Float(2 * c - rSource - rTarget)
    }

    /// The confidence of each source row's best match (NaN where it has none), indexed by
    /// original source index; `cosine(i, j)` is the score's cosine (the decoder cosine, or the
    /// encoder-aware mean of ``EncoderScoring``).
    static func confidences(
        best: PairBestMatches, next: Neighbours, previous: Neighbours, absolute: Bool
    ) -> [Float] {
        best.nextIndex.indices.map { i in
            let j = best.nextIndex[i]
            guard j >= 0 else { return .nan }
            let c = Double(best.nextCosine[i])
            return score(
                absolute ? abs(c) : c, rSource: next.meanKey(i, absolute: absolute),
                rTarget: previous.meanKey(Int(j), absolute: absolute))
        }
    }

    /// The floor that links the best match of the top `fraction` of `sources` compared rows
    /// by confidence: the `⌈fraction · sources⌉`-th largest finite confidence (the least one
    /// when fewer); nil when there is none.
    static func coverageCutoff(_ confidence: [Float], fraction: Double, sources: Int) -> Double? {
        let sorted = confidence.filter(\.isFinite).sorted(by: >)
        guard !sorted.isEmpty else { return nil }
        let n = max(1, Int((fraction * Double(sources)).rounded(.up)))
        return Double(sorted[min(n, sorted.count) - 1])
    }
}

/// The null distribution of a best match's CSLS in one layer pair, as recorded in the graph
/// file (`csls_mean`, `csls_sd` of ``NullModelRecord``): the mean and standard deviation of the
/// CSLS that each sampled source row, turned by the pair's random rotation (``NullSummary``),
/// gets for its best match (its own neighbourhood from the rotated cosines, the target's from
/// the real pass). z-scores of confidences are taken against it; the floor and p-values come
/// from ``CSLSNullTail``.
public struct CSLSNull: Sendable, Equatable {
    public var mean: Double
    public var standardDeviation: Double

    public init(mean: Double, standardDeviation: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Mean and (sample) deviation of the finite values; nil when fewer than two.
    init?(samples: [Double]) {
        let v = samples.filter(\.isFinite)
        guard v.count >= 2 else { return nil }
        let m = v.reduce(0, +) / Double(v.count)
        let variance = v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
        self.init(mean: m, standardDeviation: variance.squareRoot())
    }

    /// `(x − mean) / sd`; NaN when the deviation is zero.
    public func zScore(_ x: Double) -> Double {
        standardDeviation > 0 ? (x - mean) / standardDeviation : .nan
    }
}

/// The far tail of the null CSLS of a best match, which a few hundred rotated rows cannot
/// reach by themselves.
///
/// A null best match scores `2·c − o` with `c` its cosine and `o = r_src + r_tgt` its
/// neighbourhood offset. The offsets are taken from the rotated rows (``NullBestRow``, scored
/// against the real targets' neighbourhoods), summarised by ``points`` evenly spaced
/// quantiles; the cosine is the best of the pair's target rows under the sphere model of
/// ``NullSummary/bestModel()``, whose tail is exact for uniform directions. So
/// `P(CSLS ≥ x) = mean over offsets o of P(best ≥ (x + o) / 2)`.
struct CSLSNullTail {
    static let points = 32
    let offsets: [Double]
    let model: RandomBaseline

    /// Nil when no rotated row has a finite offset.
    init?(rows: [NullBestRow], columnMean: (Int) -> Double, model: RandomBaseline) {
        let all = rows.map { $0.rSource + columnMean(Int($0.target)) }.filter(\.isFinite).sorted()
        guard !all.isEmpty else { return nil }
        let n = min(Self.points, all.count)
        offsets = (0..<n).map { k in all[(2 * k + 1) * all.count / (2 * n)] }
        self.model = model
    }

    /// P(null best-match CSLS ≥ x).
    func pValue(_ x: Double) -> Double {
        let sum = offsets.reduce(0.0) { $0 - expm1(model.logCDF((x + $1) / 2)) }
        return min(1, max(0, sum / Double(offsets.count)))
    }

    /// The least `x` whose ``pValue(_:)`` is at most `p` (bisection to 1e-9).
    func quantile(exceeding p: Double) -> Double {
        var lo = -4.0
        var hi = 2.0
        while hi - lo > 1e-9 {
            let mid = (lo + hi) / 2
            if pValue(mid) <= p { hi = mid } else { lo = mid }
        }
        return hi
    }
}

/// One rotated source row of the null model (``NullSummary``): its best target (original
/// index), that key, and the mean of its `k` largest keys (its CSLS `r_src`). The target side
/// of its CSLS comes from the real pass, so a sharded build keeps these rows and scores them
/// once the shards' column neighbourhoods are merged.
public struct NullBestRow: Sendable, Equatable {
    public var target: Int32
    public var key: Float
    public var rSource: Double

    public init(target: Int32, key: Float, rSource: Double) {
        self.target = target
        self.key = key
        self.rSource = rSource
    }
}
