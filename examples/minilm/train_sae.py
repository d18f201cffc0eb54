"""TopK sparse autoencoder training in numpy/scipy (float32, CPU).

Model (on inputs x already scaled to unit mean squared norm):
    pre   = (x - b_dec) @ W_enc + b_enc                 W_enc [d_in, d_sae]
    z     = ReLU of the k largest entries of pre, 0 elsewhere
    x_hat = z @ W_dec + b_dec                           W_dec [d_sae, d_in], rows unit norm
Loss = mean over tokens of ||x - x_hat||^2 + aux_coef * AuxK, where AuxK (Gao et al. 2024)
reconstructs the residual x - x_hat with the k_aux largest pre-activations among latents that
have not fired for `dead_tokens` tokens. Decoder rows are renormalised after every Adam step,
and the gradient component parallel to each row is projected out before the step.
All sparse products go through scipy.sparse, so each step costs one dense [B, d_in] x
[d_in, d_sae] product for the encoder and one [B, d_in] x [d_in, d_sae] for the decoder
gradient w.r.t. the codes; everything else is O(B k d_in).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp


@dataclass
class OptimConfig:
    """Adam and schedule settings shared by the TopK and ReLU trainers."""
    lr: float = 2e-3
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    batch_size: int = 2048
    epochs: int = 3
    decay_fraction: float = 0.2
    seed: int = 0


@dataclass
class TopKConfig(OptimConfig):
    d_in: int = 384
    d_sae: int = 3072
    k: int = 32
    k_aux: int = 256
    aux_coef: float = 1.0 / 32.0
    dead_tokens: int = 200_000


@dataclass
class TopKSAE:
    W_enc: np.ndarray
    b_enc: np.ndarray
    W_dec: np.ndarray
    b_dec: np.ndarray
    k: int

    def encode_topk(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Returns (pre [B, d_sae], idx [B, k], val [B, k] after ReLU)."""
        pre = (x - self.b_dec) @ self.W_enc + self.b_enc
        idx = np.argpartition(pre, -self.k, axis=1)[:, -self.k:]
        val = np.maximum(np.take_along_axis(pre, idx, axis=1), 0.0)
        return pre, idx, val

    def codes(self, x: np.ndarray) -> sp.csr_matrix:
        _, idx, val = self.encode_topk(x)
        return _sparse(idx, val, self.W_dec.shape[0])

    def decode(self, z: sp.csr_matrix) -> np.ndarray:
        return np.asarray(z @ self.W_dec) + self.b_dec


def _sparse(idx: np.ndarray, val: np.ndarray, d_sae: int) -> sp.csr_matrix:
    b, k = idx.shape
    indptr = np.arange(0, b * k + 1, k)
    return sp.csr_matrix((val.ravel().astype(np.float32), idx.ravel(), indptr), shape=(b, d_sae))


class Adam:
    def __init__(self, shapes: dict[str, tuple], cfg):
        self.m = {n: np.zeros(s, np.float32) for n, s in shapes.items()}
        self.v = {n: np.zeros(s, np.float32) for n, s in shapes.items()}
        self.t = 0
        self.cfg = cfg

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray], lr: float) -> None:
        self.t += 1
        c = self.cfg
        bc1 = 1 - c.beta1 ** self.t
        bc2 = 1 - c.beta2 ** self.t
        for n, g in grads.items():
            m, v = self.m[n], self.v[n]
            m *= c.beta1
            m += (1 - c.beta1) * g
            v *= c.beta2
            v += (1 - c.beta2) * (g * g)
            params[n] -= (lr / bc1) * m / (np.sqrt(v / bc2) + c.eps)


def init_topk(cfg: TopKConfig, mean: np.ndarray) -> TopKSAE:
    rng = np.random.default_rng(cfg.seed)
    W_dec = rng.standard_normal((cfg.d_sae, cfg.d_in)).astype(np.float32)
    W_dec /= np.linalg.norm(W_dec, axis=1, keepdims=True)
    return TopKSAE(W_enc=np.ascontiguousarray(W_dec.T.copy()), b_enc=np.zeros(cfg.d_sae, np.float32),
                   W_dec=W_dec, b_dec=mean.astype(np.float32).copy(), k=cfg.k)


@dataclass
class TrainLog:
    steps: int = 0
    tokens: int = 0
    seconds: float = 0.0
    history: list = field(default_factory=list)


def lr_at(cfg, step: int, total: int) -> float:
    warm = min(100, total // 20)
    if step < warm:
        return cfg.lr * (step + 1) / warm
    decay_start = int(total * (1 - cfg.decay_fraction))
    if step >= decay_start:
        return cfg.lr * max(0.0, (total - step) / max(1, total - decay_start))
    return cfg.lr


def loss_and_grads(sae: TopKSAE, x: np.ndarray, dead: np.ndarray, cfg: TopKConfig):
    """Loss (MSE summed over dims, mean over tokens, + aux_coef * AuxK on `dead` latents) and
    its gradients. Returns (loss, grads, x_hat - x, idx, val)."""
    b = x.shape[0]
    pre, idx, val = sae.encode_topk(x)
    z = _sparse(idx, val, cfg.d_sae)
    r = np.asarray(z @ sae.W_dec) + sae.b_dec - x
    loss = float((r * r).sum()) / b
    g = (2.0 / b) * r                                          # d loss / d x_hat
    gW_dec = np.asarray(z.T @ g)
    gz = g @ sae.W_dec.T                                       # [B, d_sae]
    dval = np.take_along_axis(gz, idx, axis=1) * (val > 0)
    D = _sparse(idx, dval, cfg.d_sae)
    if dead.size:
        ka = min(cfg.k_aux, dead.size)
        pre_dead = pre[:, dead]
        loc = np.argpartition(pre_dead, -ka, axis=1)[:, -ka:]
        aval = np.maximum(np.take_along_axis(pre_dead, loc, axis=1), 0.0)
        aidx = dead[loc]
        za = _sparse(aidx, aval, cfg.d_sae)
        ea = np.asarray(za @ sae.W_dec) + r                    # e_hat - e, with e = x - x_hat fixed
        loss += cfg.aux_coef * float((ea * ea).sum()) / b
        ga = (2.0 * cfg.aux_coef / b) * ea
        gW_dec += np.asarray(za.T @ ga)
        gza = np.take_along_axis(ga @ sae.W_dec[dead].T, loc, axis=1) * (aval > 0)
        D = D + _sparse(aidx, gza, cfg.d_sae)
    gb_enc = np.asarray(D.sum(axis=0)).ravel()
    gW_enc = np.asarray(D.T @ (x - sae.b_dec)).T
    gb_dec = g.sum(axis=0) - sae.W_enc @ gb_enc
    grads = {"W_enc": np.ascontiguousarray(gW_enc, dtype=np.float32), "b_enc": gb_enc.astype(np.float32),
             "W_dec": gW_dec.astype(np.float32), "b_dec": gb_dec.astype(np.float32)}
    return loss, grads, r, idx, val


def train_topk(x_train: np.ndarray, cfg: TopKConfig, log=print) -> tuple[TopKSAE, TrainLog]:
    """x_train: [N, d_in] float32, already scaled. Deterministic for a given seed and machine."""
    n = x_train.shape[0]
    sae = init_topk(cfg, x_train.mean(axis=0))
    params = {"W_enc": sae.W_enc, "b_enc": sae.b_enc, "W_dec": sae.W_dec, "b_dec": sae.b_dec}
    opt = Adam({k: v.shape for k, v in params.items()}, cfg)
    rng = np.random.default_rng(cfg.seed + 1)
    steps_per_epoch = n // cfg.batch_size
    total = steps_per_epoch * cfg.epochs
    since_fired = np.zeros(cfg.d_sae, np.int64)
    tl = TrainLog()
    t0 = time.time()
    step = 0
    dead = np.zeros(0, np.int64)
    for epoch in range(cfg.epochs):
        perm = rng.permutation(n)
        mse_sum, var_sum = 0.0, 0.0
        for s in range(steps_per_epoch):
            x = x_train[perm[s * cfg.batch_size:(s + 1) * cfg.batch_size]]
            b = x.shape[0]
            loss, grads, r, idx, val = loss_and_grads(sae, x, dead, cfg)
            mse_sum += float((r * r).sum())
            var_sum += float(((x - x.mean(0)) ** 2).sum())
            fired = np.zeros(cfg.d_sae, bool)
            fired[idx[val > 0]] = True
            since_fired += b
            since_fired[fired] = 0
            dead = np.flatnonzero(since_fired > cfg.dead_tokens)
            gW_dec = grads["W_dec"]
            # keep decoder rows on the unit sphere: drop the radial gradient component
            gW_dec -= (gW_dec * sae.W_dec).sum(axis=1, keepdims=True) * sae.W_dec
            opt.step(params, grads, lr_at(cfg, step, total))
            sae.W_dec /= np.linalg.norm(sae.W_dec, axis=1, keepdims=True)
            step += 1
            tl.tokens += b
            if log and step % 50 == 0:
                log(f"      step {step}/{total}: running FVE {1.0 - mse_sum / var_sum:.4f}, dead {dead.size}, "
                    f"{time.time() - t0:.0f} s")
        fve = 1.0 - mse_sum / var_sum
        tl.history.append({"epoch": epoch + 1, "train_fve": round(fve, 5), "dead_in_window": int(dead.size),
                           "seconds": round(time.time() - t0, 1)})
        log(f"    epoch {epoch + 1}/{cfg.epochs}: train FVE {fve:.4f}, dead(window) {dead.size}, "
            f"{time.time() - t0:.0f} s")
    tl.steps = step
    tl.seconds = time.time() - t0
    return sae, tl


def evaluate(sae, x: np.ndarray, batch: int = 8192) -> dict:
    """Held-out FVE (1 - SSE / total variance about the mean), mean L0, firing counts."""
    sse, sst, l0 = 0.0, 0.0, 0.0
    counts = np.zeros(sae.W_dec.shape[0], np.int64)
    mu = x.mean(axis=0)
    for i in range(0, x.shape[0], batch):
        xb = x[i:i + batch]
        z = sae.codes(xb)
        z.eliminate_zeros()
        r = sae.decode(z) - xb
        sse += float((r * r).sum())
        sst += float(((xb - mu) ** 2).sum())
        l0 += z.nnz
        counts += np.bincount(z.indices, minlength=counts.size)
    return {"fve": 1.0 - sse / sst, "l0": l0 / x.shape[0], "fire_counts": counts,
            "dead": int((counts == 0).sum())}
