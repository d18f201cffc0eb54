import Foundation

/// Inverse document frequencies of character n-grams (``CharNGrams``), learnt from a corpus of
/// labels, and the unit-length TF-IDF vectors built with them.
///
/// An n-gram's weight in a label is `tf × idf`, where `tf` is how often the label holds it and
/// `idf = ln((1 + N) / (1 + df)) + 1` with `N` the number of labels in the corpus and `df` the
/// number holding it (the smoothed form of scikit-learn's `TfidfVectorizer`). An n-gram the
/// corpus never saw gets the largest weight, `ln(1 + N) + 1`. One held by more than half of a
/// corpus of at least ``commonGramMinimumCorpus`` labels weighs 0 (scikit-learn's
/// `max_df = 0.5`): it belongs to the labelling template ("words related to"), not to a topic.
/// Vectors are scaled to unit Euclidean length, so their dot product is their cosine, in [0, 1].
public struct NGramVocabulary: Sendable {
    /// Labels the frequencies were counted over (empty labels count too).
    public let documentCount: Int
    private let documentFrequency: [UInt64: Int32]

    /// Counts document frequencies over `documents`.
    /// - Complexity: O(total length of the documents).
    public init<S: Sequence>(documents: S) where S.Element == String {
        self.init(gramLists: documents.lazy.map { CharNGrams.hashes($0).sorted() })
    }

    /// Counts document frequencies over documents given as their sorted n-gram hashes
    /// (``CharNGrams/hashes(_:)``, sorted; repeats kept).
    init<S: Sequence>(gramLists: S) where S.Element == [UInt64] {
        var df: [UInt64: Int32] = [:]
        var n = 0
        for hashes in gramLists {
            n += 1
            Self.forEachDistinct(hashes) { gram, _ in df[gram, default: 0] += 1 }
        }
        documentCount = n
        documentFrequency = df
    }

    /// Calls `body` with each distinct hash of sorted `hashes` and how often it occurs.
    private static func forEachDistinct(_ hashes: [UInt64], _ body: (UInt64, Int) -> Void) {
        var i = 0
        while i < hashes.count {
            var j = i + 1
            while j < hashes.count && hashes[j] == hashes[i] { j += 1 }
            body(hashes[i], j - i)
            i = j
        }
    }

    /// Number of distinct n-grams seen.
    public var gramCount: Int { documentFrequency.count }

    /// Corpora smaller than this keep every n-gram's weight: half of a handful of labels says
    /// nothing about which n-grams are template.
    public static let commonGramMinimumCorpus = 20

    /// Labels of the corpus holding the n-gram `gram` (3 to 5 characters, as ``CharNGrams``
    /// takes them, spaces included).
    public func documentFrequency(of gram: String) -> Int {
        Int(documentFrequency[CharNGrams.hash(gram)] ?? 0)
    }

    /// `ln((1 + N) / (1 + df)) + 1`, or 0 for an n-gram held by more than half of the corpus.
    public func inverseDocumentFrequency(df: Int) -> Double {
        if documentCount >= Self.commonGramMinimumCorpus && 2 * df > documentCount { return 0 }
        return log(Double(1 + documentCount) / Double(1 + df)) + 1
    }

    /// The unit TF-IDF vector of `text`; empty when it has no n-gram of positive weight.
    /// - Complexity: O(length · log length).
    public func vector(_ text: String) -> LabelVector { vector(gramList: CharNGrams.hashes(text).sorted()) }

    /// The unit TF-IDF vector of a text given as its sorted n-gram hashes (repeats kept).
    func vector(gramList hashes: [UInt64]) -> LabelVector {
        var ids: [UInt64] = []
        var weights: [Double] = []
        Self.forEachDistinct(hashes) { gram, tf in
            let w = Double(tf) * inverseDocumentFrequency(df: Int(documentFrequency[gram] ?? 0))
            if w > 0 {
                ids.append(gram)
                weights.append(w)
            }
        }
        let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { weights = weights.map { $0 / norm } }
        return LabelVector(ids: ids, weights: weights)
    }
}
