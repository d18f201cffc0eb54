import Foundation

/// The `saegraph` executable that `swift build --build-tests` puts beside the test bundle,
/// and a way to run it.
enum BuiltExecutable {
    /// Its path, if built.
    static var path: String? {
        let folder = Bundle.module.bundleURL.deletingLastPathComponent()
        let path = folder.appendingPathComponent("saegraph").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Runs `saegraph arguments` (in `directory` if given, with `environment` if given, else
    /// this process's); returns exit status, stdout, stderr.
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil) throws
        -> (status: Int32, out: String, err: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a full stderr pipe cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }
}
