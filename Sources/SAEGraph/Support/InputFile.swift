import Foundation

/// Reads a whole input file (a graph or partial graph file): memory-mapped from a path, or
/// from standard input when the path is `-`, up to a bound.
enum InputFile {
    /// The most bytes read from standard input (2 GiB: a graph file of about 15 million
    /// edges); a larger graph has to be passed as a path, which is memory-mapped instead.
    static let standardInputLimit = 2 << 30

    /// The bytes at `path` and the name errors use (`<stdin>` for `-`). `what` names the
    /// file in messages ("graph file").
    /// - Throws: ``SAEGraphError`` `.fileNotFound` ("no such graph file", "cannot read the
    ///   graph file"), or `.tooLarge` when standard input holds more than `stdinLimit` bytes.
    static func read(path: String, what: String, stdinLimit: Int = standardInputLimit) throws -> (
        data: Data, name: String
    ) {
        if path == "-" {
            return (try readAll(FileHandle.standardInput, limit: stdinLimit, name: "<stdin>", what: what), "<stdin>")
        }
        do {
            return (try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped), path)
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw SAEGraphError(.fileNotFound, exists ? "\(path): cannot read the \(what)" : "\(path): no such \(what)")
        }
    }

    /// Everything `handle` yields until its end, refusing more than `limit` bytes.
    /// - Throws: ``SAEGraphError`` `.tooLarge` past `limit`; `.fileNotFound` when reading fails.
    static func readAll(_ handle: FileHandle, limit: Int, name: String, what: String) throws -> Data {
        var data = Data()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch {
                throw SAEGraphError(.fileNotFound, "\(name): cannot read the \(what) (\(error.localizedDescription))")
            }
            guard let chunk, !chunk.isEmpty else { return data }
            guard data.count + chunk.count <= limit else {
                throw SAEGraphError(
                    .tooLarge,
                    "\(name): the \(what) on standard input is larger than \(limit) bytes; pass its path instead")
            }
            data.append(chunk)
        }
    }
}
