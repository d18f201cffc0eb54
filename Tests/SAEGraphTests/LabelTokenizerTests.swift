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
