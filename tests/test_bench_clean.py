"""bench/bench_clean.py's stage table: every page is timed, a page with no text too (wcxb-dev has 25)."""

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_clean.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_clean_under_test", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_stages_take_pages_without_text(capsys):
    docs = [
        {"text": "", "url": "https://example.com/empty"},
        {"text": "   \n\n", "url": "https://example.com/blank"},
        {"text": "الرئيسية\nخبر عاجل\nقال المتحدث إن الاجتماع سيعقد غدا في العاصمة لبحث الملفات العالقة بين الطرفين.\n"
                 "وأضاف أن الوفود ستصل صباحا، وأن جدول الأعمال يشمل قضايا الاقتصاد والطاقة.\nجميع الحقوق محفوظة",
         "url": "https://example.com/news/1"},
    ]
    _bench().stages(docs, repeats=1)
    rows = [ln.split() for ln in capsys.readouterr().out.splitlines() if ln.strip().endswith("%")]
    shares = {" ".join(r[:-2]): float(r[-1].rstrip("%")) for r in rows}
    # the empty pages end after decoding; the page with text goes through every step
    assert set(shares) == {"decode + language", "faithful text", "line features", "date coverage", "classify",
                           "fields (assemble)"}
    assert abs(sum(shares.values()) - 100) < 0.5
