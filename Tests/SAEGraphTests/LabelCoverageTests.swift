import SAEGraph
import Testing

@Suite struct LabelCoverageTests {
    @Test func countsPerLayerAndOutsideTheLoadedLayers() {
        var store = LabelStore()
        for (layer, index) in [(2, 0), (2, 1), (3, 4), (7, 0), (9, 1), (9, 2)] {
            store.set("label \(layer) \(index)", for: FeatureID(layer: layer, index: index))
        }
        let c = LabelCoverage(labels: store, loadedLayers: [2, 3, 4])
        #expect(c.total == 6)
        #expect(c.count(layer: 2) == 2 && c.count(layer: 3) == 1 && c.count(layer: 4) == 0)
        #expect(c.elsewhere == 3)
        #expect(LabelCoverage(labels: store, loadedLayers: []).elsewhere == 6)
    }
}
