#ifndef SAEGRAPH_CKERNELS_H
#define SAEGRAPH_CKERNELS_H
// Reduced-precision dot-product kernels for saegraph's similarity engine. No stable API:
// called from exactly one Swift file (Similarity/ReducedPrecisionKernel.swift).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Columns of one packed B panel (three 16-float vectors).
#define CK_BF16_PANEL 48
/// Rows of A the micro-kernel handles at once.
#define CK_BF16_ROWS 8

/// 1 when this CPU executes AVX512-BF16 (`vdpbf16ps`), else 0.
int ck_has_avx512bf16(void);

/// Rounds `count` finite floats to bfloat16 (round to nearest, ties to even; results below
/// the smallest normal, 2^-126, become zero, as `vdpbf16ps` would read them), written as
/// `pairs = (count + 1) / 2` 32-bit words, each holding elements 2p (low half) and 2p + 1
/// (high half); an odd tail is padded with +0.
/// Returns Σ (bf16(xₖ) − xₖ)², each difference exact in F32, summed in Double.
double ck_bf16_row(const float *src, size_t count, uint32_t *dst);

/// Bytes of the packed B for `n` rows of length `k` (see ck_bf16_pack_b).
size_t ck_bf16_packed_b_count(size_t n, size_t k);

/// Packs rows `[0, n)` of the row-major F32 matrix `b` (`n × k`, row stride `ldb` floats) as
/// bfloat16 panels of CK_BF16_PANEL rows: panel q, pair p holds for each of its rows the
/// elements 2p and 2p + 1. Rows past `n` in the last panel are zero. `dst` holds
/// ck_bf16_packed_b_count(n, k) / 4 words.
/// Returns the largest ck_bf16_row residual over the rows (0 when n is 0), or -1 when out of
/// memory (nothing useful was written).
double ck_bf16_pack_b(const float *b, size_t n, size_t k, size_t ldb, uint32_t *dst);

/// C = A · Bᵀ with bfloat16 products accumulated in F32 by `vdpbf16ps` (denormals flushed).
/// `a`: `m` rows of `pairs` words as ck_bf16_row writes them (row stride `pairs`);
/// `b`: packed by ck_bf16_pack_b for `n` rows with `pairs = (k + 1) / 2`;
/// `c`: `m × n` F32, row stride `ldc`. Needs ck_has_avx512bf16().
void ck_bf16_gemm(const uint32_t *a, size_t m, const uint32_t *b, size_t n, size_t pairs,
                  float *c, size_t ldc);

#ifdef __cplusplus
}
#endif

#endif
