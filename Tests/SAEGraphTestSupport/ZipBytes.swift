import Foundation

/// Byte-built inputs for the hostile-input tests: raw deflate streams, npy arrays and
/// single-member zip archives whose every size and offset field the test chooses.
package enum ZipBytes {
    /// A raw deflate stream (one fixed-Huffman block) that unpacks to `1 + 258 × repeats`
    /// zero bytes: a literal 0, then `repeats` copies of (length 258, distance 1). About
    /// 13 bits per 258 output bytes, the ratio of a real deflate bomb.
    package static func zeros(repeats: Int) -> [UInt8] {
        var w = BitWriter()
        w.bits(1, count: 1)  // BFINAL
        w.bits(1, count: 2)  // BTYPE 01: fixed Huffman codes
        w.code(0b0011_0000, count: 8)  // literal 0 (codes 0-143: 00110000 + literal)
        for _ in 0..<repeats {
            w.code(0b1100_0101, count: 8)  // length code 285 (258 bytes, no extra bits)
            w.code(0, count: 5)  // distance code 0 (distance 1)
        }
        w.code(0, count: 7)  // end of block (256)
        return w.bytes
    }

    /// A gzip file around a raw deflate stream; `size` and `crc` go into the trailer.
    package static func gzip(deflate: [UInt8], crc: UInt32, size: UInt32) -> [UInt8] {
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff] + deflate + le(UInt64(crc), 4) + le(UInt64(size), 4)
    }

    /// An `.npy` file (version 1) with the given header dictionary text and data bytes.
    package static func npy(header: String, data: [UInt8]) -> [UInt8] {
        var h = Array(header.utf8)
        while (10 + h.count + 1) % 64 != 0 { h.append(0x20) }
        h.append(0x0A)
        return [0x93] + Array("NUMPY".utf8) + [1, 0] + le(UInt64(h.count), 2) + h + data
    }

    /// What to put into a single-member archive's fields.
    package struct Member {
        package var name = "W_dec.npy"
        package var data: [UInt8]
        package var method: UInt16 = 0
        package var compressedSize: UInt64? = nil
        package var uncompressedSize: UInt64? = nil
        /// Written into the central directory's zip64 extra field (the 32-bit field then says
        /// 0xFFFFFFFF); nil writes the real offset in the 32-bit field.
        package var zip64LocalOffset: UInt64? = nil
        /// Replaces the end record with a zip64 end record pointing here.
        package var zip64DirectoryOffset: UInt64? = nil
        package var zip64Entries: UInt64? = nil

        package init(
            name: String = "W_dec.npy", data: [UInt8], method: UInt16 = 0, compressedSize: UInt64? = nil,
            uncompressedSize: UInt64? = nil, zip64LocalOffset: UInt64? = nil, zip64DirectoryOffset: UInt64? = nil,
            zip64Entries: UInt64? = nil
        ) {
            self.name = name
            self.data = data
            self.method = method
            self.compressedSize = compressedSize
            self.uncompressedSize = uncompressedSize
            self.zip64LocalOffset = zip64LocalOffset
            self.zip64DirectoryOffset = zip64DirectoryOffset
            self.zip64Entries = zip64Entries
        }
    }

    /// A zip with one member as `m` describes it.
    package static func zip(_ m: Member) -> [UInt8] {
        let name = Array(m.name.utf8)
        let compressed = m.compressedSize ?? UInt64(m.data.count)
        let uncompressed = m.uncompressedSize ?? UInt64(m.data.count)
        let fits32 = compressed < 0xFFFF_FFFF && uncompressed < 0xFFFF_FFFF
        var out: [UInt8] = le(0x0403_4b50, 4) + le(20, 2) + le(0, 2) + le(UInt64(m.method), 2) + le(0, 4) + le(0, 4)
        out += le(fits32 ? compressed : 0xFFFF_FFFF, 4) + le(fits32 ? uncompressed : 0xFFFF_FFFF, 4)
        out += le(UInt64(name.count), 2) + le(0, 2) + name + m.data
        let directory = out.count
        var extra: [UInt8] = []
        var values: [UInt64] = []
        if !fits32 { values += [uncompressed, compressed] }
        if let o = m.zip64LocalOffset { values.append(o) }
        if !values.isEmpty {
            extra = le(1, 2) + le(UInt64(8 * values.count), 2) + values.flatMap { le($0, 8) }
        }
        out += le(0x0201_4b50, 4) + le(45, 2) + le(45, 2) + le(0, 2) + le(UInt64(m.method), 2) + le(0, 4) + le(0, 4)
        out += le(fits32 ? compressed : 0xFFFF_FFFF, 4) + le(fits32 ? uncompressed : 0xFFFF_FFFF, 4)
        out += le(UInt64(name.count), 2) + le(UInt64(extra.count), 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4)
        out += le(m.zip64LocalOffset == nil ? 0 : 0xFFFF_FFFF, 4) + name + extra
        let directorySize = out.count - directory
        if m.zip64DirectoryOffset != nil || m.zip64Entries != nil {
            let record = out.count
            out += le(0x0606_4b50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4)
            out += le(m.zip64Entries ?? 1, 8) + le(m.zip64Entries ?? 1, 8) + le(UInt64(directorySize), 8)
            out += le(m.zip64DirectoryOffset ?? UInt64(directory), 8)
            out += le(0x0706_4b50, 4) + le(0, 4) + le(UInt64(record), 8) + le(1, 4)
            out += le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(0xFFFF, 2) + le(0xFFFF, 2)
            out += le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(0, 2)
        } else {
            out += le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(1, 2) + le(1, 2)
            out += le(UInt64(directorySize), 4) + le(UInt64(directory), 4) + le(0, 2)
        }
        return out
    }

    package static func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) } }
}

/// Writes a deflate bit stream: header fields least significant bit first, Huffman codes
/// most significant bit first (RFC 1951, 3.1.1).
package struct BitWriter {
    package var bytes: [UInt8] = []
    private var used = 8

    package mutating func bits(_ value: UInt32, count: Int) {
        for i in 0..<count { put(UInt8((value >> UInt32(i)) & 1)) }
    }

    package mutating func code(_ value: UInt32, count: Int) {
        for i in (0..<count).reversed() { put(UInt8((value >> UInt32(i)) & 1)) }
    }

    private mutating func put(_ bit: UInt8) {
        if used == 8 {
            bytes.append(0)
            used = 0
        }
        bytes[bytes.count - 1] |= bit << UInt8(used)
        used += 1
    }
}
