// F32 dot products of one row with scattered rows of a matrix: the refinement of a
// reduced-precision pass's near-ties and column offers. The scattered rows are rarely in
// cache, so four are summed at once and the next four are prefetched while they are.
#include "ckernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CK_X86 1
#include "prefetch.h"
#endif

int ck_has_avx512f(void) {
#ifdef CK_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
#else
    return 0;
#endif
}

#ifdef CK_X86
// out[n] = x_n · y_n, x_n = x + xrows[n] · ldx (or x itself when xrows is NULL), y_n = y +
// yrows[n] · ldy; four at a time, with the y rows of the next four prefetched into L1 and of
// the four after into L2.
__attribute__((target("avx512f"))) static void dots_512(const float *x, size_t ldx,
                                                         const intptr_t *xrows, const float *y,
                                                         size_t ldy, const intptr_t *yrows,
                                                         size_t count, size_t k, float *out) {
    size_t full = k / 16 * 16;
    __mmask16 tail = (__mmask16)((1u << (k - full)) - 1u);
#define XROW(n) (xrows ? x + (size_t)xrows[n] * ldx : x)
#define YROW(n) (y + (size_t)yrows[n] * ldy)
    size_t n = 0;
    for (; n + 4 <= count; n += 4) {
        const float *a0 = XROW(n), *a1 = XROW(n + 1), *a2 = XROW(n + 2), *a3 = XROW(n + 3);
        const float *b0 = YROW(n), *b1 = YROW(n + 1), *b2 = YROW(n + 2), *b3 = YROW(n + 3);
        for (size_t q = n + 4; q < n + 8 && q < count; q++) prefetch_row(YROW(q), k);
        for (size_t q = n + 8; q < n + 12 && q < count; q++) prefetch_row_l2(YROW(q), k);
        __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        for (size_t e = 0; e < full; e += 16) {
            s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a0 + e), _mm512_loadu_ps(b0 + e), s0);
            s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a1 + e), _mm512_loadu_ps(b1 + e), s1);
            s2 = _mm512_fmadd_ps(_mm512_loadu_ps(a2 + e), _mm512_loadu_ps(b2 + e), s2);
            s3 = _mm512_fmadd_ps(_mm512_loadu_ps(a3 + e), _mm512_loadu_ps(b3 + e), s3);
        }
        if (tail) {
            s0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, a0 + full), _mm512_maskz_loadu_ps(tail, b0 + full), s0);
            s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, a1 + full), _mm512_maskz_loadu_ps(tail, b1 + full), s1);
            s2 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, a2 + full), _mm512_maskz_loadu_ps(tail, b2 + full), s2);
            s3 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, a3 + full), _mm512_maskz_loadu_ps(tail, b3 + full), s3);
        }
        out[n] = _mm512_reduce_add_ps(s0);
        out[n + 1] = _mm512_reduce_add_ps(s1);
        out[n + 2] = _mm512_reduce_add_ps(s2);
        out[n + 3] = _mm512_reduce_add_ps(s3);
    }
    for (; n < count; n++) {
        const float *a = XROW(n), *b = YROW(n);
        __m512 s = _mm512_setzero_ps();
        for (size_t e = 0; e < full; e += 16)
            s = _mm512_fmadd_ps(_mm512_loadu_ps(a + e), _mm512_loadu_ps(b + e), s);
        if (tail)
            s = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, a + full),
                                _mm512_maskz_loadu_ps(tail, b + full), s);
        out[n] = _mm512_reduce_add_ps(s);
    }
#undef XROW
#undef YROW
}
#endif

void ck_f32_dots(const float *x, const float *y, size_t ld, const intptr_t *rows, size_t count,
                 size_t k, float *out) {
#ifdef CK_X86
    dots_512(x, 0, NULL, y, ld, rows, count, k, out);
#else
    (void)x; (void)y; (void)ld; (void)rows; (void)count; (void)k; (void)out;
#endif
}

void ck_f32_pair_dots(const float *x, size_t ldx, const intptr_t *xrows, const float *y,
                      size_t ldy, const intptr_t *yrows, size_t count, size_t k, float *out) {
#ifdef CK_X86
    dots_512(x, ldx, xrows, y, ldy, yrows, count, k, out);
#else
    (void)x; (void)ldx; (void)xrows; (void)y; (void)ldy; (void)yrows; (void)count; (void)k;
    (void)out;
#endif
}
