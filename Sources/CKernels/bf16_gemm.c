// bfloat16 GEMM (C = A · Bᵀ) on AVX512-BF16. Only the functions that use the instructions
// are compiled for them (target attribute), so the package builds for any x86-64 and the
// caller checks ck_has_avx512bf16() first. Non-x86 builds get portable stubs.
#include "ckernels.h"
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CK_X86 1
#endif

int ck_has_avx512bf16(void) {
#ifdef CK_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}

// bfloat16 bits of finite x: round to nearest, ties to even; subnormal results become ±0.
// Adds the squared rounding error (exact in F32: both values lie within a factor 2) to *sq.
static inline uint32_t bf16_bits(float x, double *sq) {
    uint32_t u;
    memcpy(&u, &x, 4);
    u += 0x7FFFu + ((u >> 16) & 1u);
    u &= 0xFFFF0000u;
    if ((u & 0x7F800000u) == 0) u &= 0x80000000u;
    float y;
    memcpy(&y, &u, 4);
    double e = (double)(y - x);
    *sq += e * e;
    return u >> 16;
}

double ck_bf16_row(const float *src, size_t count, uint32_t *dst) {
    double sq = 0;
    size_t p = 0;
    for (; 2 * p + 1 < count; p++) {
        uint32_t lo = bf16_bits(src[2 * p], &sq);
        dst[p] = lo | (bf16_bits(src[2 * p + 1], &sq) << 16);
    }
    if (2 * p < count) dst[p] = bf16_bits(src[2 * p], &sq);
    return sq;
}

size_t ck_bf16_packed_b_count(size_t n, size_t k) {
    size_t panels = (n + CK_BF16_PANEL - 1) / CK_BF16_PANEL;
    return panels * CK_BF16_PANEL * ((k + 1) / 2) * 4;
}

double ck_bf16_pack_b(const float *b, size_t n, size_t k, size_t ldb, uint32_t *dst) {
    double worst = 0;
    size_t pairs = (k + 1) / 2;
    size_t panels = (n + CK_BF16_PANEL - 1) / CK_BF16_PANEL;
    uint32_t *row = malloc((pairs > 0 ? pairs : 1) * 4);
    if (!row) return -1;
    for (size_t q = 0; q < panels; q++) {
        uint32_t *panel = dst + q * CK_BF16_PANEL * pairs;
        for (size_t r = 0; r < CK_BF16_PANEL; r++) {
            size_t j = q * CK_BF16_PANEL + r;
            if (j < n) {
                double sq = ck_bf16_row(b + j * ldb, k, row);
                if (sq > worst) worst = sq;
            } else {
                memset(row, 0, pairs * 4);
            }
            for (size_t p = 0; p < pairs; p++) panel[p * CK_BF16_PANEL + r] = row[p];
        }
    }
    free(row);
    return worst;
}

#ifdef CK_X86
#define CK_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))

// One step of the 8 × 48 micro-kernel: row r's pair p times the panel's three vectors.
#define CK_ROW(r)                                                                  \
    {                                                                              \
        __m512bh x = (__m512bh)_mm512_set1_epi32((int)a[(r) * lda + p]);           \
        c##r##0 = _mm512_dpbf16_ps(c##r##0, x, b0);                                \
        c##r##1 = _mm512_dpbf16_ps(c##r##1, x, b1);                                \
        c##r##2 = _mm512_dpbf16_ps(c##r##2, x, b2);                                \
    }
#define CK_ZERO(r) __m512 c##r##0 = _mm512_setzero_ps(), c##r##1 = c##r##0, c##r##2 = c##r##0;
#define CK_STORE(r)                                                                \
    if ((r) < rows) {                                                              \
        float *o = c + (r) * ldc;                                                  \
        if (full) {                                                                \
            _mm512_storeu_ps(o, c##r##0);                                          \
            _mm512_storeu_ps(o + 16, c##r##1);                                     \
            _mm512_storeu_ps(o + 32, c##r##2);                                     \
        } else {                                                                   \
            _mm512_mask_storeu_ps(o, m0, c##r##0);                                 \
            _mm512_mask_storeu_ps(o + 16, m1, c##r##1);                            \
            _mm512_mask_storeu_ps(o + 32, m2, c##r##2);                            \
        }                                                                          \
    }

// rows ≤ 8 rows of A (stride lda words) against one packed panel; cols ≤ 48 columns of C.
CK_TARGET static void kernel_8x48(const uint32_t *a, size_t lda, size_t rows, const uint32_t *panel,
                                  size_t pairs, float *c, size_t ldc, size_t cols) {
    CK_ZERO(0) CK_ZERO(1) CK_ZERO(2) CK_ZERO(3) CK_ZERO(4) CK_ZERO(5) CK_ZERO(6) CK_ZERO(7)
    if (rows == CK_BF16_ROWS) {
        for (size_t p = 0; p < pairs; p++) {
            const uint32_t *bp = panel + p * CK_BF16_PANEL;
            __m512bh b0 = (__m512bh)_mm512_loadu_si512(bp);
            __m512bh b1 = (__m512bh)_mm512_loadu_si512(bp + 16);
            __m512bh b2 = (__m512bh)_mm512_loadu_si512(bp + 32);
            CK_ROW(0) CK_ROW(1) CK_ROW(2) CK_ROW(3) CK_ROW(4) CK_ROW(5) CK_ROW(6) CK_ROW(7)
        }
    } else {
        // Short block: missing rows read row 0 again and are never stored.
        const uint32_t *rowp[CK_BF16_ROWS];
        for (size_t r = 0; r < CK_BF16_ROWS; r++) rowp[r] = a + (r < rows ? r : 0) * lda;
        for (size_t p = 0; p < pairs; p++) {
            const uint32_t *bp = panel + p * CK_BF16_PANEL;
            __m512bh b0 = (__m512bh)_mm512_loadu_si512(bp);
            __m512bh b1 = (__m512bh)_mm512_loadu_si512(bp + 16);
            __m512bh b2 = (__m512bh)_mm512_loadu_si512(bp + 32);
#define CK_ROWP(r)                                                                 \
    {                                                                              \
        __m512bh x = (__m512bh)_mm512_set1_epi32((int)rowp[r][p]);                 \
        c##r##0 = _mm512_dpbf16_ps(c##r##0, x, b0);                                \
        c##r##1 = _mm512_dpbf16_ps(c##r##1, x, b1);                                \
        c##r##2 = _mm512_dpbf16_ps(c##r##2, x, b2);                                \
    }
            CK_ROWP(0) CK_ROWP(1) CK_ROWP(2) CK_ROWP(3) CK_ROWP(4) CK_ROWP(5) CK_ROWP(6) CK_ROWP(7)
#undef CK_ROWP
        }
    }
    int full = cols == CK_BF16_PANEL;
    __mmask16 m0 = 0, m1 = 0, m2 = 0;
    if (!full) {
        size_t c0 = cols < 16 ? cols : 16, c1 = cols < 32 ? (cols > 16 ? cols - 16 : 0) : 16;
        size_t c2 = cols > 32 ? cols - 32 : 0;
        m0 = (__mmask16)((1u << c0) - 1u);
        m1 = (__mmask16)((1u << c1) - 1u);
        m2 = (__mmask16)((1u << c2) - 1u);
    }
    CK_STORE(0) CK_STORE(1) CK_STORE(2) CK_STORE(3) CK_STORE(4) CK_STORE(5) CK_STORE(6) CK_STORE(7)
}

CK_TARGET void ck_bf16_gemm(const uint32_t *a, size_t m, const uint32_t *b, size_t n, size_t pairs,
                            float *c, size_t ldc) {
    size_t panels = (n + CK_BF16_PANEL - 1) / CK_BF16_PANEL;
    // Panel outer, row blocks inner: one packed panel (48 × pairs words) stays in L2 while
    // every row block of A (m × pairs words, also L2-sized for a 256-row tile) passes it.
    for (size_t q = 0; q < panels; q++) {
        const uint32_t *panel = b + q * CK_BF16_PANEL * pairs;
        size_t j = q * CK_BF16_PANEL;
        size_t cols = n - j < CK_BF16_PANEL ? n - j : CK_BF16_PANEL;
        for (size_t i = 0; i < m; i += CK_BF16_ROWS) {
            size_t rows = m - i < CK_BF16_ROWS ? m - i : CK_BF16_ROWS;
            kernel_8x48(a + i * pairs, pairs, rows, panel, pairs, c + i * ldc + j, ldc, cols);
        }
    }
}
#else
void ck_bf16_gemm(const uint32_t *a, size_t m, const uint32_t *b, size_t n, size_t pairs,
                  float *c, size_t ldc) {
    (void)a; (void)m; (void)b; (void)n; (void)pairs; (void)c; (void)ldc;
}
#endif
