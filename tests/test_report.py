"""The HTML report: built from stats alone, self-contained, every section drawn, hostile labels escaped."""

from __future__ import annotations

import json
import re

from test_run_support import CHROME_ONLY, main, page, write_jsonl

from ghirbal.report import hbar_chart, histogram, render, write_report
from ghirbal.run.stats import CHAR_EDGES, Stats


def sample_stats() -> dict:
    return {
        "run": {"started": "2026-01-01T00:00:00+00:00", "version": "0.1.0", "wall_seconds": 12.5, "workers": 2, "inputs": 3,
                "input_bytes": 12_000_000, "pages_per_second": 80.0, "mb_per_second": 0.96, "cpu_seconds": 20.0,
                "complete": True, "pages_this_session": 1000},
        "pages": {"read": 1000, "written": 700, "rejected": 290, "errored": 10},
        "rejects": {"no-article": 250, "too-large": 40},
        "errors": {"read-error": 10},
        "empty_reasons": {"no-story-block": 250},
        "lines_dropped": {"menu": 5000, "blank": 3000},
        "lines_kept": {"body": 4000, "title": 700},
        "languages": {"ar": 650, "en": 50},
        "sites": {"<script>alert(1)</script>.com": {"pages": 5, "kept": 1, "lines": 100, "dropped": 90},
                  "youm7.com": {"pages": 300, "kept": 290, "lines": 9000, "dropped": 6000},
                  "one-page.com": {"pages": 1, "kept": 0, "lines": 50, "dropped": 50}},
        "hist": {"edges": CHAR_EDGES, "chars_in": [0, 0, 0, 0, 10, 100, 400, 300, 150, 40, 0, 0, 0, 0, 0],
                 "chars_out": [0, 5, 50, 300, 250, 80, 15, 0, 0, 0, 0, 0, 0, 0, 0]},
        "totals": {"chars_in": 5_000_000, "chars_out": 1_200_000, "clean_seconds": 15.0},
    }


def test_report_has_every_section_as_svg_and_no_outside_resources():
    html = render(sample_stats())
    for title in ("Funnel", "Why pages had no article", "Languages", "Line verdicts", "Sites by share of lines dropped",
                  "Length before and after", "Throughput"):
        assert f"<h2>{title}</h2>" in html
    assert html.count("<svg") >= 8
    assert "<script" not in html.replace("&lt;script&gt;", "")  # no JS, and the hostile site name is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.com" in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)  # nothing fetched from the network
    assert "@import" not in html
    # Funnel numbers and shares.
    assert "read 1,000 = kept 700 + rejected 290 + errored 10" in html
    assert "70.0%" in html and "no-article" in html and "read-error" in html


def test_sites_ranked_by_share_dropped_with_a_minimum_page_count():
    html = render(sample_stats(), min_site_pages=2)
    section = html[html.index("Sites by share"):html.index("Length before")]
    assert section.index("alert(1)") < section.index("youm7.com")  # 90% before 66.7%
    assert "one-page.com" not in section  # a single page is not ranked
    assert "90.0% dropped" in section


def test_hbar_chart_bar_lengths_are_proportional():
    svg = hbar_chart([("a", 100), ("b", 25)], width=600, label_w=100)
    widths = [float(w) for w in re.findall(r'class="c-blue" x="100" y="\d+" width="([\d.]+)"', svg)]
    assert len(widths) == 2 and abs(widths[0] / widths[1] - 4) < 0.01


def test_histogram_draws_a_column_per_bin_and_series():
    svg = histogram(CHAR_EDGES, [("in", [0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "c-blue"),
                                 ("out", [0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "c-kept")])
    assert svg.count('class="c-blue" x=') == 3 and svg.count('class="c-kept" x=') == 3  # bins 1..3, both series
    assert histogram(CHAR_EDGES, [("in", [0] * len(CHAR_EDGES), "c-blue")]).startswith('<p class="empty"')


def test_empty_stats_render_without_error():
    html = render({})
    assert "<h2>Funnel</h2>" in html and "no pages" in html


def test_stats_merge_is_addition():
    a, b = Stats(), Stats()
    a.add_read(10)
    a.add_outcome("rejected", "too-large")
    b.add_read(5)
    b.add_outcome("rejected", "too-large")
    b.add_outcome("errored", "read-error")
    a.merge(b)
    d = a.to_dict()
    assert d["pages"] == {"read": 2, "rejected": 2, "errored": 1}
    assert d["rejects"] == {"too-large": 2} and d["errors"] == {"read-error": 1}
    assert Stats.from_dict(d).to_dict() == d


def test_add_article_counts_every_line_by_its_role_or_reason():
    from ghirbal.model import Article, Line

    lines = [Line(0, "t", kept=True, role="title"), Line(1, "b", kept=True, role="body"), Line(2, "b2", kept=True, role="body"),
             Line(3, "", reason="blank"), Line(4, "m", reason="site-template"), Line(5, "m2", reason="site-template"),
             Line(6, "x"), Line(7, "k", kept=True)]
    s = Stats()
    s.add_article(Article(lines=lines), "a.com", 300, kept=False, seconds=0.5)
    s.add_article(Article(lines=lines[:2]), "a.com", 50, kept=False, seconds=0.5)
    assert s.kept_roles == {"title": 2, "body": 3, "unknown": 1}
    assert s.dropped == {"blank": 1, "site-template": 2, "unknown": 1}
    assert s.sites["a.com"] == [2, 0, 10, 4, 2]  # pages, kept, lines, dropped, template
    assert s.totals["lines"] == 10


def test_a_run_writes_stats_and_a_report_that_can_be_rerendered(tmp_path):
    recs = [{"id": str(i), "url": f"https://www.site{i % 3}.com.eg/a/{i}", "text": page(i) if i % 5 else CHROME_ONLY}
            for i in range(20)]
    src = write_jsonl(tmp_path / "in.jsonl", recs)
    out = tmp_path / "out"
    assert main("run", str(src), "--out", str(out), "-j", "1", "--no-progress") == 0
    stats = json.loads((out / "stats.json").read_text())
    assert stats["pages"] == {"read": 20, "written": 16, "rejected": 4}
    assert set(stats["sites"]) == {"site0.com.eg", "site1.com.eg", "site2.com.eg"}  # registered domains
    assert sum(s["pages"] for s in stats["sites"].values()) == 20
    assert sum(stats["hist"]["chars_in"]) == 20 and sum(stats["hist"]["chars_out"]) == 16
    assert sum(stats["lines_dropped"].values()) + sum(stats["lines_kept"].values()) == stats["totals"]["lines"]
    assert stats["run"]["workers"] == 1 and stats["run"]["complete"] is True
    (out / "report.html").unlink()
    write_report(str(out))
    html = (out / "report.html").read_text()
    assert "site0.com.eg" in html and "<svg" in html
