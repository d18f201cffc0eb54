import Foundation

/// What a ``LabelCoherence`` calibrates on, computed on first need and then shared by its
/// copies: the random adjacent-layer label pairs (``LabelPairSample``), the encoder (for
/// character n-grams, with document frequencies learnt from the sampled labels, or from all
/// labels without a graph), the vectors encoded so far and the random pairs' similarities.
/// A coherence that reads stored values (``EdgeLabelSimilarity``) never computes it unless a
/// command asks for something the file does not hold.
final class LabelCalibration: @unchecked Sendable {
    struct Value {
        var sample: LabelPairSample
        var encoder: any LabelEncoder
        var cache: LabelVectorCache
        var random: [Double]
    }

    private let lock = NSLock()
    private var computed: Value?
    private let make: @Sendable () -> Value

    init(labels: LabelStore, graph: LayeredGraph?, encoder: (any LabelEncoder)?, count: Int, seed: UInt64) {
        make = {
            let sample = graph.map { LabelPairSample($0, labels: labels, count: count, seed: seed) }
            let sampled = sample?.features ?? []
            let corpus = graph == nil ? labels.features.map { labels[$0]! } : sampled.map { labels[$0]! }
            let encoder = encoder ?? CharNGramEncoder(corpus: corpus)
            let pairs =
                sample ?? LabelPairSample(LayeredGraph(layers: [], featureCounts: [], pairs: []), labels: labels)
            let cache = LabelVectorCache()
            cache.store(sampled, encoder.encode(sampled.map { labels[$0]! }))
            var random: [Double] = []
            for (a, b) in zip(pairs.sources, pairs.targets) {
                let (va, vb) = (cache.vector(a)!, cache.vector(b)!)
                if !va.isEmpty && !vb.isEmpty { random.append(LabelCoherence.rounded(va.cosine(vb))) }
            }
            return Value(sample: pairs, encoder: encoder, cache: cache, random: random)
        }
    }

    var value: Value {
        lock.lock()
        defer { lock.unlock() }
        if let computed { return computed }
        let v = make()
        computed = v
        return v
    }
}
