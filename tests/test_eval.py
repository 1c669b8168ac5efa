from __future__ import annotations

import pytest

from ghirbal.eval import SHOWN, date_shown, evaluate, field_match, word_f1


def test_word_f1_is_multiset_overlap_after_folding():
    assert word_f1("أحمد قال", "احمد قال") == (1.0, 1.0, 1.0)
    p, r, f = word_f1("a a b", "a b b c")
    assert (p, r) == (2 / 3, 2 / 4) and f == pytest.approx(2 * p * r / (p + r))
    assert word_f1("", "gold words") == (0.0, 0.0, 0.0)  # no output scores 0
    assert word_f1("x y", "a b") == (0.0, 0.0, 0.0)


def test_field_match():
    assert field_match("title", "الرئيسُ يزور مصرَ", "الرئيس يزور مصر")
    assert not field_match("title", "الرئيس يزور", "الرئيس يزور مصر")
    assert field_match("author", None, None) and not field_match("author", "فلان", None)
    assert field_match("published", "2024-03-05", "2024-03-05") and not field_match("published", "2024-03", "2024-03-05")


def test_date_shown_looks_outside_the_body_only():
    text = "عنوان\nالسبت، 24 فبراير 2018 02:44 م\nنص الخبر في 3 مارس 2019 كان."
    assert date_shown(text, "2018-02-24", "نص الخبر في 3 مارس 2019 كان.")
    assert not date_shown(text, "2019-03-03", "نص الخبر في 3 مارس 2019 كان.")


def test_published_shown_is_scored_only_where_the_page_shows_the_date():
    docs = [
        {"id": "a", "text": "x\n24 فبراير 2018\nbody", "gold": {"body": "body", "published": "2018-02-24"}},
        {"id": "b", "text": "x\nbody", "gold": {"body": "body", "published": "2018-02-24"}},
    ]
    report = evaluate(docs, lambda d: {"body": "body", "published": "2018-02-24" if d["id"] == "a" else None})
    s = report.summary()
    assert s["published_acc"] == 0.5 and s[f"{SHOWN}_acc"] == 1.0
