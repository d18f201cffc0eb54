import Foundation

@testable import SAEGraph

/// Committed format fixtures (`Fixtures/formats`, made by scripts/make-fixtures.py) and
/// byte builders for malformed files written into temporary folders.
enum LoadingFixtures {
    /// The `Fixtures/formats` folder.
    static var formats: String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("formats").path
    }

    static func path(_ relative: String) -> String { formats + "/" + relative }

    /// One SAE's expected metadata and exact F32 bit patterns (features as rows).
    struct Expected: Decodable {
        var format: String
        var layer: Int
        var layerSource: String
        var hook: String?
        var dtype: String
        var tensor: String
        var dSAE: Int
        var dModel: Int
        var transposed: Bool
        var bits: [UInt32]
    }

    static func expected() throws -> [String: Expected] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("expected.json")))
        return try JSONDecoder().decode([String: Expected].self, from: data)
    }

    /// A fresh empty folder under the system temporary folder.
    static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("saegraph-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func write(_ bytes: Data, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// A safetensors file from a raw header text and data bytes; `declaredLength` overrides
    /// the header length field.
    static func safetensors(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> Data {
        var out = Data()
        var length = (declaredLength ?? UInt64(header.utf8.count)).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        out.append(contentsOf: data)
        return out
    }

    /// A well-formed safetensors file holding `tensors` back to back in the given order.
    static func safetensors(_ tensors: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])]) -> Data {
        var entries: [String] = []
        var data: [UInt8] = []
        for t in tensors {
            let shape = t.shape.map(String.init).joined(separator: ",")
            entries.append(
                "\"\(t.name)\":{\"dtype\":\"\(t.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(data.count),\(data.count + t.bytes.count)]}"
            )
            data += t.bytes
        }
        var header = "{" + entries.joined(separator: ",") + "}"
        while header.utf8.count % 8 != 0 { header += " " }
        return safetensors(header: header, data: data)
    }

    static func f32Bytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { v -> [UInt8] in
            let b = v.bitPattern.littleEndian
            return [UInt8(b & 0xff), UInt8((b >> 8) & 0xff), UInt8((b >> 16) & 0xff), UInt8(b >> 24)]
        }
    }

    /// A `.npy` version 1 file with the given header dict and data.
    static func npy(descr: String, shape: [Int], fortran: Bool = false, data: [UInt8]) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shapeText), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var out = Data([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
        out.append(UInt8(header.utf8.count & 0xff))
        out.append(UInt8(header.utf8.count >> 8))
        out.append(contentsOf: Array(header.utf8))
        out.append(contentsOf: data)
        return out
    }

    /// A SAELens folder with `cfg.json` and `sae_weights.safetensors` holding `W_dec` (F32)
    /// and `b_dec`.
    static func saeLensFolder(
        at folder: String, config: String, decoderShape: [Int], values: [Float]? = nil, extraName: String = "b_dec"
    ) throws {
        let count = decoderShape.reduce(1, *)
        let v = values ?? (0..<count).map { Float($0) }
        try write(config, to: folder + "/cfg.json")
        try write(
            safetensors([
                ("W_dec", "F32", decoderShape, f32Bytes(v)),
                (extraName, "F32", [2], f32Bytes([0, 0])),
            ]), to: folder + "/sae_weights.safetensors")
    }
}
