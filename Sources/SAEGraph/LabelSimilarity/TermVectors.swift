import Algorithms
import Foundation

/// Inverse document frequencies of label terms (see ``LabelTokenizer``), learnt from a corpus
/// of labels, and the unit-length TF-IDF vectors built with them.
///
/// A term's weight in a label is `tf × idf`, where `tf` is how often the label holds the term
/// and `idf = ln((1 + N) / (1 + df)) + 1` with `N` the number of labels in the corpus and `df`
/// the number holding the term (the smoothed form of scikit-learn's `TfidfVectorizer`). A term
/// the corpus never saw gets the largest weight, `ln(1 + N) + 1`. A term held by more than half
/// of a corpus of at least ``commonTermMinimumCorpus`` labels weighs 0 (scikit-learn's
/// `max_df = 0.5`): it is a template word of the labelling process (such as "top tokens" in
/// generated labels), not a topic. Vectors are scaled to unit Euclidean length, so their dot
/// product is their cosine.
public struct TermVocabulary: Sendable {
    /// Labels the frequencies were counted over (empty labels count too).
    public let documentCount: Int
    private let ids: [String: Int32]
    private let documentFrequency: [Int32]

    /// Counts document frequencies over `documents`.
    /// - Complexity: O(total length of the documents).
    public init<S: Sequence>(documents: S) where S.Element == String {
        self.init(termLists: documents.map(LabelTokenizer.terms))
    }

    /// Counts document frequencies over labels already split into terms.
    init(termLists: [[String]]) {
        var ids: [String: Int32] = [:]
        var df: [Int32] = []
        for terms in termLists {
            // First-occurrence order: term ids (and so the order of every sum over them) do
            // not depend on hashing, which is seeded per process.
            for term in terms.uniqued() {
                if let id = ids[term] {
                    df[Int(id)] += 1
                } else {
                    ids[term] = Int32(df.count)
                    df.append(1)
                }
            }
        }
        self.documentCount = termLists.count
        self.ids = ids
        self.documentFrequency = df
    }

    /// Number of distinct terms seen.
    public var termCount: Int { documentFrequency.count }

    /// Labels of the corpus holding `term` (a stem, as ``LabelTokenizer/terms(_:)`` gives).
    public func documentFrequency(of term: String) -> Int {
        ids[term].map { Int(documentFrequency[Int($0)]) } ?? 0
    }

    /// The inverse document frequency of `term`: `ln((1 + N) / (1 + df)) + 1`, or 0 for a term
    /// held by more than half of the corpus.
    public func inverseDocumentFrequency(of term: String) -> Double {
        idf(df: documentFrequency(of: term))
    }

    /// Corpora smaller than this keep every term's weight: half of a handful of labels says
    /// nothing about which words are templates.
    public static let commonTermMinimumCorpus = 20

    private func idf(df: Int) -> Double {
        if documentCount >= Self.commonTermMinimumCorpus && 2 * df > documentCount { return 0 }
        return log(Double(1 + documentCount) / Double(1 + df)) + 1
    }

    /// The unit TF-IDF vector of a label split into terms. Terms unknown to the corpus get ids
    /// from `unknown`, shared between the vectors that are to be compared.
    func vector(terms: [String], unknown: inout [String: Int32]) -> TermVector {
        var counts: [Int32: Int] = [:]
        var unknownDF: Set<Int32> = []
        for term in terms {
            let id: Int32
            if let known = ids[term] {
                id = known
            } else if let seen = unknown[term] {
                id = seen
                unknownDF.insert(id)
            } else {
                id = Int32(termCount + unknown.count)
                unknown[term] = id
                unknownDF.insert(id)
            }
            counts[id, default: 0] += 1
        }
        var sorted: [Int32] = []
        var weights: [Double] = []
        for id in counts.keys.sorted() {
            let df = unknownDF.contains(id) ? 0 : Int(documentFrequency[Int(id)])
            let w = Double(counts[id]!) * idf(df: df)
            if w > 0 {
                sorted.append(id)
                weights.append(w)
            }
        }
        let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { weights = weights.map { $0 / norm } }
        return TermVector(ids: sorted, weights: weights)
    }
}

/// A sparse unit vector over term ids: ids ascending, weights non-negative. Empty when the
/// label has no content term.
struct TermVector: Sendable, Equatable {
    var ids: [Int32]
    var weights: [Double]

    var isEmpty: Bool { ids.isEmpty }

    /// Cosine with `other`; see ``TermVector/cosine(_:_:_:_:)``.
    func cosine(_ other: TermVector) -> Double {
        ids.withUnsafeBufferPointer { a in
            weights.withUnsafeBufferPointer { wa in
                other.ids.withUnsafeBufferPointer { b in
                    other.weights.withUnsafeBufferPointer { wb in Self.cosine(a[...], wa[...], b[...], wb[...]) }
                }
            }
        }
    }

    /// Cosine of two unit vectors by merging their sorted ids, clamped to [0, 1] against
    /// rounding; 0 when either is empty.
    /// - Complexity: O(a + b) in the number of terms.
    static func cosine(
        _ a: Slice<UnsafeBufferPointer<Int32>>, _ wa: Slice<UnsafeBufferPointer<Double>>,
        _ b: Slice<UnsafeBufferPointer<Int32>>, _ wb: Slice<UnsafeBufferPointer<Double>>
    ) -> Double {
        var i = a.startIndex
        var j = b.startIndex
        var sum = 0.0
        while i < a.endIndex && j < b.endIndex {
            let x = a[i]
            let y = b[j]
            if x == y {
                sum += wa[i] * wb[j]
                i += 1
                j += 1
            } else if x < y {
                i += 1
            } else {
                j += 1
            }
        }
        return min(max(sum, 0), 1)
    }
}

/// Many term vectors in flat arrays (row `r` is `ids[start[r]..<start[r + 1]]`), so that
/// comparing two stored labels touches no reference counts.
struct TermVectorTable: Sendable {
    private var start: [Int] = [0]
    private var ids: [Int32] = []
    private var weights: [Double] = []

    var count: Int { start.count - 1 }

    /// Appends a vector and returns its row.
    mutating func append(_ v: TermVector) -> Int32 {
        ids.append(contentsOf: v.ids)
        weights.append(contentsOf: v.weights)
        start.append(ids.count)
        return Int32(count - 1)
    }

    func isEmpty(row r: Int32) -> Bool { start[Int(r)] == start[Int(r) + 1] }

    /// Cosine of two rows.
    func cosine(_ r: Int32, _ s: Int32) -> Double {
        let ra = start[Int(r)]..<start[Int(r) + 1]
        let rb = start[Int(s)]..<start[Int(s) + 1]
        return ids.withUnsafeBufferPointer { id in
            weights.withUnsafeBufferPointer { w in TermVector.cosine(id[ra], w[ra], id[rb], w[rb]) }
        }
    }
}
