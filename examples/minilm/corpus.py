"""Prose paragraphs from the Python 3.11 documentation (Debian package `python3.11-doc`).

Each HTML page is one document. From its main body (`<div class="body">`, so navigation,
sidebar and footer are left out) we keep the text of every `<p>` element (tags
stripped, entities unescaped, whitespace collapsed); `<pre>` code blocks are never inside
`<p>` and are dropped, inline `<code>` words stay as part of the sentence. Index and search
pages are skipped. Documents are split into train / held-out by a seeded shuffle of their
sorted paths, so no paragraph of a held-out page is seen in training.

Each paragraph becomes one or more sequences of at most 128 WordPiece tokens
([CLS] + up to 126 pieces + [SEP]); longer paragraphs are cut into consecutive windows.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import numpy as np

SKIP_PAGES = re.compile(r"(^|/)(genindex[^/]*|search|py-modindex|contents|copyright|license)\.html$")
MIN_WORDS = 5


class _ParagraphParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0          # nesting of <p>
        self.skip = 0           # inside <pre>/<script>/<style>
        self.buf: list[str] = []
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("pre", "script", "style"):
            self.skip += 1
        elif tag == "p":
            if self.depth == 0:
                self.buf = []
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in ("pre", "script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "p" and self.depth > 0:
            self.depth -= 1
            if self.depth == 0:
                text = re.sub(r"\s+", " ", html.unescape("".join(self.buf))).strip()
                text = text.replace("\u00b6", "").strip()  # permalink pilcrows
                if len(text.split()) >= MIN_WORDS:
                    self.paragraphs.append(text)

    def handle_data(self, data):
        if self.depth > 0 and self.skip == 0:
            self.buf.append(data)


def html_root(pydoc: Path) -> Path:
    return pydoc / "usr" / "share" / "doc" / "python3.11" / "html"


def document_paragraphs(root: Path) -> dict[str, list[str]]:
    """{relative page path: [paragraph text, …]} for every content page, sorted by path."""
    docs: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("_") or SKIP_PAGES.search(rel):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        start = text.find('<div class="body"')
        end = text.find('<div class="sphinxsidebar"', max(start, 0))
        if start < 0:
            continue
        parser = _ParagraphParser()
        parser.feed(text[start:end if end > start else len(text)])
        if parser.paragraphs:
            docs[rel] = parser.paragraphs
    return docs


@dataclass
class Split:
    """Token sequences of one split. `doc` and `para` index into `Corpus.docs` / paragraphs."""
    ids: list[list[int]] = field(default_factory=list)
    doc: list[str] = field(default_factory=list)

    @property
    def n_tokens(self) -> int:
        return sum(len(s) for s in self.ids)


def _sequences(paragraphs: list[str], tok, max_tokens: int) -> list[list[int]]:
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    body = max_tokens - 2
    out = []
    for enc in tok.encode_batch(paragraphs, add_special_tokens=False):
        for start in range(0, len(enc.ids), body):
            chunk = enc.ids[start:start + body]
            if len(chunk) >= 4:
                out.append([cls, *chunk, sep])
    return out


def build_splits(docs: dict[str, list[str]], tok, seed: int, token_budget: int,
                 heldout_fraction: float, max_tokens: int) -> tuple[Split, Split]:
    """Visit documents in a `seed`-shuffled order of their sorted paths, keep whole documents
    until `token_budget` tokens (specials included) are reached; the first documents visited
    form the held-out split (until `heldout_fraction` of the budget), the rest train."""
    names = sorted(docs)
    order = np.random.default_rng(seed).permutation(len(names))
    tok.no_truncation()
    train, test = Split(), Split()
    total = 0
    for i in order:
        if total >= token_budget:
            break
        seqs = _sequences(docs[names[i]], tok, max_tokens)
        target = test if total < heldout_fraction * token_budget else train
        target.ids.extend(seqs)
        target.doc.extend([names[i]] * len(seqs))
        total += sum(len(s) for s in seqs)
    tok.enable_truncation(max_length=max_tokens)
    return train, test
