"""Per-site learning inside `ghirbal run`: a first pass learns DIR/sites, the cleaning pass uses it."""

from __future__ import annotations

import gzip
import json
import random

from test_run_support import main, write_jsonl
from test_sites import RULES, SIGN_OFF, page


def _records(n: int = 24):
    rng = random.Random(3)
    return [{"id": str(i), "url": f"https://www.example-news.com/a/{i}", "text": page(rng, i)} for i in range(n)]


def _articles(out):
    recs = []
    for shard in sorted(out.glob("articles-*.jsonl.gz")):
        with gzip.open(shard, "rt", encoding="utf-8") as fh:
            recs += [json.loads(line) for line in fh]
    return recs


def test_run_learns_sites_first_and_uses_them(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", _records())
    out = tmp_path / "out"
    # quality tag: the synthetic stories are lists of long nouns (mean word length over the Arabic bound)
    assert main("run", str(src), "--out", str(out), "-j", "1", "--no-progress", "--quality", "tag") == 0
    assert (out / "sites" / "templates.parquet").exists()
    stats = json.loads((out / "stats.json").read_text())
    assert stats["lines_dropped"]["site-template"] > 0
    assert stats["sites"]["example-news.com"]["template"] > 0
    arts = _articles(out)
    assert len(arts) == 24
    # The sign-off every story of the site carries is its chrome; the story around it stays whole.
    assert all(SIGN_OFF not in a["body"] and RULES not in a["body"] and a["body"].count("\n") == 4 for a in arts)
    assert "Per-site templates" in (out / "report.html").read_text(encoding="utf-8")


def test_sites_none_and_a_given_model(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", _records())
    out = tmp_path / "plain"
    assert main("run", str(src), "--out", str(out), "-j", "1", "--no-progress", "--sites", "none") == 0
    assert not (out / "sites").exists()
    assert "site-template" not in json.loads((out / "stats.json").read_text())["lines_dropped"]
    model = tmp_path / "model"
    assert main("sites", "learn", str(src), "--out", str(model)) == 0
    out2 = tmp_path / "given"
    assert main("run", str(src), "--out", str(out2), "-j", "1", "--no-progress", "--sites", str(model)) == 0
    assert json.loads((out2 / "stats.json").read_text())["lines_dropped"]["site-template"] > 0
    assert main("run", str(src), "--out", str(tmp_path / "bad"), "--no-progress", "--sites", "nowhere") == 2


def test_a_second_run_in_the_same_process_does_not_reuse_a_stale_model(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", _records())
    out = tmp_path / "out"
    assert main("run", str(src), "--out", str(out), "-j", "1", "--no-progress") == 0
    first = json.loads((out / "stats.json").read_text())["lines_dropped"].get("site-template", 0)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[sites]\ntemplate_floor_pages = 100\n")  # no line is on 100 pages: no templates
    out2 = tmp_path / "out2"
    assert main("run", str(src), "--out", str(out2), "-j", "1", "--no-progress", "--config", str(cfg)) == 0
    assert first > 0
    assert json.loads((out2 / "stats.json").read_text())["lines_dropped"].get("site-template", 0) == 0


def test_output_folder_with_a_quote_and_a_folder_that_is_no_model(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", _records(12))
    out = tmp_path / "o'q"
    assert main("run", str(src), "--out", str(out), "-j", "1", "--no-progress") == 0
    assert (out / "sites" / "sites.parquet").exists()
    assert not (tmp_path / "o'q" / "sites.work").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main("run", str(src), "--out", str(tmp_path / "x"), "--no-progress", "--sites", str(empty)) == 2
