import Foundation
import Testing

@testable import SAEGraph

@Suite struct InflateTests {
    /// `printf 'hello saegraph\n' | gzip -n | xxd -i`
    static let gzipHello: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57,
        0x28, 0x4e, 0x4c, 0x4d, 0x2f, 0x4a, 0x2c, 0xc8, 0xe0, 0x02, 0x00, 0x78, 0x08, 0xe2, 0x67, 0x0f,
        0x00, 0x00, 0x00,
    ]

    @Test func gunzipsRealGzip() throws {
        let out = try Inflate.gunzip(Data(Self.gzipHello), name: "hello.gz")
        #expect(String(decoding: out, as: UTF8.self) == "hello saegraph\n")
    }

    @Test func joinsConcatenatedMembers() throws {
        let out = try Inflate.gunzip(Data(Self.gzipHello + Self.gzipHello), name: "two.gz")
        #expect(String(decoding: out, as: UTF8.self) == "hello saegraph\nhello saegraph\n")
    }

    @Test func truncatedGzipIsAnError() {
        let cut = Data(Self.gzipHello.prefix(20))
        #expect(throws: SAEGraphError.self) { try Inflate.gunzip(cut, name: "cut.gz") }
    }

    @Test func corruptGzipIsAnError() {
        var bad = Self.gzipHello
        bad[12] ^= 0xff
        bad[13] ^= 0xff
        #expect(throws: SAEGraphError.self) { try Inflate.gunzip(Data(bad), name: "bad.gz") }
    }

    @Test func rawDeflateChecksSize() throws {
        // The gzip member's deflate stream starts after the 10-byte header and ends 8 bytes early.
        let raw = Data(Self.gzipHello[10..<(Self.gzipHello.count - 8)])
        let out = try Inflate.rawDeflate(raw, uncompressedSize: 15, name: "m.npy")
        #expect(out.count == 15)
        #expect(throws: SAEGraphError.self) { try Inflate.rawDeflate(raw, uncompressedSize: 16, name: "m.npy") }
    }
}
