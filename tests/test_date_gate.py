"""date_coverage's gate (`dates._could_be_strong`): lines where no cluster can be strong are not
tokenized. The gate must never change a coverage: on every dev line, and on the examples of
tests/test_dates.py's kinds, the gated coverage equals the coverage computed with the gate open."""

from __future__ import annotations

import gzip
import json

import pytest

from ghirbal import dates
from ghirbal.dates import _could_be_strong, _lex, _prepare, date_coverage
from tests.shared_data import dev_set, require

EXAMPLES = [
    "12 مايو 2020", "الأربعاء 14 أيار / مايو 2025", "أيار / مايو", "26 ذو الحجة 1437هـ", "منذ ثلاث ساعات",
    "قبل يومين", "3 ساعات مضت", "il y a une heure", "2 hours ago", "أمس", "بالأمس 10:30", "اليوم",
    "2020-05-12", "12/5/2020", "١٢ / ٥ / ٢٠٢٠", "11:48 GMT", "10h30", "November 9, 2020", "Yesterday",
    "نشر في: 2020.05.12", "الإفراج عن 3 متهمين", "قبل الانتخابات", "2018", "x", "",
    "١٢\u200f/٠٥/٢٠٢٠", "١٢ مايـو ٢٠٢٠", "12 MAI 2020", "mardi 12 mai 2020",
]


def _lines(name: str, limit: int = 0) -> set[str]:
    path = require(dev_set(name, "docs.jsonl") if dev_set(name, "docs.jsonl").exists() else dev_set(name, "docs.jsonl.gz"))
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    docs = docs[:limit] if limit else docs
    return {ln.strip() for d in docs for ln in d["text"].split("\n") if ln.strip()}


def _ungated(monkeypatch, lines) -> dict[str, float]:
    with monkeypatch.context() as m:
        m.setattr(dates, "_could_be_strong", lambda low, lex: True)
        return {t: date_coverage(t) for t in lines}


def test_the_gate_never_changes_a_coverage(monkeypatch):
    lines = set(EXAMPLES) | _lines("arabic-sites-dev") | _lines("wcxb-dev", 300)
    gated = {t: date_coverage(t) for t in lines}
    assert gated == _ungated(monkeypatch, lines)
    assert sum(1 for v in gated.values() if v) > 500  # the dev lines do hold dates


def test_the_gate_holds_every_strong_cluster():
    """The gate's own claim, with the tokenizer's reference (whatever the compiled core does): a prepared
    line with a strong cluster passes it; on the dev lines and on strings of digits, separators, spaces
    and "h", where the numeric shapes ("1.5.20", "1:30", "1h30") are many."""
    import random

    lex = _lex()
    rng = random.Random(5)
    pool = "12٣ /.-:h,"
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 10))) for _ in range(30_000)]
    texts += EXAMPLES + sorted(_lines("arabic-sites-dev") | _lines("wcxb-dev", 300))
    strong = 0
    for t in texts:
        low = _prepare(t)[0]
        if any(dates._is_strong(c, lex) for c in dates._clusters(low, lex)):
            assert _could_be_strong(low, lex), t
            strong += 1
    assert strong > 2000


@pytest.mark.parametrize("line", ["12 مايو 2020", "منذ ثلاث ساعات", "قبل يومين", "2 hours ago",
                                  "2020-05-12", "١٢ / ٥ / ٢٠٢٠", "11:48", "10h30", "أمس", "١٢\u200f/٠٥/٢٠٢٠",
                                  "12.5.2020", "7/9/05 7:57 PM", "2020 - 5 - 12"])
def test_the_gate_opens_for_what_a_date_needs(line):
    assert _could_be_strong(_prepare(line)[0], _lex())
    assert date_coverage(line) > 0


@pytest.mark.parametrize("line", ["الإفراج عن 3 متهمين", "بعد غياب 8 أشهر.. نوير يعود", "اليوم", "2018", "قبل الانتخابات",
                                  "4.35 avg rating", "Call 1-800-555-0199", "$2,546.95", "version 2.0 features"])
def test_the_gate_shuts_where_no_cluster_can_be_strong(line):
    assert not _could_be_strong(_prepare(line)[0], _lex())
    assert date_coverage(line) == 0
