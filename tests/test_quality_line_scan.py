"""The quality signals' line scan (`quality._scan.line_scan`) equals its pure-Python reference
(`quality.scan.line_scan_reference`), and the signals that read it stay those of the per-line code."""

from __future__ import annotations

import random

import pytest

from ghirbal.linemodel import compiled
from ghirbal.quality import scan, signals
from tests.test_compiled_core import _docs

_fast = pytest.mark.skipif(not compiled.built() or scan._line_scan is None, reason="compiled core not built")
END = signals._end_punct()
BULLETS = signals._bullets()


def _check(bodies: list[list[str]]) -> int:
    n = 0
    for body in bodies:
        got = scan._line_scan(body, END, BULLETS)
        assert got == scan.line_scan_reference(body, END, BULLETS), body[:3]
        n += len(got[0])
    return n


@_fast
def test_line_scan_equals_the_reference_on_every_code_point():
    """Each code point alone, around words, opening and closing a line: is it white space to strip or
    split on, a numeral or bullet a list line opens with, an ending?"""
    points = [chr(c) for c in range(0x110000)]
    assert _check([points, [f" {p}x{p} " for p in points], [f"{p}ab." for p in points]]) > 0x110000


@_fast
def test_line_scan_equals_the_reference_on_random_lines():
    """Random lines of the three string widths (Latin-1, Arabic, astral), empty and white-space-only
    lines, lines that are only an ending or a bullet, multi-character endings."""
    rng = random.Random(16)
    pieces = ["", " ", "\n", "\t", "\x1c", "\xa0", "\u2003", "\u3000", "\u200b", "é", "x", "نص", "،", "؟", ".",
              ".»", "?\"", ")", "(رويترز)", "•", "-", "3", "٣", "½", "\U0001d7ce", "\U0001f600", "\ud800"]
    bodies = [[], [""], [" ", "\t\n"], ["\U0001f600"], ["."], ["•"], ["\u2003 ۝ \xa0"]]
    for _ in range(1500):
        body = ["".join(rng.choice(pieces[: rng.randint(1, len(pieces))]) for _ in range(rng.randint(0, 40)))
                for _ in range(rng.randint(0, 12))]
        bodies.append(body)
    assert _check(bodies) > 5000
    lines, words, unended, marked = scan._line_scan([" • نص. ", "", "3- بند", "نص"], END, BULLETS)
    assert (lines, words, unended, marked) == (["• نص.", "3- بند", "نص"], [2, 2, 1], [1, 2], [0, 1])
    # an empty ending matches every line; no endings, none
    assert scan._line_scan(["a", "b."], ("",), "")[2] == [] and scan._line_scan(["a", "b."], (), "")[2] == [0, 1]


@_fast
def test_line_scan_equals_the_reference_on_dev_pages():
    bodies = [d["text"].split("\n") for d in _docs("arabic-sites-dev") + _docs("wcxb-dev")]
    assert _check(bodies) > 10000


def test_signals_read_markers_and_endings_from_the_scan():
    """A body with list lines (bullets, ordinals), a field, lines without a stop and a verse-number end:
    the signals are the same whichever implementation scans the lines."""
    body = ["عنوان الخبر", "• البند الأول من القائمة", "٣- البند الثالث", "المكان: القاهرة",
            "هذه فقرة طويلة من النص تنتهي بنقطة في آخرها.", "آية قرآنية ﴿٣﴾", "سطر بلا نقطة في آخره", "  "]
    before = compiled.active()
    try:
        compiled.set_active(False)
        pure = signals.compute(body)
        compiled.set_active(True)
        fast = signals.compute(body)
    finally:
        compiled.set_active(before)
    assert pure == fast
    assert pure["lines"] == 7 and 0 < pure["end_punct_share"] < 1


@pytest.mark.skipif(not compiled.built() or scan._rounded is None, reason="compiled core not built")
def test_rounded_equals_round():
    """Every fraction i/j (j < 1500: the signals are such shares), random floats up to 10^4 and past it,
    halves in decimal (0.00005: a tie only in decimal, not in binary), negative, zero, -0.0, NaN,
    infinity, an int, to 3 and 4 places: the same value and type as `round`, and the same sign."""
    import math

    rng = random.Random(17)
    values = [i / j for j in range(1, 1500) for i in range(j + 1)]
    values += [rng.random() for _ in range(50000)] + [rng.uniform(0, 2e4) for _ in range(20000)]
    values += [0.00005, 0.00015, 0.12345, 1.00005, 0.0, -0.0, -0.3, math.nan, math.inf, 5, 10000.00005, 1e300]
    for digits in (3, 4, 7):
        got, want = scan._rounded(values, digits), scan.rounded_reference(values, digits)
        assert len(got) == len(want) == len(values)
        for v, a, b in zip(values, got, want):
            assert type(a) is type(b) and math.copysign(1, a) == math.copysign(1, b), v
            assert a == b or (math.isnan(a) and math.isnan(b)), v
    assert scan._rounded([0.00005, 0.12345], 4) == [round(0.00005, 4), round(0.12345, 4)]


@pytest.mark.skipif(not compiled.built() or scan._counted_in is None, reason="compiled core not built")
def test_counted_in_equals_the_reference():
    """The function words and the dialect markers of the dev pages' words (a frozenset and a dict), no
    word held, every word held, no words; words and counts of different lengths are refused."""
    from ghirbal.dialect import _markers

    containers = [signals._counted_function_words(), _markers(), frozenset(), {"x": 1}]
    hits = 0
    for d in _docs("arabic-sites-dev") + [{"text": ""}, {"text": "في في من x"}]:
        words = scan.body_words(d["text"])[1]
        for container in containers + [frozenset(words.distinct)]:
            got = scan._counted_in(words.distinct, words.counts, container)
            assert got == scan.counted_in_reference(words.distinct, words.counts, container)
            hits += got[0]
        assert scan._counted_in(words.distinct, words.counts, frozenset(words.distinct))[0] == words.tokens
    assert hits > 1000
    assert scan._counted_in(["في", "x", "من"], [2, 5, 1], frozenset({"في", "من"})) == (3, [0, 2])
    with pytest.raises(ValueError):
        scan._counted_in(["a"], [], frozenset())


@_fast
def test_line_counts_read_the_slots_as_attributes_would():
    """`Line`s (their slots read directly), a subclass whose `text` is a property, a plain class, and a
    list mixing them: the counts of attribute look-ups; an unset slot raises as the look-up does."""
    from ghirbal.model import Line
    from ghirbal.quality._scan import line_counts

    class Shown(Line):
        __slots__ = ()

        @property
        def text(self):  # (a property over the slot: never read the slot behind it)
            return "shown"

        @text.setter
        def text(self, value):
            Line.text.__set__(self, value)

    class Plain:
        def __init__(self, text, kept):
            self.text, self.kept = text, kept

    lines = [Line(0, "نص", kept=True), Line(1, ""), Line(2, " ", kept=False), Line(3, "", kept=True)]
    mixed = lines + [Plain("a", 1), Plain("", 0), Shown(4, "", kept=True), Line(5, "x")]
    for page in ([], lines, mixed, [Shown(0, "")], [Plain("", True)]):
        assert line_counts(page) == scan.line_counts_reference(page)
    assert line_counts(lines) == (2, 2) and line_counts([Shown(0, "")]) == (1, 0)
    unset = Line.__new__(Line)
    with pytest.raises(AttributeError):
        line_counts([unset])
