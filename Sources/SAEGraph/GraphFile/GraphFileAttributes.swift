import Foundation

/// The graph attributes of a saegraph file (layout documented on ``GraphFile``), read from
/// the byte ranges pass 1 recorded.
struct GraphFileAttributes {
    var layers: [Int] = []
    var featureCounts: [Int] = []
    var metadata = GraphMetadata()
    var hasBestMatches = false
    /// Per optional per-edge value (``LayerPairEdges/optionalValueNames``), the source layers
    /// of the pairs that record it.
    var valueLayers: [String: Set<Int>] = [:]
    var sources: [Int: NeuronpediaSource] = [:]
    /// `label_measure`, `label_cutoff` (null: none), `label_calibration_pairs`.
    var labelMeasure: String?
    var labelCutoff: Double?
    var labelCalibrationPairs = 0

    /// True when the attributes mark a file saegraph wrote.
    static func isSAEGraphFile(_ attributes: [(key: String, range: Range<Int>)]) -> Bool {
        attributes.contains { $0.key == "saegraph_version" }
    }

    /// Every attribute as a JSON value (for imported files).
    static func extra(_ attributes: [(key: String, range: Range<Int>)], _ s: JSONScanner) throws -> [String: JSONValue]
    {
        var extra: [String: JSONValue] = [:]
        for a in attributes { extra[a.key] = try s.sub(a.range) { v in try v.readValue() } }
        return extra
    }

    init(_ attributes: [(key: String, range: Range<Int>)], _ s: JSONScanner) throws {
        var sawLayers = false
        var sawCounts = false
        var counts: [Int: Int] = [:]
        var ruleName = "threshold"
        var ruleParameters: JSONValue?
        for (key, range) in attributes {
            try s.sub(range) { v in
                switch key {
                case "saegraph_version": metadata.version = try v.readString()
                case "rule": ruleName = try v.readString()
                case "rule_parameters": ruleParameters = try v.readValue()
                case "scoring":
                    let name = try v.readString()
                    guard let scoring = GraphScoring(rawValue: name) else {
                        throw v.error(
                            "graph attribute `scoring` is \"\(name)\"; expected decoder, decoder+encoder or mixed")
                    }
                    metadata.scoring = scoring
                case "null_model":
                    do {
                        metadata.nullModel = try NullModelRecord(json: v.readValue())
                    } catch let e as SAEGraphError { throw s.fault(e.message) }
                case "threshold": metadata.threshold = try v.readNull() ? .nan : try v.readFloat("`threshold`")
                case "top_k": metadata.topK = try v.readNull() ? nil : try v.readInt("`top_k`")
                case "absolute": metadata.absolute = try v.readBool()
                case "best_matches": hasBestMatches = try v.readBool()
                case "layers":
                    sawLayers = true
                    layers = try Self.intArray(&v, "`layers`")
                case "feature_counts":
                    sawCounts = true
                    counts = try Self.layerObject(&v, "`feature_counts`") { v, layer in
                        try v.readInt("`feature_counts` of layer \(layer)")
                    }
                case "excluded_rows":
                    metadata.excludedRows = try Self.layerObject(&v, "`excluded_rows`") { v, layer in
                        try Self.excluded(&v, layer)
                    }
                case "edge_statistics":
                    let lists = try Self.stringKeyed(&v, "`edge_statistics`") { v, _ in
                        try Self.intArray(&v, "`edge_statistics`")
                    }
                    valueLayers = lists.mapValues { Set($0) }
                case "inputs":
                    var inputs: [SAEInfo] = []
                    if try v.beginArray() {
                        repeat { inputs.append(try Self.input(&v)) } while try v.nextElement()
                    }
                    metadata.inputs = inputs
                case "label_measure": labelMeasure = try v.readString()
                case "label_cutoff":
                    if try !v.readNull() {
                        guard try v.peekKind() == .number else {
                            throw v.error("`label_cutoff` must be a number or null")
                        }
                        labelCutoff = v.double(try v.readNumberToken())
                    }
                case "label_calibration_pairs": labelCalibrationPairs = try v.readInt("`label_calibration_pairs`")
                case "neuronpedia_sources":
                    sources = try Self.layerObject(&v, "`neuronpedia_sources`") { v, layer in
                        let fields = try Self.stringKeyed(&v, "`neuronpedia_sources` of layer \(layer)") { v, _ in
                            try v.readString()
                        }
                        guard let model = fields["model"], let source = fields["source"] else {
                            throw v.error("`neuronpedia_sources` of layer \(layer) needs `model` and `source`")
                        }
                        return NeuronpediaSource(modelID: model, sourceID: source)
                    }
                default:
                    metadata.extra[key] = try v.readValue()
                }
            }
        }
        metadata.rule = try Self.rule(ruleName, ruleParameters, metadata, s)
        guard sawLayers else { throw s.fault("a saegraph file's graph attributes need `layers`") }
        guard sawCounts else { throw s.fault("a saegraph file's graph attributes need `feature_counts`") }
        guard layers == layers.sorted(), Set(layers).count == layers.count, layers.allSatisfy({ $0 >= 0 }) else {
            throw s.fault("graph attribute `layers` must list distinct non-negative layers in ascending order")
        }
        featureCounts = try layers.map { layer in
            guard let c = counts[layer], c >= 0 else {
                throw s.fault("graph attribute `feature_counts` has no count for layer \(layer)")
            }
            return c
        }
    }

    /// The rule from `rule` and `rule_parameters`. Files without parameters (the classic
    /// threshold rule, or files from before parameters were recorded) take them from
    /// `threshold` and `top_k`.
    private static func rule(
        _ name: String, _ parameters: JSONValue?, _ m: GraphMetadata, _ s: JSONScanner
    ) throws -> GraphRule {
        if name == "imported" { return .imported }
        let fallback: JSONValue = .object([
            ("threshold", .float(m.threshold)), ("floor", .float(m.threshold)),
            ("k", m.topK.map(JSONValue.int) ?? .null),
        ])
        guard let rule = EdgeRule(name: name, parameters: parameters ?? fallback) else {
            guard ["threshold", "mutual", "topk", "auto"].contains(name) else {
                throw s.fault(
                    "graph attribute `rule` is \"\(name)\"; expected threshold, mutual, topk, auto or imported")
            }
            throw s.fault("graph attribute `rule_parameters` does not give the parameters of rule \(name)")
        }
        return .built(rule)
    }

    private static func intArray(_ v: inout JSONScanner, _ what: String) throws -> [Int] {
        var out: [Int] = []
        if try v.beginArray() {
            repeat { out.append(try v.readInt(what)) } while try v.nextElement()
        }
        return out
    }

    private static func stringKeyed<V>(
        _ v: inout JSONScanner, _ what: String, _ value: (inout JSONScanner, String) throws -> V
    ) throws -> [String: V] {
        guard try v.peekKind() == .object else { throw v.error("\(what) must be an object") }
        var out: [String: V] = [:]
        if try v.beginObject() {
            repeat {
                let key = try v.string(v.readKey())
                out[key] = try value(&v, key)
            } while try v.nextMember()
        }
        return out
    }

    /// `{"6": value, ...}` keyed by layer.
    private static func layerObject<V>(
        _ v: inout JSONScanner, _ what: String, _ value: (inout JSONScanner, Int) throws -> V
    ) throws -> [Int: V] {
        var out: [Int: V] = [:]
        guard try v.peekKind() == .object else { throw v.error("\(what) must be an object keyed by layer") }
        if try v.beginObject() {
            repeat {
                let key = try v.string(v.readKey())
                guard let layer = Int(key), layer >= 0 else {
                    throw v.error("\(what) has key \"\(key)\"; expected a layer number")
                }
                out[layer] = try value(&v, layer)
            } while try v.nextMember()
        }
        return out
    }

    private static func excluded(_ v: inout JSONScanner, _ layer: Int) throws -> [Int] {
        var count: Int?
        var ids: [Int] = []
        if try v.beginObject() {
            repeat {
                let key = try v.readKey()
                if v.matches(key, "count") {
                    count = try v.readInt("`excluded_rows` count")
                } else if v.matches(key, "ids") {
                    ids = try intArray(&v, "`excluded_rows` id")
                } else {
                    try v.skipValue()
                }
            } while try v.nextMember()
        }
        guard count == nil || count == ids.count else {
            throw v.error("`excluded_rows` of layer \(layer) says count \(count!) but lists \(ids.count) ids")
        }
        return ids
    }

    private static func input(_ v: inout JSONScanner) throws -> SAEInfo {
        var strings: [String: String] = [:]
        var ints: [String: Int] = [:]
        var transposed = false
        let start = v.position
        guard try v.peekKind() == .object else { throw v.error("each of `inputs` must be an object") }
        if try v.beginObject() {
            repeat {
                let key = try v.string(v.readKey())
                switch key {
                case "layer", "d_model", "d_sae": ints[key] = try v.readInt("input `\(key)`")
                case "transposed": transposed = try v.readBool()
                default:
                    if try v.peekKind() == .string { strings[key] = try v.readString() } else { try v.skipValue() }
                }
            } while try v.nextMember()
        }
        func need<T>(_ value: T?, _ key: String) throws -> T {
            guard let value else { throw v.error("an entry of `inputs` has no valid `\(key)`", at: start) }
            return value
        }
        return SAEInfo(
            path: try need(strings["path"], "path"),
            format: try need(strings["format"].flatMap(SAEFormat.init(rawValue:)), "format"),
            layer: try need(ints["layer"], "layer"),
            layerSource: strings["layer_source"] ?? "",
            hookName: strings["hook"],
            tensorName: try need(strings["tensor"], "tensor"),
            dtype: try need(strings["dtype"].flatMap(TensorDType.init(rawValue:)), "dtype"),
            dModel: try need(ints["d_model"], "d_model"),
            dSAE: try need(ints["d_sae"], "d_sae"),
            transposed: transposed)
    }
}
