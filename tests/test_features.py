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


def test_a_repeated_line_is_measured_once_with_the_same_features(seed_text, monkeypatch):
    """A text that stands on several new lines of a page is measured once (`features._measure_once`):
    the features are those each line gets alone, repeats counted as before."""
    import ghirbal.features as features

    lines = faithful_lines(seed_text)
    lines = lines + lines[:40] + ["Share", "", "Share"]
    lex = load("ar")
    alone = _fields([f for line in lines for f in measure_page([line], lex)])
    measured: list[str] = []
    real = features._measure_new
    monkeypatch.setattr(features, "_measure_new", lambda ls, lx: measured.extend(ls) or real(ls, lx))
    feats = measure_page(lines, lex, LineCache(10_000))
    assert [f[:-1] for f in _fields(feats)] == [f[:-1] for f in alone]
    assert sorted(measured) == sorted(set(lines))  # each text once
    assert _fields(feats) == _fields(measure_page(lines, lex))  # (repeats as without the cache)


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


def test_page_keys_find_the_lines_holding_a_word_or_key_like_a_scan_of_every_line():
    import random

    from ghirbal.features import PageKeys

    rng = random.Random(4)
    words = ["مصر", "اليوم", "الرئيس", "قال", "في", "ال", "news", "0"]
    lines = ["" if rng.random() < 0.2 else " ".join(rng.choice(words) for _ in range(rng.randint(1, 9)))
             for _ in range(300)]
    feats = measure_page(lines, load("ar"))
    keys = [f.key for f in feats]
    pk = PageKeys(feats, max_chars=1_000_000)
    for needle in ["مصر", "ال", "اليوم", "قال في", "news 0", "غائب", keys[5] or "في"]:
        assert pk.lines_containing(needle) == {i for i, k in enumerate(keys) if needle in k}, needle
    for f, k in zip(feats, keys):
        assert pk.occurrences(f) == (pk.text.count(k) if k else f.repeats)
    for offset in range(0, len(pk.text), 97):
        line = pk.line_of(offset)
        start = sum(len(k) + 1 for k in keys[:line])
        assert start <= offset <= start + len(keys[line])


def test_first_line_of_a_key_in_a_window_compiled_and_pure():
    """PageKeys.first_line: the first line of lo..hi-1 whose key is the one asked (find_title's kept
    headline line), None when no line there has it; the same with the compiled core off."""
    from ghirbal import config
    from ghirbal.extract import page_features
    from ghirbal.features import PageKeys
    from ghirbal.linemodel import compiled

    text = "عنوان الخبر هنا\nموقع - عنوان الخبر هنا\n\nعنوان الخبر هنا\nنص آخر"
    feats = page_features(text, config.default())[0]
    was = compiled.active()
    try:
        for on in (True, False):
            compiled.set_active(on and was)
            keys = PageKeys(feats, 10_000)
            k = feats[0].key
            assert keys.first_line(k, 0, 5) == 0 and keys.first_line(k, 1, 5) == 3 and keys.first_line(k, 1, 3) is None
            assert keys.first_line(feats[1].key, 0, 5) == 1 and keys.first_line("غائب", 0, 5) is None
    finally:
        compiled.set_active(was)
