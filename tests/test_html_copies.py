"""Second copies (html/copies.py): runs of body lines that repeat body lines above, in order."""

from __future__ import annotations

import random

import pytest

from ghirbal.html import copies
from ghirbal.html.blocks import compiled_passes
from ghirbal.model import Line

CFG = {"copy_min_lines": 2, "copy_min_words": 6}


def _body(texts):
    lines = [Line(i, t) for i, t in enumerate(texts)]
    for ln in lines:
        ln.keep("body")
    return lines


def test_a_repeated_run_is_dropped_and_its_first_copy_kept():
    texts = ["one two three four", "five six seven eight", "a note", "one two three four", "five six seven eight"]
    lines = _body(texts)
    copies.drop_second_copies(lines, CFG)
    assert [ln.reason for ln in lines] == [None, None, None, "repeated", "repeated"]


def test_short_or_out_of_order_repeats_stay():
    lines = _body(["Cap type:", "Screw cap", "x", "Cap type:", "Screw cap"])  # too few words
    copies.drop_second_copies(lines, CFG)
    assert all(ln.role == "body" for ln in lines)
    lines = _body(["one two three four", "five six seven eight", "five six seven eight", "one two three four"])
    copies.drop_second_copies(lines, CFG)
    assert all(ln.role == "body" for ln in lines)  # (each repeat alone: runs of one line)


def _random_copies(rng: random.Random):
    texts = [rng.choice("abcdef") for _ in range(rng.randrange(0, 40))]
    first = dict(zip(reversed(texts), range(len(texts) - 1, -1, -1)))
    return [first[t] for t in texts]


def test_copy_runs_compiled_as_its_reference():
    fast = compiled_passes()
    if fast is None:
        pytest.skip("the compiled passes are not built")
    rng = random.Random(5)
    assert fast.copy_runs([0, 1, 0, 1, 2, 0, 1, 2], 2) == copies.copy_runs([0, 1, 0, 1, 2, 0, 1, 2], 2) == [(2, 4), (5, 8)]
    for _ in range(3000):
        got = _random_copies(rng)
        for least in (1, 2, 3):
            assert fast.copy_runs(got, least) == copies.copy_runs(got, least), (got, least)
