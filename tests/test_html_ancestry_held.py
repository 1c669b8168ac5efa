"""ancestry.held: a per-element flag carried up to every element above it; ancestry.outermost_above:
the outermost of some elements carried down to every element under it."""

from ghirbal.html.ancestry import held, outermost_above
from ghirbal.html.blocks import Element


def _tree(parents: list[int]) -> list[Element]:
    out = []
    for p in parents:
        el = Element.__new__(Element)
        el.parent = p
        out.append(el)
    return out


def test_a_flag_reaches_every_element_above_it_and_no_sibling():
    # 0 <- 1 <- 2, 0 <- 3 <- 4 (document order: a parent before its children)
    elements = _tree([-1, 0, 1, 0, 3])
    assert held(elements, [False, False, True, False, False]) == [True, True, True, False, False]
    assert held(elements, [False] * 5) == [False] * 5
    flags = [False, False, False, False, True]
    assert held(elements, flags) == [True, False, False, True, True]
    assert flags == [False, False, False, False, True]  # (the caller's list is left as it was)


def test_the_outermost_start_reaches_every_element_under_it_and_no_sibling():
    # 0 <- 1 <- 2 <- 3, 0 <- 4 (document order: a parent before its children)
    elements = _tree([-1, 0, 1, 2, 0])
    assert outermost_above(elements, [2]) == [-1, -1, 2, 2, -1]
    assert outermost_above(elements, [3, 1]) == [-1, 1, 1, 1, -1]  # (the outer one wins, in any order)
    assert outermost_above(elements, [4]) == [-1, -1, -1, -1, 4]
    assert outermost_above(elements, []) == [-1] * 5
