// F32 GEMM (C = A · Wᵀ) whose every output is one fused multiply-add chain over k in index
// order, starting from zero: the same bits whatever the row count, the row's place, the
// thread or the vector way (AVX-512, AVX2, plain C with fmaf). The sentence model's dense
// layers use it where bfloat16 is missing: OpenBLAS's Haswell/Zen kernels round a row's
// products differently with the product's shape (measured on AMD EPYC Zen 3), so a label's
// embedding depended on the other labels of its batch.
#include "ckernels.h"
#include <math.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CK_X86 1
#endif

#define PANEL 16
// Rows of A a pass over every panel takes (a multiple of 6): 96 rows of 384 floats stay in L2
// while W streams past them, instead of all of A streaming past each panel.
#define BLOCK_ROWS 96

size_t ck_f32_packed_count(size_t n, size_t k) { return (n + PANEL - 1) / PANEL * PANEL * k; }

void ck_f32_pack(const float *w, size_t n, size_t k, float *dst) {
    size_t panels = (n + PANEL - 1) / PANEL;
    for (size_t q = 0; q < panels; q++)
        for (size_t e = 0; e < k; e++)
            for (size_t c = 0; c < PANEL; c++) {
                size_t j = q * PANEL + c;
                dst[(q * k + e) * PANEL + c] = j < n ? w[j * k + e] : 0.0f;
            }
}

// Stores `rows` × `cols` of the block `v` (rows of PANEL·`width` floats) into c.
static inline void store_block(const float *v, size_t rows, size_t cols, size_t width, float *c,
                               size_t ldc) {
    for (size_t r = 0; r < rows; r++) memcpy(c + r * ldc, v + r * PANEL * width, cols * sizeof(float));
}

static void gemm_plain(const float *a, size_t m, size_t k, const float *packed, size_t n, float *c,
                       size_t ldc) {
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            const float *p = packed + (j / PANEL) * PANEL * k + j % PANEL;
            float s = 0;
            for (size_t e = 0; e < k; e++) s = fmaf(a[i * k + e], p[e * PANEL], s);
            c[i * ldc + j] = s;
        }
}

#ifdef CK_X86
// Six rows against one panel (16 columns): twelve 8-lane accumulators.
__attribute__((target("avx2,fma"))) static void gemm_avx2(const float *a, size_t m, size_t k,
                                                           const float *packed, size_t n, float *c,
                                                           size_t ldc) {
    size_t panels = (n + PANEL - 1) / PANEL;
    for (size_t i0 = 0; i0 < m; i0 += BLOCK_ROWS)
    for (size_t q = 0; q < panels; q++) {
        const float *p = packed + q * PANEL * k;
        size_t cols = n - q * PANEL < PANEL ? n - q * PANEL : PANEL;
        for (size_t i = i0; i < m && i < i0 + BLOCK_ROWS; i += 6) {
            size_t rows = m - i < 6 ? m - i : 6;
            const float *ar[6];
            for (size_t r = 0; r < 6; r++) ar[r] = a + (i + (r < rows ? r : 0)) * k;
            __m256 s[6][2];
            for (int r = 0; r < 6; r++) s[r][0] = s[r][1] = _mm256_setzero_ps();
            for (size_t e = 0; e < k; e++) {
                __m256 b0 = _mm256_loadu_ps(p + e * PANEL), b1 = _mm256_loadu_ps(p + e * PANEL + 8);
                for (int r = 0; r < 6; r++) {
                    __m256 x = _mm256_broadcast_ss(ar[r] + e);
                    s[r][0] = _mm256_fmadd_ps(x, b0, s[r][0]);
                    s[r][1] = _mm256_fmadd_ps(x, b1, s[r][1]);
                }
            }
            float out[6 * PANEL];
            for (int r = 0; r < 6; r++) {
                _mm256_storeu_ps(out + r * PANEL, s[r][0]);
                _mm256_storeu_ps(out + r * PANEL + 8, s[r][1]);
            }
            store_block(out, rows, cols, 1, c + i * ldc + q * PANEL, ldc);
        }
    }
}

// Six rows against two panels (32 columns): twelve 16-lane accumulators.
__attribute__((target("avx512f"))) static void gemm_512(const float *a, size_t m, size_t k,
                                                         const float *packed, size_t n, float *c,
                                                         size_t ldc) {
    size_t panels = (n + PANEL - 1) / PANEL;
    for (size_t i0 = 0; i0 < m; i0 += BLOCK_ROWS)
    for (size_t q = 0; q < panels; q += 2) {
        const float *p0 = packed + q * PANEL * k;
        // A lone last panel pairs with itself; its copy is not stored.
        const float *p1 = q + 1 < panels ? p0 + PANEL * k : p0;
        size_t cols = n - q * PANEL < 2 * PANEL ? n - q * PANEL : 2 * PANEL;
        for (size_t i = i0; i < m && i < i0 + BLOCK_ROWS; i += 6) {
            size_t rows = m - i < 6 ? m - i : 6;
            const float *ar[6];
            for (size_t r = 0; r < 6; r++) ar[r] = a + (i + (r < rows ? r : 0)) * k;
            __m512 s[6][2];
            for (int r = 0; r < 6; r++) s[r][0] = s[r][1] = _mm512_setzero_ps();
            for (size_t e = 0; e < k; e++) {
                __m512 b0 = _mm512_loadu_ps(p0 + e * PANEL), b1 = _mm512_loadu_ps(p1 + e * PANEL);
                for (int r = 0; r < 6; r++) {
                    __m512 x = _mm512_set1_ps(ar[r][e]);
                    s[r][0] = _mm512_fmadd_ps(x, b0, s[r][0]);
                    s[r][1] = _mm512_fmadd_ps(x, b1, s[r][1]);
                }
            }
            float out[6 * 2 * PANEL];
            for (int r = 0; r < 6; r++) {
                _mm512_storeu_ps(out + r * 2 * PANEL, s[r][0]);
                _mm512_storeu_ps(out + r * 2 * PANEL + PANEL, s[r][1]);
            }
            store_block(out, rows, cols, 2, c + i * ldc + q * PANEL, ldc);
        }
    }
}
#endif

void ck_f32_gemm(int way, const float *a, size_t m, size_t k, const float *packed, size_t n,
                 float *c, size_t ldc) {
#ifdef CK_X86
    if (way == CK_WAY_AVX512) {
        gemm_512(a, m, k, packed, n, c, ldc);
        return;
    }
    if (way == CK_WAY_AVX2) {
        gemm_avx2(a, m, k, packed, n, c, ldc);
        return;
    }
#endif
    gemm_plain(a, m, k, packed, n, c, ldc);
}
