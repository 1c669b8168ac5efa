"""Walks up the element tree (`PageTree.elements`: each element knows its parent, -1 above the root)."""

from __future__ import annotations

from ghirbal.html.blocks import ROLE_MARKS, Element


def common_ancestor(elements: list[Element], a: int, b: int) -> int:
    """The nearest element holding both `a` and `b` (-1: only the page holds both)."""
    above = set()
    while a >= 0:
        above.add(a)
        a = elements[a].parent
    while b >= 0 and b not in above:
        b = elements[b].parent
    return b


def marked_at_or_above(elements: list[Element], e: int, unmarked: frozenset[int] = frozenset()) -> bool:
    """Does the element or one above it carry a mark (nav, aside, form ...), whether it holds or not?
    (A role mark, a caption, is no mark of boilerplate; nor is the mark of an element of `unmarked`.)"""
    while e >= 0:
        if elements[e].mark is not None and elements[e].mark not in ROLE_MARKS and e not in unmarked:
            return True
        e = elements[e].parent
    return False


def child_toward(elements: list[Element], top: int, e: int) -> int:
    """The element just under `top` on the way up from `e` (`e` itself when `top` is its parent;
    `top` when `e` is not under it)."""
    while e >= 0 and elements[e].parent != top:
        e = elements[e].parent
    return e if e >= 0 else top


def held(elements: list[Element], flags: list[bool]) -> list[bool]:
    """Per element: is the flag set on it or on an element under it? (Elements come in document
    order, a parent before its children, so one pass from the last carries each flag up.)"""
    out = flags[:]
    for e in range(len(elements) - 1, -1, -1):
        p = elements[e].parent
        if out[e] and p >= 0:
            out[p] = True
    return out


def outermost_above(elements: list[Element], starts: list[int]) -> list[int]:
    """Per element, the outermost of `starts` at or above it (its index), -1 for none. (Elements come
    in document order, a parent before its children, so one pass carries each start down.)"""
    out = [-1] * len(elements)
    for s in starts:
        out[s] = s
    for e, el in enumerate(elements):
        p = el.parent
        if p >= 0 and out[p] >= 0:
            out[e] = out[p]
    return out
