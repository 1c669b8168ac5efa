"""Dialect tag: the 150-sentence table (tests/data/dialects.tsv), MSA news, and the one-word rule."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from shared_data import dev_set

from ghirbal.dialect import DIALECTS, tag

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import bench_dialect  # noqa: E402


def test_table_confusion_matrix():
    rows = bench_dialect.table_rows()
    assert len(rows) >= 150
    cm = bench_dialect.confusion(rows)
    right = sum(v for (a, b), v in cm.items() if a == b)
    assert right / len(rows) >= 0.88
    # MSA is never called a dialect, and no dialect is mistaken for another one
    assert cm[("msa", "msa")] == sum(v for (a, _), v in cm.items() if a == "msa")
    for d in DIALECTS:
        n = sum(v for (a, _), v in cm.items() if a == d)
        assert cm[(d, d)] / n >= 0.65, d
        assert all(v == 0 for (a, b), v in cm.items() if a == d and b in DIALECTS and b != d), d


def test_one_word_never_makes_a_dialect():
    assert tag("قال المتحدث إن المفاوضات مش سهلة وستستمر خلال الأسبوع المقبل في العاصمة").label == "msa"
    assert tag("مش عارف إزاي ده حصل").label == "egyptian"


def test_mixed_and_und():
    assert tag("أنا مش عارف إزاي ده حصل، شو بدك هلق؟ هيك الوضع").label == "mixed"
    assert tag("نعم").label == "und"


def test_msa_news_paragraphs_are_msa():
    path = dev_set()
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing")
        pytest.skip("shared/data/arabic-sites-dev is not present")
    paras = bench_dialect.news_paragraphs(path.parent)
    msa = sum(1 for p in paras if tag(p).label == "msa")
    assert len(paras) > 1000 and msa / len(paras) >= 0.98
