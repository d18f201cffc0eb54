import Foundation
import Testing

@testable import SAEGraph

/// SAELens's `neuronpedia_id` in `cfg.json` gives a layer its Neuronpedia links.
@Suite struct NeuronpediaConfigSourceTests {
    typealias F = LoadingFixtures

    @Test func configNamesModelAndSource() {
        let top = SAEConfig(json: ["hook_layer": 6, "neuronpedia_id": "gpt2-small/6-res-jb"])
        #expect(top.neuronpedia == NeuronpediaSource(modelID: "gpt2-small", sourceID: "6-res-jb"))
        // SAELens v6 nests it under `metadata`.
        let v6 = SAEConfig(json: ["metadata": ["neuronpedia_id": "gemma-2-2b/20-gemmascope-res-16k"]])
        #expect(v6.neuronpedia == NeuronpediaSource(modelID: "gemma-2-2b", sourceID: "20-gemmascope-res-16k"))
    }

    @Test(arguments: ["", "gpt2-small", "gpt2-small/", "/6-res-jb", "a/b/c"])
    func malformedIdsAreIgnored(id: String) {
        #expect(SAEConfig(json: ["neuronpedia_id": .string(id)]).neuronpedia == nil)
        #expect(SAEConfig(json: ["neuronpedia_id": .null]).neuronpedia == nil)
    }

    /// Two SAELens folders whose configs carry `neuronpedia_id`, labels from a CSV without a
    /// model column: the built graph links every labelled feature to its Neuronpedia page.
    @Test func buildLinksLabelsWithoutModelIds() throws {
        let root = try F.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for layer in [6, 7] {
            let config =
                #"{"hook_name": "blocks.\#(layer).hook_resid_pre", "hook_layer": \#(layer), "d_in": 2, "d_sae": 3, "#
                + #""neuronpedia_id": "gpt2-small/\#(layer)-res-jb"}"#
            try F.saeLensFolder(
                at: "\(root)/blocks.\(layer).hook_resid_pre", config: config, decoderShape: [3, 2],
                values: [1, 0, 0, 1, 0.6, 0.8])
        }
        try F.write("layer,feature,label\n6,0,first\n7,2,second\n", to: root + "/labels.csv")
        let labels = try LabelLoader.load(path: root + "/labels.csv").store
        #expect(labels.sources.isEmpty)
        let saes = try SAELoader.loadAll([SAESource(path: root)], layers: nil)
        #expect(saes.map(\.info.neuronpedia?.sourceID) == ["6-res-jb", "7-res-jb"])
        let build = GraphBuild(rule: .threshold(0.5), options: SimilarityOptions(threshold: 0.5), labels: labels)
        _ = try build.run(saes, writingTo: root + "/graph.json", started: Date())
        let graph = try GraphFile.read(path: root + "/graph.json")
        #expect(
            graph.labels.url(for: FeatureID(layer: 6, index: 0)) == "https://www.neuronpedia.org/gpt2-small/6-res-jb/0")
        #expect(
            graph.labels.url(for: FeatureID(layer: 7, index: 2)) == "https://www.neuronpedia.org/gpt2-small/7-res-jb/2")
        let text = try String(contentsOfFile: root + "/graph.json", encoding: .utf8)
        #expect(text.contains(#""url": "https://www.neuronpedia.org/gpt2-small/6-res-jb/0""#))
    }

    @Test func sourcesFromLabelsWin() {
        let fromLabels = NeuronpediaSource(modelID: "gpt2-small", sourceID: "6-res-jb")
        var store = LabelStore(sources: [6: fromLabels])
        let info = SAEInfo(
            path: "x", format: .saelens, layer: 6, layerSource: "config", hookName: nil, tensorName: "W_dec",
            dtype: .f32, dModel: 2, dSAE: 3, transposed: false,
            neuronpedia: NeuronpediaSource(modelID: "other", sourceID: "6-x"))
        var other = info
        other.layer = 7
        store.fillSources(from: [info, other])
        #expect(store.sources[6] == fromLabels)
        #expect(store.sources[7] == NeuronpediaSource(modelID: "other", sourceID: "6-x"))
    }
}
