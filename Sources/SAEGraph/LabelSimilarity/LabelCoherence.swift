/// How alike two feature labels read: the cosine of their TF-IDF term vectors, a local lexical
/// measure (no network, no language model) used to judge whether an edge's two ends are about
/// the same thing.
///
/// Terms come from ``LabelTokenizer`` (lowercased words, stop words and auto-interp framing words
/// dropped, light stemming); weights are `tf × idf` with the inverse document frequency learnt
/// from all labels of the store, or from a corpus you pass (see ``TermVocabulary``). Similarity
/// lies in [0, 1]: 1 for labels with the same content terms in the same proportions, 0 for
/// labels sharing no content term. It sees words, not meaning: "religious texts" and "spiritual
/// teachings" score 0.
///
/// ```swift
/// let coherence = LabelCoherence(labels: graph.labels)
/// coherence.similarity(FeatureID(layer: 6, index: 50), FeatureID(layer: 7, index: 9))  // 0.0...1.0 or nil
/// ```
///
/// ## Choosing the disagreement cut-off
/// Measured on the GPT-2 small labels of `examples/gpt2-ioi` (IDF over the 52,879 non-empty
/// labels of `explanations.jsonl.gz`; links of `ioi-decoder-cosine.json` between adjacent
/// layers 0-11; nearest-rank quantiles; random pairs drawn with a fixed seed):
///
/// | pairs | n | q25 | q50 | q75 | q90 | q97.5 | mean | share > 0 |
/// |---|---|---|---|---|---|---|---|---|
/// | linked, cosine ≥ 0.7 | 238 | 0 | 0 | 0.18 | 0.45 | 0.72 | 0.125 | 38% |
/// | linked, 0.5 ≤ cosine < 0.7 | 941 | 0 | 0 | 0 | 0.14 | 0.37 | 0.038 | 18% |
/// | linked, 0.4 ≤ cosine < 0.5 | 1,168 | 0 | 0 | 0 | 0.12 | 0.26 | 0.026 | 14% |
/// | IOI features, cosine < 0.4 | 41,911 | 0 | 0 | 0 | 0 | 0.19 | 0.014 | 9% |
/// | random, adjacent layers (all labels) | 996,201 | 0 | 0 | 0 | 0 | 0.097 | 0.006 | 4% |
///
/// Pairs where either label has no content term are left out (0.4% of 1,000,000 random pairs).
///
/// Both medians are 0: most label pairs, linked or not, share no content word. The null's
/// non-zero values are small (one shared common word scores 0.06-0.12; its 97.5th percentile
/// is about 0.1). ``defaultLowCoherence`` is therefore 0.1: a linked pair below it reads no more
/// alike than about 97.5% of random pairs of features from adjacent layers. 68% of the
/// cosine ≥ 0.7 links fall below it; that is the real data, many strong decoder links join
/// labels that do not look related.
///
/// - Complexity: building is O(total label length); one similarity is O(terms of both labels)
///   after two dictionary look-ups.
public struct LabelCoherence: Sendable {
    /// Decoder cosine at or above which an edge counts as strong (0.7).
    public static let defaultHighCosine: Float = 0.7
    /// Label similarity below which a strong edge is flagged (0.1; see the type's notes).
    public static let defaultLowCoherence: Double = 0.1

    /// Strong-edge cut-off for ``isDisagreement(_:_:similarity:)`` (inclusive).
    public var highCosine: Float
    /// Label-similarity cut-off for ``isDisagreement(_:_:similarity:)`` (exclusive).
    public var lowCoherence: Double
    /// The document frequencies the weights come from.
    public let vocabulary: TermVocabulary
    private let rows: [FeatureID: Int32]
    private let table: TermVectorTable

    /// Splits every label into terms once and learns the inverse document frequencies.
    /// - Parameters:
    ///   - labels: the labels to compare.
    ///   - idfCorpus: labels to learn document frequencies from; nil uses `labels` themselves.
    ///     A larger corpus (a whole Neuronpedia export) gives steadier weights than the few
    ///     labels of a small graph.
    ///   - highCosine: see ``highCosine``.
    ///   - lowCoherence: see ``lowCoherence``.
    /// - Complexity: O(total length of the labels and of the corpus).
    public init(
        labels: LabelStore, idfCorpus: [String]? = nil, highCosine: Float = defaultHighCosine,
        lowCoherence: Double = defaultLowCoherence
    ) {
        let keys = labels.labels.keys.sorted()  // a fixed order: term ids must not follow hashing
        let termLists = keys.map { LabelTokenizer.terms(labels.labels[$0]!) }
        let vocabulary = idfCorpus.map { TermVocabulary(documents: $0) } ?? TermVocabulary(termLists: termLists)
        var unknown: [String: Int32] = [:]
        var rows: [FeatureID: Int32] = [:]
        rows.reserveCapacity(keys.count)
        var table = TermVectorTable()
        for (key, terms) in zip(keys, termLists) {
            rows[key] = table.append(vocabulary.vector(terms: terms, unknown: &unknown))
        }
        self.vocabulary = vocabulary
        self.rows = rows
        self.table = table
        self.highCosine = highCosine
        self.lowCoherence = lowCoherence
    }

    /// Similarity of two features' labels in [0, 1]; nil when either has no label or its label
    /// has no content term (e.g. "words related to phrases"), since then nothing can be said.
    public func similarity(_ a: FeatureID, _ b: FeatureID) -> Double? {
        guard let ra = rows[a], let rb = rows[b], !table.isEmpty(row: ra), !table.isEmpty(row: rb) else { return nil }
        return table.cosine(ra, rb)
    }

    /// Similarity of two texts in [0, 1], weighted with this vocabulary; 0 when either has no
    /// content term. Terms the vocabulary never saw get the largest weight.
    public func similarity(text a: String, text b: String) -> Double {
        var unknown: [String: Int32] = [:]
        let va = vocabulary.vector(terms: LabelTokenizer.terms(a), unknown: &unknown)
        let vb = vocabulary.vector(terms: LabelTokenizer.terms(b), unknown: &unknown)
        return va.cosine(vb)
    }

    /// Mean label similarity of consecutive features (`features[i]`, `features[i + 1]`) over
    /// the hops where ``similarity(_:_:)`` is defined; nil when it is defined for none.
    public func chainCoherence(_ features: [FeatureID]) -> Double? {
        guard features.count >= 2 else { return nil }
        var sum = 0.0
        var hops = 0
        for i in 0..<(features.count - 1) {
            if let s = similarity(features[i], features[i + 1]) {
                sum += s
                hops += 1
            }
        }
        return hops > 0 ? sum / Double(hops) : nil
    }

    /// True when an edge of decoder cosine `similarity` is strong (`similarity >= highCosine`;
    /// NaN never is) but its labels read unrelated (label similarity `< lowCoherence`). False
    /// whenever ``similarity(_:_:)`` is nil: a missing label is no evidence either way.
    public func isDisagreement(_ a: FeatureID, _ b: FeatureID, similarity: Float) -> Bool {
        guard similarity >= highCosine, let s = self.similarity(a, b) else { return false }
        return s < lowCoherence
    }

    /// The graph's edges that ``isDisagreement(_:_:similarity:)`` flags, by decreasing cosine
    /// (ties by source, then target).
    /// - Complexity: O(E) plus sorting the flagged edges.
    public func disagreements(in graph: LayeredGraph) -> [Edge] {
        var out: [Edge] = []
        for pair in graph.pairs {
            for s in 0..<pair.sourceCount {
                for e in pair.outgoing(s) where pair.similarities[e] >= highCosine {
                    let edge = Edge(
                        source: FeatureID(layer: pair.sourceLayer, index: s),
                        target: FeatureID(layer: pair.targetLayer, index: Int(pair.targets[e])),
                        similarity: pair.similarities[e])
                    if isDisagreement(edge.source, edge.target, similarity: edge.similarity) { out.append(edge) }
                }
            }
        }
        return out.sorted {
            ($0.similarity, $1.source, $1.target) > ($1.similarity, $0.source, $0.target)
        }
    }
}
