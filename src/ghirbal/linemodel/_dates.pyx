# cython: language_level=3, boundscheck=False, wraparound=False
"""The compiled core of the date finder's text-path work (`ghirbal.dates`): the date gate of a line in
one pass, the tokenizer's loop around its regex, a short line's date coverage and the assembly of a
line's dates from its tokens. Each has its pure-Python reference in ghirbal.dates
(`_might_contain_date_reference`, `_tokens`, `_date_coverage_reference`, `_scan_reference`);
tests/test_compiled_core.py holds them to the same values. The regexes
are the reference's own (passed in): only the Python around them is compiled.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport (PyUnicode_4BYTE_KIND, PyUnicode_DATA, PyUnicode_FromKindAndData, PyUnicode_GET_LENGTH,
                              PyUnicode_KIND, PyUnicode_READ, PyUnicode_READ_CHAR, Py_UNICODE_ISALNUM,
                              Py_UNICODE_ISDECIMAL, Py_UNICODE_TOLOWER)

import array as _array

from ghirbal.linemodel._chars cimport (FNV_BASIS, code_unit, fnv_step, has_word_bit, hash_bit, is_space as _is_space,
                                       set_word_bits)
from libc.string cimport memcpy, memset

cdef extern from "Python.h":
    void PyObject_GC_UnTrack(void *op)
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    Py_UCS4 PyUnicode_MAX_CHAR_VALUE(object o)
    int Py_UNICODE_TODECIMAL(Py_UCS4 ch)


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


cdef inline unsigned int _pair_hash(unsigned int a, unsigned int b) noexcept:
    return (a * 31 + b) & 4095


cdef inline unsigned int _triple_hash(unsigned int a, unsigned int b, unsigned int c) noexcept:
    # (as dates._first_triples hashes a word's first three characters)
    return ((a * 31 + b) * 31 + c) & 65535


cdef enum:  # DateGate.first_class: what a BMP character may be
    _DECIMAL = 1
    _FIRST = 2  # a word's first


cdef void _or_decimals(unsigned char[:] classes) noexcept:
    # Mark every decimal digit of the BMP (any script) in a table of a byte per BMP character
    cdef unsigned int c
    for c in range(0x10000):
        if _is_decimal(<Py_UCS4>c):
            classes[c] |= _DECIMAL


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

    # (its fields are declared in _dates.pxd)

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
        first, pair, triple = bytearray(0x10000), bytearray(512), bytearray(8192 + 512)
        chars, entries, starts = [], [], [0]
        for b in buckets:
            for w, flag in b:
                if ord(w[0]) <= 0xFFFF:
                    first[ord(w[0])] |= _FIRST
                if len(w) == 1:
                    pair = bytearray(b"\xff" * 512)
                    triple[8192:] = b"\xff" * 512
                else:
                    h = _pair_hash(ord(w[0]), ord(w[1]))
                    pair[h >> 3] |= 1 << (h & 7)
                    if len(w) == 2:
                        triple[8192 + (h >> 3)] |= 1 << (h & 7)
                    else:
                        h = _triple_hash(ord(w[0]), ord(w[1]), ord(w[2]))
                        triple[h >> 3] |= 1 << (h & 7)
                entries += [len(chars), len(w), flag]
                chars += [ord(x) for x in w]
            starts.append(len(entries) // 3)
        _or_decimals(first)
        self.first_class, self.pair_bits, self.triple_bits = bytes(first), bytes(pair), bytes(triple)
        self.chars = _array.array("I", chars).tobytes()
        self.entries = _array.array("i", entries).tobytes()
        self.bucket_start = _array.array("i", starts).tobytes()

    def __call__(self, str text):
        return self.test(text)

    cpdef bint test(self, str text):
        cdef int kind = PyUnicode_KIND(text)
        if self.empty_flags & _DAY:
            return True
        if (self.empty_flags & _BEFORE) and (self.empty_flags & _UNIT):
            return True
        if kind == 1:
            return _gate(self, <const unsigned char*>PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text))
        if kind == 2:
            return _gate(self, <const unsigned short*>PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text))
        return _gate(self, <const Py_UCS4*>PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text))


cdef bint _gate(DateGate g, const code_unit* s, Py_ssize_t n) noexcept:
    # DateGate.test's walk over a line stored as code units of one kind (the words compared from C arrays)
    cdef Py_ssize_t i, j, e, m
    cdef int found = g.empty_flags
    cdef unsigned int c, h, k
    cdef unsigned long long sig = g.sig
    cdef const unsigned char* first = g.first_class
    cdef const unsigned char* pairs = g.pair_bits
    cdef const unsigned char* triples = g.triple_bits
    cdef const Py_UCS4* chars = <const Py_UCS4*><const char*>g.chars
    cdef const int* entries = <const int*><const char*>g.entries
    cdef const int* bucket = <const int*><const char*>g.bucket_start
    cdef const Py_UCS4* w
    for i in range(n):
        c = s[i]
        # (first: a byte per BMP character, whether it is a decimal digit or a word's first; one
        # look-up for the usual character, which is neither)
        if c <= 0xFFFF:
            k = first[c]
            if k == 0:
                continue
            if k & _DECIMAL:
                return True
        elif _is_decimal(c):
            return True
        if not (sig >> (c & 63)) & 1:
            continue
        if c <= 0xFFFF and i + 1 < n:
            h = _pair_hash(c, s[i + 1])
            if not (pairs[h >> 3] >> (h & 7)) & 1:
                continue
            # Unless a word of two characters (or one) opens so, the first three must open a word:
            # the article "ال" passes the pairs of "اليوم" and "البارحة", most of its third letters not.
            if not (triples[8192 + (h >> 3)] >> (h & 7)) & 1:
                if i + 2 >= n:
                    continue
                h = _triple_hash(c, s[i + 1], s[i + 2])
                if not (triples[h >> 3] >> (h & 7)) & 1:
                    continue
        for e in range(bucket[c & 63], bucket[(c & 63) + 1]):
            m = entries[3 * e + 1]
            if i + m > n:
                continue
            w = chars + entries[3 * e]
            j = 0
            while j < m and <Py_UCS4>s[i + j] == w[j]:
                j += 1
            if j == m:
                found |= entries[3 * e + 2]
                if found & _DAY:
                    return True
    return (found & _BEFORE) != 0 and (found & _UNIT) != 0


cdef inline bint _bit(const unsigned char* bits, Py_UCS4 c) noexcept:
    # c's bit in a table of one bit per BMP character; a character past the BMP: set (never skipped)
    cdef unsigned int u = <unsigned int>c
    return u > 0xFFFF or (bits[u >> 3] >> (u & 7)) & 1


cdef enum:
    _NUM_NONE = -1  # no token starts at q (nor anywhere inside its run of digits)
    _NUM_REGEX = -2  # the regex must tell
    _NUM_FOLLOW = -3  # a plain number unless a suffix, an era word or a unit with "ago" follows it


cdef inline bint _num_behind(int kind, void* data, Py_ssize_t q) noexcept:
    # The `num` alternative's lookbehinds at q (q after no digit): not after a digit and one of . , : /
    cdef Py_UCS4 c
    if q < 2:
        return True
    c = PyUnicode_READ(kind, data, q - 1)
    return not ((c == 0x2E or c == 0x2C or c == 0x3A or c == 0x2F) and _is_decimal(PyUnicode_READ(kind, data, q - 2)))


cdef inline bint _may_follow(int kind, void* data, Py_ssize_t p, Py_ssize_t n, const unsigned char* follow) noexcept:
    # Can a unit, an era word or a suffix start at p (`dates._number_followers`: a one-letter word
    # with no letter after it, or the first two characters of a longer one)?
    cdef Py_UCS4 c = PyUnicode_READ(kind, data, p)
    cdef unsigned int u = <unsigned int>c, h
    if u > 0xFFFF:
        return True
    if (follow[u >> 3] >> (u & 7)) & 1 and (p + 1 >= n or not _is_letter(PyUnicode_READ(kind, data, p + 1))):
        return True
    if p + 1 >= n:
        return False
    h = _pair_hash(u, <unsigned int>PyUnicode_READ(kind, data, p + 1))
    return (follow[8192 + (h >> 3)] >> (h & 7)) & 1


cdef Py_ssize_t _number_end(int kind, void* data, Py_ssize_t q, Py_ssize_t n, Py_ssize_t* run_end,
                            long* value, const unsigned char* follow) noexcept:
    # The token regex at a digit q, where what follows the run of digits leaves only its `num`
    # alternative, without a suffix, as what can match: the end of that `num` token (its value in
    # *value), _NUM_NONE where nothing matches at q, _NUM_REGEX where the rest of the pattern may
    # match (a separator after the run), _NUM_FOLLOW where a unit, an era word or a suffix may follow
    # it (`follow`: then a plain number if none does, `dates._Lex.num_follow_re`, and if `_num_behind`).
    # *run_end: the end of the digit run, *value its number. What the regex's alternatives at a digit need (dates._Lex's pattern; no name starts
    # with a digit, checked where `follow` is made):
    #   every one: no digit before q (their lookbehinds), so q inside a run matches nothing;
    #   ymd, dmy: a run of 4 (ymd) or 1-2 (dmy) digits, then white space and one of / . -
    #   time: 1-2 digits, then : or h;  ago: 1-3 digits, white space and a unit word;
    #   num: 1-4 digits, not after a digit and one of . , : / and not before one of . , : / and a digit;
    #     then er/st/nd/rd/th or (one white space and) an era word, or nothing.
    cdef Py_ssize_t r = q, p
    cdef Py_UCS4 c, d
    cdef long v = 0
    if q > 0 and _is_decimal(PyUnicode_READ(kind, data, q - 1)):
        while r < n and _is_decimal(PyUnicode_READ(kind, data, r)):
            r += 1
        run_end[0] = r
        return _NUM_NONE
    while r < n:
        c = PyUnicode_READ(kind, data, r)
        if not _is_decimal(c):
            break
        if r - q < 4:
            v = v * 10 + Py_UNICODE_TODECIMAL(c)
        r += 1
    run_end[0] = r
    if r - q > 4:  # too long for any alternative
        return _NUM_NONE
    if r < n:
        c = PyUnicode_READ(kind, data, r)
        if c == 0x2F or c == 0x2E or c == 0x2D or c == 0x3A or c == 0x68:  # / . - : h
            return _NUM_REGEX
        if c == 0x2C and r + 1 < n and _is_decimal(PyUnicode_READ(kind, data, r + 1)):  # "1,000"
            return _NUM_NONE
        if _is_space(c):
            p = r + 1
            while p < n and _is_space(PyUnicode_READ(kind, data, p)):
                p += 1
            if p < n:
                d = PyUnicode_READ(kind, data, p)
                if d == 0x2F or d == 0x2E or d == 0x2D:
                    return _NUM_REGEX
                if _may_follow(kind, data, p, n, follow):
                    value[0] = v
                    return _NUM_FOLLOW
        elif _may_follow(kind, data, r, n, follow):
            value[0] = v
            return _NUM_FOLLOW
    if not _num_behind(kind, data, q):
        return _NUM_NONE
    value[0] = v
    return r


cdef Py_ssize_t _time_end(int kind, void* data, Py_ssize_t q, Py_ssize_t r, Py_ssize_t n, long* hh,
                          long* mm) noexcept:
    # The token regex at a digit q whose run of digits (q..r, no digit before q) one of : h follows: the
    # end of its `time` token's HH:MM(:SS) (before an am/pm mark; its hours and minutes in *hh, *mm),
    # or -1 where the regex must tell. There the `time` alternative is the first that can match: `ymd`
    # needs four digits, `dmy` one of / . - after the digits. `time`: not after a digit, ":" or "."; 1-2
    # digits, ":" or "h", two digits, optionally ":" and two digits, then no digit (without the seconds
    # where a digit follows them: ":" after the minutes is no digit).
    cdef Py_UCS4 c
    cdef Py_ssize_t e, i
    cdef long v = 0
    if r - q > 2 or r + 2 >= n:
        return -1
    if q > 0:
        c = PyUnicode_READ(kind, data, q - 1)
        if c == 0x3A or c == 0x2E:
            return -1
    c = PyUnicode_READ(kind, data, r)
    if not (c == 0x3A or c == 0x68):
        return -1
    if not (_is_decimal(PyUnicode_READ(kind, data, r + 1)) and _is_decimal(PyUnicode_READ(kind, data, r + 2))):
        return -1
    for i in range(q, r):
        v = v * 10 + Py_UNICODE_TODECIMAL(PyUnicode_READ(kind, data, i))
    hh[0] = v
    mm[0] = Py_UNICODE_TODECIMAL(PyUnicode_READ(kind, data, r + 1)) * 10 + \
        Py_UNICODE_TODECIMAL(PyUnicode_READ(kind, data, r + 2))
    e = r + 3
    if e + 2 < n and PyUnicode_READ(kind, data, e) == 0x3A and _is_decimal(PyUnicode_READ(kind, data, e + 1)) \
            and _is_decimal(PyUnicode_READ(kind, data, e + 2)) \
            and (e + 3 >= n or not _is_decimal(PyUnicode_READ(kind, data, e + 3))):
        return e + 3
    if e < n and _is_decimal(PyUnicode_READ(kind, data, e)):
        return -1
    return e


cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)


# The names' filter (`_word_end`): a bit per FNV-1a hash of each word of the names' frozenset (its
# low 16 bits), made once for the frozenset last seen (tokens is passed the same one on every line). A
# prefix of the text whose bit is clear is no name: the frozenset is asked only where the bit is set
# (without the filter, a string was made and looked up for every prefix that could end a name).
# `_name_prefix_bits`: the same for every prefix of each word; a prefix whose bit is clear opens no
# name, and the reading of a name stops there (not at the longest name's length).
cdef unsigned char _name_bits[8192]
cdef unsigned char _name_prefix_bits[8192]
cdef object _name_bits_of = None


cdef int _make_name_bits(frozenset words) except -1:
    global _name_bits_of
    cdef unsigned long long h
    cdef unsigned int b
    cdef Py_UCS4 c
    if _name_bits_of is words:
        return 0
    memset(_name_bits, 0, sizeof(_name_bits))
    memset(_name_prefix_bits, 0, sizeof(_name_prefix_bits))
    set_word_bits(_name_bits, 0xFFFF, words)
    for w in words:
        h = FNV_BASIS
        for c in <str>w:
            h = fnv_step(h, c)
            b = hash_bit(h, 0xFFFF)
            _name_prefix_bits[b >> 3] |= <unsigned char>(1 << (b & 7))
    _name_bits_of = words
    return 0


cdef Py_ssize_t _word_end(int kind, void* data, Py_ssize_t q, Py_ssize_t n, const unsigned short* fold,
                          frozenset words, Py_ssize_t max_len, unsigned long long lens) except -2:
    # The `word` alternative of the token regex at q (no letter before q, where no `rel` or `an` word
    # can open): the end of the longest word of `words` that the text spells from q (each character
    # folded by `fold`, a run of white space as one space: the trie regex's `[variants]` and `\s+`,
    # the one branch a character can take at each node) with no letter after it, or -1 (no name).
    # `lens`: a bit per length a word has. `_name_bits` must be made for `words` (`_make_name_bits`).
    cdef Py_UCS4 buf[64]
    cdef Py_ssize_t ends[64]
    cdef unsigned int bits[64]  # the filter bit of the prefix of each length
    cdef Py_ssize_t klen = 0, p = q, i
    cdef Py_UCS4 c
    cdef unsigned long long h = FNV_BASIS
    while p < n and klen < max_len:
        c = PyUnicode_READ(kind, data, p)
        if _is_space(c):
            buf[klen] = 0x20
            p += 1
            while p < n and _is_space(PyUnicode_READ(kind, data, p)):
                p += 1
        else:
            buf[klen] = fold[c] if c <= 0xFFFF else c
            p += 1
        h = fnv_step(h, buf[klen])
        if not has_word_bit(_name_prefix_bits, hash_bit(h, 0xFFFF)):  # (no name opens so)
            break
        klen += 1
        ends[klen] = -1
        if buf[klen - 1] != 0x20 and (lens >> klen) & 1 and (p >= n or not _is_letter(PyUnicode_READ(kind, data, p))):
            ends[klen] = p
            bits[klen] = hash_bit(h, 0xFFFF)
    for i in range(klen, 0, -1):
        if ends[i] >= 0 and has_word_bit(_name_bits, bits[i]) \
                and PyUnicode_FromKindAndData(4, buf, i) in words:
            return ends[i]
    return -1


cdef inline bint _ascii_lower(Py_UCS4 c) noexcept:
    return 0x61 <= c <= 0x7A


cdef Py_ssize_t _gmt_end(int kind, void* data, Py_ssize_t q, Py_ssize_t n) noexcept:
    # The `gmt` alternative of the token regex at q ("g" or "u": the first alternative that can match
    # there), `(?<![a-z])(?:gmt|utc)(?:\s?[+-]\s?\d{1,2}(?::?\d\d)?)?(?![a-z])`, on its first path (each
    # optional part as long as it can be): its end, or -1 where the regex must tell (no "gmt"/"utc"
    # there, a letter a-z before or after it).
    cdef Py_UCS4 a, b, c
    cdef Py_ssize_t p, e, k
    if q + 3 > n or (q > 0 and _ascii_lower(PyUnicode_READ(kind, data, q - 1))):
        return -1
    a = PyUnicode_READ(kind, data, q)
    b = PyUnicode_READ(kind, data, q + 1)
    c = PyUnicode_READ(kind, data, q + 2)
    if not ((a == 0x67 and b == 0x6D and c == 0x74) or (a == 0x75 and b == 0x74 and c == 0x63)):
        return -1
    e = p = q + 3
    if p < n and _is_space(PyUnicode_READ(kind, data, p)):
        p += 1
    if p < n and (PyUnicode_READ(kind, data, p) == 0x2B or PyUnicode_READ(kind, data, p) == 0x2D):
        p += 1
        if p < n and _is_space(PyUnicode_READ(kind, data, p)):
            p += 1
        k = p
        while k < n and k - p < 2 and _is_decimal(PyUnicode_READ(kind, data, k)):
            k += 1
        if k > p:  # the offset's hours: the optional part matched
            e = k
            if k + 2 < n and PyUnicode_READ(kind, data, k) == 0x3A and _is_decimal(PyUnicode_READ(kind, data, k + 1)) \
                    and _is_decimal(PyUnicode_READ(kind, data, k + 2)):
                e = k + 3
            elif k + 1 < n and _is_decimal(PyUnicode_READ(kind, data, k)) and \
                    _is_decimal(PyUnicode_READ(kind, data, k + 1)):
                e = k + 2
    if e < n and _ascii_lower(PyUnicode_READ(kind, data, e)):
        return -1
    return e


# The gap regex's characters, for its fast path: where `gap` is the fullmatch of a pattern that is
# one character class repeated 1 to `_gap_max` times (`dates._Lex.gap_re`), a bit per BMP character
# of the class (once per pattern seen: the characters the pattern spells and the white space, each
# that the class's own regex matches; a character of the class not found so only goes the slow way).
# A gap of such characters, as many as that, matches: no slice, no set look-up, no call of the regex.
# (`_gap_max` 0: no fast path.)
import re as _re

cdef unsigned char _gap_bits[8192]
cdef Py_ssize_t _gap_max = 0
cdef object _gap_bits_of = None  # the `gap` last seen
cdef object _gap_pattern_of = None  # its pattern (each `pattern.fullmatch` is a new bound method)


cdef int _make_gap_bits(object gap) except -1:
    global _gap_bits_of, _gap_pattern_of, _gap_max
    cdef unsigned int c
    if gap is _gap_bits_of:
        return 0
    pattern = getattr(gap, "__self__", None)
    if getattr(gap, "__name__", None) != "fullmatch" or not isinstance(pattern, _re.Pattern) \
            or not isinstance(pattern.pattern, str):
        _gap_bits_of, _gap_pattern_of, _gap_max = gap, None, 0
        return 0
    _gap_bits_of = gap
    if pattern is _gap_pattern_of:
        return 0
    _gap_pattern_of, _gap_max = pattern, 0
    memset(_gap_bits, 0, sizeof(_gap_bits))
    m = _re.fullmatch(r"(\[(?:[^\]\\]|\\.)+\])\{1,(\d+)\}", pattern.pattern)
    if m is None:
        return 0
    one = _re.compile(m.group(1), pattern.flags)
    candidates = {ord(x) for x in m.group(1)}
    for c in range(0x10000):
        if _is_space(c):
            candidates.add(c)
    for c in candidates:
        if c <= 0xFFFF and one.fullmatch(chr(c)) is not None:
            _gap_bits[c >> 3] |= <unsigned char>(1 << (c & 7))
    _gap_max = int(m.group(2))
    return 0


cdef bint _gap_of_class(str text, Py_ssize_t a, Py_ssize_t b) noexcept:
    # Is text[a:b] 1 to _gap_max characters of the gap regex's class (`_make_gap_bits`)?
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i
    cdef unsigned int c
    if b - a < 1 or b - a > _gap_max:
        return False
    for i in range(a, b):
        c = PyUnicode_READ(kind, data, i)
        if c > 0xFFFF or not (_gap_bits[c >> 3] >> (c & 7)) & 1:
            return False
    return True


def gap_of_class(object gap, str text):
    """_gap_of_class over the whole text for `gap`'s class (None: `gap` has no fast path), for the tests."""
    _make_gap_bits(gap)
    return _gap_of_class(text, 0, len(text)) if _gap_max else None


cdef list _add_token(list clusters, list cur, str text, Py_ssize_t last_end, Py_ssize_t start, object gap,
                     frozenset common_gaps, tuple token):
    # A token joins the current cluster if only punctuation and space stand between them; else the
    # cluster is closed and the token opens the next. Returns the current cluster.
    if cur and start != last_end and not _gap_of_class(text, last_end, start) \
            and text[last_end:start] not in common_gaps and not gap(text, last_end, start):
        clusters.append(cur)
        cur = []
    cur.append(token)
    return cur


# Memos of the two pure functions of the lexicon that the tokenizer calls with the same few strings
# again and again (a name not spelled as the lexicon writes it, the am/pm marks "م" and "ص"): a call of
# fold_word (normalize.fold) costs ~10k instructions, a lookup here ~100. Each memo is for the function
# it was filled by, bounded, and forgotten with the token cache (`forget_memos`, from
# dates.clear_token_cache).
cdef dict _fold_memo = {}
cdef object _fold_memo_of = None
cdef dict _mark_memo = {}
cdef object _mark_memo_of = None


cdef inline object _memo_call(dict memo, object fn, object arg):
    # fn(arg), remembered in `memo` (never None: fold_word gives a str, time_mark an int)
    found = memo.get(arg)
    if found is None:
        found = fn(arg)
        if len(memo) >= 1024:
            memo.clear()
        memo[arg] = found
    return found


def forget_memos():
    """Forget the tokenizer's memos of fold_word and time_mark."""
    _fold_memo.clear()
    _mark_memo.clear()


# The token kinds the regex names (`m.lastgroup`), each mapped to this module's own literal of it:
# the regex's group names are not interned, so without this every equal kind test (`_kind`) in the
# assembly fell through identity to a string compare.
cdef dict _REGEX_KINDS = {k: k for k in ("ymd", "dmy", "time", "ago", "num", "gmt", "rel", "word")}


def tokens(str text, object match, object gap, dict word_kind, object fold_word, frozenset common_gaps,
           bytes starts=None, bytes num_next=None, object num_follow=None, bytes name_pairs=None,
           object time_mark=None, object ampm_match=None, bytes ampm_starts=None, tuple names=None):
    """dates._tokens compiled: clusters of date tokens, runs of tokens with only punctuation/space
    between them. `match`: the token regex's match; `gap`: the gap regex's fullmatch; `starts`: a bit
    per BMP character that a token not opening with a digit, "g" or "u" can start with (the first
    letters of the regex's words, `dates._Lex.name_starts`), or None.

    The reference's `finditer` tries the regex at every position; here it is tried only where its
    first item, a lookahead, can hold and, past a digit, "g" or "u", where a name can
    start (`starts`): the same matches (`match(text, q)` at each such q from the end of the last match
    is what the search finds; the lookbehinds see the text before q).

    `num_next` (optional, with `starts`: `dates._Lex.num_next`, `dates._number_followers`): what may
    open a unit, an era word or a suffix. With it, a plain number (digits that no separator, unit, era
    word or suffix follows) is read here, not by the regex (`_number_end`): its token, as the reference
    makes it, carries its digit count where other tokens carry their match. `num_follow` (optional,
    `dates._Lex.num_follow_re.match`): where `num_next` says a unit, an era word or a suffix may follow
    the digits, that regex, not the token regex, tells whether one does. `name_pairs` (optional, with
    `starts`: `dates._Lex.name_pairs`, as `num_next` is made): past a digit, "g" and "u", the regex is
    tried only where a name's one letter (no letter after it) or first two characters stand.

    `time_mark` (`dates._time_mark`, required): what a time's token carries for its am/pm mark, as the
    reference makes it. `ampm_match` and `ampm_starts` (optional, with `num_next`: `dates._Lex.ampm_re.match`
    and `.ampm_starts`, the first letters of the marks): with them, a time HH:MM(:SS) after no digit,
    ":" or "." is read here (`_time_end`), not by the regex, its mark by that small regex (tried where
    a mark's first letter stands, after one white space or none).

    `names` (optional, with `name_pairs`: `dates._Lex.names`, `dates._name_table`): where no `rel` or
    `an` word can open (nor "g" or "u", the `gmt` alternative's), a name of the `word` alternative is
    read here (`_word_end`), not by the regex; its token, as the reference makes it, carries no match.
    With them too, "gmt"/"utc" and its offset (`_gmt_end`), a "tz" token that carries no match either."""
    return _tokens(text, match, gap, word_kind, fold_word, common_gaps, starts, num_next, num_follow, name_pairs,
                   time_mark, ampm_match, ampm_starts, names)


cdef list _tokens(str text, object match, object gap, dict word_kind, object fold_word, frozenset common_gaps,
                  bytes starts, bytes num_next, object num_follow, bytes name_pairs, object time_mark,
                  object ampm_match, bytes ampm_starts, tuple names):
    # tokens, called in C by DateCoverage.clusters (no Python call with its fourteen arguments)
    cdef list clusters = []
    cdef list cur = []
    cdef Py_ssize_t start, end, last_end = -1, q = 0, n = len(text)
    cdef int tkind = PyUnicode_KIND(text)
    cdef void* tdata = PyUnicode_DATA(text)
    cdef object m, kind, val, span, found
    cdef const unsigned char* sb = NULL
    cdef const unsigned char* nb = NULL
    cdef const unsigned char* pb = NULL
    cdef Py_UCS4 c
    cdef unsigned int u
    cdef Py_ssize_t run_end, num_end, time_end
    cdef long num_value, hh, mm
    cdef const unsigned char* ab = NULL
    cdef Py_UCS4 c2
    cdef object mark
    cdef const unsigned short* wf = NULL
    cdef const unsigned char* rb = NULL
    cdef frozenset name_words
    cdef Py_ssize_t name_max = 0, word_end
    cdef bint pl
    cdef unsigned long long name_lens = 0
    global _fold_memo_of, _mark_memo_of
    if time_mark is None:
        raise TypeError("tokens: time_mark (dates._time_mark) is required")
    if fold_word is not _fold_memo_of:
        _fold_memo.clear()
        _fold_memo_of = fold_word
    if time_mark is not _mark_memo_of:
        _mark_memo.clear()
        _mark_memo_of = time_mark
    _make_gap_bits(gap)
    if starts is not None:
        if len(starts) != 8192:
            raise ValueError("starts: one bit per BMP character (8192 bytes)")
        sb = starts
    if num_next is not None:
        if len(num_next) != 8192 + 512:
            raise ValueError("num_next: a bit per BMP character and 4096 bits of pairs (8704 bytes)")
        if sb != NULL:  # (without `starts` the caller has not said that no name starts with a digit)
            nb = num_next
    if name_pairs is not None:
        if len(name_pairs) != 8192 + 512:
            raise ValueError("name_pairs: a bit per BMP character and 4096 bits of pairs (8704 bytes)")
        if sb != NULL:
            pb = name_pairs
    if ampm_starts is not None and ampm_match is not None and nb != NULL:
        if len(ampm_starts) != 8192:
            raise ValueError("ampm_starts: one bit per BMP character (8192 bytes)")
        ab = ampm_starts
    if names is not None and pb != NULL:
        fold_table, name_words, name_max, name_lens, rel_openings = names
        if len(<bytes>fold_table) != 0x20000 or len(<bytes>rel_openings) != 8192 + 512 or not 0 < name_max < 64:
            raise ValueError("names: a fold table (65536 UCS-2 units), the words (shorter than 64), their "
                             "lengths, the openings")
        wf = <const unsigned short*><const char*><bytes>fold_table
        _make_name_bits(name_words)
        rb = <const unsigned char*><bytes>rel_openings
    while q < n:
        # Past the characters where no token can start, each read once. The token regex's first item,
        # `(?=\d|[gu]|(?<![^\W\d_])\S)`, holds at a digit, "g" or "u", or a character other than a
        # space that no letter precedes: whether the one before is a letter is carried along.
        pl = q > 0 and _is_letter(PyUnicode_READ(tkind, tdata, q - 1))
        while q < n:
            c = PyUnicode_READ(tkind, tdata, q)
            if _is_decimal(c) or c == 0x67 or c == 0x75:
                break
            if _is_space(c):
                pl = False
            elif not pl:
                break
            else:
                pl = _is_letter(c)
            q += 1
        if q >= n:
            break
        if sb != NULL:
            c = PyUnicode_READ(tkind, tdata, q)
            u = <unsigned int>c
            if u <= 0xFFFF and not (_is_decimal(c) or u == 0x67 or u == 0x75 or (sb[u >> 3] >> (u & 7)) & 1):
                q += 1
                continue
            if pb != NULL and not (_is_decimal(c) or u == 0x67 or u == 0x75) and \
                    not _may_follow(tkind, tdata, q, n, pb):
                q += 1
                continue
            if wf != NULL and (u == 0x67 or u == 0x75):
                word_end = _gmt_end(tkind, tdata, q, n)
                if word_end >= 0:
                    start, end = q, word_end
                    q = end
                    cur = _add_token(clusters, cur, text, last_end, start, gap, common_gaps,
                                     ("tz", start, end, None, None))
                    last_end = end
                    continue
                # Inside a word ("rating", "out"), after a-z: the `gmt` alternative's lookbehind
                # `(?<![a-z])` fails, and so does the names' `(?<![^\W\d_])`: nothing matches there.
                if q > 0 and _ascii_lower(PyUnicode_READ(tkind, tdata, q - 1)):
                    q += 1
                    continue
            if wf != NULL and not (_is_decimal(c) or u == 0x67 or u == 0x75) and \
                    not _may_follow(tkind, tdata, q, n, rb):
                word_end = _word_end(tkind, tdata, q, n, wf, name_words, name_max, name_lens)
                if word_end < 0:
                    q += 1
                    continue
                start, end = q, word_end
                q = end
                w = text[start:end]
                found = word_kind.get(w)
                if not found:  # (the reference's `or`: a falsy entry falls through too)
                    found = word_kind[_memo_call(_fold_memo, fold_word, w)]
                kind, val = found
                cur = _add_token(clusters, cur, text, last_end, start, gap, common_gaps, (kind, start, end, None, val))
                last_end = end
                continue
            if nb != NULL and _is_digit(c):
                num_end = _number_end(tkind, tdata, q, n, &run_end, &num_value, nb)
                if num_end == _NUM_NONE:
                    q = run_end
                    continue
                if num_end == _NUM_FOLLOW:
                    if num_follow is None or num_follow(text, run_end) is not None:
                        num_end = _NUM_REGEX
                    elif not _num_behind(tkind, tdata, q):
                        q = run_end
                        continue
                    else:
                        num_end = run_end
                if num_end == _NUM_REGEX and ab != NULL and run_end < n:
                    time_end = _time_end(tkind, tdata, q, run_end, n, &hh, &mm)
                    if time_end >= 0:
                        start, end = q, time_end
                        mark = 0
                        if end < n:
                            c2 = PyUnicode_READ(tkind, tdata, end)
                            if _is_space(c2) and end + 1 < n:
                                c2 = PyUnicode_READ(tkind, tdata, end + 1)
                            if _bit(ab, c2):
                                found = ampm_match(text, end)
                                if found is not None:
                                    mark = _memo_call(_mark_memo, time_mark, found.group("ampm"))
                                    end = found.end()
                        q = end
                        if hh > 23 or mm > 59:  # "25:70" is a score, not a time: a break
                            if cur:
                                clusters.append(cur)
                                cur = []
                            continue
                        cur = _add_token(clusters, cur, text, last_end, start, gap, common_gaps,
                                         ("time", start, end, mark, (hh, mm)))
                        last_end = end
                        continue
                if num_end != _NUM_REGEX:
                    start, end = q, num_end
                    q = end
                    cur = _add_token(clusters, cur, text, last_end, start, gap, common_gaps,
                                     ("num", start, end, end - start, num_value))
                    last_end = end
                    continue
        m = match(text, q)
        if m is None:
            q += 1
            continue
        kind = m.lastgroup
        kind = _REGEX_KINDS.get(kind, kind)
        span = m.span()
        start = (<tuple>span)[0]
        end = (<tuple>span)[1]
        q = end if end > start else start + 1  # (no token is empty)
        val = None
        extra = m
        if kind == "word":
            w = m.group()
            found = word_kind.get(w)
            if not found:  # (the reference's `or`: a falsy entry falls through too)
                found = word_kind[_memo_call(_fold_memo, fold_word, w)]
            kind, val = found
            extra = None  # (a name carries no match)
        elif kind == "num":
            digits = m.group("numd")
            val = int(digits)
            extra = len(digits)  # (a number carries its digit count, not its match)
        elif kind == "time":
            val = (int(m.group("th")), int(m.group("tm")))
            if (<tuple>val)[0] > 23 or (<tuple>val)[1] > 59:  # "25:70" is a score, not a time: a break
                if cur:
                    clusters.append(cur)
                    cur = []
                continue
            extra = _memo_call(_mark_memo, time_mark, m.group("ampm"))  # (a time carries its am/pm mark, not its match)
        elif kind == "gmt":
            kind = "tz"
            extra = None  # (a zone carries no match)
        elif kind == "ago":
            kind = "rel"
        cur = _add_token(clusters, cur, text, last_end, start, gap, common_gaps, (kind, start, end, extra, val))
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
    white space); a position whose pair has no bit is not tried either. `triples` (optional, with
    `pairs`: `dates._first_triples`, 65,536 + 4096 bits): the first three characters hashed, then the pairs
    that are whole words; a position whose three characters have no bit and whose pair is no word is
    not tried (the article "ال" passes the pairs of "الأحد", not the triples: ~90% of the regex's
    calls on Arabic lines failed there)."""

    cdef object match
    cdef bytes starts, pairs, triples

    def __init__(self, match, bytes starts, bytes pairs=None, bytes triples=None):
        if len(starts) != 8192:
            raise ValueError("starts: one bit per BMP character (8192 bytes)")
        if pairs is not None and len(pairs) != 512:
            raise ValueError("pairs: 4096 bits (512 bytes)")
        if triples is not None and (pairs is None or len(triples) != 8192 + 512):
            raise ValueError("triples: with pairs, 65,536 + 4096 bits (8704 bytes)")
        self.match, self.starts, self.pairs, self.triples = match, starts, pairs, triples

    def __call__(self, str text):
        return self.search(text)

    cpdef object search(self, str text):
        cdef const unsigned char* sb = self.starts
        cdef const unsigned char* pb = NULL
        cdef const unsigned char* tb = NULL
        cdef Py_ssize_t q, n = len(text)
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef unsigned int u, h, h3
        if self.pairs is not None:
            pb = self.pairs
            if self.triples is not None:
                tb = self.triples
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
                # (a two-character word needs no third)
                if tb != NULL and not (tb[8192 + (h >> 3)] >> (h & 7)) & 1:
                    if q + 2 >= n:
                        continue
                    h3 = ((u * 31 + <unsigned int>PyUnicode_READ(kind, data, q + 1)) * 31
                          + <unsigned int>PyUnicode_READ(kind, data, q + 2)) & 65535
                    if not (tb[h3 >> 3] >> (h3 & 7)) & 1:
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


cpdef object numeric_shape(str text):
    """`dates._Lex.numeric_shape_re.search(text) is not None` (`\\d\\s*([/.\\-])\\s*\\d{1,2}\\s*\\1|\\d[:h]\\d\\d`,
    the date coverage's gate for numeric dates and times) as one C loop: True, or None where the regex
    finds nothing. (Each \\s* stands before a mark that is no space, and the digits after the first
    separator are as many as stand there, up to two (one digit and then a digit is no separator): one
    way to match, no backtracking to follow.)"""
    cdef Py_ssize_t i, p, n = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c, sep
    for i in range(n - 3):  # (the shortest match, "1/2/" or "1:30", is four characters)
        if not _is_digit(PyUnicode_READ(kind, data, i)):
            continue
        c = PyUnicode_READ(kind, data, i + 1)
        if (c == 0x3A or c == 0x68) and _is_digit(PyUnicode_READ(kind, data, i + 2)) \
                and _is_digit(PyUnicode_READ(kind, data, i + 3)):
            return True
        p = i + 1
        while p < n and _is_space(PyUnicode_READ(kind, data, p)):
            p += 1
        if p >= n:
            return None
        sep = PyUnicode_READ(kind, data, p)
        if not (sep == 0x2F or sep == 0x2E or sep == 0x2D):
            continue
        p += 1
        while p < n and _is_space(PyUnicode_READ(kind, data, p)):
            p += 1
        if p >= n or not _is_digit(PyUnicode_READ(kind, data, p)):
            continue
        p += 1
        if p < n and _is_digit(PyUnicode_READ(kind, data, p)):
            p += 1
        while p < n and _is_space(PyUnicode_READ(kind, data, p)):
            p += 1
        if p < n and PyUnicode_READ(kind, data, p) == sep:
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


cdef bint _any_bit(str s, const unsigned char* bits, Py_UCS4 lowest) noexcept:
    # Does s hold a character whose bit is set in `bits` (a bit per BMP character, none past it, none
    # below `lowest`)? A one-byte string below `lowest` is answered without reading it.
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(s)
    cdef unsigned int c  # (not Py_UCS4: Cython's >> on one is Python's, on a str)
    if kind == 1 and lowest > 0xFF:
        return False
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if lowest <= c <= 0xFFFF and (bits[c >> 3] >> (c & 7)) & 1:
            return True
    return False


cdef str _without_bits(str s, const unsigned char* bits, Py_UCS4 lowest, list index=None):
    # s without its characters whose bit is set (as _any_bit reads `bits`): dates._prepare's
    # `low.translate(_DROP)`, the bits being `_DROPPED`'s, with no Python call; with `index`, the place
    # in s of each kept character is appended to it (`_prepare`'s index).
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t i, k = 0, n = PyUnicode_GET_LENGTH(s)
    cdef unsigned int c
    cdef Py_UCS4* buf = <Py_UCS4*>PyMem_Malloc((n + 1) * sizeof(Py_UCS4))
    if buf == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            if not (lowest <= c <= 0xFFFF and (bits[c >> 3] >> (c & 7)) & 1):
                buf[k] = c
                k += 1
                if index is not None:
                    index.append(i)
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, k)
    finally:
        PyMem_Free(buf)


cdef int _any_cased(const code_unit* s, Py_ssize_t n) noexcept:
    # Which characters of s lower-case to another? 0: none; 1: only ASCII capitals; 2: some other
    # (the Arabic block has no case: no table asked)
    cdef Py_ssize_t i
    cdef int found = 0
    cdef unsigned int c  # (unsigned: c - 0x41 < 26 is one comparison; not Py_UCS4, whose arithmetic is a str's)
    for i in range(n):
        c = s[i]
        if c < 0x80:
            if c - 0x41 < 26:
                found = 1
        elif c - 0x0600 >= 0x100 and <unsigned int>Py_UNICODE_TOLOWER(<Py_UCS4>c) != c:
            return 2
    return found


cdef void _ascii_lower_into(code_unit* s, Py_ssize_t n) noexcept:
    # A-Z to a-z, in place (in a string just made, that nothing else holds yet)
    cdef Py_ssize_t i
    cdef unsigned int c
    for i in range(n):
        c = s[i]
        if c - 0x41 < 26:
            s[i] = c + 0x20


cdef str _lowered(str text):
    """text.lower(), or text itself where no character of it has a lower case (an Arabic line, a line
    of digits): no new string, and its hash is the one `text` already holds. A character whose full
    lower case differs from it has a simple one that differs too ('İ' among them), so
    Py_UNICODE_TOLOWER tells which do."""
    cdef int kind = PyUnicode_KIND(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef int cased
    cdef str out
    cdef void* data
    if kind == 1:
        cased = _any_cased(<const unsigned char*>PyUnicode_DATA(text), n)
    elif kind == 2:
        cased = _any_cased(<const unsigned short*>PyUnicode_DATA(text), n)
    else:
        cased = _any_cased(<const Py_UCS4*>PyUnicode_DATA(text), n)
    if cased == 0:
        return text
    if cased == 2 or n < 2:  # (str.lower's tables; a one-character string may be a shared one)
        return text.lower()
    # Only A-Z change (an Arabic line with "GMT" or a Latin name): a copy of the same kind, each
    # lowered in C. The other characters stay, so the copy's widest character, its kind, is text's.
    out = <str>PyUnicode_New(n, PyUnicode_MAX_CHAR_VALUE(text))
    data = PyUnicode_DATA(out)
    memcpy(data, PyUnicode_DATA(text), n * kind)
    if kind == 1:
        _ascii_lower_into(<unsigned char*>data, n)
    elif kind == 2:
        _ascii_lower_into(<unsigned short*>data, n)
    else:
        _ascii_lower_into(<Py_UCS4*>data, n)
    return out


def lowered(str text):
    """_lowered, for the tests."""
    return _lowered(text)


cdef Py_UCS4 _lowest_bit(bytes bits) except 0xFFFFFFFF:
    # The lowest character with a bit in a table of a bit per BMP character (0x10000: none)
    cdef unsigned int c
    cdef unsigned char byte
    if len(bits) != 8192:
        raise ValueError("a bit per BMP character (8192 bytes)")
    for c in range(0x10000):
        byte = bits[c >> 3]
        if (byte >> (c & 7)) & 1:
            return c
    return 0x10000


cdef inline bint _kind(object k, str name) except -1:
    # k == name for a token's kind (a str) and a kind's name: unequal kinds, the usual answer of the
    # assembly's chains of tests, told apart by their length or first character (Cython's == on two
    # unequal str calls PyUnicode_Compare); equal ones by identity or ==.
    if k is name:
        return True
    if type(k) is not str:
        return k == name
    if PyUnicode_GET_LENGTH(<str>k) != PyUnicode_GET_LENGTH(name):
        return False
    if PyUnicode_GET_LENGTH(name) and PyUnicode_READ_CHAR(<str>k, 0) != PyUnicode_READ_CHAR(name, 0):
        return False
    return k == name


cdef bint _is_strong(list cluster, frozenset weak_days) except -1:
    # dates._is_strong: does this cluster carry a date or a time?
    cdef Py_ssize_t i, n = len(cluster)
    cdef tuple t
    for i in range(n):
        t = <tuple>cluster[i]
        k = t[0]
        if _kind(k, "ymd") or _kind(k, "dmy") or _kind(k, "time") or _kind(k, "rel"):
            return True
        if _kind(k, "day") and t[4] not in weak_days:
            return True
        if _kind(k, "month") or _kind(k, "hmonth"):
            if (i and _kind((<tuple>cluster[i - 1])[0], "num")) or (
                    i + 1 < n and (_kind((<tuple>cluster[i + 1])[0], "num")
                                   or _kind((<tuple>cluster[i + 1])[0], k))):
                return True
    return False


cdef class DateCoverage:
    """dates._date_coverage_reference compiled: the share of a line's non-space characters inside date
    or time clusters. Holds what it asks, bound once: the gate, the reference's `_prepare` (for the rare
    line that needs its slow path), the strong-cluster gate's regexes, the tokenizer's parts and the
    shared token cache (`dates.TOKEN_CACHE`, the same dict, the same bounds)."""

    # (its fields are declared in _dates.pxd)

    def __init__(self, DateGate gate, prepare, bytes dropped, numeric, strong_words, rel_edge, rel_unit, match,
                 gap, dict word_kind, fold_word, frozenset common_gaps, weak_days, dict cache,
                 Py_ssize_t cache_lines, Py_ssize_t cache_chars, untrack, bytes starts=None, bytes num_next=None,
                 num_follow=None, bytes name_pairs=None, time_mark=None, ampm_match=None, bytes ampm_starts=None,
                 tuple names=None):
        # `dropped`: a bit per BMP character that `prepare` drops (`dates._DROPPED`); a line holding
        # none (the usual case) is only lower-cased
        self.gate, self.prepare, self.dropped, self.dropped_min = gate, prepare, dropped, _lowest_bit(dropped)
        self.numeric, self.strong_words, self.rel_edge, self.rel_unit = numeric, strong_words, rel_edge, rel_unit
        self.numeric_c = numeric is numeric_shape
        self.match, self.gap, self.word_kind, self.fold_word = match, gap, word_kind, fold_word
        self.common_gaps, self.weak_days = common_gaps, frozenset(weak_days)
        self.cache, self.cache_lines, self.cache_chars, self.untrack = cache, cache_lines, cache_chars, untrack
        self.starts, self.num_next, self.num_follow, self.name_pairs = starts, num_next, num_follow, name_pairs
        self.time_mark, self.ampm_match, self.ampm_starts, self.names = time_mark, ampm_match, ampm_starts, names

    cpdef list clusters(self, str low):
        """dates._clusters: the token clusters of a prepared line, through the token cache."""
        if len(low) > self.cache_chars:
            return _tokens(low, self.match, self.gap, self.word_kind, self.fold_word, self.common_gaps, self.starts,
                          self.num_next, self.num_follow, self.name_pairs, self.time_mark, self.ampm_match,
                          self.ampm_starts, self.names)
        found = self.cache.get(low)
        if found is None:
            if len(self.cache) >= self.cache_lines:
                self.cache.clear()
            found = _tokens(low, self.match, self.gap, self.word_kind, self.fold_word, self.common_gaps, self.starts,
                          self.num_next, self.num_follow, self.name_pairs, self.time_mark, self.ampm_match,
                          self.ampm_starts, self.names)
            self.cache[low] = found
            self.untrack(found)
        return <list>found

    def __call__(self, str text):
        return self.share(text)

    cdef double share(self, str text) except -1.0:
        cdef str low
        cdef Py_ssize_t total, covered = 0
        cdef list cluster
        if not text or not self.gate.test(text):
            return 0.0
        low = _lowered(text)
        if len(low) != len(text):  # (a capital lower-cased to two characters: the reference's way)
            low = self.prepare(text)[0]
        elif _any_bit(low, self.dropped, self.dropped_min):
            low = _without_bits(low, self.dropped, self.dropped_min)  # (prepare's text, without its index)
        if not ((numeric_shape(low) if self.numeric_c else self.numeric(low)) is not None
                or _search(self.strong_words, low) is not None
                or (_search(self.rel_edge, low) is not None and _search(self.rel_unit, low) is not None)):
            return 0.0
        total = _nonspace(low, 0, len(low))
        if not total:
            return 0.0
        for c in self.clusters(low):
            cluster = <list>c
            if _is_strong(cluster, self.weak_days):
                covered += _nonspace(low, (<tuple>cluster[0])[1], (<tuple>cluster[len(cluster) - 1])[2])
        return min(1.0, covered / total)


cdef inline object _search(object searcher, str text):
    # searcher(text), without a Python call for the compiled WordSearch
    if type(searcher) is WordSearch:
        return (<WordSearch>searcher).search(text)
    return searcher(text)



# --- the assembly of dates from a line's tokens (dates._scan_reference compiled) --------------------

import builtins as _builtins


cdef extern from "Python.h":
    int PyObject_GenericSetAttr(object o, object name, object value) except -1
    object PyUnicode_FromStringAndSize(const char *u, Py_ssize_t size)

cdef object _pyround = _builtins.round

# round(x, 2) of the confidences met (a few values recur): a direct-mapped cache keyed by the double's
# bits, holding the float `round` made (Python's correctly rounded `round`, asked once per value).
cdef unsigned long long _round_bits[256]
cdef list _round_vals = [None] * 256


cdef object _round2(double x):
    cdef unsigned long long bits
    cdef unsigned int h
    memcpy(&bits, &x, 8)
    h = <unsigned int>((bits * 0x9E3779B97F4A7C15ULL) >> 56)
    v = _round_vals[h]
    if v is not None and _round_bits[h] == bits:
        return v
    v = _pyround(x, 2)
    _round_vals[h] = v
    _round_bits[h] = bits
    return v


cdef inline void _digits(char* out, long v, int width) noexcept:
    # v (0 <= v < 10 ** width) in `width` decimal digits, zeros in front
    cdef int i
    for i in range(width - 1, -1, -1):
        out[i] = <char>(48 + v % 10)
        v //= 10


cdef str _iso_day(object y, object m, object d):
    # f"{y:04d}-{m:02d}-{d:02d}" (ints; the f-string itself outside the ranges a date has)
    cdef long yy, mm, dd
    cdef char buf[10]
    yy, mm, dd = y, m, d
    if not (0 <= yy <= 9999 and 0 <= mm <= 99 and 0 <= dd <= 99):
        return f"{y:04d}-{m:02d}-{d:02d}"
    _digits(buf, yy, 4)
    buf[4] = 45
    _digits(buf + 5, mm, 2)
    buf[7] = 45
    _digits(buf + 8, dd, 2)
    return PyUnicode_FromStringAndSize(buf, 10)


cdef str _two(object a, object b, char sep):
    # f"{a:02d}{sep}{b:02d}" for "YYYY-MM" (a 4 digits wide) and "HH:MM"
    cdef long aa, bb
    cdef char buf[7]
    cdef int w = 4 if sep == 45 else 2
    aa, bb = a, b
    if not (0 <= aa < (10000 if w == 4 else 100) and 0 <= bb <= 99):
        return f"{a:04d}-{b:02d}" if w == 4 else f"{a:02d}:{b:02d}"
    _digits(buf, aa, w)
    buf[w] = sep
    _digits(buf + w + 1, bb, 2)
    return PyUnicode_FromStringAndSize(buf, w + 3)


cdef class _Unit:
    # dates._Unit: a date being assembled from the tokens (indices into its segment) it claimed.
    cdef list idx
    cdef object y, m, d  # ints or None
    cdef str cal
    cdef double conf
    cdef object hh, mm, tz, wd
    cdef bint rel, weak
    cdef object delta, alt


cdef _Unit _new_unit(list idx, object y, object m, object d, str cal, double conf):
    cdef _Unit u = _Unit.__new__(_Unit)
    u.idx, u.y, u.m, u.d, u.cal, u.conf = idx, y, m, d, cal, conf
    u.hh = u.mm = u.tz = u.wd = None
    u.rel = u.weak = False
    u.delta = u.alt = None
    return u


cdef inline bint _leap(long y) noexcept:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


cdef bint _valid(object y, object m, object d) except -1:
    # dates._valid: would `datetime.date(y, m, d)` take these (numbers of at most four digits)?
    cdef long yy = y, mm = m, dd = d, dim
    if yy < 1 or yy > 9999 or mm < 1 or mm > 12 or dd < 1:
        return False
    if mm == 2:
        dim = 29 if _leap(yy) else 28
    elif mm == 4 or mm == 6 or mm == 9 or mm == 11:
        dim = 30
    else:
        dim = 31
    return dd <= dim


cdef long _weekday(long y, long m, long d) noexcept:
    # date(y, m, d).weekday() (Monday 0) of a valid date, without making the date: its day number
    # counted from 0000-03-01 (March first, so the leap day ends a year), 1970-01-01 being a Thursday
    cdef long era, yoe, doy, doe
    if m <= 2:
        y -= 1
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return (era * 146097 + doe - 719468 + 3) % 7


def weekday(long y, long m, long d):
    """_weekday, for the tests."""
    return _weekday(y, m, d)


cdef Py_ssize_t _idx_bound(list idx, bint high) except? -1:
    # min(idx) or max(idx) of a unit's token indices, without a call of the builtin
    cdef Py_ssize_t i, v, best
    if not idx:
        return max(idx) if high else min(idx)  # (raises as the builtin does)
    best = <Py_ssize_t>idx[0]
    for i in range(1, len(idx)):
        v = <Py_ssize_t>idx[i]
        if (v > best) if high else (v < best):
            best = v
    return best


cdef inline bint _has(_Unit u, str kind):
    return (u.hh if _kind(kind, "time") else u.tz if _kind(kind, "tz") else u.wd) is not None


cdef class DateScan:
    """dates._scan_reference compiled: every date of a line, assembled from its token clusters (the
    coverage's `clusters`, through the shared token cache) as the reference assembles them. The tables
    and the rare paths' helpers are the reference's own (`_zone`, `_year2`, `_hijri_to_greg`,
    `ParsedDate`), passed in."""

    cdef object prepare, clusters, fold_word, parsed, hijri_to_greg, zone, year2
    cdef DateCoverage coverage  # `clusters`' DateCoverage when it is one's `clusters` (called in C)
    cdef bytes dropped
    cdef Py_UCS4 dropped_min
    cdef object date, timedelta, delta_days, new_parsed
    cdef tuple fields
    cdef dict months, hmonths, weekdays, era, ampm, units, numwords, duals, days
    cdef dict zone_cache  # `zone`'s own memo (lex.zone_cache): a zone met before costs no Python call
    cdef frozenset weak_days

    def __init__(self, lex, prepare, bytes dropped, clusters, fold_word, parsed, hijri_to_greg, zone, year2,
                 date, timedelta, dict delta_days):
        self.prepare, self.clusters, self.fold_word = prepare, clusters, fold_word
        owner = getattr(clusters, "__self__", None)
        self.coverage = owner if type(owner) is DateCoverage and getattr(clusters, "__name__", None) == "clusters" else None
        self.dropped, self.dropped_min = dropped, _lowest_bit(dropped)  # (as DateCoverage's)
        self.parsed, self.hijri_to_greg, self.zone, self.year2 = parsed, hijri_to_greg, zone, year2
        self.date, self.timedelta, self.delta_days = date, timedelta, delta_days
        # ParsedDate is a frozen dataclass whose __init__ sets each field with object.__setattr__, in
        # order, and does nothing else: made here the same way, without the call through its __init__.
        import dataclasses
        self.fields = tuple(f.name for f in dataclasses.fields(parsed))
        if (self.fields != ("iso", "precision", "time", "tz", "relative", "calendar", "start", "end", "confidence")
                or hasattr(parsed, "__post_init__")):
            raise ValueError("DateScan: ParsedDate's fields are not the ones it fills")
        self.new_parsed = parsed.__new__
        self.months, self.hmonths, self.weekdays, self.era = lex.months, lex.hmonths, lex.weekdays, lex.era
        self.ampm, self.units, self.numwords, self.duals = lex.ampm, lex.units, lex.numwords, lex.duals
        self.days, self.weak_days = lex.days, frozenset(lex.weak_days)
        self.zone_cache = lex.zone_cache

    def __call__(self, str text, ref, lang):
        cdef str low
        cdef object index = None
        cdef list out = [], segments, seg, cluster, units
        cdef Py_ssize_t total = 0, a, b, lo_i, hi_i, j, n_index
        cdef bint anchor, label
        cdef tuple t
        cdef _Unit u
        low = _lowered(text)
        if len(low) != len(text):  # (a capital lower-cased to two characters: the reference's way)
            low, index = self.prepare(text)
        elif _any_bit(low, self.dropped, self.dropped_min):  # (prepare's text and index, in C)
            index = []
            low = _without_bits(low, self.dropped, self.dropped_min, index)
        for c in (self.coverage.clusters(low) if self.coverage is not None else self.clusters(low)):
            cluster = <list>c
            anchor = label = False
            for x in cluster:
                k = (<tuple>x)[0]
                if (_kind(k, "ymd") or _kind(k, "dmy") or _kind(k, "rel") or _kind(k, "month") or _kind(k, "hmonth")
                        or _kind(k, "day")):
                    anchor = True
                elif _kind(k, "label"):
                    label = True
            if not anchor:
                continue
            if label:  # a label opens the next date
                segments = [[]]
                for x in cluster:
                    if _kind((<tuple>x)[0], "label"):
                        segments.append([])
                    else:
                        (<list>segments[len(segments) - 1]).append(x)
            else:
                segments = [cluster]
            for s in segments:
                seg = <list>s
                units = self._segment_units(seg, ref, lang, low)
                for x in units:
                    u = <_Unit>x
                    lo_i = _idx_bound(u.idx, False)
                    hi_i = _idx_bound(u.idx, True)
                    a = (<tuple>seg[lo_i])[1]
                    b = (<tuple>seg[hi_i])[2]
                    if u.rel:
                        if not total:
                            total = _nonspace(low, 0, len(low)) or 1
                        # "اليوم" is an everyday word ("مصر اليوم"): only alone or with a time.
                        if u.weak and u.hh is None and _nonspace(
                                low, (<tuple>cluster[0])[1], (<tuple>cluster[len(cluster) - 1])[2]) < 0.7 * total:
                            continue
                        if _nonspace(low, a, b) < 0.4 * total:
                            u.conf *= 0.6  # in running text, "relative to what?" is unclear
                    if index is not None:
                        n_index = len(<list>index)
                        j = b
                        a = (<list>index)[a]
                        b = (<list>index)[j] if j < n_index else len(text)
                    p = self._finish(u, ref, a, b)
                    if p is not None:
                        out.append(p)
        return out

    cdef list _segment_units(self, list seg, ref, lang, str low):
        cdef list units = []
        cdef Py_ssize_t i = 0, n = len(seg), nxt, k, best_k, nu
        cdef bytearray used = bytearray(n)
        cdef _Unit u, v
        cdef object found
        cdef double best_dist, dist, s
        cdef bint best_has, h
        cdef tuple t
        cdef list centers
        while i < n:
            kind = (<tuple>seg[i])[0]
            nxt = i + 1
            if _kind(kind, "ymd") or _kind(kind, "dmy"):
                found = self._numeric(<tuple>seg[i], i, ref, lang)
                used[i] = 1
            elif _kind(kind, "rel") or _kind(kind, "day"):
                found = self._relative(<tuple>seg[i], i)
                used[i] = 1
            elif _kind(kind, "month") or _kind(kind, "hmonth"):
                found, nxt = self._month_unit(seg, i, used)
            else:
                found = None
            if found is not None:
                units.append(found)
            i = nxt
        if not units:
            return units
        # Times, zones and weekdays go to the nearest date of the segment (ties: the one still lacking
        # it, then the earlier one); a date takes one of each.
        nu = len(units)
        centers = []
        for x in units:
            u = <_Unit>x
            s = 0
            for y in u.idx:
                s += <long>y
            centers.append(s / len(u.idx))
        for i in range(n):
            t = <tuple>seg[i]
            kind = t[0]
            if not (_kind(kind, "time") or _kind(kind, "tz") or _kind(kind, "wd")) or used[i]:
                continue
            u = <_Unit>units[0]
            if nu > 1:
                best_k = -1
                for k in range(nu):
                    v = <_Unit>units[k]
                    dist = abs(<double>centers[k] - i)
                    h = _has(v, kind)
                    if best_k < 0 or dist < best_dist or (dist == best_dist and h < best_has):
                        best_k, best_dist, best_has = k, dist, h
                u = <_Unit>units[best_k]
            if _has(u, kind):
                continue
            u.idx.append(i)
            if _kind(kind, "time"):
                self._clock(u, t)
            elif _kind(kind, "tz"):
                u.tz = self._zone(low[<Py_ssize_t>t[1]:<Py_ssize_t>t[2]])  # (a name's token carries no match)
            else:
                u.wd = self.weekdays[t[4]]
        return self._merge_calendars(units) if nu > 1 else units

    cdef object _zone(self, str raw):
        # self.zone(raw) (dates._zone), read from its memo where it holds raw
        found = self.zone_cache.get(raw)
        return found if found is not None else self.zone(raw)

    cdef object _numeric(self, tuple t, Py_ssize_t i, ref, lang):
        cdef object g = t[3].group
        cdef _Unit u
        cdef bint hijri, ambiguous
        cdef long year, a, b
        cdef double short
        era = g("ymd_era") or g("dmy_era")
        hijri = era is not None and self.era[self.fold_word(era)] == "hijri"
        year = int(g("ymd_y") or g("dmy_y"))
        if not hijri and 1300 <= year <= 1500:  # "1441/09/05" on a Saudi page: Hijri without the mark
            hijri = True
        elif not hijri and year >= 100 and not 1900 <= year <= 2100:  # "1.2.1820": not a page's date
            return None
        if _kind(t[0], "ymd"):
            u = _new_unit([i], int(g("ymd_y")), int(g("ymd_m")), int(g("ymd_d")), "gregorian", 0.9)
            if g("ymd_hh"):
                u.hh, u.mm = int(g("ymd_hh")), int(g("ymd_mm"))
                if g("ymd_tz"):
                    u.tz = "UTC" if g("ymd_tz") == "z" else self._zone("utc" + g("ymd_tz"))
        else:
            a, b, ys = int(g("dmy_a")), int(g("dmy_b")), g("dmy_y")
            y = int(ys) if len(ys) == 4 else self.year2(int(ys), ref)
            short = 0.15 if len(ys) == 2 else 0.0
            ambiguous = a <= 12 and b <= 12 and a != b
            if hijri:
                u = _new_unit([i], y, b, a, "gregorian", 0.85 - short)
            elif lang == "en" and ambiguous:  # English pages write the month first
                u = _new_unit([i], y, a, b, "gregorian", 0.75 - short)
            elif _valid(y, b, a):  # the Arab-world default: day first
                u = _new_unit([i], y, b, a, "gregorian", (0.8 if ambiguous else 0.9) - short)
            else:  # 12/25/2020 can only be month first
                u = _new_unit([i], y, a, b, "gregorian", 0.7 - short)
        if hijri:
            u.cal = "hijri"
        return u

    cdef long _num_at(self, list seg, Py_ssize_t k, bytearray used, Py_ssize_t max_digits, long lo, long hi) except -2:
        # dates._num_at: the number at seg[k] if it is a free number token of at most max_digits digits
        # within [lo, hi]; -1 for none (lo is never negative).
        cdef tuple t
        cdef long v
        if 0 <= k < len(seg) and not used[k]:
            t = <tuple>seg[k]
            if _kind(t[0], "num"):
                v = t[4]
                if lo <= v <= hi and <Py_ssize_t>t[3] <= max_digits:
                    return v
        return -1

    cdef tuple _month_unit(self, list seg, Py_ssize_t i, bytearray used):
        # dates._month_unit: a date around the month name at seg[i], and the index after the month names.
        cdef str kind = (<tuple>seg[i])[0]
        cdef bint hijri = _kind(kind, "hmonth")
        cdef dict table = self.hmonths if hijri else self.months
        cdef object month = table[(<tuple>seg[i])[4]]
        cdef bint clash = False
        cdef Py_ssize_t j = i + 1, n = len(seg), k, step, r
        cdef long ylo, yhi, day, year
        cdef list claimed
        cdef _Unit u
        while j < n and (<tuple>seg[j])[0] == kind:  # paired names: "أيار / مايو", "16 أبريل/ نيسان"
            if table[(<tuple>seg[j])[4]] != month:
                clash = True
            j += 1
        claimed = [k for k in range(i, j)]  # (a C loop: no call of `list` and `range`)
        if hijri:
            ylo, yhi = 1300, 1600
        else:
            ylo, yhi = 1800, 2200
        day = self._num_at(seg, i - 1, used, 2, 1, 31)
        if day >= 0:
            claimed.append(i - 1)
        elif self._num_at(seg, i - 1, used, 2, 0, 99) >= 0:  # "32 مايو 2020": a broken day
            return None, j
        year = self._num_at(seg, j, used, 4, ylo, yhi)
        if year >= 0:
            claimed.append(j)
        elif day < 0:  # English order: "November 9, 2020"
            day = self._num_at(seg, j, used, 2, 1, 31)
            if day >= 0:
                year = self._num_at(seg, j + 1, used, 4, ylo, yhi)
                if year >= 0:
                    claimed += [j, j + 1]
                else:
                    claimed.append(j)
        if year < 0 and day >= 0:
            # The year may stand apart: "GMT 15:16 2025 الأربعاء ,14 أيار / مايو".
            for r in range(2):
                if r == 0:
                    k, step = _idx_bound(claimed, False) - 1, -1
                else:
                    k, step = _idx_bound(claimed, True) + 1, 1
                while 0 <= k < n:
                    kk = (<tuple>seg[k])[0]
                    if not (_kind(kk, "time") or _kind(kk, "tz") or _kind(kk, "wd") or _kind(kk, "conn")):
                        break
                    k += step
                year = self._num_at(seg, k, used, 4, ylo, yhi)
                if year >= 0:
                    claimed.append(k)
                    break
        if year < 0:
            return None, j
        claimed.sort()
        u = _new_unit(claimed, year, month, day if day >= 0 else None, "hijri" if hijri else "gregorian",
                      0.95 if day >= 0 else 0.8)
        if clash:
            u.conf -= 0.3
        for x in claimed:
            used[<Py_ssize_t>x] = 1
        return u, j

    cdef _Unit _relative(self, tuple t, Py_ssize_t i):
        cdef _Unit u
        if _kind(t[0], "day"):
            u = _new_unit([i], None, None, None, "gregorian", 0.7)
            u.delta, u.weak = ("day", self.days[t[4]]), t[4] in self.weak_days
        else:
            g = t[3].group
            if g("rd"):
                unit, n = self.duals[self.fold_word(g("rd"))]
            else:
                if g("rn"):
                    amount, word = g("rn"), g("ru")
                elif g("an"):
                    amount, word = g("an"), g("au")
                else:
                    amount, word = g("dn"), g("du")
                n = int(amount) if amount.isdigit() else self.numwords[self.fold_word(amount)]
                unit = self.units[self.fold_word(word)]
            u = _new_unit([i], None, None, None, "gregorian",
                          0.8 if (unit == "minute" or unit == "hour" or unit == "day") else 0.6)
            u.delta = (unit, n)
        u.rel = True
        return u

    cdef _clock(self, _Unit u, tuple t):
        # dates._clock: the token carries its am/pm mark (dates._time_mark: 0, AM = 1 or PM = 2)
        hh, mm = t[4]
        mark = t[3]
        if mark and hh <= 12:
            hh = hh % 12 + (12 if mark == 2 else 0)
        u.hh, u.mm = hh, mm

    cdef list _merge_calendars(self, list units):
        # '26 ذو الحجة 1437هـ - 29 سبتمبر 2016م': one date, the Gregorian one, checked against the Hijri.
        cdef list out = []
        cdef _Unit u, prev, g, h
        for x in units:
            u = <_Unit>x
            prev = <_Unit>out[len(out) - 1] if out else None
            if (prev is not None and not u.rel and not prev.rel and prev.cal != u.cal
                    and (prev.cal == "hijri" or prev.cal == "gregorian") and (u.cal == "hijri" or u.cal == "gregorian")
                    and prev.d is not None and u.d is not None):
                if u.cal == "gregorian":
                    g, h = u, prev
                else:
                    g, h = prev, u
                g.idx = prev.idx + u.idx
                if g.hh is None:
                    g.hh = h.hh
                if g.mm is None:
                    g.mm = h.mm
                if g.tz is None:
                    g.tz = h.tz
                if g.wd is None:
                    g.wd = h.wd
                g.alt = self.hijri_to_greg(h.y, h.m, h.d)
                out[len(out) - 1] = g
            else:
                out.append(u)
        return out

    cdef object _parsed(self, str iso, str precision, object time, object tz, bint relative, str cal,
                        Py_ssize_t start, Py_ssize_t end, object confidence):
        cdef tuple f = self.fields
        p = self.new_parsed(self.parsed)
        PyObject_GenericSetAttr(p, f[0], iso)
        PyObject_GenericSetAttr(p, f[1], precision)
        PyObject_GenericSetAttr(p, f[2], time)
        PyObject_GenericSetAttr(p, f[3], tz)
        PyObject_GenericSetAttr(p, f[4], relative)
        PyObject_GenericSetAttr(p, f[5], cal)
        PyObject_GenericSetAttr(p, f[6], start)
        PyObject_GenericSetAttr(p, f[7], end)
        PyObject_GenericSetAttr(p, f[8], confidence)
        return p

    cdef object _finish(self, _Unit u, ref, Py_ssize_t start, Py_ssize_t end):
        # dates._finish: validate and resolve a unit into a ParsedDate (None when it is not a real date).
        cdef double conf = u.conf
        cdef object time = None
        cdef str cal = u.cal
        if u.rel:
            if ref is None:  # never resolve against the wall clock
                return None
            unit, n = u.delta
            if unit == "month":
                k = ref.year * 12 + ref.month - 1 - n
                return self._parsed(f"{k // 12:04d}-{k % 12 + 1:02d}", "month", None, None, True, cal, start, end,
                                    _round2(conf))
            when = ref - self.timedelta(days=self.delta_days[unit] * n)
            if unit == "minute" or unit == "hour":
                time = _two(when.hour, when.minute, 58)
            elif u.hh is not None:  # "أمس 10:30"
                time = _two(u.hh, u.mm, 58)
            y, m, d = when.year, when.month, when.day
        else:
            y, m, d = u.y, u.m, u.d
            if d is None:
                if cal == "hijri":  # a Hijri month straddles two Gregorian ones: no honest YYYY-MM
                    return None
                return self._parsed(_two(y, m, 45), "month", None, u.tz, False, cal, start, end, _round2(conf))
            if cal == "hijri":
                g = self.hijri_to_greg(y, m, d)
                if g is None:
                    return None
                y, m, d = g.year, g.month, g.day
                conf -= 0.05
            elif not _valid(y, m, d):  # 31 شباط, month 13
                return None
            if u.alt is not None:  # a Hijri date stood next to it: do they agree?
                conf += 0.03 if abs((self.date(y, m, d) - u.alt).days) <= 2 else -0.3
            if u.hh is not None:
                time = _two(u.hh, u.mm, 58)
                conf += 0.02
        if u.wd is not None:
            # Tabular vs Umm al-Qura Hijri may be a day apart, so a Hijri-only weekday mismatch costs little.
            if _weekday(y, m, d) == u.wd:
                conf += 0.05
            else:
                conf -= 0.1 if cal == "hijri" else 0.3
        return self._parsed(_iso_day(y, m, d), "minute" if time else "day", time, u.tz, u.rel, cal,
                            start, end, _round2(max(0.0, min(conf, 1.0))))
