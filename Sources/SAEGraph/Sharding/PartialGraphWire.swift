import Foundation

/// The JSON layout of ``PartialGraphFile``, written with ``JSONByteWriter`` and read with
/// ``JSONScanner``: one compact object, keys in ASCII order so a shard computed again writes
/// the same bytes. Floats travel as Doubles (widened exactly) so they read back bit for bit;
/// non-finite numbers travel as the strings "nan", "inf", "-inf".
enum PartialGraphWire {
    // MARK: Writing

    /// The bytes of `p`.
    /// - Complexity: O(edges + rows).
    static func encode(_ p: PartialGraph) -> Data {
        var w = JSONByteWriter(reservingCapacity: 64 + p.pairs.reduce(0) { $0 + 40 * $1.edgeSources.count })
        var object = CompactObject(&w)
        object.member("absolute", &w) { $0.bool(p.absolute) }
        object.member("excluded_rows", &w) { w in array(p.excludedRows, &w) { array($0, &$1) { $1.int($0) } } }
        object.member("feature_counts", &w) { w in array(p.featureCounts, &w) { $1.int($0) } }
        object.member("fingerprints", &w) { w in array(p.fingerprints, &w) { $1.string($0) } }
        object.member("inputs", &w) { w in array(p.inputs, &w) { info($0, &$1) } }
        object.member("layers", &w) { w in array(p.layers, &w) { $1.int($0) } }
        object.member("null_model", &w) { w in
            guard let n = p.nullModel else { return w.raw("null") }
            var o = CompactObject(&w)
            o.member("sample_rows", &w) { $0.int(n.sampleRows) }
            o.member("seed", &w) { $0.raw(json: String(n.seed)) }
            o.end(&w)
        }
        object.member("pairs", &w) { w in array(p.pairs, &w) { pair($0, &$1) } }
        object.member("precision", &w) { $0.string(p.precision.rawValue) }
        object.member("rule", &w) { $0.string(p.rule.name) }
        object.member("rule_parameters", &w) { compact(p.rule.parameters, &$0) }
        object.member("saegraph_partial", &w) { $0.int(PartialGraphFile.formatVersion) }
        object.member("saegraph_version", &w) { $0.string(p.version) }
        if !p.scoredPairs.isEmpty {
            object.member("scored_pairs", &w) { w in array(p.scoredPairs, &w) { $1.bool($0) } }
        }
        object.member("shard", &w) { $0.int(p.shard.index) }
        object.member("shard_count", &w) { $0.int(p.shard.count) }
        object.member("threshold", &w) { number(Double(p.threshold), &$0) }
        object.member("top_k", &w) { w in p.topK.map { w.int($0) } ?? w.raw("null") }
        object.end(&w)
        return w.data
    }

    private static func pair(_ p: PartialPair, _ w: inout JSONByteWriter) {
        var o = CompactObject(&w)
        o.member("edge_similarities", &w) { w in array(p.edgeSimilarities, &w) { number(Double($0), &$1) } }
        o.member("edge_sources", &w) { w in array(p.edgeSources, &w) { $1.int($0) } }
        o.member("edge_targets", &w) { w in array(p.edgeTargets, &w) { $1.int($0) } }
        if let n = NeighbourLists(p) { o.member("neighbours", &w) { neighbours(n, &$0) } }
        o.member("next_cosine", &w) { w in array(p.nextCosine, &w) { number(Double($0), &$1) } }
        o.member("next_index", &w) { w in array(p.nextIndex, &w) { $1.int($0) } }
        o.member("next_rows", &w) { w in array(p.nextRows, &w) { $1.int($0) } }
        o.member("null", &w) { w in
            guard let s = p.null else { return w.raw("null") }
            var n = CompactObject(&w)
            n.member("best_quantiles", &w) { w in array(s.bestQuantiles, &w) { number($0, &$1) } }
            n.member("cosine_quantiles", &w) { w in array(s.cosineQuantiles, &w) { number($0, &$1) } }
            n.member("effective_dimension", &w) { $0.int(s.effectiveDimension) }
            n.member("mean", &w) { number(s.mean, &$0) }
            n.member("sample_rows", &w) { $0.int(s.sampleRows) }
            if let k = s.scoreDimension { n.member("score_dimension", &w) { $0.int(k) } }
            n.member("sd", &w) { number(s.standardDeviation, &$0) }
            n.member("target_rows", &w) { $0.int(s.targetRows) }
            n.end(&w)
        }
        o.member("pair", &w) { $0.int(p.pair) }
        o.member("previous_cosine", &w) { w in array(p.previousCosine, &w) { number($0, &$1) } }
        o.member("previous_index", &w) { w in array(p.previousIndex, &w) { $1.int($0) } }
        o.member("previous_targets", &w) { w in array(p.previousTargets, &w) { $1.int($0) } }
        o.member("rows", &w) { w in array([p.rows.lowerBound, p.rows.upperBound], &w) { $1.int($0) } }
        o.end(&w)
    }

    private static func info(_ i: SAEInfo, _ w: inout JSONByteWriter) {
        var o = CompactObject(&w)
        o.member("dModel", &w) { $0.int(i.dModel) }
        o.member("dSAE", &w) { $0.int(i.dSAE) }
        o.member("dtype", &w) { $0.string(i.dtype.rawValue) }
        o.member("format", &w) { $0.string(i.format.rawValue) }
        if let hook = i.hookName { o.member("hookName", &w) { $0.string(hook) } }
        o.member("layer", &w) { $0.int(i.layer) }
        o.member("layerSource", &w) { $0.string(i.layerSource) }
        if let source = i.neuronpedia {
            o.member("neuronpedia", &w) { w in
                var n = CompactObject(&w)
                n.member("modelID", &w) { $0.string(source.modelID) }
                n.member("sourceID", &w) { $0.string(source.sourceID) }
                n.end(&w)
            }
        }
        o.member("path", &w) { $0.string(i.path) }
        o.member("tensorName", &w) { $0.string(i.tensorName) }
        o.member("transposed", &w) { $0.bool(i.transposed) }
        o.end(&w)
    }

    private static func neighbours(_ n: NeighbourLists, _ w: inout JSONByteWriter) {
        var o = CompactObject(&w)
        o.member("depth", &w) { $0.int(n.depth) }
        o.member("next_cosine", &w) { w in array(n.nextCosine, &w) { number($0, &$1) } }
        o.member("next_index", &w) { w in array(n.nextIndex, &w) { $1.int(Int($0)) } }
        if let s = n.nextScore { o.member("next_score", &w) { w in array(s, &w) { number($0, &$1) } } }
        if let k = n.nullKey { o.member("null_key", &w) { w in array(k, &w) { number($0, &$1) } } }
        if let r = n.nullR { o.member("null_r", &w) { w in array(r, &w) { number($0, &$1) } } }
        if let t = n.nullTarget { o.member("null_target", &w) { w in array(t, &w) { $1.int(Int($0)) } } }
        o.member("previous_cosine", &w) { w in array(n.previousCosine, &w) { number($0, &$1) } }
        o.member("previous_index", &w) { w in array(n.previousIndex, &w) { $1.int(Int($0)) } }
        if let s = n.previousScore { o.member("previous_score", &w) { w in array(s, &w) { number($0, &$1) } } }
        o.end(&w)
    }

    /// `{`, then `"key":value` members separated by commas, then `}`.
    private struct CompactObject {
        private var first = true
        init(_ w: inout JSONByteWriter) { w.byte(UInt8(ascii: "{")) }
        mutating func member(_ key: String, _ w: inout JSONByteWriter, _ value: (inout JSONByteWriter) -> Void) {
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            w.string(key)
            w.byte(UInt8(ascii: ":"))
            value(&w)
        }
        func end(_ w: inout JSONByteWriter) { w.byte(UInt8(ascii: "}")) }
    }

    private static func array<S: Collection>(
        _ items: S, _ w: inout JSONByteWriter, _ element: (S.Element, inout JSONByteWriter) -> Void
    ) {
        w.byte(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            element(item, &w)
        }
        w.byte(UInt8(ascii: "]"))
    }

    /// A Double in its shortest round-trip form; non-finite values as "nan", "inf", "-inf".
    private static func number(_ d: Double, _ w: inout JSONByteWriter) {
        if d.isNaN {
            w.raw("\"nan\"")
        } else if d.isInfinite {
            w.raw(d > 0 ? "\"inf\"" : "\"-inf\"")
        } else {
            w.double(d)
        }
    }

    /// A small value (the rule's parameters) without whitespace, members in their order.
    private static func compact(_ v: JSONValue, _ w: inout JSONByteWriter) {
        switch v {
        case .array(let items): array(items, &w) { compact($0, &$1) }
        case .object(let fields):
            var o = CompactObject(&w)
            for (k, value) in fields { o.member(k, &w) { compact(value, &$0) } }
            o.end(&w)
        case .float(let f): number(Double(f), &w)
        case .double(let d): number(d, &w)
        default: w.raw(json: v.rendered().trimmingCharacters(in: .newlines))
        }
    }
}
