# cython: language_level=3, boundscheck=False, wraparound=False
"""The HTML path's passes over a page's elements and blocks, compiled: the same steps as their Python
versions (the reference each names), which run when this module is not built or GHIRBAL_PURE=1 is
set. Each reads the elements' and blocks' fields once into C arrays and does its loops there.
tests/test_html_passes.py holds each to its Python version on the dev pages.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.stdint cimport uint32_t
from libc.string cimport memcmp, memcpy


cdef Py_ssize_t *_array(Py_ssize_t n) except NULL:
    cdef Py_ssize_t *p = <Py_ssize_t *> PyMem_Malloc((n if n > 0 else 1) * sizeof(Py_ssize_t))
    if p == NULL:
        raise MemoryError()
    return p


cdef Py_ssize_t *_parents(list elements) except NULL:
    cdef Py_ssize_t n = len(elements), e
    cdef Py_ssize_t *parent = _array(n)
    for e in range(n):
        parent[e] = (<object> elements[e]).parent
    return parent


cdef inline Py_ssize_t _last(tuple path):
    """A block's innermost element (-1 for a block outside every element)."""
    return <Py_ssize_t> path[len(path) - 1] if path else -1


def mark_reasons(list blocks, list elements, marks):
    """markup._mark_reasons: per block, the mark that drops it (the first on the way down)."""
    cdef Py_ssize_t n = len(elements), e, p
    cdef list drops = [None] * n
    cdef bytearray main_above = bytearray(n)
    cdef unsigned char *above = main_above
    cdef bint in_main
    drops_fn = marks.drops
    for e in range(n):
        el = elements[e]
        p = el.parent
        in_main = False
        if p >= 0:
            if drops[p] is not None:
                drops[e] = drops[p]
                continue
            in_main = above[p]
        if el.mark is not None and drops_fn(el, in_main):
            drops[e] = el.mark
        else:
            above[e] = in_main or el.main
    return [drops[(<tuple> b.path)[len(<tuple> b.path) - 1]] if b.path else None for b in blocks]


def readable_text(list blocks, list elements, list reasons):
    """markup._readable_text: per element, the text of the unmarked blocks under it outside links."""
    cdef Py_ssize_t n = len(elements), e, p, i, last
    cdef Py_ssize_t *parent = _parents(elements)
    cdef Py_ssize_t *good = _array(n)
    try:
        for e in range(n):
            good[e] = 0
        for i in range(len(blocks)):
            b = blocks[i]
            if reasons[i] is None:
                last = _last(b.path)
                if last >= 0:
                    good[last] += <Py_ssize_t> b.chars - <Py_ssize_t> b.link_chars
        for e in range(n - 1, -1, -1):
            p = parent[e]
            if p >= 0:
                good[p] += good[e]
        return [good[e] for e in range(n)]
    finally:
        PyMem_Free(parent)
        PyMem_Free(good)


def inside(list blocks, list elements, Py_ssize_t container):
    """markup._inside: per block, is it under the container element?"""
    cdef Py_ssize_t n = len(elements), e, p, last
    cdef bytearray under_ = bytearray(n)
    cdef unsigned char *under = under_
    for e in range(container, n):
        p = (<object> elements[e]).parent
        under[e] = e == container or (p >= 0 and under[p])
    out = []
    for b in blocks:
        last = _last(b.path)
        out.append(last >= 0 and under[last] != 0)
    return out


def descend(list elements, list good, page_good, double share):
    """markup._descend: the main container's descent (-1: the page itself)."""
    cdef Py_ssize_t n = len(elements), e, p, kid, best
    cdef Py_ssize_t *parent = _parents(elements)
    cdef Py_ssize_t *first = _array(n + 1)  # first child, by parent + 1 (0: the roots)
    cdef Py_ssize_t *following = _array(n)  # next sibling
    cdef Py_ssize_t cur = -1
    cur_good = page_good
    try:
        for e in range(n + 1):
            first[e] = -1
        for e in range(n - 1, -1, -1):
            p = parent[e]
            following[e] = first[p + 1]
            first[p + 1] = e
        while True:
            kid = first[cur + 1]
            if kid < 0:
                break
            best = kid
            while kid >= 0:
                if good[kid] > good[best]:
                    best = kid
                kid = following[kid]
            if cur_good <= 0 or good[best] < share * cur_good:
                break
            cur, cur_good = best, good[best]
        return cur
    finally:
        PyMem_Free(parent)
        PyMem_Free(first)
        PyMem_Free(following)


def caption_blocks(list blocks, list elements, Py_ssize_t limit):
    """captions._caption_blocks: per block, is it under a caption element of at most `limit` characters?"""
    cdef Py_ssize_t n = len(elements), e, p, last
    cdef bytearray under_ = bytearray(n)
    cdef unsigned char *under = under_
    for e in range(n):
        el = elements[e]
        p = el.parent
        if p >= 0 and under[p]:
            under[e] = True
        elif el.mark == "caption" and el.chars <= limit:
            under[e] = p < 0 or (<object> elements[p]).chars == el.chars
    out = []
    for b in blocks:
        last = _last(b.path)
        out.append(last >= 0 and under[last] != 0
                   and not (b.tag == "p" and (<object> elements[last]).mark != "caption"))
    return out


def boxes_beside_story(list blocks, list elements, list reasons, tuple marks, Py_ssize_t least, tuple main_tags):
    """markup._boxes_beside_story (`main_tags`: blocks.MAIN_TAGS): beside a declared story body, the
    weak-marked boxes that neither hold it nor sit in it drop (`reasons` is edited)."""
    cdef Py_ssize_t n = len(elements), e, p, i, last, text = 0
    cdef bytearray own_ = bytearray(n), holds_ = bytearray(n), under_ = bytearray(n)
    cdef unsigned char *own = own_
    cdef unsigned char *holds = holds_
    cdef unsigned char *under = under_
    cdef Py_ssize_t *parent
    cdef bint any_own = False, any_box = False
    for e in range(n):
        el = elements[e]
        own[e] = bool(el.main and el.tag not in main_tags)
        any_own = any_own or own[e]
        any_box = any_box or bool(el.weak and el.mark in marks)
    if not any_own or not any_box:
        return
    parent = _parents(elements)
    try:
        for e in range(n - 1, -1, -1):
            p = parent[e]
            if holds[e] and own[e]:
                own[e] = False
            if own[e]:
                holds[e] = True
            if holds[e] and p >= 0:
                holds[p] = True
        for e in range(n):
            p = parent[e]
            under[e] = own[e] or (p >= 0 and under[p])
    finally:
        PyMem_Free(parent)
    for i in range(len(blocks)):
        b = blocks[i]
        last = _last(b.path)
        if reasons[i] is None and last >= 0 and under[last]:
            text += <Py_ssize_t> b.chars - <Py_ssize_t> b.link_chars
    if text < least:
        return
    for i in range(len(blocks)):
        b = blocks[i]
        last = _last(b.path)
        if reasons[i] is not None or last < 0 or under[last]:
            continue
        for e in b.path:
            el = elements[e]
            if el.weak and el.mark in marks and not holds[e]:
                reasons[i] = el.mark
                break


def unmark_code(list elements, frozenset code_tags):
    """markup._unmark_code: no marks inside `<pre>` and `<code>` (cleared in the tree itself)."""
    cdef Py_ssize_t n = len(elements), e, p
    cdef bytearray code_ = bytearray(n)
    cdef unsigned char *code = code_
    cdef bint inside_code
    for e in range(n):
        el = elements[e]
        p = el.parent
        inside_code = p >= 0 and code[p]
        code[e] = inside_code or el.tag in code_tags
        if inside_code and el.mark is not None:
            el.mark, el.weak = None, False


def card_shapes(list blocks, list elements):
    """The per-element counts of cards.card_runs: (blocks under it, blocks with a link under it, its
    shape: the bit mask of the tags at and under it), each element's own blocks carried up to the
    parents."""
    cdef Py_ssize_t n = len(elements), e, p, last
    cdef Py_ssize_t *parent = _parents(elements)
    cdef Py_ssize_t *blocks_of = _array(n)
    cdef Py_ssize_t *links_of = _array(n)
    cdef dict bit = {}
    cdef list masks = [None] * n
    try:
        for e in range(n):
            blocks_of[e] = links_of[e] = 0
            tag = (<object> elements[e]).tag
            b_ = bit.get(tag)
            if b_ is None:
                b_ = bit[tag] = len(bit)
            masks[e] = 1 << b_
        for b in blocks:
            last = _last(b.path)
            if last >= 0:
                blocks_of[last] += 1
                links_of[last] += b.links or b.link_chars > 0
        for e in range(n - 1, -1, -1):
            p = parent[e]
            if p >= 0:
                blocks_of[p] += blocks_of[e]
                links_of[p] += links_of[e]
                masks[p] = masks[p] | masks[e]
        return [blocks_of[e] for e in range(n)], [links_of[e] for e in range(n)], masks
    finally:
        PyMem_Free(parent)
        PyMem_Free(blocks_of)
        PyMem_Free(links_of)


cdef inline uint32_t _window(const unsigned char *p) noexcept nogil:
    cdef uint32_t w
    memcpy(&w, p, 4)
    return w


cdef inline uint32_t _slot(uint32_t w) noexcept nogil:
    return (w * <uint32_t> 2654435761) >> 20  # 12 bits


def any_key_in(bytes data, tuple keys):
    """Is one of `keys` in `data`? `any(k in data for k in keys)` in one pass: each 4-byte window is
    looked up in a table of the keys' first four bytes, and only a window that may open a key is
    compared with them. (Keys shorter than four bytes are looked for one by one.)"""
    cdef Py_ssize_t n = len(data), i, j, k = len(keys)
    cdef unsigned char table[512]
    cdef uint32_t s
    cdef bytes key
    cdef const unsigned char *p = <const unsigned char *> (<char *> data)
    cdef const unsigned char **texts
    cdef Py_ssize_t *lengths
    for key in keys:
        if len(key) < 4:
            for key in keys:
                if key in data:
                    return True
            return False
    if k == 0 or n < 4:
        return False
    texts = <const unsigned char **> PyMem_Malloc(k * sizeof(char *))
    if texts == NULL:
        raise MemoryError()
    lengths = _array(k)
    try:
        for s in range(512):
            table[s] = 0
        for j in range(k):
            key = keys[j]
            texts[j] = <const unsigned char *> (<char *> key)
            lengths[j] = len(key)
            s = _slot(_window(texts[j]))
            table[s >> 3] |= 1 << (s & 7)
        for i in range(n - 3):
            s = _slot(_window(p + i))
            if table[s >> 3] & (1 << (s & 7)):
                for j in range(k):
                    if lengths[j] <= n - i and memcmp(p + i, texts[j], lengths[j]) == 0:
                        return True
        return False
    finally:
        PyMem_Free(texts)
        PyMem_Free(lengths)


def element_flags(list elements, Py_ssize_t container, main_tags):
    """block_model._element_flags_reference: per element, five flags for itself or an element above it
    (main content, a declared body, a weak mark, a list, a table) as bytes, row by row, and its depth
    below the container (-1 outside it)."""
    cdef Py_ssize_t n = len(elements), e, p, k
    cdef bytearray out = bytearray(5 * n)
    cdef unsigned char *f = out
    cdef list below = [-1] * n
    cdef Py_ssize_t *depth = _array(n)
    try:
        for e in range(n):
            el = elements[e]
            p = el.parent
            tag = el.tag
            main = el.main
            f[5 * e] = main
            f[5 * e + 1] = main and tag not in main_tags
            f[5 * e + 2] = el.weak
            f[5 * e + 3] = tag == "ul" or tag == "ol"
            f[5 * e + 4] = tag == "table"
            if p >= 0:
                for k in range(5):
                    f[5 * e + k] = f[5 * e + k] or f[5 * p + k]
            if e == container:
                depth[e] = 0
            elif p >= 0 and depth[p] >= 0:
                depth[e] = depth[p] + 1
            else:
                depth[e] = -1
            below[e] = depth[e]
        return bytes(out), below
    finally:
        PyMem_Free(depth)


def block_columns(list blocks, Py_ssize_t m, dict tag_codes):
    """block_model._block_columns_reference: per block, its innermost element (`m` for a block outside
    every element), chars, link chars, links, depth and tag code, as float64 bytes, row by row."""
    cdef Py_ssize_t n = len(blocks), i
    cdef bytearray out = bytearray(6 * sizeof(double) * n)
    cdef double *c = <double *> (<char *> out) if n else NULL
    cdef tuple path
    for i in range(n):
        b = blocks[i]
        path = <tuple> b.path
        c[6 * i] = <double> (<Py_ssize_t> path[len(path) - 1] if path else m)
        c[6 * i + 1] = <double> (<Py_ssize_t> b.chars)
        c[6 * i + 2] = <double> (<Py_ssize_t> b.link_chars)
        c[6 * i + 3] = <double> (<Py_ssize_t> b.links)
        c[6 * i + 4] = <double> len(path)
        code = tag_codes.get(b.tag)
        c[6 * i + 5] = <double> (<Py_ssize_t> code) if code is not None else 0.0
    return bytes(out)
