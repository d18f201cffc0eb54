import Foundation

/// A NumPy `.npz` archive: a zip whose members are `<key>.npy`, stored (`np.savez`) or
/// deflated (`np.savez_compressed`).
///
/// numpy writes zip64 local headers whose size fields are 0xFFFFFFFF, so sizes are read
/// from the central directory (with its zip64 extra field when present), and each member's
/// data offset from its local header's own name and extra lengths. Stored members are read
/// in place from the mapped file; deflated ones are decompressed on request.
/// - Complexity: opening is O(members); reading a deflated member is O(its size).
public struct NPZArchive: Sendable {
    /// One member as the central directory describes it.
    public struct Member: Sendable, Equatable {
        /// The member's file name, e.g. "W_dec.npy".
        public var fileName: String
        /// 0 stored, 8 deflated.
        public var method: Int
        public var compressedSize: Int
        public var uncompressedSize: Int
        /// Offset of the member's local header.
        public var localHeaderOffset: Int
    }

    public let path: String
    /// Members in directory order.
    public let members: [Member]
    private let file: ByteRegion

    /// The most bytes one deflated member may unpack to (see ``Inflate/defaultLimit``).
    public let maxDecompressed: Int

    /// Maps `path` and reads its central directory.
    /// - Parameter maxDecompressed: the most bytes a deflated member may unpack to; a member
    ///   that declares or produces more is an error.
    public init(path: String, maxDecompressed: Int = Inflate.defaultLimit) throws {
        self.path = path
        self.maxDecompressed = maxDecompressed
        file = ByteRegion(file: try MappedFile(path: path))
        members = try Self.readDirectory(file, path: path)
    }

    /// Array names: member names without the ".npy" suffix.
    public var arrayNames: [String] {
        members.map { $0.fileName.hasSuffix(".npy") ? String($0.fileName.dropLast(4)) : $0.fileName }
    }

    /// Reads the array `name` (the member `name.npy`).
    /// - Throws: `.malformedFile` naming the arrays present when it is missing or corrupt;
    ///   `.unsupported` for a compression method other than stored or deflate.
    public func array(named name: String) throws -> NPYArray {
        guard let m = members.first(where: { $0.fileName == name + ".npy" || $0.fileName == name }) else {
            throw SAEGraphError(
                .malformedFile,
                "\(path): no array \(name); the archive holds \(arrayNames.isEmpty ? "no arrays" : arrayNames.joined(separator: ", "))"
            )
        }
        let label = "\(path):\(m.fileName)"
        let o = m.localHeaderOffset
        guard CheckedSize.fits(offset: o, length: 30, in: file.count), file.littleEndian(at: o, size: 4) == 0x0403_4b50
        else {
            throw SAEGraphError(.malformedFile, "\(label): no local zip header at offset \(o)")
        }
        let start = o + 30 + Int(file.littleEndian(at: o + 26, size: 2)) + Int(file.littleEndian(at: o + 28, size: 2))
        guard CheckedSize.fits(offset: start, length: m.compressedSize, in: file.count) else {
            throw SAEGraphError(
                .malformedFile,
                "\(label): member data of \(m.compressedSize) bytes at offset \(start) runs past the end of the file (\(file.count) bytes)"
            )
        }
        let stored = file.slice(start..<(start + m.compressedSize))
        switch m.method {
        case 0:
            guard m.compressedSize == m.uncompressedSize else {
                throw SAEGraphError(
                    .malformedFile,
                    "\(label): stored member has \(m.compressedSize) bytes but says it unpacks to \(m.uncompressedSize)"
                )
            }
            return try NPYArray(region: stored, name: label)
        case 8:
            let raw = try Inflate.rawDeflate(
                stored.data(), uncompressedSize: m.uncompressedSize, limit: maxDecompressed, name: label)
            return try NPYArray(data: raw, name: label)
        default:
            throw SAEGraphError(
                .unsupported, "\(label): zip compression method \(m.method) is not supported (only stored and deflate)")
        }
    }

    private static func readDirectory(_ file: ByteRegion, path: String) throws -> [Member] {
        let n = file.count
        // The end-of-central-directory record is 22 bytes plus a comment of up to 65,535.
        var eocd = -1
        if n >= 22 {
            for p in stride(from: n - 22, through: max(0, n - 22 - 65_535), by: -1)
            where file.littleEndian(at: p, size: 4) == 0x0605_4b50 {
                eocd = p
                break
            }
        }
        guard eocd >= 0 else {
            throw SAEGraphError(
                .malformedFile, "\(path): not a zip archive (no end-of-central-directory record; truncated?)")
        }
        var entries = Int(file.littleEndian(at: eocd + 10, size: 2))
        var directoryOffset = Int(file.littleEndian(at: eocd + 16, size: 4))
        if entries == 0xffff || directoryOffset == 0xffff_ffff {
            // zip64: a locator just before the record points at the zip64 end record.
            let locator = eocd - 20
            guard locator >= 0, file.littleEndian(at: locator, size: 4) == 0x0706_4b50 else {
                throw SAEGraphError(.malformedFile, "\(path): zip64 archive without a zip64 locator")
            }
            let recordValue = file.littleEndian(at: locator + 8, size: 8)
            guard let record = CheckedSize.int(recordValue), CheckedSize.fits(offset: record, length: 56, in: n),
                file.littleEndian(at: record, size: 4) == 0x0606_4b50
            else {
                throw SAEGraphError(.malformedFile, "\(path): zip64 end record missing at offset \(recordValue)")
            }
            let entriesValue = file.littleEndian(at: record + 32, size: 8)
            let offsetValue = file.littleEndian(at: record + 48, size: 8)
            // Each directory entry takes at least 46 bytes of the file.
            guard let e = CheckedSize.int(entriesValue), e <= n / 46 else {
                throw SAEGraphError(
                    .malformedFile, "\(path): zip64 end record claims \(entriesValue) entries in a \(n)-byte file")
            }
            guard let o = CheckedSize.int(offsetValue), o <= n else {
                throw SAEGraphError(
                    .malformedFile,
                    "\(path): zip64 central directory offset \(offsetValue) lies outside the \(n)-byte file")
            }
            entries = e
            directoryOffset = o
        }
        var members: [Member] = []
        var p = directoryOffset
        for index in 0..<entries {
            guard CheckedSize.fits(offset: p, length: 46, in: n), file.littleEndian(at: p, size: 4) == 0x0201_4b50
            else {
                throw SAEGraphError(.malformedFile, "\(path): central directory entry \(index) missing at offset \(p)")
            }
            let method = Int(file.littleEndian(at: p + 10, size: 2))
            var compressed = Int(file.littleEndian(at: p + 20, size: 4))
            var uncompressed = Int(file.littleEndian(at: p + 24, size: 4))
            let nameLength = Int(file.littleEndian(at: p + 28, size: 2))
            let extraLength = Int(file.littleEndian(at: p + 30, size: 2))
            let commentLength = Int(file.littleEndian(at: p + 32, size: 2))
            var local = Int(file.littleEndian(at: p + 42, size: 4))
            guard CheckedSize.fits(offset: p, length: 46 + nameLength + extraLength, in: n) else {
                throw SAEGraphError(
                    .malformedFile, "\(path): central directory entry \(index) runs past the end of the file")
            }
            let name = String(decoding: file.slice((p + 46)..<(p + 46 + nameLength)).data(), as: UTF8.self)
            // zip64 extra field (id 1): 8-byte values for those fields that are 0xFFFFFFFF, in order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = file.littleEndian(at: e, size: 2)
                let size = Int(file.littleEndian(at: e + 2, size: 2))
                if id == 1 {
                    var q = e + 4
                    func next(_ field: String) throws -> Int? {
                        guard q + 8 <= min(e + 4 + size, extraEnd) else { return nil }
                        defer { q += 8 }
                        let v = file.littleEndian(at: q, size: 8)
                        // No size or offset can exceed the file (sizes of deflated data are
                        // checked against the decompression limit when read).
                        guard let i = CheckedSize.int(v) else {
                            throw SAEGraphError(
                                .malformedFile,
                                "\(path): central directory entry \(index) (\(name)) has zip64 \(field) \(v), beyond any file"
                            )
                        }
                        return i
                    }
                    if uncompressed == 0xffff_ffff, let v = try next("uncompressed size") { uncompressed = v }
                    if compressed == 0xffff_ffff, let v = try next("compressed size") { compressed = v }
                    if local == 0xffff_ffff, let v = try next("local header offset") { local = v }
                }
                e += 4 + size
            }
            members.append(
                Member(
                    fileName: name, method: method, compressedSize: compressed, uncompressedSize: uncompressed,
                    localHeaderOffset: local))
            p += 46 + nameLength + extraLength + commentLength
        }
        return members
    }
}
