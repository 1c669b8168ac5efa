# cython: language_level=3
"""The tree walk of `ghirbal.html.blocks`, compiled: the same steps as `blocks._walk_python` (its
pure-Python reference), with the open block's state in typed fields. It still reads the tree through
selectolax's Python API (selectolax ships no lexbor headers to compile against); what it saves is
the interpreter's work between those calls. tests/test_html_fast_walk.py holds the two to identical
blocks, elements and hint values on the dev pages.
"""

cdef int _INLINE = 0, _BLOCK = 1, _BREAK = 2, _SKIP = 3, _HEAD_VALUE = 4, _HEAD = 5

# Set once by ghirbal.html.blocks (configure): its classes, tables and helpers.
cdef object Block, Element, head_element, element_hints, marks_of, marks_key
cdef dict kind_table, plain_marks
cdef frozenset mark_attrs


def configure(block_cls, element_cls, dict kinds, dict plain, frozenset attrs_of_marks, marks_fn, key_fn, head_fn,
              hints_fn):
    global Block, Element, kind_table, plain_marks, mark_attrs, marks_of, marks_key, head_element, element_hints
    Block, Element, kind_table, plain_marks = block_cls, element_cls, kinds, plain
    mark_attrs, marks_of, marks_key, head_element, element_hints = attrs_of_marks, marks_fn, key_fn, head_fn, hints_fn


cdef class _Walk:
    cdef list parts, blocks, elements, h1
    cdef object lex, hints
    cdef Py_ssize_t link_chars, links
    cdef str block_tag
    cdef tuple block_path
    cdef bint block_noscript

    def __init__(self, lex, hints, list blocks, list elements):
        self.lex, self.hints, self.blocks, self.elements = lex, hints, blocks, elements
        self.h1 = hints.h1
        self.parts = []
        self.link_chars = self.links = 0
        self.block_tag, self.block_path, self.block_noscript = "body", (), False

    cdef void end_block(self) except *:
        cdef str text
        cdef Py_ssize_t n
        if self.parts:
            text = " ".join("".join(self.parts).split())
            if text:
                n = len(text)
                self.blocks.append(Block(text, self.block_tag, n, self.link_chars if self.link_chars < n else n,
                                         self.links, self.block_path, self.block_noscript))
            self.parts.clear()
        self.link_chars = self.links = 0

    cdef void walk(self, node, tuple path, bint in_link, bint noscript) except *:
        cdef str tag, t
        cdef object kind_obj, marks, key, attrs, reason, main, weak, item
        cdef int kind
        cdef tuple sub_path
        cdef bint link
        cdef list elements = self.elements
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                t = child.text_content
                if t:
                    self.parts.append(t)
                    if in_link:
                        self.link_chars += len(t.strip())
                continue
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
            if attrs:
                element_hints(tag, attrs, self.hints, len(self.blocks))
            key = (tag, attrs.get("class"), attrs.get("id")) if mark_attrs.isdisjoint(attrs) else marks_key(tag, attrs)
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
                elements.append(Element(tag, path[-1] if path else -1, reason, main, weak))
                sub_path = path + (len(elements) - 1,)
                self.end_block()
                if kind == _BREAK:
                    continue
                self.block_tag, self.block_path = tag, sub_path
                if kind == _BLOCK:
                    self.block_noscript = noscript or tag == "noscript"
                    self.walk(child, sub_path, in_link, self.block_noscript)
                else:
                    link = tag == "a"
                    if link:
                        self.links += 1
                    self.walk(child, sub_path, in_link or link, noscript)
                self.end_block()
                # Text after this element belongs to the enclosing block again.
                self.block_tag = elements[path[-1]].tag if path else "body"
                self.block_path, self.block_noscript = path, noscript
            elif tag == "a":
                self.links += 1
                self.walk(child, path, True, noscript)
            else:
                self.walk(child, path, in_link, noscript)


def walk_tree(root, lex, hints, list blocks, list elements):
    """`blocks._walk_python`, compiled."""
    cdef _Walk w = _Walk(lex, hints, blocks, elements)
    w.walk(root, (), False, False)
    w.end_block()
