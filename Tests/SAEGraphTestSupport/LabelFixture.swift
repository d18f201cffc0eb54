import Foundation
import SAEGraph

/// Files for the label tests, written into a fresh temporary folder, plus the real example
/// data of the repository.
package struct LabelFixture {
    package let folder: URL

    package init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("saegraph-labels-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` (sub-folders created) and returns the path.
    @discardableResult
    package func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    @discardableResult
    package func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    package func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    package func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Writes `text` to `name` in a fresh folder and loads it with ``LabelLoader``.
    package static func load(_ text: String, name: String, strict: Bool = false) throws -> LabelLoadResult {
        let fixture = try LabelFixture()
        defer { fixture.remove() }
        return try LabelLoader.load(path: fixture.write(name, text), strict: strict)
    }

    /// The repository root: this file is `Tests/SAEGraphTestSupport/LabelFixture.swift`.
    package static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    package static func example(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("examples/gpt2-ioi/\(name)").path
    }
}

/// A real gzip file (RFC 1952) whose deflate stream uses stored blocks only: enough to test
/// reading gzip without a compressor.
package enum StoredGzip {
    package static func make(_ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]
        var offset = 0
        repeat {
            let n = min(65_535, payload.count - offset)
            let last: UInt8 = offset + n == payload.count ? 1 : 0
            out.append(last)
            out += le16(UInt16(n)) + le16(~UInt16(n))
            out += payload[offset..<(offset + n)]
            offset += n
        } while offset < payload.count
        out += le32(crc32(payload)) + le32(UInt32(truncatingIfNeeded: payload.count))
        return out
    }

    package static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[i] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
}
