import Foundation

/// Where a layer's features live on Neuronpedia: `https://www.neuronpedia.org/{model}/{source}/{index}`.
public struct NeuronpediaSource: Sendable, Hashable {
    /// Neuronpedia model id, e.g. `gpt2-small`.
    public var modelID: String
    /// Neuronpedia source id, e.g. `6-res-jb`.
    public var sourceID: String

    public init(modelID: String, sourceID: String) {
        self.modelID = modelID
        self.sourceID = sourceID
    }

    /// True when both ids use only the characters Neuronpedia ids use: ASCII letters,
    /// digits, `-`, `_` and `.` (not `.` or `..` alone), at most 128 of them. Only such ids
    /// become links.
    public var isLinkable: Bool { Self.isValidID(modelID) && Self.isValidID(sourceID) }

    /// See ``isLinkable``.
    public static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 128, id != ".", id != ".." else { return false }
        return id.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D
                || b == 0x5F || b == 0x2E
        }
    }

    /// The feature's page, or nil when an id is not ``isLinkable`` (no link is better than a
    /// link that carries markup). Path segments are percent-encoded as well.
    public func url(index: Int) -> String? {
        guard isLinkable, index >= 0 else { return nil }
        let segment = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._")
        guard let model = modelID.addingPercentEncoding(withAllowedCharacters: segment),
            let source = sourceID.addingPercentEncoding(withAllowedCharacters: segment)
        else { return nil }
        return "https://www.neuronpedia.org/\(model)/\(source)/\(index)"
    }
}

/// The human-readable labels of features, with the Neuronpedia source of each layer where known.
///
/// At most one label per feature; loaders decide which row wins (see `LabelLoader`).
/// Empty labels are never stored. Labels read from a graph file stay encoded until a command
/// asks for one (``EncodedLabels``); the first change to the store decodes them all.
public struct LabelStore: Sendable, Equatable {
    private var decoded: [FeatureID: String]
    private var encoded = EncodedLabels([])
    public private(set) var sources: [Int: NeuronpediaSource]

    public init(labels: [FeatureID: String] = [:], sources: [Int: NeuronpediaSource] = [:]) {
        self.decoded = labels.filter { !$0.value.isEmpty }
        self.sources = sources
    }

    /// A store over labels still encoded as JSON string tokens.
    init(encoded: EncodedLabels, sources: [Int: NeuronpediaSource]) {
        self.decoded = [:]
        self.encoded = encoded
        self.sources = sources
    }

    /// Every label, decoded (O(n): for tests and whole-store work, not for lookups).
    public var labels: [FeatureID: String] {
        encoded.count == 0 ? decoded : decoded.merging(encoded.decodedAll()) { a, _ in a }
    }

    /// The labelled features, ascending.
    /// - Complexity: O(n) for labels read from a graph file, O(n log n) otherwise.
    public var features: [FeatureID] {
        encoded.count == 0 ? decoded.keys.sorted() : encoded.features
    }

    public var isEmpty: Bool { decoded.isEmpty && encoded.count == 0 }
    public var count: Int { decoded.count + encoded.count }

    /// The feature's label, decoded on first need.
    public subscript(feature: FeatureID) -> String? { decoded[feature] ?? encoded.text(feature) }

    /// True when the feature has a label (without decoding it).
    public func contains(_ feature: FeatureID) -> Bool { decoded[feature] != nil || encoded.contains(feature) }

    public static func == (a: LabelStore, b: LabelStore) -> Bool { a.sources == b.sources && a.labels == b.labels }

    /// Decodes the encoded labels, before a change.
    private mutating func decodeAll() {
        guard encoded.count > 0 else { return }
        decoded = labels
        encoded = EncodedLabels([])
    }

    /// Sets or clears one label (an empty text clears it).
    public mutating func set(_ label: String?, for feature: FeatureID) {
        decodeAll()
        if let label, !label.isEmpty { decoded[feature] = label } else { decoded[feature] = nil }
    }

    public mutating func setSource(_ source: NeuronpediaSource, forLayer layer: Int) {
        sources[layer] = source
    }

    /// The feature's Neuronpedia page, when its layer's model and source are known and
    /// linkable (``NeuronpediaSource/isLinkable``).
    public func url(for feature: FeatureID) -> String? {
        sources[feature.layer]?.url(index: feature.index)
    }

    /// One warning line naming the layers whose Neuronpedia ids cannot become links, or nil.
    public var unlinkableSourcesWarning: String? {
        let bad = sources.keys.sorted().filter { !sources[$0]!.isLinkable }
        guard let first = bad.first, let source = sources[first] else { return nil }
        return "Neuronpedia ids of layer\(bad.count > 1 ? "s" : "") \(bad.map(String.init).joined(separator: ", ")) "
            + "(e.g. model '\(source.modelID)', source '\(source.sourceID)') use characters other than letters, "
            + "digits, '-', '_' and '.'; those features get no links"
    }

    /// Number of labels per layer.
    public func countsByLayer() -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for key in features { counts[key.layer, default: 0] += 1 }
        return counts
    }

    /// Layers without a Neuronpedia source take the one their SAE's config names
    /// (``SAEInfo/neuronpedia``, from SAELens's `neuronpedia_id`), so features link to their
    /// pages even when the label rows carry no `modelId`. Sources from labels win.
    public mutating func fillSources(from inputs: [SAEInfo]) {
        for info in inputs where sources[info.layer] == nil {
            if let source = info.neuronpedia { sources[info.layer] = source }
        }
    }

    /// Labels of `other` fill in features that have none here; `other`'s sources fill layers
    /// that have none. Labels already here win.
    public mutating func merge(_ other: LabelStore) {
        decodeAll()
        for (k, v) in other.labels where decoded[k] == nil { decoded[k] = v }
        for (k, v) in other.sources where sources[k] == nil { sources[k] = v }
    }
}
