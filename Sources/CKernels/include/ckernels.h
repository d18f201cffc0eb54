#ifndef SAEGRAPH_CKERNELS_H
#define SAEGRAPH_CKERNELS_H
// Reduced-precision dot-product kernels for saegraph's similarity engine. No stable API:
// called from Similarity/ReducedPrecisionKernel.swift, and the bfloat16 GEMM also from
// SentenceModel/BFloat16Weights.swift (the sentence model's dense layers).

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


/// Columns of one packed int8 B panel (three 16-lane vectors).
#define CK_I8_PANEL 48
/// Rows of A the 512-bit int8 micro-kernel handles at once.
#define CK_I8_ROWS 8

/// 1 when this CPU executes AVX512-VNNI (`vpdpbusd` on zmm), else 0.
int ck_has_avx512vnni(void);

/// 1 when this CPU executes AVX-VNNI (VEX `vpdpbusd` on ymm), else 0.
int ck_has_avxvnni(void);

/// 1 when this CPU executes AVX2 and FMA (the int8 way without VNNI), else 0.
int ck_has_avx2(void);

/// The vector ways of ck_scan_row, ck_scan_near, ck_i16_dots and ck_i16_quantise: a plain
/// loop, AVX-512 (as each function's note says), or AVX2 + FMA (needs ck_has_avx2()).
#define CK_WAY_PLAIN 0
#define CK_WAY_AVX512 1
#define CK_WAY_AVX2 2

/// ck_i8_row's `offset` for the A rows of the AVX2 way: 63 levels, stored as q + 64.
#define CK_I8_NARROW 2

/// ck_i8_gemm's ways.
#define CK_I8_WAY_AVX2 0
#define CK_I8_WAY_AVXVNNI 1
#define CK_I8_WAY_AVX512VNNI 2

/// 32-bit groups of four int8 elements per row of `k` elements: (k + 3) / 4.
size_t ck_i8_groups(size_t k);

/// Quantises `count` finite floats with one scale: `s = max|x| / L` (F32), `q = round(x / s)`
/// in [−L, L] (0 for a zero row, with s = 0), L = 127, or 63 with CK_I8_NARROW. Writes
/// `4 · ck_i8_groups(count)` bytes to `dst`: `q + 128` when `offset` is 1 (the unsigned side of
/// `vpdpbusd`), `q + 64` when it is CK_I8_NARROW (the unsigned side of the AVX2 way), else `q`
/// as int8; padding bytes stand for q = 0. Sets `*scale = s` and `*sum = Σ q`.
/// Returns Σ (s·qₖ − xₖ)², each term computed in Double (s·qₖ exact, the difference rounded once).
double ck_i8_row(const float *src, size_t count, int offset, uint8_t *dst, float *scale,
                 int32_t *sum);

/// Bytes of the packed int8 B for `n` rows of length `k` (panels of CK_I8_PANEL rows).
size_t ck_i8_packed_b_bytes(size_t n, size_t k);

/// Packs panels `[first, last)` of the row-major F32 matrix `b` (`n` rows of `k`, stride `ldb`):
/// panel q, group p holds for each of its 48 rows the four int8 elements 4p … 4p + 3 (one
/// 32-bit word per row). `scales[j]` and `corrections[j] = 128 · Σ q` are written for every
/// row slot of those panels (0 for slots past `n`, whose bytes are 0). `row` is scratch of
/// `4 · ck_i8_groups(k)` bytes. Returns the largest ck_i8_row residual over the rows packed.
double ck_i8_pack_b(const float *b, size_t n, size_t first, size_t last, size_t k, size_t ldb,
                    uint8_t *dst, float *scales, int32_t *corrections, uint8_t *row);

/// C = A · Bᵀ in int8: for each i, j, `D = Σₖ (q_a + 128)·q_b − corrections[j]` (exact in
/// int32 while `k ≤ 65,536`), stored as `fl(fl(float(D) · bscale[j]) · ascale[i])`.
/// `a`: `m` rows of `groups` words written by ck_i8_row with offset 1 (row stride `groups`);
/// `b`, `bscale`, `bcorr`: packed by ck_i8_pack_b for `n` rows; `c`: `m × n`, stride `ldc`.
/// `way` CK_I8_WAY_AVX512VNNI runs the AVX512-VNNI kernel (needs ck_has_avx512vnni()),
/// CK_I8_WAY_AVXVNNI the AVX-VNNI one (needs ck_has_avxvnni()), CK_I8_WAY_AVX2 the AVX2 one
/// (needs ck_has_avx2()), whose `a` rows are written with offset CK_I8_NARROW and whose `D` is
/// `Σₖ (q_a + 64)·q_b − corrections[j] / 2`.
void ck_i8_gemm(int way, const uint8_t *a, const float *ascale, size_t m, const uint8_t *b,
                const float *bscale, const int32_t *bcorr, size_t n, size_t groups, float *c,
                size_t ldc);

/// Floats of W (`n` rows of `k`) packed by ck_f32_pack: panels of 16 rows.
size_t ck_f32_packed_count(size_t n, size_t k);

/// Packs the row-major `n × k` matrix `w` into `dst`: panel q, element e holds W[16q + c][e]
/// for c < 16 (0 past `n`).
void ck_f32_pack(const float *w, size_t n, size_t k, float *dst);

/// C = A · Wᵀ in F32 for `m` rows of `a` (`k` floats each, stride `k`) and `packed` by
/// ck_f32_pack for `n` rows; `c`: `m × n`, stride `ldc`. Every output is
/// `fma(a[k−1], w[k−1], … fma(a[0], w[0], 0))`, one rounding per step in index order, so its
/// bits depend on nothing else: not the row count, the row's place, nor the `way`
/// (CK_WAY_AVX512 needs ck_has_avx512f(), CK_WAY_AVX2 ck_has_avx2(), CK_WAY_PLAIN any CPU).
void ck_f32_gemm(int way, const float *a, size_t m, size_t k, const float *packed, size_t n,
                 float *c, size_t ldc);

/// 1 when this CPU executes AVX-512F (needed by ck_f32_dots), else 0.
int ck_has_avx512f(void);

/// `out[n] = Σₖ x[k] · y[rows[n] · ld + k]` for `n < count`, `k` elements, summed in F32 with
/// FMA in an order of its own (within the F32 dot-product bound whatever the order); four rows
/// at a time, the next four prefetched. Needs ck_has_avx512f().
void ck_f32_dots(const float *x, const float *y, size_t ld, const intptr_t *rows, size_t count,
                 size_t k, float *out);

/// `out[n] = Σₖ x[xrows[n] · ldx + k] · y[yrows[n] · ldy + k]` for `n < count`, as ck_f32_dots
/// does for one row of `x` (the same order of sums, four pairs at a time, the next pairs' `y`
/// rows prefetched). Needs ck_has_avx512f().
void ck_f32_pair_dots(const float *x, size_t ldx, const intptr_t *xrows, const float *y,
                      size_t ldy, const intptr_t *yrows, size_t count, size_t k, float *out);

/// `out[n] = Σₖ x[k] · y[rows[n] · ld + k]` in Double (each float widened, each product rounded
/// before it is added) in the order of saegraph's Double reference (ExactCosine.dot): four
/// accumulators of eight lanes over 32-element chunks, `(s0 + s1) + (s2 + s3)`, lanes summed
/// first to last from −0, then the tail. `wide` 1 uses AVX-512F (needs ck_has_avx512f()),
/// prefetching the next rows; both ways give the same bits.
void ck_f64_dots(int wide, const float *x, const float *y, size_t ld, const intptr_t *rows,
                 size_t count, size_t k, double *out);

/// 1 when this CPU executes AVX-512F, BW and VL (needed by ck_i16_dots with `wide`), else 0.
int ck_has_avx512bw(void);

/// `out[n] = scales[yrows[n]] · Σₖ x_n[k] · y_n[k]` for `n < count`, `k` elements, with
/// `x_n = x + xrows[n] · ldx` (or `x` itself when `xrows` is NULL) and the 16-bit row
/// `y_n = y + yrows[n] · ldy`; each `y` element widened to F32 exactly, the sum in F32 (with
/// FMA in the vector ways) in an order of its own, then one F32 product with the scale. `way`
/// CK_WAY_AVX512 runs AVX-512 (needs ck_has_avx512bw()), four rows at a time with the next ones
/// prefetched; CK_WAY_AVX2 the same on AVX2 + FMA; CK_WAY_PLAIN a plain loop.
void ck_i16_dots(int way, const float *x, size_t ldx, const intptr_t *xrows, const int16_t *y,
                 size_t ldy, const float *scales, const intptr_t *yrows, size_t count, size_t k,
                 float *out);

/// Quantises the row `y` of `k` floats into `q` with the scale `s = max|y| / 32767` (1 for a
/// zero or non-finite maximum), written to `scale`: `q[e]` = `y[e] · (1 / s)` rounded to
/// nearest even, clamped to ±32767. Returns `Σ (s·q[e] − y[e])²` in Double. `way` as in
/// ck_i16_dots; the integers are the same every way.
double ck_i16_quantise(int way, const float *y, size_t k, int16_t *q, float *scale);

/// Pass two of a row's scan: the columns `j < n` with `u = x + e[j] ≥ near` (`x` as in
/// ck_scan_row), ascending, into `index` and their `u` into `bound` (room for `n` each).
/// Returns how many. `way` as in ck_scan_row.
size_t ck_scan_near(int way, const float *g, const float *e, size_t n, float near, int absolute,
                    intptr_t *index, float *bound);

/// What ck_scan_row finds in one product row. The caller sets the three pointers, each with
/// room for `n` entries (`top`: for `depth`); ck_scan_row sets the rest.
typedef struct {
    /// The columns with `x ≥ floor` (edge candidates), ascending.
    intptr_t *edges;
    size_t edge_count;
    /// The columns with `t = (x + e) + shift ≥ low` (column offers), ascending.
    intptr_t *offers;
    size_t offer_count;
    /// The `depth` largest `h = x − e` (fewer while the row is shorter), descending, with
    /// repeats, as inserting each `h` above the smallest kept one into a descending list gives
    /// them (an equal value goes after those already there).
    float *top;
    size_t top_count;
    /// The largest `h` of the row (−∞ when `n` is 0).
    float row_max;
} ck_row_scan;

/// One pass over a product row `g` of `n` columns, with `x` = g, or |g| with `absolute`,
/// `h = x − e` and `t = (x + e) + shift` per column: edge candidates, column offers, the
/// `depth` largest `h` (none with `depth` 0) and the row maximum of `h`, into `out`. Whole
/// blocks of columns without anything to record are passed over: 16 at a time in AVX-512F when
/// `way` is CK_WAY_AVX512 (needs ck_has_avx512f()), 8 in AVX2 with CK_WAY_AVX2 (needs
/// ck_has_avx2()); every way gives the same results.
void ck_scan_row(int way, const float *g, const float *e, const float *low, size_t n, float floor,
                 float shift, size_t depth, int absolute, ck_row_scan *out);

#ifdef __cplusplus
}
#endif

#endif
