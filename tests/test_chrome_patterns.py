"""Generated chrome (ghirbal.linemodel.chrome) around articles written for these tests (not training data):
each hard pattern that broke extraction on unseen sites, one at a time and all together."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import ghirbal
from ghirbal.eval import word_f1
from ghirbal.linemodel import chrome

ARTICLES = [
    chrome.Article(d["title"], d["paragraphs"])
    for d in map(json.loads, (Path(__file__).parent / "data" / "articles_ar.jsonl").read_text("utf-8").splitlines())
]


def _site(patterns, seed=11, pages=4):
    return chrome.generate(ARTICLES, 1, pages, seed=seed, patterns=frozenset(patterns))


def _clean(doc):
    return ghirbal.clean(doc["text"], url=doc["url"])


def _body_lines(doc):
    return [t for t, label in zip(doc["text"].split("\n"), doc["line_labels"]) if label]


@pytest.mark.parametrize("pattern", chrome.PATTERNS)
def test_each_pattern_keeps_the_story(pattern):
    for seed in (1, 2, 3):
        for doc in _site({pattern}, seed=seed):
            art = _clean(doc)
            f1 = word_f1(art.text, doc["gold"]["body"])[2]
            assert f1 >= 0.95, (pattern, seed, f1, art.text[:300])


def test_all_patterns_together():
    scores = []
    for seed in (4, 5, 6):
        for doc in _site(chrome.PATTERNS, seed=seed):
            f1 = word_f1(_clean(doc).text, doc["gold"]["body"])[2]
            scores.append(f1)
            if doc["gold"]["body"].count("\n") >= 1:  # a story of two paragraphs or more
                assert f1 >= 0.95, (seed, f1)
    # One unpunctuated paragraph among a ticker and a thread of punctuated comments is the hardest case
    # here; the mean over all pages still holds.
    assert sum(scores) / len(scores) >= 0.9


def _kept(doc):
    return {ln.text for ln in _clean(doc).lines if ln.kept}


def test_ticker_line_is_not_story():
    for doc in _site({"ticker"}, seed=6):
        lines = doc["text"].split("\n")
        labels = chrome.vocabulary()["ar"]["ticker_labels"]
        ticker = next(t for t in lines if any(t.startswith(label + " ") for label in labels) and len(t.split()) > 12)
        assert ticker not in _kept(doc)


def test_doubled_link_text_is_not_story():
    for doc in _site({"doubled_links"}, seed=7):
        art = _clean(doc)
        for ln in art.lines:
            words = ln.text.split()
            half = len(words) // 2
            if len(words) >= 6 and words[:half] == words[half:]:
                assert ln.role != "body", ln.text


def test_section_label_is_not_the_title():
    for doc in _site({"section_label"}, seed=8):
        assert _clean(doc).title == doc["gold"]["title"]


def test_comment_thread_is_not_story():
    for doc in _site({"comments"}, seed=9):
        body = set(_body_lines(doc))
        for ln in _clean(doc).lines:
            if ln.role == "body":
                assert ln.text in body, ln.text


def test_bilingual_footer_dropped():
    for doc in _site({"bilingual_footer"}, seed=10):
        kept = _kept(doc)
        assert not any(t.isascii() and t.strip() for t in kept)


def test_generator_is_deterministic_and_labels_align():
    a, b = _site(chrome.PATTERNS, seed=3), _site(chrome.PATTERNS, seed=3)
    assert a == b
    for doc in a:
        assert len(doc["line_labels"]) == len(doc["text"].split("\n"))
        assert "\n".join(_body_lines(doc)) == doc["gold"]["body"]


def test_template_lines_inside_the_story_block_go_with_site_learning():
    """A site that puts the same prompt and section label between its story's paragraphs on every page:
    with per-site learning they are dropped as site-template and the story stays whole; learning is
    never worse than the single-page rules."""
    from ghirbal.sites.learn import learn_from_docs

    rng = random.Random(5)
    style = chrome.make_site(rng, frozenset(), 0)
    prompt = "هذا المحتوى متاح مجانا لقراء النسخة الرقمية من الصحيفة بعد إنشاء حساب جديد"
    style.list_size = 3
    # Teasers made from the titles' words in another order: the site's lists must not hold the page's
    # own headline on most pages (six articles serve fourteen pages here).
    teasers = [" ".join(reversed(a.title.split()[k:])) for a in ARTICLES for k in range(3)]
    docs = []
    for i in range(14):
        art = ARTICLES[i % len(ARTICLES)]
        paras = art.paragraphs[:2] + [prompt, style.sections[0]] + art.paragraphs[2:]
        doc = chrome.render_page(style, chrome.Article(art.title, paras), teasers, [], rng, str(i))
        doc["gold"]["body"] = "\n".join(art.paragraphs)
        docs.append(doc)
    models = learn_from_docs(docs)
    for doc in docs[:6]:
        single = ghirbal.clean(doc["text"], url=doc["url"])
        learned = ghirbal.clean(doc["text"], url=doc["url"], site_model=models)
        assert prompt not in learned.paragraphs
        reasons = {ln.text: ln.reason for ln in learned.lines if not ln.kept}
        assert reasons[prompt] == "site-template"
        f_single = word_f1(single.text, doc["gold"]["body"])[2]
        f_learned = word_f1(learned.text, doc["gold"]["body"])[2]
        assert f_learned >= f_single and f_learned >= 0.97, (f_single, f_learned)
