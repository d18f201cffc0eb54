import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// Inputs built byte by byte as an attacker would: sizes, offsets and counts that overflow,
/// point outside the file or claim memory the file does not hold. Each must be a one-line
/// error (never a trap, a wild read or a huge allocation).
@Suite struct HostileInputTests {
    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = try LoadingFixtures.temporaryFolder() + "/" + name
        try LoadingFixtures.write(Data(bytes), to: path)
        return path
    }

    static let f32Header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }"

    @Test func npyShapeProductOverflowIsAnError() throws {
        let bytes = ZipBytes.npy(
            header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387905, 4), }",
            data: [UInt8](repeating: 0, count: 16))
        let e = #expect(throws: SAEGraphError.self) { _ = try NPYArray(data: Data(bytes), name: "big.npy") }
        #expect(e?.kind == .malformedFile)
        #expect(e?.message.contains("needs more than 2^63 bytes of data but the file has 16") == true)
        // A product that fits Int but not the file.
        let wide = ZipBytes.npy(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776, 1024), }", data: [])
        #expect(throws: SAEGraphError.self) { _ = try NPYArray(data: Data(wide), name: "wide.npy") }
    }

    @Test func npyBinaryHeaderIsShownAsHex() throws {
        let bytes = ZipBytes.npy(header: "\u{1B}[31m{'descr': \u{07}", data: [])
        let e = #expect(throws: SAEGraphError.self) { _ = try NPYArray(data: Data(bytes), name: "x.npy") }
        #expect(e?.message.contains("\\x1B[31m{'descr': \\x07") == true)
        #expect(e?.message.contains("\u{1B}") == false)
    }

    @Test func npyReadsWhenHonest() throws {
        let data = LoadingFixtures.f32Bytes([1, 2, 3, 4])
        let a = try NPYArray(data: Data(ZipBytes.npy(header: Self.f32Header, data: data)), name: "ok.npy")
        #expect(a.shape == [2, 2])
    }

    static func npzMember(_ m: ZipBytes.Member) throws -> SAEGraphError? {
        let path = try file("a.npz", ZipBytes.zip(m))
        return #expect(throws: SAEGraphError.self) {
            _ = try NPZArchive(path: path, maxDecompressed: 1 << 20).array(named: "W_dec")
        }
    }

    @Test func npzHonestArchiveReads() throws {
        let npy = ZipBytes.npy(header: Self.f32Header, data: LoadingFixtures.f32Bytes([1, 2, 3, 4]))
        for m in [
            ZipBytes.Member(data: npy), ZipBytes.Member(data: npy, zip64LocalOffset: 0),
            ZipBytes.Member(data: npy, zip64DirectoryOffset: nil, zip64Entries: 1),
        ] {
            let path = try Self.file("ok.npz", ZipBytes.zip(m))
            #expect(try NPZArchive(path: path).array(named: "W_dec").shape == [2, 2])
        }
    }

    @Test(arguments: [UInt64.max - 63, 1 << 63, UInt64(Int.max) - 10, 1 << 40] as [UInt64])
    func npzZip64LocalOffsetOutsideTheFile(offset: UInt64) throws {
        let npy = ZipBytes.npy(header: Self.f32Header, data: LoadingFixtures.f32Bytes([1, 2, 3, 4]))
        let e = try Self.npzMember(ZipBytes.Member(data: npy, zip64LocalOffset: offset))
        #expect(e?.kind == .malformedFile)
        #expect(e?.message.contains(String(offset)) == true)
    }

    @Test(arguments: [UInt64.max - (1 << 40) + 1, (1 << 63) - 10, 1 << 63, 1 << 33] as [UInt64])
    func npzZip64DirectoryOutsideTheFile(offset: UInt64) throws {
        let npy = ZipBytes.npy(header: Self.f32Header, data: [])
        let path = try Self.file("d.npz", ZipBytes.zip(ZipBytes.Member(data: npy, zip64DirectoryOffset: offset)))
        let e = #expect(throws: SAEGraphError.self) { _ = try NPZArchive(path: path) }
        #expect(e?.message.contains("zip64 central directory offset \(offset) lies outside") == true)
    }

    @Test func npzZip64EntryCountBeyondTheFile() throws {
        let npy = ZipBytes.npy(header: Self.f32Header, data: [])
        let path = try Self.file("n.npz", ZipBytes.zip(ZipBytes.Member(data: npy, zip64Entries: 1 << 62)))
        let e = #expect(throws: SAEGraphError.self) { _ = try NPZArchive(path: path) }
        #expect(e?.message.contains("claims \(1 << 62) entries") == true)
    }

    @Test(arguments: [UInt64.max, 1 << 63, UInt64(Int.max)] as [UInt64])
    func npzZip64SizesBeyondAnyFile(size: UInt64) throws {
        let npy = ZipBytes.npy(header: Self.f32Header, data: [])
        let e = try Self.npzMember(ZipBytes.Member(data: npy, compressedSize: size, uncompressedSize: size))
        #expect(e?.kind == .malformedFile)
    }

    @Test func npzDeflatedMemberClaimingExabytesIsRefusedBeforeAllocating() throws {
        let e = try Self.npzMember(
            ZipBytes.Member(data: ZipBytes.zeros(repeats: 4), method: 8, uncompressedSize: 1 << 62))
        #expect(e?.kind == .tooLarge)
        #expect(e?.message.contains("says it unpacks to \(1 << 62) bytes") == true)
    }

    @Test func npzDeflateBombStopsAtTheDeclaredSize() throws {
        // 40 kB of deflate that unpacks to 64 MB, declared as 1,000 bytes.
        let bomb = ZipBytes.zeros(repeats: 250_000)
        let e = try Self.npzMember(ZipBytes.Member(data: bomb, method: 8, uncompressedSize: 1000))
        #expect(e?.message.contains("more than the 1000 bytes the zip directory says") == true)
    }

    @Test func deflateBombBuilderIsRealDeflate() throws {
        let out = try Inflate.rawDeflate(Data(ZipBytes.zeros(repeats: 1000)), uncompressedSize: 258_001, name: "z")
        #expect(out.count == 258_001)
        #expect(out.allSatisfy { $0 == 0 })
    }

    @Test func gzipBombStopsAtTheLimit() throws {
        let bomb = ZipBytes.gzip(deflate: ZipBytes.zeros(repeats: 100_000), crc: 0, size: 0)
        let e = #expect(throws: SAEGraphError.self) {
            _ = try Inflate.gunzip(Data(bomb), limit: 1 << 20, name: "b.jsonl.gz")
        }
        #expect(e?.kind == .tooLarge)
        #expect(
            e?.message
                == "b.jsonl.gz: compressed data unpacks to more than 1048576 bytes, over the limit of 1048576 bytes (raise it with --max-decompressed)"
        )
    }

    @Test func labelFileBombIsRefused() throws {
        let zeros = [UInt8](repeating: 0, count: 1 + 258 * 8000)
        let bomb = ZipBytes.gzip(
            deflate: ZipBytes.zeros(repeats: 8000), crc: StoredGzip.crc32(zeros), size: UInt32(zeros.count))
        let path = try Self.file("batch-0.jsonl.gz", bomb)
        let e = #expect(throws: SAEGraphError.self) { _ = try LabelLoader.load(path: path, maxDecompressed: 1 << 20) }
        #expect(e?.kind == .tooLarge)
        // Under a higher limit the same file unpacks (and is then not label text).
        let other = #expect(throws: SAEGraphError.self) {
            _ = try LabelLoader.load(path: path, maxDecompressed: 4 << 20)
        }
        #expect(other?.kind != .tooLarge)
    }

    static let graphHead = #"{"directed": true, "graph": {"saegraph_version": "1", "layers": [1, 2], "#

    @Test(arguments: ["9223372036854775807", "1099511627776", "33554433"])
    func graphFeatureCountsAreBounded(count: String) throws {
        let json =
            Self.graphHead
            + #""feature_counts": {"1": \#(count), "2": 4}}, "nodes": [{"id": "1_0", "layer": 1, "feature": 0}], "links": []}"#
        let e = #expect(throws: SAEGraphError.self) { _ = try GraphFile.decode(Data(json.utf8), name: "g.json") }
        #expect(e?.kind == .malformedFile)
        #expect(e?.message.contains("features a graph may have") == true)
    }

    @Test func foreignNodeWithAHugeFeatureIndexIsRefused() throws {
        let json =
            #"{"directed": true, "nodes": [{"id": "a", "layer": 0, "feature": 2147483646}], "links": []}"#
        let e = #expect(throws: SAEGraphError.self) { _ = try GraphFile.decode(Data(json.utf8), name: "f.json") }
        #expect(e?.message.contains("layer 0 has 2147483647 features") == true)
        let ok = #"{"nodes": [{"id": "a", "layer": 0, "feature": 70000}], "links": []}"#
        #expect(try GraphFile.decode(Data(ok.utf8), name: "f.json").featureCounts == [70001])
    }
}
