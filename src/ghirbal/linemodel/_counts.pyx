# cython: language_level=3, boundscheck=False, wraparound=False
"""Character counts of a line for the line model's static columns, in one pass over the characters.

The pure-Python reference is `ghirbal.linemodel.rows.char_counts_reference` (five regex scans); both
give the same tuple for every string (tests/test_compiled_core.py). Character classes follow Python's
`re` on str: \\d is str.isdecimal, \\s is str.isspace, \\w is str.isalnum or "_".
"""

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE


cdef inline bint _inner_mark(Py_UCS4 c) noexcept:
    # [\u060c,\u061b;.:] : Arabic comma, comma, Arabic semicolon, semicolon, full stop, colon
    return c == 0x060C or c == 0x2C or c == 0x061B or c == 0x3B or c == 0x2E or c == 0x3A


cdef inline bint _ascii_letter(Py_UCS4 c) noexcept:
    return (0x41 <= c <= 0x5A) or (0x61 <= c <= 0x7A)


def char_counts(str text):
    """(inner punctuation marks followed by a space, digits, has Arabic letter, has Latin letter,
    Latin words, capitalized Latin words)."""
    cdef Py_UCS4 c
    cdef bint prev_word = False, prev_mark = False, arabic = False, latin = False, word, space
    cdef long inner = 0, digits = 0, latin_words = 0, capitalized = 0
    for c in text:  # Cython walks the string's buffer directly
        # Character classes, with fast paths for ASCII and the Arabic letters (all alphabetic).
        if c < 0x80:
            if 0x30 <= c <= 0x39:
                digits += 1
                word = True
            else:
                word = _ascii_letter(c) or c == 0x5F
            space = c == 0x20 or (0x09 <= c <= 0x0D) or (0x1C <= c <= 0x1F)
        elif 0x0621 <= c <= 0x064A:
            arabic = True
            word, space = True, False
        else:
            if Py_UNICODE_ISDECIMAL(c):
                digits += 1
            if (0x0671 <= c <= 0x06D3) or (0x06FA <= c <= 0x06FF):
                arabic = True
            word = Py_UNICODE_ISALNUM(c)
            space = Py_UNICODE_ISSPACE(c)
        if prev_mark and space:  # a mark followed by white space
            inner += 1
        prev_mark = _inner_mark(c)
        if _ascii_letter(c):
            latin = True
            if not prev_word:  # \b before a letter: the previous character is no word character
                latin_words += 1
                if c <= 0x5A:
                    capitalized += 1
        elif 0xC0 <= c <= 0x24F:
            latin = True
        prev_word = word
    return inner, digits, arabic, latin, latin_words, capitalized


import numpy as np
from libc.math cimport log1p
from cpython.bytes cimport PyBytes_FromStringAndSize

cdef int _STATIC = 16  # len(rows.STATIC)


def static_row(str text, str key, long words, bint end_punct, object cue, bint linky, frozenset stopwords,
               frozenset chrome_words, frozenset list_headers, object separators, object separator_chars):
    """rows.static_row_reference compiled: the same 16 float64 values, as bytes. The regexes stay
    Python's (separators are rare: the gate regex finds most lines hold none)."""
    return _static_row(text, key.split(), words, end_punct, cue, linky, stopwords, chrome_words, list_headers,
                       separators, separator_chars)


cdef bytes _static_row(str text, list tokens, long words, bint end_punct, object cue, bint linky, frozenset stopwords,
                       frozenset chrome_words, frozenset list_headers, object separators, object separator_chars):
    # `tokens`: the key's words (key.split())
    cdef double row[16]
    cdef Py_ssize_t n = len(tokens), half = n // 2, i, stop = 0, chrome = 0, letters = 0
    cdef long inner, digits, latin_words, capitalized, seps = 0
    cdef bint has_arabic, has_latin, doubled = False
    cdef str tok
    inner, digits, has_arabic, has_latin, latin_words, capitalized = char_counts(text)
    if separator_chars.search(text) is not None:
        seps = len(separators.findall(text))
    for i in range(n):
        tok = <str>tokens[i]
        if tok in stopwords:
            stop += 1
        if tok in chrome_words:
            chrome += 1
        letters += len(tok)
    if n >= 4 and n % 2 == 0:
        doubled = True
        for i in range(half):
            if tokens[i] != tokens[half + i]:
                doubled = False
                break
    row[0] = log1p(<double>words)
    row[1] = log1p(<double>len(text))
    row[2] = 1.0 if end_punct else 0.0
    row[3] = <double>(inner if inner < 5 else 5)
    row[4] = <double>stop / <double>n
    row[5] = <double>chrome / <double>n
    row[6] = 0.0 if cue is None else 1.0
    row[7] = 1.0 if cue in list_headers else 0.0
    row[8] = 1.0 if linky else 0.0
    row[9] = <double>digits / <double>len(text)
    row[10] = 1.0 if has_arabic else 0.0
    row[11] = 1.0 if has_latin else 0.0
    row[12] = 1.0 if doubled else 0.0
    row[13] = <double>letters / <double>n
    row[14] = <double>(seps if seps < 5 else 5)
    row[15] = <double>capitalized / <double>latin_words if latin_words >= 3 else 0.0
    return PyBytes_FromStringAndSize(<char*>row, _STATIC * sizeof(double))


cdef void _window_mean(const double* values, Py_ssize_t m, Py_ssize_t half, double* csum, double* out) noexcept:
    # rows._window_mean_reference in C, operation for operation: the running sum in order, then
    # (csum[hi] - csum[lo]) - value, divided by the neighbour count.
    cdef Py_ssize_t k, lo, hi
    cdef double count
    csum[0] = 0.0
    for k in range(m):
        csum[k + 1] = csum[k] + values[k]
    for k in range(m):
        lo = k - half if k >= half else 0
        hi = k + half + 1 if k + half + 1 < m else m
        count = <double>(hi - lo - 1)
        out[k] = (csum[hi] - csum[lo] - values[k]) / count if count > 0 else 0.0


def neighbour_columns(double[:, ::1] rows, const Py_ssize_t[::1] idx, Py_ssize_t n, Py_ssize_t c_position,
                      Py_ssize_t c_prev_words, Py_ssize_t c_next_words, Py_ssize_t c_prev_end, Py_ssize_t c_next_end,
                      Py_ssize_t c_window_prose, Py_ssize_t c_window_words, Py_ssize_t c_run_short,
                      Py_ssize_t c_date_share, Py_ssize_t c_near_stamp, int window, double prose_words,
                      double long_words, double short_words):
    """The neighbourhood columns of rows.page_rows over the non-blank lines `idx` (words in column 0,
    sentence end in column 2): what rows._neighbour_columns_reference computes with numpy."""
    cdef Py_ssize_t m = idx.shape[0], k, j, lo, hi
    cdef double w
    cdef bint any_stamp = False, near
    buf = np.empty((6, m + 1), dtype=np.float64)
    cdef double[:, ::1] b = buf
    cdef double* words = &b[0, 0]
    cdef double* flags = &b[1, 0]
    cdef double* csum = &b[2, 0]
    cdef double* out = &b[3, 0]
    cdef double* short = &b[4, 0]
    cdef double* stamps = &b[5, 0]
    for k in range(m):
        j = idx[k]
        w = rows[j, 0]
        words[k] = w
        flags[k] = 1.0 if ((w >= prose_words and rows[j, 2] > 0) or w >= long_words) else 0.0
        short[k] = 1.0 if w <= short_words else 0.0
        stamps[k] = 1.0 if rows[j, c_date_share] >= 0.7 else 0.0
        if stamps[k] > 0:
            any_stamp = True
        rows[j, c_position] = <double>j / <double>n
        rows[j, c_prev_words] = rows[idx[k - 1], 0] if k > 0 else 0.0
        rows[j, c_next_words] = rows[idx[k + 1], 0] if k + 1 < m else 0.0
        rows[j, c_prev_end] = rows[idx[k - 1], 2] if k > 0 else 0.0
        rows[j, c_next_end] = rows[idx[k + 1], 2] if k + 1 < m else 0.0
    _window_mean(flags, m, window, csum, out)
    for k in range(m):
        rows[idx[k], c_window_prose] = out[k]
    _window_mean(words, m, window, csum, out)
    for k in range(m):
        rows[idx[k], c_window_words] = out[k]
    _window_mean(short, m, 2, csum, out)
    for k in range(m):
        rows[idx[k], c_run_short] = out[k]
    if any_stamp:
        for k in range(m):
            # within 2 lines of a stamp (non-blank lines)
            lo = k - 2 if k >= 2 else 0
            hi = k + 3 if k + 3 < m else m
            near = False
            for j in range(lo, hi):
                if stamps[j] > 0:
                    near = True
                    break
            rows[idx[k], c_near_stamp] = 1.0 if near else 0.0


def measure_lines(list lines, list keys, list looses, object cue_match, object agency_gate, object agency_credit,
                  object linky_re, str end_marks, str closers, bytes zero_static, frozenset stopwords,
                  frozenset chrome_words, frozenset list_headers, object separators, object separator_chars):
    """features._measure_new_reference's loop compiled: (key, loose, words, end_punct, cue, linky, static
    row) of each line, the cue, agency and link tests still Python's."""
    cdef list out = [], tokens
    cdef Py_ssize_t i, n = len(lines)
    cdef str text, key, loose, bare
    cdef long words
    cdef bint end, linky
    for i in range(n):
        text = <str>lines[i]
        key = <str>keys[i]
        loose = <str>looses[i]
        if not key:
            out.append(("", loose, 0, False, None, len(text) > 0, zero_static))
            continue
        words = key.count(" ") + 1
        bare = text.rstrip(closers)
        end = len(bare) > 0 and bare[len(bare) - 1] in end_marks
        tokens = key.split()
        cue = cue_match(key, loose, words, tokens)
        if cue is None and words <= 6 and agency_gate(key) and agency_credit(text):
            cue = "agency-credit"
        linky = (words <= 3 or " " not in text) and (linky_re.match(text) is not None or (words == 1 and "." in text))
        out.append((key, loose, words, end, cue, linky,
                     _static_row(text, tokens, words, end, cue, linky, stopwords, chrome_words, list_headers,
                                 separators, separator_chars)))
    return out


def line_columns(list feats, double[:, ::1] rows, Py_ssize_t c_date_share, Py_ssize_t c_same_start):
    """rows.page_rows' per-line reads compiled: the non-blank lines' indices and every line's repeat
    count (returned), its date share and whether it opens with the same two words as its non-blank
    neighbour (a line of four words or more; written into `rows`)."""
    cdef Py_ssize_t n = len(feats), i, m = 0, prev = -1, cut
    idx = np.empty(n, dtype=np.intp)
    reps = np.empty(n, dtype=np.float64)
    cdef Py_ssize_t[::1] ix = idx
    cdef double[::1] rp = reps
    cdef str key, first, prev_first = None
    for i in range(n):
        f = feats[i]
        key = f.key
        rows[i, c_date_share] = f.date_share
        rp[i] = f.repeats
        if not key:
            continue
        ix[m] = i
        m += 1
        first = None
        if f.words >= 4:
            cut = key.find(" ", key.find(" ") + 1)  # the end of the second word
            first = key[:cut]
        if first is not None and prev_first is not None and first == prev_first:
            rows[i, c_same_start] = 1.0
            rows[prev, c_same_start] = 1.0
        prev_first, prev = first, i
    return idx[:m], reps


from cpython.mem cimport PyMem_Malloc, PyMem_Free
from cpython.unicode cimport PyUnicode_4BYTE_KIND

cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)


from ghirbal.linemodel._chars cimport is_space as _is_space


cdef inline bint _is_alnum(Py_UCS4 c) noexcept:
    if c < 0x80:
        return (0x30 <= c <= 0x39) or _ascii_letter(c)
    if 0x0621 <= c <= 0x064A:  # the Arabic letters, the common case: no look-up in the Unicode table
        return True
    return Py_UNICODE_ISALNUM(c)


cdef inline bint _is_decimal(Py_UCS4 c) noexcept:
    if c < 0x80:
        return 0x30 <= c <= 0x39
    if 0x0621 <= c <= 0x064A:
        return False
    return Py_UNICODE_ISDECIMAL(c)


cdef inline Py_ssize_t _push_squeezed(Py_UCS4* buf, Py_ssize_t n, Py_UCS4 c) noexcept:
    # Appends c, unless it is a space after a space (squeeze_spaces); returns the new length.
    if c == 0x20 and n > 0 and buf[n - 1] == 0x20:
        return n
    buf[n] = c
    return n + 1


cdef str _stripped(Py_UCS4* buf, Py_ssize_t n):
    cdef Py_ssize_t a = 0, b = n
    while a < b and _is_space(buf[a]):
        a += 1
    while b > a and _is_space(buf[b - 1]):
        b -= 1
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf + a, b - a)


def keys_and_looses(str text, const unsigned int[::1] table):
    """features._keys_reference compiled, for NFKC text (lines joined by "\\n"): each line folded through
    `table` (normalize.fold_char_table), digit runs masked as "0", then its loose key (spaces squeezed,
    stripped) and its key (punctuation and "_" as spaces, squeezed, stripped). None when a character
    needs `fold` itself (table: FOLD_SLOW): the caller folds in Python."""
    cdef Py_ssize_t n = len(text), kn = 0, ln = 0
    cdef Py_UCS4 c, m
    cdef unsigned int t
    cdef bint prev_digit = False
    cdef list keys = [], looses = []
    cdef Py_UCS4* kb = <Py_UCS4*>PyMem_Malloc((n + 1) * sizeof(Py_UCS4))
    cdef Py_UCS4* lb = <Py_UCS4*>PyMem_Malloc((n + 1) * sizeof(Py_UCS4))
    if kb == NULL or lb == NULL:
        PyMem_Free(kb)
        PyMem_Free(lb)
        raise MemoryError()
    try:
        for c in text:
            if c > 0xFFFF:
                # Outside the BMP (emoji, mathematical letters after NFKC...): `fold` only lower-cases them.
                low = chr(c).lower()
                if len(low) != 1:
                    return None
                t = ord(low)
            else:
                t = table[c]
            if t == 0xFFFFFFFF:  # folds away (diacritics, tatweel)
                continue
            if t == 0xFFFFFFFE:
                return None
            m = <Py_UCS4>t
            if m == 0x0A:  # the end of a line
                keys.append(_stripped(kb, kn))
                looses.append(_stripped(lb, ln))
                kn = ln = 0
                prev_digit = False
                continue
            if _is_decimal(m):
                if prev_digit:
                    continue  # one "0" for the run
                prev_digit = True
                m = 0x30
            else:
                prev_digit = False
            ln = _push_squeezed(lb, ln, m)
            # In the key, punctuation, symbols and "_" are spaces.
            kn = _push_squeezed(kb, kn, 0x20 if m == 0x5F or not (_is_alnum(m) or _is_space(m)) else m)
        keys.append(_stripped(kb, kn))
        looses.append(_stripped(lb, ln))
        return keys, looses
    finally:
        PyMem_Free(kb)
        PyMem_Free(lb)


def page_script_counts(str sample, str urdu, str persian):
    """language._script_counts_reference compiled: (characters of the Arabic block U+0600-U+06FF, ASCII
    letters, characters in `urdu`, characters in `persian`) of a page's sample, in one pass."""
    cdef Py_UCS4 c
    cdef Py_ssize_t arabic = 0, latin = 0, u = 0, p = 0
    for c in sample:
        if 0x0600 <= c <= 0x06FF:
            arabic += 1
            if c >= 0x0679:  # every letter of both lists is at U+0679 or above
                if c in urdu:
                    u += 1
                elif c in persian:
                    p += 1
        elif _ascii_letter(c):
            latin += 1
    return arabic, latin, u, p


from libc.stdint cimport uint64_t
from libc.string cimport memset

cdef uint64_t _FNV = 14695981039346656037ULL  # FNV-1a's offset basis: a word's hash before its first letter


cdef inline uint64_t _pair_hash(uint64_t first, uint64_t second) noexcept:
    return ((first * <uint64_t>0x9E3779B97F4A7C15ULL) ^ second) | 1  # never 0: 0 marks an empty slot


cdef uint64_t _inner_pair(str key, Py_ssize_t* words) noexcept:
    # The hash of the key's second and third words, and its word count (up to 4: enough to know).
    cdef Py_UCS4 c
    cdef uint64_t word = _FNV, second = 0, h = 0
    cdef bint in_word = False
    cdef Py_ssize_t n = 0
    for c in key:
        if _is_space(c):
            if in_word:
                n += 1
                if n == 2:
                    second = word
                elif n == 3:
                    h = _pair_hash(second, word)
                elif n == 4:
                    break
                word, in_word = _FNV, False
        else:
            word = (word ^ <uint64_t>c) * <uint64_t>1099511628211ULL
            in_word = True
    words[0] = n + in_word
    return h


def inner_pair_lines(list keys):
    """{key: lines of the page holding its second and third words side by side}, for the keys of four
    words or more. A key inside another line has those two words whole and adjacent there (its first
    and last word may be cut), so a key whose pair only its own copies hold occurs exactly as often as
    they (features.PageKeys.occurrences skips its scan of the page). Pairs are 64-bit hashes: a
    collision can only add lines, which sends the key to the exact scan."""
    cdef Py_ssize_t n = len(keys), i, words, size = 64, s
    cdef uint64_t h, prev, word
    cdef Py_UCS4 c
    cdef bint in_word, have_prev
    cdef str key
    while size < 2 * n + 2:  # at least twice the keys that can be asked about: a probe always ends
        size *= 2
    table = np.zeros((3, size), dtype=np.uint64)  # pair hash, lines holding it, the last such line + 1
    cdef uint64_t[:, ::1] t = table
    cdef dict asked = {}
    for i in range(n):
        key = <str>keys[i]
        if key in asked:
            continue
        h = _inner_pair(key, &words)
        if words < 4:
            continue
        s = <Py_ssize_t>((h >> 32) & <uint64_t>(size - 1))
        while t[0, s] != 0 and t[0, s] != h:
            s = (s + 1) & (size - 1)
        t[0, s] = h
        asked[key] = s
    if not asked:
        return {}
    for i in range(n):  # every adjacent pair of every line, looked up among the asked ones
        key = <str>keys[i]
        word, prev, in_word, have_prev = _FNV, 0, False, False
        for c in key:
            if _is_space(c):
                if in_word:
                    if have_prev:
                        _count_pair(t, size, _pair_hash(prev, word), i)
                    prev, have_prev, word, in_word = word, True, _FNV, False
            else:
                word = (word ^ <uint64_t>c) * <uint64_t>1099511628211ULL
                in_word = True
        if in_word and have_prev:
            _count_pair(t, size, _pair_hash(prev, word), i)
    return {k: <Py_ssize_t>t[1, s] for k, s in asked.items()}


cdef inline void _count_pair(uint64_t[:, ::1] t, Py_ssize_t size, uint64_t h, Py_ssize_t line) noexcept:
    cdef Py_ssize_t s = <Py_ssize_t>((h >> 32) & <uint64_t>(size - 1))
    while t[0, s] != 0:
        if t[0, s] == h:
            if t[2, s] != <uint64_t>(line + 1):
                t[2, s] = line + 1
                t[1, s] += 1
            return
        s = (s + 1) & (size - 1)


def line_features(object cls, list lines, list values):
    """features._line_features_reference compiled: a `cls` (LineFeatures) per line from its text and
    its measured values (key, loose, words, end_punct, cue, linky, row), and its `repeats`: the lines of
    the page with the same key."""
    cdef Py_ssize_t i, n = len(lines)
    cdef dict counts = {}
    cdef list out = []
    cdef tuple v
    for i in range(n):
        key = (<tuple>values[i])[0]
        if key:
            counts[key] = counts.get(key, 0) + 1
    for i in range(n):
        v = <tuple>values[i]
        f = cls(lines[i], v[0], v[1], v[2], v[3], v[4], v[5], v[6])
        if v[0]:
            f.repeats = counts[v[0]]
        out.append(f)
    return out


def cached_values(dict entries, list lines):
    """features._cached_values_reference compiled: each line's remembered values (None when not
    remembered), and the indices of those not remembered."""
    cdef Py_ssize_t i, n = len(lines)
    cdef list values = [], missing = []
    for i in range(n):
        v = entries.get(lines[i])
        values.append(v)
        if v is None:
            missing.append(i)
    return values, missing


def story_words(list feats, Py_ssize_t start, Py_ssize_t end, object scores):
    """story.story_words_reference compiled: {content word (over two letters): prose lines of
    feats[start..end] (score > 0) holding it}."""
    cdef dict out = {}
    cdef set seen
    cdef Py_ssize_t j
    cdef str t
    for j in range(start if start > 0 else 0, end + 1):
        if scores[j] > 0:
            seen = set()
            for t in (<str>feats[j].key).split():
                if len(t) > 2 and t not in seen:
                    seen.add(t)
                    out[t] = out.get(t, 0) + 1
    return out


def digit_or_date_word(str text, tuple days, tuple before, tuple units):
    """dates._might_contain_date_reference compiled: a decimal digit (any script), one of `days`, or
    one of `before` and one of `units` in the text."""
    cdef Py_UCS4 c
    cdef str w
    for c in text:
        if _is_decimal(c):
            return True
    for w in days:
        if w in text:
            return True
    for w in before:
        if w in text:
            for w in units:
                if w in text:
                    return True
            return False
    return False


def model_scores(list feats, double[::1] logits, double offset, double cap, double floor, double neg,
                 long cap_words, double div, double cue_score):
    """story.model_scores_reference compiled: a block-search score per line from its log-odds (the
    same operations in the same order: the same floats)."""
    cdef Py_ssize_t i, n = len(feats)
    cdef list out = []
    cdef double z
    cdef long words
    for i in range(n):
        f = feats[i]
        z = logits[i] + offset
        if not f.key:
            out.append(0.0)
        elif f.cue:
            out.append(min(z * neg, cue_score))
        elif z > 0:
            words = f.words
            out.append(min(z, cap) * (floor + <double>(words if words < cap_words else cap_words) / div))
        else:
            out.append(max(z, -cap) * neg)
    return out


def best_block(list scores):
    """story.best_block_reference compiled: the maximum-sum run of lines (Kadane), trimmed to positive
    lines at its start."""
    cdef Py_ssize_t i, n = len(scores), run_start = 0, start = -1, end = -1
    cdef double best_sum = 0.0, run_sum = 0.0, s
    for i in range(n):
        s = scores[i]
        if run_sum <= 0:
            run_sum, run_start = 0.0, i
        run_sum += s
        if run_sum > best_sum:
            best_sum, start, end = run_sum, run_start, i
    if start < 0:
        return None
    while start < end and <double>scores[start] <= 0:
        start += 1
    return start, end
