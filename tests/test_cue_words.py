"""The cue matcher's word cues (prefix and contains phrases without punctuation) are looked up word by
word (`lexicon.prefix_cue`/`contains_cue`, compiled in linemodel/_counts.pyx, references in Python);
they must name the same category as the regex matcher (`CueMatcher.match_reference`) on every dev
line, with the compiled core and without it (and so must the whole matcher compiled, `_counts.cue_of`,
which the compiled measuring loop asks), and keep its rules: the longest phrase at a place, the
first place from the left, matches that do not overlap, and each table's max_words."""

from __future__ import annotations

import gzip
import json

import pytest

from ghirbal.lexicon import CueMatcher, contains_cue_reference, load, loose_key, prefix_cue_reference
from ghirbal.linemodel import compiled
from ghirbal.normalize import match_key
from tests.shared_data import dev_set, in_ci, require


def _lines(name: str, limit: int = 0) -> set[str]:
    path = dev_set(name, "docs.jsonl")
    if not path.exists():
        path = dev_set(name, "docs.jsonl.gz")
    require(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    docs = docs[:limit] if limit else docs
    return {ln.strip() for d in docs for ln in d["text"].split("\n") if ln.strip()}


@pytest.fixture(params=["compiled", "pure"])
def mode(request):
    if request.param == "compiled" and not compiled.built():
        if in_ci():
            pytest.fail("CI=true and the compiled core is not built")
        pytest.skip("the compiled core is not built")
    was = compiled.active()
    compiled.set_active(request.param == "compiled")
    yield request.param
    compiled.set_active(was)


def _agree(cues: CueMatcher, lines) -> int:
    named = 0
    for text in lines:
        key, loose = match_key(text), loose_key(text)
        n = key.count(" ") + 1
        want = cues.match_reference(key, loose, n)
        assert cues.match(key, loose, n) == want, text
        assert cues.match(key, loose, n, key.split()) == want, text
        if compiled.active():  # the matcher as the compiled measuring loop asks it (_counts.cue_of)
            assert compiled.cue_of(cues, key, loose, n) == want, text
        named += want is not None
    return named


@pytest.mark.parametrize("language", ["ar", "en", "fr"])
def test_word_cues_name_what_the_regexes_name_on_every_dev_line(mode, language):
    lines = _lines("arabic-sites-dev") | _lines("wcxb-dev", 300)
    assert _agree(load(language).cues, lines) > 50


def _toy() -> CueMatcher:
    return CueMatcher([
        ("form", [{"max_words": 3, "prefix": ["sign in"], "contains": ["required field"]}]),
        ("terms", [{"max_words": 8, "prefix": ["sign in now please"], "contains": ["required", "all rights reserved",
                                                                                 "all rights"]}]),
    ])


@pytest.mark.parametrize("line", [
    "sign in", "sign in now", "sign in now please", "sign in now please ok", "signing in", "sign",
    "a required field", "a required field here now", "a required fields", "all rights reserved 2020",
    "x all rights y", "required required field", "a b c d e f g h i required", "",
])
def test_word_cues_keep_the_regex_rules_on_overlaps_and_lengths(mode, line):
    cues = _toy()
    n = line.count(" ") + 1
    assert cues.match(line, line, n) == cues.match_reference(line, line, n)
    if compiled.active():
        assert compiled.cue_of(cues, line, line, n) == cues.match_reference(line, line, n)


@pytest.mark.parametrize("line", [
    "tel: 0", "tel. 0", "tel", "telephone: 0", "home » news", "home", "home >", "© 0 site", "(c) 0 site",
    "(c) site", "read more: x", "re", "", "x tel: 0", "updated: 0 ago", "updated:",
])
def test_loose_prefixes_name_what_the_regex_names(mode, line):
    """The compiled matcher asks the loose prefix regex only where a loose phrase starts the line."""
    cues = CueMatcher([
        ("address", [{"max_words": 4, "prefix": ["tel:", "tel.", "telephone:"]}]),
        ("breadcrumb", [{"max_words": 20, "prefix": ["home »", "home >"]}]),
        ("copyright", [{"max_words": 30, "prefix": ["©", "(c) 0"], "exact": ["#"]}]),
        ("read-also", [{"max_words": 2, "prefix": ["read more:", "updated:"]}]),
    ])
    key, loose = match_key(line), loose_key(line)
    n = key.count(" ") + 1
    assert cues.match(key, loose, n) == cues.match_reference(key, loose, n)
    if compiled.active():
        assert compiled.cue_of(cues, key, loose, n) == cues.match_reference(key, loose, n)


def test_the_references_longest_and_leftmost():
    phrases = {"a": ("one", 2), "a b": ("two", 9), "b c": ("three", 9)}
    assert prefix_cue_reference("a b c", phrases, 2, 3) == "two"
    assert prefix_cue_reference("a", phrases, 2, 3) is None  # "a" at most 2 words: the line has 3
    # "a b" is taken first (longest at the first place), so "b c" never starts a match
    assert contains_cue_reference("x a b c", {"a b": ("two", 1), "b c": ("three", 9)}, frozenset(("a", "b")), 2, 4) is None
    assert contains_cue_reference("x b c", phrases, frozenset(("a", "b")), 2, 3) == "three"


def test_compiled_word_cues_equal_the_references_on_odd_keys():
    if not compiled.built():
        pytest.skip("the compiled core is not built")
    phrases = {"a": ("one", 9), "a b": ("two", 9), "b c": ("three", 9), "ب ج د": ("four", 9)}
    firsts = frozenset(p.split(" ")[0] for p in phrases)
    sigs = compiled.word_signatures(firsts)
    for key in ["", " ", "a", "a  b", " a b", "x a", "xa b", "ab c", "b", "b c ", "ب ج د", "ا ب ج د ه", "ب ج", "c b c"]:
        for n in (1, 3, 12):
            assert compiled.contains_cue(key, phrases, firsts, sigs, 3, n) == contains_cue_reference(key, phrases, firsts, 3, n), key
            assert compiled.prefix_cue(key, phrases, 3, n) == prefix_cue_reference(key, phrases, 3, n), key


def _signature(word: str) -> int:
    # `_counts._word_sig` in Python: 16 bits of the word's FNV-1a hash over its code points.
    h = 14695981039346656037
    for c in word:
        h = ((h ^ ord(c)) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return ((h ^ (h >> 29)) >> 11) & 0xFFFF


def test_word_signatures_let_few_other_words_through():
    """The contains-phrase gate's table holds exactly its words' signatures (so it never stops a first
    word), and on the Arabic dev lines few words that are no first word pass it: the slice and the set
    look-up it spares are most of what a line's contains cues cost (a first character and a length let
    four words in ten through, the "ال..." words)."""
    if not compiled.built():
        pytest.skip("the compiled core is not built")
    cues = load("ar").cues
    firsts = cues._contains_words
    table = compiled.word_signatures(firsts)
    assert len(table) == 8192
    want = bytearray(8192)
    for w in firsts:
        s = _signature(w)
        want[s >> 3] |= 1 << (s & 7)
    assert table == bytes(want)
    passed = others = 0
    for text in sorted(_lines("arabic-sites-dev"))[:20000]:
        for w in match_key(text).split(" "):
            if w and w not in firsts:
                others += 1
                s = _signature(w)
                passed += bool(table[s >> 3] & (1 << (s & 7)))
    assert others > 20000
    assert passed < 0.05 * others, (passed, others)
