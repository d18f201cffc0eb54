/// Settings of the null model computed at build time (see ``NullSummary``).
public struct NullModelOptions: Sendable, Equatable {
    /// Source rows sampled and rotated per layer pair.
    public var sampleRows: Int
    /// Seed of the rotations (pair `k` uses `seed + k`).
    public var seed: UInt64

    public init(sampleRows: Int = 256, seed: UInt64 = 0) {
        self.sampleRows = sampleRows
        self.seed = seed
    }
}

extension NullSummary {
    /// Fills `pair.zScores` and `pair.pValues` (z of the signed cosine, or of `|cos|` with
    /// `absolute`; p of the same key). - Complexity: O(edges) incomplete-beta evaluations.
    public func annotate(_ pair: inout LayerPairEdges, absolute: Bool) {
        let model = bestModel()
        let keys = pair.similarities.map { absolute ? Double(abs($0)) : Double($0) }
        pair.zScores = keys.map { Float(zScore($0)) }
        pair.pValues = keys.map { Float(pValue($0, model: model)) }
    }
}

/// The null summaries of a graph, as recorded in its graph attribute `null_model`:
/// `{"sample_rows": 256, "seed": "0", "pairs": {"6": {"target_layer": 7, "sample_rows", "target_rows",
/// "mean", "sd", "effective_dimension", "cosine_quantiles": [...], "best_quantiles": [...],
/// "cutoff": τ | null, "csls_mean", "csls_sd", "score_effective_dimension"}}}` (`csls_*` with the
/// `best` rule, the last where it scored with encoders: ``NullSummary/scoreDimension``), keyed by
/// source layer; quantiles at ``statisticsQuantileLevels``.
public struct NullModelRecord: Sendable, Equatable {
    public var options: NullModelOptions
    /// Per source layer: the pair's summary and the rule's cutoff there (nil when none).
    public var pairs: [Int: (summary: NullSummary, cutoff: Double?)]

    public static func == (a: NullModelRecord, b: NullModelRecord) -> Bool {
        a.options == b.options && a.pairs.keys.sorted() == b.pairs.keys.sorted()
            && a.pairs.allSatisfy { k, v in b.pairs[k].map { $0.summary == v.summary && $0.cutoff == v.cutoff } ?? false
            }
    }

    init(options: NullModelOptions, layers: [Int], summaries: [NullSummary?], cutoffs: [Double?]) {
        self.options = options
        var pairs: [Int: (NullSummary, Double?)] = [:]
        for (k, s) in summaries.enumerated() { if let s { pairs[layers[k]] = (s, cutoffs[k]) } }
        self.pairs = pairs
    }

    /// The record as graph attribute `null_model` holds it.
    /// - Throws: `.malformedFile` naming the field at fault.
    public init(json root: JSONValue) throws {
        func bad(_ what: String) -> SAEGraphError {
            SAEGraphError(.malformedFile, "graph attribute `null_model`: \(what)")
        }
        guard let pairs = root["pairs"]?.members else { throw bad("expected an object with `pairs`") }
        options = NullModelOptions(
            sampleRows: root["sample_rows"]?.integer ?? 0,
            seed: root["seed"]?.text.flatMap { UInt64($0) } ?? 0)
        var out: [Int: (NullSummary, Double?)] = [:]
        for (key, p) in pairs {
            guard let layer = Int(key), p.members != nil else { throw bad("pair key \"\(key)\" is not a layer") }
            // A number written as null (NaN when saved) reads back as NaN.
            func number(_ k: String) throws -> Double {
                if case .null? = p[k] { return .nan }
                guard let n = p[k]?.number else { throw bad("pair \(key) has no number `\(k)`") }
                return n
            }
            func int(_ k: String) throws -> Int {
                guard let n = p[k]?.integer else { throw bad("pair \(key) has no integer `\(k)`") }
                return n
            }
            func list(_ k: String) throws -> [Double] {
                guard let a = p[k]?.elements else { throw bad("pair \(key) has no array `\(k)`") }
                return try a.map {
                    if case .null = $0 { return .nan }
                    guard let n = $0.number else { throw bad("pair \(key) has a non-number in `\(k)`") }
                    return n
                }
            }
            var s = NullSummary(
                sampleRows: try int("sample_rows"), targetRows: try int("target_rows"),
                mean: try number("mean"), standardDeviation: try number("sd"),
                effectiveDimension: try int("effective_dimension"),
                cosineQuantiles: try list("cosine_quantiles"), bestQuantiles: try list("best_quantiles"),
                csls: try Self.cslsNull(p, key))
            if p["score_effective_dimension"] != nil { s.scoreDimension = try int("score_effective_dimension") }
            out[layer] = (s, p["cutoff"]?.number)
        }
        self.pairs = out
    }

    /// A pair's CSLS null (`csls_mean`, `csls_sd`), nil when the pair records none.
    private static func cslsNull(_ p: JSONValue, _ key: String) throws -> CSLSNull? {
        guard p["csls_mean"] != nil || p["csls_sd"] != nil else { return nil }
        guard let m = p["csls_mean"]?.number, let sd = p["csls_sd"]?.number else {
            throw SAEGraphError(
                .malformedFile, "graph attribute `null_model`: pair \(key) needs numbers `csls_mean` and `csls_sd`")
        }
        return CSLSNull(mean: m, standardDeviation: sd)
    }

    /// The attribute's value.
    public var json: JSONValue {
        .object([
            ("sample_rows", .int(options.sampleRows)), ("seed", .string(String(options.seed))),
            (
                "pairs",
                .object(
                    pairs.keys.sorted().map { layer in
                        let (s, cutoff) = pairs[layer]!
                        return (
                            "\(layer)",
                            .object(
                                [
                                    ("sample_rows", .int(s.sampleRows)), ("target_rows", .int(s.targetRows)),
                                    ("mean", .double(s.mean)), ("sd", .double(s.standardDeviation)),
                                    ("effective_dimension", .int(s.effectiveDimension)),
                                    ("cosine_quantiles", .array(s.cosineQuantiles.map(JSONValue.double))),
                                    ("best_quantiles", .array(s.bestQuantiles.map(JSONValue.double))),
                                    ("cutoff", cutoff.map(JSONValue.double) ?? .null),
                                ]
                                    + (s.csls.map {
                                        [
                                            ("csls_mean", JSONValue.double($0.mean)),
                                            ("csls_sd", .double($0.standardDeviation)),
                                        ]
                                    } ?? [])
                                    + (s.scoreDimension.map { [("score_effective_dimension", JSONValue.int($0))] } ?? [])
                            )
                        )
                    })
            ),
        ])
    }
}
