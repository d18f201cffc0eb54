// zlib, for gzip label exports and deflated .npz members. No stable Swift API:
// only Sources/SAEGraph/Loading/Inflate.swift imports this module.
#include <zlib.h>
