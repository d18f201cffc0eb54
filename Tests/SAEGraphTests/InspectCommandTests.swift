import Foundation
import Testing

@Suite(.enabled(if: BuiltExecutable.path != nil, "saegraph executable not built"))
struct InspectCommandTests {
    /// Runs `saegraph arguments` in the fixtures folder.
    private func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try BuiltExecutable.run(arguments, in: LoadingFixtures.formats)
    }

    @Test func printsOneAlignedRowPerSAE() throws {
        let r = try run(["inspect", "gpt2-small-res-jb", "--layers", "8-9", "--sae", "5=bare/decoder-f16.npy"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("layer  from       format   hook                     d_model  d_sae"))
        #expect(
            lines[1].hasPrefix(
                "    8  hook name  saelens  blocks.8.hook_resid_pre        4      6  F64    W_dec   no      1 non-finite (1)"
            ))
        #expect(lines[2].contains("1 zero (2), 1 non-finite (4)"))
        #expect(lines[2].hasSuffix("gpt2-small-res-jb/blocks.9.hook_resid_pre"))
        #expect(!r.out.contains("decoder-f16"))  // layer 5 is outside the selection
        // Columns line up: every row has "W_dec" at the same offset.
        #expect(Set(lines.dropFirst().map { $0.range(of: "W_dec")!.lowerBound.utf16Offset(in: $0) }).count == 1)
    }

    @Test func badInputExitsNonZeroWithOneLine() throws {
        let r = try run(["inspect", "gpt2-small-res-jb", "--layers", "6-10"])
        #expect(r.status == 1)
        #expect(r.out.isEmpty)
        #expect(r.err == "saegraph: error: no SAE for layer 10 in gpt2-small-res-jb; layers found: 6, 7, 8, 9\n")
    }

    @Test(arguments: [["inspect"], ["inspect", "--sae", "six=x.npy"], ["inspect", "x", "--layers", "9-3"]])
    func invalidArgumentsAreRejected(arguments: [String]) throws {
        let r = try run(arguments)
        #expect(r.status != 0)
        #expect(r.err.contains("Error: "))
    }
}
