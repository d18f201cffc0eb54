// swift-format-ignore-file: AlwaysUseLowerCamelCase

import Foundation

/// The JSON layout of ``PartialGraphFile``; Floats travel as Doubles so they read back bit for
/// bit, and non-finite numbers as the strings "nan", "inf", "-inf".
struct PartialGraphWire: Codable {
    var saegraph_partial: Int
    var saegraph_version: String
    var shard: Int
    var shard_count: Int
    var threshold: Double
    var top_k: Int?
    var absolute: Bool
    var precision: String
    var rule: String
    var rule_parameters: RuleParameters
    var null_model: NullSettings?
    var layers: [Int]
    var feature_counts: [Int]
    var inputs: [SAEInfo]
    var fingerprints: [String]
    var excluded_rows: [[Int]]
    var pairs: [Pair]

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]  // the same bytes on every run
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    struct RuleParameters: Codable {
        var threshold: Double?
        var floor: Double?
        var k: Int?
        var alpha: Double?
        var coverage: Double?

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(threshold, forKey: .threshold)
            try c.encodeIfPresent(floor, forKey: .floor)
            try c.encodeIfPresent(k, forKey: .k)
            try c.encodeIfPresent(alpha, forKey: .alpha)
            try c.encodeIfPresent(coverage, forKey: .coverage)
        }
    }

    struct NullSettings: Codable {
        var sample_rows: Int
        var seed: UInt64
    }

    struct Summary: Codable {
        var sample_rows: Int
        var target_rows: Int
        var mean: Double
        var sd: Double
        var effective_dimension: Int
        var cosine_quantiles: [Double]
        var best_quantiles: [Double]
    }

    struct Pair: Codable {
        var pair: Int
        var rows: [Int]
        var edge_sources: [Int32]
        var edge_targets: [Int32]
        var edge_similarities: [Double]
        var next_rows: [Int32]
        var next_index: [Int32]
        var next_cosine: [Double]
        var previous_targets: [Int32]
        var previous_index: [Int32]
        var previous_cosine: [Double]
        var null: Summary?
        var neighbours: NeighbourLists?

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(pair, forKey: .pair)
            try c.encode(rows, forKey: .rows)
            try c.encode(edge_sources, forKey: .edge_sources)
            try c.encode(edge_targets, forKey: .edge_targets)
            try c.encode(edge_similarities, forKey: .edge_similarities)
            try c.encode(next_rows, forKey: .next_rows)
            try c.encode(next_index, forKey: .next_index)
            try c.encode(next_cosine, forKey: .next_cosine)
            try c.encode(previous_targets, forKey: .previous_targets)
            try c.encode(previous_index, forKey: .previous_index)
            try c.encode(previous_cosine, forKey: .previous_cosine)
            try c.encode(null, forKey: .null)  // null when absent
            try c.encodeIfPresent(neighbours, forKey: .neighbours)
        }
    }

    init(_ p: PartialGraph) {
        saegraph_partial = PartialGraphFile.formatVersion
        saegraph_version = p.version
        shard = p.shard.index
        shard_count = p.shard.count
        threshold = Double(p.threshold)
        top_k = p.topK
        absolute = p.absolute
        precision = p.precision.rawValue
        rule = p.rule.name
        switch p.rule {
        case .threshold(let t): rule_parameters = RuleParameters(threshold: Double(t))
        case .mutual(let f): rule_parameters = RuleParameters(floor: Double(f))
        case .topK(let k, let f): rule_parameters = RuleParameters(floor: Double(f), k: k)
        case .auto(let a): rule_parameters = RuleParameters(alpha: a)
        case .best(let k, let a, let f): rule_parameters = RuleParameters(k: k, alpha: a, coverage: f)
        }
        null_model = p.nullModel.map { NullSettings(sample_rows: $0.sampleRows, seed: $0.seed) }
        layers = p.layers
        feature_counts = p.featureCounts
        inputs = p.inputs
        fingerprints = p.fingerprints
        excluded_rows = p.excludedRows
        pairs = p.pairs.map {
            Pair(
                pair: $0.pair, rows: [$0.rows.lowerBound, $0.rows.upperBound], edge_sources: $0.edgeSources,
                edge_targets: $0.edgeTargets, edge_similarities: $0.edgeSimilarities.map(Double.init),
                next_rows: $0.nextRows, next_index: $0.nextIndex, next_cosine: $0.nextCosine.map(Double.init),
                previous_targets: $0.previousTargets, previous_index: $0.previousIndex,
                previous_cosine: $0.previousCosine,
                null: $0.null.map {
                    Summary(
                        sample_rows: $0.sampleRows, target_rows: $0.targetRows, mean: $0.mean,
                        sd: $0.standardDeviation, effective_dimension: $0.effectiveDimension,
                        cosine_quantiles: $0.cosineQuantiles, best_quantiles: $0.bestQuantiles)
                }, neighbours: NeighbourLists($0))
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(saegraph_partial, forKey: .saegraph_partial)
        try c.encode(saegraph_version, forKey: .saegraph_version)
        try c.encode(shard, forKey: .shard)
        try c.encode(shard_count, forKey: .shard_count)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(top_k, forKey: .top_k)  // null when absent
        try c.encode(absolute, forKey: .absolute)
        try c.encode(precision, forKey: .precision)
        try c.encode(rule, forKey: .rule)
        try c.encode(rule_parameters, forKey: .rule_parameters)
        try c.encode(null_model, forKey: .null_model)  // null when absent
        try c.encode(layers, forKey: .layers)
        try c.encode(feature_counts, forKey: .feature_counts)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(fingerprints, forKey: .fingerprints)
        try c.encode(excluded_rows, forKey: .excluded_rows)
        try c.encode(pairs, forKey: .pairs)
    }

    func partial() throws -> PartialGraph {
        let spec = try ShardSpec(index: shard, count: shard_count)
        let t = try Self.float(threshold, "threshold")
        guard let precision = SimilarityPrecision(rawValue: precision) else {
            throw SAEGraphError(
                .malformedFile,
                "`precision` '\(self.precision)' is not one of \(SimilarityPrecision.allCases.map(\.rawValue))")
        }
        return PartialGraph(
            shard: spec, version: saegraph_version, threshold: t, topK: top_k, absolute: absolute,
            rule: try edgeRule(),
            nullModel: null_model.map { NullModelOptions(sampleRows: $0.sample_rows, seed: $0.seed) },
            precision: precision, layers: layers, featureCounts: feature_counts, inputs: inputs,
            fingerprints: fingerprints, excludedRows: excluded_rows,
            pairs: try pairs.map { w in
                guard w.rows.count == 2, w.rows[0] >= 0, w.rows[0] <= w.rows[1] else {
                    throw SAEGraphError(.malformedFile, "pair \(w.pair): `rows` must be [start, end] with start ≤ end")
                }
                var p = PartialPair(pair: w.pair, rows: w.rows[0]..<w.rows[1])
                p.edgeSources = w.edge_sources
                p.edgeTargets = w.edge_targets
                p.edgeSimilarities = try w.edge_similarities.map { try Self.float($0, "similarity") }
                p.nextRows = w.next_rows
                p.nextIndex = w.next_index
                p.nextCosine = try w.next_cosine.map { try Self.float($0, "similarity") }
                p.previousTargets = w.previous_targets
                p.previousIndex = w.previous_index
                p.previousCosine = w.previous_cosine
                p.null = w.null.map {
                    NullSummary(
                        sampleRows: $0.sample_rows, targetRows: $0.target_rows, mean: $0.mean,
                        standardDeviation: $0.sd, effectiveDimension: $0.effective_dimension,
                        cosineQuantiles: $0.cosine_quantiles, bestQuantiles: $0.best_quantiles)
                }
                try w.neighbours?.apply(to: &p)
                return p
            })
    }

    /// The rule named by `rule` with its `rule_parameters`.
    private func edgeRule() throws -> EdgeRule {
        func missing(_ field: String) -> SAEGraphError {
            SAEGraphError(.malformedFile, "rule \(rule): `rule_parameters.\(field)` is missing")
        }
        let p = rule_parameters
        switch rule {
        case "threshold":
            guard let t = p.threshold else { throw missing("threshold") }
            return .threshold(try Self.float(t, "rule_parameters.threshold"))
        case "mutual":
            guard let f = p.floor else { throw missing("floor") }
            return .mutual(floor: try Self.float(f, "rule_parameters.floor"))
        case "topk":
            guard let f = p.floor else { throw missing("floor") }
            guard let k = p.k else { throw missing("k") }
            return .topK(k, floor: try Self.float(f, "rule_parameters.floor"))
        case "auto":
            guard let a = p.alpha else { throw missing("alpha") }
            return .auto(alpha: a)
        case "best":
            guard let k = p.k else { throw missing("k") }
            guard let a = p.alpha else { throw missing("alpha") }
            return .best(k: k, alpha: a, coverage: p.coverage)
        default:
            throw SAEGraphError(
                .malformedFile, "`rule` '\(rule)' is not one of threshold, mutual, topk, auto, best")
        }
    }

    private static func float(_ d: Double, _ what: String) throws -> Float {
        guard let f = Float(exactly: d) else {
            throw SAEGraphError(.malformedFile, "\(what) \(d) is not a 32-bit float value")
        }
        return f
    }
}
