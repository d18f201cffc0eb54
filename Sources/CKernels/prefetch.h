// Software prefetch of a whole row, one request per 64-byte line, shared by the scattered-row
// dot kernels (f32_dots.c, f64_dots.c). Private to CKernels; include after <immintrin.h>.
#ifndef CK_PREFETCH_H
#define CK_PREFETCH_H

#include <stddef.h>

// `k` floats from `p` into L1.
__attribute__((target("avx512f"))) static inline void prefetch_row(const float *p, size_t k) {
    for (size_t e = 0; e < k; e += 16) _mm_prefetch((const char *)(p + e), _MM_HINT_T0);
}

// `k` floats from `p` into L2.
__attribute__((target("avx512f"))) static inline void prefetch_row_l2(const float *p, size_t k) {
    for (size_t e = 0; e < k; e += 16) _mm_prefetch((const char *)(p + e), _MM_HINT_T1);
}

#endif
