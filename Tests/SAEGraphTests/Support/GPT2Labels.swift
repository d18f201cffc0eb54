import Foundation
import Testing

@testable import SAEGraph

/// The 53,624 real GPT-2 small labels of `examples/gpt2-ioi/explanations.jsonl.gz` (see that
/// folder's PROVENANCE.md), read with `Inflate.gunzip` and JSONSerialization into a
/// ``LabelStore`` (empty descriptions are dropped by the store).
enum GPT2Labels {
    static let path = URL(fileURLWithPath: IOIExample.path)
        .deletingLastPathComponent().appendingPathComponent("explanations.jsonl.gz").path

    static func load() throws -> LabelStore {
        let data = try Inflate.gunzip(Data(contentsOf: URL(fileURLWithPath: path)), name: path)
        var store = LabelStore()
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            lineNumber += 1
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let source = try #require(row["layer"] as? String, "line \(lineNumber)")
            let layer = try #require(Int(source.prefix { $0 != "-" }), "line \(lineNumber)")
            let index = try #require((row["index"] as? String).flatMap { Int($0) }, "line \(lineNumber)")
            store.set(row["description"] as? String, for: FeatureID(layer: layer, index: index))
        }
        return store
    }
}
