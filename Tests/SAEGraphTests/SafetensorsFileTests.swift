import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

@Suite struct SafetensorsFileTests {
    /// Writes `bytes` to a temp file and opens it, returning the error it throws.
    private func openError(_ bytes: Data, name: String = "bad.safetensors") throws -> SAEGraphError? {
        let path = try LoadingFixtures.temporaryFolder() + "/" + name
        try LoadingFixtures.write(bytes, to: path)
        return #expect(throws: SAEGraphError.self) { _ = try SafetensorsFile(path: path) }
    }

    @Test func readsHeaderMetadataAndValues() throws {
        let path = try LoadingFixtures.temporaryFolder() + "/ok.safetensors"
        var header =
            "{\"__metadata__\":{\"format\":\"pt\"},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]},"
        header += "\"W_dec\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}}"
        let values: [Float] = [1, -2, 3.5, 0, -0.25, 1e-30]
        try LoadingFixtures.write(
            LoadingFixtures.safetensors(header: header, data: LoadingFixtures.f32Bytes(values + [7, 8])), to: path)
        let file = try SafetensorsFile(path: path)
        #expect(file.tensorNames == ["W_dec", "b"])
        #expect(file.metadata == ["format": "pt"])
        #expect(file.entry(named: "W_dec")?.shape == [3, 2])
        let decoder = try file.tensor(named: "W_dec").decoderMatrix(orientation: .rows)
        #expect(decoder.rows == 3 && decoder.columns == 2)
        #expect(decoder.withUnsafeValues { Array($0) } == values)
    }

    @Test func readsTheRealWritersOutput() throws {
        let file = try SafetensorsFile(
            path: LoadingFixtures.path("gpt2-small-res-jb/blocks.6.hook_resid_pre/sae_weights.safetensors"))
        #expect(file.tensorNames == ["W_dec", "W_enc", "b_dec", "b_enc"])
        #expect(file.entry(named: "W_enc")?.shape == [4, 6])
    }

    @Test func fileShorterThanEightBytes() throws {
        let e = try openError(Data([1, 2, 3]))
        #expect(e?.kind == .malformedFile)
        #expect(e?.message.contains("bad.safetensors: 3 bytes is too short") == true)
    }

    @Test func headerLengthBeyondFile() throws {
        let e = try openError(LoadingFixtures.safetensors(header: "{}", declaredLength: 1000))
        #expect(e?.kind == .malformedFile)
        #expect(e?.message.contains("header length 1000 exceeds the 2 bytes") == true)
    }

    @Test func headerThatIsNotJSON() throws {
        let e = try openError(LoadingFixtures.safetensors(header: "{not json"))
        #expect(e?.kind == .malformedFile)
        #expect(e?.message.contains("not a JSON object") == true)
    }

    @Test func overlappingOffsets() throws {
        let header =
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"W_dec\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}"
        let e = try openError(LoadingFixtures.safetensors(header: header, data: Array(repeating: 0, count: 12)))
        #expect(e?.kind == .malformedFile)
        #expect(e?.message.contains("tensor W_dec bytes [4, 12) overlap tensor a") == true)
    }

    @Test func gapBetweenTensors() throws {
        let header =
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"W_dec\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}"
        let e = try openError(LoadingFixtures.safetensors(header: header, data: Array(repeating: 0, count: 12)))
        #expect(e?.message.contains("tensor W_dec starts at byte 8, leaving a gap") == true)
    }

    @Test func offsetsBeyondTheData() throws {
        let header = "{\"W_dec\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}"
        let e = try openError(LoadingFixtures.safetensors(header: header, data: Array(repeating: 0, count: 8)))
        #expect(e?.kind == .malformedFile)
        #expect(e?.message.contains("exceed the 8-byte data area") == true)
    }

    @Test func trailingBytesAfterTheLastTensor() throws {
        let header = "{\"W_dec\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
        let e = try openError(LoadingFixtures.safetensors(header: header, data: Array(repeating: 0, count: 8)))
        #expect(e?.message.contains("the data area has 8 bytes but the tensors use 4") == true)
    }

    @Test func shapeTimesDtypeDisagreesWithByteRange() throws {
        let header = "{\"W_dec\":{\"dtype\":\"F16\",\"shape\":[3,2],\"data_offsets\":[0,24]}}"
        let e = try openError(LoadingFixtures.safetensors(header: header, data: Array(repeating: 0, count: 24)))
        #expect(e?.kind == .malformedFile)
        #expect(
            e?.message.contains("tensor W_dec F16 [3, 2] needs 12 bytes but its data_offsets [0, 24) hold 24") == true)
    }

    @Test(arguments: ["I64", "F8_E4M3", "Q4"])
    func unsupportedDtypeIsReportedWhenRead(dtype: String) throws {
        let size = ["I64": 8, "F8_E4M3": 1, "Q4": 1][dtype]!
        let header = "{\"W_dec\":{\"dtype\":\"\(dtype)\",\"shape\":[2,3],\"data_offsets\":[0,\(6 * size)]}}"
        let path = try LoadingFixtures.temporaryFolder() + "/int.safetensors"
        try LoadingFixtures.write(
            LoadingFixtures.safetensors(header: header, data: Array(repeating: 0, count: 6 * size)), to: path)
        let file = try SafetensorsFile(path: path)
        let e = #expect(throws: SAEGraphError.self) { _ = try file.tensor(named: "W_dec") }
        #expect(e?.kind == .unsupported)
        #expect(e?.message == "\(path): tensor W_dec [2, 3] has dtype \(dtype); supported are F32, F16, BF16, F64")
    }

    @Test func missingTensorListsThePresentOnes() throws {
        let path = try LoadingFixtures.temporaryFolder() + "/enc.safetensors"
        try LoadingFixtures.write(
            LoadingFixtures.safetensors([
                ("W_enc", "F32", [1], LoadingFixtures.f32Bytes([1])),
                ("b_dec", "F32", [1], LoadingFixtures.f32Bytes([1])),
            ]),
            to: path)
        let e = #expect(throws: SAEGraphError.self) { _ = try SafetensorsFile(path: path).tensor(named: "W_dec") }
        #expect(e?.message == "\(path): no tensor W_dec; the file holds W_enc, b_dec")
    }

    @Test func missingFile() {
        let e = #expect(throws: SAEGraphError.self) { _ = try SafetensorsFile(path: "/nonexistent/x.safetensors") }
        #expect(e?.kind == .fileNotFound)
        #expect(e?.message.hasPrefix("/nonexistent/x.safetensors: cannot open") == true)
    }

    @Test func messagesAreOneLine() throws {
        let e = try openError(LoadingFixtures.safetensors(header: "{\n\"x\": 1\n}"))
        #expect(e?.message.contains("\n") == false)
    }
}
