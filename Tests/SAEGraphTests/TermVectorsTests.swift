import Foundation
import Testing

@testable import SAEGraph

@Suite struct TermVectorsTests {
    @Test func documentFrequenciesAndIDF() {
        let v = TermVocabulary(documents: ["apple banana", "apple cherry", "banana banana durian", ""])
        #expect(v.documentCount == 4)
        #expect(v.termCount == 4)
        #expect(v.documentFrequency(of: "appl") == 2)  // "apple" stems to "appl"
        #expect(v.documentFrequency(of: "banana") == 2)  // counted once per label
        #expect(v.documentFrequency(of: "kiwi") == 0)
        #expect(abs(v.inverseDocumentFrequency(of: "durian") - (log(5.0 / 2.0) + 1)) < 1e-12)
        #expect(abs(v.inverseDocumentFrequency(of: "kiwi") - (log(5.0) + 1)) < 1e-12)
    }

    /// The cosine worked out by hand for a three-label corpus.
    @Test func cosineByHand() {
        let store = LabelStore(labels: [
            FeatureID(layer: 0, index: 0): "apple banana",
            FeatureID(layer: 0, index: 1): "apple cherry",
            FeatureID(layer: 0, index: 2): "banana banana durian",
        ])
        let c = LabelCoherence(labels: store)
        let a = log(4.0 / 3.0) + 1  // apple, banana: df 2 of 3
        let r = log(4.0 / 2.0) + 1  // cherry, durian: df 1 of 3
        // (a, a, 0, 0) · (0, 2a, 0, r), normalised.
        let expected = (2 * a * a) / ((2 * a * a).squareRoot() * (4 * a * a + r * r).squareRoot())
        let got = try! #require(c.similarity(FeatureID(layer: 0, index: 0), FeatureID(layer: 0, index: 2)))
        #expect(abs(got - expected) < 1e-12)
        // (a, a, 0, 0) · (a, 0, r, 0): share apple only.
        let expected01 = (a * a) / ((2 * a * a).squareRoot() * (a * a + r * r).squareRoot())
        #expect(abs(c.similarity(FeatureID(layer: 0, index: 0), FeatureID(layer: 0, index: 1))! - expected01) < 1e-12)
        #expect(c.similarity(FeatureID(layer: 0, index: 1), FeatureID(layer: 0, index: 2)) == 0)
    }

    /// TF-IDF cosine recomputed with dictionaries over a random corpus drawn from a small pool.
    @Test func cosineMatchesBruteForce() throws {
        let pool = ["river", "bank", "money", "loan", "water", "fish", "boat", "credit", "stream", "net"]
        var rng = SplitMix64(seed: 11)
        var labels: [FeatureID: String] = [:]
        for i in 0..<40 {
            let n = Int(rng.next() % 6)  // 0 to 5 words; an empty text is not stored
            labels[FeatureID(layer: 1, index: i)] = (0..<n).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
                .joined(separator: " ")
        }
        let store = LabelStore(labels: labels)
        let c = LabelCoherence(labels: store)
        let docs = store.labels.mapValues { $0.split(separator: " ").map(String.init) }
        var df: [String: Int] = [:]
        for words in docs.values { for w in Set(words) { df[w, default: 0] += 1 } }
        func vector(_ words: [String]) -> [String: Double] {
            var v: [String: Double] = [:]
            for w in words { v[w, default: 0] += log(Double(1 + docs.count) / Double(1 + df[w]!)) + 1 }
            let norm = v.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.mapValues { $0 / norm }
        }
        var compared = 0
        for (fa, wa) in docs {
            for (fb, wb) in docs {
                let va = vector(wa)
                let vb = vector(wb)
                let expected = va.reduce(0.0) { $0 + $1.value * (vb[$1.key] ?? 0) }
                let got = try #require(c.similarity(fa, fb))
                #expect(abs(got - expected) < 1e-9, "\(fa) \(fb)")
                #expect(abs(c.similarity(text: store[fa]!, text: store[fb]!) - expected) < 1e-9)
                compared += 1
            }
        }
        #expect(compared == docs.count * docs.count && docs.count > 30)
    }

    @Test func unknownTermsMatchEachOther() {
        let c = LabelCoherence(labels: LabelStore(labels: [FeatureID(layer: 0, index: 0): "river bank"]))
        #expect(c.similarity(text: "zyzzyva", text: "zyzzyva") == 1)
        #expect(c.similarity(text: "zyzzyva river", text: "river") > 0)
        #expect(c.similarity(text: "zyzzyva", text: "quokka") == 0)
        #expect(c.similarity(text: "", text: "") == 0)
    }
}

@Suite struct CommonTermTests {
    @Test func templateWordsHeldByMostLabelsWeighNothing() {
        // 30 generated labels all start "top tokens:"; only the quoted token is a topic.
        let topics = ["path", "cookie", "stream", "socket", "thread", "module"]
        let labels = (0..<30).map { "top tokens: \(topics[$0 % topics.count])" }
        let v = TermVocabulary(documents: labels)
        #expect(v.inverseDocumentFrequency(of: "top") == 0)
        #expect(v.inverseDocumentFrequency(of: "path") > 1)
        var unknown: [String: Int32] = [:]
        let a = v.vector(terms: LabelTokenizer.terms(labels[0]), unknown: &unknown)
        let b = v.vector(terms: LabelTokenizer.terms(labels[1]), unknown: &unknown)
        // Different topics share only template words: similarity 0, not a small positive value.
        #expect(a.cosine(b) == 0)
        #expect(a.cosine(a) > 0.999)
        // A small corpus keeps every weight.
        let small = TermVocabulary(documents: Array(labels.prefix(5)))
        #expect(small.inverseDocumentFrequency(of: "top") > 0)
    }
}
