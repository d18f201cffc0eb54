import Foundation

/// Turns label texts into unit vectors whose cosine says how alike the labels read.
///
/// Two encoders ship: ``CharNGramEncoder`` (the default, lexical, no model) and a sentence
/// model read from a folder (`SentenceEncoder`). A ``LabelCoherence`` names its encoder's
/// ``measureName`` wherever it prints a label similarity.
public protocol LabelEncoder: Sendable {
    /// Short name printed beside every label similarity, e.g. "char 3-5-gram TF-IDF".
    var measureName: String { get }
    /// The vectors of `texts`, in order. An empty vector where a text has nothing to compare.
    /// Must not depend on how texts are batched or on the thread count.
    func encode(_ texts: [String]) -> [LabelVector]
}

/// The default label measure: the cosine of word-bounded character 3-5-gram TF-IDF vectors
/// (``CharNGrams``, ``NGramVocabulary``). It compares spelling, not meaning: "religious texts"
/// and "spiritual teachings" share almost nothing, while "plural s" and "plural nouns" agree.
public struct CharNGramEncoder: LabelEncoder {
    public let vocabulary: NGramVocabulary

    /// - Parameter corpus: labels to learn the n-grams' document frequencies from.
    public init<S: Sequence>(corpus: S) where S.Element == String {
        vocabulary = NGramVocabulary(documents: corpus)
    }

    private init(vocabulary: NGramVocabulary) { self.vocabulary = vocabulary }

    /// An encoder learnt from `corpus` and the vectors of the corpus's own labels: what
    /// `CharNGramEncoder(corpus:)` and then `encode(corpus)` give, with each label's n-grams
    /// taken once, on `threads` threads.
    static func fitted(to corpus: [String], threads: Int) -> (encoder: CharNGramEncoder, vectors: [LabelVector]) {
        let grams = parallelMap(corpus, threads: threads) { CharNGrams.hashes($0).sorted() }
        let vocabulary = NGramVocabulary(gramLists: grams)
        return (CharNGramEncoder(vocabulary: vocabulary), parallelMap(grams, threads: threads, vocabulary.vector))
    }

    public var measureName: String { Self.name }

    /// The measure's name, without building an encoder.
    public static let name = "char 3-5-gram TF-IDF"

    public func encode(_ texts: [String]) -> [LabelVector] {
        parallelMap(texts, threads: texts.count < Self.textsPerThread ? 1 : Self.threads, vocabulary.vector)
    }

    /// Texts below which ``encode(_:)`` stays on the caller's thread (a label takes a few µs).
    static let textsPerThread = 256
    static var threads: Int { ProcessInfo.processInfo.activeProcessorCount }
}
