import Foundation
import Testing

@testable import SAEGraph

/// scikit-learn's `TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))` on a fixed set of
/// labels (`Fixtures/label-similarity/char-ngram-tfidf.json`, made by
/// scripts/make-label-references.py).
private struct SklearnReference: Decodable {
    var labels: [String]
    var ngrams: [String: [String]]
    var cosine: [[Double]]

    static func load() throws -> SklearnReference {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
            .appendingPathComponent("label-similarity/char-ngram-tfidf.json")
        return try JSONDecoder().decode(SklearnReference.self, from: Data(contentsOf: url))
    }
}

@Suite struct CharNGramsTests {
    @Test func ngramsMatchScikitLearn() throws {
        let reference = try SklearnReference.load()
        for (text, grams) in reference.ngrams {
            #expect(CharNGrams.grams(text) == grams, "\(text)")
            #expect(CharNGrams.hashes(text) == grams.map(CharNGrams.hash), "\(text)")
        }
        #expect(CharNGrams.grams("  \n\t ").isEmpty)
        // NFKC and lowercasing: ligatures, full-width letters and decomposed accents agree.
        #expect(CharNGrams.grams("ﬁsh") == CharNGrams.grams("FISH"))
        #expect(CharNGrams.grams("Poke\u{301}mon") == CharNGrams.grams("pokémon"))
        #expect(CharNGrams.grams("ＷＹＯ") == CharNGrams.grams("wyo"))
        // ASCII labels take a shortcut; words are independent, so an ASCII text followed by a
        // non-ASCII word (the general path) gives the same n-grams for its ASCII part.
        for ascii in ["Token \":\"\tand\u{0B}MORE\r\nwords", "a", "plural S", "x\u{1F}y"] {
            #expect(CharNGrams.grams(ascii + " é") == CharNGrams.grams(ascii) + CharNGrams.grams("é"), "\(ascii)")
        }
    }

    @Test func cosinesMatchScikitLearn() throws {
        let reference = try SklearnReference.load()
        let encoder = CharNGramEncoder(corpus: reference.labels)
        let vectors = encoder.encode(reference.labels)
        for i in reference.labels.indices {
            for j in reference.labels.indices {
                #expect(abs(vectors[i].cosine(vectors[j]) - reference.cosine[i][j]) < 1e-9, "\(i), \(j)")
            }
        }
    }

    /// Fitting on the corpus takes each label's n-grams once, on several threads; it must give
    /// the encoder and vectors of fitting and then encoding, bit for bit.
    @Test(arguments: [1, 2, 3])
    func fittingOnTheCorpusGivesWhatFittingThenEncodingGives(threads: Int) throws {
        let reference = try SklearnReference.load().labels
        let corpus = (0..<400).map { reference[$0 % reference.count] + ($0 % 3 == 0 ? " Ġé \($0)" : "") } + ["", " "]
        let (fitted, vectors) = CharNGramEncoder.fitted(to: corpus, threads: threads)
        let plain = CharNGramEncoder(corpus: corpus)
        #expect(vectors == plain.encode(corpus))
        #expect(fitted.vocabulary.documentCount == plain.vocabulary.documentCount)
        #expect(fitted.vocabulary.gramCount == plain.vocabulary.gramCount)
        for text in ["apple pie", "Ġé 12", "zyzzyva"] {
            #expect(fitted.vocabulary.vector(text) == plain.vocabulary.vector(text))
        }
        // A batch large enough to be encoded on several threads gives each text's own vector.
        #expect(corpus.count >= CharNGramEncoder.textsPerThread)
        #expect(plain.encode(corpus) == corpus.map(plain.vocabulary.vector))
    }

    @Test func vocabularyWeights() {
        let v = NGramVocabulary(documents: ["apple", "apple pie", "pie", ""])
        #expect(v.documentCount == 4)
        #expect(v.documentFrequency(of: "app") == 2 && v.documentFrequency(of: " pi") == 2)
        #expect(v.documentFrequency(of: "xyz") == 0)
        #expect(v.inverseDocumentFrequency(df: 2) == log(5.0 / 3.0) + 1)
        // Template n-grams of a large corpus weigh nothing.
        let large = NGramVocabulary(documents: (0..<30).map { "words related to topic\($0)" })
        #expect(large.inverseDocumentFrequency(df: 16) == 0 && large.inverseDocumentFrequency(df: 15) > 0)
        #expect(large.vector("words related to").isEmpty)
        #expect(!large.vector("words related to topic7").isEmpty)
    }

    @Test func similarityProperties() throws {
        let labels = try SklearnReference.load().labels
        let encoder = CharNGramEncoder(corpus: labels)
        let c = LabelCoherence(labels: LabelStore(labels: [FeatureID(layer: 0, index: 0): "x"]), encoder: encoder)
        for a in labels {
            #expect(try abs(#require(c.similarity(text: a, text: a)) - 1) < 1e-12)
            for b in labels { #expect(c.similarity(text: a, text: b) == c.similarity(text: b, text: a)) }
            #expect(c.similarity(text: a, text: "") == nil)
            #expect(c.similarity(text: a, text: " \t") == nil)
        }
        #expect(c.similarity(text: "zyzzyva", text: "quokka") == 0)
        // Punctuation labels are scored.
        #expect(try #require(c.similarity(text: #"token ":""#, text: #"the token ":""#)) > 0.5)
    }
}
