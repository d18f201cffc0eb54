import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes whole files so that a reader never sees a partial one: the bytes go to a
/// temporary file beside the destination, which is then renamed over it.
///
/// - Every failure (a full disk, a folder that vanished, a permission) throws a one-line
///   `.writeFailed` error; the destination is left as it was and the temporary file removed.
/// - The temporary file is named `.NAME.saegraph-tmp-PID-RANDOM`. SIGINT and SIGTERM during
///   the write remove it before the process ends (``TemporaryFiles``), and a later write of
///   `NAME` removes such files left by processes that no longer run (e.g. killed with -9).
public enum AtomicFile {
    /// The marker in temporary file names.
    public static let temporaryMarker = ".saegraph-tmp-"

    /// Writes `data` to `path` atomically.
    /// - Throws: ``SAEGraphError`` of kind `.writeFailed` naming the path.
    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { handle in try handle.write(contentsOf: data) }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Streams into a temporary file through `body`, then renames it to `path`. `body` must
    /// use the throwing `FileHandle.write(contentsOf:)`.
    public static func write(to path: String, _ body: (FileHandle) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let folder = dir.isEmpty ? "." : dir
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw SAEGraphError(.writeFailed, "\(path): cannot write: folder '\(dir)' does not exist")
        }
        let prefix = "." + url.lastPathComponent + temporaryMarker
        removeStale(in: folder, prefix: prefix)
        let tmp = folder + "/" + prefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw SAEGraphError(
                .writeFailed,
                "\(path): cannot create a temporary file in '\(folder)' (\(String(cString: strerror(errno))))")
        }
        TemporaryFiles.register(tmp)
        var renamed = false
        defer {
            if !renamed { unlink(tmp) }
            TemporaryFiles.unregister(tmp)
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        do {
            do {
                try body(handle)
                try handle.synchronize()
            } catch {
                close(fd)
                throw error
            }
            guard close(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch let e as SAEGraphError {
            throw e
        } catch {
            throw SAEGraphError(.writeFailed, "\(path): write failed: \(describe(error))")
        }
        guard rename(tmp, path) == 0 else {
            throw SAEGraphError(
                .writeFailed, "\(path): cannot move the finished file into place: \(String(cString: strerror(errno)))")
        }
        renamed = true
    }

    /// Removes `prefix*` files in `folder` whose writing process no longer runs.
    static func removeStale(in folder: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0,
                UInt32(rest[rest.index(after: dash)...]) != nil
            else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + name) }
        }
    }

    private static func describe(_ error: Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}
