# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Compiled tree walk of the line model (LineModel.logits): the same packed arrays, the same `>`
comparisons as the numpy reference in ghirbal.linemodel, one C loop per row and tree instead of a
dozen array passes per tree level. It returns the leaf values, not their sum, so the caller sums them
exactly as the reference does (same order, same float result)."""

import numpy as np


def leaf_values(const double[:, ::1] rows, const Py_ssize_t[::1] feature, const double[::1] threshold,
                const double[::1] leaf, Py_ssize_t trees, Py_ssize_t inner, Py_ssize_t leaves, int depth):
    """(rows, trees) matrix: the leaf each row reaches in each tree."""
    cdef Py_ssize_t n = rows.shape[0], i, t, node, pos, base
    cdef int level
    out = np.empty((n, trees), dtype=np.float64)
    cdef double[:, ::1] o = out
    for i in range(n):
        for t in range(trees):
            base = t * inner
            pos = 0
            for level in range(depth):
                node = base + pos
                if rows[i, feature[node]] > threshold[node]:
                    pos = 2 * pos + 2
                else:
                    pos = 2 * pos + 1
            o[i, t] = leaf[t * leaves + pos - inner]
    return out
