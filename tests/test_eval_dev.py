"""Regression guards on the issue's bars, over the shared Arabic dev set (skipped when it is absent)."""

from __future__ import annotations

import pytest

from ghirbal import clean
from ghirbal.eval import evaluate, keep_all, load_gold, word_f1


@pytest.fixture(scope="module")
def docs(arabic_dev):
    return list(load_gold(arabic_dev))


def _f1(docs, transform=lambda t: t) -> float:
    scores = [word_f1(clean(transform(d["text"]), url=d["url"]).text, d["gold"]["body"])[2] for d in docs]
    return sum(scores) / len(scores)


def test_single_page_bars(docs):
    report = evaluate(docs, lambda d: clean(d["text"], url=d["url"]).to_dict(with_lines=False))
    summary = report.summary()
    assert summary["f1_mean"] >= 0.97
    assert summary["title_acc"] >= 0.95
    assert summary["author_acc"] >= 0.90 and summary["dateline_acc"] >= 0.95
    assert evaluate(docs, keep_all).summary()["f1_mean"] < 0.5  # the floor really is a floor


@pytest.mark.parametrize("name,transform", [
    ("no blank lines (Common Crawl WET)", lambda t: "\n".join(x for x in t.split("\n") if x.strip())),
    ("no indentation", lambda t: "\n".join(x.strip() for x in t.split("\n"))),
    ("no final full stops", lambda t: "\n".join(x.rstrip().rstrip(".") for x in t.split("\n"))),
])
def test_robust_to_other_sites_habits(docs, name, transform):
    assert _f1(docs, transform) >= 0.97, name


def test_published_is_right_where_the_page_shows_it(docs):
    summary = evaluate(docs, lambda d: clean(d["text"], url=d["url"]).to_dict(with_lines=False)).summary()
    assert summary["published_shown_acc"] >= 0.95
