import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// Failed writes leave the destination as it was and no temporary file behind.
@Suite struct AtomicFileTests {
    static func leftovers(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(AtomicFile.temporaryMarker) }
    }

    @Test func writesAndReplaces() throws {
        let folder = try LoadingFixtures.temporaryFolder()
        let path = folder + "/out.txt"
        try AtomicFile.write("one", to: path)
        try AtomicFile.write("two", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(try Self.leftovers(folder).isEmpty)
    }

    @Test func aFailingWriteKeepsTheDestinationAndRemovesTheTemporaryFile() throws {
        let folder = try LoadingFixtures.temporaryFolder()
        let path = folder + "/out.txt"
        try AtomicFile.write("old", to: path)
        struct Boom: Error {}
        let e = #expect(throws: SAEGraphError.self) {
            try AtomicFile.write(to: path) { handle in
                try handle.write(contentsOf: Data("partial".utf8))
                throw Boom()
            }
        }
        #expect(e?.kind == .writeFailed)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try Self.leftovers(folder).isEmpty)
    }

    @Test func aVanishedFolderIsAOneLineError() throws {
        let folder = try LoadingFixtures.temporaryFolder()
        let path = folder + "/out.txt"
        let e = #expect(throws: SAEGraphError.self) {
            try AtomicFile.write(to: path) { handle in
                try handle.write(contentsOf: Data("x".utf8))
                try FileManager.default.removeItem(atPath: folder)
            }
        }
        #expect(e?.kind == .writeFailed)
        #expect(e?.message.hasPrefix(path + ": cannot move the finished file into place") == true)
        #expect(!FileManager.default.fileExists(atPath: folder))
        let missing = #expect(throws: SAEGraphError.self) { try AtomicFile.write("x", to: folder + "/a/b.txt") }
        #expect(missing?.message.contains("does not exist") == true)
    }

    @Test func staleTemporaryFilesOfDeadProcessesAreRemoved() throws {
        let folder = try LoadingFixtures.temporaryFolder()
        let path = folder + "/out.txt"
        // pid 2147483647 is above any pid_max: that process cannot be running.
        let dead = folder + "/.out.txt\(AtomicFile.temporaryMarker)2147483647-12345"
        let live = folder + "/.out.txt\(AtomicFile.temporaryMarker)\(getpid())-12345"
        let other = folder + "/.other.txt\(AtomicFile.temporaryMarker)2147483647-12345"
        for p in [dead, live, other] { try LoadingFixtures.write("stale", to: p) }
        try AtomicFile.write("new", to: path)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: other))
    }
}

/// The executable under a file-size limit (`ulimit -f`, a full disk as the writer sees it)
/// and under SIGTERM.
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"))
struct AtomicFileCommandTests {
    static let ioi = GraphFixtures.example("gpt2-ioi/ioi-decoder-cosine.json")

    /// Runs `saegraph arguments` under `sh` with `prelude` (e.g. a ulimit) first.
    static func shell(_ prelude: String, _ arguments: [String]) throws -> (status: Int32, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", prelude + "; exec \"$0\" \"$@\"", BuiltExecutable.path!] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [
        (["edges", ioi], "out.csv"), (["chains", ioi], "out.txt"), (["render", ioi, "--chains", "20"], "out.svg"),
    ])
    func aFullDiskIsAOneLineErrorAndLeavesNothing(command: [String], name: String) throws {
        let folder = try LoadingFixtures.temporaryFolder()
        let path = folder + "/" + name
        try LoadingFixtures.write("previous", to: path)
        // At most 2 blocks per file; SIGXFSZ ignored so writes fail with EFBIG.
        let r = try Self.shell("trap '' XFSZ; ulimit -f 2", command + ["-o", path])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("saegraph: error: \(path): write failed: "))
        #expect(r.err.filter { $0 == "\n" }.count == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous")
        #expect(try AtomicFileTests.leftovers(folder).isEmpty)
    }

    @Test func standardOutputOnAFullDiskIsAnError() throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { return }
        let r = try Self.shell("exec >/dev/full", ["edges", Self.ioi])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("saegraph: error: cannot write to standard output"))
    }
}
