// F32 dot products of one row with scattered rows of a matrix: the refinement of a
// reduced-precision pass's near-ties and column offers. The scattered rows are rarely in
// cache, so four are summed at once and the next four are prefetched while they are.
#include "ckernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CK_X86 1
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
__attribute__((target("avx512f"))) static void prefetch_row(const float *p, size_t k) {
    for (size_t e = 0; e < k; e += 16) _mm_prefetch((const char *)(p + e), _MM_HINT_T0);
}

__attribute__((target("avx512f"))) static void prefetch_row_l2(const float *p, size_t k) {
    for (size_t e = 0; e < k; e += 16) _mm_prefetch((const char *)(p + e), _MM_HINT_T1);
}

__attribute__((target("avx512f"))) static void dots_512(const float *x, const float *y, size_t ld,
                                                         const intptr_t *rows, size_t count,
                                                         size_t k, float *out) {
    size_t full = k / 16 * 16;
    __mmask16 tail = (__mmask16)((1u << (k - full)) - 1u);
    size_t n = 0;
    for (; n + 4 <= count; n += 4) {
        const float *b0 = y + (size_t)rows[n] * ld, *b1 = y + (size_t)rows[n + 1] * ld;
        const float *b2 = y + (size_t)rows[n + 2] * ld, *b3 = y + (size_t)rows[n + 3] * ld;
        for (size_t q = n + 4; q < n + 8 && q < count; q++) prefetch_row(y + (size_t)rows[q] * ld, k);
        for (size_t q = n + 8; q < n + 12 && q < count; q++) prefetch_row_l2(y + (size_t)rows[q] * ld, k);
        __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        for (size_t e = 0; e < full; e += 16) {
            __m512 a = _mm512_loadu_ps(x + e);
            s0 = _mm512_fmadd_ps(a, _mm512_loadu_ps(b0 + e), s0);
            s1 = _mm512_fmadd_ps(a, _mm512_loadu_ps(b1 + e), s1);
            s2 = _mm512_fmadd_ps(a, _mm512_loadu_ps(b2 + e), s2);
            s3 = _mm512_fmadd_ps(a, _mm512_loadu_ps(b3 + e), s3);
        }
        if (tail) {
            __m512 a = _mm512_maskz_loadu_ps(tail, x + full);
            s0 = _mm512_fmadd_ps(a, _mm512_maskz_loadu_ps(tail, b0 + full), s0);
            s1 = _mm512_fmadd_ps(a, _mm512_maskz_loadu_ps(tail, b1 + full), s1);
            s2 = _mm512_fmadd_ps(a, _mm512_maskz_loadu_ps(tail, b2 + full), s2);
            s3 = _mm512_fmadd_ps(a, _mm512_maskz_loadu_ps(tail, b3 + full), s3);
        }
        out[n] = _mm512_reduce_add_ps(s0);
        out[n + 1] = _mm512_reduce_add_ps(s1);
        out[n + 2] = _mm512_reduce_add_ps(s2);
        out[n + 3] = _mm512_reduce_add_ps(s3);
    }
    for (; n < count; n++) {
        const float *b = y + (size_t)rows[n] * ld;
        __m512 s = _mm512_setzero_ps();
        for (size_t e = 0; e < full; e += 16)
            s = _mm512_fmadd_ps(_mm512_loadu_ps(x + e), _mm512_loadu_ps(b + e), s);
        if (tail)
            s = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, x + full),
                                _mm512_maskz_loadu_ps(tail, b + full), s);
        out[n] = _mm512_reduce_add_ps(s);
    }
}
#endif

void ck_f32_dots(const float *x, const float *y, size_t ld, const intptr_t *rows, size_t count,
                 size_t k, float *out) {
#ifdef CK_X86
    dots_512(x, y, ld, rows, count, k, out);
#else
    (void)x; (void)y; (void)ld; (void)rows; (void)count; (void)k; (void)out;
#endif
}
