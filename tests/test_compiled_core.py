"""The compiled core against its pure-Python reference: identical numbers, identical verdicts.

The compiled modules (ghirbal/linemodel/_trees.pyx, _counts.pyx, built by setup.py at install time)
must give the same values as their references (the numpy tree walk, the regex character counts), and
ghirbal.clean the same line verdicts with them as without them (GHIRBAL_PURE=1), on every dev page.
Without the extensions the tests skip locally and fail in CI, where the README's set-up command must
have built them.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import ghirbal
from ghirbal.linemodel import FEATURES, compiled, default_model
from ghirbal.linemodel.rows import char_counts_reference, static_row, static_row_reference
from tests.shared_data import dev_set, in_ci, require


@pytest.fixture(scope="module", autouse=True)
def _compiled_core_present():
    if not compiled.built():
        message = "the compiled core is not built (pip install -e . builds it with Cython and a C compiler)"
        if in_ci():
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)


def _docs(name: str, limit: int = 0) -> list[dict]:
    for file in ("docs.jsonl", "docs.jsonl.gz"):
        path = dev_set(name, file)
        if path.exists():
            break
    require(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    return docs[:limit] if limit else docs


def test_tree_walk_is_bit_identical_on_hard_rows():
    """Values on the thresholds themselves (ties go left in both), NaN, infinities, zeros."""
    model = default_model()
    assert compiled.active(), "GHIRBAL_PURE is set or the extension did not load"
    rng = np.random.default_rng(7)
    n = 400
    rows = rng.normal(0, 3, size=(n, len(FEATURES)))
    # Put each tree node's own threshold into the feature it tests, for a quarter of the rows.
    nodes = rng.integers(0, len(model._feature), size=n // 4)
    rows[np.arange(n // 4), model._feature[nodes]] = model._threshold[nodes]
    rows[n // 4: n // 4 + 20] = np.nan
    rows[n // 4 + 20: n // 4 + 40] = np.inf
    rows[n // 4 + 40: n // 4 + 60] = -np.inf
    rows[n // 4 + 60: n // 4 + 80] = 0.0
    fast, ref = model.logits(rows), model.logits_reference(rows)
    assert fast.dtype == ref.dtype and fast.shape == (n,)
    assert np.array_equal(fast, ref)
    # Not a constant: the rows reach different leaves.
    assert len(np.unique(fast)) > 50


def test_tree_walk_reads_non_contiguous_rows():
    model = default_model()
    rows = np.random.default_rng(3).normal(0, 2, size=(60, len(FEATURES) * 2))[:, ::2]
    assert not rows.flags["C_CONTIGUOUS"]
    assert np.array_equal(model.logits(rows), model.logits_reference(rows))


def test_pure_switch_turns_the_compiled_core_off():
    code = "from ghirbal.linemodel import compiled; print(compiled.built(), compiled.active())"
    for value, expected in (("1", "True False"), ("0", "True True"), ("", "True True")):
        env = {**os.environ, "GHIRBAL_PURE": value}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.split() == expected.split(), value


def test_char_counts_equal_the_regex_reference_on_every_code_point():
    """Each code point alone and among letters, marks and spaces (\\d, \\s, \\w and \\b are Unicode-wide)."""
    bad = []
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        for text in (ch, "a" + ch + " B", "\u060c " + ch + "a", ch + " " + ch, ".\u1680" + ch):
            if compiled.char_counts(text) != char_counts_reference(text):
                bad.append(text)
    assert not bad[:5], [(t, compiled.char_counts(t), char_counts_reference(t)) for t in bad[:5]]


def test_char_counts_equal_the_reference_on_random_lines():
    import random

    rng = random.Random(5)
    alphabet = list("،,؛;.: \t\u00a0\u1680\x1c\u3000_aZbQ09٣۴߀०ÀÿĀɏɐءيٱۓۺۿ٠ـ-|•\u064b") + ["\U0001d7ce", "\u00b2"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(20000)]
    fast = [compiled.char_counts(t) for t in texts]
    assert fast == [char_counts_reference(t) for t in texts]
    assert sum(f[0] for f in fast) > 1000 and sum(f[5] for f in fast) > 1000  # the counts are not all zero


def test_char_counts_equal_the_reference_on_every_string_kind_and_past_a_packed_chunk():
    """`_char_counts` adds packed 8-bit counts per pair of character classes and unpacks them every 255
    characters: the same counts as the reference in strings of each kind (one byte, two, four a
    character), empty, white space only, and with runs of every counted kind longer than a chunk."""
    import random

    from ghirbal.linemodel import _counts
    from ghirbal.linemodel.rows import _SEPARATOR_CHARS

    rng = random.Random(15)
    kinds = {
        "ucs1": list("aZb. ,;:\t09_|-/\xa0\xb7\xc0\xd7\xff"),
        "ucs2": list("aZ. \u060c\u061b\u0621\u064a\u0660\u0671\u06fd\u2022\u2013\u25a0\u2605\u3000\u1680"),
        "ucs4": list("aZ. \u0628\u3000\uff10\uff21") + ["\U0001d400", "\U0001f600", "\U0001d7ce"],
    }
    texts = ["", " ", "\t \u3000", "\u3000" * 300, "1" * 700, "\u0661" * 600, "a. " * 400, "Ab " * 300,
             "|" * 600 + "x", "\u0628" * 300 + "a", "\U0001d7ce" * 300, "," + " " * 600, ". " * 260]
    for alphabet in kinds.values():
        for _ in range(3000):
            texts.append("".join(rng.choice(alphabet) for _ in range(rng.choice((rng.randint(0, 30), 300)))))
    for text in texts:
        assert compiled.char_counts(text) == char_counts_reference(text), repr(text[:40])
        assert _counts.has_separator_char(text) == (_SEPARATOR_CHARS.search(text) is not None), repr(text[:40])
    assert compiled.char_counts("1" * 700)[1] == 700 and compiled.char_counts("Ab " * 300)[4:] == (300, 300)


def test_loose_cue_tables_are_skipped_only_where_the_loose_form_holds_no_punctuation():
    """The compiled matcher passes over the loose exact, prefix and contains tables (every phrase of
    them holds punctuation) where the loose form equals a key without punctuation; a key that holds
    punctuation, or a loose form that differs, is asked as before. Loose prefixes are grouped by their
    first character's low byte ("A", "\u0141", "\U0001f641" share one)."""
    from ghirbal.lexicon import CueMatcher

    cues = CueMatcher([
        ("copyright", [{"max_words": 30, "contains": ["\u00a9", "p.o. box"], "exact": ["#"],
                        "prefix": ["A:", "\u0141:", "\U0001f641:", "\u0628\u0643:"]}]),
        ("form", [{"max_words": 5, "prefix": ["sign in"], "contains": ["all rights"]}]),
    ])
    words = ["a", "A:", "\u0141:", "\u0141", "\U0001f641:", "\U0001f641", "\u0628\u0643:", "\u0628\u0643",
             "\u00a9", "p.o.", "box", "p o", "#", "sign", "in", "all", "rights", "x", "\u3000", ""]
    lines = {" ".join(p) for p in __import__("itertools").product(words, repeat=2)} | {"\u00a9", "#", "", " "}
    asked = 0
    for line in sorted(lines):
        for key, loose in ((line, line), (line.replace(":", " ").replace("\u00a9", " ").strip(), line),
                           (line.replace(".", " "), line), (line, line + ":")):
            n = key.count(" ") + 1
            assert compiled.cue_of(cues, key, loose, n) == cues.match_reference(key, loose, n), (key, loose)
            asked += 1
    assert asked > 1000


def test_line_keys_equal_the_reference_on_every_dev_page_and_random_text():
    import random

    from ghirbal.features import _keys_reference
    from ghirbal.normalize import fold_char_table, nfkc

    table = fold_char_table()
    docs = _docs("arabic-sites-dev") + _docs("wcxb-dev")
    pages = ["\n".join(ln.strip() for ln in d["text"].split("\n")) for d in docs]
    rng = random.Random(3)
    # Letters that fold, diacritics, digits of three scripts, underscores, odd spaces, the final sigma
    # and a dotted capital I (folded in Python), ligatures, astral digits and an emoji.
    alphabet = list("  \t\u00a0_-.,،؛:09٠٣۴۵aAzÉßİΣσأإآٱىةؤئیکـًٌّْٰ\u0653\u0654ﻻﷺ①²½ǅﬁ")
    alphabet += ["\U0001d7ce", "\U0001f600"]

    def line() -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))

    pages += ["\n".join(line() for _ in range(rng.randint(1, 4))) for _ in range(20000)]
    # Every character after a letter and before a line end: each space a line's strip must remove
    # (the compiled str.isspace, _chars.pxd), every other character kept.
    pages += [f"a{chr(cp)}\nb" for cp in [*range(1, 0x3100), 0x205F, 0x3000, 0xFEFF] if not 0xD800 <= cp < 0xE000]
    fast = 0
    for page in pages:
        found = compiled.keys_and_looses(nfkc(page), table)
        if found is not None:  # None: a character only `fold` itself may fold (the caller falls back)
            fast += 1
            assert found == _keys_reference(page), page
    assert fast > 10000


def test_line_keys_are_made_in_the_narrowest_kind():
    """The keys are written straight into strings of the kind their characters need (no scan for the
    greatest one): the same strings as the reference's, to their size, when the widest character is a
    space the strip takes away or folds away, or stands only in the loose key."""
    import sys

    from ghirbal.features import _keys_reference
    from ghirbal.normalize import fold_char_table, nfkc

    lines = ["abc \u2028", "\u1680 x", "\u00e9t\u00e9 ok", "a\u0640b", "a \u2014 b", "\u0627\u0644 a", "a.\u00bb",
             "\U0001f600 a", "a \u3000", "plain"]
    page = nfkc("\n".join(lines))
    found = compiled.keys_and_looses(page, fold_char_table())
    expected = _keys_reference(page)
    assert found == expected
    for got, want in zip(found[0] + found[1], expected[0] + expected[1]):
        assert sys.getsizeof(got) == sys.getsizeof(want), (got, want)


def test_a_key_equal_to_its_loose_form_is_one_string():
    """Where a line's key and loose key have the same characters, the fold makes one string for both
    (one byte, two bytes and four bytes a character; a space stripped from one side only; a white-space
    line), and where they differ, two: the values are the reference's either way."""
    import sys

    from ghirbal.features import _keys_reference
    from ghirbal.normalize import fold_char_table, nfkc

    same = ["plain words", "\u0627\u0644 \u0628", "\U00020000 a", "  lead and trail  ", "x\u3000", "a", ""]
    other = ["a, b", "a.", "\U0001f600 a", "\u00ab\u0627\u00bb", "a - b", "x_y", "(1)", " - "]
    page = nfkc("\n".join(same + other))
    keys, looses = compiled.keys_and_looses(page, fold_char_table())
    assert (keys, looses) == _keys_reference(page)
    for j, (key, loose) in enumerate(zip(keys, looses)):
        assert (key is loose) == (j < len(same)), (j, key, loose)
        assert sys.getsizeof(key) == sys.getsizeof(_keys_reference(page)[0][j])


def test_page_script_counts_equal_the_reference():
    import random

    from ghirbal.language import _PERSIAN, _URDU, _script_counts_reference

    rng = random.Random(11)
    alphabet = list("aZzA09 ءيپچژگٹڈڑںےیک۰ۿ\u0600\u06ffÀé") + ["\U0001f600", "\ud800"]
    samples = [d["text"][:20000] for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200)]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(5000)]
    fast = [compiled.page_script_counts(s, _URDU, _PERSIAN) for s in samples]
    assert fast == [_script_counts_reference(s) for s in samples]
    assert sum(f[2] for f in fast) > 1000 and sum(f[3] for f in fast) > 1000  # Urdu and Persian letters counted


def test_key_occurrences_equal_the_scans_on_every_dev_page():
    """The compiled count of every key of four words or more (lines holding its inner word pair,
    counted one by one) equals a scan of the joined page per key, and PageKeys.occurrences uses it."""
    from ghirbal import config
    from ghirbal.extract import page_features
    from ghirbal.features import LineFeatures, PageKeys, _key_occurrences_reference, measure_page
    from ghirbal.lexicon import load

    cfg = config.default()
    checked = inside = 0
    pages = [page_features(d["text"], cfg)[0] for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 400)]
    # A key inside another line, cut at both ends ("x" + key + "y") and twice in one line, a page of
    # one key four times, keys that share their inner pair but not their ends.
    pages.append(measure_page(["aa bb cc dd", "xaa bb cc ddy ee aa bb cc dd", "zz", "aa bb cc dd"], load("en")))
    pages.append(measure_page(["q bb cc r", "p bb cc r s", "bb cc", "t bb cc r", "u q bb cc r v"], load("en")))
    for feats in pages:
        keys = [f.key for f in feats]
        found = compiled.key_occurrences(keys)
        assert found == _key_occurrences_reference(keys)
        page_keys = PageKeys(feats, cfg["lines"]["containment_max_chars"])
        if page_keys.text is None:
            continue
        for f in feats:
            if f.key and f.words >= 4:
                assert page_keys.occurrences(f) == page_keys.text.count(f.key) == found[f.key], f.key
                checked += 1
                inside += found[f.key] > f.repeats
    assert checked > 50_000 and inside > 500
    assert isinstance(pages[-2][0], LineFeatures) and PageKeys(pages[-2], 10_000).occurrences(pages[-2][0]) == 4
    assert compiled.key_occurrences(["q bb cc r", "p bb cc r s", "bb cc", "t bb cc r", "u q bb cc r v"]) == {
        "q bb cc r": 2, "p bb cc r s": 1, "t bb cc r": 1, "u q bb cc r v": 1}  # (four words or more only)


def test_key_occurrences_count_as_str_count_where_places_overlap_and_kinds_differ():
    """Each place a line holds a key's inner pair is compared, and the places counted as `str.count`
    counts them: left to right, none overlapping the one before (a key that repeats its own words
    overlaps itself); a key of one string kind found in a line of a wider one, and not in a line
    whose words only hash alike; `holders` gets the lines of the keys counted more than once."""
    from ghirbal.features import _key_occurrences_reference

    pages = [
        ["a b a b", "a b a b a b", "xa b a b a b a by", "b a b a"],  # overlapping places
        ["aa bb cc dd", "\u0627 aa bb cc ddd \u0628", "aa bb cc d", "zaa\tbb cc dd"],  # kinds, a cut end
        ["p q\tr s", "p q\tr s p q\tr s", "p q r s"],  # a tab between words is the key's own
        ["\U0001f600 aa bb cc", "x\U0001f600 aa bb cc y", "\U0001f600 aa bb c"],  # the widest kind
        ["one two three four", "one two three four", "five six"],  # a repeated line, asked once
    ]
    for keys in pages:
        holders: dict = {}
        found = compiled.key_occurrences(keys, holders)
        assert found == _key_occurrences_reference(keys), keys
        text = "\n".join(keys)
        for key, n in found.items():
            holding = [i for i, k in enumerate(keys) if key in k]
            assert holders.get(key) == (holding if n > 1 else None), key
            assert n == text.count(key)
    assert compiled.key_occurrences(["a b a b", "a b a b a b"]) == {"a b a b": 2, "a b a b a b": 1}


def test_records_filled_in_their_slots_equal_the_dataclass_calls():
    """`_pages` fills LineFeatures and Line in their slots without calling the generated __init__:
    the same records as the calls (every field, on the dev pages), the values' references counted
    right, and a class it cannot be sure of (a __post_init__, no slots) called as it is."""
    from ghirbal import config
    from ghirbal.extract import _line_cache, read_page
    from ghirbal.features import LineFeatures, _line_features_reference, _measure_new
    from ghirbal.language import detect_language
    from ghirbal.lexicon import load
    from ghirbal.linemodel import _pages
    from ghirbal.model import Line
    from ghirbal.normalize import faithful_lines

    cfg = config.default()["lines"]
    pages = 0
    for d in _docs("arabic-sites-dev", 60) + _docs("wcxb-dev", 60):
        text, raw, _ = read_page(d["text"], cfg["max_line_chars"])
        lex = load(detect_language(text, cfg["language"]))
        lines = faithful_lines(text if raw is None else "\n".join(raw))
        values = _measure_new(lines, lex)
        fast = compiled.line_features(LineFeatures, lines, values)
        slow = _line_features_reference(lines, values)
        assert fast == slow
        assert [dataclasses.astuple(f) for f in fast] == [dataclasses.astuple(f) for f in slow]
        pages += 1
    assert pages == 120
    for values in ((7, "نص", True, "body", None, None), (0, "", False, None, "blank", "a note")):
        made = _pages.filled(Line, values)
        assert type(made) is Line and made == Line(*values) and dataclasses.astuple(made) == values
    text = "".join(["held ", "by many records"])  # one object, its references counted
    before = sys.getrefcount(text)
    made = [_pages.filled(Line, (i, text, False, None, "menu", None)) for i in range(1000)]
    assert sys.getrefcount(text) == before + 1000
    del made
    assert sys.getrefcount(text) == before

    @dataclasses.dataclass(slots=True)
    class Checked:
        a: int
        b: int = 0

        def __post_init__(self):
            self.b = self.a * 2

    @dataclasses.dataclass
    class Plain:
        a: int
        b: int = 0

    assert _pages.filled(Checked, (3, 0)) == Checked(3) and _pages.filled(Checked, (3, 0)).b == 6
    assert _pages.filled(Plain, (3, 4)) == Plain(3, 4)


def test_page_marks_head_lines_and_read_also_lists_equal_the_reference():
    """`_pages.page_marks`, `head_lines` and `list_after_headers` against their references, on dev
    pages with some lines turned into read-also headers, template lines, site-page counts and stamps."""
    import random

    from ghirbal import config
    from ghirbal.extract import page_features
    from ghirbal.features import PageKeys
    from ghirbal.lines import _page_marks_reference
    from ghirbal.story import _head_lines_reference, _list_after_headers_reference

    cfg, rng = config.default()["lines"], random.Random(5)
    seen = {"template": 0, "site": 0, "stamps": 0, "heads": 0, "lowered": 0}
    for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200):
        feats = page_features(d["text"], config.default())[0]
        for f in feats:
            roll = rng.random()
            if roll < 0.03:
                f.cue = "read-also"
            elif roll < 0.04:
                f.template = rng.randrange(1, 9)
            elif roll < 0.05:
                f.site_pages = rng.randrange(1, 9)
            elif roll < 0.07:
                f.date_share = rng.choice((0.5, 0.7, 1.0))
        marks = compiled.page_marks(feats, cfg["date_stamp_share"])
        assert marks == _page_marks_reference(feats, cfg)
        seen["template"] += marks[0]
        seen["site"] += marks[1]
        seen["stamps"] += bool(marks[2])
        keys = PageKeys(feats, cfg["containment_max_chars"])
        heads = compiled.head_lines(feats, cfg["block_headline_min_words"], cfg["title_max_words"], keys.occurrences)
        assert heads == _head_lines_reference(feats, cfg["block_headline_min_words"], cfg["title_max_words"], keys)
        seen["heads"] += bool(heads)
        scores = [rng.choice((-1.0, 0.0, 0.5, 2.0)) for _ in feats]
        fast, slow = list(scores), list(scores)
        compiled.list_after_headers(feats, fast, cfg["related_max_items"], cfg["headline_max_words"],
                                    cfg["headline_min_words"], cfg["short_line_score"])
        _list_after_headers_reference(feats, slow, cfg)
        assert fast == slow
        seen["lowered"] += fast != scores
    assert min(seen.values()) > 20, seen


def test_c_character_tests_equal_the_regexes_on_every_code_point():
    """The static row's separator-character gate against rows._SEPARATOR_CHARS, and the verdicts'
    foreign-line test (Latin-only) against LineFeatures.has_arabic / has_latin."""
    from ghirbal.features import _ARABIC, _LATIN
    from ghirbal.linemodel import _counts, _pages
    from ghirbal.linemodel.rows import _SEPARATOR_CHARS

    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        assert _counts.has_separator_char(ch) == (_SEPARATOR_CHARS.search(ch) is not None), hex(cp)
        assert _pages.latin_only(ch) == (_LATIN.search(ch) is not None), hex(cp)
        assert _pages.latin_only("a" + ch) == (_ARABIC.search(ch) is None), hex(cp)
    assert _counts.has_separator_char("أخبار | رياضة") and not _counts.has_separator_char("خبر عاجل")
    assert _pages.latin_only("Home | News") and not _pages.latin_only("News أخبار") and not _pages.latin_only("123")


def test_separator_count_equals_the_regex():
    """The static row's separator count (`_counts.separator_count`, a C scan from the white space before
    the first separator character to the last one) against len(rows._SEPARATORS.findall): on every line of both dev sets, on strings made of separators and
    white space of every kind (runs, both alternatives back to back, at the ends), and with a limit."""
    import random

    from ghirbal.linemodel import _counts
    from ghirbal.linemodel.rows import _SEPARATORS

    lines = [ln for name in ("arabic-sites-dev", "wcxb-dev") for d in _docs(name, 300) for ln in d["text"].split("\n")]
    seps = [ln for ln in lines if _SEPARATORS.search(ln)]
    assert len(seps) > 500  # the dev lines hold many
    rng = random.Random(7)
    alphabet = ["|", "\u2022", "\u00b7", "\u2013", "\u2014", "/", "-", "\u25a0", "\u25ff", "\u2605", "\u2606", "\u2607",
                " ", "  ", "\t", "\u00a0", "\u2003", "\u3000", "\u1680", "\x1c", "\x85", "a", "خ", "0", "\U0001f600"]
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(20_000)]
    for text in lines + made:
        want = len(_SEPARATORS.findall(text))
        assert _counts.separator_count(text, 10**9) == want, repr(text)
        assert _counts.separator_count(text, 5) == min(want, 5), repr(text)
    assert _counts.separator_count("Home | News - Sport \u2022 Live", 9) == 3
    assert _counts.separator_count("well-known 1/2", 9) == 0


def test_story_words_and_cached_values_equal_the_reference():
    import random

    from ghirbal import config
    from ghirbal.extract import page_features
    from ghirbal.features import _cached_values_reference
    from ghirbal.story import overlap, story_words_reference

    cfg, rng = config.default(), random.Random(2)
    checked = 0
    for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200):
        feats = page_features(d["text"], cfg)[0]
        scores = [rng.choice((-1.0, 0.0, 0.5, 2.0)) for _ in feats]
        start = rng.randrange(-2, len(feats))
        end = rng.randrange(start, len(feats) + 1) if start < len(feats) else start
        end = min(end, len(feats) - 1)
        words = story_words_reference(feats, start, end, scores)
        checked += bool(words)
        counted = compiled.StoryWords(feats, start, end, scores)  # the in-block headline test's overlap
        for f in feats[::3]:
            assert counted.overlap(f.key, False) == overlap(f.key, words) and counted.overlap(f.key, True) == overlap(
                f.key, words, own=True), f.key
        lines = [f.text for f in feats]
        entries = {t: (t,) for t in lines[::3]}
        assert compiled.cached_values(entries, lines) == _cached_values_reference(entries, lines)
    assert checked > 200


def test_story_words_overlap_on_odd_keys():
    """`_story.StoryWords.overlap` against `story.overlap` on `story_words_reference` (on the dev pages:
    `test_story_words_and_cached_values_equal_the_reference`), on keys made to hit its edges: words of
    one to three characters, digits of other scripts (all-digit words do not count), a word twice in a
    line, odd white space (str.split's), characters past the BMP."""
    from ghirbal.features import LineFeatures
    from ghirbal.story import overlap, story_words_reference

    odd = ["ab abc abcd abc", "\u0663\u0664\u0665 123 12a x\u1680yyy\x1czzz", "\U0001f600\U0001f600\U0001f600 abc",
           "abc\rdef ghi\u3000jkl", "abcd abcd", "", "  ", "١٢٣٤ ²³⁴ kkk"]
    keyed = []
    for k in odd:
        f = LineFeatures.__new__(LineFeatures)
        f.key = k
        keyed.append(f)
    scores = [1.0] * len(keyed)
    words = story_words_reference(keyed, 0, len(keyed) - 1, scores)
    fast = compiled.StoryWords(keyed, 0, len(keyed) - 1, scores)
    for k in odd + ["abc", "abcd zzz", "ghi jkl def", "\U0001f600\U0001f600\U0001f600", "kkk ²³⁴ 12a"]:
        for own in (False, True):
            assert fast.overlap(k, own) == overlap(k, words, own=own), k
    assert fast.overlap("abc zzz", True) == 0.5 and fast.overlap("abcd", False) == 1.0 and fast.overlap("123 ab") == 1.0


def test_story_words_table_grows_past_its_first_size():
    """`_story.StoryWords` starts with a small table and doubles it when half full: a block of thousands
    of distinct words (several doublings, words met again after each) counts what the reference counts."""
    import random

    from ghirbal.features import LineFeatures
    from ghirbal.story import overlap, story_words_reference

    rng = random.Random(5)
    vocab = ["w%da" % i for i in range(6000)] + ["\u0643\u0644\u0645%d" % i for i in range(500)]
    keyed = []
    for _ in range(400):
        f = LineFeatures.__new__(LineFeatures)
        f.key = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 40)))
        keyed.append(f)
    scores = [rng.choice((-1.0, 1.0, 1.0)) for _ in keyed]
    words = story_words_reference(keyed, 0, len(keyed) - 1, scores)
    fast = compiled.StoryWords(keyed, 0, len(keyed) - 1, scores)
    assert len(words) > 3000
    for k in [f.key for f in keyed] + [" ".join(vocab[i:i + 7]) for i in range(0, 6500, 97)]:
        for own in (False, True):
            assert fast.overlap(k, own) == overlap(k, words, own=own), k


def test_the_one_pass_date_gate_equals_the_reference_on_every_dev_line():
    """`_dates.DateGate` (one pass, words found by their first two characters) against
    `dates._might_contain_date_reference`, on every dev line and on lines made to hit each word, each
    word cut short by one character, and words that share a first character (bits of the signature)."""
    from ghirbal.dates import _lex, _might_contain_date_reference

    lex = _lex()
    lines = {ln.strip() for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 300) for ln in d["text"].split("\n")}
    words = lex.quick_days + lex.quick_before + lex.quick_units
    for w in words:
        lines |= {w, w[:-1], f"x {w} y", f"{w[:-1]} {w[1:]}", f"منذ {w}", f"{w} قبل", w.upper(), f"{w}\U0001f600"}
    lines |= {"", "\U0001f600", "٣", "\U0001d7d8", "منذ", "قبل ساعة", "il y a", "il y a une heure",
              "منذ ثلاث ساعات", "قبل يومين", "Yesterday", "بالأمس", "قبل الانتخابات", "٣ أيام", "x"}
    gate = compiled.DateGate(lex.quick_days, lex.quick_before, lex.quick_units)
    fast = {t: gate.test(t) for t in lines}
    assert fast == {t: _might_contain_date_reference(t, lex) for t in lines}
    assert fast["قبل ساعة"] and not fast["منذ"] and fast["\U0001d7d8"] and sum(fast.values()) > 1000
    assert fast["منذ ثلاث ساعات"] and not fast["قبل الانتخابات"] and fast["٣ أيام"] and not fast["x"]
    assert sum(not v for v in fast.values()) > 1000
    # Synthetic word lists: one-character words, shared first characters and words past the BMP.
    days, before, units = ("a", "\U0001f600x", "ab"), ("b", "bc"), ("c", "\U0001f601")
    gate = compiled.DateGate(days, before, units)
    for t in ("", "a", "b", "bc", "c", "b c", "xb\U0001f601", "\U0001f600", "\U0001f600x", "zz", "bzc", "q"):
        ref = any(w in t for w in days) or (any(w in t for w in before) and any(u in t for u in units))
        assert gate.test(t) == (any(ch.isdecimal() for ch in t) or ref), t


def test_date_gate_triples_skip_no_word():
    """`_dates.DateGate`'s filter of the first three characters (after the first character's byte and
    the pair): words of two and three characters and longer ones that share their first two, on random
    lines of their pieces, an article "ال" that opens no word, and a word of one character (which lets
    every pair and triple through)."""
    import random

    from ghirbal.dates import _lex, _might_contain_date_reference

    def ref(t, days, before, units):
        return any(ch.isdecimal() for ch in t) or any(w in t for w in days) or (
            any(w in t for w in before) and any(u in t for u in units))

    rng = random.Random(16)
    lex = _lex()
    pieces = list("الیومبارحةمنذقبلساعاتدقيقأسبوعhrHminagoday ily٣'") + ["ال", "اليو", "البار", "\U0001d7d8"]
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(30000)]
    lines += ["الم", "اليو", "اليوم", "البارحه", "hr", "xhr", "h", "المنذ ساعة", "منذ الساعة"]
    gate = compiled.DateGate(lex.quick_days, lex.quick_before, lex.quick_units)
    assert [gate.test(t) for t in lines] == [_might_contain_date_reference(t, lex) for t in lines]
    assert not gate.test("الم") and gate.test("اليوم") and gate.test("xhr منذ")
    for days, before, units in ((("abc", "abd", "xy"), ("pq",), ("rst",)), (("abc", "z"), ("pq",), ("r",))):
        gate = compiled.DateGate(days, before, units)
        for t in ["".join(rng.choice("abcdxyzpqrst ") for _ in range(rng.randint(0, 8))) for _ in range(5000)]:
            assert gate.test(t) == ref(t, days, before, units), (days, t)


def test_date_weekday_and_gap_class_equal_what_they_stand_for():
    """`_dates.weekday` is date.weekday() on every 97th day from year 1 to 9999 and around each leap
    day; `_dates.gap_of_class` (the tokenizer's fast yes for a gap) is the gap regex's fullmatch on every
    code point and on runs of its characters, and None for a pattern that is no class repeated."""
    import random
    import re
    from datetime import date, timedelta

    from ghirbal.dates import _lex
    from ghirbal.linemodel._dates import gap_of_class, weekday

    for n in range(1, date(9999, 12, 31).toordinal() + 1, 97):
        d = date.fromordinal(n)
        assert weekday(d.year, d.month, d.day) == d.weekday(), d
    for y in (1, 4, 100, 1600, 1900, 2000, 2024, 2100, 9996):
        for d in (date(y, 2, 27) + timedelta(k) for k in range(4)):
            assert weekday(d.year, d.month, d.day) == d.weekday(), d
    gap = _lex().gap_re.fullmatch
    for c in range(0x110000):
        if not 0xD800 <= c < 0xE000:
            assert gap_of_class(gap, chr(c)) == (gap(chr(c)) is not None), hex(c)
    rng = random.Random(16)
    for t in ["".join(rng.choice(" ,،؛;/\\-–—.()[]|:_x\u00a0\t\u2003") for _ in range(rng.randint(0, 9)))
              for _ in range(20000)]:
        assert gap_of_class(gap, t) == (bool(t) and gap(t) is not None), repr(t)
    assert gap_of_class(re.compile("[a-z]+").fullmatch, "ab") is None
    assert gap_of_class(re.compile("[ab]{1,3}").fullmatch, "aba") and not gap_of_class(re.compile("[ab]{1,3}").fullmatch, "abab")


def _token_view(clusters):
    """Date token clusters as comparable values: a match as its text, groups and last group; a
    number's digit count, a time's am/pm mark and a name's None (what they carry instead of their
    match) as they are."""
    return [[(k, s, e, m if m is None or type(m) is int else (m.group(), m.groupdict(), m.lastgroup), v)
             for k, s, e, m, v in c] for c in clusters]


def test_compiled_date_tokens_read_numbers_as_the_regex_does():
    """The compiled tokenizer's own number reading (`_dates._number_end`, with `_Lex.num_next`) against
    `dates._tokens` (the regex) on lines made of digits in three scripts (and one past the BMP),
    separators, spaces, suffixes, units and era words: the same tokens, spans, values and digit counts;
    the numbers it reads carry their digit count, not a match."""
    import random

    from ghirbal.dates import _COMMON_GAPS, _fold_word, _lex, _time_mark, _tokens

    lex = _lex()
    assert lex.num_next is not None

    def fast(text, follow=lex.num_follow_re.match):
        return compiled.date_tokens(text, lex.token_re.match, lex.gap_re.fullmatch, lex.word_kind, _fold_word,
                                    _COMMON_GAPS, lex.name_starts, lex.num_next, follow, lex.name_pairs,
                                    _time_mark, lex.ampm_re.match, lex.ampm_starts, lex.names)

    lines = ["2016م", "2016 م", "2016  م", "1437هـ", "5th", "5TH", "21st", "3 ساعات", "3  hours ago", "12345",
             "1,000", "3.14", "10:30", "10h30", "2020/05/01", "2020 / 05", "5 - 6", "٢٠٢٠", "۱۴۰۲ ه", "00012",
             "0005", "a5", "ب5", "5,", "5.", "5:", ",5", "1,5", "1:5", "x 7\n8 مايو", "\U0001d7d9\U0001d7da 3"]
    asked = []

    def match(text, q):
        asked.append(q)
        return lex.token_re.match(text, q)

    ok = compiled.date_tokens("2016 مايو 12 يونيو", match, lex.gap_re.fullmatch, lex.word_kind, _fold_word,
                              _COMMON_GAPS, lex.name_starts, lex.num_next, lex.num_follow_re.match,
                              time_mark=_time_mark)
    assert [(k, s, e, m, v) for k, s, e, m, v in ok[0] if k == "num"] == [("num", 0, 4, 4, 2016), ("num", 10, 12, 2, 12)]
    assert asked == [5, 13]  # the month names only: the numbers read without the token regex
    pieces = ["1", "12", "123", "2020", "12345", "٣", "٢٠", "۵", "0", " ", "  ", "\t", ",", ".", ":", "/", "-", "h",
              "م", "هـ", "ه", "ساعات", "دقيقة", "st", "th", "er", "x", "a", "ago", "hours", "مايو", "\u00a0", "g", "u",
              "\U0001d7d9", "منذ", "قبل", "أمس", "اليوم", "il y a", "an", "one", "gmt", "utc", "ا", "أ", "ي", "ب"]
    rnd = random.Random(15)
    lines += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 9))) for _ in range(20_000)]
    read = 0
    for text in lines:
        got = fast(text)
        assert _token_view(got) == _token_view(_tokens(text, lex)), text
        assert _token_view(fast(text, None)) == _token_view(got), text
        read += sum(1 for c in got for t in c if t[0] == "num")
    assert read > 10_000


def _full_date_tokens(text, asked=None):
    """`_dates.tokens` with every table `_dates.DateCoverage` gives it; `asked` (a list): where the token
    regex was tried."""
    from ghirbal.dates import _COMMON_GAPS, _fold_word, _lex, _time_mark

    lex = _lex()
    match = lex.token_re.match
    if asked is not None:
        def match(t, q, m=lex.token_re.match):
            asked.append(q)
            return m(t, q)
    return compiled.date_tokens(text, match, lex.gap_re.fullmatch, lex.word_kind, _fold_word, _COMMON_GAPS,
                                lex.name_starts, lex.num_next, lex.num_follow_re.match, lex.name_pairs,
                                _time_mark, lex.ampm_re.match, lex.ampm_starts, lex.names)


def test_compiled_date_token_kinds_are_interned():
    """Every kind the compiled tokenizer gives, those it takes from the token regex's group names
    included, is the interned string: the assembly's kind tests (`_dates._kind`) then answer equal
    kinds by identity. The same tokens as the reference's."""
    import sys

    from ghirbal.dates import _lex, _tokens

    lex = _lex()
    lines = ["2020/05/01", "01/05/2020", "10:30 pm", "3 hours ago", "منذ 3 ساعات", "5th", "2016م", "gmt+3",
             "12 مايو 2020", "الأحد 12 مايو 2020 - 10:30", "1437هـ", "yesterday", "in 2 weeks"]
    kinds = set()
    for text in lines:
        got = _full_date_tokens(text)
        assert _token_view(got) == _token_view(_tokens(text, lex)), text
        for c in got:
            for t in c:
                kinds.add(t[0])
                assert sys.intern(t[0]) is t[0], (text, t[0])
    assert {"ymd", "dmy", "time", "rel", "num", "tz", "month"} <= kinds


def test_compiled_date_tokens_read_times_as_the_regex_does():
    """The compiled tokenizer's own time reading (`_dates._time_end`, the am/pm mark by `_Lex.ampm_re`)
    against `dates._tokens` (the regex) on lines of hours, minutes and seconds in three scripts, ":"
    and "h", marks glued, after one space or two, cut short or followed by letters, digits, ":" and ".":
    the same tokens, spans and values; a time carries its mark (0, AM or PM), not a match, and is read
    without the token regex."""
    import random

    from ghirbal.dates import AM, PM, _lex, _time_mark, _tokens

    lex, asked = _lex(), []
    fast = _full_date_tokens
    got = fast("10:30 م 2016 و 9h05pm و 23:59:58 am", asked)
    assert [(t[0], t[1], t[2], t[3], t[4]) for c in got for t in c if t[0] == "time"] == [
        ("time", 0, 7, PM, (10, 30)), ("time", 15, 21, PM, (9, 5)), ("time", 24, 35, AM, (23, 59))]
    assert asked == []  # the times and the number read without the token regex
    pieces = ["1", "12", "123", "٣", "٢٠", "۵", "0", "10:30", "9:05", "23:59:59", "٢٣:٠٥", "12h30", "25:70",
              "1:2", ":", "h", ".", " ", "  ", "\t", "م", "ص", "مساء", "مساءً", "صباحا", "am", "pm", "a.m.", "p.m",
              "a.m.x", "pmx", "x", "ب", "مايو", "gmt", "-", "/", ",", "\U0001d7d9"]
    rnd = random.Random(16)
    lines = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8))) for _ in range(20_000)]
    times = 0
    for text in lines:
        got = fast(text)
        assert _token_view(got) == _token_view(_tokens(text, lex)), text
        times += sum(1 for c in got for t in c if t[0] == "time")
    assert times > 5_000
    assert _time_mark(None) == 0 and _time_mark("م") == PM and _time_mark("a.m.") == AM


def test_compiled_date_tokens_read_names_as_the_regex_does():
    """The compiled tokenizer's own name reading (`_dates._word_end`, `_Lex.names`) against
    `dates._tokens` (the regex) on lines of names (every spelling variant of their letters, capitals,
    diacritics, glued to letters, digits and punctuation, cut short, with white space runs inside the
    names of two words) and the words of the `rel` and `an` alternatives: the same tokens, spans and
    values; a name carries no match and is read without the token regex (so do "gmt" and "utc", with
    their offsets)."""
    import random

    from ghirbal.dates import _VARIANTS, _fold_word, _lex, _tokens

    lex, asked = _lex(), []
    assert lex.names is not None
    fast = _full_date_tokens
    got = fast("الخميس 12 كانون  الثاني 2020 توقيت مكة gmt +03:00", asked)
    assert [(t[0], t[1], t[2], t[3], t[4]) for c in got for t in c] == [
        ("wd", 0, 6, None, "الخميس"), ("num", 7, 9, 2, 12), ("month", 10, 23, None, "كانون الثاني"),
        ("num", 24, 28, 4, 2020), ("tz", 29, 38, None, "توقيت مكه"), ("tz", 39, 49, None, None)]
    assert asked == []
    rnd = random.Random(17)
    words = sorted({_fold_word(w) for w in lex.word_kind})

    def spell(w):
        out = "".join(rnd.choice(_VARIANTS.get(ch, ch)) for ch in w)
        if rnd.random() < 0.2:
            out = out.replace(" ", rnd.choice(["  ", "\t", "\u00a0 "]))
        if rnd.random() < 0.1:
            out = out.upper() if rnd.random() < 0.5 else out.capitalize()
        if rnd.random() < 0.1 and len(out) > 1:
            k = rnd.randrange(1, len(out))
            out = out[:k] + rnd.choice(["\u064e", "", "x", "ب"]) + out[k:]
        return out[:-1] if rnd.random() < 0.1 else out

    pieces = ["منذ", "قبل", "ثلاث", "one", "il y a", "ago", "3", "12:30", " ", "  ", ",", "-", ".", "'", "ال", "و", "ب",
              "x", "a", "\U0001d7d9", "g", "u", "gmt", "utc", "GMT", "+", "-", "+3", "+03:00", "0300", ":30", "gmtx",
              "xutc", "٣"]
    lines = []
    for _ in range(20_000):
        parts = [spell(rnd.choice(words)) if rnd.random() < 0.6 else rnd.choice(pieces) for _ in range(rnd.randint(1, 6))]
        lines.append("".join(p + (rnd.choice(["", " ", " ", ", "]) if rnd.random() < 0.8 else "") for p in parts))
    names = 0
    for text in lines:
        got = fast(text)
        assert _token_view(got) == _token_view(_tokens(text, lex)), text
        names += sum(1 for c in got for t in c if t[3] is None)
    assert names > 20_000


def test_compiled_date_tokens_skip_g_and_u_inside_words():
    """A "g" or "u" after a-z ("rating", "out") opens no token (the `gmt` alternative's lookbehind and the
    names' both fail there): the compiled tokenizer does not ask the regex there, and finds what
    `dates._tokens` finds on lines of "g"/"u" after every kind of character (a-z, A-Z, "é", Arabic,
    digits, "_", marks) before "gmt", "utc", names and digits."""
    import random

    from ghirbal.dates import _lex, _tokens

    lex, asked = _lex(), []
    text = "rating out of 5 regular prices gmt+3 nugget"
    got = _full_date_tokens(text, asked)
    assert not [q for q in asked if text[q] in "gu" and text[q - 1].isalpha()]
    assert _token_view(got) == _token_view(_tokens(text, lex))
    rnd = random.Random(23)
    before = ["a", "z", "o", "A", "Z", "é", "ب", "3", "_", "-", " ", "'", "\u064e", ""]
    after = ["mt", "tc", "mt+3", "tc-05:30", "ma", "nder", "ne heure", "n an", "ntil", "", " 5", "s", "lt 2020"]
    lines = ["".join(rnd.choice(before) + rnd.choice("gGuU") + rnd.choice(after) + rnd.choice(["", " ", ", "])
                     for _ in range(rnd.randint(1, 5))) for _ in range(5_000)]
    for text in lines:
        assert _token_view(_full_date_tokens(text)) == _token_view(_tokens(text, lex)), text


def test_compiled_date_tokens_and_coverage_equal_the_reference_on_every_dev_line():
    """`_dates.tokens` (the token regex tried only where its first lookahead can hold) and
    `_dates.DateCoverage` against `dates._tokens` and `dates._date_coverage_reference`: the same tokens
    (kind, span, matched text, groups, value) and the same share on every dev line that passes the gate."""
    from ghirbal.dates import (
        _COMMON_GAPS, TOKEN_CACHE, _date_coverage_reference, _fold_word, _lex, _might_contain_date_reference,
        _prepare, _time_mark, _tokens,
    )

    lex = _lex()
    lines = {ln.strip() for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 300) for ln in d["text"].split("\n")}
    lines |= {"GMT 09:31 2015 الثلاثاء ,10 شباط / فبراير", "25:70 12:30", "منذ 3 ساعات", "3 hours ago", "utc+3",
              "2020-05-01t10:20:30z", "1437هـ", "أمس 10:30 م", "a", "1", ""}
    tokens = shares = 0
    TOKEN_CACHE.clear()
    for t in lines:
        assert lex.coverage(t) == _date_coverage_reference(t)
        shares += lex.coverage(t) > 0
        if not _might_contain_date_reference(t, lex):
            continue
        for text in (_prepare(t)[0], t):  # (prepared lines, and raw ones: capitals, marks)
            ref = _tokens(text, lex)
            # Tried where the lookahead holds, and (as DateCoverage does) only where a name can start,
            # plain numbers read without the regex.
            for starts, num_next, follow in ((None, None, None), (lex.name_starts, None, None),
                                             (lex.name_starts, lex.num_next, None),
                                             (lex.name_starts, lex.num_next, lex.num_follow_re.match)):
                for pairs in (None, lex.name_pairs) if num_next is not None else (None,):
                    for ampm in ((None, None, None), (lex.ampm_re.match, lex.ampm_starts, lex.names)):
                        fast = compiled.date_tokens(text, lex.token_re.match, lex.gap_re.fullmatch, lex.word_kind,
                                                    _fold_word, _COMMON_GAPS, starts, num_next, follow, pairs,
                                                    _time_mark, *ampm)
                        assert _token_view(fast) == _token_view(ref)
            tokens += sum(map(len, fast))
    assert tokens > 50_000 and shares > 2000
    TOKEN_CACHE.clear()


def test_compiled_date_assembly_equals_the_reference_on_every_dev_line():
    """`_dates.DateScan` (the assembly of dates from a line's tokens) against `dates._scan_reference`:
    the same ParsedDates (every field, the confidence's float too) on every dev line that passes the
    gate, every line of tests/data/dates.tsv and lines made for the rare paths (Hijri merges, weekdays,
    zones, relative phrases, spans moved by dropped marks), with and without a reference time, in
    Arabic, English and no language."""
    import csv
    from datetime import datetime
    from pathlib import Path

    from ghirbal.dates import _lex, _might_contain_date_reference, _scan_reference

    lex = _lex()
    lines = {ln.strip() for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 300) for ln in d["text"].split("\n")}
    table = Path(__file__).parent / "data" / "dates.tsv"
    with table.open(encoding="utf-8") as f:
        lines |= {row[0] for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if row and row[0][:1] != "#"}
    lines |= {"26 ذو الحجة 1437هـ - 29 سبتمبر 2016م", "الخميس 29 سبتمبر 2016 10:30 م GMT+3", "منذ 3 ساعات",
              "قبل يومين", "3 hours ago", "أمس 10:30", "اليوم", "منذ شهر", "التاريخ: 12/05/2020 محدث: 2020-05-13t10:20z",
              "1441/09/05", "12/25/2020", "05/06/07", "31 شباط 2020", "November 9, 2020", "الأربعاء ,14 أيار / مايو 2025",
              "GMT 15:16 2025 الأربعاء ,14 أيار / مايو", "٢٠ رمضان ١٤٤٠ هـ", "10 مـايـو 2020", "\u200f12 مايو 2020",
              "Friday, 3 January 2020 utc+3", "قبل ثلاث دقائق", "قبل ساعة", "32 مايو 2020", "2016-13-40", "1.2.1820"}
    lines = [t for t in lines if t and _might_contain_date_reference(t, lex)]
    found = 0
    for ref in (None, datetime(2021, 3, 4, 10, 20)):
        for lang in (None, "ar", "en"):
            for t in lines:
                fast = lex.scan(t, ref, lang)
                slow = _scan_reference(t, ref, lang)
                assert fast == slow, (t, ref, lang)
                assert [type(p.confidence) for p in fast] == [float] * len(fast)
                found += len(fast)
    assert found > 10_000


def test_compiled_date_dropped_marks_are_found_as_the_regex_finds_them():
    """The compiled coverage and assembly tell a line holding a dropped mark (`dates._DROPPED`) by its bit
    table (`dates._DROPPED_BITS`), not by `_HAS_DROPPED`: the table holds exactly those marks, and on
    date lines with marks, their neighbours and characters past the BMP put anywhere, the coverage and
    the dates equal the reference's."""
    import random

    from ghirbal.dates import (_DROPPED, _DROPPED_BITS, _HAS_DROPPED, _date_coverage_reference, _lex,
                               _scan_reference)

    lex = _lex()
    marked = {chr(c) for c in range(0x10000) if (_DROPPED_BITS[c >> 3] >> (c & 7)) & 1}
    assert marked == set(_DROPPED)
    assert all(_HAS_DROPPED.search(ch) for ch in marked)
    bases = ["12 مايو 2020", "الخميس 29 سبتمبر 2016 10:30 م", "منذ 3 ساعات", "November 9, 2020", "12/05/2020",
             "Friday, 3 January 2020 utc+3", "قبل يومين", "26 ذو الحجة 1437هـ"]
    extra = sorted(marked) + ["\u061b", "\u0650\u0651", "\U0001f600", "\U0001d7d9", "é", " "]
    rnd = random.Random(13)
    moved = 0
    for _ in range(3000):
        t = rnd.choice(bases)
        for _ in range(rnd.randint(1, 3)):
            q = rnd.randint(0, len(t))
            t = t[:q] + rnd.choice(extra) + t[q:]
        fast, slow = lex.coverage(t), _date_coverage_reference(t)
        assert fast == slow, t
        assert lex.scan(t, None, None) == _scan_reference(t, None, None), t
        moved += fast > 0 and any(ch in marked for ch in t)
    assert moved > 500


def test_date_word_searches_find_what_the_regex_search_finds_on_every_dev_line():
    """The date coverage's gate regexes searched only where a word can start (`_dates.WordSearch`):
    the same first match (span and text) as `pattern.search` on every dev line, prepared and raw."""
    from ghirbal.dates import _fold_word, _lex, _prepare, _word_search

    lex = _lex()
    raw = read = 0
    lines = {ln.strip() for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 300) for ln in d["text"].split("\n")}
    lines |= {"منذ يومين", "قبل 3 ساعات", "a", ""}
    strong = {f for k, f in lex.word_kind.values() if k in ("month", "hmonth") or (k == "day" and f not in lex.weak_days)}
    searches = [(lex.strong_words_re, _word_search(lex.strong_words_re, strong)),
                (lex.rel_unit_re, _word_search(lex.rel_unit_re, {_fold_word(w) for w in lex.units} | set(lex.duals)))]
    assert all(type(fast) is compiled.WordSearch for _, fast in searches)
    for t in lines:
        for text in (_prepare(t)[0], t):
            for pattern, fast in searches:
                a, b = fast(text), pattern.search(text)
                assert (a is None) == (b is None) and (a is None or (a.span(), a.group()) == (b.span(), b.group()))
                raw += b is not None
                read += 1
    assert raw > 1000 and read > 50_000


def test_date_name_starts_are_the_first_letters_of_the_token_regex_words():
    """`dates._Lex.name_starts`, where the compiled tokenizer tries the regex past digits, "g" and "u":
    every spelling of a month's first letter (أ إ آ ا of "أبريل"), and not every letter (or it saves
    nothing); a line whose words start with none of them gets no name token from the reference either."""
    from ghirbal.dates import _lex, _tokens

    lex = _lex()
    bits = lex.name_starts
    assert bits is not None and len(bits) == 8192

    def has(ch: str) -> bool:
        return bool(bits[ord(ch) >> 3] >> (ord(ch) & 7) & 1)

    assert all(has(ch) for ch in "اأإآ") and has("ي") and has("m")
    missing = [ch for ch in map(chr, range(0x0621, 0x064B)) if not has(ch)]
    assert len(missing) >= 5
    line = " ".join(ch + "لم" for ch in missing)
    assert _tokens(line, lex) == []


def test_cached_date_tokens_are_out_of_the_collectors_sight_and_unchanged():
    """The date tokens TOKEN_CACHE keeps for many pages are untracked (lists, tuples, matches): a
    collection no longer walks them; their values are those of a fresh tokenizing."""
    import gc

    from ghirbal.dates import TOKEN_CACHE, _lex, _tokens
    from ghirbal.extract import clear_caches

    clear_caches()
    for d in _docs("arabic-sites-dev", 40):
        ghirbal.clean(d["text"], url=d.get("url"))
    assert len(TOKEN_CACHE) > 20
    lex, tokens = _lex(), 0
    for low, clusters in TOKEN_CACHE.items():
        assert not gc.is_tracked(clusters)
        fresh = _tokens(low, lex)
        assert len(clusters) == len(fresh)
        for cluster, again in zip(clusters, fresh):
            assert not gc.is_tracked(cluster)
            for t, u in zip(cluster, again, strict=True):
                tokens += 1
                assert not gc.is_tracked(t) and not gc.is_tracked(t[3])
                assert t[:3] == u[:3] and t[4] == u[4]
                if t[0] in ("num", "time"):
                    assert type(t[3]) is int and t[3] == u[3]
                    continue
                if t[3] is None:  # (a name)
                    assert u[3] is None
                    continue
                assert t[3].group() == u[3].group() and t[3].groupdict() == u[3].groupdict()
    assert tokens > 50
    clear_caches()


def test_page_lines_and_cached_values_are_out_of_the_collectors_sight_and_unchanged():
    """The Lines `verdicts` makes and the measured values the line cache keeps (tuples of strings,
    numbers, flags and bytes) are untracked: the collection after each page no longer walks them; a
    value holding a container stays tracked; the verdicts are those of the reference (tracked)."""
    import gc

    from ghirbal.extract import _LINE_CACHES, clear_caches
    from ghirbal.model import Line

    clear_caches()
    pages = 0
    for d in _docs("arabic-sites-dev", 20):
        art = ghirbal.clean(d["text"], url=d.get("url"))
        assert art.lines and not any(gc.is_tracked(ln) for ln in art.lines)
        pages += 1
    assert pages == 20
    kept = [v for cache in _LINE_CACHES.values() for v in cache.entries.values()]
    assert len(kept) > 500 and not any(gc.is_tracked(v) for v in kept)
    clear_caches()
    held, plain = ("k", "l", 3, True, None, False, b"", ["a list"]), ("k", "l", 3, True, "cue", False, b"\0")
    values, entries = [None, None], {}
    compiled.store_values(values, [0, 1], [held, plain], ["a", "b"], entries, 10)
    assert values == [held, plain] and entries == {"a": held, "b": plain}
    assert gc.is_tracked(held) and not gc.is_tracked(plain)
    made = compiled.verdicts(Line, *_verdict_args())
    assert [ln.to_dict() for ln in made] == [ln.to_dict() for ln in _verdicts_reference_of(_verdict_args())]


def _verdict_args() -> tuple:
    from ghirbal import config
    from ghirbal.extract import page_features

    feats = page_features("عنوان\n\nنص طويل من الكلمات هنا هو نص الخبر كله.\nقائمة\n", config.default())[0]
    scores = [0.0, 0.0, 2.0, -1.0]
    return (feats, 0, set(), feats[0].key, set(), 2, 2, scores, set(), set(), "", frozenset(), "", frozenset(),
            True, 3, 4, 12, lambda i: False)


def _verdicts_reference_of(args: tuple) -> list:
    from ghirbal.lines import _verdicts_reference

    return _verdicts_reference(*args)


def test_role_texts_equal_the_reference():
    """`_pages.role_texts` (the body assemble keeps) against `article._role_texts_reference`: on the Lines
    the compiled verdicts make, on Lines a caller changed, and on records of another class."""
    from ghirbal.article import _role_texts_reference
    from ghirbal.model import Line

    checked = 0
    for d in _docs("arabic-sites-dev", 40) + _docs("wcxb-dev", 40):
        lines = ghirbal.clean(d["text"], url=d.get("url")).lines
        for role in ("body", "related", "title"):
            assert compiled.role_texts(lines, role) == _role_texts_reference(lines, role)
        checked += bool(_role_texts_reference(lines, "body"))
    assert checked > 60
    lines = compiled.verdicts(Line, *_verdict_args())
    lines[1].keep("body")
    lines[2].drop("menu")
    lines.append(Line(9, "made by hand", True, "".join(["bo", "dy"])))  # an equal role, not the same object

    @dataclasses.dataclass
    class Other:
        text: str
        role: str | None

    lines.append(Other("another record", "body"))
    assert compiled.role_texts(lines, "body") == _role_texts_reference(lines, "body") == [
        lines[1].text, "made by hand", "another record"]


def test_the_compiled_prefix_gate_turns_away_only_lines_the_prefix_regex_gate_does():
    """`_pages.PrefixGate` (byline's `no_prefix_re` for lines without control marks among their first
    characters) says "no prefix" only where the regex does, and where the regex does on every such
    line: each prefix word with its first or second character swapped for any ASCII or Arabic one
    (and ones that fold or compose into a prefix's letter), behind white space or control marks, a
    mark or control after it; and every dev line."""
    import tomllib
    from importlib.resources import files

    from ghirbal.byline import _CONTROLS, _lex, prefix_gate

    gate, regex = prefix_gate(), _lex().no_prefix_re
    words = tomllib.loads((files("ghirbal") / "lexicon" / "bylines.toml").read_text("utf-8"))["prefixes"]
    prefixes = sorted({w for ws in words.values() for w in ws})
    swaps = [chr(c) for c in [*range(0x80), *range(0x600, 0x700)]] + ["é", "É", "e\u0301", "ſ", "\u212a", "\u0627\u0654"]
    lines = []
    for w in prefixes:
        for c in swaps:
            for lead in ("", " ", "\u200f", " \u00a0"):
                for after in ("", "\u200e", "\u0654"):
                    lines += [lead + c + after + w[1:] + " علي", lead + w[0] + c + after + w[2:] + ": J D", lead + c,
                              lead + w[0] + after + c]
    lines += [ln for d in _docs("arabic-sites-dev", 40) + _docs("wcxb-dev", 40) for ln in d["text"].split("\n")]
    agreed = 0
    for line in lines:
        said, expected = gate(line), regex.match(line) is not None
        assert not said or expected, repr(line)
        if not _CONTROLS.search(line.lstrip()[:3]):  # (no control mark among the characters it reads)
            assert said == expected, repr(line)
            agreed += said
    assert agreed > 20_000


def test_byline_candidates_equal_the_reference_on_dev_pages_and_shuffled_roles():
    """`_pages.byline_candidates` (the lines `article._explicit_byline` asks) against
    `article._byline_candidates_reference`: the lines nearest the story first, the same ones left out."""
    import random

    from ghirbal import config
    from ghirbal.article import _byline_candidates_reference
    from ghirbal.byline import prefix_gate
    from ghirbal.extract import page_features
    from ghirbal.model import Line

    cfg, rng, checked = config.default(), random.Random(5), 0
    for d in _docs("arabic-sites-dev", 60) + _docs("wcxb-dev", 60):
        feats = page_features(d["text"], cfg)[0]
        lines = ghirbal.clean(d["text"], url=d.get("url")).lines
        assert len(lines) == len(feats)
        for _ in range(4):
            start = rng.randrange(len(feats))
            lo, hi = max(0, start - rng.randrange(80)), min(len(feats), start + rng.randrange(20))
            most = rng.choice((4, 16))  # (the setting's default, and a tighter one that leaves more out)
            fast = compiled.byline_candidates(lines, feats, start, lo, hi, most)
            assert fast == _byline_candidates_reference(lines, feats, start, lo, hi, most)
            assert all(feats[i].words <= most for i in fast)
            checked += len(fast)
            # with the prefix gate: the same lines, but those whose first characters open no prefix
            gated = compiled.byline_candidates(lines, feats, start, lo, hi, most, prefix_gate())
            assert gated == [i for i in fast if not prefix_gate()(lines[i].text)]
        for ln in lines:  # other roles, and Lines made by hand (not in their slots)
            if rng.random() < 0.3:
                ln.keep(rng.choice(("title", "related", "caption", "body", "byline", "".join(["bo", "dy"]))))
        lines = [ln if rng.random() < 0.5 else Line(ln.index, ln.text, ln.kept, ln.role, ln.reason) for ln in lines]
        start = rng.randrange(len(feats))
        assert (compiled.byline_candidates(lines, feats, start, max(0, start - 60), min(len(feats), start + 12), 16)
                == _byline_candidates_reference(lines, feats, start, max(0, start - 60), min(len(feats), start + 12), 16))
    assert checked > 1000


def test_line_columns_write_the_reference_logs_for_any_repeat_count():
    """`_pages.line_columns` reads log(max(repeats, 1)) from a table of numpy's own logs, grown past the
    largest count asked; counts that are not whole numbers take numpy's log: the reference's floats."""
    from ghirbal import config
    from ghirbal.extract import page_features
    from ghirbal.linemodel.rows import _COL, _line_columns_reference

    text = "\n".join(["سطر أول من كلمات كثيرة", "", "a latin line only here", "سطر ثان من كلمات كثيرة", "x"])
    feats = page_features(text, config.default())[0]
    for reps in ([1, 1, 3, 70000, 2], [1, 1, 2.5, 1, 0], [0, 1, -3, 1, float("nan")], [1, 1, 1, 1, 1]):
        for f, r in zip(feats, reps):
            f.repeats = r
        for arabic in (True, False):
            width = len(FEATURES)
            fast, slow = np.zeros((len(feats), width)), np.zeros((len(feats), width))
            fast[:, _COL["has_arabic"]] = slow[:, _COL["has_arabic"]] = [1, 0, 0, 1, 0]
            fast[:, _COL["has_latin"]] = slow[:, _COL["has_latin"]] = [0, 0, 1, 0, 1]
            idx = compiled.line_columns(feats, fast, _COL["date_share"], _COL["same_start"], _COL["has_arabic"],
                                        _COL["has_latin"], _COL["foreign"], _COL["repeats_log"], arabic)
            assert np.array_equal(idx, _line_columns_reference(feats, slow, arabic))
            assert np.array_equal(fast, slow, equal_nan=True), reps


def test_squeezed_lines_and_line_starts_equal_the_reference():
    """`_counts.squeezed_lines` (a page's lines stripped, space runs squeezed, in one pass) and
    `_pages.line_starts` (where each key starts in the joined keys) against their references, on every
    dev page and on random text of spaces, other whitespace, line breaks and letters."""
    import random

    from ghirbal.features import _line_starts_reference
    from ghirbal.normalize import squeezed_lines_reference

    rng = random.Random(11)
    alphabet = [" ", " ", "\n", "\t", "\u3000", "\u2003", "\x1c", "\u00a0", "\x85", "a", "ب", "\U0001f600", "_"]
    texts = ["", "\n", "\n\n", " ", "a\n", "  a  b  \n\n x ", "x" * 300 + "  " + "ي" * 5]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    texts += [d["text"] for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200)]
    squeezed = 0
    for text in texts:
        fast = compiled.squeezed_lines(text)
        assert fast == squeezed_lines_reference(text)
        squeezed += sum(a != b for a, b in zip(fast, text.split("\n")))
        assert compiled.line_starts(fast) == _line_starts_reference(fast)
    assert squeezed > 1000  # (lines were changed, not only copied)
    assert compiled.line_starts([]) == _line_starts_reference([]) == [0]


def test_normalized_texts_equal_unicodedata_on_every_code_point_pair_and_dev_page():
    """`normalize.is_normalized` (True at once when the quick check passes, compiled) gives what
    `unicodedata.is_normalized` gives: for every BMP character alone and after or before a plain letter
    or a combining mark (compositions, reordering), and for every dev page; and the shortcut is taken."""
    import random
    import unicodedata

    from ghirbal.normalize import _quick_check_table, is_normalized

    nfc, nfkc = _quick_check_table("NFC"), _quick_check_table("NFKC")
    assert compiled.quick_normalized("سلامٌ world\n", nfc) and compiled.quick_normalized("سلامٌ…", nfc)
    assert not compiled.quick_normalized("سلامٌ…", nfkc) and not compiled.quick_normalized("\U0001f600", nfc)
    assert not compiled.quick_normalized("\u0651\u064e", nfc)  # (fatha after shadda: classes out of order)
    assert compiled.quick_normalized("\u064e\u0651", nfc)
    around = ["a", "e", "ا", "و", "ي", "\u0653", "\u0654", "\u0301", "\u0651\u064e", "\u064e\u0651", "\u1100", " "]
    texts = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    texts += [a + t for t in texts[::7] for a in around] + [t + a for t in texts[::7] for a in around]
    rng = random.Random(5)
    pool = "aeoAE اأإآويىةه\u0653\u0654\u0655\u064b\u0651\u064e\u0301\u0308\u00e9\u1100\u1161\uac00\u2026\ufb50"
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 8))) for _ in range(20000)]
    texts += [d["text"] for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200)]
    plain = 0
    for t in texts:
        for form in ("NFC", "NFKC"):
            assert is_normalized(form, t) == unicodedata.is_normalized(form, t), (form, t)
        plain += compiled.quick_normalized(t, nfc)
    assert plain > 10_000


def test_dropped_characters_equal_the_reference_on_every_code_point_and_dev_page():
    """`_counts.chars_in` finds the characters `_drop_chars` must replace in one pass: the same text out
    as the reference's scan per character, for each code point, past the BMP too, and every dev page."""
    from ghirbal.normalize import _CONTROL_CHARS, _ODD_SPACES, _drop_chars, _drop_chars_reference

    odd = _CONTROL_CHARS + "\U0001f600\U000e0001x"  # characters past the BMP are found too
    pages = [d["text"] for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 300)]
    pages += ["".join(chr(c) for c in range(lo, min(lo + 4096, 0x110000)) if not 0xD800 <= c < 0xE000)
              for lo in range(0, 0x110000, 4096)]
    pages += ["", "a", "\u00a0", "x\U0001f600", "\U000e0001"]
    replaced = 0
    for page in pages:
        for chars, repl in ((_CONTROL_CHARS, ""), (_ODD_SPACES, " "), (odd, "_")):
            fast = _drop_chars(page, chars, repl)
            assert fast == _drop_chars_reference(page, chars, repl)
            replaced += fast != page
        assert compiled.chars_in(page, odd) == "".join(ch for ch in odd if ch in page)
    assert replaced > 100


def test_date_shares_equal_the_reference_on_every_dev_page():
    """`_pages.mark_dates` against `lines._mark_dates_reference`: the same share on every line and the
    same remembered shares after every page, with the memory large and with it filling up every page."""
    from ghirbal import config
    from ghirbal.extract import clear_caches
    from ghirbal.features import measure_page
    from ghirbal.lexicon import load
    from ghirbal.lines import _DATE_SHARES, _mark_dates_reference, mark_dates
    from ghirbal.normalize import faithful_lines

    lex = load("ar")
    pages = [faithful_lines(d["text"]) for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200)]
    for cache_lines in (config.default()["lines"]["cache_lines"], 7):
        cfg = {**config.default()["lines"], "cache_lines": cache_lines}
        runs = []
        for mark in (mark_dates, _mark_dates_reference):
            clear_caches()
            shares, remembered = [], []
            for lines in pages:
                feats = measure_page(lines, lex)
                mark(feats, cfg)
                shares.append([f.date_share for f in feats])
                remembered.append(dict(_DATE_SHARES))
            runs.append((shares, remembered))
        assert runs[0] == runs[1]
        assert sum(s > 0 for page in runs[0][0] for s in page) > 500
    clear_caches()


def test_date_shares_from_a_python_coverage_equal_those_from_the_compiled_one():
    """`_pages.mark_dates` calls the compiled DateCoverage in C and any other coverage (a Python
    callable, the reference) through a Python call: both ways give every line the same share, and both
    remember the same shares."""
    from ghirbal import config
    from ghirbal.dates import _date_coverage_reference, coverage_function
    from ghirbal.extract import clear_caches
    from ghirbal.features import measure_page
    from ghirbal.lexicon import load
    from ghirbal.linemodel import _dates, _pages
    from ghirbal.normalize import faithful_lines

    cfg, lex = config.default()["lines"], load("ar")
    pages = [faithful_lines(d["text"]) for d in _docs("arabic-sites-dev", 60) + _docs("wcxb-dev", 60)]
    assert type(coverage_function()) is _dates.DateCoverage
    runs = []
    for coverage in (coverage_function(), _date_coverage_reference):
        clear_caches()
        shares, remembered = [], {}
        for lines in pages:
            feats = measure_page(lines, lex)
            _pages.mark_dates(feats, remembered, cfg["stamp_max_words"], 1_000_000, coverage)
            shares.append([f.date_share for f in feats])
        runs.append((shares, remembered))
    assert runs[0] == runs[1]
    assert sum(s > 0 for page in runs[0][0] for s in page) > 50
    clear_caches()


def test_date_coverage_of_lines_with_dropped_marks_equals_the_reference():
    """DateCoverage drops the in-word marks (`dates._DROPPED`: diacritics, tatweel, bidi and zero-width
    controls) in C, without `_prepare`'s index: the same share as the reference, marks anywhere, with
    astral characters and with a capital that lower-cases to two characters."""
    from ghirbal.dates import _date_coverage_reference, coverage_function

    coverage = coverage_function()
    lines = ["نُشِرَ في ١٢ مارس ٢٠٢٤", "الخميـــس 5 أكتوبر 2023 - 10:30", "\u200f12/03/2024\u200e",
             "\ufeff2024-03-12 \u2066ص\u2069", "𝐀 ٣ يَنَايِر ٢٠٢٢ 😀", "İstanbul 3 Mart 2021 \u200b",
             "مُنْذُ ٣ سَاعَاتٍ", "\u064b\u064c", "كتب: علي"]
    shares = [coverage(line) for line in lines]
    assert shares == [_date_coverage_reference(line) for line in lines]
    assert sum(s > 0 for s in shares) >= 5


def test_date_lowering_keeps_a_line_without_cased_characters_as_it_is():
    """`_dates.lowered` (the coverage's and the assembly's lower-casing) is str.lower on every code
    point, alone, after Arabic and before Latin, and returns the line itself where no character of it
    lower-cases (an Arabic line: no copy, the hash it already holds)."""
    from ghirbal.linemodel._dates import lowered

    for c in range(0x110000):
        if 0xD800 <= c < 0xE000:
            continue
        for text in (chr(c), "نص " + chr(c) + "a"):
            assert lowered(text) == text.lower(), hex(c)
    arabic = "نُشِرَ في ١٢ مارس ٢٠٢٤ - 10:30 «الخميس»"
    assert lowered(arabic) is arabic
    # Only A-Z to lower (lowered in a copy made in C), in each kind of string; one character alone
    for text in ("GMT", "11:48 GMT", "نشر GMT+3 AM", "Ab\U0001f600C", "é A", "A"):
        low = lowered(text)
        assert low == text.lower() and low is not text and type(low) is str, text
    assert lowered("12 March 2024") == "12 march 2024" and lowered("İstanbul") == "i̇stanbul"


def test_compiled_date_names_filter_follows_the_names_it_is_given():
    """The tokenizer's filter of name hashes (`_dates._make_name_bits`) is made for the frozenset of
    names it is passed: a name left out of another set is not read, and read again with the first."""
    from ghirbal.dates import _COMMON_GAPS, _fold_word, _lex, _time_mark

    lex = _lex()

    def names_tokens(text, names):
        return compiled.date_tokens(text, lex.token_re.match, lex.gap_re.fullmatch, lex.word_kind, _fold_word,
                                    _COMMON_GAPS, lex.name_starts, lex.num_next, lex.num_follow_re.match,
                                    lex.name_pairs, _time_mark, lex.ampm_re.match, lex.ampm_starts, names)

    text = "الخميس 12 مارس 2020"
    full = names_tokens(text, lex.names)
    assert ("month", 10, 14) in [t[:3] for c in full for t in c]
    fewer = (lex.names[0], frozenset(lex.names[1] - {"مارس"}), *lex.names[2:])
    assert ("month", 10, 14) not in [t[:3] for c in names_tokens(text, fewer) for t in c]
    same = (lex.names[0], frozenset(lex.names[1]), *lex.names[2:])
    assert names_tokens(text, same) == full and names_tokens(text, lex.names) == full


def test_compiled_date_tokens_remember_folds_and_marks_until_the_token_cache_is_cleared():
    """The tokenizer calls fold_word (a name spelled otherwise than the lexicon) and time_mark (an am/pm
    mark) once per string, until `dates.clear_token_cache`, and afresh for another function: the same
    tokens as the reference every time."""
    from ghirbal.dates import _COMMON_GAPS, _fold_word, _lex, _time_mark, _tokens, clear_token_cache

    lex, calls = _lex(), []

    def counted(fn):
        def call(x):
            calls.append(x)
            return fn(x)
        return call

    def run(text, fold, mark):
        return compiled.date_tokens(text, lex.token_re.match, lex.gap_re.fullmatch, lex.word_kind, fold, _COMMON_GAPS,
                                    lex.name_starts, lex.num_next, lex.num_follow_re.match, lex.name_pairs, mark,
                                    lex.ampm_re.match, lex.ampm_starts, lex.names)

    text = "آخر تحديث: 12 مارس 2020 10:30 م"
    fold, mark = counted(_fold_word), counted(_time_mark)
    clear_token_cache()
    first = run(text, fold, mark)
    assert _token_view(first) == _token_view(_tokens(text, lex))
    asked = len(calls)
    assert asked >= 2
    assert _token_view(run(text, fold, mark)) == _token_view(first) and len(calls) == asked
    clear_token_cache()
    assert _token_view(run(text, fold, mark)) == _token_view(first) and len(calls) == 2 * asked
    assert _token_view(run(text, counted(_fold_word), counted(_time_mark))) == _token_view(first) and len(calls) == 3 * asked
    clear_token_cache()


def test_compiled_site_lines_equal_the_reference():
    """`verdicts`' site-name test reads a line's first word by its hash among the site's and the URL's
    words (no string made for it): the same verdicts as the reference for first words in the site's
    name, in the URL's ignored words, equal to or starting the domain label, longer than it, and none."""
    from ghirbal import config
    from ghirbal.extract import page_features
    from ghirbal.lines import url_ignore
    from ghirbal.model import Line

    text = "\n".join(["عنوان الخبر", "مصر اليوم", "اليوم مصر مصر", "مصر", "masrawy", "masr", "www masrawy com",
                     "masrawyx news", "www", "com masrawy", "اليوم", "قائمة أخرى هنا", "news article",
                     "الخبر كله نص طويل من الكلمات هنا هو نص الخبر كله."])
    feats = page_features(text, config.default())[0]
    n = len(feats)
    scores = [0.0] * (n - 1) + [2.0]
    for site_key, label in (("مصر اليوم", "masrawy"), ("", "masrawy"), ("مصر اليوم", ""), ("", "")):
        args = (feats, 0, set(), feats[0].key, set(), n - 1, n - 1, scores, set(), set(), site_key,
                frozenset(site_key.split()), label, url_ignore(), True, 3, 4, 12, lambda i: False)
        made = [ln.to_dict() for ln in compiled.verdicts(Line, *args)]
        assert made == [ln.to_dict() for ln in _verdicts_reference_of(args)], (site_key, label)
        if site_key and label:
            assert sum(d.get("reason") == "site-name" for d in made) >= 6


def test_pages_is_rebuilt_when_the_date_classes_it_cimports_change():
    """`_pages.pyx` cimports `_dates.pxd` (DateCoverage called in C): a changed declaration must make
    `_pages` stale, as its layout of DateCoverage's fields is compiled into it."""
    from pathlib import Path

    from ghirbal.linemodel.compiled import _build_sources

    package = Path(ghirbal.__file__).resolve().parent
    sources = _build_sources(package / "linemodel" / "_pages.pyx", package)
    assert package / "linemodel" / "_dates.pxd" in sources


def test_block_scores_and_the_best_block_equal_the_reference():
    import random

    from ghirbal import config
    from ghirbal.extract import page_features
    from ghirbal.story import best_block_reference, model_scores, model_scores_reference

    cfg, rng = config.default()["lines"], random.Random(4)
    full = config.default()
    blocks = 0
    for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200):
        feats = page_features(d["text"], full)[0]
        logits = np.array([rng.uniform(-9, 9) for _ in feats])
        scores = model_scores(feats, logits, cfg)
        assert scores == model_scores_reference(feats, logits, cfg)
        masked = [s if rng.random() > 0.2 else -1e9 for s in scores]
        for values in (scores, masked, [rng.choice((-1, 0, 2)) for _ in feats]):
            assert compiled.best_block(values) == best_block_reference(values)
            blocks += compiled.best_block(values) is not None
    assert compiled.best_block([]) is None and compiled.best_block([-1.0, 0.0]) is None
    assert blocks > 500


@pytest.mark.parametrize("language", ["ar", "en"])
def test_measured_lines_and_static_rows_equal_the_reference_on_every_dev_line(language):
    from ghirbal.features import _measure_new
    from ghirbal.lexicon import load

    lex = load(language)
    lines = sorted({ln.strip() for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200)
                    for ln in d["text"].split("\n") if ln.strip()})
    cues = ("read-also", "breadcrumb", "share", None)
    measured = _measure_new(lines, lex)
    checked = 0
    for k, (text, (key, _loose, words, end, _cue, linky, _row)) in enumerate(zip(lines, measured)):
        if not key:
            continue
        cue = cues[k % len(cues)]  # every kind of cue, list headers included, on every kind of line
        args = (text, key, words, end, cue, linky, lex.stopwords, lex.chrome_words)
        assert static_row(*args) == static_row_reference(*args), text
        checked += 1
    assert checked > 5000
    # The whole measuring loop (cue, agency credit, link-likeness, sentence end, static row) as well.
    compiled.set_active(False)
    try:
        reference = _measure_new(lines, lex)
    finally:
        compiled.set_active(True)
    assert measured == reference
    assert {m[4] for m in measured} >= {None, "agency-credit"} and any(m[5] for m in measured)
    # Doubled keys ("a b a b"), separators and capitalized words: the rarer columns are set somewhere.
    doubled = static_row("x y x y", "x y x y", 4, False, None, False, frozenset(), frozenset())
    assert np.frombuffer(doubled)[12] == 1.0
    assert doubled == static_row_reference("x y x y", "x y x y", 4, False, None, False, frozenset(), frozenset())


def test_measured_lines_equal_the_reference_where_a_keys_spaces_are_not_single():
    """The measuring loop walks a key's words once for the cue and the static row; where key.split(" ")
    and key.split() differ (a tab, a double or an outer space, U+3000) the cue gets the words split at
    " " and the row the words split at white space, as the reference does."""
    import random

    from ghirbal.features import _measure_lines_reference, agency_pieces, is_agency_credit, _LINKY, _END_MARKS, _CLOSERS
    from ghirbal.lexicon import CueMatcher, Lexicon, load
    from ghirbal.linemodel.rows import ZERO_STATIC, static_row_patterns

    en = load("en")
    cues = CueMatcher([
        ("form", [{"max_words": 5, "prefix": ["sign in"], "contains": ["required field", "all rights"]}]),
        ("copyright", [{"max_words": 30, "prefix": ["\U0001d400 x", "© 0"], "contains": ["©"]}]),
    ])
    lex = Lexicon(language="en", stopwords=en.stopwords, chrome_words=en.chrome_words, cues=cues, date_labels={})
    rng = random.Random(5)
    words = ["sign", "in", "required", "field", "all", "rights", "the", "of", "\U0001d400", "x", "©", "0", "news"]
    spaces = [" ", " ", " ", "  ", "\t", "\u3000", "\xa0"]
    keys = ["sign in", "sign  in", "sign\tin", " sign in", "sign in ", "a required field", "a required\tfield",
            "all  rights", "\U0001d400 x", "\U0001d400  x"]
    for _ in range(2000):
        ws = [rng.choice(words) for _ in range(rng.randint(1, 8))]
        key = ws[0]
        for w in ws[1:]:
            key += rng.choice(spaces) + w
        keys.append(key)
    lines = [k.strip() + rng.choice(["", ".", " |x - y"]) for k in keys]
    looses = [k.replace("\t", " ") for k in keys]
    fast = compiled.measure_lines(lines, keys, looses, cues, agency_pieces(), is_agency_credit, _LINKY, _END_MARKS,
                                  _CLOSERS, ZERO_STATIC, lex.stopwords, lex.chrome_words, *static_row_patterns())
    assert fast == _measure_lines_reference(lines, keys, looses, lex)
    named = {m[4] for m in fast}
    assert {"form", "copyright", None} <= named


def test_measure_text_equals_the_keys_then_the_measuring_loop_on_dev_lines_and_random_lines():
    """measure_text reads each key's words as the fold wrote them (bounds, hashes, no `_CC_KEYSEP`
    character left); it must give what the reference keys measured by the reference loop give, on keys
    of every kind (UCS1, UCS2, UCS4, astral), empty and white-space-only lines, outer and doubled
    punctuation, digit runs, and keys holding white space other than " " (walked from the key)."""
    import random

    from ghirbal.features import _CLOSERS, _END_MARKS, _LINKY, _keys_reference, _measure_lines_reference
    from ghirbal.features import agency_pieces, is_agency_credit
    from ghirbal.lexicon import CueMatcher, Lexicon, load
    from ghirbal.linemodel.rows import ZERO_STATIC, static_row_patterns
    from ghirbal.normalize import fold_char_table, nfkc

    en = load("en")
    cues = CueMatcher([
        ("form", [{"max_words": 5, "prefix": ["sign in"], "contains": ["required field", "all rights"]}]),
        ("copyright", [{"max_words": 30, "prefix": ["\U0001d400 x", "\u00a9 0"], "contains": ["\u00a9"],
                        "exact": ["0"]}]),
    ])
    lex = Lexicon(language="en", stopwords=en.stopwords, chrome_words=en.chrome_words, cues=cues, date_labels={})
    args = (cues, agency_pieces(), is_agency_credit, _LINKY, _END_MARKS, _CLOSERS, ZERO_STATIC, lex.stopwords,
            lex.chrome_words, *static_row_patterns())
    table = fold_char_table()
    rng = random.Random(15)
    alphabet = list("  \t\u00a0\u3000_-.,\u060c:09\u0660aAz\u00c9\u00df\u03a3\u0623\u0625\u0649\u0640\u064b\u00a9|")
    alphabet += ["\U0001d7ce", "\U0001d400", "\U0001f600", "sign", "in", "all", "rights", "the", "\u0648\u0627\u0633"]
    pages = [["", " ", "\t", ".", "- -", "0", "sign in", " sign  in.", "\u00a9 2024 all rights",
              "\U0001d400 x", "a\tb", "a \u3000 b", "\u0627\u0644\u062e\u0628\u0631 \u060c", "\u00e9t\u00e9"]]
    pages.append(["\n".join(ln.strip() for ln in d["text"].split("\n")) for d in _docs("wcxb-dev")[:40]])
    pages[-1] = "\n".join(pages[-1]).split("\n")
    for _ in range(400):
        pages.append(["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
                      for _ in range(rng.randint(1, 6))])
    fast = 0
    for lines in pages:
        joined = "\n".join(lines)
        found = compiled.measure_text(lines, nfkc(joined), table, *args)
        if found is None:  # a character only `fold` itself may fold (keys_and_looses is None too)
            assert compiled.keys_and_looses(nfkc(joined), table) is None
            continue
        fast += 1
        assert found == _measure_lines_reference(lines, *_keys_reference(joined), lex), lines
    assert fast > 200
    with pytest.raises(ValueError):
        compiled.measure_text(["a", "b"], "a", table, *args)


def test_compiled_agency_gate_equals_could_be_agency_credit_on_every_dev_line_and_made_up_keys():
    import random

    from ghirbal.byline import agency_pieces, could_be_agency_credit
    from ghirbal.features import _keys_reference

    pieces = agency_pieces()
    lines = sorted({ln.strip() for d in _docs("arabic-sites-dev") + _docs("wcxb-dev")
                    for ln in d["text"].split("\n") if ln.strip()})
    keys, _looses = _keys_reference("\n".join(lines))
    passed = 0
    for key in keys:
        expected = could_be_agency_credit(key)
        assert compiled.agency_gate(key, pieces) == expected, key
        passed += expected
    assert len(keys) > 5000 and 100 < passed < len(keys) // 2
    # Made-up keys: the pieces themselves, behind "و", with a letter more, glued or spaced by every
    # kind of white space split() knows; single letters; empty and blank keys.
    rng = random.Random(7)
    sample = sorted(pieces)
    made = ["", " ", "\t\n", "و", "وو", "و و", "ووو", "x", "و x", "a b", "\u3000", "و\u3000و"]
    made += [chr(c) for c in range(0x20, 0x700)]
    made += ["و" + chr(c) for c in range(0x20, 0x700)]
    for _ in range(4000):
        words = [rng.choice(sample) for _ in range(rng.randint(1, 4))]
        words = [("و" + w if rng.random() < 0.3 else w) + (rng.choice("اxو ") if rng.random() < 0.2 else "")
                 for w in words]
        made.append(rng.choice([" ", "  ", "\t", "\u00a0", "\u2003", "\x1c"]).join(words))
    results = {compiled.agency_gate(k, pieces) for k in made}
    for key in made:
        assert compiled.agency_gate(key, pieces) == could_be_agency_credit(key), repr(key)
    assert results == {True, False}
    # Another set of pieces gets its own table; the gate only ever looks a whole word up.
    assert compiled.agency_gate("ab وab", frozenset({"ab"})) and not compiled.agency_gate("a", frozenset({"ab"}))
    assert not compiled.agency_gate("وa", frozenset({"ab"})) and compiled.agency_gate("", frozenset())


def test_the_link_gate_passes_every_line_the_link_regex_matches():
    import random

    from ghirbal.features import _LINKY

    lines = sorted({ln.strip() for d in _docs("arabic-sites-dev") + _docs("wcxb-dev")
                    for ln in d["text"].split("\n") if ln.strip()})
    rng = random.Random(11)
    marks = ".:@#/_-0٣ \n"
    made = [chr(c) + tail for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF for tail in ("", "\n")]
    made += ["".join(rng.choice(marks + "abhwtpsk\u017f\u212aابو") for _ in range(rng.randint(1, 12)))
             for _ in range(20000)]
    made += ["http://localhost", "HTTPS://x", "#tag", "@who", "a@b.co", "www.x", "x.com/y", "٣٤ - ٥", "__", "a"]
    gated = matched = 0
    for text in lines + made:
        match = _LINKY.match(text) is not None
        gate = compiled.could_be_linky(text)
        assert gate or not match, repr(text)  # the gate never turns a match away
        matched += match
        gated += not gate
    assert matched > 1000 and gated > len(lines) // 2


def test_static_rows_count_words_as_the_reference_on_hard_keys():
    """The compiled row walks the key's words in place and looks them up in a hash table of the
    lexicon's words: the same counts as key.split() and the sets, whatever the characters."""
    import random

    stop = frozenset({"في", "من", "the", "a", "\U0001d400x", "ß", "ab"})
    chrome = frozenset({"اقرأ", "share", "من", "ab c"})  # a word in both sets; a "word" with a space
    rng = random.Random(3)
    alphabet = ["في", "من", "the", "a", "ab", "abc", "b", "اقرأ", "share", "\U0001d400x", "ß", "ss", "x"]
    spaces = [" ", " ", " ", "\t", "\u3000", "\x1c", "\xa0"]
    keys = ["x y x y", "a b a c", "a b c a b c", "a a a a", "ab ab", "من من من من", "\U0001d400x \U0001d400x"]
    for _ in range(3000):
        words = [rng.choice(alphabet) for _ in range(rng.randint(1, 12))]
        if rng.random() < 0.3:
            words = words + words  # doubled
        key = words[0]
        for w in words[1:]:
            key += rng.choice(spaces) + w
        keys.append(key)
    for key in keys:
        words = len(key.split())
        for end, cue, linky in ((False, None, False), (True, "read-also", True)):
            args = (key, key, words, end, cue, linky, stop, chrome)
            assert static_row(*args) == static_row_reference(*args), repr(key)
    assert np.frombuffer(static_row("a b a b", "a b a b", 4, False, None, False, stop, chrome))[4] == 0.5


def test_page_rows_equal_the_reference_on_every_dev_page(monkeypatch):
    import ghirbal.lines as lines_module

    from ghirbal import config
    from ghirbal.features import PageKeys
    from ghirbal.linemodel.rows import _inside_other_lines, _inside_other_lines_reference

    limit = config.default()["lines"]["containment_max_chars"]

    real = lines_module.page_rows
    pages: list[bool] = []
    stamped = held = 0

    def both(*args, **kwargs):
        nonlocal stamped, held
        feats, page_keys = args[0], args[3]
        inside = _inside_other_lines(feats, page_keys)  # (compiled: _pages.inside_other_lines)
        assert inside == _inside_other_lines_reference(feats, PageKeys(feats, limit)), feats[0].text
        held += len(inside)
        fast = real(*args, **kwargs)
        compiled.set_active(False)
        try:
            reference = real(*args, **kwargs)
        finally:
            compiled.set_active(True)
        pages.append(np.array_equal(fast, reference))
        stamped += bool(fast[:, FEATURES.index("near_stamp")].any())
        return fast

    monkeypatch.setattr(lines_module, "page_rows", both)
    for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200):
        ghirbal.clean(d["text"], url=d.get("url"))
    assert len(pages) > 300 and all(pages), f"{pages.count(False)} pages differ"
    assert stamped > 50  # the stamp neighbourhood column was exercised
    assert held > 100  # and the lines held inside others


def _verdicts(docs: list[dict]) -> list[list[tuple]]:
    out = []
    for d in docs:
        art = ghirbal.clean(d["text"], url=d.get("url"))
        out.append([(ln.kept, ln.reason, ln.role) for ln in art.lines])
    return out


_CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from tests.test_compiled_core import _docs, _verdicts
from ghirbal.linemodel import compiled
assert not compiled.active()
docs = _docs("arabic-sites-dev") + _docs("wcxb-dev", 300)
json.dump(_verdicts(docs), sys.stdout)
"""


def test_line_verdicts_equal_the_reference_on_every_dev_page_and_shuffled_layouts(monkeypatch):
    """`_pages.verdicts` against `lines._verdicts_reference`: on every page classify sees (text pages of
    both dev sets), then on the same lines with their fields, the block, the title and the line sets
    drawn at random, so that every rule of both branches decides some lines."""
    import random

    import ghirbal.lines as lines_module
    from ghirbal.model import Line

    real, calls = compiled.verdicts, []

    def both(line_cls, *args):
        fast = real(line_cls, *args)
        calls.append(args)
        assert [ln.to_dict() for ln in fast] == [ln.to_dict() for ln in lines_module._verdicts_reference(*args)]
        return fast

    monkeypatch.setattr(compiled, "verdicts", both)
    for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200):
        ghirbal.clean(d["text"], url=d.get("url"), kind="text")
    monkeypatch.setattr(compiled, "verdicts", real)
    assert len(calls) > 300
    rng = random.Random(11)
    reasons: set[str] = set()
    for args in calls[::4]:
        feats = [dataclasses.replace(f) for f in args[0]]
        n = len(feats)
        for f in feats:
            if f.key:
                f.template = rng.choice((0, 0, 0, 5))
                f.site_pages = rng.choice((0, 0, 1, 3))
                f.cue = rng.choice((None, None, None, f.cue, "menu"))
                f.repeats = rng.choice((1, 1, 2, 3))
        title = rng.randrange(n) if rng.random() < 0.8 else None
        b0 = rng.randrange(n)
        b1 = min(n - 1, b0 + rng.randrange(40))
        some = lambda: {i for i in range(n) if rng.random() < 0.1}  # noqa: E731
        title_key = feats[title].key if title is not None else ""
        site_key = rng.choice(("", feats[rng.randrange(n)].key, "x"))
        scores = [rng.uniform(-1, 1) for _ in range(n)]
        overlap = {i: rng.random() < 0.5 for i in range(n)}
        shuffled = (feats, title, some(), title_key, some(), b0, b1, scores, some(), some(), site_key,
                    frozenset(site_key.split()), rng.choice(("", "youm7", "a")), frozenset({"www", "com"}),
                    rng.random() < 0.8, 3, 5, 12, overlap.__getitem__)
        fast = compiled.verdicts(Line, *shuffled)
        assert [ln.to_dict() for ln in fast] == [ln.to_dict() for ln in lines_module._verdicts_reference(*shuffled)]
        reasons |= {ln.reason or ln.role for ln in fast}
    assert {"site-template", "title-repeat", "breadcrumb", "headline-list", "date-stamp", "related", "repeated",
            "menu", "outside-story", "body", "title", "site-name", "foreign-chrome"} <= reasons, reasons


def test_line_verdicts_ignore_set_members_that_name_no_line(monkeypatch):
    """`_pages.verdicts` reads its four line sets as marks per line: members outside the page's lines
    (never asked by the reference's `i in s`) change nothing, members inside decide as before."""
    import ghirbal.lines as lines_module
    from ghirbal.model import Line

    real, calls = compiled.verdicts, []

    def keep(line_cls, *args):
        calls.append(args)
        return real(line_cls, *args)

    monkeypatch.setattr(compiled, "verdicts", keep)
    for d in _docs("arabic-sites-dev", 40):
        ghirbal.clean(d["text"], url=d.get("url"), kind="text")
    monkeypatch.setattr(compiled, "verdicts", real)
    assert len(calls) >= 40
    for args in calls:
        n = len(args[0])
        every = set(range(n))
        for at in (2, 4, 8, 9):  # title_lines, stamps, related_idx, related_stamps
            for extra in ({-1, n, n + 7, -(2**40)}, every | {-3, n + 1}):
                changed = list(args)
                changed[at] = set(args[at]) | extra
                fast = compiled.verdicts(Line, *changed)
                assert [ln.to_dict() for ln in fast] == [
                    ln.to_dict() for ln in lines_module._verdicts_reference(*changed)]


def test_related_lines_equal_the_reference_on_every_dev_page_and_shuffled_fields(monkeypatch):
    """`_pages.related_lines` against `related._find_related_reference`: on every page classify asks
    (text pages of both dev sets), then with cues, stamps, repeats, scores, title and block drawn at
    random, so that read-also lists and stamped headline lists both occur."""
    import random

    import ghirbal.related as related_module
    from ghirbal import config

    real, calls = related_module.find_related, []

    def both(*args):
        fast = real(*args)
        calls.append(args)
        assert fast == related_module._find_related_reference(*args)
        return fast

    monkeypatch.setattr("ghirbal.lines.find_related", both)
    for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200):
        ghirbal.clean(d["text"], url=d.get("url"), kind="text")
    assert len(calls) > 300 and sum(bool(real(*a)) for a in calls) > 20
    cfg = config.default()["lines"]
    rng = random.Random(5)
    listed = read_also = 0
    for feats, *_ in calls[::3]:
        feats = [dataclasses.replace(f) for f in feats]
        n = len(feats)
        for f in feats:
            if f.key:
                f.cue = rng.choice((None, None, None, None, "read-also", "menu"))
                f.date_share = rng.choice((0.0, 0.0, 0.0, 1.0, 0.5))
                f.repeats = rng.choice((1, 1, 1, 3))
                f.end_punct = rng.random() < 0.3
        scores = [rng.uniform(-1, 0.3) for _ in range(n)]
        title = rng.randrange(n) if rng.random() < 0.7 else None
        b0 = rng.randrange(n)
        block = (b0, min(n - 1, b0 + rng.randrange(30))) if rng.random() < 0.8 else None
        site_key = rng.choice(("", feats[rng.randrange(n)].key))
        fast = real(feats, scores, title, block, site_key, cfg)
        assert fast == related_module._find_related_reference(feats, scores, title, block, site_key, cfg)
        listed += len(fast)
        read_also += any(feats[j - 1].cue == "read-also" for j, _ in fast if j)
    assert listed > 200 and read_also > 20


def test_the_title_equals_the_reference_on_every_dev_page_and_shuffled_fields(monkeypatch):
    """`_pages.title_line` against `title._best_title_reference`: on every page classify asks (text
    pages of both dev sets, with and without the URL's slug), then with words, repeats, cues, stamps,
    ends and blocks drawn at random; the chosen line is the same, so every score compared the same."""
    import random

    import ghirbal.title as title_module
    from ghirbal import config
    from ghirbal.features import PageKeys

    real, calls = title_module.find_title, []

    def both(feats, block, cfg, page_keys, slug=frozenset()):
        calls.append((feats, block, slug))
        fast = real(feats, block, cfg, page_keys, slug)
        compiled.set_active(False)
        try:
            assert fast == real(feats, block, cfg, PageKeys(feats, cfg["containment_max_chars"]), slug)
        finally:
            compiled.set_active(True)
        return fast

    monkeypatch.setattr("ghirbal.lines.find_title", both)
    for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200):
        for url in (d.get("url"), None):
            ghirbal.clean(d["text"], url=url, kind="text")
    assert len(calls) > 600 and sum(bool(c[2]) for c in calls) > 100
    cfg = config.default()["lines"]
    rng = random.Random(9)
    chosen = set()
    for feats, block, slug in calls[::5]:
        feats = [dataclasses.replace(f) for f in feats]
        n = len(feats)
        for f in feats:
            if f.key:
                f.repeats = rng.choice((1, 1, 2, 4))
                f.cue = rng.choice((None,) * 6 + ("menu",))
                f.date_share = rng.choice((0.0,) * 6 + (0.9,))
                f.end_punct = rng.random() < 0.4
        if rng.random() < 0.5:
            b0 = rng.choice((0, 1, rng.randrange(n), rng.randrange(n)))  # (a story from the first line: no title)
            block = (b0, min(n - 1, b0 + rng.randrange(60)))
        words = {w for f in feats for w in f.key.split()}
        slug = frozenset(rng.sample(sorted(words), min(len(words), rng.choice((0, 2, 5)))))
        fast = title_module.find_title(feats, block, cfg, PageKeys(feats, cfg["containment_max_chars"]), slug)
        compiled.set_active(False)
        try:
            assert fast == title_module.find_title(feats, block, cfg, PageKeys(feats, cfg["containment_max_chars"]), slug)
        finally:
            compiled.set_active(True)
        chosen.add(fast is not None)
    assert chosen == {True, False}


def test_the_title_asks_the_page_counts_only_of_candidates_that_could_win(monkeypatch):
    """`_pages.title_line` asks a candidate's repeats (the page count, the lines holding it) and its
    byline test in the order of the best score it could reach, and stops there: the same line as the
    reference under weights of either sign (ties, negative repeats), with fewer questions asked."""
    import random

    import ghirbal.title as title_module
    from ghirbal import config
    from ghirbal.features import PageKeys

    calls = []
    real = title_module.find_title

    def keep(feats, block, cfg, page_keys, slug=frozenset()):
        calls.append((feats, block, slug))
        return real(feats, block, cfg, page_keys, slug)

    monkeypatch.setattr("ghirbal.lines.find_title", keep)
    for d in _docs("arabic-sites-dev", 80) + _docs("wcxb-dev", 80):
        ghirbal.clean(d["text"], url=d.get("url"), kind="text")
    base = config.default()["lines"]
    rng = random.Random(15)
    asked = {True: 0, False: 0}

    def counting(occurrences):
        def counted(f):
            asked[compiled.active()] += 1
            return occurrences(f)
        return counted

    for n, (feats, block, slug) in enumerate(calls):
        cfg = dict(base)
        if n % 2:
            cfg["title_weights"] = {k: rng.choice((-2.0, -0.5, 0.0, 0.5, 1.0, 3.0)) for k in base["title_weights"]}
        answers = []
        for active in (True, False):
            compiled.set_active(active)
            try:
                page_keys = PageKeys(feats, cfg["containment_max_chars"])
                page_keys.occurrences = counting(page_keys.occurrences)
                answers.append(title_module.find_title(feats, block, cfg, page_keys, slug))
            finally:
                compiled.set_active(True)
        assert answers[0] == answers[1]
    assert len(calls) > 150 and 0 < asked[True] < asked[False] / 2


def test_story_words_read_from_the_page_words_equal_a_walk_of_the_lines():
    """The title's story words (`_SpanSet`) and the in-block headline test's (`_story.StoryWords`) read
    from the page's hashed words (`PageCounts.word_index`) answer as when the lines are walked; a page
    whose keys are other strings (equal, not the same objects) is walked, not read."""
    import random

    from ghirbal import config
    from ghirbal.extract import page_features
    from ghirbal.story import overlap, story_words_reference
    from ghirbal.title import parse_byline

    cfg = config.default()["lines"]
    rng = random.Random(11)
    asked = 0
    for d in _docs("arabic-sites-dev", 60) + _docs("wcxb-dev", 120):
        feats = page_features(d["text"], config.default())[0]
        n = len(feats)
        if n < 3:
            continue
        page = compiled.PageCounts(feats, 10**7)
        copies = [dataclasses.replace(f, key="".join(list(f.key))) for f in feats]
        other = compiled.PageCounts(copies, 10**7)
        scores = [rng.choice((-1.0, 0.5, 2.0)) for _ in feats]
        b0 = rng.randrange(n)
        b1 = min(n - 1, b0 + rng.randrange(50))
        words = story_words_reference(feats, b0, b1, scores)
        read = compiled.StoryWords(feats, b0, b1, scores, page.word_index())
        walked = compiled.StoryWords(feats, b0, b1, scores, other.word_index())
        for f in feats[::2]:
            for own in (False, True):
                assert read.overlap(f.key, own) == walked.overlap(f.key, own) == overlap(f.key, words, own=own)
                asked += 1
        slug = frozenset(w for f in feats[:5] for w in f.key.split()[:2])
        args = (feats, 0, b0, True, b0, b1, cfg["title_min_words"], cfg["title_max_words"], cfg["date_stamp_share"],
                cfg["title_inside_share"], cfg["title_near_lines"], 1.0, 1.0, 1.0, 0.5, slug, page.occurrences,
                page.lines_containing, parse_byline)
        assert compiled.title_line(*args, page) == compiled.title_line(*args) == compiled.title_line(*args, other)
    assert asked > 5_000


def test_same_verdicts_as_the_pure_python_reference_on_every_dev_page():
    docs = _docs("arabic-sites-dev") + _docs("wcxb-dev", 300)
    assert compiled.active()
    fast = _verdicts(docs)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "GHIRBAL_PURE": "1"}
    child = subprocess.run([sys.executable, "-c", _CHILD.format(root=root)], env=env, capture_output=True,
                           text=True, check=True)
    reference = [[tuple(v) for v in page] for page in json.loads(child.stdout)]
    assert len(reference) == len(fast) == len(docs)
    differing = [i for i, (a, b) in enumerate(zip(fast, reference)) if a != b]
    assert not differing, f"{len(differing)} pages differ, first: {docs[differing[0]].get('url')}"
    assert sum(v[0] for page in fast for v in page) > 1000  # lines were kept: the comparison saw stories


# --- the record steps' core (ghirbal/quality/_scan.pyx) against ghirbal.quality.scan's references --------

def test_char_classes_equal_the_reference_on_every_code_point():
    from ghirbal.quality.scan import char_classes_reference

    bad = [c for c in range(0x110000)
           if compiled.char_classes(chr(c)) != char_classes_reference(chr(c))]
    assert not bad[:5], [(hex(c), compiled.char_classes(chr(c)), char_classes_reference(chr(c))) for c in bad[:5]]
    # the classes are not all empty: the Arabic block, Latin, digits, other scripts, symbols, mojibake leads
    totals = compiled.char_classes("".join(map(chr, range(0x20, 0x30000))))
    assert all(n > 0 for n in totals)


def test_script_letters_equal_the_reference_on_every_code_point():
    from ghirbal.langid import script_letters_reference

    bad = [c for c in range(0x110000) if compiled.script_letters(chr(c)) != script_letters_reference(chr(c))]
    assert not bad[:5], [hex(c) for c in bad[:5]]
    assert compiled.script_letters("abc مرحبا ۝ é\ud800") == (6, 3)


def test_word_scan_tokenizes_every_code_point_as_the_reference():
    """Each code point alone, after a letter and after a digit, a thousand to a text: the same words
    (\\w as Python's re has it), the same all-digit words, the same counts."""
    from ghirbal.quality.scan import word_scan_reference

    points = [c for c in range(1, 0x110000)]
    bad = []
    for i in range(0, len(points), 1000):
        text = " ".join(f"{ch} a{ch} 1{ch} {ch}{ch}" for ch in map(chr, points[i : i + 1000]))
        if compiled.word_scan(text) != word_scan_reference(text):
            bad.append(hex(points[i]))
    assert not bad, f"texts starting at {bad[:5]} differ"


def test_word_scan_equals_the_reference_on_repetitive_texts():
    """Small vocabularies and copied runs (long repeated n-grams, ties between equally frequent ones),
    digits among the words, long words, and the three string widths (1, 2 and 4 bytes a character)."""
    import random

    from ghirbal.quality.scan import word_scan_reference

    rng = random.Random(11)
    vocab = ["من", "في", "على", "الله", "قال", "x", "ab", "12", "٣٤", "_", "é", "ع3", "\U0001d7ce", "中文"]
    texts = []
    for trial in range(3000):
        words = [rng.choice(vocab[: rng.randint(1, len(vocab))]) for _ in range(rng.randint(0, 90))]
        if words and trial % 3 == 0:
            start = rng.randrange(len(words))
            words += words[start : start + rng.randint(1, 14)] * rng.randint(1, 3)
        texts.append(rng.choice((" ", "\n", "، ", " - ")).join(words))
    texts += ["", " ", "ab", "12 12", "ab ab ab", "a b a b a b a b a b a b a b a b a b a b a b",
              " ".join(["ن" * 50, "b" * 41, "ن" * 50, "b" * 41, "\U0001d7ce" * 45])]
    fast = [compiled.word_scan(t) for t in texts]
    ref = [word_scan_reference(t) for t in texts]
    assert fast == ref
    assert sum(1 for f in fast if f[5][-1] > 0) > 100  # duplicate 10-grams were seen
    assert len({f[5][0] for f in fast}) > 500  # top bigram fractions vary


def test_line_counts_equal_the_reference():
    import random

    from ghirbal.model import Line
    from ghirbal.quality.scan import line_counts_reference

    rng = random.Random(2)
    pages = [[Line(i, rng.choice(("", "نص", " ", "x")), kept=rng.random() < 0.3) for i in range(rng.randint(0, 300))]
             for _ in range(50)]
    fast = [compiled.line_counts(p) for p in pages]
    assert fast == [line_counts_reference(p) for p in pages]
    assert sum(f[1] for f in fast) > 100


def test_fold_by_table_equals_fold():
    """The record steps' compiled fold (`normalize.fold_char_table` read in C) gives `fold`'s text or
    None (then `fold` runs): on every code point between letters, random text of the three string widths
    (folding letters, diacritics, tatweel, digits, the final sigma, a dotted capital I, ligatures, astral
    characters), the empty text and the dev pages."""
    import random

    from ghirbal.normalize import fold, fold_char_table, nfkc

    table = fold_char_table()
    rng = random.Random(16)
    alphabet = list("  \t\n\u00a0_-.,،؛:09٠٣۴۵aAzÉßİΣσأإآٱىةؤئیکـًٌّْٰ\u0653\u0654ﻻﷺ①²½ǅﬁ") + ["\U0001d7ce", "\U0001f600"]
    texts = [f"ab{chr(c)}c{chr(c)}" for c in range(1, 0x110000) if not 0xD800 <= c < 0xE000]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400))) for _ in range(3000)]
    texts += ["", " ", "\n\n"] + [d["text"] for d in _docs("arabic-sites-dev") + _docs("wcxb-dev")]
    fast = 0
    for text in texts:
        got = compiled.fold_by_table(nfkc(text), table)
        if got is not None:
            fast += 1
            assert got == fold(text), text[:80]
    assert fast > 60000  # (most of the BMP, and the texts without astral characters)
    assert compiled.fold_by_table("\U0001f600", table) is None and compiled.fold_by_table("Σ", table) is None


def _step_outputs(bodies: list[str]) -> list[tuple]:
    """The quality signals, the language and the dialect of each body, as the record steps compute them."""
    from ghirbal import dialect, langid, quality

    out = []
    for body in bodies:
        lang = langid.identify(body)
        tag = dialect.tag(body[:5000]).to_dict() if lang.code == "ar" else None
        sig, table, failed = quality.assess(body.split("\n"), lang.code, page_lines=40, page_kept=len(body.split("\n")))
        out.append((lang.to_dict(), tag, sig, table, failed))
    return out


def test_same_signals_languages_and_dialects_as_the_reference():
    """On every dev page's article, the gold bodies, the quality mix (good text and every junk kind, dev
    and held-out), the dialect table and the language bench's texts: identical signals, verdicts,
    languages and dialects with the compiled core and with its references (GHIRBAL_PURE=1's path)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))
    import bench_dialect
    import bench_langid
    import calibrate_quality as cq
    import quality_mix

    docs = _docs("arabic-sites-dev")
    bodies = [ghirbal.clean(d["text"], url=d.get("url")).body for d in docs] + [d["gold"]["body"] for d in docs]
    cal, ev = cq.split(docs)
    mix = quality_mix.build(ev, cal) + quality_mix.build(ev, cal, heldout=True)
    assert set(quality_mix.JUNK_KINDS) <= {d.kind for d in mix}
    bodies += ["\n".join(d.lines) for d in mix]
    bodies += [text for _, text in bench_dialect.table_rows()] + [text for _, _, text in bench_langid.cases()]
    assert compiled.active()
    fast = _step_outputs(bodies)
    compiled.set_active(False)
    try:
        reference = _step_outputs(bodies)
    finally:
        compiled.set_active(True)
    differing = [i for i, (a, b) in enumerate(zip(fast, reference)) if a != b]
    assert not differing, f"{len(differing)} of {len(bodies)} differ, first: {bodies[differing[0]][:200]!r}"
    # not vacuous: failing and passing documents, repeated n-grams, dialects
    assert sum(bool(f[4]) for f in fast) > 300 and sum(not f[4] for f in fast) > 300
    assert sum(f[2]["dup_5gram_char_frac"] > 0 for f in fast) > 50
    assert {f[1]["label"] for f in fast if f[1]} >= {"msa", "egyptian", "levantine", "gulf", "iraqi", "maghrebi", "mixed"}
    assert {f[0]["code"] for f in fast} >= {"ar", "fa", "ur", "ps", "ckb", "ug", "ar-Latn", "en", "zh"}


def test_surrogate_check_equals_the_utf8_encoder():
    """`_counts.has_surrogates` (extract._without_lone_surrogates' test, no encoding) says what
    `str.encode("utf-8")` failing says: on every code point alone and beside text of each width."""
    from ghirbal.extract import _has_surrogates_reference, _without_lone_surrogates

    found = 0
    for c in range(0x110000):
        if c % 7 and not 0xD000 <= c < 0xE100 and c > 0x300:
            continue  # (every code point near the surrogates, a seventh of the rest)
        ch = chr(c)
        for t in (ch, "a" + ch, "\u0639" + ch, "\U0001f600" + ch + "b", "é" + ch):
            assert compiled.has_surrogates(t) == _has_surrogates_reference(t), hex(c)
            found += compiled.has_surrogates(t)
    assert found > 2000 and not compiled.has_surrogates("") and not compiled.has_surrogates("ascii")
    assert _without_lone_surrogates("a\ud800b\U0001f600") == "a\ufffd\ufffd\ufffdb\U0001f600"
    assert _without_lone_surrogates("سلام\U0001f600") == "سلام\U0001f600"


def test_page_normalization_line_by_line_equals_unicodedata():
    """A page's NFC and NFKC asked only for the lines that fail the quick check (`_counts.unnormalized_lines`,
    `normalize._normalized`): the lines listed are the reference's, and the text equals `unicodedata.normalize`
    of the whole page, on every dev page and on pages of random marks, compositions and line breaks."""
    import random
    import unicodedata

    from ghirbal.normalize import _normalized, _quick_check_table, _unnormalized_lines_reference, nfkc

    rng = random.Random(7)
    pool = "aeoAE اأإآويىةه\u0653\u0654\u0655\u064b\u0651\u064e\u0301\u0308\u00e9\u1100\u1161\uac00\u2026\ufb50\n\n\U0001d400"
    pages = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 60))) for _ in range(5000)]
    pages += [d["text"] for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200)]
    pages += ["", "\n", "a\n", "\u0651\u064e\nx", "x\n\u0651\u064e"]
    listed = 0
    for page in pages:
        for form in ("NFC", "NFKC"):
            table = _quick_check_table(form)
            lines = compiled.unnormalized_lines(page, table)
            assert lines == _unnormalized_lines_reference(page, table)
            listed += len(lines)
            assert _normalized(form, page) == unicodedata.normalize(form, page)
        assert nfkc(page) == unicodedata.normalize("NFKC", page)
    assert listed > 5000


def test_numeric_shape_equals_the_regex_search():
    """`_dates.numeric_shape`, the date coverage's numeric gate as a C loop, finds a match exactly where
    `dates._Lex.numeric_shape_re.search` does: on every dev line and random strings of digits (any
    script), marks and spaces."""
    import random

    from ghirbal.dates import _lex, _prepare

    regex = _lex().numeric_shape_re
    rng = random.Random(3)
    pool = "12٣۴ /.-:hH\u00a0\t\u2009xه\n"
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 9))) for _ in range(100_000)]
    texts += [_prepare(ln)[0] for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 300) for ln in d["text"].split("\n")]
    hits = 0
    for t in texts:
        assert (compiled.numeric_shape(t) is not None) == (regex.search(t) is not None), t
        hits += compiled.numeric_shape(t) is not None
    assert hits > 2_000


def test_fixed_characters_equal_the_reference_on_every_dev_page(monkeypatch):
    """`normalize._fix_chars` finds the control characters and odd spaces in one compiled pass: the same
    text as the reference's two scans, on every dev page and on pages built of those characters."""
    import random

    from ghirbal import normalize

    rng = random.Random(9)
    pool = normalize._CONTROL_CHARS + normalize._ODD_SPACES + "\u0640\u0640ab عر\n"
    pages = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    pages += [d["text"] for d in _docs("arabic-sites-dev") + _docs("wcxb-dev", 200)]
    fast = [normalize._fix_chars(p) for p in pages]
    monkeypatch.setattr(compiled, "_on", False)
    assert fast == [normalize._fix_chars(p) for p in pages]
    assert sum(f != p for f, p in zip(fast, pages)) > 1000


def test_date_word_search_pairs_cover_every_spelling():
    """`dates._first_pairs`: the first two characters of each word in every spelling its regex matches
    (a space as any white space), so a WordSearch that skips the other pairs misses no match."""
    import itertools

    from ghirbal.dates import _VARIANTS, _first_pairs, _white_space

    words = {"امس", "ذو الحجه", "يناير", "may", "ق ب"}
    bits = _first_pairs(words)

    def has(a: str, b: str) -> bool:
        h = (ord(a) * 31 + ord(b)) & 4095
        return bool(bits[h >> 3] >> (h & 7) & 1)

    for a, b in itertools.product(_VARIANTS["ا"], "م"):
        assert has(a, b)
    assert len(_white_space()) > 20 and all(has("ق", w) for w in _white_space()) and has("ذ", "و")
    assert has("ئ", "ن") and has("m", "a") and not has("m", "b")
    assert _first_pairs({"a", "bc"}) is None and _first_pairs(set()) is None


def test_title_word_counts_equal_the_reference_expressions():
    """`_pages.title_words`: what the compiled title counts for a candidate (its words of three
    characters or more that are not all digits, those among the story's words, those in the slug)
    equals the reference's split-and-set expressions, on dev keys against dev stories and random keys (slugs
    holding whole keys, white space and empty words too: those equal no word)."""
    import random

    from ghirbal.features import measure_page
    from ghirbal.lexicon import load
    from ghirbal.normalize import faithful_lines

    rng = random.Random(4)
    lex = load("ar")
    pages = [[f.key for f in measure_page(faithful_lines(d["text"]), lex)] for d in _docs("arabic-sites-dev", 60)]
    pool = ["abc", "١٢٣", "123", "x", "كلمة", "في", "مصر", "2024", "\u00b2\u00b2\u00b2", "ab\u2003cd", "عربي"]
    pages += [[" ".join(rng.choice(pool) for _ in range(rng.randint(0, 8))) for _ in range(30)] for _ in range(200)]
    found = 0
    for keys in pages:
        for _ in range(20):
            story = keys[rng.randrange(len(keys)):][:rng.randint(0, 40)] if keys else []
            key = rng.choice(keys) if keys else ""
            words = set(" ".join(story).split())
            tokens = [t for t in key.split() if len(t) > 2 and not t.isdigit()]
            slug = frozenset(rng.sample(sorted(words), min(3, len(words)))
                             + rng.choice(([], [key], [key + " x"], ["", "abc\u2003cd", "x abc"], story[:2])))
            expected = (len(tokens), sum(map(words.__contains__, tokens)), sum(map(slug.__contains__, tokens)))
            assert compiled.title_words(story, key, slug) == expected, (story, key)
            found += expected[1] > 0
    assert found > 500


def test_slug_shares_equal_the_reference_share():
    """`_pages.slug_shares` reads a line's words from the page's hashed words (str.split()'s, odd white
    space too) and looks them up among the slug's words: each line of at most 30 words holding a slug
    word as a word gets `_share_in`, the others keep their value (a line holding one only inside a
    longer word, "newsletter", shares 0: page_rows starts the column at 0.0)."""
    from ghirbal.features import LineFeatures
    from ghirbal.linemodel.rows import _share_in

    keys = ["news story here", "story\u2003news  x", "\u1680news", "", " ".join(["w"] * 30) + " news",
            " ".join(["w"] * 29) + " news", "the news of the day", "newsletter", "x\x1cnews y", "day day day",
            "\u0645\u0635\u0631 news", "\U0001f600 day"]
    feats = []
    for k in keys:
        f = LineFeatures.__new__(LineFeatures)
        f.key, f.words = k, k.count(" ") + 1
        feats.append(f)
    slug = frozenset({"news", "story", "day"})
    rows = np.full((len(feats), 3), -1.0)
    compiled.slug_shares(feats, rows, 1, slug, compiled.PageCounts(feats, 10**6))
    for i, k in enumerate(keys):
        want = _share_in(k, slug) if k and _share_in(k, slug) > 0 and k.count(" ") < 30 else -1.0
        assert rows[i, 1] == want and rows[i, 0] == rows[i, 2] == -1.0, k
    assert rows[:, 1].tolist()[:3] == [2 / 3, 2 / 3, 1.0] and rows[7, 1] == -1.0 and rows[11, 1] == 0.5


def test_slug_column_equals_the_reference_on_the_dev_pages():
    """page_rows' slug column (compiled: the page's hashed words looked up among the slug's) against
    the reference's (the lines holding a slug word found by a scan of the page per word, `_share_in`)
    on the dev pages, with slugs made of their own words and of parts of words."""
    import random

    from ghirbal.features import PageKeys, measure_page
    from ghirbal.lexicon import load
    from ghirbal.linemodel.rows import _COL, page_rows
    from ghirbal.normalize import faithful_lines

    rng = random.Random(6)
    checked = 0
    for name, d in [("ar", d) for d in _docs("arabic-sites-dev", 40)] + [("en", d) for d in _docs("wcxb-dev", 60)]:
        lex = load(name)
        feats = measure_page(faithful_lines(d["text"]), lex)
        words = sorted({w for f in feats for w in f.key.split()})
        if not words:
            continue
        slug = frozenset(rng.sample(words, min(4, len(words))) + [rng.choice(words)[:2]])
        fast = page_rows(feats, lex.language, slug, PageKeys(feats, 10**6))[:, _COL["slug_share"]]
        compiled.set_active(False)
        try:
            slow = page_rows(feats, lex.language, slug, PageKeys(feats, 10**6))[:, _COL["slug_share"]]
        finally:
            compiled.set_active(True)
        assert fast.tolist() == slow.tolist()
        checked += bool(fast.any())
    assert checked > 50


def test_tree_walk_on_odd_trees_zeros_and_nan_thresholds():
    """The packed walk (order-keys, mirrored trees) on made-up trees of every depth whose thresholds
    include -0.0, 0.0, the infinities and NaN, and rows of those values, in any number of rows."""
    from ghirbal.linemodel import LineModel

    rng = np.random.default_rng(11)
    special = np.array([-0.0, 0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 5e-324, -5e-324, 1e308])
    width = len(FEATURES)
    for depth in (1, 2, 3, 5, 6):
        trees, inner = 7, 2**depth - 1
        feature = rng.integers(0, width, size=(trees, inner))
        threshold = np.where(rng.random((trees, inner)) < 0.5, rng.choice(special, (trees, inner)),
                             rng.normal(0, 2, (trees, inner)))
        leaf = rng.normal(0, 1, (trees, 2**depth))
        model = LineModel({"features": list(FEATURES), "depth": depth, "feature": feature.tolist(),
                           "threshold": threshold.tolist(), "leaf": leaf.tolist()})
        for n in (1, 7, 8, 9, 23):
            rows = np.where(rng.random((n, width)) < 0.6, rng.choice(special, (n, width)), rng.normal(0, 2, (n, width)))
            fast, ref = model.logits(rows), model.logits_reference(rows)
            assert fast.shape == ref.shape == (n,)
            assert np.array_equal(fast, ref), (depth, n)


def test_tree_walk_sums_the_leaves_as_numpy_does_for_any_number_of_trees():
    """The walk sums each row's leaves in numpy's pairwise order (eight running sums up to 128 trees,
    the trees past a multiple of 8 one by one, halves beyond 128), from the first leaf, then adds the
    base: the same doubles as `base + leaves.sum(axis=1)`, to the bit, however many trees and rows.
    Leaves of very different sizes make any other order of additions round differently."""
    from ghirbal.linemodel import LineModel

    rng = np.random.default_rng(5)
    width = len(FEATURES)
    for depth in (4, 5):
        for trees in (1, 7, 8, 13, 64, 120, 127, 128, 129, 200, 300):
            inner = 2**depth - 1
            leaf = rng.normal(0, 1, (trees, 2**depth)) * 10.0 ** rng.integers(-3, 4, (trees, 2**depth))
            model = LineModel({"features": list(FEATURES), "depth": depth,
                               "feature": rng.integers(0, width, size=(trees, inner)).tolist(),
                               "threshold": rng.normal(0, 1, (trees, inner)).tolist(), "leaf": leaf.tolist(),
                               "base": float(rng.normal())})
            for n in (1, 8, 17):
                rows = rng.normal(0, 1, (n, width))
                fast, ref = model.logits(rows), model.logits_reference(rows)
                assert fast.tobytes() == ref.tobytes(), (depth, trees, n)
    # Leaves of these sizes summed one after another give other doubles: the test tells the orders apart.
    sample = model._leaf[:120]
    assert sum(sample.tolist()) != float(np.sum(sample))


def test_row_keys_two_at_a_time_are_the_scalar_keys():
    """The rows' keys made two rows at a time (ghirbal_block_keys, SSE2) walk as the reference compares:
    full blocks of eight rows of zeros, NaN, infinities, subnormals and the thresholds themselves."""
    model = default_model()
    rng = np.random.default_rng(9)
    special = np.array([-0.0, 0.0, np.inf, -np.inf, np.nan, 5e-324, -5e-324, 1e308, -1e308, 1.0])
    rows = np.where(rng.random((64, len(FEATURES))) < 0.5, rng.choice(special, (64, len(FEATURES))),
                    rng.choice(model._threshold, (64, len(FEATURES))))
    assert model.logits(rows).tobytes() == model.logits_reference(rows).tobytes()
    assert model.logits(rows[::-2]).tobytes() == model.logits_reference(rows[::-2]).tobytes()  # strides < 0


def test_a_model_that_has_walked_pickles_and_walks_alike():
    """The compiled walk (`_trees.Forest`, C pointers) is left out of a pickled model and made again."""
    import pickle

    model = default_model()
    rows = np.random.default_rng(2).normal(0, 2, size=(30, len(FEATURES)))
    before = model.logits(rows)
    copy = pickle.loads(pickle.dumps(model))
    assert copy.logits(rows).tobytes() == before.tobytes()


def test_the_walk_refuses_rows_narrower_than_its_trees_read():
    """The walk reads a row's keys at its nodes' features without a check a row: rows with fewer values
    than the trees test are refused before it (not read past their keys' buffer)."""
    from ghirbal.linemodel import _trees

    model = default_model()
    forest = _trees.Forest(model._feature, model._threshold, model._leaf, model.trees, model.inner, model.leaves,
                           model.depth, model.base)
    wide = int(model._feature.max()) + 1
    rows = np.random.default_rng(4).normal(0, 2, size=(9, wide))
    assert forest.logits(rows).tobytes() == model.logits_reference(rows).tobytes()
    with pytest.raises(IndexError):
        forest.logits(rows[:, :wide - 1])
    with pytest.raises(ValueError):
        _trees.Forest(-model._feature, model._threshold, model._leaf, model.trees, model.inner, model.leaves,
                      model.depth, model.base)


@pytest.fixture(scope="module")
def plain_c_trees(tmp_path_factory):
    """_trees.pyx built again with -DGHIRBAL_NO_ASM: the plain C a machine without x86-64 asm or SSE2
    runs (the asm build is the one every other test exercises here)."""
    import importlib.util
    from pathlib import Path

    if importlib.util.find_spec("Cython") is None:  # (the dev extra installs it: CI must run this test)
        if in_ci():
            pytest.fail("Cython is not installed: the plain-C tree walk cannot be built and checked")
        pytest.skip("no Cython")
    out = tmp_path_factory.mktemp("plain_c_trees")
    pyx = Path(ghirbal.__file__).parent / "linemodel" / "_trees.pyx"
    code = (
        "import sys\n"
        "from setuptools import Extension, setup\n"
        "from Cython.Build import cythonize\n"
        "pyx, out = sys.argv[1], sys.argv[2]\n"
        "ext = Extension('ghirbal.linemodel._trees', [pyx], define_macros=[('GHIRBAL_NO_ASM', '1')])\n"
        "setup(script_args=['build_ext', '--build-lib', out + '/lib', '--build-temp', out + '/tmp'],\n"
        "      ext_modules=cythonize([ext], build_dir=out + '/c', quiet=True))\n"
    )
    env = {**os.environ, "CFLAGS": "-g0"}  # (no debug information: half the compile time)
    done = subprocess.run([sys.executable, "-c", code, str(pyx), str(out)], capture_output=True, text=True, env=env,
                          cwd=out)
    built = sorted((out / "lib").rglob("_trees*.so")) + sorted((out / "lib").rglob("_trees*.pyd"))
    if done.returncode != 0 or not built:
        message = f"the plain-C tree walk did not build: {done.stderr[-2000:]}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    spec = importlib.util.spec_from_file_location("ghirbal_plain_c._trees", built[0])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_plain_c_walk_gives_the_asm_walks_doubles(plain_c_trees):
    """The plain-C walk (GHIRBAL_NO_ASM: its steps, depth-5 root and leaf sums in C, the row keys one at a
    time) gives the reference's doubles, to the bit, as the asm walk does: trees of every depth, sums over
    and under 8 and 128 trees, thresholds and rows of -0.0, the infinities, NaN and the thresholds
    themselves, rows not contiguous."""
    from ghirbal.linemodel import LineModel, _trees

    assert not plain_c_trees.ASM_WALK and not plain_c_trees.SSE2_KEYS
    if os.uname().machine == "x86_64":  # (elsewhere both builds are the plain C)
        assert _trees.ASM_WALK and _trees.SSE2_KEYS
    rng = np.random.default_rng(13)
    special = np.array([-0.0, 0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 5e-324, 1e308])
    width = len(FEATURES)
    checked = 0
    for depth in (1, 3, 5, 6):
        for trees in (1, 9, 129):
            inner = 2**depth - 1
            threshold = np.where(rng.random((trees, inner)) < 0.3, rng.choice(special, (trees, inner)),
                                 rng.normal(0, 1, (trees, inner)))
            leaf = rng.normal(0, 1, (trees, 2**depth)) * 10.0 ** rng.integers(-3, 4, (trees, 2**depth))
            model = LineModel({"features": list(FEATURES), "depth": depth,
                               "feature": rng.integers(0, width, size=(trees, inner)).tolist(),
                               "threshold": threshold.tolist(), "leaf": leaf.tolist(), "base": float(rng.normal())})
            args = (model._feature, model._threshold, model._leaf, model.trees, model.inner, model.leaves,
                    model.depth, model.base)
            plain, asm = plain_c_trees.Forest(*args), _trees.Forest(*args)
            for n in (1, 8, 21):
                rows = np.where(rng.random((n, 2 * width)) < 0.3, rng.choice(special, (n, 2 * width)),
                                rng.choice(np.append(model._threshold, rng.normal(0, 1, 8)), (n, 2 * width)))[:, ::2]
                ref = model.logits_reference(rows).tobytes()
                assert plain.logits(rows).tobytes() == ref, (depth, trees, n)
                assert asm.logits(rows).tobytes() == ref, (depth, trees, n)
                checked += 1
    assert checked == 36
    model = default_model()  # the shipped model (depth 5) on rows near its thresholds
    rows = rng.choice(model._threshold, (200, width)) + rng.choice([0.0, 1e-9, -1e-9], (200, width))
    plain = plain_c_trees.Forest(model._feature, model._threshold, model._leaf, model.trees, model.inner,
                                 model.leaves, model.depth, model.base)
    assert plain.logits(rows).tobytes() == model.logits(rows).tobytes() == model.logits_reference(rows).tobytes()


def test_page_counts_answer_as_the_python_page_keys_on_every_dev_page():
    """PageKeys's compiled methods (`_pages.PageCounts`) return what its Python methods return: the line
    of every offset, the lines holding each word and key, every line's occurrences and the counts, on
    pages whose keys are joined and on pages past the size limit; a page of no line."""
    from ghirbal import config
    from ghirbal.extract import page_features
    from ghirbal.features import PageKeys

    cfg = config.default()
    pages = [page_features(d["text"], cfg)[0] for d in _docs("arabic-sites-dev", 120) + _docs("wcxb-dev", 60)]
    pages.append([])
    asked = 0
    for feats in pages:
        for limit in (cfg["lines"]["containment_max_chars"], 200):
            fast = PageKeys(feats, limit)
            compiled.set_active(False)
            try:
                slow = PageKeys(feats, limit)
            finally:
                compiled.set_active(True)
            assert fast.compiled_counts is not None and slow.compiled_counts is None
            assert fast.text == slow.text and fast._keys == slow._keys
            if fast.text is not None:
                for at in (*range(0, len(fast.text) + 2, 7), -1):
                    assert fast.line_of(at) == slow.line_of(at)
            words = {w for f in feats[:60] for w in f.key.split()} | {f.key for f in feats[:60]} | {"", "zzz"}
            for w in sorted(words):
                assert fast.lines_containing(w) == slow.lines_containing(w), w
                asked += 1
            for f in feats:
                assert fast.occurrences(f) == slow.occurrences(f), f.key
            assert fast.counts() == slow.counts()
    assert asked > 5_000


def test_stored_line_values_equal_the_line_cache_loop():
    """`_pages.store_values` leaves the page's values and the cache's entries as LineCache.put's loop
    does, a cache cleared when full included."""
    from ghirbal.features import LineCache

    lines = [f"line {i % 7}" for i in range(40)]
    for size in (3, 5, 1000):
        missing = list(range(0, 40, 3))
        fresh = [(f"key {i}",) for i in missing]
        values, cache = [None] * 40, LineCache(size)
        for i, v in zip(missing, fresh):
            values[i] = v
            cache.put(lines[i], v)
        fast_values, entries = [None] * 40, {}
        compiled.store_values(fast_values, missing, fresh, lines, entries, size)
        assert fast_values == values and entries == cache.entries and list(entries) == list(cache.entries)


def test_a_build_older_than_its_source_is_named(tmp_path):
    """`compiled.stale_extensions`: a compiled module older than its .pyx, or than a .pxd it cimports, is
    named; a fresh one is not; outside a source checkout (no setup.py) nothing is."""
    import os

    from ghirbal.linemodel.compiled import stale_extensions

    package = tmp_path / "src" / "ghirbal"
    (package / "html").mkdir(parents=True)
    (package / "linemodel").mkdir()
    for name in ("html/_walk.cpython-311-x86_64-linux-gnu.so", "html/_records.pxd", "html/_other.pxd",
                 "linemodel/_chars.pxd", "tool.py"):
        (package / name).write_text("")
    (package / "html/_walk.pyx").write_text("from ghirbal.html._records cimport Block\n"
                                            "from ghirbal.linemodel._chars cimport is_space\n")
    for name, when in (("html/_records.pxd", 100), ("html/_walk.pyx", 100), ("linemodel/_chars.pxd", 100),
                       ("html/_other.pxd", 300), ("html/_walk.cpython-311-x86_64-linux-gnu.so", 200)):
        os.utime(package / name, (when, when))
    assert stale_extensions(package) == []  # (no setup.py: not a source checkout)
    (tmp_path / "setup.py").write_text("")
    assert stale_extensions(package) == []  # built after its sources (a .pxd it does not cimport is newer)
    os.utime(package / "html/_records.pxd", (300, 300))
    assert stale_extensions(package) == ["ghirbal/html/_walk.pyx"]  # a .pxd it cimports changed
    os.utime(package / "html/_records.pxd", (100, 100))
    os.utime(package / "linemodel/_chars.pxd", (300, 300))
    assert stale_extensions(package) == ["ghirbal/html/_walk.pyx"]  # ...in another package
    os.utime(package / "linemodel/_chars.pxd", (100, 100))
    os.utime(package / "html/_walk.pyx", (300, 300))
    assert stale_extensions(package) == ["ghirbal/html/_walk.pyx"]


def test_this_checkouts_compiled_core_is_not_older_than_its_source():
    from ghirbal.linemodel import compiled

    if compiled.built():
        assert compiled.stale_extensions() == []


def test_date_word_search_triples_cover_every_spelling():
    """`dates._first_triples`: the first three characters of each word in every spelling its regex
    matches (a space as any run of white space), and the two-character words' pairs, so a WordSearch
    that skips the other triples misses no match; an article "ال" that opens no word is skipped."""
    import itertools

    import re

    from ghirbal.dates import _VARIANTS, _first_triples, _trie_regex, _white_space

    words = {"امس", "ذو الحجه", "يناير", "may", "ق ب", "يو"}
    bits = _first_triples(words)
    assert len(bits) == 8192 + 512

    def has(a: str, b: str, c: str) -> bool:
        h = ((ord(a) * 31 + ord(b)) * 31 + ord(c)) & 65535
        return bool(bits[h >> 3] >> (h & 7) & 1)

    def short(a: str, b: str) -> bool:
        h = (ord(a) * 31 + ord(b)) & 4095
        return bool(bits[8192 + (h >> 3)] >> (h & 7) & 1)

    for a in _VARIANTS["ا"]:
        assert has(a, "م", "س")
    assert all(has("ق", w, "ب") and has("ق", w, w) for w in _white_space())
    assert all(has("ذ", "و", w) for w in _white_space()) and has("m", "a", "y") and has("ي", "ن", "ا")
    assert short("ي", "و") and not short("ي", "ن") and not has("m", "a", "x") and not has("ا", "ل", "م")
    assert _first_triples({"a", "bc"}) is None and _first_triples({"x "}) is None
    pattern = re.compile(rf"(?<![^\W\d_])(?:{_trie_regex(words)})")
    from ghirbal.dates import _first_letters, _first_pairs

    fast = compiled.WordSearch(pattern.match, _first_letters([words]), _first_pairs(words), bits)
    for text in ("المسلمون امس", "في ذو\u00a0 الحجه", "يو", "ق  ب", "maybe may", "الما", "x يو"):
        a, b = fast(text), pattern.search(text)
        assert (a is None) == (b is None) and (a is None or a.span() == b.span()), text


def test_page_scans_equal_their_references_in_each_string_kind():
    """The page scans compiled as a loop per string kind (`squeezed_lines`, `quick_normalized`,
    `unnormalized_lines`, `chars_in`, `page_script_counts`) against their references on random text of
    one byte, two bytes and four bytes a character (astral characters), empty and white-space-only text."""
    import random
    import unicodedata

    from ghirbal.language import _PERSIAN, _URDU, _script_counts_reference
    from ghirbal.normalize import _CONTROL_CHARS, _quick_check_table, _unnormalized_lines_reference
    from ghirbal.normalize import squeezed_lines_reference

    rng = random.Random(16)
    latin1 = [" ", " ", "\n", "\t", "\x85", "\xa0", "\x1c", "a", "Z", "\xe9", "\xaa", "\xb2", "\x00", "\x7f"]
    bmp = latin1 + ["ب", "پ", "ے", "\u0651", "\u064e", "\u0301", "\u3000", "\u2003", "\ufb50", "\u1100", "\uffff"]
    astral = bmp + ["\U0001f600", "\U0001d400", "\U000e0001", "\U0010ffff"]
    texts = ["", " ", "\n", "  \n \t\n", "\xa0\xa0", "\u3000 \u3000", " \U0001f600 ", "\n\n", "\u0651\u064e\n"]
    for alphabet in (latin1, bmp, astral):
        texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    widest = [max(map(ord, t)) for t in texts if t]
    assert {4 if m > 0xFFFF else 2 if m > 0xFF else 1 for m in widest} == {1, 2, 4}  # (each string kind)
    tables = [_quick_check_table("NFC"), _quick_check_table("NFKC")]
    odd = _CONTROL_CHARS + "\xa0\u3000\U0001f600"
    for t in texts:
        assert compiled.squeezed_lines(t) == squeezed_lines_reference(t), repr(t)
        for table in tables:
            assert compiled.unnormalized_lines(t, table) == _unnormalized_lines_reference(t, table), repr(t)
            if compiled.quick_normalized(t, table):  # (True only where the text is normalized)
                assert unicodedata.is_normalized("NFC" if table is tables[0] else "NFKC", t)
        assert compiled.quick_normalized(t, tables[0]) == (not _unnormalized_lines_reference(t, tables[0]))
        assert compiled.chars_in(t, odd) == "".join(ch for ch in odd if ch in t)
        assert compiled.page_script_counts(t, _URDU, _PERSIAN) == _script_counts_reference(t)
    # None is refused (TypeError), as the loops over the characters refused it, not read as a string
    for call in (lambda: compiled.chars_in(None, odd), lambda: compiled.chars_in("a", None),
                 lambda: compiled.page_script_counts(None, _URDU, _PERSIAN),
                 lambda: compiled.page_script_counts("ب", None, _PERSIAN)):
        with pytest.raises(TypeError):
            call()


def test_the_byline_gate_turns_away_only_lines_parse_byline_answers_none_for():
    """`_pages.BylineGate` (byline.byline_gate): every line it tells parse_byline turns away, the parse
    does turn away (dev lines; each agency and outlet spelling alone, joined, after a prefix, with a
    mark or a digit; prefixes; France 24); it tells most dev lines, and leaves the agencies, the
    prefixes and lines with a dash, colon, parenthesis or a character outside ASCII and the Arabic
    block to the parse."""
    from ghirbal.byline import _load, byline_gate, parse_byline
    from ghirbal.normalize import match_key

    gate = byline_gate()
    agencies = _load("agencies.toml")
    names = sorted({s for spellings in agencies["agencies"].values() for s in spellings} | set(agencies["outlets"]["names"]))
    made = []
    for a, b in zip(names, names[1:] + names[:1]):
        made += [a, f"{a} و{b}", f"{a}/ {b}", f"{a}، {b}", f"كتب {a}", f"{a}؟", f"{a} 5", f"{a} 24", f"({a})",
                 f"القاهرة - {a}", f"المصدر: {a}", f"{a} \u200c", f"By {a}"]
    made += ["فرانس 24", "France 24", "فرانس24 / أ ف ب", "خبر 24 ساعة", "بقلم محمد علي", "كتب: أحمد", "By John Smith"]
    dev = [ln for d in _docs("arabic-sites-dev", 80) + _docs("wcxb-dev", 80) for ln in d["text"].split("\n") if ln.strip()]
    told = {}
    for line in made + dev:
        said = gate(line, match_key(line))
        assert not said or parse_byline(line) is None, repr(line)
        told[line] = said
    assert sum(told[ln] for ln in dev) > 0.6 * len(dev)
    for line in ("رويترز", "رويترز وأ ف ب", "فرانس 24", "بقلم محمد علي", "By John Smith",
                 "القاهرة - الخبر", "عنوان: نص", "خبر (صور)", "خبر \u200c هنا"):
        assert not told.get(line, gate(line, match_key(line))), line
    for line in ("هل يعود الخبر؟", "ارتفاع الأسعار 5 في المئة", "الحكومة تعلن خطة جديدة للنقل", "Expert Tip of the Day"):
        assert gate(line, match_key(line)), line


def test_the_byline_gate_reads_its_marks_from_the_parse():
    """The marks the gate turns a line away for are the parse's (`byline._NOT_BYLINE_MARKS`, handed to
    it), not a copy of them: with other marks it follows those (a line with no key: only a mark or a
    digit settles it)."""
    from ghirbal.byline import _NAMED_DIGITS, _NOT_BYLINE_MARKS, _SPLIT_CHARS, _lex, prefix_gate

    lex = _lex()
    lines = ["a?b", "نص؟", "«نص»", "x@y", "abx", "نصب", "نص", "abc"]
    for marks in (_NOT_BYLINE_MARKS, "", "x", "ب", "x؟"):
        gate = compiled.BylineGate(prefix_gate(), compiled.agency_gate, lex.agency_pieces, marks,
                                   _SPLIT_CHARS, _NAMED_DIGITS)
        for line in lines:
            assert gate(line, None) == any(c in line for c in marks), (marks, line)
    gate = compiled.BylineGate(prefix_gate(), compiled.agency_gate, lex.agency_pieces, _NOT_BYLINE_MARKS,
                               _SPLIT_CHARS, _NAMED_DIGITS)
    assert [gate(line, None) for line in lines] == [True, True, True, True, False, False, False, False]


def test_the_byline_gate_reads_its_split_characters_and_named_digits_from_the_parse():
    """The characters the gate leaves to the parse (`byline._SPLIT_CHARS`) and the digits it lets
    through (`byline._NAMED_DIGITS`) are handed to it, not spelled out in C: a line keyed as no
    agency is turned away unless it holds one of `splits` (or a character outside ASCII and the Arabic
    block); a digit turns it away unless named."""
    from ghirbal.byline import _NAMED_DIGITS, _NOT_BYLINE_MARKS, _SPLIT_CHARS, _lex, prefix_gate

    lex = _lex()

    def gate(splits, digits):
        return compiled.BylineGate(prefix_gate(), compiled.agency_gate, lex.agency_pieces,
                                   _NOT_BYLINE_MARKS, splits, digits)

    plain = "zzqx wvkj"
    assert gate(_SPLIT_CHARS, _NAMED_DIGITS)(plain, "zzqx wvkj") is True
    for ch in _SPLIT_CHARS:
        line = plain + ch + " qq"
        assert gate(_SPLIT_CHARS, _NAMED_DIGITS)(line, "zzqx wvkj qq") is False, ch
        if ch.isascii() or "\u0600" <= ch <= "\u06ff":  # (any other character is left to the parse anyway)
            assert gate("", _NAMED_DIGITS)(line, "zzqx wvkj qq") is True, ch
    assert gate("|", _NAMED_DIGITS)(plain + "| qq", "zzqx wvkj qq") is False
    assert gate(_SPLIT_CHARS, "")("zzqx 24", None) is True
    assert gate(_SPLIT_CHARS, "24")("zzqx 24", None) is False
    assert gate(_SPLIT_CHARS, "24")("zzqx 7", None) is True


def test_related_lines_ask_the_byline_only_of_two_stamped_candidates_or_more():
    """`_pages.related_lines` asks `byline` nothing on a page with one stamped headline (no list can be
    made whatever it answers) and every short one on a page with two, in page order; the lines its
    gate tells are not asked; the lists equal the reference's."""
    import ghirbal.related as related_module
    from ghirbal import config
    from ghirbal.byline import byline_gate, parse_byline
    from ghirbal.extract import page_features

    cfg = config.default()
    lines_cfg = cfg["lines"]

    def page(headlines: int) -> list:
        text = "\n".join(f"القاضي يحكم في قضية كبيرة رقم {'واحد اثنان ثلاثة'.split()[i]}\nاليوم" for i in range(headlines))
        feats = [dataclasses.replace(f) for f in page_features(text + "\n", cfg)[0]]
        for f in feats[1::2]:
            f.date_share = 1.0
        return feats

    for headlines, asked in ((1, 0), (2, 2), (3, 3)):
        feats = page(headlines)
        scores = [-1.0] * len(feats)
        calls = []

        def byline(text):
            calls.append(text)
            return parse_byline(text)

        got = compiled.related_lines(feats, scores, None, False, 0, -1, "", lines_cfg["headline_min_words"],
                                     lines_cfg["headline_max_words"], lines_cfg["date_stamp_share"],
                                     lines_cfg["related_max_items"], byline)
        assert len(calls) == asked and calls == [feats[2 * i].text for i in range(asked)]
        assert got == related_module._find_related_reference(feats, scores, None, None, "", lines_cfg)
        assert len(got) == (headlines if headlines >= 2 else 0)
        calls.clear()
        gated = compiled.related_lines(feats, scores, None, False, 0, -1, "", lines_cfg["headline_min_words"],
                                       lines_cfg["headline_max_words"], lines_cfg["date_stamp_share"],
                                       lines_cfg["related_max_items"], byline, byline_gate())
        assert gated == got and calls == []  # (a digit-free headline of no prefix, no agency: told by the gate)


def test_verdicts_fill_lines_of_a_class_with_more_than_its_fields():
    """A slotted Line-like class whose instances hold more than its six fields (a __weakref__ slot) is
    made cleared, as the generic allocation makes it; the plain Line uncleared and untracked: both
    give the reference's verdicts."""
    import gc
    import weakref

    from ghirbal.model import Line

    @dataclasses.dataclass(slots=True, weakref_slot=True)
    class WeakLine:
        index: int
        text: str
        kept: bool = False
        role: str | None = None
        reason: str | None = None
        detail: str | None = None

        def to_dict(self):
            return {"text": self.text, "kept": self.kept, "role": self.role, "reason": self.reason}

    expected = [{k: v for k, v in ln.to_dict().items() if k != "detail"} for ln in _verdicts_reference_of(_verdict_args())]
    for cls in (WeakLine, Line, WeakLine):
        made = compiled.verdicts(cls, *_verdict_args())
        assert all(type(ln) is cls and not gc.is_tracked(ln) for ln in made)
        assert [{k: v for k, v in ln.to_dict().items() if k != "detail"} for ln in made] == expected
        assert [ln.index for ln in made] == list(range(len(made)))
    assert weakref.ref(made[0])() is made[0]


def test_line_features_count_repeats_on_any_record_class_and_keep_references_right():
    """`_pages.line_features` counts each key's lines once (on its first line): the repeats of the
    reference for a class it fills and for one it calls (no slots), blank and falsy keys left at the
    default; the Lines `verdicts` makes uncleared hold their texts' references as the calls do."""
    from ghirbal.features import LineFeatures, _line_features_reference
    from ghirbal.model import Line

    keys = ["a b", "", "c", "a b", "c", "a b", "", "d"]
    values = [(k, k, len(k.split()), False, None, False, b"") for k in keys]
    lines = [f"line {i}" for i in range(len(keys))]
    slow = _line_features_reference(lines, values)
    assert [f.repeats for f in slow] == [3, 1, 2, 3, 2, 3, 1, 1]
    assert compiled.line_features(LineFeatures, lines, values) == slow

    @dataclasses.dataclass
    class Unslotted:
        text: str
        key: str
        loose: str
        words: int
        end_punct: bool
        cue: str | None
        linky: bool
        row: bytes
        repeats: int = 1

    made = compiled.line_features(Unslotted, lines, values)
    assert [f.repeats for f in made] == [3, 1, 2, 3, 2, 3, 1, 1] and made[7].key == "d"
    text = "".join(["a line ", "held by many Lines"])
    args = list(_verdict_args())
    args[0] = [dataclasses.replace(f, text=text) for f in args[0]]
    before = sys.getrefcount(text)
    made = compiled.verdicts(Line, *args)
    assert sys.getrefcount(text) == before + len(made) and all(ln.text is text for ln in made)
    del made
    assert sys.getrefcount(text) == before
