import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct StoredTensorTests {
    /// Writes `values` as a row-major (or column-major) F32 `.npy` of `shape` and reads it.
    private func tensor(_ values: [Float], shape: [Int], fortran: Bool) throws -> StoredTensor {
        let path = try LoadingFixtures.temporaryFolder() + "/t.npy"
        try LoadingFixtures.write(
            LoadingFixtures.npy(descr: "<f4", shape: shape, fortran: fortran, data: LoadingFixtures.f32Bytes(values)),
            to: path)
        return try NPYArray(path: path).tensor(named: "t")
    }

    /// Brute force: element (i, j) of the logical array, then the expected feature rows.
    @Test(arguments: [false, true], [DecoderOrientation.rows, .columns])
    func layoutsAndOrientationsAgreeWithBruteForce(fortran: Bool, orientation: DecoderOrientation) throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<5 {
            let (a, b) = (Int(rng.next() % 7) + 1, Int(rng.next() % 7) + 1)
            let logical = (0..<(a * b)).map { _ in Float(Int(rng.next() % 1000)) - 500 }  // row-major [a, b]
            let stored = fortran ? (0..<(a * b)).map { k in logical[(k % a) * b + k / a] } : logical
            let m = try tensor(stored, shape: [a, b], fortran: fortran).decoderMatrix(orientation: orientation)
            var expected: [Float] = []
            if orientation == .rows {
                expected = logical
            } else {
                for j in 0..<b { for i in 0..<a { expected.append(logical[i * b + j]) } }
            }
            #expect(m.rows == (orientation == .rows ? a : b))
            #expect(m.withUnsafeValues { Array($0) } == expected)
            // Mapped exactly when features are already contiguous in the file.
            #expect(m.isMemoryMapped == ((orientation == .rows) != fortran))
        }
    }

    @Test func nonMatrixIsAnError() throws {
        let t = try tensor([1, 2, 3], shape: [3], fortran: false)
        let e = #expect(throws: SAEGraphError.self) { _ = try t.decoderMatrix(orientation: .rows) }
        #expect(e?.kind == .shapeMismatch)
        #expect(e?.message.contains("tensor t has shape [3]; a decoder needs 2 dimensions") == true)
    }
}
