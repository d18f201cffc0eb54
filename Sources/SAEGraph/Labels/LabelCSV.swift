import Foundation

/// Reads labels from CSV (RFC 4180): a header `layer,feature,label`, or `feature,label` with
/// feature ids such as `6:50` (also `6_50`, `6/50`).
///
/// - The layer column may hold a Neuronpedia source id (`6-res-jb`: layer 6), as Neuronpedia's
///   own CSV downloads do; with a `modelId` column too, the layer's Neuronpedia source is
///   recorded and features get their page links.
///
/// - Header: names are matched without regard to case or surrounding spaces, in any order;
///   `index` may stand for `feature`, and `description` or `explanation` for `label`. Other
///   columns are ignored. A file without such a header is not a label CSV (always an error).
/// - Quoting: a field in double quotes may hold commas, line breaks and doubled quotes (`""`).
///   A quote inside an unquoted field, text after a closing quote, or a quote never closed
///   makes the record malformed. Line ends may be `\n` or `\r\n`; blank lines are skipped.
/// - Layer and feature may have spaces around them; labels are kept byte-exact.
/// - Line numbers are those where a record starts (the header is line 1).
///
/// - Complexity: O(n) in the file's bytes.
enum LabelCSV {
    struct Record: Equatable {
        /// 1-based line where the record starts.
        var line: Int
        var fields: [String]
        /// Why the record does not follow RFC 4180, if it does not.
        var problem: String?
    }

    /// Splits `bytes[start...]` into records.
    static func records(_ bytes: [UInt8], start: Int = 0) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var inQuotes = false
        var wasQuoted = false
        var problem: String?

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            let quoted = wasQuoted
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && !quoted && problem == nil) {
                records.append(Record(line: recordLine, fields: fields, problem: problem))
            }
            fields.removeAll()
            problem = nil
        }

        var i = start
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            i += 1
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i < n && bytes[i] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                        wasQuoted = true
                    }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                endField()
            case 0x0A:
                endRecord()
                line += 1
                recordLine = line
            case 0x0D where i == n || bytes[i] == 0x0A:
                break
            case UInt8(ascii: "\""):
                if field.isEmpty && !wasQuoted {
                    inQuotes = true
                    quoteLine = line
                } else {
                    problem =
                        problem
                        ?? (wasQuoted
                            ? afterQuote
                            : "a quote inside an unquoted field (quote the whole field and write a quote as \"\")")
                    field.append(b)
                }
            default:
                if wasQuoted { problem = problem ?? afterQuote }
                field.append(b)
            }
        }
        if inQuotes { problem = problem ?? "the quoted field opened on line \(quoteLine) is never closed" }
        if inQuotes || !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }

    private static let afterQuote = "text after a closing quote (write a quote inside a quoted field as \"\")"

    /// Reads a label CSV into `rows`.
    /// - Throws: ``SAEGraphError`` `.malformedFile` when the header is not a label header;
    ///   with `strict`, on the first malformed record.
    static func read(_ bytes: [UInt8], start: Int, file: String, into rows: inout LabelAccumulator) throws {
        let all = records(bytes, start: start)
        guard let header = all.first else { throw SAEGraphError(.malformedFile, "\(file): the file is empty") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let layerColumn = names.firstIndex(of: "layer")
        let modelColumn = names.firstIndex(of: "modelid")
        guard header.problem == nil,
            let featureColumn = names.firstIndex(of: "feature") ?? names.firstIndex(of: "index"),
            let labelColumn = names.firstIndex(where: { ["label", "description", "explanation"].contains($0) })
        else {
            throw SAEGraphError(
                .malformedFile,
                "\(file):\(header.line): not a label file: expected a Neuronpedia export (JSON or JSONL), node-link JSON, "
                    + "or a CSV with header layer,feature,label or feature,label; found \(LabelText.excerpt(header.fields.joined(separator: ",")))"
            )
        }
        for record in all.dropFirst() {
            if let problem = record.problem {
                try rows.skip(file: file, line: record.line, reason: "bad CSV quoting: \(problem)")
                continue
            }
            guard record.fields.count == names.count else {
                try rows.skip(
                    file: file, line: record.line,
                    reason: "expected \(names.count) fields as in the header, found \(record.fields.count)")
                continue
            }
            let featureText = record.fields[featureColumn].trimmingCharacters(in: .whitespaces)
            let feature: FeatureID
            var source: NeuronpediaSource?
            if let layerColumn {
                let layerText = record.fields[layerColumn].trimmingCharacters(in: .whitespaces)
                let digits = layerText.utf8.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
                guard let layer = NeuronpediaExport.leadingLayer(of: layerText),
                    digits == layerText.utf8.count || layerText.utf8.dropFirst(digits).first == UInt8(ascii: "-")
                else {
                    try rows.skip(
                        file: file, line: record.line,
                        reason:
                            "layer \(LabelText.excerpt(layerText)) is neither a layer number nor a source id such as 6-res-jb"
                    )
                    continue
                }
                if !LabelText.isDigits(layerText), let modelColumn {
                    let model = record.fields[modelColumn].trimmingCharacters(in: .whitespaces)
                    if !model.isEmpty { source = NeuronpediaSource(modelID: model, sourceID: layerText) }
                }
                guard LabelText.isDigits(featureText), let index = Int(featureText) else {
                    try rows.skip(
                        file: file, line: record.line,
                        reason: "feature \(LabelText.excerpt(featureText)) is not a non-negative integer")
                    continue
                }
                feature = FeatureID(layer: layer, index: index)
            } else {
                guard let parsed = try? FeatureID(parsing: featureText) else {
                    try rows.skip(
                        file: file, line: record.line,
                        reason: "feature \(LabelText.excerpt(featureText)) is not a feature id such as 6:50")
                    continue
                }
                feature = parsed
            }
            try rows.add(feature, label: record.fields[labelColumn], source: source, file: file, line: record.line)
        }
    }
}
