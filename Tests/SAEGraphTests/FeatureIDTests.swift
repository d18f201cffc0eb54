import Testing

@testable import SAEGraph

@Suite struct FeatureIDTests {
    @Test(arguments: ["6:50", "6_50", "6/50", " 6:50 "])
    func parsesEverySeparator(_ text: String) throws {
        #expect(try FeatureID(parsing: text) == FeatureID(layer: 6, index: 50))
    }

    @Test(arguments: ["6", "6:", ":50", "a:b", "6:-1", "6-50", ""])
    func rejectsMalformed(_ text: String) {
        #expect(throws: SAEGraphError.self) { try FeatureID(parsing: text) }
    }

    @Test func formats() {
        let f = FeatureID(layer: 7, index: 74)
        #expect(f.description == "7:74")
        #expect(f.nodeID == "7_74")
        #expect(FeatureID(layer: 6, index: 99) < f)
        #expect(FeatureID(layer: 7, index: 3) < f)
    }
}
