from __future__ import annotations

import ghirbal
from ghirbal import config
from ghirbal.features import LineCache, measure_page
from ghirbal.lexicon import load
from ghirbal.normalize import faithful_lines


def _fields(feats):
    return [(f.text, f.key, f.loose, f.words, f.end_punct, f.cue, f.linky, f.repeats) for f in feats]


def test_cache_gives_the_same_features(seed_text):
    lines = faithful_lines(seed_text)
    lex = load("ar")
    plain = measure_page(lines, lex)
    cache = LineCache(1000)
    assert _fields(measure_page(lines, lex, cache)) == _fields(plain)
    assert _fields(measure_page(lines, lex, cache)) == _fields(plain)  # now all from the cache
    assert len(cache.entries) == len(set(lines))


def test_cache_stays_bounded():
    cache = LineCache(10)
    lex = load("en")
    for i in range(5):
        measure_page([f"line number {i} {j} here" for j in range(7)], lex, cache)
        assert len(cache.entries) <= 10


def test_clean_is_the_same_with_and_without_the_cache(seed_text):
    off = config.load(overrides={"lines": {"cache_lines": 0}})
    assert ghirbal.clean(seed_text, config=off).to_dict() == ghirbal.clean(seed_text).to_dict()


def test_features_of_the_seed(seed_text):
    feats = measure_page(faithful_lines(seed_text), load("ar"))
    by_text = {f.text: f for f in feats}
    assert by_text["Security Code*"].cue == "form"
    assert by_text["egypttoday"].repeats == 3  # lines 33, 34 and 116 of the page
    assert by_text["egypttoday"].linky is False  # a bare word: its repeats, not its shape, drop it
    assert by_text["مصر اليوم -"].key == "مصر اليوم"
    long = next(f for f in feats if f.text.startswith("كشف يوري"))
    assert long.end_punct and long.words > 30 and long.cue is None
