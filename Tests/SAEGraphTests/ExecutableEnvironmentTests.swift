import Foundation
import SAEGraphTestSupport
import Testing

/// The executable re-executes itself once with OpenBLAS's core type and one BLAS thread in its
/// environment (`BLASEnvironment` in the `saegraph` target) unless the user set them: the
/// answers must not depend on which way it ran.
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"))
struct ExecutableEnvironmentTests {
    static let ioi = GraphFixtures.example("gpt2-ioi/ioi-decoder-cosine.json")

    /// Runs `saegraph arguments` with `env` changing the environment first; status and stdout.
    static func run(env: [String], _ arguments: [String]) throws -> (status: Int32, out: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = env + [BuiltExecutable.path!] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [["chains", "--top", "5"], ["stats"], ["hubs", "--top", "5"]])
    func answersAreTheSameWithAndWithoutTheReexecution(command: [String]) throws {
        let arguments = [command[0], Self.ioi] + command.dropFirst()
        let unset = ["-u", "OPENBLAS_CORETYPE", "-u", "OPENBLAS_NUM_THREADS", "-u", "SAEGRAPH_NO_REEXEC"]
        let reexecuted = try Self.run(env: unset, arguments)
        let direct = try Self.run(
            env: unset + ["OPENBLAS_NUM_THREADS=2", "SAEGRAPH_NO_REEXEC=1"], arguments)
        #expect(reexecuted.status == 0 && direct.status == 0)
        #expect(!reexecuted.out.isEmpty)
        #expect(reexecuted.out == direct.out)
    }
}
