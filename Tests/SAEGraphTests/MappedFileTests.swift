import Foundation
import Testing

@testable import SAEGraph

@Suite struct MappedFileTests {
    @Test func mapsTheFilesBytes() throws {
        let path = try LoadingFixtures.temporaryFolder() + "/bytes.bin"
        let bytes: [UInt8] = (0..<200).map { UInt8($0) }
        try LoadingFixtures.write(Data(bytes), to: path)
        let file = try MappedFile(path: path)
        #expect(file.count == 200)
        #expect(file.withUnsafeBytes { Array($0) } == bytes)
    }

    @Test func floatStorageViewsTheMappingWhenAligned() throws {
        let path = try LoadingFixtures.temporaryFolder() + "/floats.bin"
        try LoadingFixtures.write(Data(LoadingFixtures.f32Bytes([1, 2, 3, 4])), to: path)
        let file = try MappedFile(path: path)
        let storage = try #require(file.floatStorage(offset: 4, count: 3))
        #expect(storage.isMapped)
        #expect(Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) == [2, 3, 4])
        #expect(file.floatStorage(offset: 1, count: 3) == nil)  // misaligned: caller copies
    }

    @Test func storageKeepsTheMappingAlive() throws {
        let path = try LoadingFixtures.temporaryFolder() + "/alive.bin"
        try LoadingFixtures.write(Data(LoadingFixtures.f32Bytes([5, 6])), to: path)
        var storage: FloatStorage?
        do {
            let file = try MappedFile(path: path)
            storage = file.floatStorage(offset: 0, count: 2)
        }
        try FileManager.default.removeItem(atPath: path)
        #expect(storage.map { Array(UnsafeBufferPointer(start: $0.base, count: $0.count)) } == [5, 6])
    }

    @Test func emptyFileMapsToNoBytes() throws {
        let path = try LoadingFixtures.temporaryFolder() + "/empty.bin"
        try LoadingFixtures.write(Data(), to: path)
        #expect(try MappedFile(path: path).count == 0)
    }

    @Test func missingFileAndFolderAreErrors() throws {
        let missing = #expect(throws: SAEGraphError.self) { _ = try MappedFile(path: "/nonexistent/file.bin") }
        #expect(missing?.kind == .fileNotFound)
        #expect(missing?.message.contains("/nonexistent/file.bin") == true)
        let folder = try LoadingFixtures.temporaryFolder()
        let e = #expect(throws: SAEGraphError.self) { _ = try MappedFile(path: folder) }
        #expect(e?.message.contains("not a regular file") == true || e?.message.contains("cannot") == true)
    }
}
