import CZlib
import Foundation

/// Decompression with zlib: gzip files (label exports) and raw deflate streams (deflated
/// `.npz` members). The only file that calls zlib.
public enum Inflate {
    /// Decompresses a gzip file's bytes (several concatenated members are joined).
    /// - Parameter name: the file, for error messages.
    public static func gunzip(_ data: Data, name: String) throws -> Data {
        try inflate(data, windowBits: 15 + 16, expectedSize: nil, name: name, multiMember: true)
    }

    /// Decompresses a raw deflate stream (zip method 8) of known uncompressed size.
    public static func rawDeflate(_ data: Data, uncompressedSize: Int, name: String) throws -> Data {
        let out = try inflate(data, windowBits: -15, expectedSize: uncompressedSize, name: name, multiMember: false)
        guard out.count == uncompressedSize else {
            throw SAEGraphError(
                .malformedFile,
                "\(name): deflated data gives \(out.count) bytes, the zip directory says \(uncompressedSize)")
        }
        return out
    }

    /// True when `data` starts with the gzip magic bytes.
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    private static func inflate(
        _ data: Data, windowBits: Int32, expectedSize: Int?, name: String, multiMember: Bool
    ) throws -> Data {
        var output = Data()
        output.reserveCapacity(expectedSize ?? max(data.count * 4, 1 << 16))
        let chunk = 1 << 18
        var buffer = [UInt8](repeating: 0, count: chunk)
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            var consumed = 0
            repeat {
                var stream = z_stream()
                guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
                else {
                    throw SAEGraphError(.library, "\(name): zlib could not start decompressing")
                }
                defer { inflateEnd(&stream) }
                let base = input.baseAddress.map {
                    UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: UInt8.self))
                }
                stream.next_in = base.map { $0 + consumed }
                stream.avail_in = uInt(input.count - consumed)
                var status: Int32 = Z_OK
                while status != Z_STREAM_END {
                    let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(chunk)
                        status = CZlib.inflate(&stream, Z_NO_FLUSH)
                        return chunk - Int(stream.avail_out)
                    }
                    if status == Z_NEED_DICT || status == Z_DATA_ERROR || status == Z_MEM_ERROR
                        || status == Z_STREAM_ERROR
                    {
                        let why = stream.msg.map { String(cString: $0) } ?? "corrupt data"
                        throw SAEGraphError(.malformedFile, "\(name): compressed data is corrupt (\(why))")
                    }
                    output.append(buffer, count: produced)
                    if status == Z_BUF_ERROR || (status == Z_OK && stream.avail_in == 0 && produced == 0) {
                        throw SAEGraphError(.malformedFile, "\(name): compressed data ends early (truncated file?)")
                    }
                }
                consumed = input.count - Int(stream.avail_in)
                // Skip zero padding some writers leave after the last gzip member.
                while multiMember && consumed < input.count && input[consumed] == 0 { consumed += 1 }
            } while multiMember && consumed < input.count
        }
        return output
    }
}
