/// Reads labels from a networkx node-link graph (`{"nodes": [...], "links" or "edges": [...]}`).
///
/// Each node is read as a ``NodeLinkNode`` (the model the graph-file reader uses too) and
/// gives one row:
/// - feature: `layer` and `feature` (integers or digit strings), else an `id` such as `6_50`
///   or `6:50`;
/// - label: saegraph's one label precedence, `label`, else `explanation`, else `description`
///   (the first that is a non-empty string); none counts as empty (a graph may hold
///   unlabelled nodes). So a file gives the same labels read as a graph and as `--labels`.
///
/// Links and every other member are skipped unread. A node without a usable feature is a
/// malformed row (skipped, or fatal with `strict`); a JSON syntax error is always fatal.
/// Line numbers are those where the node starts.
///
/// - Complexity: O(n) in the file's bytes.
enum NodeLinkLabels {
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
        var ids = NodeIDTable()
        repeat {
            let kind = try scanner.peekKind()
            let line = lines.line(at: scanner.position)
            number += 1
            guard kind == .object else {
                let field = try scanner.readField()
                try rows.skip(file: file, line: line, reason: "node \(number) is \(field.typeName), expected an object")
                continue
            }
            let node = try NodeLinkNode.read(&scanner, number: number - 1, ids: &ids)
            switch interpret(node, ids: ids, scanner) {
            case .success(let feature):
                try rows.add(feature, label: try node.label(scanner), source: nil, file: file, line: line)
            case .failure(let problem):
                try rows.skip(file: file, line: line, reason: "node \(number): \(problem.reason)")
            }
        } while try scanner.nextElement()
    }

    /// The node's feature, or why it has none.
    static func interpret(
        _ node: NodeLinkNode, ids: NodeIDTable, _ scanner: JSONScanner
    ) -> Result<FeatureID, NeuronpediaExport.Problem> {
        if node.layer != nil || node.feature != nil {
            guard let layer = integer(node.layer?.value), let index = integer(node.feature?.value) else {
                return .failure(
                    .init(
                        reason:
                            "\"layer\" and \"feature\" must both be non-negative integers, found \(show(node.layer, scanner)) and \(show(node.feature, scanner))"
                    ))
            }
            return .success(FeatureID(layer: layer, index: index))
        }
        if let token = node.id {
            if token >= 0 { return .success(FeatureID(layer: Int(token >> 32), index: Int(token & 0xFFFF_FFFF))) }
            if let text = ids.string(token), let parsed = try? FeatureID(parsing: text) { return .success(parsed) }
        }
        let id = node.id.map { ids.describe($0) } ?? "nothing"
        return .failure(
            .init(reason: "no \"layer\" and \"feature\", and \"id\" \(id) is not a feature id such as 6_50"))
    }

    private static func integer(_ field: JSONField?) -> Int? {
        switch field {
        case .integer(let n)? where n >= 0: n
        case .string(let s)? where LabelText.isDigits(s): Int(s)
        default: nil
        }
    }

    private static func show(_ field: NodeLinkNode.Field?, _ scanner: JSONScanner) -> String {
        guard let field else { return "nothing" }
        if case .string(let s) = field.value { return LabelText.excerpt(s) }
        return LabelText.excerpt(scanner.text(field.range))
    }
}
