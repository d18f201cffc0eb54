// The two passes of a product row's scan (see PairScan.scanRow in Swift): the first records
// the row's edge candidates, column offers and top-k keys (the 16-column blocks with none of
// them are passed over whole) and carries the row maximum of g − e; the second collects the
// near-ties. Both run in AVX-512 or AVX2 where the CPU has it and in plain C elsewhere, with the
// same IEEE operations in the same order per element, so every way gives the same answers. Measured on
// the 4 × 24,576 × 768 threshold build (AMD EPYC Zen 4): the Swift SIMD16 loops these replace
// took 13 % of the CPU time, about 24 cycles a block; handling the lanes of a block with
// something to record in C, not Swift, took the default rule's scan from 10.1 % to 9.2 %.
#include "ckernels.h"
#include <math.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CK_X86 1
#endif

static inline float key_of(float g, int absolute) { return absolute ? fabsf(g) : g; }

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

// The kept `depth` largest h, descending, and the least h that enters (−∞ until full, +∞
// with depth 0).
typedef struct {
    float *top;
    size_t count, depth;
    float kth;
} top_keys;

// Inserts h (> kth) after the kept values ≥ h, dropping the smallest when full.
static inline void top_insert(top_keys *t, float h) {
    size_t p = 0;
    while (p < t->count && !(t->top[p] < h)) p++;
    size_t last = t->count < t->depth ? t->count : t->depth - 1;
    for (size_t q = last; q > p; q--) t->top[q] = t->top[q - 1];
    t->top[p] = h;
    if (t->count < t->depth) t->count++;
    if (t->count == t->depth) t->kth = t->top[t->depth - 1];
}

// Column j's edge candidate, offer and top key, with its h returned.
static inline float scan_column(const float *g, const float *e, const float *low, size_t j,
                                float floor, float shift, int absolute, top_keys *t,
                                ck_row_scan *out) {
    float x = key_of(g[j], absolute);
    float h = x - e[j];
    float u = (x + e[j]) + shift;
    if (x >= floor) out->edges[out->edge_count++] = (intptr_t)j;
    if (u >= low[j]) out->offers[out->offer_count++] = (intptr_t)j;
    if (h > t->kth) top_insert(t, h);
    return h;
}

// Columns [j, n) one at a time; the largest h among them and `max`.
static float scan_columns(const float *g, const float *e, const float *low, size_t j, size_t n,
                          float floor, float shift, int absolute, top_keys *t, ck_row_scan *out,
                          float max) {
    for (; j < n; j++) {
        float h = scan_column(g, e, low, j, floor, shift, absolute, t, out);
        if (h > max) max = h;
    }
    return max;
}

// Records one block of columns starting at j from its masks (bit l: lane l): the edge
// candidates and offers in lane order, then each lane of `top` (whose h, in `h`, exceeded the
// least kept key at the block's start) inserted in lane order if it still exceeds it.
static inline void record_block(size_t j, unsigned edge, unsigned offer, unsigned top,
                                const float *h, top_keys *t, ck_row_scan *out) {
    while (edge) {
        out->edges[out->edge_count++] = (intptr_t)(j + (unsigned)__builtin_ctz(edge));
        edge &= edge - 1;
    }
    while (offer) {
        out->offers[out->offer_count++] = (intptr_t)(j + (unsigned)__builtin_ctz(offer));
        offer &= offer - 1;
    }
    while (top) {
        unsigned l = (unsigned)__builtin_ctz(top);
        top &= top - 1;
        if (h[l] > t->kth) top_insert(t, h[l]);
    }
}

#ifdef CK_X86
#define CK_T512 __attribute__((target("avx512f")))

CK_T512 static inline __m512 load_key(const float *p, int absolute) {
    __m512 x = _mm512_loadu_ps(p);
    return absolute ? _mm512_abs_ps(x) : x;
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

// Whole blocks of 16 at a time. In a block with something to record, the edge candidates and
// offers are taken from their masks in lane order, and the lanes whose h exceeded the least
// kept top key at the block's start are inserted in lane order, each tested again against
// the least kept key as it stands: a lane outside that mask has h at most the block's
// starting key, which only grows, so the scalar pass would not insert it either. The same
// columns and keys as scan_column lane by lane, which it replaced (measured on the default
// rule, AMD EPYC Zen 4: about 190 of a row's 1,536 blocks record something, mostly offers).
// The tail goes through scan_column.
CK_T512 static void row_512(const float *g, const float *e, const float *low, size_t n,
                            float floor, float shift, int absolute, top_keys *t,
                            ck_row_scan *out) {
    __m512 m = _mm512_set1_ps(-INFINITY);
    __m512 f = _mm512_set1_ps(floor), s = _mm512_set1_ps(shift);
    size_t j = 0;
    for (; j + 16 <= n; j += 16) {
        __m512 x = load_key(g + j, absolute);
        __m512 c = _mm512_loadu_ps(e + j);
        __m512 h = _mm512_sub_ps(x, c);
        __m512 u = _mm512_add_ps(_mm512_add_ps(x, c), s);
        m = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(h, m, _CMP_GT_OQ), m, h);
        __mmask16 edge = _mm512_cmp_ps_mask(x, f, _CMP_GE_OQ);
        __mmask16 offer = _mm512_cmp_ps_mask(u, _mm512_loadu_ps(low + j), _CMP_GE_OQ);
        __mmask16 top = _mm512_cmp_ps_mask(h, _mm512_set1_ps(t->kth), _CMP_GT_OQ);
        if (!(edge | offer | top)) continue;
        float lanes[16];
        if (top) _mm512_storeu_ps(lanes, h);
        record_block(j, edge, offer, top, lanes, t, out);
    }
    out->row_max = scan_columns(g, e, low, j, n, floor, shift, absolute, t, out,
                                _mm512_reduce_max_ps(m));
}

// The same two passes 8 columns at a time on AVX2 (CPUs without AVX-512): the same IEEE
// operations per element, so the same answers. Measured on the threshold build of 4 × 24,576 ×
// 768 (2-core AMD EPYC Zen 3, int8-avx2 pass): the plain loops took 16 % of the CPU time.
#define CK_T256 __attribute__((target("avx2")))

CK_T256 static inline __m256 load_key8(const float *p, int absolute) {
    __m256 x = _mm256_loadu_ps(p);
    return absolute ? _mm256_and_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF))) : x;
}

CK_T256 static size_t near_256(const float *g, const float *e, size_t n, float near, int absolute,
                               intptr_t *index, float *bound) {
    __m256 v = _mm256_set1_ps(near);
    size_t count = 0, j = 0;
    for (; j + 8 <= n; j += 8) {
        __m256 u = _mm256_add_ps(load_key8(g + j, absolute), _mm256_loadu_ps(e + j));
        unsigned keep = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(u, v, _CMP_GE_OQ));
        if (!keep) continue;
        float lanes[8];
        _mm256_storeu_ps(lanes, u);
        while (keep) {
            unsigned l = (unsigned)__builtin_ctz(keep);
            keep &= keep - 1;
            index[count] = (intptr_t)(j + l);
            bound[count] = lanes[l];
            count++;
        }
    }
    return near_scalar(g, e, j, n, near, absolute, index, bound, count);
}

// As row_512, in blocks of 8.
CK_T256 static void row_256(const float *g, const float *e, const float *low, size_t n,
                            float floor, float shift, int absolute, top_keys *t,
                            ck_row_scan *out) {
    __m256 m = _mm256_set1_ps(-INFINITY);
    __m256 f = _mm256_set1_ps(floor), s = _mm256_set1_ps(shift);
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        __m256 x = load_key8(g + j, absolute);
        __m256 c = _mm256_loadu_ps(e + j);
        __m256 h = _mm256_sub_ps(x, c);
        __m256 u = _mm256_add_ps(_mm256_add_ps(x, c), s);
        m = _mm256_blendv_ps(m, h, _mm256_cmp_ps(h, m, _CMP_GT_OQ));
        unsigned edge = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(x, f, _CMP_GE_OQ));
        unsigned offer = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(u, _mm256_loadu_ps(low + j), _CMP_GE_OQ));
        unsigned top = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(h, _mm256_set1_ps(t->kth), _CMP_GT_OQ));
        if (!(edge | offer | top)) continue;
        float lanes[8];
        if (top) _mm256_storeu_ps(lanes, h);
        record_block(j, edge, offer, top, lanes, t, out);
    }
    float lanes[8];
    _mm256_storeu_ps(lanes, m);
    float max = -INFINITY;
    for (int l = 0; l < 8; l++)
        if (lanes[l] > max) max = lanes[l];
    out->row_max = scan_columns(g, e, low, j, n, floor, shift, absolute, t, out, max);
}
#else
#define near_512(g, e, n, near, absolute, index, bound) near_scalar(g, e, 0, n, near, absolute, index, bound, 0)
#define near_256 near_512
#endif

size_t ck_scan_near(int way, const float *g, const float *e, size_t n, float near, int absolute,
                    intptr_t *index, float *bound) {
#ifdef CK_X86
    if (way == CK_WAY_AVX512) return near_512(g, e, n, near, absolute, index, bound);
    if (way == CK_WAY_AVX2) return near_256(g, e, n, near, absolute, index, bound);
#endif
    return near_scalar(g, e, 0, n, near, absolute, index, bound, 0);
}

void ck_scan_row(int way, const float *g, const float *e, const float *low, size_t n, float floor,
                 float shift, size_t depth, int absolute, ck_row_scan *out) {
    top_keys t = {out->top, 0, depth, depth > 0 ? -INFINITY : INFINITY};
    out->edge_count = 0;
    out->offer_count = 0;
#ifdef CK_X86
    if (way == CK_WAY_AVX512 || way == CK_WAY_AVX2) {
        if (way == CK_WAY_AVX512)
            row_512(g, e, low, n, floor, shift, absolute, &t, out);
        else
            row_256(g, e, low, n, floor, shift, absolute, &t, out);
        out->top_count = t.count;
        return;
    }
#endif
    out->row_max = scan_columns(g, e, low, 0, n, floor, shift, absolute, &t, out, -INFINITY);
    out->top_count = t.count;
}
