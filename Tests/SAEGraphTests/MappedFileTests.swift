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

    /// A mapped decoder's pages leave the process's resident memory when released, and its
    /// values read the same afterwards (Linux: the mapping's `Rss` in `/proc/self/smaps`).
    @Test func releasedDecoderPagesLeaveResidentMemoryAndReadTheSame() throws {
        let path = try LoadingFixtures.temporaryFolder() + "/decoder.bin"
        let (rows, columns) = (512, 256)  // 512 KiB: 128 pages of 4 KiB
        let values = (0..<(rows * columns)).map { Float($0 % 977) * 0.25 - 3 }
        try LoadingFixtures.write(Data(LoadingFixtures.f32Bytes(values)), to: path)
        let file = try MappedFile(path: path)
        let decoder = DecoderMatrix(
            rows: rows, columns: columns, storage: try #require(file.floatStorage(offset: 0, count: values.count)))
        #expect(decoder.withUnsafeValues { Array($0) } == values)
        let start = file.withUnsafeBytes { UInt(bitPattern: $0.baseAddress!) }
        let before = try #require(Self.residentKiB(mappingAt: start))
        decoder.releaseResidentPages()
        let after = try #require(Self.residentKiB(mappingAt: start))
        #expect(before >= 500 && after <= 8, "resident \(before) KiB before, \(after) KiB after")
        #expect(decoder.withUnsafeValues { Array($0) } == values)
        // Owned values have nothing to release and stay as they are.
        let owned = DecoderMatrix(rows: 2, columns: 2, values: [1, 2, 3, 4])
        owned.releaseResidentPages()
        #expect(owned.withUnsafeValues { Array($0) } == [1, 2, 3, 4])
    }

    /// The `Rss` of the mapping starting at `address`, from `/proc/self/smaps` (nil elsewhere).
    static func residentKiB(mappingAt address: UInt) -> Int? {
        // Read to the end: procfs files report a size of 0.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/smaps") else { return nil }
        defer { try? handle.close() }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var inside = false
        for line in text.split(separator: "\n") {
            if let dash = line.firstIndex(of: "-"), let low = UInt(line[..<dash], radix: 16) {
                inside = low == address
            } else if inside, line.hasPrefix("Rss:") {
                return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
            }
        }
        return nil
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
