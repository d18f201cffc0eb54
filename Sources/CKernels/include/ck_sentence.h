#ifndef SAEGRAPH_CK_SENTENCE_H
#define SAEGRAPH_CK_SENTENCE_H
// Element-wise and per-row loops of the sentence model's forward pass (GELU, LayerNorm,
// attention of one sequence, embedding and pooling). No stable API: called from exactly one
// Swift file (SentenceModel/BertEncoder.swift); its bfloat16 matrix products use ck_bf16_gemm
// of ckernels.h (SentenceModel/BFloat16Weights.swift). Each function runs AVX-512 code on
// CPUs that have it and portable code elsewhere; on one CPU the result never depends on the
// thread count or on which rows are computed together (every row is computed alone, in a
// fixed order).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// `x[r][j] += bias[j]` for `rows` rows of `cols` floats.
void ck_sm_add_bias(float *x, const float *bias, size_t rows, size_t cols);

/// `x = gelu(x + bias)` row by row, GELU with erf (`0.5 · v · (1 + erf(v / √2))`), erf by a
/// rational approximation within 5e-7 of the exact value (checked against libm in the tests).
void ck_sm_bias_gelu(float *x, const float *bias, size_t rows, size_t cols);

/// `x = LayerNorm(x + (y + bias))` for `rows` rows of `h` floats (`y` and `bias` may be NULL:
/// LayerNorm of `x` alone): `(v - mean) / sqrt(var + eps) · gamma + beta`, mean and variance
/// summed in double.
void ck_sm_residual_layernorm(float *x, const float *y, const float *bias, size_t rows, size_t h,
                              const float *gamma, const float *beta, double eps);

/// Scaled dot-product attention of one sequence of `n` tokens: `qkv` holds per token the
/// query, key and value (`3h` floats, heads of `h / heads` consecutive floats each); writes
/// `softmax(scale · q kᵀ) v` per head into `out` (`n × h`). `scratch` holds `n` floats.
void ck_sm_attention(const float *qkv, size_t n, size_t h, size_t heads, float scale,
                     float *scratch, float *out);

/// Word + position + token-type-0 embeddings of `n` token ids into `out` (`n × h`).
void ck_sm_embed(const int32_t *ids, size_t n, const float *word, const float *position,
                 const float *token_type, size_t h, float *out);

/// The mean of `n ≥ 1` rows of `h` floats, summed in double, into `out` (`h` floats).
void ck_sm_mean_rows(const float *x, size_t n, size_t h, float *out);

/// erf of `x` as ck_sm_bias_gelu computes it (for the tests).
float ck_sm_erf(float x);

#ifdef __cplusplus
}
#endif

#endif
