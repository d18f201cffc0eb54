import Foundation

/// How the edges of a layer pair are chosen from the exact similarities.
///
/// Every rule is a selection over what the exact engine (``PairSimilarity``) yields — the
/// edges at or above some floor and every row's and column's best match — so each decision
/// is made on the Double reference cosines (rounded once to F32) and is deterministic. With
/// `absolute`, "cosine" below means `|cos|` for ranking and comparing; edges keep their sign.
///
/// - ``threshold(_:)``: `cos(i, j) ≥ t` (inclusive); with ``SimilarityOptions/topK`` at most
///   K per source. The classic rule.
/// - ``mutual(floor:)``: `i → j` when `j` is `i`'s best next-layer match, `i` is `j`'s best
///   previous-layer match, and `cos ≥ floor`. At most one edge per feature on either side.
/// - ``topK(_:floor:)``: each source's `k` best targets with `cos ≥ floor` (ties: lower target).
/// - ``auto(alpha:)``: calibrated per layer pair from the weights alone. `i → j` when the two
///   are mutual best matches (as in `mutual`) and the match is significant under the pair's
///   ``NullSummary``: `n_sources · p(cos) ≤ alpha`, where `p(c)` is the null probability that a
///   source row's best of `n_targets` cosines reaches `c` and `n_sources` the pair's compared
///   source rows (a Bonferroni bound, so the expected number of chance links in the pair is at
///   most `alpha`). Equivalently `cos ≥ τ` with `τ` the `1 − alpha / n_sources` quantile of
///   the null best-match model; `τ` is recorded per pair. See docs/edge-rules.md for why this
///   rule and what it reaches on real SAEs.
/// - ``best(k:alpha:coverage:)``: each source's single best match `j` (largest cosine), kept
///   when its confidence clears the pair's floor. Confidence is CSLS (cross-domain similarity
///   local scaling) on the cosine: `2·cos(i, j) − r_src(i) − r_tgt(j)`, with `r` the mean
///   cosine of a row's `k` nearest rows on the other side (``CSLS``). The floor is
///   `max(0.3, φ)` with `φ` the CSLS a rotated source row's best match exceeds with
///   probability `alpha / n_sources` (``CSLSNullTail``), `max(0.25, φ)` on pairs scored with
///   encoders (``leastScoredFloor``); with `coverage` F instead, the floor is
///   the confidence that links the best match of the top fraction F of compared sources.
///   The default rule of `build`.
public enum EdgeRule: Sendable, Equatable {
    case threshold(Float)
    case mutual(floor: Float)
    case topK(Int, floor: Float)
    case auto(alpha: Double)
    case best(k: Int, alpha: Double, coverage: Double?)

    /// The name recorded in ``GraphMetadata/rule``.
    public var name: String {
        switch self {
        case .threshold: "threshold"
        case .mutual: "mutual"
        case .topK: "topk"
        case .auto: "auto"
        case .best: "best"
        }
    }

    /// Default floor of `mutual` and `topk`, and default `alpha` of `auto`.
    public static let defaultFloor: Float = 0.3
    public static let defaultAlpha = 0.05
    /// Defaults of `best`: CSLS neighbourhood, `alpha`, and the least floor.
    public static let defaultCSLSK = 10
    public static let defaultBestAlpha = 0.01
    public static let leastBestFloor = 0.3
    /// The least floor of the encoder-aware score's CSLS (``EncoderScoring``): the mean of four
    /// cosines runs lower than the decoder cosine alone (encoder rows are less aligned across
    /// layers), so the same share of sources clears a lower value. Measured on both bundled
    /// MiniLM examples (TopK and ReLU-L1, three pairs each): the score's CSLS that links as many
    /// sources as decoder CSLS 0.3 is 0.24–0.28.
    public static let leastScoredFloor = 0.25
    /// The default rule of `build`.
    public static let standard = EdgeRule.best(k: defaultCSLSK, alpha: defaultBestAlpha, coverage: nil)

    /// The rule's parameters, recorded as graph attribute `rule_parameters`:
    /// `{"threshold": t}`, `{"floor": f}`, `{"k": k, "floor": f}` or `{"alpha": a}`.
    public var parameters: JSONValue {
        switch self {
        case .threshold(let t): .object([("threshold", .float(t))])
        case .mutual(let f): .object([("floor", .float(f))])
        case .topK(let k, let f): .object([("k", .int(k)), ("floor", .float(f))])
        case .auto(let a): .object([("alpha", .double(a))])
        case .best(let k, let a, let f):
            .object([("k", .int(k)), ("alpha", .double(a))] + (f.map { [("coverage", JSONValue.double($0))] } ?? []))
        }
    }

    /// The rule recorded as `name` with `parameters` (see ``parameters``); nil when the name
    /// is not a rule or a parameter is missing or not a number.
    public init?(name: String, parameters: JSONValue) {
        func float(_ key: String) -> Float? { parameters[key]?.number.map(Float.init) }
        switch name {
        case "threshold":
            guard let t = float("threshold") else { return nil }
            self = .threshold(t)
        case "mutual":
            guard let f = float("floor") else { return nil }
            self = .mutual(floor: f)
        case "topk":
            guard let k = parameters["k"]?.integer, let f = float("floor") else { return nil }
            self = .topK(k, floor: f)
        case "auto":
            guard let a = parameters["alpha"]?.number else { return nil }
            self = .auto(alpha: a)
        case "best":
            guard let k = parameters["k"]?.integer, let a = parameters["alpha"]?.number else { return nil }
            self = .best(k: k, alpha: a, coverage: parameters["coverage"]?.number)
        default: return nil
        }
    }

    /// Whether the rule needs the engine's edge list (else only best matches), and at which
    /// threshold and cap.
    var engineEdges: (threshold: Float, topK: Int?)? {
        switch self {
        case .threshold(let t): (t, nil)
        case .topK(let k, let f): (f, k)
        case .mutual, .auto, .best: nil
        }
    }

    /// Needs a ``NullSummary`` to decide edges.
    public var needsNullModel: Bool {
        switch self {
        case .auto, .best: true
        default: false
        }
    }

    /// The CSLS neighbourhood size the rule needs from the scan (0: none).
    public var neighbours: Int {
        if case .best(let k, _, _) = self { return k }
        return 0
    }

    /// - Throws: `.invalidArgument` for a floor/threshold outside [−1, 1], `k < 1`, or
    ///   `alpha` outside (0, 1].
    public func validate() throws {
        switch self {
        case .threshold(let t), .mutual(let t), .topK(_, let t):
            guard t.isFinite, t >= -1, t <= 1 else {
                throw SAEGraphError(.invalidArgument, "\(name) rule: cosine \(t) must lie in [-1, 1], e.g. 0.3")
            }
            if case .topK(let k, _) = self, k < 1 {
                throw SAEGraphError(.invalidArgument, "topk rule: k \(k) must be at least 1")
            }
        case .auto(let a):
            guard a > 0, a <= 1 else {
                throw SAEGraphError(.invalidArgument, "auto rule: alpha \(a) must lie in (0, 1], e.g. 0.05")
            }
        case .best(let k, let a, let f):
            guard k >= 1, k <= SimilarityOptions.maximumNeighbours else {
                throw SAEGraphError(
                    .invalidArgument,
                    "best rule: csls-k \(k) must lie in 1...\(SimilarityOptions.maximumNeighbours), e.g. 10")
            }
            guard a > 0, a <= 1 else {
                throw SAEGraphError(.invalidArgument, "best rule: alpha \(a) must lie in (0, 1], e.g. 0.01")
            }
            if let f, !(f > 0 && f <= 1) {
                throw SAEGraphError(.invalidArgument, "best rule: coverage \(f) must lie in (0, 1], e.g. 0.5")
            }
        }
    }

    /// The least cosine (or |cos|) an edge under this rule can have in a pair: the threshold
    /// or floor, or the `auto` threshold `τ` (`nil` without a null summary, and for `best`,
    /// whose floor is on CSLS).
    public func cutoff(null: NullSummary?, sources: Int) -> Double? {
        switch self {
        case .threshold(let t), .mutual(let t), .topK(_, let t): return Double(t)
        case .auto(let a):
            guard let null else { return nil }
            let q = 1 - a / Double(max(sources, 1))
            return null.bestModel().quantile(q)
        case .best:
            return nil  // a CSLS floor, set at build time from the null's rotated rows (CSLSNullTail)
        }
    }

    /// Selects the edges of one layer pair.
    ///
    /// - Parameters:
    ///   - candidates: edges ordered by source then target, holding at least every edge the
    ///     rule can keep (for `threshold`/`topk`: all pairs with key `≥` the threshold/floor).
    ///   - best: each source's best next match and each target's best previous match (`-1`
    ///     when none).
    ///   - cutoff: ``cutoff(null:sources:)`` of the pair (needed by `auto`; nil selects nothing).
    /// - Returns: the selected edges ordered by source then target.
    /// - Complexity: O(candidates · log K) for `topk`, O(candidates + sources) otherwise.
    public func select(
        candidates: [(source: Int32, target: Int32, similarity: Float)], best: PairBestMatches,
        absolute: Bool, cutoff: Double?
    ) -> [(source: Int32, target: Int32, similarity: Float)] {
        func key(_ c: Float) -> Double { absolute ? Double(abs(c)) : Double(c) }
        switch self {
        case .threshold(let t):
            return candidates.filter { key($0.similarity) >= Double(t) }
        case .topK(let k, let f):
            var out: [(source: Int32, target: Int32, similarity: Float)] = []
            var start = 0
            while start < candidates.count {
                var end = start
                while end < candidates.count && candidates[end].source == candidates[start].source { end += 1 }
                let row = candidates[start..<end].filter { key($0.similarity) >= Double(f) }
                let kept = row.sorted { a, b in
                    key(a.similarity) != key(b.similarity) ? key(a.similarity) > key(b.similarity) : a.target < b.target
                }.prefix(k).sorted { $0.target < $1.target }
                out += kept
                start = end
            }
            return out
        case .mutual(let f):
            return best.mutualPairs().filter { key($0.similarity) >= Double(f) }
        case .auto:
            guard let cutoff else { return [] }
            return best.mutualPairs().filter { key($0.similarity) >= cutoff }
        case .best:
            guard let cutoff, let confidence = best.confidence else { return [] }
            return best.nextIndex.indices.compactMap { i in
                let j = best.nextIndex[i]
                guard j >= 0, Double(confidence[i]) >= cutoff else { return nil }
                return (Int32(i), j, best.nextCosine[i])
            }
        }
    }
}

/// The best matches between the rows of one layer pair, as the engine yields them.
public struct PairBestMatches: Sendable {
    public var nextIndex: [Int32]
    public var nextCosine: [Float]
    public var previousIndex: [Int32]
    public var previousCosine: [Float]
    /// Per source row, the confidence of its best match (CSLS, for `best`; NaN where none).
    public var confidence: [Float]?

    public init(
        nextIndex: [Int32], nextCosine: [Float], previousIndex: [Int32], previousCosine: [Float],
        confidence: [Float]? = nil
    ) {
        self.nextIndex = nextIndex
        self.nextCosine = nextCosine
        self.previousIndex = previousIndex
        self.previousCosine = previousCosine
        self.confidence = confidence
    }

    /// `(i, j, cos)` for every `i` whose best next match `j` has `i` as its best previous
    /// match, ordered by `i`.
    public func mutualPairs() -> [(source: Int32, target: Int32, similarity: Float)] {
        var out: [(source: Int32, target: Int32, similarity: Float)] = []
        for (i, j) in nextIndex.enumerated() where j >= 0 && Int(j) < previousIndex.count {
            if previousIndex[Int(j)] == Int32(i) { out.append((Int32(i), j, nextCosine[i])) }
        }
        return out
    }
}
