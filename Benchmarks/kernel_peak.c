// Per-kernel peak of saegraph's candidate passes on this CPU: the library's own C kernels
// (Sources/CKernels: bf16 `vdpbf16ps`, int8 `vpdpbusd` on 512 and 256 bits, int8 on AVX2) and OpenBLAS
// sgemm, each on a cache-resident block (128 rows × 960 columns × 768) repeated, on one thread
// and on every thread at once. Prints GOP/s per CPU-second of each thread (thread CPU time,
// so a busy shared machine does not distort them; 2 operations per multiply-add); never fails.
// An argument sets the columns: 24576 gives a build's tile (128 × 24,576, a 12 MiB output),
// whose products stream the packed columns from L3 and write an output larger than L2.
//
//   cc -O2 -pthread -I Sources/CKernels/include Benchmarks/kernel_peak.c Sources/CKernels/*.c \
//      $(pkg-config --cflags --libs openblas) -lm -o /tmp/kernel-peak && /tmp/kernel-peak [columns]
//
// (Benchmarks/kernel-peak.sh does exactly this.) Set OPENBLAS_CORETYPE first (scripts/setup.sh).
#include "ckernels.h"
#include <cblas.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { M = 128, K = 768 };
static int N = 960;  // columns (argument 1)

typedef struct {
    int kernel;  // 0 sgemm, 1 bf16, 2 int8 512, 3 int8 256, 4 int8 AVX2
    double seconds;
    int reps;
} job;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);  // CPU time: figures hold on a shared machine
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *work(void *arg) {
    job *j = arg;
    float *a = malloc(sizeof(float) * M * K), *b = malloc(sizeof(float) * N * K);
    float *c = malloc(sizeof(float) * M * N);
    srand(7);
    for (int i = 0; i < M * K; i++) a[i] = (float)rand() / RAND_MAX - 0.5f;
    for (int i = 0; i < N * K; i++) b[i] = (float)rand() / RAND_MAX - 0.5f;
    uint32_t *abf = malloc(4 * M * K), *bbf = malloc(ck_bf16_packed_b_count(N, K));
    size_t groups = ck_i8_groups(K);
    uint8_t *a8 = malloc(M * groups * 4), *b8 = malloc(ck_i8_packed_b_bytes(N, K)), *row = malloc(groups * 4);
    float *as = malloc(4 * M), *bs = malloc(4 * (N + 48));
    int32_t *bc = malloc(4 * (N + 48)), sum;
    if (j->kernel == 1) {
        for (int i = 0; i < M; i++) ck_bf16_row(a + i * K, K, abf + i * ((K + 1) / 2));
        ck_bf16_pack_b(b, N, K, K, bbf);
    } else if (j->kernel >= 2) {
        for (int i = 0; i < M; i++)
            ck_i8_row(a + i * K, K, j->kernel == 4 ? CK_I8_NARROW : 1, a8 + i * groups * 4, as + i, &sum);
        ck_i8_pack_b(b, N, 0, (N + 47) / 48, K, K, b8, bs, bc, row);
    }
    double best = 1e30;
    for (int round = 0; round < 5; round++) {
        double t = now();
        for (int r = 0; r < j->reps; r++) {
            switch (j->kernel) {
            case 0: cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1, a, K, b, K, 0, c, N); break;
            case 1: ck_bf16_gemm(abf, M, bbf, N, (K + 1) / 2, c, N); break;
            default:
                ck_i8_gemm(j->kernel == 2 ? CK_I8_WAY_AVX512VNNI : j->kernel == 3 ? CK_I8_WAY_AVXVNNI : CK_I8_WAY_AVX2,
                           a8, as, M, b8, bs, bc, N, groups, c, N);
                break;
            }
        }
        t = now() - t;
        if (t < best) best = t;
    }
    j->seconds = best;
    free(a); free(b); free(c); free(abf); free(bbf); free(a8); free(b8); free(row); free(as); free(bs); free(bc);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1 && atoi(argv[1]) > 0) N = atoi(argv[1]);
    char model[256] = "unknown";
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "model name", 10)) {
            char *p = strchr(line, ':');
            if (p) snprintf(model, sizeof model, "%s", p + 2);
            model[strcspn(model, "\n")] = 0;
            break;
        }
    if (f) fclose(f);
    int threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    openblas_set_num_threads(1);
    printf("cpu: %s, %d threads; OpenBLAS core %s; blocks of %d × %d × %d\n", model, threads,
           openblas_get_corename(), M, N, K);
    printf("| kernel | GOP/s, 1 thread | GOP/s, %d threads |\n|---|---|---|\n", threads);
    const char *names[] = {"fp32 (OpenBLAS sgemm)", "bf16 (vdpbf16ps)", "int8-avx512 (vpdpbusd zmm)",
                           "int8-avx256 (vpdpbusd ymm)", "int8-avx2 (vpmaddubsw + vpmaddwd ymm)"};
    int have[] = {1, ck_has_avx512bf16(), ck_has_avx512vnni(), ck_has_avxvnni(), ck_has_avx2()};
    for (int k = 0; k < 5; k++) {
        if (!have[k]) {
            printf("| %s | not on this CPU | |\n", names[k]);
            continue;
        }
        double ops = 2.0 * M * N * K;
        int reps = 40 * 960 / N + 1;  // about the same work whatever the columns
        job one = {k, 0, reps};
        work(&one);
        job many[256];
        pthread_t th[256];
        int n = threads < 256 ? threads : 256;
        for (int t = 0; t < n; t++) {
            many[t] = (job){k, 0, reps};
            pthread_create(&th[t], NULL, work, &many[t]);
        }
        double total = 0;
        for (int t = 0; t < n; t++) {
            pthread_join(th[t], NULL);
            total += ops * many[t].reps / many[t].seconds;
        }
        printf("| %s | %.0f | %.0f |\n", names[k], ops * one.reps / one.seconds * 1e-9, total * 1e-9);
    }
    return 0;
}
