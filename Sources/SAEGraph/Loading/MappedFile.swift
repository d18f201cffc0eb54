import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole file mapped read-only into memory (`mmap`, `PROT_READ`, `MAP_PRIVATE`); unmapped
/// when the last reference goes. The only file that calls `open`/`mmap`/`munmap`/`madvise`.
///
/// Pages are read from disk on first touch, so mapping a 150 MB file costs nothing until
/// its floats are used, and untouched tensors (e.g. an encoder) never enter memory.
/// A reference type because identity matters: it unmaps exactly once.
public final class MappedFile: @unchecked Sendable {
    /// The file's path, for messages.
    public let path: String
    /// The file's length in bytes.
    public let count: Int
    private let base: UnsafeRawPointer?

    /// Maps `path`. An empty file maps to zero bytes.
    /// - Throws: `SAEGraphError.fileNotFound` when the file is missing, unreadable or a folder.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let why = String(cString: strerror(errno))
            throw SAEGraphError(.fileNotFound, "\(path): cannot open (\(why))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw SAEGraphError(.fileNotFound, "\(path): cannot read its size (\(String(cString: strerror(errno))))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw SAEGraphError(.fileNotFound, "\(path): is not a regular file")
        }
        count = Int(info.st_size)
        if count == 0 {
            base = nil
            return
        }
        let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else {
            throw SAEGraphError(
                .fileNotFound, "\(path): cannot map \(count) bytes (\(String(cString: strerror(errno))))")
        }
        base = UnsafeRawPointer(p)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// Calls `body` with the file's bytes. The pointer must not escape `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Lets the kernel drop the resident pages lying wholly inside `range` (bytes of the file):
    /// a tensor read once and converted need not stay in memory. Harmless to any view of those
    /// pages: the mapping is read-only, so a later touch reads them from the file again.
    func releasePages(_ range: Range<Int>) {
        guard let base, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + range.lowerBound + page - 1) / page * page
        let end = (Int(bitPattern: base) + range.upperBound) / page * page
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, Int32(MADV_DONTNEED))
    }

    /// ``releasePages(_:)`` for the `bytes` bytes at `pointer`, which must lie in this mapping.
    func releasePages(at pointer: UnsafeRawPointer, bytes: Int) {
        guard let base else { return }
        let offset = pointer - base
        precondition(offset >= 0 && offset + bytes <= count, "MappedFile.releasePages: range outside the file")
        releasePages(offset..<(offset + bytes))
    }

    /// A view of `count` floats at byte `offset`, kept alive by this mapping, or nil when the
    /// address is not aligned for `Float` (the caller then copies).
    func floatStorage(offset: Int, count floats: Int) -> FloatStorage? {
        precondition(offset >= 0 && offset + floats * 4 <= count, "MappedFile.floatStorage: range outside the file")
        guard let base, floats > 0 else { return nil }
        let p = base + offset
        guard Int(bitPattern: p) % MemoryLayout<Float>.alignment == 0 else { return nil }
        return FloatStorage(mapped: p.assumingMemoryBound(to: Float.self), count: floats, keepAlive: self)
    }
}
