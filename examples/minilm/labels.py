"""Short, real feature descriptions from top-activating tokens (Neuronpedia JSONL export).

For each live feature: the distinct tokens among its `top_n` strongest activations (most
frequent first), then the single strongest activation shown in context with the token in
**bold**, e.g.  top tokens: "def", "class" | «… returns the **value** of …»
Descriptions are capped at 120 characters.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp

MAX_CHARS = 120


def _word(tok, i: int) -> str:
    return tok.id_to_token(int(i))


NO_SPACE_BEFORE = set(".,;:!?)]}’”'")
NO_SPACE_AFTER = set("([{‘“’'")


def _join(pieces: list[str]) -> str:
    """WordPiece tokens back to text: '##' pieces glue on, no space before closing punctuation
    or after opening punctuation (the bold markers around the focus token are ignored)."""
    out = ""
    prev = ""
    for p in pieces:
        bare = p.strip("*")
        if p.startswith("**##"):
            out += "**" + p[4:]
        elif p.startswith("##"):
            out += p[2:]
        elif not out or (len(bare) == 1 and bare in NO_SPACE_BEFORE) or prev in NO_SPACE_AFTER:
            out += p
        else:
            out += " " + p
        prev = bare if len(bare) == 1 else ""
    return out


def context(tok, seq: list[int], pos: int, before: int = 5, after: int = 3) -> str:
    """Text around position `pos` of a [CLS] … [SEP] sequence, the token itself in bold."""
    lo, hi = max(1, pos - before), min(len(seq) - 1, pos + after + 1)
    pieces = [_word(tok, t) for t in seq[lo:hi]]
    pieces[pos - lo] = "**" + pieces[pos - lo] + "**"
    text = _join(pieces)
    return ("… " if lo > 1 else "") + text + (" …" if hi < len(seq) - 1 else "")


def describe(codes: sp.csc_matrix, tokens: np.ndarray, seq_of: np.ndarray, pos_of: np.ndarray,
             seqs: list[list[int]], tok, top_n: int = 20) -> dict[int, str]:
    """{feature: description} for every feature with at least one activation in `codes`."""
    out = {}
    for f in range(codes.shape[1]):
        a, b = codes.indptr[f], codes.indptr[f + 1]
        if a == b:
            continue
        rows, vals = codes.indices[a:b], codes.data[a:b]
        top = rows[np.argsort(-vals, kind="stable")[:top_n]]
        words = Counter(_join([_word(tok, tokens[r])]) for r in top)
        names = [w for w, _ in sorted(words.items(), key=lambda kv: (-kv[1], list(words).index(kv[0])))]
        head = "top tokens: " + ", ".join(json.dumps(w, ensure_ascii=False) for w in names[:4])
        r0 = top[0]
        ctx = context(tok, seqs[seq_of[r0]], int(pos_of[r0]))
        text = f"{head} | «{ctx}»"
        if len(text) > MAX_CHARS:
            head = "top tokens: " + ", ".join(json.dumps(w, ensure_ascii=False) for w in names[:2])
            text = f"{head} | «{ctx}»"
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS - 2] + "…»"
        out[f] = text
    return out


def write_jsonl_gz(path: Path, rows: list[tuple[str, int, str]]) -> None:
    """rows: (source id such as '3-res-topk', feature index, description). Rows carry no
    `modelId`: these SAEs have no Neuronpedia pages, and a reader that sees `modelId` may link
    to them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with gzip.GzipFile(tmp, "wb", mtime=0) as gz:
        for source, index, text in rows:
            gz.write((json.dumps({"layer": source, "index": str(index),
                                  "description": text}, ensure_ascii=False) + "\n").encode("utf-8"))
    tmp.rename(path)
