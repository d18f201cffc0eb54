/// Where a layer's features live on Neuronpedia: `https://www.neuronpedia.org/{model}/{source}/{index}`.
public struct NeuronpediaSource: Sendable, Hashable, Codable {
    /// Neuronpedia model id, e.g. `gpt2-small`.
    public var modelID: String
    /// Neuronpedia source id, e.g. `6-res-jb`.
    public var sourceID: String

    public init(modelID: String, sourceID: String) {
        self.modelID = modelID
        self.sourceID = sourceID
    }

    /// The feature's page.
    public func url(index: Int) -> String {
        "https://www.neuronpedia.org/\(modelID)/\(sourceID)/\(index)"
    }
}

/// The human-readable labels of features, with the Neuronpedia source of each layer where known.
///
/// At most one label per feature; loaders decide which row wins (see `LabelLoader`).
/// Empty labels are never stored.
public struct LabelStore: Sendable, Equatable {
    public private(set) var labels: [FeatureID: String]
    public private(set) var sources: [Int: NeuronpediaSource]

    public init(labels: [FeatureID: String] = [:], sources: [Int: NeuronpediaSource] = [:]) {
        self.labels = labels.filter { !$0.value.isEmpty }
        self.sources = sources
    }

    public var isEmpty: Bool { labels.isEmpty }
    public var count: Int { labels.count }

    public subscript(feature: FeatureID) -> String? { labels[feature] }

    /// Sets or clears one label (an empty text clears it).
    public mutating func set(_ label: String?, for feature: FeatureID) {
        if let label, !label.isEmpty { labels[feature] = label } else { labels[feature] = nil }
    }

    public mutating func setSource(_ source: NeuronpediaSource, forLayer layer: Int) {
        sources[layer] = source
    }

    /// The feature's Neuronpedia page, when its layer's model and source are known.
    public func url(for feature: FeatureID) -> String? {
        sources[feature.layer]?.url(index: feature.index)
    }

    /// Number of labels per layer.
    public func countsByLayer() -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for key in labels.keys { counts[key.layer, default: 0] += 1 }
        return counts
    }

    /// Labels of `other` fill in features that have none here; `other`'s sources fill layers
    /// that have none. Labels already here win.
    public mutating func merge(_ other: LabelStore) {
        for (k, v) in other.labels where labels[k] == nil { labels[k] = v }
        for (k, v) in other.sources where sources[k] == nil { sources[k] = v }
    }
}
