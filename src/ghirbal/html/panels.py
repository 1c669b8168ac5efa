"""Collapsed panels: an FAQ's answers, a tab list's other tabs.

An accordion hides each answer (`display:none`, the `hidden` attribute) until its question is clicked;
a tab list hides every tab but the one shown. The hiding is a strong `hidden` mark (`blocks._marks`),
right for a closed pop-up or a copy of the text kept for small screens, but an accordion's answers are
the page's content (the gold keeps them). What sets them apart is repetition: the panels of one
accordion or tab list stand alike, one to each item of a run of items, where a pop-up or a hidden
copy stands alone. Such panels get a weak mark instead (`markup.Marks.drops`: a link-heavy one, a
hidden menu, still drops; so does a short one outside the main content).
"""

from __future__ import annotations

from ghirbal.html.blocks import Element


def weaken_repeated_panels(elements: list[Element], min_run: int) -> None:
    """A strong `hidden` mark (the outermost under its parent's line) is made weak when at least
    `min_run` such elements of one tag stand in items of one tag under one element: each the panel of
    one item (an FAQ's question and answer), or siblings themselves (a tab list's panels). (Changes
    the elements' marks in place.)"""
    if min_run <= 0:
        return
    hidden = [False] * len(elements)  # at or under a strong hidden mark
    groups: dict[tuple[int, str, str], list[int]] = {}
    for e, el in enumerate(elements):  # (a parent comes before its children)
        p = el.parent
        if p >= 0 and hidden[p]:
            hidden[e] = True
            continue
        if el.mark == "hidden" and not el.weak:
            hidden[e] = True
            if p >= 0:
                groups.setdefault((elements[p].parent, elements[p].tag, el.tag), []).append(e)
    for members in groups.values():
        if len(members) >= min_run:
            for e in members:
                elements[e].weak = True
