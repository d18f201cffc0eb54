#!/usr/bin/env python3
"""Writes the label-similarity references in Tests/SAEGraphTests/Fixtures/label-similarity/.

char-ngram-tfidf.json: a fixed set of labels, the word-bounded character n-grams scikit-learn
takes from some of them, and the cosine matrix of their TF-IDF vectors from
`TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))` (scikit-learn's defaults otherwise:
lowercase, smooth idf, l2 norm). saegraph's CharNGramEncoder, learning document frequencies
from the same labels (fewer than 20, so no n-gram is dropped as template), must agree.

Needs: pip install scikit-learn numpy
Run from the repository root: python3 scripts/make-label-references.py
"""
import json
import os

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "SAEGraphTests", "Fixtures",
                    "label-similarity")

LABELS = [
    "phrases related to adding something positive",
    "words related to enhancement or improvement",
    "religious texts",
    "spiritual teachings",
    "raising issues",
    "topic brought up",
    "adding to a collection",
    "the word 'add'",
    'token ":"',
    "the colon character ':' in code",
    "plural s",
    "Plural nouns ending in -s",
    "Mentions of the state of  Wyoming",
    "Irish surnames",
    "Pokémon cards",
    "a",
]


def main():
    os.makedirs(ROOT, exist_ok=True)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))
    x = vectorizer.fit_transform(LABELS)
    cos = (x @ x.T).toarray()
    analyzer = vectorizer.build_analyzer()
    out = {
        "labels": LABELS,
        "ngrams": {t: analyzer(t) for t in ["to be", 'token ":"', "Pokémon cards", "a", "ab"]},
        "cosine": [[float(v) for v in row] for row in np.asarray(cos)],
    }
    with open(os.path.join(ROOT, "char-ngram-tfidf.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
