import Foundation

/// BERT's WordPiece tokenizer as `tokenizer.json` describes it (Hugging Face `tokenizers`:
/// `BertNormalizer`, `BertPreTokenizer`, `WordPiece`, `[CLS] $A [SEP]`).
///
/// 1. Added special tokens (`[CLS]`, `[UNK]`, …) written literally in the text are kept whole.
/// 2. Normalising: control characters and U+FFFD dropped, white space made a space, CJK
///    ideographs set apart by spaces, accents stripped (NFD, non-spacing marks dropped) and
///    text lowercased (when `lowercase` is set; accents follow it unless `strip_accents` says).
/// 3. Pre-tokenising: split at white space; every punctuation character (ASCII punctuation
///    or Unicode category P*) is a word of its own.
/// 4. WordPiece: greedy longest match from the vocabulary, later pieces prefixed `##`; a word
///    with an unmatched rest, or longer than `max_input_chars_per_word`, is `[UNK]`.
/// 5. `[CLS]` + pieces + `[SEP]`, pieces cut so that the whole fits `maxTokens`.
///
/// - Complexity: O(n · w) for n characters and words of at most w characters.
public struct WordPieceTokenizer: Sendable {
    private let vocabulary: [String: Int32]
    private let special: [(text: String, id: Int32)]
    private let unknown: Int32
    public let classifier: Int32
    public let separator: Int32
    private let prefix: String
    private let maxWordCharacters: Int
    private let lowercase: Bool
    private let stripAccents: Bool
    private let cleanText: Bool
    private let chineseCharacters: Bool
    /// Longest output, [CLS] and [SEP] included.
    public let maxTokens: Int

    /// Reads `tokenizer.json`.
    /// - Throws: `.malformedFile` or `.unsupported` naming the file and field.
    public init(path: String, maxTokens: Int) throws {
        let json = try SentenceModelFolder.object(path)
        guard let model = json["model"], model.members != nil else {
            throw SAEGraphError(.malformedFile, "\(path): no model object")
        }
        guard model["type"]?.text == "WordPiece", let vocab = model["vocab"]?.members else {
            throw SAEGraphError(
                .unsupported,
                "\(path): model type is \(model["type"].map(SentenceModelFolder.describe) ?? "missing"); only WordPiece is supported"
            )
        }
        var vocabulary: [String: Int32] = [:]
        for (token, id) in vocab {
            guard let v = id.integer.flatMap(Int32.init(exactly:)) else {
                throw SAEGraphError(.malformedFile, "\(path): vocab entry \(token) is not a token id")
            }
            vocabulary[token] = v
        }
        self.vocabulary = vocabulary
        func id(_ token: String) throws -> Int32 {
            guard let v = vocabulary[token] else {
                throw SAEGraphError(.malformedFile, "\(path): the vocabulary has no \(token)")
            }
            return v
        }
        unknown = try id(model["unk_token"]?.text ?? "[UNK]")
        classifier = try id("[CLS]")
        separator = try id("[SEP]")
        prefix = model["continuing_subword_prefix"]?.text ?? "##"
        maxWordCharacters = model["max_input_chars_per_word"]?.integer ?? 100
        let normalizer = json["normalizer"]?.members != nil ? json["normalizer"]! : [:]
        guard normalizer.members!.isEmpty || normalizer["type"]?.text == "BertNormalizer" else {
            throw SAEGraphError(
                .unsupported,
                "\(path): normalizer \(normalizer["type"].map(SentenceModelFolder.describe) ?? "?"); only BertNormalizer"
            )
        }
        lowercase = normalizer["lowercase"]?.boolean ?? true
        stripAccents = normalizer["strip_accents"]?.boolean ?? lowercase
        cleanText = normalizer["clean_text"]?.boolean ?? true
        chineseCharacters = normalizer["handle_chinese_chars"]?.boolean ?? true
        let added = json["added_tokens"]?.elements ?? []
        special = added.compactMap { t in
            guard t["special"]?.boolean == true, let text = t["content"]?.text, let id = t["id"]?.integer,
                let id32 = Int32(exactly: id)
            else { return nil }
            return (text, id32)
        }.sorted { $0.text.count > $1.text.count }
        self.maxTokens = max(maxTokens, 2)
    }

    /// Token ids of `text`: `[CLS]`, its pieces (cut to fit), `[SEP]`.
    public func encode(_ text: String) -> [Int32] {
        var pieces: [Int32] = []
        for part in splitSpecial(text) {
            switch part {
            case .special(let id): pieces.append(id)
            case .text(let t): for word in words(normalize(t)) { wordPieces(word, into: &pieces) }
            }
        }
        if pieces.count > maxTokens - 2 { pieces.removeLast(pieces.count - (maxTokens - 2)) }
        return [classifier] + pieces + [separator]
    }

    private enum Part {
        case text(String)
        case special(Int32)
    }

    private func splitSpecial(_ text: String) -> [Part] {
        guard !special.isEmpty, text.contains("[") || special.contains(where: { !$0.text.hasPrefix("[") }) else {
            return [.text(text)]
        }
        var parts: [Part] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            var best: (Range<Substring.Index>, Int32)? = nil
            for (t, id) in special {
                if let r = rest.range(of: t), best == nil || r.lowerBound < best!.0.lowerBound { best = (r, id) }
            }
            guard let (r, id) = best else { break }
            if r.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<r.lowerBound]))) }
            parts.append(.special(id))
            rest = rest[r.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return parts
    }

    private func normalize(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for s in text.unicodeScalars {
            if cleanText {
                if s.value == 0 || s.value == 0xFFFD || (Self.isControl(s)) { continue }
                if Self.isWhitespace(s) {
                    out.append(" ")
                    continue
                }
            }
            if chineseCharacters && Self.isCJK(s.value) {
                out += [" ", s, " "]
            } else {
                out.append(s)
            }
        }
        var string = String(String.UnicodeScalarView(out))
        if stripAccents {
            string = String(
                String.UnicodeScalarView(
                    string.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                        $0.properties.generalCategory != .nonspacingMark
                    }))
        }
        if lowercase { string = string.lowercased() }
        return Array(string.unicodeScalars)
    }

    /// Words: runs between white space, each punctuation character alone.
    private func words(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var out: [[Unicode.Scalar]] = []
        var word: [Unicode.Scalar] = []
        for s in scalars {
            if Self.isWhitespace(s) {
                if !word.isEmpty { out.append(word) }
                word = []
            } else if Self.isPunctuation(s) {
                if !word.isEmpty { out.append(word) }
                out.append([s])
                word = []
            } else {
                word.append(s)
            }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }

    private func wordPieces(_ word: [Unicode.Scalar], into out: inout [Int32]) {
        guard word.count <= maxWordCharacters else {
            out.append(unknown)
            return
        }
        var found: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var match: Int32? = nil
            while start < end {
                var piece = String(String.UnicodeScalarView(word[start..<end]))
                if start > 0 { piece = prefix + piece }
                if let id = vocabulary[piece] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else {
                out.append(unknown)
                return
            }
            found.append(match)
            start = end
        }
        out += found
    }

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.isWhitespace
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse: return true
        default: return false
        }
    }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
