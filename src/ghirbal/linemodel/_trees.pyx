# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Compiled tree walk of the line model (LineModel.logits): the same packed arrays, the same `>`
comparisons as the numpy reference in ghirbal.linemodel, one C loop per row and tree instead of a
dozen array passes per tree level. It returns the leaf values, not their sum, so the caller sums them
exactly as the reference does (same order, same float result).

Eight rows walk each tree side by side, branch-free, through plain pointers: a row's way down is a
coin toss to the CPU's branch predictor, and eight independent chains of loads keep it busy while
each waits on the last."""

import numpy as np


def leaf_values(const double[:, ::1] rows, const Py_ssize_t[::1] feature, const double[::1] threshold,
                const double[::1] leaf, Py_ssize_t trees, Py_ssize_t inner, Py_ssize_t leaves, int depth):
    """(rows, trees) matrix: the leaf each row reaches in each tree."""
    cdef Py_ssize_t n = rows.shape[0], width = rows.shape[1], i, k, t, p0, p1, p2, p3, p4, p5, p6, p7
    cdef Py_ssize_t n8 = n - n % 8
    cdef int level
    out = np.empty((n, trees), dtype=np.float64)  # a row's leaves in its row: no transposed copy
    cdef double[:, ::1] o = out
    if n == 0:
        return out
    cdef const double* r = &rows[0, 0]
    cdef const double* r0
    cdef const Py_ssize_t* fe
    cdef const double* th
    cdef const double* lf
    cdef double* ot
    for t in range(trees):
        fe = &feature[t * inner]
        th = &threshold[t * inner]
        lf = &leaf[t * leaves]
        ot = &o[0, t]  # (this tree's column: a row's leaf at ot[row * trees])
        for i in range(0, n8, 8):
            r0 = r + i * width
            p0 = p1 = p2 = p3 = p4 = p5 = p6 = p7 = 0
            for level in range(depth):
                p0 = 2 * p0 + 1 + <Py_ssize_t>(r0[fe[p0]] > th[p0])
                p1 = 2 * p1 + 1 + <Py_ssize_t>(r0[width + fe[p1]] > th[p1])
                p2 = 2 * p2 + 1 + <Py_ssize_t>(r0[2 * width + fe[p2]] > th[p2])
                p3 = 2 * p3 + 1 + <Py_ssize_t>(r0[3 * width + fe[p3]] > th[p3])
                p4 = 2 * p4 + 1 + <Py_ssize_t>(r0[4 * width + fe[p4]] > th[p4])
                p5 = 2 * p5 + 1 + <Py_ssize_t>(r0[5 * width + fe[p5]] > th[p5])
                p6 = 2 * p6 + 1 + <Py_ssize_t>(r0[6 * width + fe[p6]] > th[p6])
                p7 = 2 * p7 + 1 + <Py_ssize_t>(r0[7 * width + fe[p7]] > th[p7])
            ot[i * trees] = lf[p0 - inner]
            ot[(i + 1) * trees] = lf[p1 - inner]
            ot[(i + 2) * trees] = lf[p2 - inner]
            ot[(i + 3) * trees] = lf[p3 - inner]
            ot[(i + 4) * trees] = lf[p4 - inner]
            ot[(i + 5) * trees] = lf[p5 - inner]
            ot[(i + 6) * trees] = lf[p6 - inner]
            ot[(i + 7) * trees] = lf[p7 - inner]
        for i in range(n8, n):
            r0 = r + i * width
            p0 = 0
            for level in range(depth):
                p0 = 2 * p0 + 1 + <Py_ssize_t>(r0[fe[p0]] > th[p0])
            ot[i * trees] = lf[p0 - inner]
    return out
