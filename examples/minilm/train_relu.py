"""Standard (ReLU + L1) sparse autoencoder training in numpy/scipy (float32, CPU).

Model (on inputs x already scaled to unit mean squared norm), as SAELens's "standard" SAE:
    pre   = (x - b_dec) @ W_enc + b_enc                 W_enc [d_in, d_sae]
    f     = ReLU(pre)
    x_hat = f @ W_dec + b_dec                           W_dec [d_sae, d_in], row norms free
Loss = mean over tokens of ||x - x_hat||^2 + lambda * sum_i f_i ||W_dec,i||, the L1 penalty on
the activations weighted by the decoder row norms (so rescaling a latent's encoder and decoder
cannot lower it). lambda rises linearly from 0 over the first `l1_warmup_fraction` of the
steps; the learning rate follows `train_sae.lr_at`. Decoder rows start as random directions of
norm `dec_init_norm` and are never renormalised.
Each step costs two dense [B, d_in] x [d_in, d_sae] products (encoder, and the gradient
w.r.t. the codes); once the codes are sparse the decoder products go through scipy.sparse.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from train_sae import Adam, OptimConfig, TrainLog, lr_at

DENSE_ABOVE = 0.05  # code density above which dense products are cheaper than sparse ones


@dataclass
class ReLUConfig(OptimConfig):
    d_in: int = 384
    d_sae: int = 3072
    l1_coef: float = 0.1
    l1_warmup_fraction: float = 0.05
    dec_init_norm: float = 0.1
    epochs: int = 5


@dataclass
class ReLUSAE:
    W_enc: np.ndarray
    b_enc: np.ndarray
    W_dec: np.ndarray
    b_dec: np.ndarray

    def pre(self, x: np.ndarray) -> np.ndarray:
        return (x - self.b_dec) @ self.W_enc + self.b_enc

    def codes(self, x: np.ndarray) -> sp.csr_matrix:
        return sp.csr_matrix(np.maximum(self.pre(x), 0.0).astype(np.float32))

    def decode(self, z: sp.csr_matrix) -> np.ndarray:
        return np.asarray(z @ self.W_dec) + self.b_dec


def init_relu(cfg: ReLUConfig, mean: np.ndarray) -> ReLUSAE:
    rng = np.random.default_rng(cfg.seed)
    W_dec = rng.standard_normal((cfg.d_sae, cfg.d_in)).astype(np.float32)
    W_dec *= np.float32(cfg.dec_init_norm) / np.linalg.norm(W_dec, axis=1, keepdims=True)
    return ReLUSAE(W_enc=np.ascontiguousarray(W_dec.T.copy()), b_enc=np.zeros(cfg.d_sae, np.float32),
                   W_dec=W_dec, b_dec=mean.astype(np.float32).copy())


def loss_and_grads(sae: ReLUSAE, x: np.ndarray, l1: float, dense_above: float = DENSE_ABOVE):
    """Loss (MSE summed over dims, mean over tokens, + l1 * decoder-norm-weighted L1) and its
    gradients in the dtype of x. Returns (loss, grads, x_hat - x, fired [d_sae] bool, nnz)."""
    b = x.shape[0]
    dt = x.dtype
    xc = x - sae.b_dec
    pre = xc @ sae.W_enc + sae.b_enc
    active = pre > 0
    nnz = int(active.sum())
    norms = np.sqrt((sae.W_dec * sae.W_dec).sum(axis=1))
    if nnz > dense_above * active.size:
        f = np.where(active, pre, 0).astype(dt)
        r = f @ sae.W_dec + sae.b_dec - x
        g = (2.0 / b) * r
        gW_dec = f.T @ g
        D = np.where(active, g @ sae.W_dec.T + (l1 / b) * norms, 0).astype(dt)
        gb_enc = D.sum(axis=0)
        gW_enc = xc.T @ D
        f_sum = f.sum(axis=0)
    else:
        rows, cols = np.nonzero(active)
        f = sp.csr_matrix((pre[rows, cols], (rows, cols)), shape=pre.shape)
        r = np.asarray(f @ sae.W_dec) + sae.b_dec - x
        g = (2.0 / b) * r
        gW_dec = np.asarray(f.T @ g)
        gz = g @ sae.W_dec.T
        D = sp.csr_matrix((gz[rows, cols] + (l1 / b) * norms[cols], (rows, cols)), shape=pre.shape)
        gb_enc = np.asarray(D.sum(axis=0)).ravel()
        gW_enc = np.asarray(D.T @ xc).T
        f_sum = np.asarray(f.sum(axis=0)).ravel()
    mse = float((r * r).sum()) / b
    loss = mse + l1 * float(f_sum @ norms) / b
    gW_dec += ((l1 / b) * f_sum / np.maximum(norms, 1e-12))[:, None] * sae.W_dec
    gb_dec = g.sum(axis=0) - sae.W_enc @ gb_enc
    grads = {"W_enc": np.ascontiguousarray(gW_enc, dtype=dt), "b_enc": gb_enc.astype(dt),
             "W_dec": gW_dec.astype(dt), "b_dec": gb_dec.astype(dt)}
    return loss, grads, r, f_sum > 0, nnz


def l1_at(cfg: ReLUConfig, step: int, total: int) -> float:
    warm = max(1, int(total * cfg.l1_warmup_fraction))
    return cfg.l1_coef * min(1.0, (step + 1) / warm)


def train_relu(x_train: np.ndarray, cfg: ReLUConfig, log=print) -> tuple[ReLUSAE, TrainLog]:
    """x_train: [N, d_in] float32, already scaled. Deterministic for a given seed and machine."""
    n = x_train.shape[0]
    sae = init_relu(cfg, x_train.mean(axis=0))
    params = {"W_enc": sae.W_enc, "b_enc": sae.b_enc, "W_dec": sae.W_dec, "b_dec": sae.b_dec}
    opt = Adam({k: v.shape for k, v in params.items()}, cfg)
    rng = np.random.default_rng(cfg.seed + 1)
    steps_per_epoch = n // cfg.batch_size
    total = steps_per_epoch * cfg.epochs
    tl = TrainLog()
    t0 = time.time()
    step = 0
    for epoch in range(cfg.epochs):
        perm = rng.permutation(n)
        mse_sum, var_sum, l0_sum, fired_epoch = 0.0, 0.0, 0, np.zeros(cfg.d_sae, bool)
        for s in range(steps_per_epoch):
            x = x_train[perm[s * cfg.batch_size:(s + 1) * cfg.batch_size]]
            b = x.shape[0]
            _, grads, r, fired, nnz = loss_and_grads(sae, x, l1_at(cfg, step, total))
            mse_sum += float((r * r).sum())
            var_sum += float(((x - x.mean(0)) ** 2).sum())
            l0_sum += nnz
            fired_epoch |= fired
            opt.step(params, grads, lr_at(cfg, step, total))
            step += 1
            tl.tokens += b
            if log and step % 50 == 0:
                log(f"      step {step}/{total}: running FVE {1.0 - mse_sum / var_sum:.4f}, "
                    f"L0 {l0_sum / ((s + 1) * b):.1f}, {time.time() - t0:.0f} s")
        fve = 1.0 - mse_sum / var_sum
        l0 = l0_sum / (steps_per_epoch * cfg.batch_size)
        dead = int((~fired_epoch).sum())
        tl.history.append({"epoch": epoch + 1, "train_fve": round(fve, 5), "train_l0": round(l0, 2),
                           "dead_in_epoch": dead, "seconds": round(time.time() - t0, 1)})
        log(f"    epoch {epoch + 1}/{cfg.epochs}: train FVE {fve:.4f}, L0 {l0:.1f}, dead(epoch) {dead}, "
            f"{time.time() - t0:.0f} s")
    tl.steps = step
    tl.seconds = time.time() - t0
    return sae, tl


def gradient_check(seed: int = 0, l1: float = 0.3) -> float:
    """Largest relative error of the analytic gradient against central finite differences
    (float64, small random SAE, both the dense and the sparse code path)."""
    rng = np.random.default_rng(seed)
    cfg = ReLUConfig(d_in=7, d_sae=11, seed=seed)
    x = rng.standard_normal((5, cfg.d_in))
    worst = 0.0
    for dense_above in (0.0, 1.1):
        s32 = init_relu(cfg, x.mean(axis=0))
        sae = ReLUSAE(*(np.asarray(a, np.float64) for a in (s32.W_enc, s32.b_enc, s32.W_dec, s32.b_dec)))
        sae.W_dec *= rng.uniform(1, 20, (cfg.d_sae, 1))
        sae.b_enc += rng.normal(0, 0.05, cfg.d_sae)
        _, grads, *_ = loss_and_grads(sae, x, l1, dense_above)
        for name in grads:
            p = getattr(sae, name)
            num = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                old = p[i]
                p[i] = old + 1e-6
                lp = loss_and_grads(sae, x, l1, dense_above)[0]
                p[i] = old - 1e-6
                lm = loss_and_grads(sae, x, l1, dense_above)[0]
                p[i] = old
                num[i] = (lp - lm) / 2e-6
            worst = max(worst, float(np.abs(num - grads[name]).max() / (np.abs(num).max() + 1e-12)))
    return worst


if __name__ == "__main__":
    print(f"gradient check: max relative error {gradient_check():.2e}")
