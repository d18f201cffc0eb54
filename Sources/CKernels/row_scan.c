// The two passes of a product row's scan (see PairScan.scanRow in Swift): the first finds the
// 16-column blocks with anything to look at (an edge candidate, a column offer, a new top-k
// key) and carries the row maximum of g − e; the second collects the near-ties. Both run in
// AVX-512 where the CPU has it and in plain C elsewhere, with the same IEEE operations in the
// same order per element, so either gives the same answers. Measured on the 4 × 24,576 × 768
// threshold build (AMD EPYC Zen 4): the Swift SIMD16 loops these replace took 13 % of the CPU
// time, about 24 cycles a block.
#include "ckernels.h"
#include <math.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CK_X86 1
#endif

static inline float key_of(float g, int absolute) { return absolute ? fabsf(g) : g; }

static size_t hits_scalar(const float *g, const float *e, const float *low, size_t n, size_t j,
                          float floor, float shift, float kth, int absolute, float *vmax) {
    for (; j + 16 <= n; j += 16) {
        int any = 0;
        for (size_t l = 0; l < 16; l++) {
            float x = key_of(g[j + l], absolute);
            float h = x - e[j + l];
            float t = (x + e[j + l]) + shift;
            if (h > vmax[l]) vmax[l] = h;
            any |= (x >= floor) | (t >= low[j + l]) | (h > kth);
        }
        if (any) return j;
    }
    return j;
}

// Appends columns [j, n) with u ≥ near after the `count` already found; the new count.
static size_t near_scalar(const float *g, const float *e, size_t j, size_t n, float near,
                          int absolute, intptr_t *index, float *bound, size_t count) {
    for (; j < n; j++) {
        float u = key_of(g[j], absolute) + e[j];
        if (u >= near) {
            index[count] = (intptr_t)j;
            bound[count] = u;
            count++;
        }
    }
    return count;
}

#ifdef CK_X86
#define CK_T512 __attribute__((target("avx512f")))

CK_T512 static inline __m512 load_key(const float *p, int absolute) {
    __m512 x = _mm512_loadu_ps(p);
    return absolute ? _mm512_abs_ps(x) : x;
}

CK_T512 static size_t hits_512(const float *g, const float *e, const float *low, size_t n,
                               size_t j, float floor, float shift, float kth, int absolute,
                               float *vmax) {
    __m512 m = _mm512_loadu_ps(vmax);
    __m512 f = _mm512_set1_ps(floor), s = _mm512_set1_ps(shift), k = _mm512_set1_ps(kth);
    for (; j + 16 <= n; j += 16) {
        __m512 x = load_key(g + j, absolute);
        __m512 c = _mm512_loadu_ps(e + j);
        __m512 h = _mm512_sub_ps(x, c);
        __m512 t = _mm512_add_ps(_mm512_add_ps(x, c), s);
        m = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(h, m, _CMP_GT_OQ), m, h);
        __mmask16 hit = _mm512_cmp_ps_mask(x, f, _CMP_GE_OQ)
            | _mm512_cmp_ps_mask(t, _mm512_loadu_ps(low + j), _CMP_GE_OQ)
            | _mm512_cmp_ps_mask(h, k, _CMP_GT_OQ);
        if (hit) break;
    }
    _mm512_storeu_ps(vmax, m);
    return j;
}

CK_T512 static size_t near_512(const float *g, const float *e, size_t n, float near,
                               int absolute, intptr_t *index, float *bound) {
    __m512 v = _mm512_set1_ps(near);
    size_t count = 0, j = 0;
    for (; j + 16 <= n; j += 16) {
        __m512 u = _mm512_add_ps(load_key(g + j, absolute), _mm512_loadu_ps(e + j));
        __mmask16 keep = _mm512_cmp_ps_mask(u, v, _CMP_GE_OQ);
        while (keep) {
            unsigned l = (unsigned)__builtin_ctz(keep);
            keep &= (__mmask16)(keep - 1);
            index[count] = (intptr_t)(j + l);
            bound[count] = u[l];
            count++;
        }
    }
    return near_scalar(g, e, j, n, near, absolute, index, bound, count);
}
#else
#define hits_512 hits_scalar
#define near_512(g, e, n, near, absolute, index, bound) near_scalar(g, e, 0, n, near, absolute, index, bound, 0)
#endif

size_t ck_scan_hits(int wide, const float *g, const float *e, const float *low, size_t n,
                    size_t j, float floor, float shift, float kth, int absolute, float *vmax) {
#ifdef CK_X86
    if (wide) return hits_512(g, e, low, n, j, floor, shift, kth, absolute, vmax);
#endif
    return hits_scalar(g, e, low, n, j, floor, shift, kth, absolute, vmax);
}

size_t ck_scan_near(int wide, const float *g, const float *e, size_t n, float near, int absolute,
                    intptr_t *index, float *bound) {
#ifdef CK_X86
    if (wide) return near_512(g, e, n, near, absolute, index, bound);
#endif
    return near_scalar(g, e, 0, n, near, absolute, index, bound, 0);
}
