# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Compiled tree walk of the line model (LineModel.logits): the same packed arrays, the same `>`
comparisons as the numpy reference in ghirbal.linemodel, one C loop per row and tree instead of a
dozen array passes per tree level. It returns the leaf values, not their sum, so the caller sums them
exactly as the reference does (same order, same float result).

Eight rows walk each tree side by side, branch-free: a row's way down is a coin toss to the CPU's
branch predictor, and eight independent chains of loads keep it busy while each waits on the last."""

import numpy as np


def leaf_values(const double[:, ::1] rows, const Py_ssize_t[::1] feature, const double[::1] threshold,
                const double[::1] leaf, Py_ssize_t trees, Py_ssize_t inner, Py_ssize_t leaves, int depth):
    """(rows, trees) matrix: the leaf each row reaches in each tree."""
    cdef Py_ssize_t n = rows.shape[0], i, t, base, lbase, p0, p1, p2, p3, p4, p5, p6, p7, n8 = n - n % 8
    cdef int level
    out = np.empty((trees, n), dtype=np.float64)  # tree by tree: each tree's leaves written in a row
    cdef double[:, ::1] o = out
    for t in range(trees):
        base = t * inner
        lbase = t * leaves - inner
        for i in range(0, n8, 8):
            p0 = p1 = p2 = p3 = p4 = p5 = p6 = p7 = 0
            for level in range(depth):
                p0 = 2 * p0 + 1 + <Py_ssize_t>(rows[i, feature[base + p0]] > threshold[base + p0])
                p1 = 2 * p1 + 1 + <Py_ssize_t>(rows[i + 1, feature[base + p1]] > threshold[base + p1])
                p2 = 2 * p2 + 1 + <Py_ssize_t>(rows[i + 2, feature[base + p2]] > threshold[base + p2])
                p3 = 2 * p3 + 1 + <Py_ssize_t>(rows[i + 3, feature[base + p3]] > threshold[base + p3])
                p4 = 2 * p4 + 1 + <Py_ssize_t>(rows[i + 4, feature[base + p4]] > threshold[base + p4])
                p5 = 2 * p5 + 1 + <Py_ssize_t>(rows[i + 5, feature[base + p5]] > threshold[base + p5])
                p6 = 2 * p6 + 1 + <Py_ssize_t>(rows[i + 6, feature[base + p6]] > threshold[base + p6])
                p7 = 2 * p7 + 1 + <Py_ssize_t>(rows[i + 7, feature[base + p7]] > threshold[base + p7])
            o[t, i] = leaf[lbase + p0]
            o[t, i + 1] = leaf[lbase + p1]
            o[t, i + 2] = leaf[lbase + p2]
            o[t, i + 3] = leaf[lbase + p3]
            o[t, i + 4] = leaf[lbase + p4]
            o[t, i + 5] = leaf[lbase + p5]
            o[t, i + 6] = leaf[lbase + p6]
            o[t, i + 7] = leaf[lbase + p7]
        for i in range(n8, n):
            p0 = 0
            for level in range(depth):
                p0 = 2 * p0 + 1 + <Py_ssize_t>(rows[i, feature[base + p0]] > threshold[base + p0])
            o[t, i] = leaf[lbase + p0]
    return np.ascontiguousarray(out.T)
