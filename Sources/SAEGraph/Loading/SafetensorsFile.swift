import Foundation

/// A `.safetensors` file: an 8-byte little-endian header length N, N bytes of JSON naming
/// each tensor's dtype, shape and `[begin, end)` byte offsets (relative to byte 8+N), then
/// the data. The file is memory-mapped; nothing is copied until a tensor is converted.
///
/// Opening validates the whole header the way the reference implementation does: the data
/// offsets must tile the data area exactly (no overlap, no gap, nothing past the end), and
/// each tensor's byte count must equal the product of its shape times its dtype's size.
/// A dtype this tool cannot convert (e.g. `I64`, `F8_E4M3`) is rejected only when that
/// tensor is asked for.
/// - Complexity: opening is O(header size + tensors × log tensors).
public struct SafetensorsFile: Sendable {
    /// One tensor's header entry.
    public struct Entry: Sendable, Equatable {
        public var name: String
        /// The dtype as written, e.g. "F32", "BF16", "I64".
        public var dtype: String
        public var shape: [Int]
        /// Byte range relative to the start of the data area.
        public var dataOffsets: Range<Int>
    }

    public let path: String
    /// Entries sorted by name.
    public let entries: [Entry]
    /// The optional `__metadata__` string map.
    public let metadata: [String: String]
    private let data: ByteRegion

    /// Maps and validates `path`.
    /// - Throws: `SAEGraphError` (`.fileNotFound`, `.malformedFile`) with a one-line message.
    public init(path: String) throws {
        try self.init(file: try MappedFile(path: path))
    }

    init(file: MappedFile) throws {
        let path = file.path
        self.path = path
        let whole = ByteRegion(file: file)
        guard whole.count >= 8 else {
            throw SAEGraphError(
                .malformedFile,
                "\(path): \(whole.count) bytes is too short for a safetensors file (needs an 8-byte header length)")
        }
        let headerLength = whole.littleEndian(at: 0, size: 8)
        guard headerLength <= UInt64(whole.count - 8) else {
            throw SAEGraphError(
                .malformedFile,
                "\(path): header length \(headerLength) exceeds the \(whole.count - 8) bytes after it (truncated or not safetensors)"
            )
        }
        let n = Int(headerLength)
        let json = whole.slice(8..<(8 + n)).data()
        guard let object = try? JSONValue.parse(Array(json), name: path), let header = object.members else {
            throw SAEGraphError(
                .malformedFile, "\(path): the \(n)-byte header is not a JSON object (not a safetensors file?)")
        }
        data = whole.slice((8 + n)..<whole.count)
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for (key, value) in header {
            if key == "__metadata__" {
                for (k, v) in value.members ?? [] {
                    metadata[k] = v.text ?? v.rendered().split(whereSeparator: \.isNewline).joined()
                }
                continue
            }
            entries.append(try Self.entry(key, value, path: path))
        }
        try Self.checkTiling(entries, dataCount: data.count, path: path)
        self.entries = entries.sorted { $0.name < $1.name }
        self.metadata = metadata
    }

    /// Names of all tensors, sorted.
    public var tensorNames: [String] { entries.map(\.name) }

    /// The entry named `name`, or nil.
    public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The tensor `name`, ready to convert.
    /// - Throws: `.malformedFile` naming the tensors present when it is missing;
    ///   `.unsupported` when its dtype is not F32, F16, BF16 or F64.
    func tensor(named name: String) throws -> StoredTensor {
        guard let e = entry(named: name) else {
            throw SAEGraphError(
                .malformedFile,
                "\(path): no tensor \(name); the file holds \(tensorNames.isEmpty ? "no tensors" : tensorNames.joined(separator: ", "))"
            )
        }
        guard let dtype = TensorDType(rawValue: e.dtype) else {
            throw SAEGraphError(
                .unsupported,
                "\(path): tensor \(name) \(Self.shapeText(e.shape)) has dtype \(e.dtype); supported are F32, F16, BF16, F64"
            )
        }
        return StoredTensor(file: path, name: name, dtype: dtype, shape: e.shape, bytes: data.slice(e.dataOffsets))
    }

    /// Element sizes of every dtype the format defines (sub-byte types are left out and
    /// their byte counts are not checked).
    static let elementSize: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "F8_E8M0": 1,
        "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
        "I32": 4, "U32": 4, "F32": 4,
        "I64": 8, "U64": 8, "F64": 8,
    ]

    /// An array's elements as compact JSON text, for messages.
    private static func compact(_ items: [JSONValue]) -> String {
        "[" + items.map { $0.rendered().split(whereSeparator: \.isNewline).joined() }.joined(separator: ", ") + "]"
    }

    static func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    private static func entry(_ name: String, _ value: JSONValue, path: String) throws -> Entry {
        guard let dtype = value["dtype"]?.text, let shapeAny = value["shape"]?.elements,
            let offsetsAny = value["data_offsets"]?.elements
        else {
            throw SAEGraphError(
                .malformedFile, "\(path): header entry for tensor \(name) lacks dtype, shape or data_offsets")
        }
        let shape = shapeAny.compactMap(\.integer)
        let offsets = offsetsAny.compactMap(\.integer)
        guard shape.count == shapeAny.count, shape.allSatisfy({ $0 >= 0 }), offsets.count == 2,
            offsets[0] >= 0, offsets[1] >= offsets[0]
        else {
            throw SAEGraphError(
                .malformedFile,
                "\(path): tensor \(name) has an invalid shape \(Self.compact(shapeAny)) or data_offsets \(Self.compact(offsetsAny))"
            )
        }
        let entry = Entry(name: name, dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
        if let size = elementSize[dtype] {
            let (elements, overflow) = shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            let (bytes, tooLarge) = elements.multipliedReportingOverflow(by: size)
            guard !overflow, !tooLarge, bytes == entry.dataOffsets.count else {
                throw SAEGraphError(
                    .malformedFile,
                    "\(path): tensor \(name) \(dtype) \(shapeText(shape)) needs \(overflow || tooLarge ? "too many" : String(bytes)) bytes but its data_offsets [\(offsets[0]), \(offsets[1])) hold \(entry.dataOffsets.count)"
                )
            }
        }
        return entry
    }

    /// The data offsets must cover `0..<dataCount` exactly once.
    private static func checkTiling(_ entries: [Entry], dataCount: Int, path: String) throws {
        let sorted = entries.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound) < (
                $1.dataOffsets.lowerBound, $1.dataOffsets.upperBound
            )
        }
        var end = 0
        var previous = "the start of the data"
        for e in sorted {
            let r = e.dataOffsets
            if r.lowerBound < end {
                throw SAEGraphError(
                    .malformedFile,
                    "\(path): tensor \(e.name) bytes [\(r.lowerBound), \(r.upperBound)) overlap \(previous) (ends at \(end))"
                )
            }
            if r.lowerBound > end {
                throw SAEGraphError(
                    .malformedFile,
                    "\(path): tensor \(e.name) starts at byte \(r.lowerBound), leaving a gap after \(previous) (ends at \(end))"
                )
            }
            if r.upperBound > dataCount {
                throw SAEGraphError(
                    .malformedFile,
                    "\(path): tensor \(e.name) bytes [\(r.lowerBound), \(r.upperBound)) exceed the \(dataCount)-byte data area (truncated file?)"
                )
            }
            end = r.upperBound
            previous = "tensor \(e.name)"
        }
        if end != dataCount {
            throw SAEGraphError(
                .malformedFile,
                "\(path): the data area has \(dataCount) bytes but the tensors use \(end) (trailing bytes after \(previous))"
            )
        }
    }
}
