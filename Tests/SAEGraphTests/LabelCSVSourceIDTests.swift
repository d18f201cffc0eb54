import Foundation
import Testing

@testable import SAEGraph

/// CSV whose layer column holds Neuronpedia source ids, as Neuronpedia's downloads do.
struct LabelCSVSourceIDTests {
    static func load(_ text: String) throws -> LabelLoadResult {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "labels-\(UInt32.random(in: 0...UInt32.max)).csv"
        ).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try LabelLoader.load(paths: [path], strict: false)
    }

    @Test func sourceIDsGiveLayersAndWithAModelLinks() throws {
        let r = try Self.load(
            "modelId,layer,index,description\ngpt2-small,6-res-jb,50,firearms\ngpt2-small,7-res-jb,74,\"guns, rifles\"\n,8,3,plain\n"
        )
        #expect(r.store[FeatureID(layer: 6, index: 50)] == "firearms")
        #expect(r.store[FeatureID(layer: 7, index: 74)] == "guns, rifles")
        #expect(r.store[FeatureID(layer: 8, index: 3)] == "plain")
        #expect(
            r.store.url(for: FeatureID(layer: 6, index: 50)) == "https://www.neuronpedia.org/gpt2-small/6-res-jb/50")
        #expect(r.store.url(for: FeatureID(layer: 8, index: 3)) == nil)
    }

    @Test func withoutAModelColumnNoLinksAndBadLayersAreSkipped() throws {
        let r = try Self.load("layer,feature,label\n6-res-jb,1,a\nres-6,2,b\n6x,3,c\n")
        #expect(r.store[FeatureID(layer: 6, index: 1)] == "a")
        #expect(r.store.url(for: FeatureID(layer: 6, index: 1)) == nil)
        #expect(r.store.count == 1)
        #expect(r.skippedCount == 2 && r.skipped.allSatisfy { $0.reason.contains("source id") })
    }
}
