import Foundation

/// A range of bytes inside a mapped file or an owned buffer (e.g. a decompressed `.npz`
/// member). Slicing never copies.
struct ByteRegion: Sendable {
    enum Backing: Sendable {
        case mapped(MappedFile)
        case owned(Data)
    }

    let backing: Backing
    /// The range within the backing.
    let range: Range<Int>

    init(file: MappedFile) {
        backing = .mapped(file)
        range = 0..<file.count
    }

    init(data: Data) {
        backing = .owned(data)
        range = 0..<data.count
    }

    private init(backing: Backing, range: Range<Int>) {
        self.backing = backing
        self.range = range
    }

    var count: Int { range.count }

    /// The sub-region `sub` (relative to this region's start).
    func slice(_ sub: Range<Int>) -> ByteRegion {
        precondition(sub.lowerBound >= 0 && sub.upperBound <= count, "ByteRegion.slice: out of range")
        return ByteRegion(
            backing: backing, range: (range.lowerBound + sub.lowerBound)..<(range.lowerBound + sub.upperBound))
    }

    /// Calls `body` with this region's bytes. The pointer must not escape `body`.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch backing {
        case .mapped(let file):
            return try file.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[range])) }
        case .owned(let data):
            return try data.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[range])) }
        }
    }

    /// A copy of the bytes.
    func data() -> Data { withUnsafeBytes { Data($0) } }

    /// Mapped float storage for the whole region when it lies in a mapped file and is
    /// aligned; nil otherwise.
    func mappedFloats() -> FloatStorage? {
        guard case .mapped(let file) = backing else { return nil }
        return file.floatStorage(offset: range.lowerBound, count: count / 4)
    }

    /// Drops the region's resident pages when it lies in a mapped file (``MappedFile/releasePages(_:)``).
    func releaseResidentPages() {
        if case .mapped(let file) = backing { file.releasePages(range) }
    }

    /// Little-endian unsigned integer of `size` bytes at `offset` (bounds checked by caller).
    func littleEndian(at offset: Int, size: Int) -> UInt64 {
        withUnsafeBytes { b in
            var v: UInt64 = 0
            for i in (0..<size).reversed() { v = (v << 8) | UInt64(b[offset + i]) }
            return v
        }
    }
}
