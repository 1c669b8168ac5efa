"""`normalize._fix_mojibake` hands ftfy only the lines that take part in its decisions: its answer must be
ftfy's on the whole text, on made-up mojibake pages and on the wcxb pages that have mojibake."""

from __future__ import annotations

import gzip
import json
import random

import ftfy
import pytest

from ghirbal.normalize import _MOJIBAKE_HINT, _fix_mojibake
from shared_data import dev_set, require


def _garble(text: str, encoding: str) -> str:
    return text.encode("utf-8").decode(encoding, errors="replace")


_WORDS = ["don’t", "café", "naïve", "“quoted”", "— dash", "€ 5", "à la", "São Paulo", "Über", "œuvre",
          "العربية", "مرحبا بكم", "Привет", "Ελληνικά", "½ cup", "x²"]
# Lines whose badness hangs on the line break or on the line before: "[a-z]\s?[ÃÂ] ", "^[ÃÂ] ", "œ" before a
# break, "\s[À-Ñ][¢£€]" after one; lines of C1 controls, U+001A, U+FFFD, and lines ftfy leaves alone.
_EDGES = ["Ã x", "Â y", "word", "end œ", "À€ start", "Ã¡ rest", "\x85 c1 \x96", "sub \x1a byte", "lost â€\ufffd",
          "plain ASCII line", "", " ", "ab", "Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©", "â€œ", "Ã", "œ", "Ã©tÃ©", "ГўВЂВ"]


def _line(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return " ".join(rng.choice(["the", "cat", "sat", "on", "a", "mat", "(x)", "1", "z."]) for _ in range(rng.randint(0, 8)))
    if kind < 0.55:
        return rng.choice(_EDGES)
    text = " ".join(rng.choice(_WORDS + ["plain", "words"]) for _ in range(rng.randint(1, 6)))
    if kind < 0.9:
        return _garble(text, rng.choice(["latin-1", "cp1252", "cp1251", "mac_roman", "cp1256"]))
    return text


def _pages(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        lines = [_line(rng) for _ in range(rng.randint(1, 12))]
        if rng.random() < 0.3:  # the whole page garbled alike: ftfy's whole-text charmap fix
            page = _garble("\n".join(lines), rng.choice(["latin-1", "cp1252"]))
        else:
            page = "\n".join(lines)
        yield page


def test_fix_mojibake_is_ftfy_on_the_whole_text():
    changed = 0
    for page in _pages(15, 3000):
        want = ftfy.fix_encoding(page)
        assert _fix_mojibake(page) == want, repr(page)
        changed += want != page
    assert changed > 500  # the pages do exercise ftfy's fixes


@pytest.mark.parametrize("page, want", [
    ("plain\nword\nÃ x", None),        # "[a-z]\n[ÃÂ] " reads the line before
    ("x.\nÃ x\nend", None),
    ("Ã x\nplain", None),              # "^[ÃÂ] " at the start of the text only
    ("plain\nplain\nend œ\nplain", None),
    ("plain\n\nÀ€ start\nplain", None),
    ("caf\u00c3\u00a9\nplain text\nna\u00c3\u00afve", "café\nplain text\nnaïve"),
])
def test_fix_mojibake_at_line_breaks(page, want):
    assert _fix_mojibake(page) == ftfy.fix_encoding(page)
    if want is not None:
        assert _fix_mojibake(page) == want


def test_fix_mojibake_on_the_wcxb_pages():
    path = require(dev_set("wcxb-dev", "docs.jsonl.gz"))
    seen = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            if _MOJIBAKE_HINT.search(text):
                assert _fix_mojibake(text) == ftfy.fix_encoding(text)
                seen += 1
    assert seen >= 3
