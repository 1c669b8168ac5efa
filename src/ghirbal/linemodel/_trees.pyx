# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Compiled tree walk of the line model (LineModel.logits): the same trees, the same `>` comparisons
as the numpy reference in ghirbal.linemodel, one C loop per block of rows instead of a dozen array
passes per tree level. Each row's leaves are summed as the reference's numpy sum adds them (its
pairwise order: `ghirbal_pairwise`), so the log-odds are the same doubles; the sums stay in
registers, no (rows, trees) matrix is written and summed again.

The trees are packed once (`pack`) for a walk of four instructions a level: load the node's
feature, load the row's value, compare, add-with-carry.
- Values and thresholds become order-keys: unsigned integers that compare as the doubles do
  (`ghirbal_key`; -0.0 is read as 0.0, a NaN value gets the smallest key, so it is never `>`; a NaN
  threshold gets the largest, so no value is `>` it). A node keeps its key plus one, so that
  `x > t` is `not (key(x) < key(t) + 1)`, the carry of one unsigned compare.
- Nodes are numbered from one (children 2q and 2q + 1) and each tree is mirrored (children
  swapped at every node), so the carry, set when the row goes left in the real tree, is the bit
  to append: q = q + q + carry.
- A tree is one record of 3N 8-byte slots (N = 2 ** depth): node q's feature at q, its key at
  N + q, and the leaf the walk ends on (q from N to 2N - 1) at N + q too, so one pointer a tree
  reaches all three, and at depth 5 each at a fixed displacement from it.
- Eight rows walk each tree side by side, branch-free: a row's way down is a coin toss to the
  CPU's branch predictor, and eight independent chains of loads keep it busy while each waits on
  the last. Their keys sit interleaved (feature f of row k of a block at f * 8 + k), so one base
  pointer serves all eight and a node stores its feature as f * 8."""

import numpy as np
from libc.string cimport memcpy

ctypedef unsigned long long u64

cdef extern from *:
    """
    #include <string.h>
    /* Which walk this build has: the row keys with SSE2, the walk in x86-64 asm, or the plain C of each
       (GHIRBAL_NO_ASM, or another machine; tests/test_compiled_core.py builds that one too). */
    #if defined(__SSE2__) && !defined(GHIRBAL_NO_ASM)
    #define GHIRBAL_SSE2_KEYS 1
    #include <emmintrin.h>
    #else
    #define GHIRBAL_SSE2_KEYS 0
    #endif
    #if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(GHIRBAL_NO_ASM)
    #define GHIRBAL_ASM_WALK 1
    #else
    #define GHIRBAL_ASM_WALK 0
    #endif

    /* An unsigned integer that orders as x does (-0.0 as 0.0); 0 for NaN, below every number.
       Positives: the sign bit set; negatives (larger magnitude, smaller key): all bits flipped, so -inf
       is 0x000f..., above NaN's 0. */
    static inline unsigned long long ghirbal_key(double x) {
        unsigned long long b;
        if (x != x) return 0;
        x = x + 0.0;  /* -0.0 + 0.0 is +0.0 */
        memcpy(&b, &x, 8);
        return b ^ ((unsigned long long)((long long)b >> 63) | (1ULL << 63));
    }

    /* The keys of a block's eight rows (row k at R_ + k * S0 bytes, feature f f * S1 bytes into it),
       feature f of row k at kb[f * 8 + k]; with SSE2 two rows at a time, as ghirbal_key does one. */
    static void ghirbal_block_keys(const char* r, Py_ssize_t s0, Py_ssize_t s1, Py_ssize_t width,
                                   unsigned long long* kb) {
        Py_ssize_t f;
        int k;
    #if GHIRBAL_SSE2_KEYS
        const __m128i sign = _mm_set1_epi64x((long long)(1ULL << 63));
        for (f = 0; f < width; f++, r += s1, kb += 8) {
            for (k = 0; k < 8; k += 2) {
                __m128d x = _mm_loadh_pd(_mm_load_sd((const double*)(r + k * s0)), (const double*)(r + (k + 1) * s0));
                __m128i b = _mm_castpd_si128(_mm_add_pd(x, _mm_setzero_pd()));
                __m128i neg = _mm_shuffle_epi32(_mm_srai_epi32(b, 31), 0xF5);  /* each half's sign, spread */
                __m128i key = _mm_xor_si128(b, _mm_or_si128(neg, sign));
                _mm_storeu_si128((__m128i*)(kb + k), _mm_and_si128(key, _mm_castpd_si128(_mm_cmpeq_pd(x, x))));
            }
        }
    #else
        for (f = 0; f < width; f++, r += s1, kb += 8)
            for (k = 0; k < 8; k++) kb[k] = ghirbal_key(*(const double*)(r + k * s0));
    #endif
    }
    #if GHIRBAL_ASM_WALK
    /* One level of row K's walk: q = q + q + (keys[fe[q] + K] < th[q]), fe and th at DF and D bytes
       past FE_ and TH_ (constants; TH_ may be FE_), written out as the four instructions it needs (the
       compilers spend six: setb, movzx, lea). */
    #define GHIRBAL_STEP(Q_, KB_, FE_, TH_, DF, D, K) do { unsigned long long _t;                  \\
        __asm__("movq %c[df](%[f],%[q],8), %[t]\\n\\t"                                         \\
                "movq %c[k8](%[k],%[t],8), %[t]\\n\\t"                                         \\
                "cmpq %c[d](%[h],%[q],8), %[t]\\n\\t"                                          \\
                "adcq %[q], %[q]"                                                              \\
                : [q] "+r"(Q_), [t] "=&r"(_t)                                                    \\
                : [f] "r"(FE_), [k] "r"(KB_), [h] "r"(TH_), [k8] "i"((K) * 8), [df] "i"(DF),    \\
                  [d] "i"(D)                                                                     \\
                : "cc", "memory"); } while (0)
    /* The root level of row K, where every row stands at node 1 (its feature F0_ and key T0_ read once a
       tree): q = 1 + 1 + (keys[F0_ + K] < T0_), the key compared where it lies in memory. */
    #define GHIRBAL_ROOT(Q_, KB_, F0_, T0_, K) do { (Q_) = 1;                                       \\
        __asm__("cmpq %[h], %c[d](%[k],%[f],8)\\n\\t"                                                 \\
                "adcq %[q], %[q]"                                                                   \\
                : [q] "+r"(Q_)                                                                      \\
                : [f] "r"(F0_), [k] "r"(KB_), [h] "r"(T0_), [d] "i"((K) * 8)                        \\
                : "cc", "memory"); } while (0)
    /* The root of row K as the depth-5 walk reads it: q = carry - 1 (0 or all ones), the node
       3 + q, from the carry of K0M1_ < keys[F0_ + K] (K0M1_ the root's key: the carry is the
       opposite of the other steps', so "sbb q, q" gives carry - 1 without setting q first). */
    #define GHIRBAL_ROOT_SBB(Q_, KB_, F0_, K0M1_, K) __asm__("cmpq %c[d](%[k],%[f],8), %[h]\\n\\t"    \\
                "sbbq %[q], %[q]"                                                                   \\
                : [q] "=r"(Q_)                                                                      \\
                : [f] "r"(F0_), [k] "r"(KB_), [h] "r"(K0M1_), [d] "i"((K) * 8)                      \\
                : "cc", "memory")
    /* S_ = or += the leaf of final node Q_ (the double at D bytes past LF_ + 8 Q_): one instruction. */
    #define GHIRBAL_LEAF_SET(S_, LF_, Q_, D) __asm__("movsd %c[d](%[r],%[q],8), %[s]"                  \\
        : [s] "=x"(S_) : [r] "r"(LF_), [q] "r"(Q_), [d] "i"(D) : "memory")
    #define GHIRBAL_LEAF_ADD(S_, LF_, Q_, D) __asm__("addsd %c[d](%[r],%[q],8), %[s]"                  \\
        : [s] "+x"(S_) : [r] "r"(LF_), [q] "r"(Q_), [d] "i"(D) : "memory")
    #else
    #define GHIRBAL_STEP(q, kb, fe, th, DF, D, K) \\
        ((q) = (q) + (q) + ((kb)[(fe)[(q) + (DF) / 8] + (K)] < (th)[(q) + (D) / 8]))
    #define GHIRBAL_ROOT(q, kb, f0, t0, K) ((q) = 2 + ((kb)[(f0) + (K)] < (t0)))
    #define GHIRBAL_ROOT_SBB(q, kb, f0, k0m1, K) ((q) = (unsigned long long)!((k0m1) < (kb)[(f0) + (K)]) - 1)
    static inline double ghirbal_leaf(const unsigned long long* p) { double v; memcpy(&v, p, 8); return v; }
    #define GHIRBAL_LEAF_SET(s, lf, q, D) ((s) = ghirbal_leaf((lf) + ((q) + (D) / 8)))
    #define GHIRBAL_LEAF_ADD(s, lf, q, D) ((s) += ghirbal_leaf((lf) + ((q) + (D) / 8)))
    #endif
    #define GHIRBAL_ROOTS(R, KB_, F0_, T0_) do {                                                    \\
        R(q0, KB_, F0_, T0_, 0); R(q1, KB_, F0_, T0_, 1); R(q2, KB_, F0_, T0_, 2);                  \\
        R(q3, KB_, F0_, T0_, 3); R(q4, KB_, F0_, T0_, 4); R(q5, KB_, F0_, T0_, 5);                  \\
        R(q6, KB_, F0_, T0_, 6); R(q7, KB_, F0_, T0_, 7); } while (0)
    /* One level of a block's eight rows (q0 .. q7). */
    #define GHIRBAL_LEVEL(KB_, FE_, TH_, DF, D) do {                                                \\
        GHIRBAL_STEP(q0, KB_, FE_, TH_, DF, D, 0); GHIRBAL_STEP(q1, KB_, FE_, TH_, DF, D, 1);       \\
        GHIRBAL_STEP(q2, KB_, FE_, TH_, DF, D, 2); GHIRBAL_STEP(q3, KB_, FE_, TH_, DF, D, 3);       \\
        GHIRBAL_STEP(q4, KB_, FE_, TH_, DF, D, 4); GHIRBAL_STEP(q5, KB_, FE_, TH_, DF, D, 5);       \\
        GHIRBAL_STEP(q6, KB_, FE_, TH_, DF, D, 6); GHIRBAL_STEP(q7, KB_, FE_, TH_, DF, D, 7); } while (0)
    /* The eight rows' leaves into s0 .. s7 (OP: SET for a sum's first tree, ADD after it). */
    #define GHIRBAL_LEAVES(OP, LF_, D) do {                                                         \\
        GHIRBAL_LEAF_##OP(s0, LF_, q0, D); GHIRBAL_LEAF_##OP(s1, LF_, q1, D);                       \\
        GHIRBAL_LEAF_##OP(s2, LF_, q2, D); GHIRBAL_LEAF_##OP(s3, LF_, q3, D);                       \\
        GHIRBAL_LEAF_##OP(s4, LF_, q4, D); GHIRBAL_LEAF_##OP(s5, LF_, q5, D);                       \\
        GHIRBAL_LEAF_##OP(s6, LF_, q6, D); GHIRBAL_LEAF_##OP(s7, LF_, q7, D); } while (0)
    /* The line model's depth, 5 (N = 32), the root and four levels written out. After the root
       (GHIRBAL_ROOT_SBB) a row at depth L stands at node A + q, A = 3, 6, 12, 24 and 48 for the leaf
       (node' = 2 node + c keeps q' = 2 q + c): its feature A * 8 bytes past the record, its key and
       the leaf (32 + A) * 8. */
    #define GHIRBAL_WALK5(OP) do {                                                                  \\
        const unsigned long long f0 = rec[1], k0 = rec[33] - 1;  /* (read once: the steps clobber memory) */ \\
        GHIRBAL_ROOTS(GHIRBAL_ROOT_SBB, kb, f0, k0);                                                \\
        GHIRBAL_LEVEL(kb, rec, rec, 24, 280); GHIRBAL_LEVEL(kb, rec, rec, 48, 304);                 \\
        GHIRBAL_LEVEL(kb, rec, rec, 96, 352); GHIRBAL_LEVEL(kb, rec, rec, 192, 448);                \\
        GHIRBAL_LEAVES(OP, rec, 640); } while (0)
    /* Any depth: the keys and leaves from their own pointer, N slots past the record. */
    #define GHIRBAL_WALK(OP) do {                                                                   \\
        const unsigned long long* th = rec + nodes;                                                 \\
        if (depth > 0) {                                                                            \\
            const unsigned long long f0 = rec[1], k0 = th[1];                                       \\
            GHIRBAL_ROOTS(GHIRBAL_ROOT, kb, f0, k0);                                                \\
            for (level = 1; level < depth; level++) GHIRBAL_LEVEL(kb, rec, th, 0, 0);               \\
        } else {                                                                                    \\
            q0 = q1 = q2 = q3 = q4 = q5 = q6 = q7 = 1;                                              \\
        }                                                                                           \\
        GHIRBAL_LEAVES(OP, th, 0); } while (0)

    /* A block's eight rows walked through `count` trees (t0, t0 + step, ...), each row's leaves summed in
       that order, the first tree's leaf taken as it is: one of the eight running sums of numpy's pairwise
       sum (ghirbal_pairwise). */
    static void ghirbal_walk_sums(const unsigned long long* kb, const unsigned long long* recs, Py_ssize_t nodes,
                                  int depth, Py_ssize_t t0, Py_ssize_t count, Py_ssize_t step, double* sums) {
        unsigned long long q0, q1, q2, q3, q4, q5, q6, q7;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        const Py_ssize_t stride = 3 * nodes * step;
        const unsigned long long* rec = recs + 3 * nodes * t0;
        const unsigned long long* end = rec + stride * count;
        int level;
        if (count > 0) {
            if (depth == 5) {
                GHIRBAL_WALK5(SET);
                for (rec += stride; rec != end; rec += stride) GHIRBAL_WALK5(ADD);
            } else {
                GHIRBAL_WALK(SET);
                for (rec += stride; rec != end; rec += stride) GHIRBAL_WALK(ADD);
            }
        }
        sums[0] = s0; sums[1] = s1; sums[2] = s2; sums[3] = s3; sums[4] = s4; sums[5] = s5; sums[6] = s6; sums[7] = s7;
    }

    /* The eight rows' leaves of trees t0 .. t0 + n - 1 summed as numpy sums a row of them (np.add.reduce,
       DOUBLE_pairwise_sum): under 8 one after another from -0.0; up to 128 in eight running sums (the
       j-th over the trees j, j + 8, ...) joined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)),
       then the trees past the last multiple of 8 one by one; beyond 128 the two halves (split at a
       multiple of 8) summed so and added. The same additions in the same order: the same doubles. */
    static void ghirbal_pairwise(const unsigned long long* kb, const unsigned long long* recs, Py_ssize_t nodes,
                                 int depth, Py_ssize_t t0, Py_ssize_t n, double* sums) {
        double r[8][8], part[8];
        Py_ssize_t t, whole, half;
        int j, k;
        if (n < 8) {
            for (k = 0; k < 8; k++) sums[k] = -0.0;
            for (t = t0; t < t0 + n; t++) {
                ghirbal_walk_sums(kb, recs, nodes, depth, t, 1, 1, part);
                for (k = 0; k < 8; k++) sums[k] += part[k];
            }
        } else if (n <= 128) {
            whole = n - n % 8;
            for (j = 0; j < 8; j++) ghirbal_walk_sums(kb, recs, nodes, depth, t0 + j, whole / 8, 8, r[j]);
            for (k = 0; k < 8; k++)
                sums[k] = ((r[0][k] + r[1][k]) + (r[2][k] + r[3][k])) + ((r[4][k] + r[5][k]) + (r[6][k] + r[7][k]));
            for (t = t0 + whole; t < t0 + n; t++) {
                ghirbal_walk_sums(kb, recs, nodes, depth, t, 1, 1, part);
                for (k = 0; k < 8; k++) sums[k] += part[k];
            }
        } else {
            half = n / 2;
            half -= half % 8;
            ghirbal_pairwise(kb, recs, nodes, depth, t0, half, sums);
            ghirbal_pairwise(kb, recs, nodes, depth, t0 + half, n - half, part);
            for (k = 0; k < 8; k++) sums[k] += part[k];
        }
    }
    """
    bint GHIRBAL_SSE2_KEYS, GHIRBAL_ASM_WALK
    u64 ghirbal_key(double x) nogil
    void ghirbal_block_keys(const char* r, Py_ssize_t s0, Py_ssize_t s1, Py_ssize_t width, u64* kb) nogil
    void ghirbal_pairwise(const u64* kb, const u64* recs, Py_ssize_t nodes, int depth, Py_ssize_t t0,
                          Py_ssize_t n, double* sums) nogil

SSE2_KEYS = GHIRBAL_SSE2_KEYS  # this build's row keys are made with SSE2 (else plain C)
ASM_WALK = GHIRBAL_ASM_WALK  # this build walks the trees in x86-64 asm (else plain C)


def pack(const Py_ssize_t[::1] feature, const double[::1] threshold, const double[::1] leaf,
         Py_ssize_t trees, Py_ssize_t inner, Py_ssize_t leaves, int depth):
    """The walk's records: per tree 3N slots (N = inner + 1 = leaves): the mirrored tree's node q
    (from one; slot 0 unused) has feature * 8 at q and key(threshold) + 1 at N + q, and its leaves,
    in mirrored order, stand at 2N .. 3N - 1 (at N + q for the final q of the walk, N .. 2N - 1)."""
    cdef Py_ssize_t t, q, m, d, width = inner + 1, size = 3 * (inner + 1)
    recs = np.zeros(trees * size, dtype=np.uint64)
    cdef u64[::1] r = recs
    cdef double x
    cdef u64 bits
    for t in range(trees):
        for q in range(1, width):  # the real tree's node q (from one) at depth d
            d = 0
            while (q >> (d + 1)) != 0:
                d += 1
            m = q ^ ((1 << d) - 1)  # its place in the mirrored tree: the path's turns flipped
            r[t * size + m] = 8 * feature[t * inner + q - 1]
            x = threshold[t * inner + q - 1]
            r[t * size + width + m] = 0xFFFFFFFFFFFFFFFFULL if x != x else ghirbal_key(x) + 1
        for q in range(leaves):
            memcpy(&bits, &leaf[t * leaves + leaves - 1 - q], 8)
            r[t * size + 2 * width + q] = bits
    return recs


cdef class Forest:
    """The packed trees (`pack`) and their walk: `logits(rows)` is LineModel.logits_reference's
    `base + leaves.sum(axis=1)`, to the bit. Made once per model, so a page's call acquires one buffer
    (its rows) and no model array; the rows' keys go to a buffer the forest keeps and grows."""
    cdef object recs_arr, keys_arr
    cdef const u64* recs
    cdef u64* keys
    cdef Py_ssize_t trees, nodes, capacity
    cdef Py_ssize_t columns  # a row's values read: 1 + the highest feature of a node
    cdef int depth
    cdef double base

    def __init__(self, feature, threshold, leaf, Py_ssize_t trees, Py_ssize_t inner, Py_ssize_t leaves,
                 int depth, double base):
        if leaves != inner + 1 or inner + 1 != (1 << depth):
            raise ValueError("the trees are not full binary trees of their depth")
        used = np.asarray(feature)[:trees * inner]
        if used.size and used.min() < 0:
            raise ValueError("a node tests a negative feature")
        self.columns = int(used.max()) + 1 if used.size else 0
        self.recs_arr = pack(feature, threshold, leaf, trees, inner, leaves, depth)
        cdef const u64[::1] r = self.recs_arr
        self.recs = &r[0]  # (the array is kept: the pointer stays good)
        self.trees, self.nodes, self.depth, self.base = trees, inner + 1, depth, base
        self.keys_arr, self.keys, self.capacity = None, NULL, 0

    cdef u64* _keys(self, Py_ssize_t size):
        """The keys' buffer, at least `size` long (grown by doubling, never shrunk)."""
        cdef u64[::1] kv
        if size > self.capacity:
            self.capacity = max(size, 2 * self.capacity)
            self.keys_arr = np.empty(self.capacity, dtype=np.uint64)
            kv = self.keys_arr
            self.keys = &kv[0]
        return self.keys

    def logits(self, const double[:, :] rows):
        """Log-odds of each row: blocks of eight rows walked through every tree (`ghirbal_pairwise`)."""
        cdef Py_ssize_t n = rows.shape[0], width = rows.shape[1]
        cdef Py_ssize_t blocks = (n + 7) // 8, i, b, f, k, last
        out = np.empty(n, dtype=np.float64)
        if n == 0:
            return out
        if width < self.columns:  # (the walk reads a row's keys at its nodes' features, unchecked)
            raise IndexError(f"rows of {width} values, the trees read {self.columns}")
        cdef double[::1] o = out
        cdef u64* kp = self._keys(blocks * 8 * width)
        cdef const char* rp = <const char*>&rows[0, 0]
        cdef Py_ssize_t s0 = rows.strides[0], s1 = rows.strides[1]
        for b in range(n // 8):
            ghirbal_block_keys(rp + b * 8 * s0, s0, s1, width, kp + b * width * 8)
        for i in range(n - n % 8, blocks * 8):  # the last block: its rows' keys, then padding keys 0 (unread)
            b = (i >> 3) * width * 8 + (i & 7)
            for f in range(width):
                kp[b + f * 8] = ghirbal_key((<const double*>(rp + i * s0 + f * s1))[0]) if i < n else 0
        cdef double sums[8]
        for b in range(blocks):
            ghirbal_pairwise(kp + b * width * 8, self.recs, self.nodes, self.depth, 0, self.trees, sums)
            last = min(8, n - b * 8)
            for k in range(last):
                o[b * 8 + k] = self.base + (0.0 + sums[k])  # numpy's reduce starts from its identity, 0.0
        return out
