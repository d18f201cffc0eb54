import Foundation

/// Loads human-readable feature labels (`--labels`) from Neuronpedia explanation exports,
/// label CSV files and networkx node-link graphs.
///
/// A path is a file or a folder. A folder's files ending in `.jsonl.gz`, `.jsonl`, `.json`,
/// `.json.gz`, `.csv` or `.csv.gz` (hidden files aside) are read in natural order of their
/// names, so `batch-2.jsonl.gz` comes before `batch-10.jsonl.gz`.
///
/// A file's format is told by its content, not its name: gzip is unpacked first; then after
/// an optional UTF-8 byte-order mark and white space,
/// - `[` starts a Neuronpedia export as one JSON array (``NeuronpediaExport``);
/// - `{` starts a node-link graph when that first object has a `nodes` member
///   (``NodeLinkLabels``); else, when that object is valid JSON over several lines,
///   pretty-printed Neuronpedia objects one after another; else Neuronpedia JSONL, one row
///   per line. Rows may be export rows or single-feature API responses
///   (``NeuronpediaFeature``: the label is nested in `explanations`);
/// - anything else is read as CSV with a `layer,feature,label` or `feature,label` header
///   (``LabelCSV``).
///
/// One label per feature: ``selectionRule``. Labels keep their exact text (white space and
/// line breaks included); a description that is empty or only white space is no label.
///
/// `strict`: the first malformed row, or a second Neuronpedia source for a layer, is an
/// error. Otherwise such rows are skipped and counted in the result (a second source's rows
/// are skipped because they describe another SAE's features). Errors that leave nothing to
/// resume at (a missing file, a syntax error inside a JSON array or graph, a CSV without a
/// label header, an empty file) are thrown either way.
///
/// - Complexity: O(total bytes); texts are decoded only for the members used.
public enum LabelLoader {
    /// How one label is chosen when a feature has several rows.
    public static let selectionRule =
        "first non-blank description in input order (paths as given, a folder's files in natural name order, rows in file order)"

    /// How many skipped rows a result lists (all are counted).
    public static let maxRecordedSkips = 10

    /// Loads the labels of one file or folder.
    /// - Throws: ``SAEGraphError`` naming the file and line at fault.
    public static func load(
        path: String, strict: Bool = false, maxDecompressed: Int = Inflate.defaultLimit
    ) throws -> LabelLoadResult {
        try load(paths: [path], strict: strict, maxDecompressed: maxDecompressed)
    }

    /// Loads several files or folders as one input: a feature takes its label from the first
    /// path that has a non-blank one, and a layer keeps the first Neuronpedia source seen.
    /// `maxDecompressed` bounds the unpacked size of each gzip file (`.tooLarge` beyond).
    /// - Throws: ``SAEGraphError`` naming the file and line at fault.
    public static func load(
        paths: [String], strict: Bool = false, maxDecompressed: Int = Inflate.defaultLimit
    ) throws -> LabelLoadResult {
        var rows = LabelAccumulator(strict: strict)
        for path in paths {
            for file in try files(at: path) {
                try read(file: file, maxDecompressed: maxDecompressed, into: &rows)
            }
        }
        return rows.result()
    }

    /// The label files a path stands for, in reading order.
    static func files(at path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SAEGraphError(.fileNotFound, "\(path): no such labels file or folder")
        }
        guard isFolder.boolValue else { return [path] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw SAEGraphError(.fileNotFound, "\(path): cannot list the labels folder (\(error.localizedDescription))")
        }
        let suffixes = [".jsonl.gz", ".jsonl", ".json", ".json.gz", ".csv", ".csv.gz"]
        let chosen = names.filter { name in
            !name.hasPrefix(".") && suffixes.contains { name.lowercased().hasSuffix($0) }
        }.sorted(by: naturallyOrdered)
        guard !chosen.isEmpty else {
            throw SAEGraphError(
                .fileNotFound, "\(path): the folder holds no label files (batch-*.jsonl.gz, *.jsonl, *.json or *.csv)")
        }
        let base = path.hasSuffix("/") ? path : path + "/"
        return chosen.map { base + $0 }
    }

    static func read(
        file: String, maxDecompressed: Int = Inflate.defaultLimit, into rows: inout LabelAccumulator
    ) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw SAEGraphError(.fileNotFound, "\(file): cannot read the labels file (\(error.localizedDescription))")
        }
        let bytes =
            Inflate.isGzip(data) ? [UInt8](try Inflate.gunzip(data, limit: maxDecompressed, name: file)) : [UInt8](data)
        try read(bytes: bytes, file: file, into: &rows)
    }

    /// Reads one file's (decompressed) bytes, telling the format from the content.
    static func read(bytes: [UInt8], file: String, into rows: inout LabelAccumulator) throws {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let (first, position, isGraph, multiLine) = scanJSON(bytes, from: start, file: file) { scanner in
            let first = scanner.peekByte()
            let object = first == UInt8(ascii: "{")
            return (
                first, scanner.position, object && startsNodeLinkGraph(scanner),
                object && firstObjectSpansLines(scanner, bytes)
            )
        }
        switch first {
        case nil:
            throw SAEGraphError(.malformedFile, "\(file): the labels file is empty")
        case UInt8(ascii: "["):
            try NeuronpediaExport.readArray(bytes, start: position, file: file, into: &rows)
        case UInt8(ascii: "{") where isGraph:
            try NodeLinkLabels.read(bytes, start: position, file: file, into: &rows)
        case UInt8(ascii: "{") where multiLine:
            try NeuronpediaExport.readObjects(bytes, start: position, file: file, into: &rows)
        case UInt8(ascii: "{"):
            try NeuronpediaExport.readLines(bytes, file: file, into: &rows)
        default:
            try LabelCSV.read(bytes, start: start, file: file, into: &rows)
        }
    }

    /// Runs `body` with a scanner over a label file's bytes from `start`, as lenient as label
    /// exports need (raw control characters in strings are kept). Syntax errors leave as
    /// ``JSONScanError``.
    static func scanJSON<R>(
        _ bytes: [UInt8], from start: Int = 0, file: String, _ body: (inout JSONScanner) throws -> R
    ) rethrows -> R {
        try JSONScanner.scanRecoverably(bytes, name: file, from: start) { scanner in
            scanner.allowsControlCharacters = true
            return try body(&scanner)
        }
    }

    /// ``scanJSON(_:from:file:_:)`` for a file that is one JSON document, where a syntax error
    /// leaves nothing to resume at: it is thrown as ``SAEGraphError`` `.malformedFile`
    /// naming the file and line. `body` gets a ``LineCounter`` to number the rows it reads.
    static func scanDocument(
        _ bytes: [UInt8], from start: Int, file: String, _ body: (inout JSONScanner, inout LineCounter) throws -> Void
    ) throws {
        var lines = LineCounter(bytes: bytes)
        do {
            try scanJSON(bytes, from: start, file: file) { try body(&$0, &lines) }
        } catch let error as JSONScanError {
            throw SAEGraphError(
                .malformedFile, "\(file):\(lines.line(at: error.offset)): not valid JSON: \(error.reason)")
        }
    }

    /// True when the object at the scanner has a top-level `nodes` member. Stops reading at
    /// that member; a syntax error before it means "not a graph".
    private static func startsNodeLinkGraph(_ scanner: JSONScanner) -> Bool {
        var probe = scanner
        do {
            guard try probe.beginObject() else { return false }
            repeat {
                if probe.matches(try probe.readKey(), "nodes") { return true }
                try probe.skipValue()
            } while try probe.nextMember()
        } catch {}
        return false
    }

    /// True when the object at the scanner is valid JSON written over several lines (a
    /// pretty-printed feature response), not one JSONL row.
    private static func firstObjectSpansLines(_ scanner: JSONScanner, _ bytes: [UInt8]) -> Bool {
        var probe = scanner
        guard let range = try? probe.skipValue() else { return false }
        return bytes[range].contains(0x0A)
    }

    /// Natural order of names: runs of digits compare as numbers (`batch-2` < `batch-10`),
    /// the rest as text; ties broken by plain text order.
    static func naturallyOrdered(_ a: String, _ b: String) -> Bool {
        let x = chunks(a)
        let y = chunks(b)
        for (p, q) in zip(x, y) where p != q {
            if let p = p.number, let q = q.number, p != q {
                return p.count != q.count ? p.count < q.count : p < q
            }
            return p.text < q.text
        }
        return x.count != y.count ? x.count < y.count : a < b
    }

    private struct Chunk: Equatable {
        var text: String
        /// The digits without leading zeros, when the chunk is a run of digits.
        var number: String?
    }

    private static func chunks(_ name: String) -> [Chunk] {
        var result: [Chunk] = []
        var current = ""
        var digits = false
        func flush() {
            guard !current.isEmpty else { return }
            let stripped = String(current.drop { $0 == "0" })
            result.append(Chunk(text: current, number: digits ? (stripped.isEmpty ? "0" : stripped) : nil))
            current = ""
        }
        for c in name {
            let isDigit = c.isASCII && c.isNumber
            if isDigit != digits { flush() }
            digits = isDigit
            current.append(c)
        }
        flush()
        return result
    }
}
