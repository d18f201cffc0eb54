// int8 GEMM (C = A · Bᵀ) on AVX512-VNNI (`vpdpbusd` zmm), AVX-VNNI (ymm), or plain AVX2
// (`vpmaddubsw` + `vpmaddwd`). Rows are quantised per row (x ≈ scale · q, q ∈ [−127, 127]); A is
// stored with the unsigned offset q + 128 that `vpdpbusd` needs, and each output subtracts
// 128 · Σ q_b of its column, so the integer dot product Σ q_a q_b is exact. The AVX2 way sums
// pairs of u8 · s8 products in int16 lanes, which must not saturate: its A rows have 63 levels
// (q ∈ [−63, 63], stored as q + 64 ≤ 127, so a pair is at most 2 · 127 · 127 < 2¹⁵) and it
// subtracts 64 · Σ q_b. Only the functions that use the instructions are compiled for them
// (target attributes); callers check ck_has_avx512vnni() / ck_has_avxvnni() / ck_has_avx2().
#include "ckernels.h"
#include <math.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CK_X86 1
#endif
#include "quantise.h"

int ck_has_avx512vnni(void) {
#ifdef CK_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}

int ck_has_avxvnni(void) {
#ifdef CK_X86
    // AVX-VNNI is CPUID leaf 7 subleaf 1, EAX bit 4; it also needs the OS to save YMM state.
    unsigned a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
    if (a < 7) return 0;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(1));
    __builtin_cpu_init();
    return (a >> 4) & 1 && __builtin_cpu_supports("avx2");
#else
    return 0;
#endif
}

int ck_has_avx2(void) {
#ifdef CK_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

size_t ck_i8_groups(size_t k) { return (k + 3) / 4; }

// The largest level and the stored bias of each ck_i8_row offset mode.
static int mode_levels(int offset) { return offset == CK_I8_NARROW ? 63 : 127; }
static int mode_bias(int offset) { return offset == CK_I8_NARROW ? 64 : offset ? 128 : 0; }

// The quantisation loop, in plain C (the largest |x| is quantise.h's): q = rint(x · inv) clamped to
// ±levels, bytes q + bias, Σ q into *total; returns Σ (s·q − x)², each term in Double (s·q exact,
// the difference rounded once).
static double quantise_scalar(const float *src, size_t count, int levels, int bias, float s,
                              float inv, uint8_t *dst, int32_t *total) {
    double sq = 0;
    int32_t sum = 0;
    for (size_t k = 0; k < count; k++) {
        float t = rintf(src[k] * inv);
        if (t > levels) t = (float)levels;
        if (t < -levels) t = (float)-levels;
        int q = (int)t;
        sum += q;
        double e = (double)s * q - (double)src[k];
        sq += e * e;
        dst[k] = (uint8_t)(q + bias);
    }
    *total = sum;
    return sq;
}

#ifdef CK_X86
// The same two loops 16 elements at a time: the same F32 products and rounding (to nearest,
// ties to even, as rintf), so the same bytes, scale and sum; the residual's squares are summed
// in another order (within the rounding that callers allow for). Measured: 6 % of the int8
// threshold build's CPU time in the plain loop (rintf is a libm call there), under 1 % here.
#define CK_T512F __attribute__((target("avx512f")))

CK_T512F static double quantise_512(const float *src, size_t count, int levels, int bias,
                                    float s, float inv, uint8_t *dst, int32_t *total) {
    size_t full = count / 16 * 16;
    __mmask16 tail = (__mmask16)((1u << (count - full)) - 1u);
    __m512 iv = _mm512_set1_ps(inv), hi = _mm512_set1_ps((float)levels), lo = _mm512_set1_ps((float)-levels);
    __m512d sd = _mm512_set1_pd((double)s), sq = _mm512_setzero_pd();
    __m512i sum = _mm512_setzero_si512(), off = _mm512_set1_epi32(bias);
    for (size_t k = 0; k < count; k += 16) {
        __mmask16 live = k < full ? (__mmask16)0xFFFF : tail;
        __m512 x = _mm512_maskz_loadu_ps(live, src + k);
        __m512 t = _mm512_roundscale_ps(_mm512_mul_ps(x, iv), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        __m512i q = _mm512_cvtps_epi32(_mm512_max_ps(_mm512_min_ps(t, hi), lo));
        sum = _mm512_add_epi32(sum, q);
        sq = add_squared_residuals(sq, sd, q, x);
        __m128i b = _mm512_cvtepi32_epi8(_mm512_add_epi32(q, off));
        if (k < full) {
            _mm_storeu_si128((__m128i *)(void *)(dst + k), b);
        } else {
            uint8_t last[16];
            _mm_storeu_si128((__m128i *)(void *)last, b);
            memcpy(dst + k, last, count - full);
        }
    }
    *total = _mm512_reduce_add_epi32(sum);
    return _mm512_reduce_add_pd(sq);
}

// The same 8 elements at a time on AVX2 (CPUs without AVX-512): the same F32 products and
// rounding, so the same bytes, scale and sum; squares summed in another order. The plain loop
// calls libm's rintf once per element.
#define CK_T256F __attribute__((target("avx2,fma")))

CK_T256F static double quantise_256(const float *src, size_t count, int levels, int bias,
                                    float s, float inv, uint8_t *dst, int32_t *total) {
    size_t full = count / 8 * 8;
    __m256 iv = _mm256_set1_ps(inv), hi = _mm256_set1_ps((float)levels), lo = _mm256_set1_ps((float)-levels);
    __m256d sd = _mm256_set1_pd((double)s), sq = _mm256_setzero_pd();
    __m256i sum = _mm256_setzero_si256(), off = _mm256_set1_epi32(bias);
    const __m256i pick = _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                          0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    for (size_t k = 0; k < full; k += 8) {
        __m256 x = _mm256_loadu_ps(src + k);
        __m256 t = _mm256_round_ps(_mm256_mul_ps(x, iv), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        __m256i q = _mm256_cvtps_epi32(_mm256_max_ps(_mm256_min_ps(t, hi), lo));
        sum = _mm256_add_epi32(sum, q);
        sq = add_squared_residuals_256(sq, sd, q, x);
        // The low byte of each 32-bit lane: bytes 0–3 of each 128-bit half.
        __m256i b = _mm256_shuffle_epi8(_mm256_add_epi32(q, off), pick);
        uint32_t lo4 = (uint32_t)_mm256_extract_epi32(b, 0), hi4 = (uint32_t)_mm256_extract_epi32(b, 4);
        memcpy(dst + k, &lo4, 4);
        memcpy(dst + k + 4, &hi4, 4);
    }
    int32_t lanes[8];
    _mm256_storeu_si256((__m256i *)(void *)lanes, sum);
    double parts[4];
    _mm256_storeu_pd(parts, sq);
    int32_t tail = 0;
    double rest = quantise_scalar(src + full, count - full, levels, bias, s, inv, dst + full, &tail);
    *total = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7])) + tail;
    return ((parts[0] + parts[1]) + (parts[2] + parts[3])) + rest;
}
#else
#define max_abs_512 max_abs_scalar
#define max_abs_256 max_abs_scalar
#define quantise_512 quantise_scalar
#define quantise_256 quantise_scalar
#endif

double ck_i8_row(const float *src, size_t count, int offset, uint8_t *dst, float *scale,
                 int32_t *sum) {
#ifdef CK_X86
    // 2 AVX-512F, 1 AVX2 + FMA, 0 plain C.
    int way = __builtin_cpu_supports("avx512f") ? 2 : ck_has_avx2() ? 1 : 0;
#else
    int way = 0;
#endif
    size_t bytes = ck_i8_groups(count) * 4;
    int levels = mode_levels(offset), bias = mode_bias(offset);
    uint8_t pad = (uint8_t)bias;
    float m = way == 2 ? max_abs_512(src, count) : way == 1 ? max_abs_256(src, count) : max_abs_scalar(src, count);
    double sq = 0;
    *scale = 0;
    *sum = 0;
    if (m > 0) {
        // A zero row keeps every q at 0, and its residual is the row itself (zero).
        float s = m / (float)levels, inv = (float)levels / m;
        sq = way == 2   ? quantise_512(src, count, levels, bias, s, inv, dst, sum)
             : way == 1 ? quantise_256(src, count, levels, bias, s, inv, dst, sum)
                        : quantise_scalar(src, count, levels, bias, s, inv, dst, sum);
        *scale = s;
    } else {
        count = 0;
    }
    memset(dst + count, pad, bytes - count);
    return sq;
}

size_t ck_i8_packed_b_bytes(size_t n, size_t k) {
    size_t panels = (n + CK_I8_PANEL - 1) / CK_I8_PANEL;
    return panels * CK_I8_PANEL * ck_i8_groups(k) * 4;
}

double ck_i8_pack_b(const float *b, size_t n, size_t first, size_t last, size_t k, size_t ldb,
                    uint8_t *dst, float *scales, int32_t *corrections, uint8_t *row) {
    double worst = 0;
    size_t groups = ck_i8_groups(k);
    for (size_t q = first; q < last; q++) {
        uint32_t *panel = (uint32_t *)(void *)(dst + q * CK_I8_PANEL * groups * 4);
        for (size_t r = 0; r < CK_I8_PANEL; r++) {
            size_t j = q * CK_I8_PANEL + r;
            float s = 0;
            int32_t sum = 0;
            if (j < n) {
                double sq = ck_i8_row(b + j * ldb, k, 0, row, &s, &sum);
                if (sq > worst) worst = sq;
            } else {
                memset(row, 0, groups * 4);
            }
            scales[j] = s;
            corrections[j] = 128 * sum;
            for (size_t p = 0; p < groups; p++) memcpy(panel + p * CK_I8_PANEL + r, row + 4 * p, 4);
        }
    }
    return worst;
}

#ifdef CK_X86
#define CK_T512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
#define CK_T256 __attribute__((target("avx2,fma,avxvnni")))

// rows ≤ 8 rows of A (stride `groups` words) against one packed panel; cols ≤ 48 columns of C.
CK_T512 static void i8_kernel_8x48(const uint32_t *a, const float *ascale, size_t rows,
                                   const uint32_t *panel, const float *bscale, const int32_t *bcorr,
                                   size_t groups, float *c, size_t ldc, size_t cols) {
    const uint32_t *rowp[CK_I8_ROWS];
    for (size_t r = 0; r < CK_I8_ROWS; r++) rowp[r] = a + (r < rows ? r : 0) * groups;
#define Z(r) __m512i c##r##0 = _mm512_setzero_si512(), c##r##1 = c##r##0, c##r##2 = c##r##0;
    Z(0) Z(1) Z(2) Z(3) Z(4) Z(5) Z(6) Z(7)
#undef Z
    for (size_t p = 0; p < groups; p++) {
        const uint32_t *bp = panel + p * CK_I8_PANEL;
        __m512i b0 = _mm512_loadu_si512(bp);
        __m512i b1 = _mm512_loadu_si512(bp + 16);
        __m512i b2 = _mm512_loadu_si512(bp + 32);
#define R(r)                                                                       \
    {                                                                              \
        __m512i x = _mm512_set1_epi32((int)rowp[r][p]);                            \
        c##r##0 = _mm512_dpbusd_epi32(c##r##0, x, b0);                             \
        c##r##1 = _mm512_dpbusd_epi32(c##r##1, x, b1);                             \
        c##r##2 = _mm512_dpbusd_epi32(c##r##2, x, b2);                             \
    }
        R(0) R(1) R(2) R(3) R(4) R(5) R(6) R(7)
#undef R
    }
    __m512i k0 = _mm512_loadu_si512(bcorr), k1 = _mm512_loadu_si512(bcorr + 16);
    __m512i k2 = _mm512_loadu_si512(bcorr + 32);
    __m512 s0 = _mm512_loadu_ps(bscale), s1 = _mm512_loadu_ps(bscale + 16);
    __m512 s2 = _mm512_loadu_ps(bscale + 32);
    __mmask16 m0 = 0xFFFF, m1 = 0xFFFF, m2 = 0xFFFF;
    if (cols < CK_I8_PANEL) {
        size_t n0 = cols < 16 ? cols : 16, n1 = cols < 32 ? (cols > 16 ? cols - 16 : 0) : 16;
        size_t n2 = cols > 32 ? cols - 32 : 0;
        m0 = (__mmask16)((1u << n0) - 1u);
        m1 = (__mmask16)((1u << n1) - 1u);
        m2 = (__mmask16)((1u << n2) - 1u);
    }
    // Value = float(D) · s_b · s_a with D = Σ (q_a + 128) q_b − 128 Σ q_b = Σ q_a q_b.
#define S(r)                                                                                   \
    if ((r) < rows) {                                                                          \
        float *o = c + (r) * ldc;                                                              \
        __m512 sa = _mm512_set1_ps(ascale[r]);                                                 \
        _mm512_mask_storeu_ps(                                                                 \
            o, m0, _mm512_mul_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(c##r##0, k0)), s0), sa)); \
        _mm512_mask_storeu_ps(                                                                 \
            o + 16, m1,                                                                        \
            _mm512_mul_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(c##r##1, k1)), s1), sa)); \
        _mm512_mask_storeu_ps(                                                                 \
            o + 32, m2,                                                                        \
            _mm512_mul_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(c##r##2, k2)), s2), sa)); \
    }
    S(0) S(1) S(2) S(3) S(4) S(5) S(6) S(7)
#undef S
}

// One row's 24 outputs of a 256-bit way: float(D) · s_b · s_a with D = acc − (bcorr >> shift),
// the first `cols` of them stored at `out`.
__attribute__((target("avx2"))) static inline void store_half_row(__m256i acc0, __m256i acc1, __m256i acc2,
                                                                  float ascale, const float *bscale,
                                                                  const int32_t *bcorr, int shift,
                                                                  float *out, size_t cols) {
    __m256 sa = _mm256_set1_ps(ascale);
    __m256i acc[3] = {acc0, acc1, acc2};
    float buf[24];
    for (int v = 0; v < 3; v++) {
        __m256i k = _mm256_srai_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(bcorr + 8 * v)), shift);
        __m256 sb = _mm256_loadu_ps(bscale + 8 * v);
        __m256 f = _mm256_cvtepi32_ps(_mm256_sub_epi32(acc[v], k));
        _mm256_storeu_ps(buf + 8 * v, _mm256_mul_ps(_mm256_mul_ps(f, sb), sa));
    }
    memcpy(out, buf, cols * sizeof(float));
}

// rows ≤ 4 rows of A against 24 columns (half h of a panel); cols ≤ 24.
CK_T256 static void i8_kernel_4x24(const uint32_t *a, const float *ascale, size_t rows,
                                   const uint32_t *panel, size_t half, const float *bscale,
                                   const int32_t *bcorr, size_t groups, float *c, size_t ldc,
                                   size_t cols) {
    const uint32_t *rowp[4];
    for (size_t r = 0; r < 4; r++) rowp[r] = a + (r < rows ? r : 0) * groups;
#define Z(r) __m256i c##r##0 = _mm256_setzero_si256(), c##r##1 = c##r##0, c##r##2 = c##r##0;
    Z(0) Z(1) Z(2) Z(3)
#undef Z
    for (size_t p = 0; p < groups; p++) {
        const uint32_t *bp = panel + p * CK_I8_PANEL + 24 * half;
        __m256i b0 = _mm256_loadu_si256((const __m256i *)bp);
        __m256i b1 = _mm256_loadu_si256((const __m256i *)(bp + 8));
        __m256i b2 = _mm256_loadu_si256((const __m256i *)(bp + 16));
#define R(r)                                                                       \
    {                                                                              \
        __m256i x = _mm256_set1_epi32((int)rowp[r][p]);                            \
        c##r##0 = _mm256_dpbusd_avx_epi32(c##r##0, x, b0);                         \
        c##r##1 = _mm256_dpbusd_avx_epi32(c##r##1, x, b1);                         \
        c##r##2 = _mm256_dpbusd_avx_epi32(c##r##2, x, b2);                         \
    }
        R(0) R(1) R(2) R(3)
#undef R
    }
#define S(r) \
    if ((r) < rows) store_half_row(c##r##0, c##r##1, c##r##2, ascale[r], bscale, bcorr, 0, c + (r) * ldc, cols);
    S(0) S(1) S(2) S(3)
#undef S
}

// rows ≤ 3 rows of A (63-level, CK_I8_NARROW) against 24 columns (half h of a panel); cols ≤ 24.
// Each group of four bytes: `vpmaddubsw` forms two int16 pair sums (each ≤ 2 · 127 · 127, no
// saturation) and `vpmaddwd` with ones adds them into int32: the same exact sum as
// `vpdpbusd`. Three rows by three vectors: nine accumulators, three B vectors, the broadcast,
// the ones and one temporary fill 15 of AVX2's 16 registers.
CK_T256F static void i8_kernel_3x24(const uint32_t *a, const float *ascale, size_t rows,
                                 const uint32_t *panel, size_t half, const float *bscale,
                                 const int32_t *bcorr, size_t groups, float *c, size_t ldc,
                                 size_t cols) {
    const uint32_t *rowp[3];
    for (size_t r = 0; r < 3; r++) rowp[r] = a + (r < rows ? r : 0) * groups;
    const __m256i ones = _mm256_set1_epi16(1);
#define Z(r) __m256i c##r##0 = _mm256_setzero_si256(), c##r##1 = c##r##0, c##r##2 = c##r##0;
    Z(0) Z(1) Z(2)
#undef Z
    for (size_t p = 0; p < groups; p++) {
        const uint32_t *bp = panel + p * CK_I8_PANEL + 24 * half;
        __m256i b0 = _mm256_loadu_si256((const __m256i *)bp);
        __m256i b1 = _mm256_loadu_si256((const __m256i *)(bp + 8));
        __m256i b2 = _mm256_loadu_si256((const __m256i *)(bp + 16));
#define R(r)                                                                                   \
    {                                                                                          \
        __m256i x = _mm256_set1_epi32((int)rowp[r][p]);                                        \
        c##r##0 = _mm256_add_epi32(c##r##0, _mm256_madd_epi16(_mm256_maddubs_epi16(x, b0), ones)); \
        c##r##1 = _mm256_add_epi32(c##r##1, _mm256_madd_epi16(_mm256_maddubs_epi16(x, b1), ones)); \
        c##r##2 = _mm256_add_epi32(c##r##2, _mm256_madd_epi16(_mm256_maddubs_epi16(x, b2), ones)); \
    }
        R(0) R(1) R(2)
#undef R
    }
    // bcorr holds 128 Σ q_b; this way subtracts 64 Σ q_b.
#define S(r) \
    if ((r) < rows) store_half_row(c##r##0, c##r##1, c##r##2, ascale[r], bscale, bcorr, 1, c + (r) * ldc, cols);
    S(0) S(1) S(2)
#undef S
}

CK_T512 static void i8_gemm_512(const uint8_t *a, const float *ascale, size_t m, const uint8_t *b,
                                const float *bscale, const int32_t *bcorr, size_t n, size_t groups,
                                float *c, size_t ldc) {
    size_t panels = (n + CK_I8_PANEL - 1) / CK_I8_PANEL;
    const uint32_t *aw = (const uint32_t *)(const void *)a;
    // Panel outer, row blocks inner: one packed panel (48 × groups words) stays in L1/L2 while
    // every row block of A passes it.
    for (size_t q = 0; q < panels; q++) {
        const uint32_t *panel = (const uint32_t *)(const void *)(b + q * CK_I8_PANEL * groups * 4);
        size_t j = q * CK_I8_PANEL;
        size_t cols = n - j < CK_I8_PANEL ? n - j : CK_I8_PANEL;
        for (size_t i = 0; i < m; i += CK_I8_ROWS) {
            size_t rows = m - i < CK_I8_ROWS ? m - i : CK_I8_ROWS;
            i8_kernel_8x48(aw + i * groups, ascale + i, rows, panel, bscale + j, bcorr + j, groups,
                           c + i * ldc + j, ldc, cols);
        }
    }
}

// A 256-bit micro-kernel: up to `rows` rows of A against 24 columns (half h of a panel).
typedef void (*i8_half_kernel)(const uint32_t *a, const float *ascale, size_t rows,
                               const uint32_t *panel, size_t half, const float *bscale,
                               const int32_t *bcorr, size_t groups, float *c, size_t ldc,
                               size_t cols);

// The 256-bit ways: each half panel (24 columns) passes every block of `step` rows of A.
static void i8_gemm_halves(i8_half_kernel kernel, size_t step, const uint8_t *a,
                           const float *ascale, size_t m, const uint8_t *b, const float *bscale,
                           const int32_t *bcorr, size_t n, size_t groups, float *c, size_t ldc) {
    size_t panels = (n + CK_I8_PANEL - 1) / CK_I8_PANEL;
    const uint32_t *aw = (const uint32_t *)(const void *)a;
    for (size_t q = 0; q < panels; q++) {
        const uint32_t *panel = (const uint32_t *)(const void *)(b + q * CK_I8_PANEL * groups * 4);
        for (size_t h = 0; h < 2; h++) {
            size_t j = q * CK_I8_PANEL + 24 * h;
            if (j >= n) break;
            size_t cols = n - j < 24 ? n - j : 24;
            for (size_t i = 0; i < m; i += step) {
                size_t rows = m - i < step ? m - i : step;
                kernel(aw + i * groups, ascale + i, rows, panel, h, bscale + j, bcorr + j, groups,
                       c + i * ldc + j, ldc, cols);
            }
        }
    }
}

void ck_i8_gemm(int way, const uint8_t *a, const float *ascale, size_t m, const uint8_t *b,
                const float *bscale, const int32_t *bcorr, size_t n, size_t groups, float *c,
                size_t ldc) {
    if (way == CK_I8_WAY_AVX512VNNI)
        i8_gemm_512(a, ascale, m, b, bscale, bcorr, n, groups, c, ldc);
    else if (way == CK_I8_WAY_AVXVNNI)
        i8_gemm_halves(i8_kernel_4x24, 4, a, ascale, m, b, bscale, bcorr, n, groups, c, ldc);
    else
        i8_gemm_halves(i8_kernel_3x24, 3, a, ascale, m, b, bscale, bcorr, n, groups, c, ldc);
}
#else
void ck_i8_gemm(int way, const uint8_t *a, const float *ascale, size_t m, const uint8_t *b,
                const float *bscale, const int32_t *bcorr, size_t n, size_t groups, float *c,
                size_t ldc) {
    (void)way; (void)a; (void)ascale; (void)m; (void)b; (void)bscale; (void)bcorr; (void)n;
    (void)groups; (void)c; (void)ldc;
}
#endif
