"""The page-wide scans the classifier shares between its steps give what a test of every line gives:
the lines holding a key (PageKeys.lines_containing, on pages short enough for one joined scan string
and on longer ones), and the site name found from the lines that hold the title."""

from __future__ import annotations

import random

from ghirbal import config
from ghirbal.features import PageKeys, measure_page
from ghirbal.lexicon import load
from ghirbal.title import contains_title, site_from_title_lines


def _random_page(seed: int, n: int = 300) -> list[str]:
    rng = random.Random(seed)
    words = ["مصر", "اليوم", "الرئيس", "قال", "في", "ال", "news", "0", "-", "|"]
    return ["" if rng.random() < 0.2 else " ".join(rng.choice(words) for _ in range(rng.randint(1, 9)))
            for _ in range(n)]


def test_lines_containing_is_the_same_with_and_without_the_joined_scan_string():
    feats = measure_page(_random_page(11), load("ar"))
    keys = [f.key for f in feats]
    scanned, per_line = PageKeys(feats, max_chars=1_000_000), PageKeys(feats, max_chars=10)
    assert scanned.text is not None and per_line.text is None
    for needle in ["مصر", "ال", "اليوم", "قال في", "news 0", "غائب", keys[5] or "في", ""]:
        expected = {i for i, k in enumerate(keys) if needle in k} if needle else set()
        assert scanned.lines_containing(needle) == per_line.lines_containing(needle) == expected, needle


def test_lines_containing_a_counted_key_stop_at_its_count_with_the_same_lines():
    """A key already counted (its occurrences asked, or every key of four words or more counted at
    once) is looked for only until as many lines hold it as it occurs: the lines found are those a
    scan of every line finds, for keys counted once, twice and many times, overlapping ones too."""
    extra = ["aa aa", "aa aa aa", "x aa aa aa y", "مصر اليوم", "مصر اليوم مصر اليوم", "مصر اليوم قال الرئيس في"]
    feats = measure_page(_random_page(31) + extra + _random_page(37, 50) + extra[::-1], load("ar"))
    keys = [f.key for f in feats]
    page_keys = PageKeys(feats, max_chars=1_000_000)
    page_keys.counts()
    asked = 0
    for f in feats:
        if not f.key:
            continue
        expected = {i for i, k in enumerate(keys) if f.key in k}
        before = page_keys.lines_containing(f.key)
        page_keys.occurrences(f)  # (now counted)
        assert page_keys.lines_containing(f.key) == before == expected, f.key
        asked += page_keys.occurrences(f) > 1
    assert asked > 20


def test_site_from_the_title_holders_equals_the_scan_of_every_line():
    lex = load("ar")
    titles = ["الرئيس قال في مصر اليوم", "مصر اليوم"]
    lines = [
        "مصر اليوم - الرئيس قال في مصر اليوم",  # site - title
        "الرئيس قال في مصر اليوم",
        "الرئيس قال في مصر اليوم | موقع الأخبار",  # title | site
        "خبر آخر تماما",
    ]
    feats = measure_page(lines + _random_page(5, 60), lex)
    page_keys = PageKeys(feats, config.default()["lines"]["containment_max_chars"])
    for title in titles + [f.key for f in feats[:40] if f.key]:
        key = measure_page([title], lex)[0].key
        holders = page_keys.lines_containing(key)
        assert {i for i, f in enumerate(feats) if contains_title(f.key, key)} <= holders
        assert site_from_title_lines(feats, key, holders) == site_from_title_lines(feats, key), title
    assert site_from_title_lines(feats, feats[1].key, page_keys.lines_containing(feats[1].key)) == "مصر اليوم"


def test_the_page_counts_are_the_occurrences_of_the_keys():
    from ghirbal.linemodel import compiled

    feats = measure_page(_random_page(23) + ["مصر اليوم قال الرئيس في", "x مصر اليوم قال الرئيس في y"], load("ar"))
    page_keys = PageKeys(feats, max_chars=1_000_000)
    counts = dict(page_keys.counts())
    if compiled.active():  # every key of four words or more, counted at once
        assert {k for k in counts} == {f.key for f in feats if f.words >= 4}
    for f in feats:
        if f.key in counts:
            assert counts[f.key] == page_keys.occurrences(f) == page_keys.text.count(f.key)
    assert counts.get("مصر اليوم قال الرئيس في", 2) == 2
    assert PageKeys(feats, max_chars=10).counts() == {}


def test_the_story_words_are_counted_only_for_pages_that_test_a_headline_in_the_story(monkeypatch):
    """classify counts the story's words on first use (a headline-shaped line inside the block);
    the pages that ask get their in-block teasers dropped with them, the others never count them."""
    import ghirbal
    import ghirbal.lines as lines_module
    from tests.shared_data import dev_set, require

    path = dev_set("arabic-sites-dev", "docs.jsonl")
    require(path)
    import json

    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    real, asked = lines_module.story_words, []
    monkeypatch.setattr(lines_module, "story_words", lambda *a: asked.append(a[1:3]) or real(*a))
    teasers = 0
    for d in docs:
        before = len(asked)
        art = ghirbal.clean(d["text"], url=d.get("url"))
        if len(asked) > before:
            b0, b1 = asked[-1]
            teasers += any(ln.reason == "headline-list" and b0 <= ln.index <= b1 for ln in art.lines)
    assert 0 < len(asked) < len(docs) / 2
    assert teasers > 0
