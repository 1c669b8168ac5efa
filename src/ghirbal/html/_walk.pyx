# cython: language_level=3, boundscheck=False, wraparound=False
"""The tree walk of `ghirbal.html.blocks`, compiled: the same steps as `blocks._walk_python` (its
pure-Python reference), with the open block's state in typed fields. It still reads the tree through
selectolax's Python API (selectolax ships no lexbor headers to compile against); what it saves is
the interpreter's work between those calls, and the pass over the elements after the walk: each
element's text counts are added up in C arrays as its blocks end, and carried to the parents once.
tests/test_html_fast_walk.py holds the two to identical blocks, elements and hint values on the dev
pages.
"""

from cpython.mem cimport PyMem_Free, PyMem_Realloc

cdef int _INLINE = 0, _BLOCK = 1, _BREAK = 2, _SKIP = 3, _HEAD_VALUE = 4, _HEAD = 5

# Set once by ghirbal.html.blocks (configure): its classes, tables and helpers.
cdef object Block, Element, head_element, element_hints, marks_of, marks_key
cdef dict kind_table, plain_marks
cdef dict tag_marks = {}  # tag -> marks of an element with none of the attributes marks read
cdef frozenset mark_attrs


def configure(block_cls, element_cls, dict kinds, dict plain, frozenset attrs_of_marks, marks_fn, key_fn, head_fn,
              hints_fn):
    global Block, Element, kind_table, plain_marks, mark_attrs, marks_of, marks_key, head_element, element_hints
    Block, Element, kind_table, plain_marks = block_cls, element_cls, kinds, plain
    tag_marks.clear()
    mark_attrs, marks_of, marks_key, head_element, element_hints = attrs_of_marks, marks_fn, key_fn, head_fn, hints_fn


cdef Py_ssize_t *_grown(Py_ssize_t *array, Py_ssize_t size) except NULL:
    cdef void *p = PyMem_Realloc(array, size * sizeof(Py_ssize_t))
    if p == NULL:
        raise MemoryError()
    return <Py_ssize_t *> p


cdef class _Walk:
    cdef list parts, blocks, elements, h1
    cdef object lex, hints
    cdef Py_ssize_t link_chars, links
    cdef str block_tag
    cdef tuple block_path
    cdef Py_ssize_t block_element  # the innermost element of block_path, -1 for none
    cdef bint block_noscript
    # Per element (by id): its parent, and the characters / link characters of the blocks it holds.
    cdef Py_ssize_t *parent
    cdef Py_ssize_t *chars
    cdef Py_ssize_t *link_chars_of
    cdef Py_ssize_t n_elements, capacity

    def __cinit__(self):
        self.parent = self.chars = self.link_chars_of = NULL
        self.n_elements = self.capacity = 0

    def __dealloc__(self):
        PyMem_Free(self.parent)
        PyMem_Free(self.chars)
        PyMem_Free(self.link_chars_of)

    def __init__(self, lex, hints, list blocks, list elements):
        self.lex, self.hints, self.blocks, self.elements = lex, hints, blocks, elements
        self.h1 = hints.h1
        self.parts = []
        self.link_chars = self.links = 0
        self.block_tag, self.block_path, self.block_element, self.block_noscript = "body", (), -1, False

    cdef Py_ssize_t add_element(self, str tag, Py_ssize_t parent, object reason, object main, object weak) except -1:
        """Append an Element; its id."""
        cdef Py_ssize_t i = self.n_elements
        if i == self.capacity:
            self.capacity = 2 * self.capacity if self.capacity else 256
            self.parent = _grown(self.parent, self.capacity)
            self.chars = _grown(self.chars, self.capacity)
            self.link_chars_of = _grown(self.link_chars_of, self.capacity)
        self.elements.append(Element(tag, parent, reason, main, weak))
        self.parent[i] = parent
        self.chars[i] = self.link_chars_of[i] = 0
        self.n_elements = i + 1
        return i

    cdef void end_block(self) except *:
        cdef str text
        cdef Py_ssize_t n, lc
        if self.parts:
            text = " ".join("".join(self.parts).split())
            if text:
                n = len(text)
                lc = self.link_chars if self.link_chars < n else n
                self.blocks.append(Block(text, self.block_tag, n, lc, self.links, self.block_path, self.block_noscript))
                if self.block_element >= 0:
                    self.chars[self.block_element] += n
                    self.link_chars_of[self.block_element] += lc
            self.parts.clear()
        self.link_chars = self.links = 0

    cdef void add_up(self) except *:
        """Each element's text: its own blocks' counts, carried up to the parents (a parent comes before
        its children)."""
        cdef Py_ssize_t i, p
        for i in range(self.n_elements - 1, -1, -1):
            p = self.parent[i]
            if p >= 0:
                self.chars[p] += self.chars[i]
                self.link_chars_of[p] += self.link_chars_of[i]
        for i in range(self.n_elements):
            if self.chars[i]:
                el = self.elements[i]
                el.chars = self.chars[i]
                el.link_chars = self.link_chars_of[i]

    cdef void walk(self, node, tuple path, Py_ssize_t here, bint in_link, bint noscript) except *:
        """`here`: the innermost element of `path` (-1 for none)."""
        cdef str tag, t
        cdef object kind_obj, marks, key, attrs, reason, main, weak, item, cls, id_, child, following
        cdef int kind
        cdef tuple sub_path
        cdef Py_ssize_t e
        cdef bint link
        following = node.first_child
        while following is not None:
            child = following
            following = child.next
            t = child.text_content  # None but for text (one call where `tag` and this made two)
            if t is not None:
                # (blank text before any word of the block adds nothing to it)
                if t and (self.parts or not t.isspace()):
                    self.parts.append(t)
                    if in_link:
                        self.link_chars += len(t.strip())
                continue
            tag = child.tag
            kind_obj = kind_table.get(tag)
            if kind_obj is None:
                if tag[0] in "-!_":
                    continue  # comments, doctype
                kind = _INLINE
            else:
                kind = kind_obj
                if kind >= _SKIP:
                    if kind == _HEAD_VALUE:
                        head_element(child, tag, self.hints)
                    elif kind == _HEAD:
                        for item in child.iter(include_text=False):
                            if kind_table.get(item.tag) == _HEAD_VALUE:
                                head_element(item, item.tag, self.hints)
                    continue
            attrs = child.attributes
            key = None
            if attrs:
                if tag == "time" or "itemprop" in attrs:  # all that `element_hints` reads
                    element_hints(tag, attrs, self.hints, len(self.blocks))
                if mark_attrs.isdisjoint(attrs):
                    cls, id_ = attrs.get("class"), attrs.get("id")
                    if cls is not None or id_ is not None:
                        key = (tag, cls, id_)
                else:
                    key = marks_key(tag, attrs)
            if key is None:  # the tag alone gives the marks
                marks = tag_marks.get(tag)
                if marks is None:
                    if len(tag_marks) >= 10_000:  # (custom element names are many)
                        tag_marks.clear()
                    marks = tag_marks[tag] = marks_of(tag, {}, self.lex)
            else:
                marks = plain_marks.get(key)
                if marks is None:
                    if len(plain_marks) >= 50_000:
                        plain_marks.clear()
                    marks = plain_marks[key] = marks_of(tag, attrs, self.lex)
            reason, main, weak = marks
            if tag == "h1" and len(self.h1) < 8:
                self.h1.append(child.text(deep=True))
            if kind != _INLINE or reason is not None or main:
                # A block element, or an inline element whose own mark makes a block of it.
                e = self.add_element(tag, here, reason, main, weak)
                sub_path = path + (e,)
                self.end_block()
                if kind == _BREAK:
                    continue
                self.block_tag, self.block_path, self.block_element = tag, sub_path, e
                if kind == _BLOCK:
                    self.block_noscript = noscript or tag == "noscript"
                    self.walk(child, sub_path, e, in_link, self.block_noscript)
                else:
                    link = tag == "a"
                    if link:
                        self.links += 1
                    self.walk(child, sub_path, e, in_link or link, noscript)
                self.end_block()
                # Text after this element belongs to the enclosing block again.
                self.block_tag = (<object> self.elements[here]).tag if here >= 0 else "body"
                self.block_path, self.block_element, self.block_noscript = path, here, noscript
            elif tag == "a":
                self.links += 1
                self.walk(child, path, here, True, noscript)
            else:
                self.walk(child, path, here, in_link, noscript)


def walk_tree(root, lex, hints, list blocks, list elements):
    """`blocks._walk_python`, compiled; it also fills in each element's `chars` and `link_chars`
    (`blocks._add_up`)."""
    cdef _Walk w = _Walk(lex, hints, blocks, elements)
    w.walk(root, (), -1, False, False)
    w.end_block()
    w.add_up()
