"""Float64 helpers shared by the certified float pass: the unit round-off its error bounds use, and a dot
product that stays off OpenBLAS's threads."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

U = 2.0**-52  # a generous unit round-off for float64 (the true one is 2**-53)


# OpenBLAS runs dot products of more than 10,000 entries on several threads; on a busy machine those threads spin
# and a 12,000-entry dot costs tens of microseconds of CPU instead of a few. Above this length: numpy's own loop.
BLAS_DOT_MAX = 8192
# OpenBLAS threads a matrix-vector product from 2 × 4,608 entries on (2304 × GEMM_MULTITHREAD_THRESHOLD 4 = 9,216)
BLAS_GEMV_MAX = 4096


def dot(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64] | npt.NDArray[np.bool_]) -> float:
    """``a @ b`` as float without threaded BLAS. The error bounds of the float pass hold for any summation
    order."""
    if a.shape[0] <= BLAS_DOT_MAX:
        # np.dot casts a boolean mask to float64 first, ≈ 1.5× faster than ``a @ mask`` (the matmul ufunc's loop)
        return float(np.dot(a, b))
    return float(np.einsum("i,i->", a, b))
