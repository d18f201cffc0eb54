// Dot products of F32 rows with scattered 16-bit rows: the refinement of a reduced-precision
// pass's near-ties and column offers. Each target row is kept as integers with one F32 scale
// (`y ≈ scale · q`), half the bytes of its F32 form: the refinement waits on memory, not on
// arithmetic (measured on AMD EPYC Zen 4, 24,576 × 768 rows read in a random order: 226 ns a
// dot in F32, 130 ns from 16 bits).
#include "ckernels.h"

#include <math.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CK_X86 1
#include "prefetch.h"
#endif
#include "quantise.h"

#define XROW(n) (xrows ? x + (size_t)xrows[n] * ldx : x)
#define YROW(n) (y + (size_t)yrows[n] * ldy)

// The same sums one lane at a time, in a plain loop: for CPUs without AVX-512F, BW and VL.
static void dots_plain(const float *x, size_t ldx, const intptr_t *xrows, const int16_t *y,
                       size_t ldy, const float *scales, const intptr_t *yrows, size_t count,
                       size_t k, float *out) {
    for (size_t n = 0; n < count; n++) {
        const float *a = XROW(n);
        const int16_t *b = YROW(n);
        float s = 0;
        for (size_t e = 0; e < k; e++) s += a[e] * (float)b[e];
        out[n] = s * scales[yrows[n]];
    }
}

#ifdef CK_X86
// 16 products of x[e …] and the widened y[e …] added to s; `mask` selects the lanes read.
__attribute__((target("avx512f,avx512bw,avx512vl"))) static inline __m512 step16(__m512 s, const float *a,
                                                               const int16_t *b, __mmask16 mask) {
    __m512 xa = _mm512_maskz_loadu_ps(mask, a);
    __m512i wide = _mm512_maskz_cvtepi16_epi32(mask, _mm256_maskz_loadu_epi16(mask, b));
    return _mm512_fmadd_ps(xa, _mm512_cvtepi32_ps(wide), s);
}

// Four rows at a time, with the y rows of the next four prefetched into L1 and of the four
// after into L2 (a y row of `k` int16 spans the bytes of `k / 2` floats).
__attribute__((target("avx512f,avx512bw,avx512vl"))) static void dots_512(
    const float *x, size_t ldx, const intptr_t *xrows, const int16_t *y, size_t ldy,
    const float *scales, const intptr_t *yrows, size_t count, size_t k, float *out) {
    size_t full = k / 16 * 16;
    __mmask16 tail = (__mmask16)((1u << (k - full)) - 1u);
    size_t lines = (k + 1) / 2;
    size_t n = 0;
    for (; n + 4 <= count; n += 4) {
        const float *a0 = XROW(n), *a1 = XROW(n + 1), *a2 = XROW(n + 2), *a3 = XROW(n + 3);
        const int16_t *b0 = YROW(n), *b1 = YROW(n + 1), *b2 = YROW(n + 2), *b3 = YROW(n + 3);
        for (size_t q = n + 4; q < n + 8 && q < count; q++) prefetch_row((const float *)YROW(q), lines);
        for (size_t q = n + 8; q < n + 12 && q < count; q++)
            prefetch_row_l2((const float *)YROW(q), lines);
        __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        for (size_t e = 0; e < full; e += 16) {
            s0 = step16(s0, a0 + e, b0 + e, 0xFFFF);
            s1 = step16(s1, a1 + e, b1 + e, 0xFFFF);
            s2 = step16(s2, a2 + e, b2 + e, 0xFFFF);
            s3 = step16(s3, a3 + e, b3 + e, 0xFFFF);
        }
        if (tail) {
            s0 = step16(s0, a0 + full, b0 + full, tail);
            s1 = step16(s1, a1 + full, b1 + full, tail);
            s2 = step16(s2, a2 + full, b2 + full, tail);
            s3 = step16(s3, a3 + full, b3 + full, tail);
        }
        out[n] = _mm512_reduce_add_ps(s0) * scales[yrows[n]];
        out[n + 1] = _mm512_reduce_add_ps(s1) * scales[yrows[n + 1]];
        out[n + 2] = _mm512_reduce_add_ps(s2) * scales[yrows[n + 2]];
        out[n + 3] = _mm512_reduce_add_ps(s3) * scales[yrows[n + 3]];
    }
    for (; n < count; n++) {
        const float *a = XROW(n);
        const int16_t *b = YROW(n);
        __m512 s = _mm512_setzero_ps();
        for (size_t e = 0; e < full; e += 16) s = step16(s, a + e, b + e, 0xFFFF);
        if (tail) s = step16(s, a + full, b + full, tail);
        out[n] = _mm512_reduce_add_ps(s) * scales[yrows[n]];
    }
}

// The same sums 8 lanes at a time on AVX2 + FMA (CPUs without AVX-512), four rows at once;
// the plain loop is one chain of dependent adds per row. Measured on the threshold build of
// 4 × 24,576 × 768 (2-core AMD EPYC Zen 3, int8-avx2 pass): 18 % of the CPU time in the plain
// loop.
#define CK_T2 __attribute__((target("avx2,fma")))

CK_T2 static inline __m256 step8(__m256 s, const float *a, const int16_t *b) {
    __m256i wide = _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(const void *)b));
    return _mm256_fmadd_ps(_mm256_loadu_ps(a), _mm256_cvtepi32_ps(wide), s);
}

CK_T2 static inline float sum8(__m256 v) {
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_movehdup_ps(h));
    return _mm_cvtss_f32(h);
}

CK_T2 static void dots_256(const float *x, size_t ldx, const intptr_t *xrows, const int16_t *y,
                           size_t ldy, const float *scales, const intptr_t *yrows, size_t count,
                           size_t k, float *out) {
    size_t full = k / 8 * 8;
    size_t n = 0;
    for (; n + 4 <= count; n += 4) {
        const float *a0 = XROW(n), *a1 = XROW(n + 1), *a2 = XROW(n + 2), *a3 = XROW(n + 3);
        const int16_t *b0 = YROW(n), *b1 = YROW(n + 1), *b2 = YROW(n + 2), *b3 = YROW(n + 3);
        for (size_t q = n + 4; q < n + 8 && q < count; q++)
            for (size_t e = 0; e < k; e += 32) _mm_prefetch((const char *)(YROW(q) + e), _MM_HINT_T0);
        __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        for (size_t e = 0; e < full; e += 8) {
            s0 = step8(s0, a0 + e, b0 + e);
            s1 = step8(s1, a1 + e, b1 + e);
            s2 = step8(s2, a2 + e, b2 + e);
            s3 = step8(s3, a3 + e, b3 + e);
        }
        float t0 = sum8(s0), t1 = sum8(s1), t2 = sum8(s2), t3 = sum8(s3);
        for (size_t e = full; e < k; e++) {
            t0 += a0[e] * (float)b0[e];
            t1 += a1[e] * (float)b1[e];
            t2 += a2[e] * (float)b2[e];
            t3 += a3[e] * (float)b3[e];
        }
        out[n] = t0 * scales[yrows[n]];
        out[n + 1] = t1 * scales[yrows[n + 1]];
        out[n + 2] = t2 * scales[yrows[n + 2]];
        out[n + 3] = t3 * scales[yrows[n + 3]];
    }
    for (; n < count; n++) {
        const float *a = XROW(n);
        const int16_t *b = YROW(n);
        __m256 s = _mm256_setzero_ps();
        for (size_t e = 0; e < full; e += 8) s = step8(s, a + e, b + e);
        float t = sum8(s);
        for (size_t e = full; e < k; e++) t += a[e] * (float)b[e];
        out[n] = t * scales[yrows[n]];
    }
}
#endif

// Row quantisation, one lane at a time: rint rounds to nearest even, as vcvtps2dq does.
static double quantise_plain(const float *y, size_t k, float s, float inverse, int16_t *q) {
    double squared = 0;
    for (size_t e = 0; e < k; e++) {
        float v = rintf(y[e] * inverse);
        v = v > 32767.0f ? 32767.0f : (v < -32767.0f ? -32767.0f : v);
        q[e] = (int16_t)v;
        double r = (double)s * (double)v - (double)y[e];
        squared += r * r;
    }
    return squared;
}

#ifdef CK_X86
__attribute__((target("avx512f,avx512bw,avx512vl"))) static double quantise_512(
    const float *y, size_t k, float s, float inverse, int16_t *q) {
    const __m512 inv = _mm512_set1_ps(inverse);
    const __m512d scale = _mm512_set1_pd((double)s);
    const __m512i hi = _mm512_set1_epi32(32767), lo = _mm512_set1_epi32(-32767);
    __m512d acc = _mm512_setzero_pd();
    for (size_t e = 0; e < k; e += 16) {
        __mmask16 mask = k - e >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (k - e)) - 1u);
        __m512 v = _mm512_maskz_loadu_ps(mask, y + e);
        __m512i n = _mm512_cvtps_epi32(_mm512_mul_ps(v, inv));
        n = _mm512_max_epi32(_mm512_min_epi32(n, hi), lo);
        _mm512_mask_cvtepi32_storeu_epi16(q + e, mask, n);
        acc = add_squared_residuals(acc, scale, n, v);
    }
    return _mm512_reduce_add_pd(acc);
}

// The same 8 lanes at a time on AVX2: the same integers (vcvtps2dq rounds to nearest even, as
// rintf), squares summed in another order.
CK_T2 static double quantise_256(const float *y, size_t k, float s, float inverse, int16_t *q) {
    const __m256 inv = _mm256_set1_ps(inverse);
    const __m256d scale = _mm256_set1_pd((double)s);
    const __m256i hi = _mm256_set1_epi32(32767), lo = _mm256_set1_epi32(-32767);
    __m256d acc = _mm256_setzero_pd();
    size_t full = k / 8 * 8;
    for (size_t e = 0; e < full; e += 8) {
        __m256 v = _mm256_loadu_ps(y + e);
        __m256i n = _mm256_max_epi32(_mm256_min_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(v, inv)), hi), lo);
        __m128i packed = _mm_packs_epi32(_mm256_castsi256_si128(n), _mm256_extracti128_si256(n, 1));
        _mm_storeu_si128((__m128i *)(void *)(q + e), packed);
        acc = add_squared_residuals_256(acc, scale, n, v);
    }
    double parts[4];
    _mm256_storeu_pd(parts, acc);
    return ((parts[0] + parts[1]) + (parts[2] + parts[3])) + quantise_plain(y + full, k - full, s, inverse, q + full);
}
#endif

double ck_i16_quantise(int way, const float *y, size_t k, int16_t *q, float *scale) {
#ifdef CK_X86
    float top = way == CK_WAY_AVX512 ? max_abs_512(y, k) : way == CK_WAY_AVX2 ? max_abs_256(y, k) : max_abs_scalar(y, k);
#else
    float top = max_abs_scalar(y, k);
#endif
    float s = top > 0 && isfinite(top) ? top / 32767.0f : 1.0f;
    float inverse = 1.0f / s;
    *scale = s;
#ifdef CK_X86
    if (way == CK_WAY_AVX512) return quantise_512(y, k, s, inverse, q);
    if (way == CK_WAY_AVX2) return quantise_256(y, k, s, inverse, q);
#endif
    return quantise_plain(y, k, s, inverse, q);
}

int ck_has_avx512bw(void) {
#ifdef CK_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}

void ck_i16_dots(int way, const float *x, size_t ldx, const intptr_t *xrows, const int16_t *y,
                 size_t ldy, const float *scales, const intptr_t *yrows, size_t count, size_t k,
                 float *out) {
#ifdef CK_X86
    if (way == CK_WAY_AVX512) {
        dots_512(x, ldx, xrows, y, ldy, scales, yrows, count, k, out);
        return;
    }
    if (way == CK_WAY_AVX2) {
        dots_256(x, ldx, xrows, y, ldy, scales, yrows, count, k, out);
        return;
    }
#endif
    dots_plain(x, ldx, xrows, y, ldy, scales, yrows, count, k, out);
}
