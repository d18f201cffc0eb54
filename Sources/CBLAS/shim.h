// OpenBLAS through its CBLAS interface. No stable Swift API: only
// Sources/SAEGraph/Similarity/BLAS.swift imports this module.
#include <cblas.h>
// Declared by OpenBLAS's own header in newer releases; declared here for 0.3.21.
char *openblas_get_corename(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);
// LAPACK's symmetric eigensolver (Fortran interface), which OpenBLAS builds in; Debian's
// libopenblas-dev ships no LAPACK header, so the one routine used is declared here.
void dsyevd_(char *jobz, char *uplo, int *n, double *a, int *lda, double *w, double *work, int *lwork,
             int *iwork, int *liwork, int *info);
