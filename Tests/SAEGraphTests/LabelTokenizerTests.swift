import Testing

@testable import SAEGraph

@Suite struct LabelTokenizerTests {
    @Test func dropsStopWordsAndBoilerplate() {
        #expect(LabelTokenizer.terms("Words related to dates and locations") == ["dat", "location"])
        #expect(LabelTokenizer.terms("mentions of the state of Wyoming") == ["stat", "wyom"])
        #expect(LabelTokenizer.terms("phrases related to specific words or terms") == [])
    }

    @Test func emptyAndSeparatorOnlyLabels() {
        #expect(LabelTokenizer.terms("") == [])
        #expect(LabelTokenizer.terms("  \n\t\"'<>&…—") == [])
        #expect(LabelTokenizer.terms("e.g., i.e., etc.") == [])
    }

    @Test func quotesOfEveryKindSeparate() {
        let expected = ["human"]
        #expect(LabelTokenizer.terms("mentions of the word \"human\"") == expected)
        #expect(LabelTokenizer.terms("mentions of the word “human”") == expected)
        #expect(LabelTokenizer.terms("mentions of the word 'human'") == expected)
        #expect(LabelTokenizer.terms("John's dog") == ["john", "dog"])
        #expect(LabelTokenizer.terms("<b>bold</b> &amp;") == ["b", "bold", "b", "amp"])
    }

    @Test func gpt2ByteArtefactsStayTerms() {
        #expect(
            LabelTokenizer.terms("specific characters or symbols (e.g., \"Ċ\") occurring repeatedly in the text")
                == ["character", "symbol", "ċ", "occur", "repeatedly"])
        #expect(LabelTokenizer.terms("characters (\"Ċ\")") == ["character", "ċ"])
        // NFKC spells the ligature `ĳ` as `ij`.
        #expect(LabelTokenizer.terms("symbols like 'âĢĳ'") == ["symbol", "âģij"])
        #expect(LabelTokenizer.terms("the symbol \"âĢ¦\"") == ["symbol", "âģ"])
    }

    @Test func nonASCIIText() {
        #expect(LabelTokenizer.terms("Pokémon cards") == ["pokémon", "card"])
        // Decomposed and precomposed accents, ligatures and full-width letters agree.
        #expect(LabelTokenizer.terms("Poke\u{301}mon") == ["pokémon"])
        #expect(LabelTokenizer.terms("ﬁsh") == ["fish"])
        #expect(LabelTokenizer.terms("ＷＹＯＭＩＮＧ") == ["wyom"])
        #expect(LabelTokenizer.terms("Müller, García, Straße") == ["müller", "garcía", "straß"])
        #expect(LabelTokenizer.terms("东京 and 1990s") == ["东京", "1990"])
    }

    @Test(arguments: [
        ("dates", "dat"), ("date", "dat"), ("dated", "dat"), ("dating", "dat"),
        ("cities", "city"), ("running", "run"), ("boxes", "box"), ("names", "nam"), ("named", "nam"),
        ("status", "status"), ("analysis", "analysis"), ("class", "class"), ("classes", "class"),
        ("thing", "thing"), ("string", "string"), ("need", "need"), ("agreed", "agreed"), ("red", "red"),
        ("falling", "fall"), ("ties", "ti"), ("tie", "ti"), ("locations", "location"),
    ])
    func stemming(word: String, stem: String) {
        #expect(LabelTokenizer.stem(word) == stem)
    }

    @Test func boilerplateIsStemmedAndStopWordsAreNot() {
        let words = [
            "related", "words", "phrases", "mentions", "terms", "references", "specific", "specifically",
            "various", "instances", "indicating", "text", "contexts", "particularly", "something", "concepts",
            "followed", "keywords",
        ]
        #expect(Set(words.map(LabelTokenizer.stem)) == LabelTokenizer.boilerplateStems)
        for s in LabelTokenizer.stopWords {
            #expect(LabelTokenizer.terms(s).isEmpty)
            #expect(s == s.lowercased())
        }
    }
}

@Suite struct QuotedTermTests {
    @Test func quotedWordsAreKeptEvenWhenStopWords() {
        #expect(LabelTokenizer.terms(#"the word "for""#) == ["for"])
        let terms = LabelTokenizer.terms(#"top tokens: "are", "is" | «… are not usable»"#)
        #expect(terms.contains(LabelTokenizer.stem("are")) && terms.contains("is"))
        #expect(terms.filter { $0 == LabelTokenizer.stem("are") }.count == 1)  // the unquoted "are" is dropped
        #expect(LabelTokenizer.terms("“The” at the start of sentences").first == LabelTokenizer.stem("the"))
        // Outside quotes the same words are still dropped.
        #expect(!LabelTokenizer.terms("words related to the word for").contains("for"))
    }

    @Test func labelsAboutTheSameQuotedTokenAgree() {
        // Enough generated labels that their template words ("top tokens") weigh nothing.
        var labels: [FeatureID: String] = [
            FeatureID(layer: 3, index: 1): #"top tokens: "for" | «tests the value passed in for truth»"#,
            FeatureID(layer: 4, index: 2): #"top tokens: "for" | «equivalent to nested for loops»"#,
            FeatureID(layer: 4, index: 3): #"top tokens: "path" | «a path object»"#,
        ]
        for i in 10..<40 { labels[FeatureID(layer: 5, index: i)] = "top tokens: \"w\(i)\" | «x\(i)»" }
        let store = LabelStore(labels: labels)
        let c = LabelCoherence(labels: store)
        // Shared subject, different contexts: similar enough not to be flagged as disagreeing.
        #expect(
            (c.similarity(FeatureID(layer: 3, index: 1), FeatureID(layer: 4, index: 2)) ?? 0)
                > LabelCoherence.defaultLowCoherence)
        #expect((c.similarity(FeatureID(layer: 3, index: 1), FeatureID(layer: 4, index: 3)) ?? 1) < 0.05)
    }
}
