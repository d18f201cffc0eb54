#!/usr/bin/env python3
"""Measures the sgemm peak of the BLAS that saegraph links (Debian's OpenBLAS), through ctypes,
on the shapes saegraph uses: a tile of rows times the whole next layer (C = A · Bᵀ)."""
import ctypes, ctypes.util, json, os, sys, time
import numpy as np

# SkylakeX kernels where the CPU has AVX-512 (they fault elsewhere), else Haswell (AVX2).
os.environ.setdefault("OPENBLAS_CORETYPE", ("SkylakeX" if " avx512f" in open("/proc/cpuinfo").read() else "Haswell"))
lib = ctypes.CDLL("libopenblas.so.0")
lib.openblas_get_corename.restype = ctypes.c_char_p
lib.openblas_set_num_threads.argtypes = [ctypes.c_int]
CblasRowMajor, CblasNoTrans, CblasTrans = 101, 111, 112
lib.cblas_sgemm.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                            ctypes.c_float, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                            ctypes.c_float, ctypes.c_void_p, ctypes.c_int]


def sgemm_gflops(m, n, k, threads, repeats=5):
    lib.openblas_set_num_threads(threads)
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((n, k), dtype=np.float32)
    c = np.empty((m, n), dtype=np.float32)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        lib.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0, a.ctypes.data, k,
                        b.ctypes.data, k, 0.0, c.ctypes.data, n)
        best = min(best, time.perf_counter() - t)
    return 2.0 * m * n * k / best / 1e9


if __name__ == "__main__":
    m = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 24576
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 768
    cores = os.cpu_count() or 1
    print(json.dumps({
        "core": lib.openblas_get_corename().decode(),
        "shape": [m, n, k],
        "gflops_1_thread": round(sgemm_gflops(m, n, k, 1), 1),
        f"gflops_{cores}_threads": round(sgemm_gflops(m, n, k, cores), 1),
    }))
