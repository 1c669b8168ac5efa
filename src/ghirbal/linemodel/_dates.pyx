# cython: language_level=3, boundscheck=False, wraparound=False
"""The compiled core of the date finder's text-path work (`ghirbal.dates`): the date gate of a line in
one pass, the tokenizer's loop around its regex, and a short line's date coverage. Each has its
pure-Python reference in ghirbal.dates (`_might_contain_date_reference`, `_tokens`,
`_date_coverage_reference`); tests/test_compiled_core.py holds them to the same values. The regexes
are the reference's own (passed in): only the Python around them is compiled.
"""

from cpython.unicode cimport PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ, Py_UNICODE_ISALNUM, Py_UNICODE_ISDECIMAL

from ghirbal.linemodel._chars cimport is_space as _is_space

cdef extern from "Python.h":
    void PyObject_GC_UnTrack(void *op)


cdef inline bint _is_decimal(Py_UCS4 c) noexcept:
    if c < 0x80:
        return 0x30 <= c <= 0x39
    if 0x0621 <= c <= 0x064A:  # the Arabic letters: no look-up in the Unicode table
        return False
    return Py_UNICODE_ISDECIMAL(c)


cdef inline bint _is_letter(Py_UCS4 c) noexcept:
    # `re`'s [^\W\d_] on str: alphanumeric (\w without "_") and not a decimal digit.
    if c < 0x80:
        return (0x41 <= c <= 0x5A) or (0x61 <= c <= 0x7A)
    if 0x0621 <= c <= 0x064A:
        return True
    return Py_UNICODE_ISALNUM(c) and not Py_UNICODE_ISDECIMAL(c)


cdef inline bint _may_start(int kind, void* data, Py_ssize_t q) noexcept:
    # Can a date token start at q? The token regex's first item, `(?=\d|[gu]|(?<![^\W\d_])\S)`:
    # a digit, "g" or "u", or a character other than a space that no letter precedes.
    cdef Py_UCS4 c = PyUnicode_READ(kind, data, q)
    if _is_decimal(c) or c == 0x67 or c == 0x75:
        return True
    if _is_space(c):
        return False
    return q == 0 or not _is_letter(PyUnicode_READ(kind, data, q - 1))


cdef inline unsigned int _pair_hash(unsigned int a, unsigned int b) noexcept:
    return (a * 31 + b) & 4095


cdef enum:
    _DAY = 1
    _BEFORE = 2
    _UNIT = 4


cdef class DateGate:
    """dates._might_contain_date_reference in one pass over the line: a decimal digit (any script),
    one of `days`, or one of `before` and one of `units` somewhere in it. Instead of a substring search
    per word (the reference's `w in text`, 50-odd of them on a line without a digit), each position
    whose character starts a word (a 64-bit signature of the first characters) compares the words that
    start with it."""

    cdef unsigned long long sig  # bit (first character & 63) of every word
    cdef tuple buckets  # 64 tuples: the (word, its flag) pairs whose first character & 63 is the index
    cdef int empty_flags  # "" is in every text (never in dates.toml; kept for exactness)
    cdef bytes first_bits  # the BMP's first characters, one bit each (characters past it: the buckets)
    cdef bytes pair_bits  # 4096 bits of a hash of the first two characters (all set if a word has one)

    def __init__(self, tuple days, tuple before, tuple units):
        cdef str w
        buckets = [[] for _ in range(64)]
        self.sig = 0
        self.empty_flags = 0
        for words, flag in ((days, _DAY), (before, _BEFORE), (units, _UNIT)):
            for w in words:
                if not w:
                    self.empty_flags |= flag
                    continue
                buckets[ord(w[0]) & 63].append((w, flag))
                self.sig |= 1ULL << (ord(w[0]) & 63)
        self.buckets = tuple(tuple(b) for b in buckets)
        first, pair = bytearray(8192), bytearray(512)
        for b in buckets:
            for w, _ in b:
                if ord(w[0]) <= 0xFFFF:
                    first[ord(w[0]) >> 3] |= 1 << (ord(w[0]) & 7)
                if len(w) == 1:
                    pair = bytearray(b"\xff" * 512)
                else:
                    h = _pair_hash(ord(w[0]), ord(w[1]))
                    pair[h >> 3] |= 1 << (h & 7)
        self.first_bits, self.pair_bits = bytes(first), bytes(pair)

    def __call__(self, str text):
        return self.test(text)

    cpdef bint test(self, str text):
        cdef Py_ssize_t i, j, n = len(text), m
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef int found = self.empty_flags
        cdef unsigned int c
        cdef str w
        cdef int wkind
        cdef void* wdata
        cdef const unsigned char* first = self.first_bits
        cdef const unsigned char* pairs = self.pair_bits
        cdef unsigned int h
        if found & _DAY:
            return True
        if (found & _BEFORE) and (found & _UNIT):
            return True
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            if _is_decimal(c):
                return True
            if not (self.sig >> (c & 63)) & 1:
                continue
            if c <= 0xFFFF:
                if not (first[c >> 3] >> (c & 7)) & 1:
                    continue
                if i + 1 < n:
                    h = _pair_hash(c, PyUnicode_READ(kind, data, i + 1))
                    if not (pairs[h >> 3] >> (h & 7)) & 1:
                        continue
            for pair in <tuple>self.buckets[c & 63]:
                w = <str>(<tuple>pair)[0]
                m = len(w)
                if i + m > n:
                    continue
                wkind = PyUnicode_KIND(w)
                wdata = PyUnicode_DATA(w)
                for j in range(m):
                    if PyUnicode_READ(kind, data, i + j) != PyUnicode_READ(wkind, wdata, j):
                        break
                else:
                    found |= <int>(<tuple>pair)[1]
                    if found & _DAY:
                        return True
        return (found & _BEFORE) != 0 and (found & _UNIT) != 0


def tokens(str text, object match, object gap, dict word_kind, object fold_word, frozenset common_gaps,
           bytes starts=None):
    """dates._tokens compiled: clusters of date tokens, runs of tokens with only punctuation/space
    between them. `match`: the token regex's match; `gap`: the gap regex's fullmatch; `starts`: a bit
    per BMP character that a token not opening with a digit, "g" or "u" can start with (the first
    letters of the regex's words, `dates._Lex.name_starts`), or None.

    The reference's `finditer` tries the regex at every position; here it is tried only where its
    first item, a lookahead, can hold (`_may_start`) and, past a digit, "g" or "u", where a name can
    start (`starts`): the same matches (`match(text, q)` at each such q from the end of the last match
    is what the search finds; the lookbehinds see the text before q)."""
    cdef list clusters = []
    cdef list cur = []
    cdef Py_ssize_t start, end, last_end = -1, q = 0, n = len(text)
    cdef int tkind = PyUnicode_KIND(text)
    cdef void* tdata = PyUnicode_DATA(text)
    cdef object m, kind, val, span, found
    cdef const unsigned char* sb = NULL
    cdef Py_UCS4 c
    cdef unsigned int u
    if starts is not None:
        if len(starts) != 8192:
            raise ValueError("starts: one bit per BMP character (8192 bytes)")
        sb = starts
    while q < n:
        if not _may_start(tkind, tdata, q):
            q += 1
            continue
        if sb != NULL:
            c = PyUnicode_READ(tkind, tdata, q)
            u = <unsigned int>c
            if u <= 0xFFFF and not (_is_decimal(c) or u == 0x67 or u == 0x75 or (sb[u >> 3] >> (u & 7)) & 1):
                q += 1
                continue
        m = match(text, q)
        if m is None:
            q += 1
            continue
        kind = m.lastgroup
        span = m.span()
        start = (<tuple>span)[0]
        end = (<tuple>span)[1]
        q = end if end > start else start + 1  # (no token is empty)
        val = None
        if kind == "word":
            w = m.group()
            found = word_kind.get(w)
            if not found:  # (the reference's `or`: a falsy entry falls through too)
                found = word_kind[fold_word(w)]
            kind, val = found
        elif kind == "num":
            val = int(m.group("numd"))
        elif kind == "time":
            val = (int(m.group("th")), int(m.group("tm")))
            if (<tuple>val)[0] > 23 or (<tuple>val)[1] > 59:  # "25:70" is a score, not a time: a break
                if cur:
                    clusters.append(cur)
                    cur = []
                continue
        elif kind == "gmt":
            kind = "tz"
        elif kind == "ago":
            kind = "rel"
        if cur and start != last_end and text[last_end:start] not in common_gaps and not gap(text, last_end, start):
            clusters.append(cur)
            cur = []
        cur.append((kind, start, end, m, val))
        last_end = end
    if cur:
        clusters.append(cur)
    return clusters


cdef class WordSearch:
    """`pattern.search(text)` for a pattern that is a word at a word start, `(?<![^\\W\\d_])(?:WORDS)`
    (the date coverage's gate regexes), with `pattern.match` tried only where a word can start: no letter
    before, a character `starts` marks (a bit per BMP character: the words' first letters in every
    spelling, `dates._first_letters`; past the BMP, always tried). The first match or None, as the
    search finds it (it tries each position in turn; at no other position can the pattern match).
    `pairs` (optional, 4096 bits): the first two characters a match can open with, hashed as the date
    gate hashes them (`dates._first_pairs`: every word has two or more, each spelling, a space as any
    white space); a position whose pair has no bit is not tried either."""

    cdef object match
    cdef bytes starts, pairs

    def __init__(self, match, bytes starts, bytes pairs=None):
        if len(starts) != 8192:
            raise ValueError("starts: one bit per BMP character (8192 bytes)")
        if pairs is not None and len(pairs) != 512:
            raise ValueError("pairs: 4096 bits (512 bytes)")
        self.match, self.starts, self.pairs = match, starts, pairs

    def __call__(self, str text):
        cdef const unsigned char* sb = self.starts
        cdef const unsigned char* pb = NULL
        cdef Py_ssize_t q, n = len(text)
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef unsigned int u, h
        if self.pairs is not None:
            pb = self.pairs
        for q in range(n):
            u = <unsigned int>PyUnicode_READ(kind, data, q)
            if u <= 0xFFFF and not (sb[u >> 3] >> (u & 7)) & 1:
                continue
            if q > 0 and _is_letter(PyUnicode_READ(kind, data, q - 1)):
                continue
            if pb != NULL:
                if q + 1 >= n:  # (every word has two characters or more)
                    continue
                h = _pair_hash(u, <unsigned int>PyUnicode_READ(kind, data, q + 1))
                if not (pb[h >> 3] >> (h & 7)) & 1:
                    continue
            m = self.match(text, q)
            if m is not None:
                return m
        return None


cdef inline bint _is_digit(Py_UCS4 c) noexcept:
    # `re`'s \d on str: a decimal digit of any script (str.isdecimal)
    if c < 0x80:
        return 0x30 <= c <= 0x39
    return Py_UNICODE_ISDECIMAL(c)


def numeric_shape(str text):
    """`re.compile(r"\d\s*[/.\-:h]\s*\d").search(text) is not None` (dates._Lex.numeric_shape_re, the
    date coverage's gate for numeric dates and times) as one C loop: True, or None where the regex finds
    nothing. (\s* before a mark that is no space has one way to match: no backtracking to follow.)"""
    cdef Py_ssize_t i, p, n = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    for i in range(n - 2):
        if not _is_digit(PyUnicode_READ(kind, data, i)):
            continue
        p = i + 1
        while p < n and _is_space(PyUnicode_READ(kind, data, p)):
            p += 1
        if p >= n:
            return None
        c = PyUnicode_READ(kind, data, p)
        if not (c == 0x2F or c == 0x2E or c == 0x2D or c == 0x3A or c == 0x68):
            continue
        p += 1
        while p < n and _is_space(PyUnicode_READ(kind, data, p)):
            p += 1
        if p < n and _is_digit(PyUnicode_READ(kind, data, p)):
            return True
    return None


cdef inline Py_ssize_t _nonspace(str s, Py_ssize_t a, Py_ssize_t b) noexcept:
    # dates._nonspace(s[a:b]): the characters other than " " and "\t".
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t i, k = 0
    cdef Py_UCS4 c
    for i in range(a, b):
        c = PyUnicode_READ(kind, data, i)
        k += c != 0x20 and c != 0x09
    return k


cdef bint _is_strong(list cluster, frozenset weak_days) except -1:
    # dates._is_strong: does this cluster carry a date or a time?
    cdef Py_ssize_t i, n = len(cluster)
    cdef tuple t
    for i in range(n):
        t = <tuple>cluster[i]
        k = t[0]
        if k == "ymd" or k == "dmy" or k == "time" or k == "rel":
            return True
        if k == "day" and t[4] not in weak_days:
            return True
        if k == "month" or k == "hmonth":
            if (i and (<tuple>cluster[i - 1])[0] == "num") or (
                    i + 1 < n and ((<tuple>cluster[i + 1])[0] == "num" or (<tuple>cluster[i + 1])[0] == k)):
                return True
    return False


cdef class DateCoverage:
    """dates._date_coverage_reference compiled: the share of a line's non-space characters inside date
    or time clusters. Holds what it asks, bound once: the gate, the reference's `_prepare` (for the rare
    line that needs its slow path), the strong-cluster gate's regexes, the tokenizer's parts and the
    shared token cache (`dates.TOKEN_CACHE`, the same dict, the same bounds)."""

    cdef DateGate gate
    cdef object prepare, has_dropped, numeric, strong_words, rel_edge, rel_unit
    cdef object match, gap, fold_word, untrack
    cdef dict word_kind, cache
    cdef frozenset common_gaps, weak_days
    cdef Py_ssize_t cache_lines, cache_chars
    cdef bytes starts

    def __init__(self, DateGate gate, prepare, has_dropped, numeric, strong_words, rel_edge, rel_unit, match,
                 gap, dict word_kind, fold_word, frozenset common_gaps, weak_days, dict cache,
                 Py_ssize_t cache_lines, Py_ssize_t cache_chars, untrack, bytes starts=None):
        self.gate, self.prepare, self.has_dropped = gate, prepare, has_dropped
        self.numeric, self.strong_words, self.rel_edge, self.rel_unit = numeric, strong_words, rel_edge, rel_unit
        self.match, self.gap, self.word_kind, self.fold_word = match, gap, word_kind, fold_word
        self.common_gaps, self.weak_days = common_gaps, frozenset(weak_days)
        self.cache, self.cache_lines, self.cache_chars, self.untrack = cache, cache_lines, cache_chars, untrack
        self.starts = starts

    cpdef list clusters(self, str low):
        """dates._clusters: the token clusters of a prepared line, through the token cache."""
        if len(low) > self.cache_chars:
            return tokens(low, self.match, self.gap, self.word_kind, self.fold_word, self.common_gaps, self.starts)
        found = self.cache.get(low)
        if found is None:
            if len(self.cache) >= self.cache_lines:
                self.cache.clear()
            found = tokens(low, self.match, self.gap, self.word_kind, self.fold_word, self.common_gaps, self.starts)
            self.cache[low] = found
            self.untrack(found)
        return <list>found

    def __call__(self, str text):
        cdef str low
        cdef Py_ssize_t total, covered = 0
        cdef list cluster
        if not text or not self.gate.test(text):
            return 0.0
        low = text.lower()
        if len(low) != len(text) or self.has_dropped(low) is not None:
            low = self.prepare(text)[0]
        if not (self.numeric(low) is not None or self.strong_words(low) is not None
                or (self.rel_edge(low) is not None and self.rel_unit(low) is not None)):
            return 0.0
        total = _nonspace(low, 0, len(low))
        if not total:
            return 0.0
        for c in self.clusters(low):
            cluster = <list>c
            if _is_strong(cluster, self.weak_days):
                covered += _nonspace(low, (<tuple>cluster[0])[1], (<tuple>cluster[len(cluster) - 1])[2])
        return min(1.0, covered / total)

