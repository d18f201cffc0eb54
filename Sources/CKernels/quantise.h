// Pieces of per-row quantisation shared by the int8 (int8_gemm.c) and 16-bit (i16_dots.c)
// quantisers: the row's largest |x| and the squared residual in Double. Private to CKernels;
// include after <math.h> and, where CK_X86 is defined, after <immintrin.h>.
#ifndef CK_QUANTISE_H
#define CK_QUANTISE_H

#include <stddef.h>

// The largest |x| of `count` floats, in plain C.
static inline float max_abs_scalar(const float *src, size_t count) {
    float m = 0;
    for (size_t k = 0; k < count; k++) {
        float a = fabsf(src[k]);
        if (a > m) m = a;
    }
    return m;
}

#ifdef CK_X86
// The same, 16 at a time (a maximum is exact, so the same value).
__attribute__((target("avx512f"))) static inline float max_abs_512(const float *src, size_t count) {
    size_t full = count / 16 * 16;
    __mmask16 tail = (__mmask16)((1u << (count - full)) - 1u);
    __m512 m = _mm512_setzero_ps();
    for (size_t k = 0; k < full; k += 16) m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_loadu_ps(src + k)));
    if (tail) m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_maskz_loadu_ps(tail, src + full)));
    return _mm512_reduce_max_ps(m);
}

// The same, 8 at a time on AVX2.
__attribute__((target("avx2"))) static inline float max_abs_256(const float *src, size_t count) {
    size_t full = count / 8 * 8;
    __m256 m = _mm256_setzero_ps();
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    for (size_t k = 0; k < full; k += 8) m = _mm256_max_ps(m, _mm256_and_ps(_mm256_loadu_ps(src + k), magnitude));
    float lanes[8];
    _mm256_storeu_ps(lanes, m);
    float top = max_abs_scalar(src + full, count - full);
    for (int l = 0; l < 8; l++)
        if (lanes[l] > top) top = lanes[l];
    return top;
}

// `acc` plus Σ (s·qₗ − xₗ)² over 8 lanes on AVX2, as add_squared_residuals does for 16.
__attribute__((target("avx2,fma"))) static inline __m256d add_squared_residuals_256(__m256d acc, __m256d s,
                                                                                   __m256i q, __m256 x) {
    __m256d e0 = _mm256_sub_pd(_mm256_mul_pd(s, _mm256_cvtepi32_pd(_mm256_castsi256_si128(q))),
                               _mm256_cvtps_pd(_mm256_castps256_ps128(x)));
    __m256d e1 = _mm256_sub_pd(_mm256_mul_pd(s, _mm256_cvtepi32_pd(_mm256_extracti128_si256(q, 1))),
                               _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)));
    acc = _mm256_fmadd_pd(e0, e0, acc);
    return _mm256_fmadd_pd(e1, e1, acc);
}

// `acc` plus Σ (s·qₗ − xₗ)² over 16 lanes: `s·qₗ` exact in Double (24 + 16 bits at most), each
// difference rounded once, each square added with one FMA; lanes 0–7, then 8–15.
__attribute__((target("avx512f"))) static inline __m512d add_squared_residuals(__m512d acc,
                                                                               __m512d s,
                                                                               __m512i q, __m512 x) {
    __m512d e0 = _mm512_sub_pd(_mm512_mul_pd(s, _mm512_cvtepi32_pd(_mm512_castsi512_si256(q))),
                               _mm512_cvtps_pd(_mm512_castps512_ps256(x)));
    __m512d e1 = _mm512_sub_pd(
        _mm512_mul_pd(s, _mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(q, 1))),
        _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1))));
    acc = _mm512_fmadd_pd(e0, e0, acc);
    return _mm512_fmadd_pd(e1, e1, acc);
}
#endif

#endif
