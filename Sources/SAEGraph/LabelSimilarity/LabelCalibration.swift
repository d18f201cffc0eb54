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
            let pairs =
                sample ?? LabelPairSample(LayeredGraph(layers: [], featureCounts: [], pairs: []), labels: labels)
            let cache = LabelVectorCache()
            let measure: any LabelEncoder
            if let given = encoder {
                measure = given
                cache.store(sampled, given.encode(sampled.map { labels[$0]! }))
            } else if graph == nil {
                measure = CharNGramEncoder(corpus: labels.features.lazy.map { labels[$0]! })
            } else {
                // The corpus is the sampled labels: their n-grams are taken once.
                let (fitted, vectors) = CharNGramEncoder.fitted(
                    to: sampled.map { labels[$0]! }, threads: CharNGramEncoder.threads)
                measure = fitted
                cache.store(sampled, vectors)
            }
            var random: [Double] = []
            for (a, b) in zip(pairs.sources, pairs.targets) {
                let (va, vb) = (cache.vector(a)!, cache.vector(b)!)
                if !va.isEmpty && !vb.isEmpty { random.append(LabelCoherence.rounded(va.cosine(vb))) }
            }
            return Value(sample: pairs, encoder: measure, cache: cache, random: random)
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
