// OpenBLAS through its CBLAS interface. No stable Swift API: only
// Sources/SAEGraph/Similarity/BLAS.swift imports this module.
#include <cblas.h>
// Declared by OpenBLAS's own header in newer releases; declared here for 0.3.21.
char *openblas_get_corename(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);
