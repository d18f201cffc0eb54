import Foundation

/// Which vectors score a layer pair's candidate matches under the `best` rule (`build
/// --scoring`).
public enum ScoringChoice: String, Sendable, CaseIterable {
    /// Encoders on every pair whose two layers both carry one, decoders elsewhere.
    case auto
    /// Decoder cosines only.
    case decoder
    /// Encoders on every pair; an error when a layer has none.
    case encoder
}

/// What scored a graph's matches (graph attribute `scoring`; absent means `decoder`).
public enum GraphScoring: String, Sendable, Equatable, CaseIterable {
    /// Decoder cosines only.
    case decoder
    /// Every pair by the encoder-aware score (``EncoderScoring``).
    case decoderEncoder = "decoder+encoder"
    /// Some pairs by the encoder-aware score, the others (a layer without encoder) by the
    /// decoder cosine; the former's edges carry `score`.
    case mixed

    /// The scoring of a build whose pairs used encoders where `encoderPairs` says so.
    init(encoderPairs: [Bool]) {
        if encoderPairs.isEmpty || !encoderPairs.contains(true) {
            self = .decoder
        } else {
            self = encoderPairs.allSatisfy { $0 } ? .decoderEncoder : .mixed
        }
    }
}

/// One layer's vectors for encoder-aware scoring: each feature's decoder and encoder rows
/// (original values, as loaded) with their Double norms. A feature whose encoder row has no
/// direction (zero or non-finite) is scored with its decoder row in its place, so a feature
/// without an encoder scores as by decoders alone.
final class ScoringRows: @unchecked Sendable {
    let columns: Int
    /// The loaded values (mapped or owned; kept alive here).
    private let decoder: DecoderMatrix
    private let encoder: DecoderMatrix
    /// Per feature: ``ExactCosine/norm(_:count:)`` of its decoder row and of its encoder row
    /// (0 where the encoder row has no direction).
    let decoderNorms: [Double]
    let encoderNorms: [Double]

    /// - Precondition: both matrices have the same shape.
    /// - Complexity: O(rows × columns).
    init(decoder: DecoderMatrix, encoder: DecoderMatrix) {
        precondition(decoder.rows == encoder.rows && decoder.columns == encoder.columns, "ScoringRows: shapes differ")
        self.decoder = decoder
        self.encoder = encoder
        let d = decoder.columns
        columns = d
        decoderNorms = decoder.withUnsafeValues { v in
            (0..<decoder.rows).map { ExactCosine.norm(v.baseAddress! + $0 * d, count: d) }
        }
        encoderNorms = encoder.withUnsafeValues { v in
            (0..<encoder.rows).map { i in
                let n = ExactCosine.norm(v.baseAddress! + i * d, count: d)
                return n > 0 && n.isFinite ? n : 0
            }
        }
    }

    var count: Int { decoderNorms.count }

    /// Feature `i`'s decoder row and its norm.
    func decoderRow(_ i: Int) -> (values: UnsafePointer<Float>, norm: Double) {
        (decoder.storage.base! + i * columns, decoderNorms[i])
    }

    /// Feature `i`'s encoder row and its norm, or its decoder row where the encoder has no direction.
    func encoderRow(_ i: Int) -> (values: UnsafePointer<Float>, norm: Double) {
        encoderNorms[i] > 0 ? (encoder.storage.base! + i * columns, encoderNorms[i]) : decoderRow(i)
    }
}

/// The encoder-aware score of the `best` rule: the mean of four cosines between earlier
/// feature `i` and later feature `j`,
///
///     score(i, j) = (cos(dᵢ, dⱼ) + cos(eⱼ, dᵢ) + cos(eᵢ, dⱼ) + cos(eᵢ, eⱼ)) / 4
///
/// (`d` decoder rows, `e` encoder rows), summed in Double in that order and rounded once to
/// F32. `cos(dᵢ, dⱼ)` is the reference decoder cosine as the scan rounds it (F32); the others
/// are ``ExactCosine`` from the loaded values. It is computed only for candidates: each row's
/// and each column's `k` nearest by decoder cosine (``Neighbours``), so a build does
/// `2 · k · 3` extra dot products per feature instead of three more all-pairs products. The
/// value of a pair never depends on threads or on which list asked for it.
enum EncoderScoring {
    /// The fewest candidates per row (`csls-k`) worth rescoring: a source's top 5 decoder
    /// candidates hold a top-3 correlated partner for 85–98 % of sources.
    static let leastCandidates = 5

    /// ``score`` of earlier feature `i` of `a` and later feature `j` of `b`, whose decoder
    /// cosine is `decoderCosine`.
    static func score(decoderCosine: Float, _ a: ScoringRows, _ i: Int, _ b: ScoringRows, _ j: Int) -> Float {
        let d = a.columns
        let (di, ndi) = a.decoderRow(i)
        let (ei, nei) = a.encoderRow(i)
        let (dj, ndj) = b.decoderRow(j)
        let (ej, nej) = b.encoderRow(j)
        let laterEncoder = ExactCosine.cosine(ej, norm: nej, di, norm: ndi, count: d)
        let earlierEncoder = ExactCosine.cosine(ei, norm: nei, dj, norm: ndj, count: d)
        let encoders = ExactCosine.cosine(ei, norm: nei, ej, norm: nej, count: d)
        return Float((((Double(decoderCosine) + laterEncoder) + earlierEncoder) + encoders) / 4)
    }

    /// The lists of `lists` rescored: each entry's cosine replaced by its ``score`` and each
    /// list reordered by score (descending, ties by lower index). `rowsAreEarlier` says whether
    /// the lists' rows are features of `earlier` (a row's candidates in `later`) or of `later`.
    /// - Complexity: `3 · entries` Double dot products of `columns`, split over `threads`.
    static func rescore(
        _ lists: Neighbours, rowsAreEarlier: Bool, earlier: ScoringRows, later: ScoringRows, threads: Int
    ) -> Neighbours {
        reordered(
            lists,
            scores: scores(lists, rowsAreEarlier: rowsAreEarlier, earlier: earlier, later: later, threads: threads))
    }

    /// Each entry's ``score``, parallel to `lists.cosines` (NaN on padding). List `r` belongs
    /// to feature `r + firstRow` (a shard's own rows start at `firstRow`).
    /// - Complexity: `3 · entries` Double dot products of `columns`, split over `threads`.
    static func scores(
        _ lists: Neighbours, firstRow: Int = 0, rowsAreEarlier: Bool, earlier: ScoringRows, later: ScoringRows,
        threads: Int
    ) -> [Float] {
        let rows = lists.count
        let chunk = 256
        let tiles = (rows + chunk - 1) / chunk
        let parts = parallelTiles(count: tiles, workers: min(max(threads, 1), max(tiles, 1)), scratchCount: 0) {
            t, _, _ in
            ((t * chunk * lists.depth)..<(min(rows, (t + 1) * chunk) * lists.depth)).map { e -> Float in
                let other = lists.indices[e]
                guard other >= 0 else { return .nan }
                let r = e / lists.depth + firstRow
                let (i, j) = rowsAreEarlier ? (r, Int(other)) : (Int(other), r)
                return score(decoderCosine: lists.cosines[e], earlier, i, later, j)
            }
        }
        return parts.flatMap { $0 }
    }

    /// `lists` with each entry's cosine replaced by its score (`scores`, parallel to
    /// `lists.cosines`) and each list reordered by score, descending, ties by lower index.
    /// - Complexity: O(entries · log depth).
    static func reordered(_ lists: Neighbours, scores: [Float]) -> Neighbours {
        var out = Neighbours(count: lists.count, depth: lists.depth)
        for r in 0..<lists.count {
            let entries = ((r * lists.depth)..<((r + 1) * lists.depth)).compactMap { e in
                lists.indices[e] >= 0 ? (index: lists.indices[e], cosine: scores[e]) : nil
            }
            out.set(r, Neighbours.nearest(entries, depth: lists.depth, absolute: false))
        }
        return out
    }
}
