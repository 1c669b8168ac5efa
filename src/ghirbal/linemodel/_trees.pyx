# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Compiled tree walk of the line model (LineModel.logits): the same trees, the same `>` comparisons
as the numpy reference in ghirbal.linemodel, one C loop per block of rows and tree instead of a dozen
array passes per tree level. It returns the leaf values, not their sum, so the caller sums them
exactly as the reference does (same order, same float result).

The trees are packed once (`pack`) for a walk of four instructions a level: load the node's
feature, load the row's value, compare, add-with-carry.
- Values and thresholds become order-keys: unsigned integers that compare as the doubles do
  (`_key`; -0.0 is read as 0.0, a NaN value gets the smallest key, so it is never `>`; a NaN
  threshold gets the largest, so no value is `>` it). A node keeps its key plus one, so that
  `x > t` is `not (key(x) < key(t) + 1)`, the carry of one unsigned compare.
- Nodes are numbered from one (children 2q and 2q + 1) and each tree is mirrored (children
  swapped at every node), so the carry, set when the row goes left in the real tree, is the bit
  to append: q = q + q + carry.
- Eight rows walk each tree side by side, branch-free: a row's way down is a coin toss to the
  CPU's branch predictor, and eight independent chains of loads keep it busy while each waits on
  the last. Their keys sit interleaved (feature f of row k of a block at f * 8 + k), so one base
  pointer serves all eight and a node stores its feature as f * 8."""

import numpy as np
from libc.string cimport memcpy

ctypedef unsigned long long u64

cdef extern from *:
    """
    /* One level of row K's walk: q = q + q + (keys[fe[q] + K] < th[q]). On x86-64 with GCC or clang it is
       written out as the four instructions it needs (the compilers spend six: setb, movzx, lea). */
    #if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    #define GHIRBAL_STEP(Q_, KB_, FE_, TH_, K) do { unsigned long long _t;                          \\
        __asm__("movq (%[f],%[q],8), %[t]\\n\\t"                                               \\
                "movq %c[d](%[k],%[t],8), %[t]\\n\\t"                                          \\
                "cmpq (%[h],%[q],8), %[t]\\n\\t"                                               \\
                "adcq %[q], %[q]"                                                              \\
                : [q] "+r"(Q_), [t] "=&r"(_t)                                                    \\
                : [f] "r"(FE_), [k] "r"(KB_), [h] "r"(TH_), [d] "i"((K) * 8)                    \\
                : "cc", "memory"); } while (0)
    #else
    #define GHIRBAL_STEP(q, kb, fe, th, K) ((q) = (q) + (q) + ((kb)[(fe)[q] + (K)] < (th)[q]))
    #endif
    /* The root level of row K's walk, where every row stands at node 1 (its feature F0_ and key T0_ read
       once per tree): q = 1 + 1 + (keys[F0_ + K] < T0_), the key compared where it lies in memory. */
    #if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    #define GHIRBAL_ROOT(Q_, KB_, F0_, T0_, K) do { (Q_) = 1;                                       \\
        __asm__("cmpq %[h], %c[d](%[k],%[f],8)\\n\\t"                                                 \\
                "adcq %[q], %[q]"                                                                   \\
                : [q] "+r"(Q_)                                                                      \\
                : [f] "r"(F0_), [k] "r"(KB_), [h] "r"(T0_), [d] "i"((K) * 8)                        \\
                : "cc", "memory"); } while (0)
    #else
    #define GHIRBAL_ROOT(q, kb, f0, t0, K) ((q) = 2 + ((kb)[(f0) + (K)] < (t0)))
    #endif
    #define GHIRBAL_ROOTS(Q0, Q1, Q2, Q3, Q4, Q5, Q6, Q7, KB_, F0_, T0_) do {                       \\
        GHIRBAL_ROOT(Q0, KB_, F0_, T0_, 0); GHIRBAL_ROOT(Q1, KB_, F0_, T0_, 1);                     \\
        GHIRBAL_ROOT(Q2, KB_, F0_, T0_, 2); GHIRBAL_ROOT(Q3, KB_, F0_, T0_, 3);                     \\
        GHIRBAL_ROOT(Q4, KB_, F0_, T0_, 4); GHIRBAL_ROOT(Q5, KB_, F0_, T0_, 5);                     \\
        GHIRBAL_ROOT(Q6, KB_, F0_, T0_, 6); GHIRBAL_ROOT(Q7, KB_, F0_, T0_, 7); } while (0)
    /* One level of a block's eight rows. */
    #define GHIRBAL_LEVEL(Q0, Q1, Q2, Q3, Q4, Q5, Q6, Q7, KB_, FE_, TH_) do {                    \\
        GHIRBAL_STEP(Q0, KB_, FE_, TH_, 0); GHIRBAL_STEP(Q1, KB_, FE_, TH_, 1);                   \\
        GHIRBAL_STEP(Q2, KB_, FE_, TH_, 2); GHIRBAL_STEP(Q3, KB_, FE_, TH_, 3);                   \\
        GHIRBAL_STEP(Q4, KB_, FE_, TH_, 4); GHIRBAL_STEP(Q5, KB_, FE_, TH_, 5);                   \\
        GHIRBAL_STEP(Q6, KB_, FE_, TH_, 6); GHIRBAL_STEP(Q7, KB_, FE_, TH_, 7); } while (0)
    """
    void GHIRBAL_STEP(u64 q, const u64* kb, const Py_ssize_t* fe, const u64* th, int K) nogil
    void GHIRBAL_LEVEL(u64 q0, u64 q1, u64 q2, u64 q3, u64 q4, u64 q5, u64 q6, u64 q7, const u64* kb,
                       const Py_ssize_t* fe, const u64* th) nogil
    void GHIRBAL_ROOTS(u64 q0, u64 q1, u64 q2, u64 q3, u64 q4, u64 q5, u64 q6, u64 q7, const u64* kb,
                       Py_ssize_t f0, u64 t0) nogil

cdef u64 _SIGN = 1ULL << 63


cdef inline u64 _key(double x) noexcept nogil:
    """An unsigned integer that orders as x does (-0.0 as 0.0); 0 for NaN, below every number."""
    cdef u64 b
    if x != x:
        return 0
    x = x + 0.0  # -0.0 + 0.0 is +0.0
    memcpy(&b, &x, 8)
    # Positives: the sign bit set; negatives (larger magnitude, smaller key): all bits flipped, so -inf
    # is 0x000f..., above NaN's 0.
    return b ^ (<u64>(<long long>b >> 63) | _SIGN)


def pack(const Py_ssize_t[::1] feature, const double[::1] threshold, const double[::1] leaf,
         Py_ssize_t trees, Py_ssize_t inner, Py_ssize_t leaves, int depth):
    """The walk's arrays: per tree, (inner + 1) node slots numbered from one (slot 0 unused) holding
    feature * 8 and key(threshold) + 1 of the mirrored tree, and its leaves in mirrored order."""
    cdef Py_ssize_t t, q, m, d, width = inner + 1
    fe = np.zeros(trees * width, dtype=np.intp)
    th = np.zeros(trees * width, dtype=np.uint64)
    lf = np.empty(trees * leaves, dtype=np.float64)
    cdef Py_ssize_t[::1] f = fe
    cdef u64[::1] h = th
    cdef double[::1] l = lf
    cdef double x
    for t in range(trees):
        for q in range(1, width):  # the real tree's node q (from one) at depth d
            d = 0
            while (q >> (d + 1)) != 0:
                d += 1
            m = q ^ ((1 << d) - 1)  # its place in the mirrored tree: the path's turns flipped
            f[t * width + m] = 8 * feature[t * inner + q - 1]
            x = threshold[t * inner + q - 1]
            h[t * width + m] = 0xFFFFFFFFFFFFFFFFULL if x != x else _key(x) + 1
        for q in range(leaves):
            l[t * leaves + q] = leaf[t * leaves + leaves - 1 - q]
    return fe, th, lf


def leaf_values(const double[:, :] rows, const Py_ssize_t[::1] feature, const u64[::1] threshold,
                const double[::1] leaf, Py_ssize_t trees, Py_ssize_t inner, Py_ssize_t leaves, int depth):
    """(rows, trees) matrix: the leaf each row reaches in each tree (arrays from `pack`)."""
    cdef Py_ssize_t n = rows.shape[0], width = rows.shape[1], nodes = inner + 1
    cdef Py_ssize_t blocks = (n + 7) // 8, i, b, t, f
    cdef u64 q0, q1, q2, q3, q4, q5, q6, q7, top = <u64>1 << depth
    cdef int level
    out = np.empty((blocks * 8, trees), dtype=np.float64)  # a row's leaves in its row; padded to blocks
    cdef double[:, ::1] o = out
    if n == 0:
        return out[:0]
    keys = np.empty(blocks * 8 * width, dtype=np.uint64)
    cdef u64[::1] kv = keys
    cdef u64* kp = &kv[0]
    for i in range(n, blocks * 8):  # the last block's padding rows: key 0 (they go somewhere, unread)
        b = (i >> 3) * width * 8 + (i & 7)
        for f in range(width):
            kp[b + f * 8] = 0
    cdef const char* rp
    cdef Py_ssize_t s1 = rows.strides[1]
    for i in range(n):
        b = (i >> 3) * width * 8 + (i & 7)
        rp = <const char*>&rows[i, 0]
        for f in range(width):
            kp[b + f * 8] = _key((<const double*>(rp + f * s1))[0])
    cdef const u64* kb
    cdef const Py_ssize_t* fe
    cdef const u64* th
    cdef const double* lf
    cdef double* ot
    cdef Py_ssize_t f0
    cdef u64 t0
    for t in range(trees):
        fe = &feature[t * nodes]
        th = &threshold[t * nodes]
        lf = &leaf[t * leaves] - top  # leaf of the mirrored tree's final q
        ot = &o[0, t]  # (this tree's column: a row's leaf at ot[row * trees])
        f0, t0 = 0, 0
        if depth > 0:  # the root's feature and key, the same for every row
            f0, t0 = fe[1], th[1]
        for b in range(blocks):
            kb = kp + b * width * 8
            if depth == 5:  # (the line model's depth: the root and four levels written out)
                GHIRBAL_ROOTS(q0, q1, q2, q3, q4, q5, q6, q7, kb, f0, t0)
                GHIRBAL_LEVEL(q0, q1, q2, q3, q4, q5, q6, q7, kb, fe, th)
                GHIRBAL_LEVEL(q0, q1, q2, q3, q4, q5, q6, q7, kb, fe, th)
                GHIRBAL_LEVEL(q0, q1, q2, q3, q4, q5, q6, q7, kb, fe, th)
                GHIRBAL_LEVEL(q0, q1, q2, q3, q4, q5, q6, q7, kb, fe, th)
            elif depth > 0:
                GHIRBAL_ROOTS(q0, q1, q2, q3, q4, q5, q6, q7, kb, f0, t0)
                for level in range(depth - 1):
                    GHIRBAL_LEVEL(q0, q1, q2, q3, q4, q5, q6, q7, kb, fe, th)
            else:
                q0 = q1 = q2 = q3 = q4 = q5 = q6 = q7 = 1
            i = b * 8 * trees
            ot[i] = lf[q0]
            ot[i + trees] = lf[q1]
            ot[i + 2 * trees] = lf[q2]
            ot[i + 3 * trees] = lf[q3]
            ot[i + 4 * trees] = lf[q4]
            ot[i + 5 * trees] = lf[q5]
            ot[i + 6 * trees] = lf[q6]
            ot[i + 7 * trees] = lf[q7]
    return out[:n]
