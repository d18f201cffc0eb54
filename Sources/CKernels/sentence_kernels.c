// The sentence model's element-wise and per-row loops (see ck_sentence.h). Each body is
// written once as an always-inline function of plain C, whose loops the compiler vectorises,
// and compiled twice: for AVX-512 (target attribute, chosen at run time when the CPU has it)
// and for the baseline x86-64 / any other CPU. Sums whose order matters are written with a
// fixed number of partial sums combined in a fixed order, so they vectorise without
// reassociation and give the same bits on every call.
#include "ck_sentence.h"
#include <math.h>
#include <string.h>

#define CK_INLINE static inline __attribute__((always_inline))

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define CK_SM_X86 1
#define CK_SM_WIDE __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
static int wide(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
            && __builtin_cpu_supports("avx512dq");
    }
    return cached;
}
#endif

// Compiles `body_NAME(ARGS)` as NAME_wide and NAME_base and defines NAME dispatching on the CPU.
#ifdef CK_SM_X86
#define CK_SM_DISPATCH(name, params, args)                                                  \
    CK_SM_WIDE static void name##_wide params { body_##name args; }                          \
    static void name##_base params { body_##name args; }                                     \
    void name params {                                                                       \
        if (wide()) name##_wide args; else name##_base args;                                 \
    }
#else
#define CK_SM_DISPATCH(name, params, args)                                                  \
    void name params { body_##name args; }
#endif

// erf by the rational approximation of Eigen's generic_fast_erf_float (odd numerator of
// degree 13 over even denominator of degree 8), the input clamped to [-4, 4] where erf is ±1
// in single precision.
CK_INLINE float erf_approx(float a) {
    float x = a < -4.f ? -4.f : (a > 4.f ? 4.f : a);
    float x2 = x * x;
    float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
    p = x2 * p + -2.10102402082508e-06f;
    p = x2 * p + -5.69250639462346e-05f;
    p = x2 * p + -7.34990630326855e-04f;
    p = x2 * p + -2.95459980854025e-03f;
    p = x2 * p + -1.60960333262415e-02f;
    p = x * p;
    float q = x2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
    q = x2 * q + -1.68282697438203e-03f;
    q = x2 * q + -7.37332916720468e-03f;
    q = x2 * q + -1.42647390514189e-02f;
    return p / q;
}

float ck_sm_erf(float x) { return erf_approx(x); }

// e^x for x ≤ 0 (softmax after subtracting the maximum): 2^n · e^r with |r| ≤ ln 2 / 2 and
// Cephes' degree-6 polynomial for e^r (within 2 ulp); inputs below -87 give about 1e-38.
CK_INLINE float exp_nonpositive(float x) {
    x = x < -87.f ? -87.f : x;
    float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, 4);
    return p * scale;
}

CK_INLINE void body_ck_sm_add_bias(float *x, const float *bias, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        for (size_t j = 0; j < cols; j++) row[j] += bias[j];
    }
}
CK_SM_DISPATCH(ck_sm_add_bias, (float *x, const float *bias, size_t rows, size_t cols),
               (x, bias, rows, cols))

CK_INLINE void body_ck_sm_bias_gelu(float *x, const float *bias, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        for (size_t j = 0; j < cols; j++) {
            float v = row[j] + bias[j];
            row[j] = 0.5f * v * (1.f + erf_approx(v * 0.70710678118654752f));
        }
    }
}
CK_SM_DISPATCH(ck_sm_bias_gelu, (float *x, const float *bias, size_t rows, size_t cols),
               (x, bias, rows, cols))

#define CK_LANES 16

// Σ v[j] in double with CK_LANES partial sums, combined pairwise in a fixed order.
CK_INLINE double sum_lanes(double *acc) {
    for (size_t w = CK_LANES / 2; w > 0; w /= 2)
        for (size_t l = 0; l < w; l++) acc[l] += acc[l + w];
    return acc[0];
}

CK_INLINE void body_ck_sm_residual_layernorm(float *x, const float *y, const float *bias, size_t rows,
                                             size_t h, const float *gamma, const float *beta,
                                             double eps) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * h;
        if (y) {
            const float *yr = y + r * h;
            if (bias)
                for (size_t j = 0; j < h; j++) row[j] += yr[j] + bias[j];
            else
                for (size_t j = 0; j < h; j++) row[j] += yr[j];
        }
        double acc[CK_LANES] = {0};
        size_t full = h - h % CK_LANES;
        for (size_t j = 0; j < full; j += CK_LANES)
            for (size_t l = 0; l < CK_LANES; l++) acc[l] += (double)row[j + l];
        for (size_t j = full; j < h; j++) acc[j - full] += (double)row[j];
        double mean = sum_lanes(acc) / (double)h;
        double sq[CK_LANES] = {0};
        for (size_t j = 0; j < full; j += CK_LANES)
            for (size_t l = 0; l < CK_LANES; l++) {
                double d = (double)row[j + l] - mean;
                sq[l] += d * d;
            }
        for (size_t j = full; j < h; j++) {
            double d = (double)row[j] - mean;
            sq[j - full] += d * d;
        }
        double inv = 1.0 / sqrt(sum_lanes(sq) / (double)h + eps);
        for (size_t j = 0; j < h; j++)
            row[j] = (float)(((double)row[j] - mean) * inv) * gamma[j] + beta[j];
    }
}
CK_SM_DISPATCH(ck_sm_residual_layernorm,
               (float *x, const float *y, const float *bias, size_t rows, size_t h,
                const float *gamma, const float *beta, double eps),
               (x, y, bias, rows, h, gamma, beta, eps))

// q · k over d floats, with CK_LANES partial sums combined in a fixed order.
CK_INLINE float dot(const float *q, const float *k, size_t d) {
    float acc[CK_LANES] = {0};
    size_t full = d - d % CK_LANES;
    for (size_t j = 0; j < full; j += CK_LANES)
        for (size_t l = 0; l < CK_LANES; l++) acc[l] += q[j + l] * k[j + l];
    for (size_t j = full; j < d; j++) acc[j - full] += q[j] * k[j];
    for (size_t w = CK_LANES / 2; w > 0; w /= 2)
        for (size_t l = 0; l < w; l++) acc[l] += acc[l + w];
    return acc[0];
}

CK_INLINE void body_ck_sm_attention(const float *qkv, size_t n, size_t h, size_t heads, float scale,
                                    float *p, float *out) {
    size_t dh = h / heads;
    size_t stride = 3 * h;
    for (size_t head = 0; head < heads; head++) {
        for (size_t i = 0; i < n; i++) {
            const float *q = qkv + i * stride + head * dh;
            float top = -INFINITY;
            for (size_t j = 0; j < n; j++) {
                p[j] = scale * dot(q, qkv + j * stride + h + head * dh, dh);
                top = p[j] > top ? p[j] : top;
            }
            for (size_t j = 0; j < n; j++) p[j] = exp_nonpositive(p[j] - top);
            float sum = 0;
            for (size_t j = 0; j < n; j++) sum += p[j];
            float *o = out + i * h + head * dh;
            for (size_t d = 0; d < dh; d++) o[d] = 0;
            for (size_t j = 0; j < n; j++) {
                const float *v = qkv + j * stride + 2 * h + head * dh;
                float w = p[j] / sum;
                for (size_t d = 0; d < dh; d++) o[d] += w * v[d];
            }
        }
    }
}
CK_SM_DISPATCH(ck_sm_attention,
               (const float *qkv, size_t n, size_t h, size_t heads, float scale, float *scratch,
                float *out),
               (qkv, n, h, heads, scale, scratch, out))

CK_INLINE void body_ck_sm_embed(const int32_t *ids, size_t n, const float *word, const float *position,
                                const float *token_type, size_t h, float *out) {
    for (size_t t = 0; t < n; t++) {
        const float *w = word + (size_t)ids[t] * h;
        const float *pos = position + t * h;
        float *o = out + t * h;
        for (size_t j = 0; j < h; j++) o[j] = w[j] + pos[j] + token_type[j];
    }
}
CK_SM_DISPATCH(ck_sm_embed,
               (const int32_t *ids, size_t n, const float *word, const float *position,
                const float *token_type, size_t h, float *out),
               (ids, n, word, position, token_type, h, out))

void ck_sm_mean_rows(const float *x, size_t n, size_t h, float *out) {
    for (size_t j = 0; j < h; j++) {
        double sum = 0;
        for (size_t t = 0; t < n; t++) sum += (double)x[t * h + j];
        out[j] = (float)(sum / (double)n);
    }
}
