import Foundation

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
/// "cutoff": τ | null}}}`, keyed by source layer; quantiles at ``statisticsQuantileLevels``.
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

    /// The record of `graph`, if it has one.
    /// - Throws: `.malformedFile` when the attribute is present but malformed.
    public init?(_ metadata: GraphMetadata) throws {
        guard let text = metadata.extra["null_model"] else { return nil }
        func bad(_ what: String) -> SAEGraphError {
            SAEGraphError(.malformedFile, "graph attribute `null_model`: \(what)")
        }
        guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let pairs = root["pairs"] as? [String: Any]
        else { throw bad("expected an object with `pairs`") }
        options = NullModelOptions(
            sampleRows: (root["sample_rows"] as? NSNumber)?.intValue ?? 0,
            seed: (root["seed"] as? String).flatMap { UInt64($0) } ?? 0)
        var out: [Int: (NullSummary, Double?)] = [:]
        for (key, value) in pairs {
            guard let layer = Int(key), let p = value as? [String: Any] else {
                throw bad("pair key \"\(key)\" is not a layer")
            }
            func number(_ k: String) throws -> Double {
                guard let n = p[k] as? NSNumber else { throw bad("pair \(key) has no number `\(k)`") }
                return n.doubleValue
            }
            func list(_ k: String) throws -> [Double] {
                guard let a = p[k] as? [NSNumber] else { throw bad("pair \(key) has no array `\(k)`") }
                return a.map(\.doubleValue)
            }
            let s = NullSummary(
                sampleRows: Int(try number("sample_rows")), targetRows: Int(try number("target_rows")),
                mean: try number("mean"), standardDeviation: try number("sd"),
                effectiveDimension: Int(try number("effective_dimension")),
                cosineQuantiles: try list("cosine_quantiles"), bestQuantiles: try list("best_quantiles"))
            out[layer] = (s, (p["cutoff"] as? NSNumber)?.doubleValue)
        }
        self.pairs = out
    }

    /// The attribute's JSON text.
    public var json: String {
        JSONValue.object([
            ("sample_rows", .int(options.sampleRows)), ("seed", .string(String(options.seed))),
            (
                "pairs",
                .object(
                    pairs.keys.sorted().map { layer in
                        let (s, cutoff) = pairs[layer]!
                        return (
                            "\(layer)",
                            .object([
                                ("sample_rows", .int(s.sampleRows)), ("target_rows", .int(s.targetRows)),
                                ("mean", .double(s.mean)), ("sd", .double(s.standardDeviation)),
                                ("effective_dimension", .int(s.effectiveDimension)),
                                ("cosine_quantiles", .array(s.cosineQuantiles.map(JSONValue.double))),
                                ("best_quantiles", .array(s.bestQuantiles.map(JSONValue.double))),
                                ("cutoff", cutoff.map(JSONValue.double) ?? .null),
                            ])
                        )
                    })
            ),
        ]).rendered()
    }
}
