import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct NPYArrayTests {
    @Test(arguments: [
        ("decoder.npy", "<f4", false), ("decoder-f16.npy", "<f2", false), ("decoder-f64.npy", "<f8", false),
        ("decoder-bigendian.npy", ">f4", false), ("decoder-fortran.npy", "<f4", true),
    ])
    func readsNumpyHeaders(file: String, descr: String, fortran: Bool) throws {
        let array = try NPYArray(path: LoadingFixtures.path("bare/" + file))
        #expect(array.descr == descr)
        #expect(array.fortranOrder == fortran)
        #expect(array.shape == [6, 4])
        #expect(array.bigEndian == descr.hasPrefix(">"))
    }

    @Test func readsBuiltVersion1File() throws {
        let path = try LoadingFixtures.temporaryFolder() + "/a.npy"
        try LoadingFixtures.write(
            LoadingFixtures.npy(descr: "<f4", shape: [2, 3], data: LoadingFixtures.f32Bytes([1, 2, 3, 4, 5, 6])),
            to: path)
        let array = try NPYArray(path: path)
        #expect(array.shape == [2, 3] && array.dtype == .f32)
        let m = try array.tensor(named: "a").decoderMatrix(orientation: .columns)
        #expect(m.rows == 3 && m.columns == 2)
        #expect(m.withUnsafeValues { Array($0) } == [1, 4, 2, 5, 3, 6])
    }

    @Test func unsupportedDescrNamesFileAndShape() throws {
        let path = try LoadingFixtures.temporaryFolder() + "/ints.npy"
        try LoadingFixtures.write(
            LoadingFixtures.npy(descr: "<i8", shape: [2, 2], data: Array(repeating: 0, count: 32)), to: path)
        let e = #expect(throws: SAEGraphError.self) { _ = try NPYArray(path: path) }
        #expect(e?.kind == .unsupported)
        #expect(e?.message.hasPrefix("\(path): array (2, 2) has dtype '<i8'") == true)
    }

    @Test func truncatedDataIsAnError() throws {
        let path = try LoadingFixtures.temporaryFolder() + "/short.npy"
        try LoadingFixtures.write(
            LoadingFixtures.npy(descr: "<f4", shape: [4, 4], data: Array(repeating: 0, count: 60)), to: path)
        let e = #expect(throws: SAEGraphError.self) { _ = try NPYArray(path: path) }
        #expect(e?.kind == .malformedFile)
        #expect(e?.message.contains("needs 64 bytes of data but the file has 60") == true)
    }

    @Test func notAnNpyFile() throws {
        let e = #expect(throws: SAEGraphError.self) { _ = try NPYArray(data: Data("hello world".utf8), name: "x.npy") }
        #expect(e?.message == "x.npy: not a .npy file (no \\x93NUMPY magic)")
    }

    @Test func parsesOneDimensionalAndScalarShapes() throws {
        let one = try NPYArray(
            data: LoadingFixtures.npy(descr: "<f2", shape: [3], data: Array(repeating: 0, count: 6)), name: "v")
        #expect(one.shape == [3] && one.dtype == .f16)
        let scalar = try NPYArray(
            data: LoadingFixtures.npy(descr: "<f8", shape: [], data: Array(repeating: 0, count: 8)), name: "s")
        #expect(scalar.shape == [])
    }
}
