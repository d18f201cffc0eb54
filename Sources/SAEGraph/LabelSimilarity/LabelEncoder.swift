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

    public var measureName: String { Self.name }

    /// The measure's name, without building an encoder.
    public static let name = "char 3-5-gram TF-IDF"

    public func encode(_ texts: [String]) -> [LabelVector] { texts.map(vocabulary.vector) }
}
