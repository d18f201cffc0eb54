import CZlib
import Foundation

/// Decompression with zlib: gzip files (label exports) and raw deflate streams (deflated
/// `.npz` members). The only file that calls zlib.
///
/// Output grows with the bytes zlib actually produces, never with a size a file claims, and
/// stops at a limit: a deflate bomb (1 kB that unpacks to gigabytes) is a one-line error
/// after at most `limit` bytes, not an exhausted memory.
public enum Inflate {
    /// The default most bytes one input may unpack to: 256 MiB, above the largest real
    /// Neuronpedia label exports (about 100 MB of text per file) and a 16k × 3584 F32
    /// decoder. Users raise it with `--max-decompressed`.
    public static let defaultLimit = 256 << 20

    /// Decompresses a gzip file's bytes (several concatenated members are joined).
    /// - Parameters:
    ///   - limit: the most bytes the output may have; more is an error.
    ///   - name: the file, for error messages.
    public static func gunzip(_ data: Data, limit: Int = defaultLimit, name: String) throws -> Data {
        try inflate(data, windowBits: 15 + 16, expectedSize: nil, limit: limit, name: name, multiMember: true)
    }

    /// Decompresses a raw deflate stream (zip method 8) of known uncompressed size. Stops at
    /// the declared size: a stream that produces more (or less) is an error.
    /// - Throws: `.tooLarge` when the declared size exceeds `limit`.
    public static func rawDeflate(
        _ data: Data, uncompressedSize: Int, limit: Int = defaultLimit, name: String
    ) throws -> Data {
        guard uncompressedSize >= 0 else {
            throw SAEGraphError(.malformedFile, "\(name): the zip directory gives a negative size \(uncompressedSize)")
        }
        guard uncompressedSize <= limit else {
            throw tooLarge(name, "says it unpacks to \(uncompressedSize) bytes", limit)
        }
        let out = try inflate(
            data, windowBits: -15, expectedSize: uncompressedSize, limit: uncompressedSize, name: name,
            multiMember: false)
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

    private static func tooLarge(_ name: String, _ what: String, _ limit: Int) -> SAEGraphError {
        SAEGraphError(
            .tooLarge,
            "\(name): compressed data \(what), over the limit of \(limit) bytes (raise it with --max-decompressed)")
    }

    private static func inflate(
        _ data: Data, windowBits: Int32, expectedSize: Int?, limit: Int, name: String, multiMember: Bool
    ) throws -> Data {
        var output = Data()
        // Reserve what the input can honestly give at the usual ratios; grow with real output.
        output.reserveCapacity(min(expectedSize ?? Int.max, limit, max(data.count, 1 << 16) * 4))
        let chunk = 1 << 18
        var buffer = [UInt8](repeating: 0, count: chunk)
        guard data.count <= Int(UInt32.max) else {
            throw SAEGraphError(
                .unsupported, "\(name): compressed data over 4 GiB (\(data.count) bytes) is not supported")
        }
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
                    // Checked before appending: an exact-size member that over-produces
                    // (limit == declared size) or a bomb stops here.
                    guard produced <= limit - output.count else {
                        throw expectedSize == nil
                            ? tooLarge(name, "unpacks to more than \(limit) bytes", limit)
                            : SAEGraphError(
                                .malformedFile,
                                "\(name): deflated data gives more than the \(limit) bytes the zip directory says")
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
