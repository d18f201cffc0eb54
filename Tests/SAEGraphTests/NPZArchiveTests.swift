import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct NPZArchiveTests {
    static let deflated = "gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_50/params.npz"
    static let stored = "gemma-scope-2b-pt-res/layer_4/width_16k/average_l0_60/params.npz"

    @Test(arguments: [(deflated, 8), (stored, 0)])
    func readsNumpyArchives(relative: String, method: Int) throws {
        let archive = try NPZArchive(path: LoadingFixtures.path(relative))
        #expect(archive.arrayNames == ["W_enc", "W_dec", "b_enc", "b_dec", "threshold"])
        #expect(archive.members.allSatisfy { $0.method == method })
        let expected = try #require(try LoadingFixtures.expected()[relative])
        let decoder = try archive.array(named: "W_dec").tensor(named: "W_dec").decoderMatrix(orientation: .rows)
        #expect(decoder.withUnsafeValues { $0.map(\.bitPattern) } == expected.bits)
        #expect(try archive.array(named: "W_enc").shape == [4, 6])
    }

    @Test func numpyWritesZip64LocalHeaders() throws {
        // The fixture's first local header has 0xFFFFFFFF sizes: sizes must come from the directory.
        let data = try Data(contentsOf: URL(fileURLWithPath: LoadingFixtures.path(Self.deflated)))
        #expect(data[18..<26].allSatisfy { $0 == 0xff })
        #expect(try NPZArchive(path: LoadingFixtures.path(Self.deflated)).members[0].compressedSize < 0xffff_ffff)
    }

    @Test func missingArrayListsThePresentOnes() throws {
        let path = LoadingFixtures.path(Self.stored)
        let e = #expect(throws: SAEGraphError.self) { _ = try NPZArchive(path: path).array(named: "decoder") }
        #expect(e?.message == "\(path): no array decoder; the archive holds W_enc, W_dec, b_enc, b_dec, threshold")
    }

    @Test func unsupportedCompressionMethod() throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: LoadingFixtures.path(Self.stored)))
        // Patch every central directory entry's method field to 12 (bzip2).
        let signature: [UInt8] = [0x50, 0x4b, 0x01, 0x02]
        var i = 0
        while i + 46 <= bytes.count {
            if Array(bytes[i..<(i + 4)]) == signature {
                bytes[i + 10] = 12
                i += 46
            } else {
                i += 1
            }
        }
        let path = try LoadingFixtures.temporaryFolder() + "/bz.npz"
        try LoadingFixtures.write(bytes, to: path)
        let e = #expect(throws: SAEGraphError.self) { _ = try NPZArchive(path: path).array(named: "W_dec") }
        #expect(e?.kind == .unsupported)
        #expect(e?.message == "\(path):W_dec.npy: zip compression method 12 is not supported (only stored and deflate)")
    }

    @Test func truncatedArchiveIsAnError() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: LoadingFixtures.path(Self.deflated)))
        let path = try LoadingFixtures.temporaryFolder() + "/cut.npz"
        try LoadingFixtures.write(bytes.prefix(bytes.count - 30), to: path)
        let e = #expect(throws: SAEGraphError.self) { _ = try NPZArchive(path: path) }
        #expect(e?.kind == .malformedFile)
        #expect(e?.message.hasPrefix(path) == true)
    }
}
