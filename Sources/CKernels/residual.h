// Squared quantisation residuals in Double, shared by the quantisers of int8_gemm.c and
// i16_dots.c. Private to CKernels; include after <immintrin.h>.
#ifndef CK_RESIDUAL_H
#define CK_RESIDUAL_H

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
