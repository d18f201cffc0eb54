import Foundation

extension PartialGraphWire {
    /// What a first pass over the bytes finds: the top-level members' byte ranges, or why
    /// the bytes are not a partial graph file.
    enum Probe {
        case notAnObject
        case finishedGraph
        case noFormat
        case format(Int, members: [String: Range<Int>])
    }

    /// Reads `data` as a partial graph file.
    /// - Throws: ``SAEGraphError`` `.malformedFile` (or `.unsupported` for another format
    ///   number) with a one-line message naming `name`.
    static func decode(_ data: Data, name: String) throws -> PartialGraph {
        try JSONScanner.scan(data, name: name) { s in
            let probe = Self.probe(&s)
            let members: [String: Range<Int>]
            switch probe {
            case .notAnObject:
                throw s.fault(
                    "not a partial graph file (not a JSON object); partial files come from saegraph build --shard I/N")
            case .finishedGraph:
                throw s.fault(
                    "not a partial graph file (it is a finished graph file); partial files come from saegraph build --shard I/N"
                )
            case .noFormat:
                throw s.fault(
                    "not a partial graph file (it is a JSON file without `saegraph_partial`); partial files come from saegraph build --shard I/N"
                )
            case .format(let format, let m):
                guard format == PartialGraphFile.formatVersion else {
                    throw SAEGraphError(
                        .unsupported,
                        "\(name): partial graph format \(format) is not readable by this saegraph (it reads format \(PartialGraphFile.formatVersion))"
                    )
                }
                members = m
            }
            let fields = Fields(scanner: s, members: members)
            do {
                return try fields.partial()
            } catch let e as SAEGraphError where !e.message.hasPrefix("\(name): ") {
                throw SAEGraphError(e.kind, "\(name): \(e.message)")
            }
        }
    }

    /// One pass over the bytes, checking the syntax and noting each top-level member's range.
    private static func probe(_ s: inout JSONScanner) -> Probe {
        var members: [String: Range<Int>] = [:]
        do {
            s.skipByteOrderMark()
            guard try s.peekKind() == .object else { return .notAnObject }
            if try s.beginObject() {
                repeat {
                    let key = try s.string(s.readKey())
                    members[key] = try s.skipValue()
                } while try s.nextMember()
            }
            guard s.atEnd() else { return .notAnObject }
        } catch {
            return .notAnObject
        }
        guard let range = members["saegraph_partial"] else {
            return members["nodes"] != nil ? .finishedGraph : .noFormat
        }
        let format = s.sub(range) { s in (try? s.readInt("saegraph_partial")) ?? -1 }
        return .format(format, members: members)
    }

    /// An object's members, read on demand with their types checked; `path` prefixes member
    /// names in messages (`pairs[0].`).
    private struct Fields {
        var scanner: JSONScanner
        var members: [String: Range<Int>]
        var path = ""

        /// Reads the object at the scanner's position (checking its syntax, building nothing).
        static func object(_ s: inout JSONScanner, path: String) throws -> Fields {
            var members: [String: Range<Int>] = [:]
            if try s.beginObject() {
                repeat {
                    let key = try s.string(s.readKey())
                    members[key] = try s.skipValue()
                } while try s.nextMember()
            }
            return Fields(scanner: s, members: members, path: path)
        }

        /// The member `key` read by `read`; a missing member or a value of another type is
        /// named in the error.
        func value<T>(_ key: String, _ read: (inout JSONScanner, String) throws -> T) throws -> T {
            guard let range = members[key] else {
                throw scanner.fault("not a valid partial graph file: field `\(path)\(key)` is missing")
            }
            do {
                return try scanner.sub(range) { try read(&$0, "`\(path)\(key)`") }
            } catch let e as JSONScanError {
                throw scanner.fault(
                    "not a valid partial graph file: field `\(path)\(key)` has the wrong type (\(e.reason))")
            }
        }

        /// Like ``value(_:_:)``, nil when the member is absent or `null`.
        func optional<T>(_ key: String, _ read: (inout JSONScanner, String) throws -> T) throws -> T? {
            guard members[key] != nil else { return nil }
            return try value(key) { s, what in try s.readNull() ? nil : try read(&s, what) }
        }

        func int(_ key: String) throws -> Int { try value(key) { try $0.readInt($1) } }
        func string(_ key: String) throws -> String { try value(key) { s, _ in try s.readString() } }
        func double(_ key: String) throws -> Double { try value(key) { try Self.double(&$0, $1) } }
        func ints(_ key: String) throws -> [Int] {
            try value(key) { s, what in try s.readArray { try $0.readInt("an element of \(what)") } }
        }
        func int32s(_ key: String) throws -> [Int32] {
            try value(key) { s, what in try s.readArray { try Self.int32(&$0, "an element of \(what)") } }
        }
        func doubles(_ key: String) throws -> [Double] {
            try value(key) { s, what in try s.readArray { try Self.double(&$0, "an element of \(what)") } }
        }
        func floats(_ key: String) throws -> [Float] {
            try value(key) { s, what in try s.readArray { try Self.float(&$0, "an element of \(what)") } }
        }
        func object(_ key: String) throws -> Fields {
            try value(key) { s, _ in try Self.object(&s, path: "\(path)\(key).") }
        }

        /// A number, or one of the strings "nan", "inf", "-inf".
        static func double(_ s: inout JSONScanner, _ what: String) throws -> Double {
            guard try s.peekKind() == .string else { return try s.readDouble(what) }
            let start = s.position
            switch try s.readString() {
            case "nan": return .nan
            case "inf": return .infinity
            case "-inf": return -.infinity
            case let other: throw s.error("\(what) '\(other)' is not a number", at: start)
            }
        }

        /// A Double that is exactly a Float (as written: Floats widened).
        static func float(_ s: inout JSONScanner, _ what: String) throws -> Float {
            let start = s.position
            let d = try double(&s, what)
            guard d.isNaN || Float(exactly: d) != nil else {
                throw s.error("\(what) \(d) is not a 32-bit float value", at: start)
            }
            return Float(d)
        }

        static func int32(_ s: inout JSONScanner, _ what: String) throws -> Int32 {
            let start = s.position
            guard let v = Int32(exactly: try s.readInt(what)) else {
                throw s.error("\(what) is outside the 32-bit range", at: start)
            }
            return v
        }

        func partial() throws -> PartialGraph {
            let spec = try ShardSpec(index: int("shard"), count: int("shard_count"))
            let precisionName = try string("precision")
            guard let precision = SimilarityPrecision(rawValue: precisionName) else {
                throw SAEGraphError(
                    .malformedFile,
                    "`precision` '\(precisionName)' is not one of \(SimilarityPrecision.allCases.map(\.rawValue))")
            }
            let ruleName = try string("rule")
            let parameters = try value("rule_parameters") { s, _ in try s.readValue() }
            guard let rule = EdgeRule(name: ruleName, parameters: parameters) else {
                let text = parameters.rendered().split(whereSeparator: \.isWhitespace).joined()
                throw SAEGraphError(
                    .malformedFile,
                    "`rule` '\(ruleName)' with `rule_parameters` \(text) is not one of threshold, mutual, topk, auto with its parameters"
                )
            }
            let nullModel = try optional("null_model") { s, _ in
                let n = try Self.object(&s, path: "null_model.")
                return NullModelOptions(
                    sampleRows: try n.int("sample_rows"),
                    seed: try n.value("seed") { try $0.readUInt64($1) })
            }
            let threshold = try value("threshold") { try Self.float(&$0, $1) }
            return PartialGraph(
                shard: spec, version: try string("saegraph_version"), threshold: threshold,
                topK: try optional("top_k") { try $0.readInt($1) },
                absolute: try value("absolute") { s, _ in try s.readBool() },
                rule: rule, nullModel: nullModel, precision: precision,
                layers: try ints("layers"), featureCounts: try ints("feature_counts"),
                inputs: try value("inputs") { s, _ in
                    var k = -1
                    return try s.readArray { s in
                        k += 1
                        return try Self.object(&s, path: "inputs[\(k)].").info()
                    }
                },
                fingerprints: try value("fingerprints") { s, _ in try s.readArray { try $0.readString() } },
                excludedRows: try value("excluded_rows") { s, what in
                    try s.readArray { try $0.readArray { try $0.readInt("an element of \(what)") } }
                },
                pairs: try value("pairs") { s, _ in
                    var k = -1
                    return try s.readArray { s in
                        k += 1
                        return try Self.object(&s, path: "pairs[\(k)].").pair()
                    }
                },
                scoredPairs: try optional("scored_pairs") { s, _ in try s.readArray { try $0.readBool() } } ?? [])
        }

        func info() throws -> SAEInfo {
            let formatName = try string("format")
            let dtypeName = try string("dtype")
            guard let format = SAEFormat(rawValue: formatName), let dtype = TensorDType(rawValue: dtypeName) else {
                throw scanner.fault(
                    "not a valid partial graph file: `\(path)format` '\(formatName)' or `\(path)dtype` '\(dtypeName)' is unknown"
                )
            }
            return SAEInfo(
                path: try string("path"), format: format, layer: try int("layer"),
                layerSource: try string("layerSource"),
                hookName: try optional("hookName") { s, _ in try s.readString() },
                tensorName: try string("tensorName"), dtype: dtype, dModel: try int("dModel"),
                dSAE: try int("dSAE"), transposed: try value("transposed") { s, _ in try s.readBool() },
                neuronpedia: try optional("neuronpedia") { s, _ in
                    let n = try Self.object(&s, path: "\(path)neuronpedia.")
                    return NeuronpediaSource(modelID: try n.string("modelID"), sourceID: try n.string("sourceID"))
                })
        }

        func pair() throws -> PartialPair {
            let index = try int("pair")
            let rows = try ints("rows")
            guard rows.count == 2, rows[0] >= 0, rows[0] <= rows[1] else {
                throw SAEGraphError(.malformedFile, "pair \(index): `rows` must be [start, end] with start ≤ end")
            }
            var p = PartialPair(pair: index, rows: rows[0]..<rows[1])
            p.edgeSources = try int32s("edge_sources")
            p.edgeTargets = try int32s("edge_targets")
            p.edgeSimilarities = try floats("edge_similarities")
            p.nextRows = try int32s("next_rows")
            p.nextIndex = try int32s("next_index")
            p.nextCosine = try floats("next_cosine")
            p.previousTargets = try int32s("previous_targets")
            p.previousIndex = try int32s("previous_index")
            p.previousCosine = try doubles("previous_cosine")
            p.null = try optional("null") { s, _ in
                let n = try Self.object(&s, path: "\(path)null.")
                return NullSummary(
                    sampleRows: try n.int("sample_rows"), targetRows: try n.int("target_rows"),
                    mean: try n.double("mean"), standardDeviation: try n.double("sd"),
                    effectiveDimension: try n.int("effective_dimension"),
                    cosineQuantiles: try n.doubles("cosine_quantiles"), bestQuantiles: try n.doubles("best_quantiles"),
                    scoreDimension: try n.optional("score_dimension") { try $0.readInt($1) })
            }
            if let n = try optional("neighbours", { s, _ in try Self.object(&s, path: "\(path)neighbours.") }) {
                try NeighbourLists(
                    depth: try n.int("depth"), nextIndex: try n.int32s("next_index"),
                    nextCosine: try n.doubles("next_cosine"), previousIndex: try n.int32s("previous_index"),
                    previousCosine: try n.doubles("previous_cosine"),
                    nullTarget: try n.optional("null_target") {
                        s, what in try s.readArray { try Self.int32(&$0, "an element of \(what)") }
                    },
                    nullKey: try n.optional("null_key") { s, what in
                        try s.readArray { try Self.double(&$0, "an element of \(what)") }
                    },
                    nullR: try n.optional("null_r") { s, what in
                        try s.readArray { try Self.double(&$0, "an element of \(what)") }
                    },
                    nextScore: try n.optional("next_score") { s, what in
                        try s.readArray { try Self.double(&$0, "an element of \(what)") }
                    },
                    previousScore: try n.optional("previous_score") { s, what in
                        try s.readArray { try Self.double(&$0, "an element of \(what)") }
                    }
                ).apply(to: &p)
            }
            return p
        }
    }
}
