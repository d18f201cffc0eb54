/// Reads Neuronpedia explanation exports: JSONL (one object per line, as in
/// `explanations/batch-N.jsonl.gz`), one JSON array of the same objects (older exports), or
/// JSON objects one after another, each over several lines (pretty-printed). Each object may
/// also be a single-feature API response with nested `explanations` (``NeuronpediaFeature``).
///
/// A row is `{"modelId": "gpt2-small", "layer": "6-res-jb", "index": "50", "description": "…"}`:
/// - `layer` holds Neuronpedia's source id; the layer is its leading integer (`6-res-jb`,
///   `6-gemmascope-res-16k`, `20-llamascope-res-32k`). A plain integer is accepted too, and then
///   no source is recorded.
/// - `index`: a string of digits or an integer.
/// - `description`: a string; null counts as empty.
/// - `modelId`: optional; with it, the layer's ``NeuronpediaSource`` is recorded.
/// - Other members (`embedding`, `typeName`, …) are skipped without being built.
///
/// A row that breaks these rules is skipped (or fatal with `strict`). In a JSONL file a line
/// that is not JSON is skipped the same way; in a JSON array a syntax error ends the file
/// (there is no line to resume at), so it is always fatal.
///
/// - Complexity: O(n) in the file's bytes.
enum NeuronpediaExport {
    /// The members read, in the order ``interpret(_:)`` expects them.
    static let keys = JSONKeys(["modelId", "layer", "index", "description"])

    /// Reads JSONL: each non-blank line one row.
    static func readLines(_ bytes: [UInt8], file: String, into rows: inout LabelAccumulator) throws {
        try LabelLoader.scanJSON(bytes, file: file) { scanner in
            scanner.endDescription = "the end of the line"
            var lineStart = 0
            var line = 1
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                try scanner.sub(lineStart..<lineEnd) { lineScanner in
                    if lineScanner.peekByte() != nil {
                        try readLine(&lineScanner, lineStart: lineStart, file: file, line: line, into: &rows)
                    }
                }
                lineStart = lineEnd + 1
                line += 1
            }
        }
    }

    private static func readLine(
        _ scanner: inout JSONScanner, lineStart: Int, file: String, line: Int, into rows: inout LabelAccumulator
    ) throws {
        let fields: [JSONField?]
        do {
            guard scanner.peekByte() == UInt8(ascii: "{") else { throw scanner.expected("a JSON object") }
            fields = try NeuronpediaFeature.readRow(&scanner)
            guard scanner.atEnd() else { throw scanner.expected("the line to end") }
        } catch let e as JSONScanError {
            let column = e.offset - lineStart + 1
            try rows.skip(file: file, line: line, reason: "not valid JSON at column \(column): \(e.reason)")
            return
        }
        try add(fields, file: file, line: line, into: &rows)
    }

    /// Reads a JSON array of rows starting at `start` (its `[`).
    /// - Throws: ``SAEGraphError`` `.malformedFile` on a JSON syntax error, whatever `strict` is.
    static func readArray(_ bytes: [UInt8], start: Int, file: String, into rows: inout LabelAccumulator) throws {
        try LabelLoader.scanDocument(bytes, from: start, file: file) { scanner, lines in
            if try scanner.beginArray() {
                repeat {
                    let kind = try scanner.peekKind()
                    let line = lines.line(at: scanner.position)
                    if kind == .object {
                        try add(try NeuronpediaFeature.readRow(&scanner), file: file, line: line, into: &rows)
                    } else {
                        let field = try scanner.readField()
                        try rows.skip(
                            file: file, line: line, reason: "array element is \(field.typeName), expected an object")
                    }
                } while try scanner.nextElement()
            }
            guard scanner.atEnd() else { throw scanner.expected("the text to end after the array") }
        }
    }

    /// Reads JSON objects one after another from `start` (a pretty-printed feature response, or
    /// several): each one row.
    /// - Throws: ``SAEGraphError`` `.malformedFile` on a JSON syntax error or a value that is
    ///   not an object, whatever `strict` is.
    static func readObjects(_ bytes: [UInt8], start: Int, file: String, into rows: inout LabelAccumulator) throws {
        try LabelLoader.scanDocument(bytes, from: start, file: file) { scanner, lines in
            while !scanner.atEnd() {
                let line = lines.line(at: scanner.position)
                guard scanner.peekByte() == UInt8(ascii: "{") else { throw scanner.expected("a JSON object") }
                try add(try NeuronpediaFeature.readRow(&scanner), file: file, line: line, into: &rows)
            }
        }
    }

    /// Checks one decoded row and hands it to `rows`.
    static func add(_ fields: [JSONField?], file: String, line: Int, into rows: inout LabelAccumulator) throws {
        switch interpret(fields) {
        case .success(let row):
            try rows.add(row.feature, label: row.label, source: row.source, file: file, line: line)
        case .failure(let problem):
            try rows.skip(file: file, line: line, reason: problem.reason)
        }
    }

    struct Row: Equatable {
        var feature: FeatureID
        var label: String?
        var source: NeuronpediaSource?
    }

    struct Problem: Error, Equatable {
        var reason: String
    }

    /// The row's feature, label and source, or why it has none, from the values of ``keys``.
    static func interpret(_ fields: [JSONField?]) -> Result<Row, Problem> {
        let (modelField, layerField, indexField, descriptionField) = (fields[0], fields[1], fields[2], fields[3])
        let layer: Int
        var sourceID: String?
        switch layerField {
        case nil: return .failure(Problem(reason: "missing \"layer\" (the source id, such as \"6-res-jb\")"))
        case .integer(let n) where n >= 0: layer = n
        case .string(let s):
            guard let n = leadingLayer(of: s) else {
                return .failure(
                    Problem(
                        reason: "\"layer\" is \(LabelText.excerpt(s)): expected a Neuronpedia source id that "
                            + "starts with the layer number, such as \"6-res-jb\""))
            }
            layer = n
            if s.utf8.contains(where: { $0 < UInt8(ascii: "0") || $0 > UInt8(ascii: "9") }) { sourceID = s }
        case .some(let other):
            return .failure(
                Problem(reason: "\"layer\" is \(other.typeName), expected a source id such as \"6-res-jb\""))
        }
        let index: Int
        switch indexField {
        case nil: return .failure(Problem(reason: "missing \"index\""))
        case .integer(let n) where n >= 0: index = n
        case .string(let s) where LabelText.isDigits(s) && Int(s) != nil: index = Int(s)!
        case .string(let s):
            return .failure(Problem(reason: "\"index\" is \(LabelText.excerpt(s)), expected a non-negative integer"))
        case .some(let other):
            return .failure(Problem(reason: "\"index\" is \(other.typeName), expected a non-negative integer"))
        }
        let label: String?
        switch descriptionField {
        case nil: return .failure(Problem(reason: "missing \"description\""))
        case .string(let s): label = s
        case .null: label = nil
        case .some(let other):
            return .failure(Problem(reason: "\"description\" is \(other.typeName), expected a string"))
        }
        var source: NeuronpediaSource?
        switch modelField {
        case nil, .null: break
        case .string(let model) where !model.isEmpty:
            source = sourceID.map { NeuronpediaSource(modelID: model, sourceID: $0) }
        case .some(let other):
            return .failure(
                Problem(reason: "\"modelId\" is \(other.typeName), expected a model id such as \"gpt2-small\""))
        }
        return .success(Row(feature: FeatureID(layer: layer, index: index), label: label, source: source))
    }

    /// The leading integer of a source id: `6` for `6-res-jb`; nil when the text does not
    /// start with digits followed by the end or a non-digit.
    static func leadingLayer(of sourceID: String) -> Int? {
        let digits = sourceID.utf8.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }
}
