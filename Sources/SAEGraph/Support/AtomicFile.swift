import Foundation

/// Writes whole files so that a reader never sees a partial one: the bytes go to a
/// temporary file beside the destination, which is then renamed over it. On any failure the
/// temporary file is removed and the destination is left as it was.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    /// - Throws: ``SAEGraphError`` of kind `.writeFailed` naming the path.
    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { handle in handle.write(data) }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Streams into a temporary file through `body`, then renames it to `path`.
    public static func write(to path: String, _ body: (FileHandle) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.isEmpty ? "." : dir, isDirectory: &isDir), isDir.boolValue
        else {
            throw SAEGraphError(.writeFailed, "\(path): cannot write: folder '\(dir)' does not exist")
        }
        let tmp =
            (dir.isEmpty ? "." : dir)
            + "/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: tmp, contents: nil) else {
            throw SAEGraphError(.writeFailed, "\(path): cannot create a temporary file in '\(dir)' (permissions?)")
        }
        var renamed = false
        defer { if !renamed { try? FileManager.default.removeItem(atPath: tmp) } }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp))
            do {
                try body(handle)
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
        } catch let e as SAEGraphError {
            throw e
        } catch {
            throw SAEGraphError(.writeFailed, "\(path): write failed: \(error.localizedDescription)")
        }
        guard rename(tmp, path) == 0 else {
            throw SAEGraphError(
                .writeFailed, "\(path): cannot move the finished file into place: \(String(cString: strerror(errno)))")
        }
        renamed = true
    }
}
