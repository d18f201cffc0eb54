import Foundation

/// The character n-grams of a label, word-bounded, as scikit-learn's
/// `TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))` takes them.
///
/// The text is normalised (Unicode NFKC, then lowercased) and split at white space; each word
/// is padded with one space on each side, and every run of 3, 4 and 5 consecutive Unicode
/// scalars of the padded word is an n-gram. A padded word shorter than `n` gives itself once
/// (and no longer n-grams). Punctuation stays inside words, so `token ":"` has n-grams of its
/// own and agrees with another label about the token `":"`.
///
/// Each n-gram is kept as a 64-bit FNV-1a hash of its scalars, not as a string: no string is
/// built and ids do not depend on any dictionary's order. Two different n-grams share a hash
/// with probability about 2⁻⁶⁴ per pair, which is ignored.
///
/// ```swift
/// CharNGrams.hashes("to be").count  // " to", "to ", " to ", " be", "be ", " be " -> 6
/// ```
///
/// - Complexity: O(n) in the label's length (at most 3 n-grams per scalar).
public enum CharNGrams {
    /// The shortest and longest n-gram, in Unicode scalars.
    public static let lengths = 3...5

    /// The hashes of the text's n-grams, word by word, shorter n-grams first; repeats kept
    /// (they count as term frequency).
    public static func hashes(_ text: String) -> [UInt64] {
        var out: [UInt64] = []
        forEachGram(text) { out.append(hash($0)) }
        return out
    }

    /// The n-grams themselves, in the order of ``hashes(_:)`` (for tests and for reading).
    public static func grams(_ text: String) -> [String] {
        var out: [String] = []
        forEachGram(text) { gram in
            out.append(String(String.UnicodeScalarView(gram.compactMap(Unicode.Scalar.init))))
        }
        return out
    }

    /// Calls `body` with the scalar values of each n-gram in order.
    static func forEachGram(_ text: String, _ body: (ArraySlice<UInt32>) -> Void) {
        var word: [UInt32] = [32]
        func flush() {
            guard word.count > 1 else { return }
            word.append(32)
            for n in lengths {
                if word.count <= n {
                    body(word[...])
                    break
                }
                for start in 0...(word.count - n) { body(word[start..<(start + n)]) }
            }
            word.removeSubrange(1...)
        }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: NFKC changes nothing, lowercasing is A-Z only and the white space is
            // U+0009-U+000D and U+0020 (Unicode's White_Space in this range); same n-grams,
            // without building the normalised string.
            for b in text.utf8 {
                if b == 0x20 || (0x09...0x0D).contains(b) {
                    flush()
                } else {
                    word.append(UInt32((0x41...0x5A).contains(b) ? b + 0x20 : b))
                }
            }
            flush()
            return
        }
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace { flush() } else { word.append(scalar.value) }
        }
        flush()
    }

    /// FNV-1a over the scalars' four little-endian bytes each.
    static func hash(_ scalars: ArraySlice<UInt32>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for s in scalars {
            var v = s
            for _ in 0..<4 {
                h = (h ^ UInt64(v & 0xFF)) &* 0x0000_0100_0000_01B3
                v >>= 8
            }
        }
        return h
    }

    /// The hash of one n-gram given as text (as ``hashes(_:)`` computes it).
    public static func hash(_ gram: String) -> UInt64 { hash(ArraySlice(gram.unicodeScalars.map(\.value))) }
}
