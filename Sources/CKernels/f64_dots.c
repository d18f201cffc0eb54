// The Double reference dot products (ExactCosine.dot in Swift) of one row with scattered rows,
// in exactly the Swift order, so that batching them changes no bit: four accumulators of
// eight Double lanes over 32-element chunks, each product rounded before its sum (no fused
// multiply-add: FP_CONTRACT is off), the accumulators added as (s0 + s1) + (s2 + s3), their
// lanes summed first to last from −0, then the tail. Rows are rarely in cache (candidates of a
// row or column), so the next rows are prefetched while one is summed. Measured on the default
// rule (4 × 24,576 × 768, AMD EPYC Zen 4): the one-at-a-time Swift loop took 6 % of the CPU
// time, mostly waiting on memory.
#include "ckernels.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CK_X86 1
#include "prefetch.h"
#endif

static double dot_scalar(const float *a, const float *b, size_t count) {
    double s[4][8] = {{0}};
    size_t k = 0;
    for (; k + 32 <= count; k += 32)
        for (int v = 0; v < 4; v++)
            for (int l = 0; l < 8; l++) {
                double p = (double)a[k + 8 * v + l] * (double)b[k + 8 * v + l];
                s[v][l] = s[v][l] + p;
            }
    double t = -0.0;
    for (int l = 0; l < 8; l++) {
        double lane = (s[0][l] + s[1][l]) + (s[2][l] + s[3][l]);
        t = t + lane;
    }
    for (; k < count; k++) {
        double p = (double)a[k] * (double)b[k];
        t = t + p;
    }
    return t;
}

#ifdef CK_X86
__attribute__((target("avx512f"))) static double dot_512(const float *a, const float *b,
                                                          size_t count) {
    __m512d s0 = _mm512_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
    size_t k = 0;
    for (; k + 32 <= count; k += 32) {
        s0 = _mm512_add_pd(s0, _mm512_mul_pd(_mm512_cvtps_pd(_mm256_loadu_ps(a + k)),
                                             _mm512_cvtps_pd(_mm256_loadu_ps(b + k))));
        s1 = _mm512_add_pd(s1, _mm512_mul_pd(_mm512_cvtps_pd(_mm256_loadu_ps(a + k + 8)),
                                             _mm512_cvtps_pd(_mm256_loadu_ps(b + k + 8))));
        s2 = _mm512_add_pd(s2, _mm512_mul_pd(_mm512_cvtps_pd(_mm256_loadu_ps(a + k + 16)),
                                             _mm512_cvtps_pd(_mm256_loadu_ps(b + k + 16))));
        s3 = _mm512_add_pd(s3, _mm512_mul_pd(_mm512_cvtps_pd(_mm256_loadu_ps(a + k + 24)),
                                             _mm512_cvtps_pd(_mm256_loadu_ps(b + k + 24))));
    }
    double lanes[8];
    _mm512_storeu_pd(lanes, _mm512_add_pd(_mm512_add_pd(s0, s1), _mm512_add_pd(s2, s3)));
    double t = -0.0;
    for (int l = 0; l < 8; l++) t = t + lanes[l];
    for (; k < count; k++) {
        double p = (double)a[k] * (double)b[k];
        t = t + p;
    }
    return t;
}

__attribute__((target("avx512f"))) static void dots_512(const float *x, const float *y,
                                                         size_t ld, const intptr_t *rows,
                                                         size_t count, size_t k, double *out) {
    // Rows n + 1 and n + 2 are in flight while row n is summed; each is prefetched once.
    for (size_t q = 1; q < 3 && q < count; q++) prefetch_row(y + (size_t)rows[q] * ld, k);
    for (size_t n = 0; n < count; n++) {
        if (n + 3 < count) prefetch_row(y + (size_t)rows[n + 3] * ld, k);
        out[n] = dot_512(x, y + (size_t)rows[n] * ld, k);
    }
}
#endif

void ck_f64_dots(int wide, const float *x, const float *y, size_t ld, const intptr_t *rows,
                 size_t count, size_t k, double *out) {
#ifdef CK_X86
    if (wide) {
        dots_512(x, y, ld, rows, count, k, out);
        return;
    }
#endif
    (void)wide;
    for (size_t n = 0; n < count; n++) out[n] = dot_scalar(x, y + (size_t)rows[n] * ld, k);
}
