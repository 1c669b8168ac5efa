# The date classes of _dates.pyx, declared for the compiled modules that cimport them (_pages.pyx's
# mark_dates): they call DateCoverage.share in C, without a Python call a line.

cdef class DateGate:
    cdef unsigned long long sig  # bit (first character & 63) of every word
    cdef int empty_flags  # "" is in every text (never in dates.toml; kept for exactness)
    cdef bytes first_class  # a byte per BMP character: decimal digit (1), a word's first (2) (past it: the buckets)
    cdef bytes pair_bits  # 4096 bits of a hash of the first two characters (all set if a word has one)
    # 65,536 bits of a hash of the first three characters, then 4096 bits of the pairs that are words of
    # two characters (all set if a word has one)
    cdef bytes triple_bits
    # The words in C arrays, bucketed by (first character & 63): bucket b's words are entries
    # bucket_start[b]..bucket_start[b + 1] - 1, each (offset in `chars`, length, flag).
    cdef bytes chars  # every word's code points (Py_UCS4)
    cdef bytes entries  # int triples
    cdef bytes bucket_start  # 65 ints

    cpdef bint test(self, str text)


cdef class DateCoverage:
    cdef DateGate gate
    cdef object prepare, numeric, strong_words, rel_edge, rel_unit
    cdef bint numeric_c  # numeric is this module's numeric_shape: called without a Python call
    cdef object match, gap, fold_word, untrack
    cdef dict word_kind, cache
    cdef frozenset common_gaps, weak_days
    cdef Py_ssize_t cache_lines, cache_chars
    cdef bytes starts, num_next, dropped
    cdef Py_UCS4 dropped_min
    cdef object num_follow
    cdef bytes name_pairs
    cdef object time_mark, ampm_match
    cdef bytes ampm_starts
    cdef tuple names

    cpdef list clusters(self, str low)
    cdef double share(self, str text) except -1.0
