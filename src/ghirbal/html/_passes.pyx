# cython: language_level=3, boundscheck=False, wraparound=False
"""The HTML path's passes over a page's elements and blocks, compiled: the same steps as their Python
versions (the reference each names), which run when this module is not built or GHIRBAL_PURE=1 is
set. Each reads the elements' and blocks' fields once into C arrays and does its loops there.
tests/test_html_passes.py holds each to its Python version on the dev pages.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.long cimport PyLong_FromUnsignedLongLong
from cpython.unicode cimport (
    PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ, Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDIGIT,
)
from libc.stdint cimport uint64_t
from libc.stdlib cimport qsort
from libc.string cimport memchr, memcmp, memcpy, memset

from ghirbal.html._records cimport Block, Element
# (_uchar: a str's characters as its kind stores them)
from ghirbal.linemodel._chars cimport code_unit as _uchar, is_space as _is_space, utf8_count


# The passes take `_records.Element` / `Block` records (html/_records.pxd), whose fields they read as C
# struct members; blocks.py makes those whenever this module is built (it needs _records to import).


cdef Py_ssize_t *_array(Py_ssize_t n) except NULL:
    cdef Py_ssize_t *p = <Py_ssize_t *> PyMem_Malloc((n if n > 0 else 1) * sizeof(Py_ssize_t))
    if p == NULL:
        raise MemoryError()
    return p


cdef Py_ssize_t *_parents(list elements) except NULL:
    cdef Py_ssize_t n = len(elements), e
    cdef Py_ssize_t *parent = _array(n)
    for e in range(n):
        parent[e] = (<Element?> elements[e]).parent
    return parent


cdef inline Py_ssize_t _last(tuple path):
    """A block's innermost element (-1 for a block outside every element)."""
    return <Py_ssize_t> path[len(path) - 1] if path else -1


cdef class _Drops:
    """`markup.Marks.drops`, compiled: the Marks' fields read once a page, the test in C but for the
    look-ups in its collections (the same `in` as Python's)."""
    cdef double veto, weak_chars, weak_links
    cdef object weak_marks, controls, boxes, role_marks

    def __init__(self, marks, role_marks):
        self.veto, self.weak_chars, self.weak_links = marks.veto, marks.weak_chars, marks.weak_links
        self.weak_marks, self.controls, self.role_marks = marks.weak_marks, marks.controls, role_marks
        self.boxes = marks.boxes if marks.boxes else None

    cdef bint drops(self, Element el, object mark, bint in_main) except -1:
        cdef double chars = <double> el.chars
        if self.boxes is not None and mark in self.boxes:
            return chars <= self.boxes[mark] and chars < self.veto
        return mark not in self.role_marks and chars < self.veto and (
            el.tag in self.controls
            or not (el.weak or mark in self.weak_marks)
            or <double> el.link_chars >= self.weak_links * chars
            or (chars <= self.weak_chars and not in_main)
        )


def mark_reasons(list blocks, list elements, marks, role_marks=None):
    """markup._mark_reasons: per block, the mark that drops it (the first on the way down). With
    `role_marks` (`blocks.ROLE_MARKS`), `marks` is a `markup.Marks` whose `drops` runs compiled
    (`_Drops`); else its `drops` method is called."""
    cdef Element el
    cdef Block b
    cdef Py_ssize_t n = len(elements), e, p
    cdef list drops = [None] * n
    cdef bytearray main_above = bytearray(n)
    cdef unsigned char *above = main_above
    cdef bint in_main, dropped
    cdef _Drops fast = _Drops(marks, role_marks) if role_marks is not None else None
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
        mark = el.mark
        if mark is None:
            dropped = False
        elif fast is not None:
            dropped = fast.drops(el, mark, in_main)
        else:
            dropped = drops_fn(el, in_main)
        if dropped:
            drops[e] = mark
        else:
            above[e] = in_main or el.main
    out = []
    for b in blocks:
        path = b.path
        out.append(drops[<Py_ssize_t> path[len(path) - 1]] if path else None)
    return out


def flat(list blocks, list elements, Py_ssize_t container, double share):
    """markup._flat_reference: is at least `share` of the container's text in blocks right in it, or
    each alone in a table row (`<tr>`) of its own right in it? Per row, its blocks counted in C arrays
    (the count and the first block's characters), not a dict of lists."""
    cdef Block b
    cdef tuple path
    cdef Py_ssize_t m = len(elements), n_path, k, child, own = 0, e
    cdef Py_ssize_t *count = _array(m)
    cdef Py_ssize_t *first = _array(m)
    cdef str tag
    try:
        for e in range(m):
            count[e] = 0
        for b in blocks:
            path = b.path
            n_path = len(path)
            k = 0
            while k < n_path and <Py_ssize_t> path[k] != container:
                k += 1
            if k == n_path:
                continue  # (not under the container)
            if k == n_path - 1:
                own += b.chars
                continue
            child = <Py_ssize_t> path[k + 1]
            tag = (<Element?> elements[child]).tag
            if tag == "tr":
                if count[child] == 0:
                    first[child] = b.chars
                count[child] += 1
        for e in range(m):
            if count[e] == 1:
                own += first[e]
        return own >= share * (<Element?> elements[container]).chars > 0
    finally:
        PyMem_Free(count)
        PyMem_Free(first)


def readable_text(list blocks, list elements, list reasons):
    """markup._readable_text: per element, the text of the unmarked blocks under it outside links."""
    cdef Block b
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
                    good[last] += b.chars - b.link_chars
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
    cdef Block b
    cdef Py_ssize_t n = len(elements), e, p, last
    cdef bytearray under_ = bytearray(n)
    cdef unsigned char *under = under_
    for e in range(container, n):
        p = (<Element?> elements[e]).parent
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


def score_adjust(list blocks, list reasons, list in_container, bint has_container, double link_share,
                 double short, bonus, outside, dropped_inside, link_bonus):
    """markup._score_adjust: per block, the score the markup adds (`reasons` gains the `link-dense`
    blocks; the scores are the objects given)."""
    cdef Block b
    cdef Py_ssize_t n = len(blocks), i, chars
    cdef list adjust = [0.0] * n
    cdef bint inside, linky
    for i in range(n):
        b = blocks[i]
        inside = in_container[i]
        chars = b.chars
        linky = <double> b.link_chars >= link_share * <double> chars
        if reasons[i] is None and linky and (not inside or chars <= short):
            reasons[i] = "link-dense"
        if reasons[i] is None:
            adjust[i] = ((link_bonus if linky else bonus) if inside else outside) if has_container else 0.0
        elif inside or not has_container:
            adjust[i] = dropped_inside
    return adjust


def caption_blocks(list blocks, list elements, Py_ssize_t limit):
    """captions._caption_blocks: per block, is it under a caption element of at most `limit` characters?"""
    cdef Element el
    cdef Block b
    cdef Py_ssize_t n = len(elements), e, p, last
    cdef bytearray under_ = bytearray(n)
    cdef unsigned char *under = under_
    for e in range(n):
        el = elements[e]
        p = el.parent
        if p >= 0 and under[p]:
            under[e] = True
        elif el.mark == "caption" and el.chars <= limit:
            under[e] = p < 0 or (<Element?> elements[p]).chars == el.chars
    out = []
    for b in blocks:
        last = _last(b.path)
        out.append(last >= 0 and under[last] != 0
                   and not (b.tag == "p" and (<Element?> elements[last]).mark != "caption"))
    return out


def boxes_beside_story(list blocks, list elements, list reasons, tuple marks, Py_ssize_t least, tuple main_tags):
    """markup._boxes_beside_story (`main_tags`: blocks.MAIN_TAGS): beside a declared story body, the
    weak-marked boxes that neither hold it nor sit in it drop (`reasons` is edited)."""
    cdef Element el
    cdef Block b
    cdef Py_ssize_t n = len(elements), e, p, i, last, text = 0
    cdef bytearray own_ = bytearray(n), holds_ = bytearray(n), under_ = bytearray(n)
    cdef unsigned char *own = own_
    cdef unsigned char *holds = holds_
    cdef unsigned char *under = under_
    cdef Py_ssize_t *parent
    cdef bint any_own = False, any_box = False
    for e in range(n):
        el = elements[e]
        own[e] = el.main and el.tag not in main_tags
        any_own = any_own or own[e]
        any_box = any_box or (el.weak and el.mark in marks)
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
            text += b.chars - b.link_chars
    if text < least:
        return
    for i in range(len(blocks)):
        b = blocks[i]
        path = b.path
        last = _last(path)
        if reasons[i] is not None or last < 0 or under[last]:
            continue
        for e in path:
            el = elements[e]
            if el.weak and el.mark in marks and not holds[e]:
                reasons[i] = el.mark
                break


def prepare_marks(list elements, frozenset code_tags, Py_ssize_t panel_min_run, bint product, Py_ssize_t least,
                  Py_ssize_t tip_most, Py_ssize_t note_least, str product_mark, str tip_mark, str note_mark):
    """`markup.prepare_marks_reference`'s four steps over the elements in two passes (in the tree itself):
    down the tree, `_unmark_code` and `weaken_repeated_panels`' search (an element's mark is settled by
    its ancestors only); up it, `_unmark_wrappers` and `settle_marks` (each changes an element by its
    own fields and the tags below it)."""
    cdef Element el
    cdef Py_ssize_t n = len(elements), e, p
    cdef bytearray flags_ = bytearray(n)
    cdef unsigned char *flags = flags_  # bit 1: inside code; bit 2: at or under a strong hidden mark; bit 4: holds <main>
    cdef bint inside_code, code_tag = False
    cdef dict groups = {}
    cdef object mark, tag, last_tag = None
    for e in range(n):
        el = elements[e]
        p = el.parent
        inside_code = p >= 0 and flags[p] & 1
        tag = el.tag
        if tag is not last_tag:  # (the walk's tags are shared strings: a run of one tag is looked up once)
            code_tag, last_tag = tag in code_tags, tag
        if inside_code or code_tag:
            flags[e] = 1
        if inside_code and el.mark is not None:
            el.mark, el.weak = None, False
        if panel_min_run <= 0:
            continue
        if p >= 0 and flags[p] & 2:
            flags[e] |= 2
        elif not el.weak and el.mark is not None and el.mark == "hidden":
            flags[e] |= 2
            if p >= 0:
                groups.setdefault(((<Element> elements[p]).parent, (<Element> elements[p]).tag, el.tag), []).append(e)
    for members in groups.values():
        if len(<list> members) >= panel_min_run:
            for e in members:
                (<Element> elements[e]).weak = True
    for e in range(n - 1, -1, -1):
        el = elements[e]
        if el.tag == "main":
            flags[e] |= 4
        mark = el.mark
        if flags[e] & 4:
            if el.weak and mark is not None and el.tag != "main":
                el.mark, el.weak = None, False
                mark = None
            if el.parent >= 0:
                flags[el.parent] |= 4
        if mark is None:
            continue
        if mark == product_mark:
            el.mark = "comment-section" if product and el.chars >= least else None
            el.weak = False
        elif mark == tip_mark:
            el.mark = "hidden" if product and el.chars <= tip_most else None
            el.weak = False
        elif mark == note_mark:
            el.mark = "aside" if product and el.chars >= note_least else None
            el.weak = False


cdef list _card_shapes(list blocks, list elements, Py_ssize_t *parent, Py_ssize_t *blocks_of,
                       Py_ssize_t *links_of, uint64_t *words, Py_ssize_t *tag_of=NULL, object empty_links=()):
    """`card_shapes` into the caller's arrays (n elements each): the blocks and linked blocks under each
    element, carried up to the parents; the masks into `words` while the page has at most 64 tags (then
    None is returned), else as a list of Python ints. `tag_of` (if given): each element's tag number
    (one per tag, in the order tags first come). `empty_links`: elements holding an `<a href>` with
    no text (`RawHints.empty_links`), a link each."""
    cdef Py_ssize_t *codes = tag_of if tag_of != NULL else _array(len(elements))
    try:
        return _card_shapes_into(blocks, elements, parent, blocks_of, links_of, words, codes, empty_links)
    finally:
        if tag_of == NULL:
            PyMem_Free(codes)


cdef list _card_shapes_into(list blocks, list elements, Py_ssize_t *parent, Py_ssize_t *blocks_of,
                            Py_ssize_t *links_of, uint64_t *words, Py_ssize_t *codes, object empty_links):
    cdef Block b
    cdef Py_ssize_t n = len(elements), e, p, last, links, code = -1
    cdef dict bit = {}
    cdef list masks
    cdef object tag, last_tag = None
    for e in range(n):
        blocks_of[e] = links_of[e] = 0
        tag = (<Element?> elements[e]).tag
        if tag is not last_tag:  # (the walk's tags are shared strings: a run of one tag is looked up once)
            b_ = bit.get(tag)
            if b_ is None:
                b_ = bit[tag] = len(bit)
            code, last_tag = <Py_ssize_t> b_, tag
        codes[e] = code
    for b in blocks:
        last = _last(b.path)
        if last >= 0:
            blocks_of[last] += 1
            links = b.links  # (`b.links or b.link_chars > 0`: the count of links, else 0 or 1)
            links_of[last] += links if links else b.link_chars > 0
    for e in empty_links:
        links_of[e] += 1
    if len(bit) <= 64:
        for e in range(n):
            words[e] = (<uint64_t> 1) << codes[e]
        masks = None
    else:
        masks = [(<object> 1) << codes[e] for e in range(n)]
    for e in range(n - 1, -1, -1):
        p = parent[e]
        if p >= 0:
            blocks_of[p] += blocks_of[e]
            links_of[p] += links_of[e]
            if masks is None:
                words[p] |= words[e]
            else:
                masks[p] = masks[p] | masks[e]
    return masks


def card_shapes(list blocks, list elements, empty_links=()):
    """cards.card_shapes: per element, (blocks under it, blocks with a link under it, its shape: the bit
    mask of the tags at and under it)."""
    cdef Py_ssize_t n = len(elements), e
    cdef Py_ssize_t *parent = _parents(elements)
    cdef Py_ssize_t *blocks_of = _array(n)
    cdef Py_ssize_t *links_of = _array(n)
    cdef uint64_t *words = <uint64_t *> PyMem_Malloc((n if n > 0 else 1) * sizeof(uint64_t))
    try:
        if words == NULL:
            raise MemoryError()
        masks = _card_shapes(blocks, elements, parent, blocks_of, links_of, words, NULL, empty_links)
        if masks is None:
            masks = [PyLong_FromUnsignedLongLong(words[e]) for e in range(n)]
        return [blocks_of[e] for e in range(n)], [links_of[e] for e in range(n)], masks
    finally:
        PyMem_Free(parent)
        PyMem_Free(blocks_of)
        PyMem_Free(links_of)
        PyMem_Free(words)


cdef inline int _order(Py_ssize_t a, Py_ssize_t b) noexcept nogil:
    """-1, 0 or 1 as a is below, equal to or above b: the sort keys' one comparison."""
    return (a > b) - (a < b)


cdef struct _Card:
    Py_ssize_t parent
    Py_ssize_t tag
    uint64_t shape
    Py_ssize_t element


cdef int _card_order(const void *a, const void *b) noexcept nogil:
    """Cards by parent, tag, shape, then element id."""
    cdef const _Card *x = <const _Card *> a
    cdef const _Card *y = <const _Card *> b
    cdef int o = _order(x.parent, y.parent)
    if o == 0:
        o = _order(x.tag, y.tag)
    if o == 0:
        o = (x.shape > y.shape) - (x.shape < y.shape)
    return o if o != 0 else _order(x.element, y.element)


cdef int _run_order(const void *a, const void *b) noexcept nogil:
    """Runs (their first card: element id, and where the run starts) by their first card."""
    cdef const Py_ssize_t *x = <const Py_ssize_t *> a
    cdef const Py_ssize_t *y = <const Py_ssize_t *> b
    return -1 if x[0] < y[0] else (1 if x[0] > y[0] else 0)


def card_runs(list blocks, list elements, Py_ssize_t min_blocks, Py_ssize_t min_run, empty_links=()):
    """cards._card_runs: the runs of cards, each a list of sibling element ids of one shape (at least
    `min_run`), each holding at least `min_blocks` blocks and a link, in the order their first card
    comes. While the page has at most 64 tags the cards are grouped in C (sorted by parent, tag and
    shape), else by a dict of (parent, tag, shape)."""
    cdef Py_ssize_t n = len(elements), e, i, j, k, count = 0, runs_found = 0
    cdef Py_ssize_t *parent = _array(n)
    cdef Py_ssize_t *blocks_of = _array(n)
    cdef Py_ssize_t *links_of = _array(n)
    cdef Py_ssize_t *tag_of = _array(n)
    cdef Py_ssize_t *firsts = NULL
    cdef uint64_t *words = <uint64_t *> PyMem_Malloc((n if n > 0 else 1) * sizeof(uint64_t))
    cdef _Card *cards = NULL
    cdef dict runs = {}
    cdef list members, out
    try:
        if words == NULL:
            raise MemoryError()
        for e in range(n):
            parent[e] = (<Element?> elements[e]).parent
        masks = _card_shapes(blocks, elements, parent, blocks_of, links_of, words, tag_of, empty_links)
        if masks is not None:  # (more than 64 tags: the shapes are Python ints)
            for e in range(n):
                if blocks_of[e] >= min_blocks and links_of[e] > 0:
                    key = (parent[e], tag_of[e], masks[e])
                    members = runs.get(key)
                    if members is None:
                        runs[key] = [e]
                    else:
                        members.append(e)
            return [members for members in runs.values() if len(members) >= min_run]
        cards = <_Card *> PyMem_Malloc((n if n > 0 else 1) * sizeof(_Card))
        firsts = _array(2 * n)
        if cards == NULL:
            raise MemoryError()
        for e in range(n):
            if blocks_of[e] >= min_blocks and links_of[e] > 0:
                cards[count].parent, cards[count].tag = parent[e], tag_of[e]
                cards[count].shape, cards[count].element = words[e], e
                count += 1
        qsort(cards, count, sizeof(_Card), _card_order)
        i = 0
        while i < count:
            j = i + 1
            while j < count and cards[j].parent == cards[i].parent and cards[j].tag == cards[i].tag \
                    and cards[j].shape == cards[i].shape:
                j += 1
            if j - i >= min_run:
                firsts[2 * runs_found] = cards[i].element
                firsts[2 * runs_found + 1] = i
                runs_found += 1
            i = j
        qsort(firsts, runs_found, 2 * sizeof(Py_ssize_t), _run_order)
        out = []
        for k in range(runs_found):
            i = firsts[2 * k + 1]
            members = [cards[i].element]
            i += 1
            while i < count and cards[i].parent == cards[i - 1].parent and cards[i].tag == cards[i - 1].tag \
                    and cards[i].shape == cards[i - 1].shape:
                members.append(cards[i].element)
                i += 1
            out.append(members)
        return out
    finally:
        PyMem_Free(parent)
        PyMem_Free(blocks_of)
        PyMem_Free(links_of)
        PyMem_Free(tag_of)
        PyMem_Free(words)
        PyMem_Free(cards)
        PyMem_Free(firsts)


cdef struct _Item:
    Py_ssize_t depth  # how far above its heading the item stands
    Py_ssize_t parent
    Py_ssize_t tag  # its tag's number in the call
    Py_ssize_t seen  # when it was first met (the order the reference's dicts keep)
    Py_ssize_t element
    Py_ssize_t headings


cdef int _item_order(const void *a, const void *b) noexcept nogil:
    """Items by depth, parent, tag, then when first met."""
    cdef const _Item *x = <const _Item *> a
    cdef const _Item *y = <const _Item *> b
    cdef int o = _order(x.depth, y.depth)
    if o == 0:
        o = _order(x.parent, y.parent)
    if o == 0:
        o = _order(x.tag, y.tag)
    return o if o != 0 else _order(x.seen, y.seen)


def headline_runs(list blocks, list elements, list reasons, frozenset tags, double share, Py_ssize_t depth,
                  Py_ssize_t min_run):
    """listing._headline_runs: runs of at least `min_run` sibling elements of one tag, each holding one
    heading (a block of `tags` kept by the markup, its text at least `share` link text) at the same
    depth (below `depth`) above it, in the order their first item is met. The items are grouped in C
    (sorted by depth, parent and tag), where the reference keeps a dict of dicts (a page of 874 linked
    headings took 2.7 ms)."""
    cdef Block b
    cdef Element el
    cdef tuple path
    cdef Py_ssize_t n = len(elements), nb = min(len(blocks), len(reasons)), i, j, k, m, e, s
    cdef Py_ssize_t count = 0, runs_found = 0
    cdef bint single
    cdef Py_ssize_t *slot = NULL
    cdef Py_ssize_t *firsts = NULL
    cdef _Item *items = NULL
    cdef dict tag_ids = {}
    cdef list out = [], members
    if depth <= 0 or n == 0:
        return out
    try:
        slot = _array(depth * n)
        for i in range(depth * n):
            slot[i] = -1
        items = <_Item *> PyMem_Malloc((depth * nb if nb > 0 else 1) * sizeof(_Item))
        if items == NULL:
            raise MemoryError()
        for i in range(nb):
            if reasons[i] is not None:
                continue
            b = blocks[i]
            if b.tag not in tags:
                continue
            path = b.path
            m = len(path)
            if m == 0 or b.link_chars < share * b.chars or b.chars == 0:
                continue
            for k in range(min(depth, m)):
                e = <Py_ssize_t> path[m - 1 - k]
                s = slot[k * n + e]
                if s >= 0:
                    items[s].headings += 1
                    continue
                el = <Element?> elements[e]
                slot[k * n + e] = count
                items[count].depth, items[count].parent, items[count].seen = k, el.parent, count
                items[count].tag = tag_ids.setdefault(el.tag, len(tag_ids))
                items[count].element, items[count].headings = e, 1
                count += 1
        qsort(items, count, sizeof(_Item), _item_order)
        firsts = _array(2 * count)
        i = 0
        while i < count:
            j = i + 1
            single = items[i].headings == 1
            while j < count and items[j].depth == items[i].depth and items[j].parent == items[i].parent \
                    and items[j].tag == items[i].tag:
                single = single and items[j].headings == 1
                j += 1
            if j - i >= min_run and single:
                firsts[2 * runs_found] = items[i].seen
                firsts[2 * runs_found + 1] = i
                runs_found += 1
            i = j
        qsort(firsts, runs_found, 2 * sizeof(Py_ssize_t), _run_order)
        for k in range(runs_found):
            i = firsts[2 * k + 1]
            members = [items[i].element]
            j = i + 1
            while j < count and items[j].depth == items[i].depth and items[j].parent == items[i].parent \
                    and items[j].tag == items[i].tag:
                members.append(items[j].element)
                j += 1
            out.append(members)
        return out
    finally:
        PyMem_Free(slot)
        PyMem_Free(items)
        PyMem_Free(firsts)


cdef Py_ssize_t *_run_at(list elements, list runs) except NULL:
    """listing._run_at: per element, the run of the outermost card at or above it (-1: none)."""
    cdef Py_ssize_t n = len(elements), e, p, r
    cdef Py_ssize_t *run_at = _array(n)
    for e in range(n):
        run_at[e] = -1
    for r in range(len(runs)):
        for e in runs[r]:
            run_at[e] = r
    for e in range(n):
        p = (<Element?> elements[e]).parent
        if p >= 0 and run_at[p] >= 0:
            run_at[e] = run_at[p]
    return run_at


def run_texts(list blocks, list elements, list reasons, list runs):
    """listing._run_texts: each run's text (link text included) of the blocks the markup keeps (the
    blocks under its cards: a card's run is its outermost card's), and all those blocks' text."""
    cdef Block b
    cdef Py_ssize_t r, i, last, total = 0, chars
    cdef Py_ssize_t *run_at = _run_at(elements, runs)
    cdef Py_ssize_t *text = NULL
    try:
        text = _array(len(runs))
        for r in range(len(runs)):
            text[r] = 0
        for i in range(min(len(blocks), len(reasons))):
            if reasons[i] is None:
                b = blocks[i]
                chars = b.chars
                total += chars
                last = _last(b.path)
                if last >= 0 and run_at[last] >= 0:
                    text[run_at[last]] += chars
        return [text[r] for r in range(len(runs))], total
    finally:
        PyMem_Free(run_at)
        PyMem_Free(text)


def list_cards(list blocks, list elements, list reasons, list inside, list runs, double share):
    """listing._list_cards: per block, is it a block the markup keeps inside the container, in a card
    of a run holding at least `share` of the text the markup keeps in the container?"""
    cdef Block b
    cdef Py_ssize_t n = len(blocks), nr = len(runs), r, i, last, total = 0
    cdef Py_ssize_t *run_at = _run_at(elements, runs)
    cdef Py_ssize_t *of = NULL
    cdef Py_ssize_t *text = NULL
    cdef unsigned char *listed = NULL
    cdef list out
    try:
        of = _array(n)
        text = _array(nr)
        listed = <unsigned char *> PyMem_Malloc(nr + 1)
        if listed == NULL:
            raise MemoryError()
        for r in range(nr):
            text[r] = 0
        for i in range(n):
            of[i] = -1
            if inside[i] and reasons[i] is None:
                b = blocks[i]
                total += b.chars
                last = _last(b.path)
                if last >= 0:
                    of[i] = run_at[last]
                    if of[i] >= 0:
                        text[of[i]] += b.chars
        for r in range(nr):
            listed[r] = total != 0 and <double> text[r] >= share * <double> total
        out = [False] * n
        for i in range(n):
            if of[i] >= 0 and listed[of[i]]:
                out[i] = True
        return out
    finally:
        PyMem_Free(run_at)
        PyMem_Free(of)
        PyMem_Free(text)
        PyMem_Free(listed)


def any_digit(str text):
    """`any(ch.isdigit() for ch in text)` (html.head_date.any_digit_reference): str.isdigit's test of
    each character, without a generator and a string per character."""
    cdef Py_ssize_t i, n = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if (c < 128 and 48 <= c <= 57) or (c >= 128 and Py_UNICODE_ISDIGIT(c)):
            return True
    return False


def utf8_valid(bytes data):
    """Would `data.decode("utf-8")` succeed? The strict check of well-formed UTF-8 (`_chars.utf8_count`,
    which the walk also counts a text node's characters with), without making the text."""
    return utf8_count(<const unsigned char *> (<char *> data), len(data)) >= 0


def any_key_in(bytes data, tuple keys):
    """Is one of `keys` in `data`? `any(k in data for k in keys)` in one pass (`_keys_search`)."""
    return _keys_search(data, keys, None)


def keys_in(bytes data, tuple keys):
    """Which of `keys` are in `data`: `tuple(k in data for k in keys)` in one pass (`_keys_search`,
    which goes on past a key found until every key is)."""
    cdef list found = [False] * len(keys)
    _keys_search(data, keys, found)
    return tuple(found)


def tag_starts(bytes data, bytes lower, bytes upper):
    """The offsets of `lower` in `data` ("<h1"), or where it is nowhere, of `upper` ("<H1"), as
    `product._tag_starts_reference`: both searches in one pass over the places where their first byte
    (the same in both; neither key may start again inside itself, as "<h1" cannot) stands before one of
    their second bytes (`_next_pair`)."""
    cdef Py_ssize_t n = len(data), m = len(lower), i = 0
    cdef const char *p = <const char *> data
    cdef const char *low_key = <const char *> lower
    cdef const char *up_key = <const char *> upper
    cdef const char *hit
    cdef list low = [], up = []
    cdef unsigned char second[2]
    second[0] = second[1] = 0
    if m == 0 or len(upper) != m or low_key[0] != up_key[0]:
        raise ValueError("two keys of one length with the same first byte")
    if m > 1:
        second[0], second[1] = <unsigned char> low_key[1], <unsigned char> up_key[1]
    while i + m <= n:
        # (the places of the first byte followed by either key's second: `_next_pair`)
        i = _next_pair(<const unsigned char *> p, i, n - m + 1, <unsigned char> low_key[0], 0, second,
                       2 if m > 1 else 0, 1)
        if i + m > n:
            break
        hit = p + i
        if memcmp(hit, low_key, m) == 0:
            low.append(i)
            i += m
        elif not low and memcmp(hit, up_key, m) == 0:
            up.append(i)
            i += m
        else:
            i += 1
    return low if low else up


cdef extern from *:
    """
    #if defined(__SSE2__) && defined(__GNUC__)
    #include <emmintrin.h>
    #endif
    /* The first i in [from, limit) where p[i + oa] is `a` and p[i + ob] one of the `nb` bytes of `set`
       (nb 0: any byte), else limit; p[i + oa] and p[i + ob] must be readable for every i < limit.
       With SSE2, 16 places at a time: a call of memchr for each of a page's ten thousand quotes cost
       more than its scan. */
    static Py_ssize_t ghirbal_next_pair(const unsigned char *p, Py_ssize_t from, Py_ssize_t limit,
                                        unsigned char a, Py_ssize_t oa, const unsigned char *set, int nb,
                                        Py_ssize_t ob) {
        Py_ssize_t i = from;
        int k;
        const unsigned char *hit;
    #if defined(__SSE2__) && defined(__GNUC__)
        __m128i va = _mm_set1_epi8((char) a);
        __m128i v0 = _mm_set1_epi8((char) (nb > 0 ? set[0] : 0));
        __m128i v1 = _mm_set1_epi8((char) (nb > 1 ? set[1] : set[0]));
        __m128i v2 = _mm_set1_epi8((char) (nb > 2 ? set[2] : set[0]));
        __m128i v3 = _mm_set1_epi8((char) (nb > 3 ? set[3] : set[0]));
        for (; i + 16 <= limit; i += 16) {
            unsigned int mask = (unsigned int) _mm_movemask_epi8(
                _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (p + i + oa)), va));
            if (mask && nb) {
                __m128i x = _mm_loadu_si128((const __m128i *) (p + i + ob));
                mask &= (unsigned int) _mm_movemask_epi8(_mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(x, v0), _mm_cmpeq_epi8(x, v1)),
                    _mm_or_si128(_mm_cmpeq_epi8(x, v2), _mm_cmpeq_epi8(x, v3))));
            }
            if (mask)
                return i + __builtin_ctz(mask);
        }
    #endif
        while (i < limit) {
            hit = (const unsigned char *) memchr(p + i + oa, a, (size_t) (limit - i));
            if (hit == NULL)
                return limit;
            i = hit - p - oa;
            if (!nb)
                return i;
            for (k = 0; k < nb; k++)
                if (p[i + ob] == set[k])
                    return i;
            i++;
        }
        return limit;
    }
    """
    Py_ssize_t _next_pair "ghirbal_next_pair" (const unsigned char *p, Py_ssize_t start, Py_ssize_t limit,
                                               unsigned char a, Py_ssize_t oa, const unsigned char *set, int nb,
                                               Py_ssize_t ob) noexcept nogil


# A page sample this long tells which byte of the keys' shared prefix to look for (the rarest in it).
cdef enum:
    _SAMPLE = 4096


cdef bint _keys_search(bytes data, tuple keys, list found) except -1:
    """A Wu-Manber search of `data` for `keys`: a window as long as the shortest key (m) moves by what
    its last two bytes allow (m - 1 when they are in no key's first m bytes), and only a window whose
    last two bytes end some key's first m bytes is compared with the keys. `found` None: is one of the
    keys in `data`? Else each key found is marked True in it (the search ends when all are), and the
    answer is whether one was. (Keys shorter than four bytes are looked for one by one; keys that share
    their first bytes are searched from one of them, `_prefix_search`.)"""
    cdef Py_ssize_t n = len(data), i, j, q, k = len(keys), m = 0, left = len(keys)
    cdef unsigned char *shift
    cdef unsigned char s
    cdef unsigned int block
    cdef bint any_found = False
    cdef int hits
    cdef bytes key
    cdef const unsigned char *p = <const unsigned char *> (<char *> data)
    cdef const unsigned char *t
    for key in keys:
        if len(key) < 4:
            for j in range(k):
                if keys[j] in data:
                    if found is None:
                        return True
                    found[j] = any_found = True
            return any_found
        if m == 0 or len(key) < m:
            m = len(key)
    if k == 0 or n < m:
        return False
    if _shared_prefix(keys, m):
        return _prefix_search(data, keys, found, m)
    if m > 255:
        m = 255
    shift = <unsigned char *> PyMem_Malloc(65536)
    if shift == NULL:
        raise MemoryError()
    try:
        memset(shift, m - 1, 65536)
        for j in range(k):
            key = keys[j]
            t = <const unsigned char *> (<char *> key)
            for q in range(m - 1):
                block = t[q] | (<unsigned int> t[q + 1] << 8)
                if shift[block] > m - 2 - q:
                    shift[block] = <unsigned char> (m - 2 - q)
        i = 0
        while i + m <= n:
            s = shift[p[i + m - 2] | (<unsigned int> p[i + m - 1] << 8)]
            if s:
                i += s
                continue
            hits = _keys_at(p, n, i, keys, found, &left)
            if hits == 2:
                return True
            any_found |= hits
            i += 1
        return any_found
    finally:
        PyMem_Free(shift)


cdef int _keys_at(const unsigned char *p, Py_ssize_t n, Py_ssize_t i, tuple keys, list found,
                  Py_ssize_t *left) except -1:
    # The keys that stand at p[i:] (p holds n bytes), each marked in `found` the first time (`left`: the
    # keys not found yet): 2 when the search is over (a key found and `found` None, or every key found),
    # 1 when a key stands here, else 0. (`_keys_search`'s and `_prefix_search`'s comparison.)
    cdef Py_ssize_t j
    cdef int hits = 0
    cdef bytes key
    for j in range(len(keys)):
        key = <bytes> keys[j]
        if len(key) <= n - i and memcmp(p + i, <const char *> key, len(key)) == 0:
            if found is None:
                return 2
            hits = 1
            if not found[j]:
                found[j] = True
                left[0] -= 1
                if left[0] == 0:
                    return 2
    return hits


cdef Py_ssize_t _shared_prefix(tuple keys, Py_ssize_t m):
    """How many first bytes all `keys` (at least `m` long) share."""
    cdef const unsigned char *first = <const unsigned char *> (<char *> keys[0])
    cdef Py_ssize_t q = 0
    cdef bytes key
    while q < m:
        for key in keys:
            if (<const unsigned char *> (<char *> key))[q] != first[q]:
                return q
        q += 1
    return q


cdef bint _prefix_search(bytes data, tuple keys, list found, Py_ssize_t m) except -1:
    """`_keys_search` for keys that share their first bytes ("schema.org/", the quote before a script
    date key): `_next_pair` finds each place of the one of those bytes that is rarest in the page's
    first `_SAMPLE` bytes with the next rarest (or one of the bytes after them) where it stands in the
    keys, and only a place where the shared bytes stand and the byte after them and the one at the
    shortest key's end are some key's is compared with the keys. (Wu-Manber's window moves by
    two bytes' worth at a time where the keys' byte pairs are common in HTML: 0.70M a wcxb page for
    the script date keys, 0.39M for the schema.org types, against 0.28M and 0.11M with memchr for the
    one byte; `bench/scan_icount.py`, all 40 pages: 0.350M and 0.269M with memchr, 0.256M and 0.257M
    with `_next_pair`.)"""
    cdef Py_ssize_t n = len(data), i, left = len(keys), shared = _shared_prefix(keys, m)
    cdef Py_ssize_t at = 0, q, sample = n if n < _SAMPLE else _SAMPLE, ob = 0
    cdef unsigned char pair[4]
    cdef int nb = 0
    cdef const unsigned char *p = <const unsigned char *> (<char *> data)
    cdef const unsigned char *first = <const unsigned char *> (<char *> keys[0])
    cdef const unsigned char *t
    cdef Py_ssize_t counts[256]
    cdef unsigned char after[256]
    cdef unsigned char last[256]
    cdef bint any_found = False, check_after = shared < m
    cdef int hits
    cdef bytes key
    memset(counts, 0, sizeof(counts))
    memset(pair, 0, sizeof(pair))
    for i in range(sample):
        counts[p[i]] += 1
    for q in range(1, shared):
        if counts[first[q]] < counts[first[at]]:
            at = q
    memset(after, 0, 256)
    memset(last, 0, 256)
    for key in keys:
        t = <const unsigned char *> (<char *> key)
        if check_after:
            after[t[shared]] = 1
        last[t[m - 1]] = 1
    # The second byte looked for beside it (`_next_pair`): the next rarest shared one, or the byte after
    # the shared ones when the keys have at most four of them there.
    for q in range(shared):
        if q != at and (nb == 0 or counts[first[q]] < counts[first[ob]]):
            ob, nb = q, 1
    if nb:
        pair[0] = first[ob]
    elif check_after:
        ob = shared
        for q in range(256):
            if after[q]:
                if nb == 4:
                    nb = 0
                    break
                pair[nb] = <unsigned char> q
                nb += 1
    i = 0  # (the byte looked for stands `at` bytes into a key)
    while True:
        i = _next_pair(p, i, n - m + 1, first[at], at, pair, nb, ob)
        if i > n - m:
            break
        if ((not check_after or after[p[i + shared]]) and last[p[i + m - 1]]
                and (shared == 1 or memcmp(p + i, first, shared) == 0)):
            hits = _keys_at(p, n, i, keys, found, &left)
            if hits == 2:
                return True
            any_found |= hits
        i += 1
    return any_found


def block_rows(double[:, ::1] rows, list blocks, list elements, Py_ssize_t container, list inside, list adjust,
               list reasons, const double[::1] logits, dict tag_codes, tuple main_tags):
    """block_model._block_rows_reference into `rows` (zeros, a row of FEATURES per block), in one pass
    over the elements and one over the blocks, but for the column of log1p(chars): the chars are left
    there (the caller takes numpy's log1p of them: C's differs from it in the last bit)."""
    cdef Element el
    cdef Block b
    cdef Py_ssize_t n = len(blocks), m = len(elements), i, e, p, k, at, code, near, count
    cdef tuple path
    cdef str tag
    cdef double total = 0.0, before = 0.0, share = 0.0, chars
    cdef unsigned char *flags
    cdef Py_ssize_t *below
    if rows.shape[0] != n or rows.shape[1] != 26 or logits.shape[0] != n or len(inside) != n \
            or len(adjust) != n or len(reasons) != n:
        raise ValueError("block_rows: one row, log-odds, inside, adjust and reason per block")
    if n == 0:
        return
    flags = <unsigned char *> PyMem_Malloc(5 * (m + 1))
    below = _array(m + 1)
    try:
        if flags == NULL:
            raise MemoryError()
        # Per element: main content, a declared body, a weak mark, a list, a table (itself or above
        # it), and its depth below the container (-1 outside it); the last row, for a block outside
        # every element: none and -1.
        for e in range(m):
            el = elements[e]
            p = el.parent
            tag = el.tag
            flags[5 * e] = el.main
            flags[5 * e + 1] = el.main and tag not in main_tags
            flags[5 * e + 2] = el.weak
            # (the length first: a str compare is a call to PyUnicode_Compare, ~90 instructions)
            flags[5 * e + 3] = tag is not None and len(tag) == 2 and (tag == "ul" or tag == "ol")
            flags[5 * e + 4] = tag is not None and len(tag) == 5 and tag == "table"
            if p >= 0:
                for k in range(5):
                    flags[5 * e + k] = flags[5 * e + k] or flags[5 * p + k]
            if e == container:
                below[e] = 0
            elif p >= 0 and below[p] >= 0:
                below[e] = below[p] + 1
            else:
                below[e] = -1
        memset(flags + 5 * m, 0, 5)
        below[m] = -1
        for i in range(n):
            total += (<Block?> blocks[i]).chars
        if total == 0.0:
            total = 1.0
        if container >= 0:
            share = (<Element?> elements[container]).chars / total
        for i in range(n):
            b = blocks[i]
            path = b.path
            at = <Py_ssize_t> path[len(path) - 1] if path else m
            chars = <double> b.chars
            rows[i, 0] = logits[i]
            if i > 0:
                rows[i, 1] = logits[i - 1]
            if i < n - 1:
                rows[i, 2] = logits[i + 1]
            rows[i, 3] = container >= 0
            rows[i, 4] = 1.0 if inside[i] else 0.0
            rows[i, 5] = <double> below[at]
            rows[i, 6] = share
            rows[i, 7] = b.link_chars / (chars if chars > 1.0 else 1.0)
            rows[i, 8] = <double> b.links
            rows[i, 9] = chars  # (log1p: the caller's)
            rows[i, 10] = <double> len(path)
            code_obj = tag_codes.get(b.tag)
            code = <Py_ssize_t> code_obj if code_obj is not None else 0
            if 0 < code <= 6:
                rows[i, 10 + code] = 1.0
            for k in range(5):
                rows[i, 17 + k] = flags[5 * at + k]
            rows[i, 22] = <double> i / <double> n
            rows[i, 23] = before / total
            before += chars
            rows[i, 24] = <double> adjust[i]
            near = count = 0
            for k in range(i - 2, i + 3):
                if k != i and 0 <= k < n:
                    count += 1
                    near += reasons[k] is not None
            rows[i, 25] = <double> near / <double> (count if count > 1 else 1)
    finally:
        PyMem_Free(flags)
        PyMem_Free(below)


# --- the script elements' spans (hints.script_spans, hints._script_key_spans_reference) -------------

# The characters that `<script` / `</script` match under re.I, each given a class: 1 "<", 2 "/",
# 3..8 the letters of "script" (with the non-ASCII ones re.I folds to them: U+017F long s, U+0130
# dotted capital I, U+0131 dotless i). 0: any other character.
cdef unsigned char _TAG_CLASS[128]
cdef unsigned char _OPEN[7]
cdef unsigned char _CLOSE[8]


cdef void _init_tag_classes() noexcept:
    cdef int c
    for c in range(128):
        _TAG_CLASS[c] = 0
    _TAG_CLASS[ord("<")] = 1
    _TAG_CLASS[ord("/")] = 2
    for c, letter in enumerate("script"):
        _TAG_CLASS[ord(letter)] = 3 + c
        _TAG_CLASS[ord(letter.upper())] = 3 + c
    for c in range(7):
        _OPEN[c] = (1, 3, 4, 5, 6, 7, 8)[c]
    for c in range(8):
        _CLOSE[c] = (1, 2, 3, 4, 5, 6, 7, 8)[c]


_init_tag_classes()


cdef inline unsigned char _tag_class(Py_UCS4 c) noexcept nogil:
    if c < 128:
        return _TAG_CLASS[c]
    if c == 0x17F:
        return 3
    if c == 0x130 or c == 0x131:
        return 6
    return 0


cdef inline bint _is_word(Py_UCS4 c) noexcept:
    """re's \\w on str: str.isalnum or "_"."""
    return c == 0x5F or Py_UNICODE_ISALNUM(c)


cdef Py_ssize_t _find_tag(const _uchar *s, Py_ssize_t n, Py_ssize_t pos, const unsigned char *pattern,
                          Py_ssize_t m) noexcept:
    """The first i >= pos where the m characters at i are of the pattern's classes, else -1: a
    Horspool search (the pattern's classes are all different; its last one, "t", is not earlier in
    it, so a window whose last character is no letter of the pattern moves by m)."""
    cdef Py_ssize_t i = pos, j
    cdef unsigned char c, last = pattern[m - 1]
    cdef Py_ssize_t shift[9]
    for j in range(9):
        shift[j] = m
    for j in range(m - 1):
        shift[pattern[j]] = m - 1 - j
    while i + m <= n:
        c = _tag_class(s[i + m - 1])
        if c == last:
            j = 0
            while j < m - 1 and _tag_class(s[i + j]) == pattern[j]:
                j += 1
            if j == m - 1:
                return i
        i += shift[c]
    return -1


cdef bint _key_at(const _uchar *s, Py_ssize_t p, Py_ssize_t end, const Py_UCS4 *chars,
                  const Py_ssize_t *starts, Py_ssize_t k) noexcept:
    """Is one of the k keys (key j: chars[starts[j]:starts[j + 1]]) at s[p:], ending by `end`?"""
    cdef Py_ssize_t j, a, m, q
    for j in range(k):
        a = starts[j]
        m = starts[j + 1] - a
        if p + m > end or chars[a] != s[p]:
            continue
        q = 1
        while q < m and chars[a + q] == s[p + q]:
            q += 1
        if q == m:
            return True
    return False


cdef tuple _next_script_key_span(const _uchar *s, Py_ssize_t n, Py_ssize_t pos, const Py_UCS4 *chars,
                                 const Py_ssize_t *starts, Py_ssize_t k, const unsigned char *first):
    cdef Py_ssize_t i, start, end, p, at
    cdef Py_UCS4 c
    while True:
        # <script\b[^>]*>: "<script", no word character after it, then the first ">"
        i = _find_tag(s, n, pos, _OPEN, 7)
        while i >= 0 and i + 7 < n and _is_word(s[i + 7]):
            i = _find_tag(s, n, i + 1, _OPEN, 7)
        if i < 0:
            return None
        start = i + 7
        while start < n and s[start] != 0x3E:
            start += 1
        if start >= n:
            return None  # no ">" after this "<script": none after a later one either
        start += 1
        # </script\s*>: the first "</script" followed by spaces and ">"
        at = start
        while True:
            end = _find_tag(s, n, at, _CLOSE, 8)
            if end < 0:
                return None
            p = end + 8
            while p < n and _is_space(s[p]):
                p += 1
            if p < n and s[p] == 0x3E:
                break
            at = end + 1
        pos = p + 1
        for i in range(start, end - 1):
            if s[i] == 0x22:
                c = s[i + 1]
                if c < 128 and first[c] and _key_at(s, i + 1, end, chars, starts, k):
                    return start, end, pos


def next_script_key_span(str source, tuple keys, Py_ssize_t pos):
    """hints._script_key_spans_reference, one span at a time: (start, end, where the search goes on)
    of the first `<script>` element's text at or after `pos` (hints.script_spans from there) that
    holds `"KEY` for one of `keys` (not empty, each beginning with an ASCII character), else None."""
    cdef Py_ssize_t n = len(source), k = len(keys), j, q, total = 0
    cdef int kind = PyUnicode_KIND(source)
    cdef void *data = PyUnicode_DATA(source)
    cdef unsigned char first[128]
    cdef Py_ssize_t *starts = _array(k + 1)
    cdef Py_UCS4 *chars
    for key in keys:
        total += len(<str> key)
    chars = <Py_UCS4 *> PyMem_Malloc((total if total else 1) * sizeof(Py_UCS4))
    if chars == NULL:
        PyMem_Free(starts)
        raise MemoryError()
    try:
        memset(first, 0, 128)
        total = 0
        for j in range(k):
            key = <str> keys[j]
            starts[j] = total
            for q in range(len(key)):
                chars[total] = PyUnicode_READ(PyUnicode_KIND(key), PyUnicode_DATA(key), q)
                total += 1
            if len(key) == 0 or chars[starts[j]] >= 128:
                raise ValueError("script keys are not empty and begin with an ASCII character")
            first[chars[starts[j]]] = 1
        starts[k] = total
        if kind == PyUnicode_1BYTE_KIND:
            return _next_script_key_span(<const unsigned char *> data, n, pos, chars, starts, k, first)
        if kind == PyUnicode_2BYTE_KIND:
            return _next_script_key_span(<const unsigned short *> data, n, pos, chars, starts, k, first)
        return _next_script_key_span(<const Py_UCS4 *> data, n, pos, chars, starts, k, first)
    finally:
        PyMem_Free(starts)
        PyMem_Free(chars)


def copy_runs(list copies, Py_ssize_t min_lines):
    """copies.copy_runs: the runs [i, j) of at least `min_lines` lines each copying the line after the
    one the line before copies, all above the run; one pass over `copies` in C."""
    cdef Py_ssize_t n = len(copies), i = 0, j, start, k
    cdef Py_ssize_t *at = _array(n)
    cdef list runs = []
    try:
        for k in range(n):
            at[k] = <Py_ssize_t> copies[k]
        while i < n:
            start = at[i]
            j = i
            while j < n and at[j] == start + (j - i) and at[j] < i:
                j += 1
            if j - i >= min_lines:
                runs.append((i, j))
            i = j if j > i else i + 1
        return runs
    finally:
        PyMem_Free(at)


def offer_rows(list blocks, list elements, list runs, headings, Py_ssize_t least):
    """offers.offer_rows: per run of cards, does each card hold a heading block (a tag of `headings`)
    and another block of at least `least` characters? Only the elements from the first card on are
    read (a card's elements come after it)."""
    cdef Block b
    cdef Py_ssize_t n = len(elements), e, p, last, start = n
    cdef Py_ssize_t *parent
    cdef bytearray flags_ = bytearray(n)  # (bit 1: a heading at or under the element; bit 2: a sentence)
    cdef unsigned char *flags = flags_
    cdef list members, out = []
    cdef bint holds
    for members in runs:
        for e in members:
            if e < start:
                start = e
    parent = _parents(elements)
    try:
        for b in blocks:
            last = _last(b.path)
            if last >= start:
                if b.tag in headings:
                    flags[last] |= 1
                elif b.chars >= least:
                    flags[last] |= 2
        for e in range(n - 1, start, -1):  # (children before parents)
            p = parent[e]
            if p >= 0:
                flags[p] |= flags[e]
        for members in runs:
            holds = True
            for e in members:
                if flags[e] != 3:
                    holds = False
                    break
            out.append(holds)
        return out
    finally:
        PyMem_Free(parent)
