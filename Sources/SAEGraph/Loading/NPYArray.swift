import Foundation

/// A NumPy `.npy` array: magic `\x93NUMPY`, version, header length (u16 in v1, u32 in
/// v2/v3), a Python-dict header such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (24576, 768), }`, then the data.
/// Reads from a mapped file (no copy) or from a decompressed `.npz` member.
///
/// Element types: `<f4`, `<f2`, `<f8` and their big-endian forms `>f4`, `>f2`, `>f8`
/// (swapped on conversion); `fortran_order: True` means column-major.
public struct NPYArray: Sendable {
    /// The file (or `archive.npz:member`) it came from, for messages.
    public let name: String
    /// The `descr` string as written, e.g. "<f4".
    public let descr: String
    public let dtype: TensorDType
    public let bigEndian: Bool
    public let fortranOrder: Bool
    public let shape: [Int]
    let body: ByteRegion

    /// Maps and parses `path`.
    public init(path: String) throws {
        try self.init(region: ByteRegion(file: try MappedFile(path: path)), name: path)
    }

    /// Parses an array held in memory (e.g. an `.npz` member).
    public init(data: Data, name: String) throws {
        try self.init(region: ByteRegion(data: data), name: name)
    }

    init(region: ByteRegion, name: String) throws {
        self.name = name
        let magic: [UInt8] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]  // \x93NUMPY
        guard region.count >= 10, region.withUnsafeBytes({ Array($0.prefix(6)) }) == magic else {
            throw SAEGraphError(.malformedFile, "\(name): not a .npy file (no \\x93NUMPY magic)")
        }
        let major = region.littleEndian(at: 6, size: 1)
        let (lengthSize, start): (Int, Int) = major == 1 ? (2, 10) : (4, 12)
        guard major >= 1 && major <= 3, region.count >= start else {
            throw SAEGraphError(.unsupported, "\(name): .npy format version \(major) is not 1, 2 or 3")
        }
        let headerLength = Int(region.littleEndian(at: 8, size: lengthSize))
        guard headerLength <= region.count - start else {
            throw SAEGraphError(
                .malformedFile, "\(name): .npy header length \(headerLength) exceeds the file (\(region.count) bytes)")
        }
        let headerBytes = region.slice(start..<(start + headerLength)).data()
        let header = String(decoding: headerBytes, as: UTF8.self)
        guard let descr = Self.value(of: "descr", in: header).flatMap(Self.unquote),
            let fortran = Self.value(of: "fortran_order", in: header),
            let shapeText = Self.value(of: "shape", in: header), let shape = Self.tuple(shapeText)
        else {
            throw SAEGraphError(
                .malformedFile,
                "\(name): cannot read the .npy header \(ErrorText.bytes(headerBytes.prefix(while: { $0 != 0x0A })))")
        }
        self.descr = descr
        self.shape = shape
        fortranOrder = fortran == "True"
        let order = descr.first
        let kind = descr.dropFirst()
        let types: [Substring: TensorDType] = ["f2": .f16, "f4": .f32, "f8": .f64]
        guard let order, "<>=|".contains(order), let dtype = types[kind] else {
            throw SAEGraphError(
                .unsupported,
                "\(name): array \(Self.shapeText(shape)) has dtype '\(descr)'; supported are <f4, <f2, <f8 and >f4, >f2, >f8"
            )
        }
        self.dtype = dtype
        bigEndian = order == ">"
        let dataStart = start + headerLength
        guard let bytes = CheckedSize.product(shape + [dtype.byteSize]), region.count - dataStart >= bytes else {
            let needs = CheckedSize.product(shape + [dtype.byteSize]).map(String.init) ?? "more than 2^63"
            throw SAEGraphError(
                .malformedFile,
                "\(name): array '\(descr)' \(Self.shapeText(shape)) needs \(needs) bytes of data but the file has \(region.count - dataStart) (truncated?)"
            )
        }
        body = region.slice(dataStart..<(dataStart + bytes))
    }

    /// The array as a tensor named `tensorName`, ready to convert.
    func tensor(named tensorName: String) -> StoredTensor {
        StoredTensor(
            file: name, name: tensorName, dtype: dtype, shape: shape, bigEndian: bigEndian, columnMajor: fortranOrder,
            bytes: body)
    }

    static func shapeText(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }

    /// The text after `'key':` up to the next top-level comma or closing brace.
    private static func value(of key: String, in header: String) -> String? {
        guard let k = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else { return nil }
        var rest = header[k.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " }
        var depth = 0
        var end = rest.startIndex
        while end < rest.endIndex {
            let c = rest[end]
            if c == "(" || c == "[" { depth += 1 }
            if c == ")" || c == "]" { depth -= 1 }
            if depth == 0 && (c == "," || c == "}") { break }
            end = rest.index(after: end)
            if depth == 0 && (c == ")" || c == "]") { break }
        }
        return String(rest[rest.startIndex..<end]).trimmingCharacters(in: .whitespaces)
    }

    private static func unquote(_ s: String) -> String? {
        guard s.count >= 2, let f = s.first, f == "'" || f == "\"", s.last == f else { return nil }
        return String(s.dropFirst().dropLast())
    }

    /// Parses "(24576, 768)", "(5,)" or "()".
    private static func tuple(_ s: String) -> [Int]? {
        guard s.first == "(", s.last == ")" else { return nil }
        let parts = s.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let values = parts.compactMap { Int($0.hasSuffix("L") ? String($0.dropLast()) : $0) }
        guard values.count == parts.count, values.allSatisfy({ $0 >= 0 }) else { return nil }
        return values
    }
}
