import Foundation

/// Splits a feature label into the content terms that ``LabelCoherence`` compares.
///
/// The steps, in order:
/// 1. Unicode compatibility normalisation (NFKC) and lowercasing, so `ﬁ`/`fi`, full-width and
///    composed/decomposed accents agree.
/// 2. Splitting: a term is a maximal run of letters, combining marks and numbers (Unicode
///    general categories L*, M*, N*); everything else (spaces, punctuation, quotes of any kind,
///    symbols such as `®` or `¦`) separates terms. Apostrophes separate too, so `John's` gives
///    `john` and `s`, and `s` is a stop word. GPT-2 byte-level artefacts quoted in labels
///    (`Ċ`, `Ģ`, `âĢĶ`) are Latin letters in Unicode and stay terms (`ċ`, `âģķ`), so two
///    labels about the same artefact do match.
/// 3. Dropping ``stopWords`` (English function words, the pieces of `e.g.`, `i.e.` and
///    contractions, hedges such as `possibly`).
/// 4. Light stemming (``stem(_:)``), then dropping ``boilerplateStems``: the framing words of
///    automatic interpretability labels ("words related to …", "phrases …").
///
/// Text inside double quotes (`"…"` or `“…”`) is what a label is about — `the word "for"`,
/// `top tokens: "are", "is"` — so its terms skip steps 3 and 4's dropping (they are still
/// stemmed): a label about the token "for" shares a term with another one about "for".
///
/// - Complexity: O(n) in the label's length.
public enum LabelTokenizer {
    /// Content terms of `text`, in order, repeats kept (they count as term frequency).
    public static func terms(_ text: String) -> [String] {
        var out: [String] = []
        var word: [Unicode.Scalar] = []
        var quoted = false
        func flush() {
            guard !word.isEmpty else { return }
            let raw = String(String.UnicodeScalarView(word))
            word.removeAll(keepingCapacity: true)
            if quoted {
                let stemmed = stem(raw)
                out.append(stemmed.isEmpty ? raw : stemmed)
                return
            }
            guard !stopWords.contains(raw) else { return }
            let stemmed = stem(raw)
            guard !stemmed.isEmpty, !boilerplateStems.contains(stemmed) else { return }
            out.append(stemmed)
        }
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if isTermScalar(scalar) {
                word.append(scalar)
            } else {
                flush()
                switch scalar {
                case "\"": quoted.toggle()
                case "\u{201C}": quoted = true
                case "\u{201D}": quoted = false
                default: break
                }
            }
        }
        flush()
        return out
    }

    /// Letters, combining marks and numbers belong to terms; all else separates them.
    static func isTermScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Light suffix stripping, applied to lowercase words; only ASCII suffixes are touched.
    ///
    /// 1. Plurals: `-ies` → `-y` (words over 4 letters: `cities` → `city`); `-sses` → `-ss`;
    ///    otherwise a final `s` is dropped from words over 3 letters unless they end in `ss`,
    ///    `us` or `is` (`dates` → `date`, but `status`, `analysis`, `class` stay).
    /// 2. `-ing` (words over 5 letters) or `-ed` (words over 4 letters, not `-eed`) is dropped when
    ///    what is left holds a vowel (`a e i o u y`): `dating` → `dat`, `named` → `nam`; `thing`,
    ///    `string`, `red`, `need` stay. A doubled final consonant left behind is undoubled
    ///    (`running` → `run`), except `l`, `s`, `z`.
    /// 3. A final `e` is dropped from words of 3 letters or more, so the forms meet:
    ///    `date`, `dates`, `dated`, `dating` all give `dat`.
    ///
    /// Stems are internal keys, not words: they only need to agree with each other.
    public static func stem(_ word: String) -> String {
        var w = Array(word.utf8)
        func ends(_ suffix: String) -> Bool {
            let s = Array(suffix.utf8)
            return w.count >= s.count && Array(w[(w.count - s.count)...]) == s
        }
        func hasVowel(_ part: ArraySlice<UInt8>) -> Bool {
            part.contains { "aeiouy".utf8.contains($0) }
        }
        if w.count > 4 && ends("ies") {
            w.removeLast(3)
            w.append(UInt8(ascii: "y"))
        } else if ends("sses") {
            w.removeLast(2)
        } else if w.count > 3 && ends("s") && !ends("ss") && !ends("us") && !ends("is") {
            w.removeLast()
        }
        var stripped = false
        if w.count > 5 && ends("ing") && hasVowel(w[..<(w.count - 3)]) {
            w.removeLast(3)
            stripped = true
        } else if w.count > 4 && ends("ed") && !ends("eed") && hasVowel(w[..<(w.count - 2)]) {
            w.removeLast(2)
            stripped = true
        }
        if stripped, w.count >= 3, let last = w.last, last == w[w.count - 2],
            !"aeiouylsz".utf8.contains(last), last >= UInt8(ascii: "a"), last <= UInt8(ascii: "z")
        {
            w.removeLast()
        }
        if w.count >= 3 && ends("e") { w.removeLast() }
        return String(decoding: w, as: UTF8.self)
    }

    /// English function words and label hedges, matched before stemming.
    public static let stopWords: Set<String> = [
        "a", "about", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being", "both", "but",
        "by", "can", "could", "d", "did", "do", "does", "doing", "e", "each", "eg", "especially", "etc",
        "for", "from", "g", "had", "has", "have", "having", "he", "her", "his", "how", "i", "ie", "if",
        "in", "including", "into", "is", "it", "its", "itself", "like", "likely", "ll", "m", "may",
        "might", "more", "most", "no", "nor", "not", "of", "often", "on", "once", "only", "or", "other",
        "our", "out", "over", "own", "possibly", "potentially", "re", "s", "same", "she", "should", "so",
        "some", "such", "t", "than", "that", "the", "their", "them", "then", "there", "these", "they",
        "this", "those", "through", "to", "too", "typically", "under", "until", "up", "usually", "ve",
        "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
        "will", "with", "within", "would", "you", "your",
    ]

    /// Stems of the framing words of automatic interpretability labels, dropped after stemming.
    ///
    /// Derived from document frequency in the 52,879 non-empty GPT-2 small labels of
    /// `examples/gpt2-ioi/explanations.jsonl.gz` (written by GPT-3.5-turbo for Neuronpedia):
    /// after stop words and stemming, these are the stems found in at least 2% of labels that
    /// say what kind of text a feature fires on rather than what it is about. Share of labels:
    /// related 49.7%, word(s) 21.3%, phrase(s) 20.4%, mention(s) 13.1%, term(s) 12.1%,
    /// reference(s) 11.3%, specific 8.9%, various 3.4%, instance(s) 3.1%, indicating 3.1%,
    /// text 2.9%, specifically 2.8%, particularly 2.6%, something 2.6%, concept(s) 2.4%,
    /// context(s) 3.7%, followed 2.4%, keyword(s) 2.2%.
    /// Topic-bearing stems that frequent were kept: names 12.9%, actions 5.8%, proper 4.0%,
    /// locations 3.8%, events 3.8%, nouns 3.6% and so on. Inverse document frequency weighs
    /// those down without erasing them.
    public static let boilerplateStems: Set<String> = [
        "relat", "word", "phras", "mention", "term", "referenc", "specific", "specifically", "various",
        "instanc", "indicat", "text", "context", "particularly", "someth", "concept", "follow", "keyword",
    ]
}
