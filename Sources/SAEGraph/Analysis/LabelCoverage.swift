/// How many labelled features each loaded layer has, and how many labels lie in layers that
/// were not loaded (what `saegraph inspect --labels` reports).
public struct LabelCoverage: Sendable, Equatable {
    /// Labelled features per layer, for every layer the labels mention.
    public var byLayer: [Int: Int]
    /// Labelled features in all.
    public var total: Int
    /// Labelled features of layers not among the loaded ones.
    public var elsewhere: Int

    /// - Complexity: O(labels + layers).
    public init(labels: LabelStore, loadedLayers: [Int]) {
        let byLayer = labels.countsByLayer()
        self.byLayer = byLayer
        total = labels.count
        let loaded = Set(loadedLayers)
        // Summed in layer order: a count, so the order cannot change it, but no Dictionary
        // iteration decides anything here.
        elsewhere = byLayer.keys.sorted().filter { !loaded.contains($0) }.map { byLayer[$0]! }.reduce(0, +)
    }

    /// Labelled features of `layer` (0 when none).
    public func count(layer: Int) -> Int { byLayer[layer] ?? 0 }
}
