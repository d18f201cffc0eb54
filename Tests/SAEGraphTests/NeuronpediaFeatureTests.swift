import Foundation
import SAEGraphTestSupport
import Testing

@testable import SAEGraph

/// Labels from Neuronpedia's single-feature API responses (nested `explanations`).
@Suite struct NeuronpediaFeatureTests {
    typealias Response = NeuronpediaFeatureResponse

    // Rows of the real gpt2-small 6-res-jb explanation export (examples/gpt2-ioi).
    static let grants = "mentions of financial funding through grants"
    static let software = "specific technical terms related to software development and updates"

    static func load(_ text: String, name: String = "feature.json") throws -> LabelLoadResult {
        try LabelFixture.load(text, name: name)
    }

    @Test func oneSavedResponseGivesTheLabelAndTheLink() throws {
        let text = Response.feature(
            index: 1, explanations: [Response.explanation(layer: "6-res-jb", index: 1, description: Self.grants)])
        let result = try Self.load(text)
        let f = FeatureID(layer: 6, index: 1)
        #expect(result.rowsRead == 1 && result.store.count == 1)
        #expect(result.store[f] == Self.grants)
        #expect(result.store.url(for: f) == "https://www.neuronpedia.org/gpt2-small/6-res-jb/1")
        #expect(result.warningSummary == nil)
    }

    @Test func prettyPrintedResponseReadsTheSame() throws {
        let compact = Response.feature(
            index: 5, explanations: [Response.explanation(layer: "6-res-jb", index: 5, description: Self.software)])
        let object = try JSONSerialization.jsonObject(with: Data(compact.utf8))
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted])
        #expect(pretty.contains(0x0A))
        // Two pretty-printed responses one after another, as `curl … | jq .` twice appends them.
        let second = Response.feature(
            index: 1, explanations: [Response.explanation(layer: "6-res-jb", index: 1, description: Self.grants)])
        let text = String(decoding: pretty, as: UTF8.self) + "\n" + second + "\n"
        let result = try Self.load(text)
        #expect(result.rowsRead == 2)
        #expect(result.store[FeatureID(layer: 6, index: 5)] == Self.software)
        #expect(result.store[FeatureID(layer: 6, index: 1)] == Self.grants)
    }

    @Test func arrayAndJSONLOfResponsesMixWithExportRows() throws {
        let a = Response.feature(
            index: 1, explanations: [Response.explanation(layer: "6-res-jb", index: 1, description: Self.grants)])
        let b = Response.feature(
            index: 5, explanations: [Response.explanation(layer: "6-res-jb", index: 5, description: Self.software)])
        let row = NeuronpediaExportTests.row("7-res-jb", "3", "dogs")
        for (text, name) in [("[\(a),\n\(b),\n\(row)]", "features.json"), ("\(a)\n\(b)\n\(row)\n", "features.jsonl")] {
            let result = try Self.load(text, name: name)
            #expect(result.rowsRead == 3, "\(name)")
            #expect(result.store[FeatureID(layer: 6, index: 1)] == Self.grants)
            #expect(result.store[FeatureID(layer: 6, index: 5)] == Self.software)
            #expect(result.store[FeatureID(layer: 7, index: 3)] == "dogs")
        }
    }

    @Test func firstNonBlankExplanationWinsAndNoneIsNoLabel() throws {
        let several = Response.feature(
            index: 22,
            explanations: [
                Response.explanation(layer: "6-res-jb", index: 22, description: "  "),
                Response.explanation(layer: "6-res-jb", index: 22, description: "terms related to cable television"),
                Response.explanation(layer: "6-res-jb", index: 22, description: "a later explanation"),
            ])
        let none = Response.feature(index: 23, explanations: [])
        let result = try Self.load(several + "\n" + none + "\n", name: "two.jsonl")
        #expect(result.store[FeatureID(layer: 6, index: 22)] == "terms related to cable television")
        #expect(result.store[FeatureID(layer: 6, index: 23)] == nil)
        #expect(result.rowsRead == 2 && result.emptyRows == 1 && result.skippedCount == 0)
    }

    @Test func brokenPrettyPrintedResponseNamesTheLine() throws {
        let compact = Response.feature(index: 1, explanations: [])
        let object = try JSONSerialization.jsonObject(with: Data(compact.utf8))
        var text = String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]), as: UTF8.self)
        text += "\n{\n  \"modelId\": \"gpt2-small\",\n  \"layer\": oops\n}\n"
        #expect {
            try Self.load(text)
        } throws: { error in
            let message = "\(error)"
            return message.contains("feature.json:") && message.contains("not valid JSON")
        }
    }
}
