import Foundation

/// The label vectors a ``LabelCoherence`` has computed, by feature, shared by its copies and
/// filled on demand, so that a command encodes only the labels it looks at, each once.
/// Values do not depend on the order features are asked for.
final class LabelVectorCache: @unchecked Sendable {
    private let lock = NSLock()
    private var vectors: [FeatureID: LabelVector] = [:]

    /// The cached vector of `feature`, if any.
    func vector(_ feature: FeatureID) -> LabelVector? {
        lock.lock()
        defer { lock.unlock() }
        return vectors[feature]
    }

    /// Stores vectors (an existing entry is kept: it is the same vector).
    func store(_ features: [FeatureID], _ values: [LabelVector]) {
        lock.lock()
        defer { lock.unlock() }
        for (f, v) in zip(features, values) where vectors[f] == nil { vectors[f] = v }
    }

    /// Features of `features` not cached yet, in their given order, each once.
    func missing(_ features: [FeatureID]) -> [FeatureID] {
        lock.lock()
        defer { lock.unlock() }
        var seen = Set<FeatureID>()
        return features.filter { vectors[$0] == nil && seen.insert($0).inserted }
    }
}
