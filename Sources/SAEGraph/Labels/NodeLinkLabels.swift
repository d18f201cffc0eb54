/// Reads labels from a networkx node-link graph (`{"nodes": [...], "links" or "edges": [...]}`).
///
/// Each node gives one row:
/// - feature: `layer` and `feature` (integers or digit strings), else an `id` such as `6_50`
///   or `6:50`;
/// - label: `explanation`, else `label`, else `description`; missing or null counts as empty
///   (a graph may hold unlabelled nodes).
///
/// Links and every other member are skipped unread. A node without a usable feature is a
/// malformed row (skipped, or fatal with `strict`); a JSON syntax error is always fatal.
/// Line numbers are those where the node starts.
///
/// - Complexity: O(n) in the file's bytes.
enum NodeLinkLabels {
    /// The members read, in the order ``interpret(_:)`` expects them.
    static let nodeKeys = JSONKeys(["id", "layer", "feature", "explanation", "label", "description"])

    /// Reads the object that starts at `start`.
    /// - Throws: ``SAEGraphError`` `.malformedFile` on a syntax error or when there is no
    ///   `nodes` array.
    static func read(_ bytes: [UInt8], start: Int, file: String, into rows: inout LabelAccumulator) throws {
        var sawNodes = false
        try LabelLoader.scanDocument(bytes, from: start, file: file) { scanner, lines in
            if try scanner.beginObject() {
                repeat {
                    let key = try scanner.readKey()
                    guard scanner.matches(key, "nodes"), scanner.peekByte() == UInt8(ascii: "[") else {
                        try scanner.skipValue()
                        continue
                    }
                    sawNodes = true
                    try readNodes(&scanner, lines: &lines, file: file, into: &rows)
                } while try scanner.nextMember()
            }
            guard scanner.atEnd() else { throw scanner.expected("the text to end after the graph") }
        }
        guard sawNodes else {
            throw SAEGraphError(
                .malformedFile,
                "\(file): a JSON object without a \"nodes\" array: expected a node-link graph or a Neuronpedia export")
        }
    }

    /// Reads the `nodes` array at the scanner, one row per node.
    private static func readNodes(
        _ scanner: inout JSONScanner, lines: inout LineCounter, file: String, into rows: inout LabelAccumulator
    ) throws {
        guard try scanner.beginArray() else { return }
        var number = 0
        repeat {
            let kind = try scanner.peekKind()
            let line = lines.line(at: scanner.position)
            number += 1
            guard kind == .object else {
                let field = try scanner.readField()
                try rows.skip(file: file, line: line, reason: "node \(number) is \(field.typeName), expected an object")
                continue
            }
            switch interpret(try scanner.readObject(keeping: nodeKeys)) {
            case .success(let (feature, label)):
                try rows.add(feature, label: label, source: nil, file: file, line: line)
            case .failure(let problem):
                try rows.skip(file: file, line: line, reason: "node \(number): \(problem.reason)")
            }
        } while try scanner.nextElement()
    }

    /// The node's feature and label, or why it has no feature.
    static func interpret(_ fields: [JSONField?]) -> Result<(FeatureID, String?), NeuronpediaExport.Problem> {
        let (id, layerField, featureField) = (fields[0], fields[1], fields[2])
        let feature: FeatureID
        if layerField != nil || featureField != nil {
            guard let layer = integer(layerField), let index = integer(featureField) else {
                return .failure(
                    .init(
                        reason:
                            "\"layer\" and \"feature\" must both be non-negative integers, found \(show(layerField)) and \(show(featureField))"
                    ))
            }
            feature = FeatureID(layer: layer, index: index)
        } else if case .string(let text)? = id, let parsed = try? FeatureID(parsing: text) {
            feature = parsed
        } else {
            return .failure(
                .init(reason: "no \"layer\" and \"feature\", and \"id\" \(show(id)) is not a feature id such as 6_50"))
        }
        // explanation, else label, else description
        for field in fields[3...] {
            if case .string(let text)? = field { return .success((feature, text)) }
        }
        return .success((feature, nil))
    }

    private static func integer(_ field: JSONField?) -> Int? {
        switch field {
        case .integer(let n)? where n >= 0: n
        case .string(let s)? where LabelText.isDigits(s): Int(s)
        default: nil
        }
    }

    private static func show(_ field: JSONField?) -> String {
        switch field {
        case nil: "nothing"
        case .string(let s)?: LabelText.excerpt(s)
        case .integer(let n)?: String(n)
        case let other?: other.typeName
        }
    }
}
