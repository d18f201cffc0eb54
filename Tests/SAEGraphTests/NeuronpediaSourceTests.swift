import Testing

@testable import SAEGraph

@Suite struct NeuronpediaSourceTests {
    @Test func realIdsLink() {
        let s = NeuronpediaSource(modelID: "gpt2-small", sourceID: "6-res-jb")
        #expect(s.url(index: 42) == "https://www.neuronpedia.org/gpt2-small/6-res-jb/42")
        let g = NeuronpediaSource(modelID: "gemma-2-2b", sourceID: "20-gemmascope-res-16k_v1.2")
        #expect(g.isLinkable)
    }

    @Test(arguments: [
        "1-x\" onmouseover=\"alert(1)", "a/b", "..", ".", "", "6-res jb", "x<y", "a%2e", "ünï", "a\u{0}b",
        String(repeating: "a", count: 129),
    ])
    func hostileIdsGiveNoLink(id: String) {
        #expect(NeuronpediaSource(modelID: "gpt2-small", sourceID: id).url(index: 1) == nil)
        #expect(NeuronpediaSource(modelID: id, sourceID: "6-res-jb").url(index: 1) == nil)
    }

    @Test func oneWarningNamesTheLayers() {
        let bad = NeuronpediaSource(modelID: "m", sourceID: "1-x\" onmouseover=\"alert(1)")
        let good = NeuronpediaSource(modelID: "m", sourceID: "6-res-jb")
        let store = LabelStore(sources: [6: good, 7: bad, 8: bad])
        #expect(store.url(for: FeatureID(layer: 7, index: 3)) == nil)
        #expect(store.url(for: FeatureID(layer: 6, index: 3)) == "https://www.neuronpedia.org/m/6-res-jb/3")
        let warning = store.unlinkableSourcesWarning
        #expect(warning?.hasPrefix("Neuronpedia ids of layers 7, 8 (e.g. model 'm', source '1-x\" onmouseover") == true)
        #expect(LabelStore(sources: [6: good]).unlinkableSourcesWarning == nil)
    }
}
