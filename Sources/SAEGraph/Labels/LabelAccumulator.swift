/// Collects label rows from every input of one load, in input order, applying
/// ``LabelLoader/selectionRule`` and the `strict` policy.
///
/// - Rows: the first row with a non-blank description gives a feature its label; later
///   non-blank rows count as duplicates; blank ones as empty. Texts are kept byte-exact (not
///   trimmed).
/// - Sources: the first (model, source) seen for a layer is kept. A row naming another source
///   for that layer is an error with `strict`, else it is skipped (its labels describe another
///   SAE's features, so they must not be mixed in).
/// - Malformed rows: an error with `strict`, else skipped and counted.
struct LabelAccumulator {
    let strict: Bool
    private(set) var store = LabelStore()
    private(set) var rowsRead = 0
    private(set) var duplicateRows = 0
    private(set) var emptyRows = 0
    private(set) var skipped: [LabelSkip] = []
    private(set) var skippedCount = 0
    /// Where each layer's source was first seen, for conflict messages.
    private var sourceOrigin: [Int: String] = [:]

    init(strict: Bool) {
        self.strict = strict
    }

    /// Adds one well-formed row.
    /// - Throws: with `strict`, ``SAEGraphError`` `.conflict` when `source` differs from the
    ///   layer's first source.
    mutating func add(
        _ feature: FeatureID, label: String?, source: NeuronpediaSource?, file: String, line: Int
    ) throws {
        if let source {
            if let known = store.sources[feature.layer] {
                if known != source {
                    let reason =
                        "layer \(feature.layer) has Neuronpedia source \(known.modelID)/\(known.sourceID) "
                        + "(from \(sourceOrigin[feature.layer] ?? "an earlier row")) and also "
                        + "\(source.modelID)/\(source.sourceID); give the labels of one SAE per layer"
                    if strict { throw SAEGraphError(.conflict, "\(file):\(line): \(reason)") }
                    record(LabelSkip(file: file, line: line, reason: reason))
                    return
                }
            } else {
                store.setSource(source, forLayer: feature.layer)
                sourceOrigin[feature.layer] = "\(file):\(line)"
            }
        }
        rowsRead += 1
        guard let label, !Self.isBlank(label) else {
            emptyRows += 1
            return
        }
        if store[feature] != nil {
            duplicateRows += 1
        } else {
            store.set(label, for: feature)
        }
    }

    /// Records a malformed row.
    /// - Throws: with `strict`, ``SAEGraphError`` `.malformedFile` naming the file and line.
    mutating func skip(file: String, line: Int, reason: String) throws {
        let skip = LabelSkip(file: file, line: line, reason: reason)
        if strict { throw SAEGraphError(.malformedFile, skip.description) }
        record(skip)
    }

    private mutating func record(_ skip: LabelSkip) {
        skippedCount += 1
        if skipped.count < LabelLoader.maxRecordedSkips { skipped.append(skip) }
    }

    func result() -> LabelLoadResult {
        var summary: String?
        if let first = skipped.first {
            let more = skippedCount > 1 ? " (first: \(first))" : ": \(first)"
            summary = "skipped \(skippedCount) label row\(skippedCount == 1 ? "" : "s")\(more)"
        }
        return LabelLoadResult(
            store: store, rowsRead: rowsRead, duplicateRows: duplicateRows, emptyRows: emptyRows,
            skipped: skipped, skippedCount: skippedCount, warningSummary: summary)
    }

    /// True when `text` is empty or only white space (ASCII or Unicode).
    /// - Complexity: O(1) for the usual text that starts with a visible ASCII character.
    static func isBlank(_ text: String) -> Bool {
        for b in text.utf8 {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: continue
            case 0x80...: return text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
            default: return false
            }
        }
        return true
    }
}
