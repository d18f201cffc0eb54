import Foundation
import SAEGraphTestSupport
import Testing

/// The executable re-executes itself once with OpenBLAS's core type and one BLAS thread in its
/// environment (`BLASEnvironment` in the `saegraph` target) unless the user set them: the
/// answers must not depend on which way it ran.
@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"))
struct ExecutableEnvironmentTests {
    static let ioi = GraphFixtures.example("gpt2-ioi/ioi-decoder-cosine.json")

    @Test(arguments: [["chains", "--top", "5"], ["stats"], ["hubs", "--top", "5"]])
    func answersAreTheSameWithAndWithoutTheReexecution(command: [String]) throws {
        let arguments = [command[0], Self.ioi] + command.dropFirst()
        var unset = ProcessInfo.processInfo.environment
        for name in ["OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "SAEGRAPH_NO_REEXEC"] { unset[name] = nil }
        let reexecuted = try BuiltExecutable.run(arguments, environment: unset)
        let direct = try BuiltExecutable.run(
            arguments, environment: unset.merging(["OPENBLAS_NUM_THREADS": "2", "SAEGRAPH_NO_REEXEC": "1"]) { $1 })
        #expect(reexecuted.status == 0 && direct.status == 0)
        #expect(!reexecuted.out.isEmpty)
        #expect(reexecuted.out == direct.out)
    }
}
