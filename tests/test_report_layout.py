"""Issue 10, item 3: what the report's bars, ticks, badge and notes say (unit checks on the HTML)."""

from __future__ import annotations

import re

from test_report import sample_stats

from ghirbal.report import hbar_chart, histogram, nice_ticks, render
from ghirbal.run.stats import CHAR_EDGES


def _bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect class="c-[a-z0-9]+" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]


def _track_width(svg: str) -> float:
    return float(re.search(r'<rect class="track" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg).group(1))


def test_share_bars_are_drawn_against_the_whole():
    # 30 of 100: a bar of 30% of the track, not a full bar because it is the largest one shown.
    svg = hbar_chart([("a", 30), ("b", 10)], total=100, width=600, label_w=100)
    track = _track_width(svg)
    assert [round(w / track, 3) for w in _bar_widths(svg)] == [0.3, 0.1]
    svg = hbar_chart([("site", 0.4)], full=1.0, value_fmt=lambda v: f"{v:.0%}", width=600, label_w=100)
    assert round(_bar_widths(svg)[0] / _track_width(svg), 3) == 0.4


def test_site_shares_are_against_100_percent_in_the_page():
    html = render(sample_stats(), min_site_pages=2)
    section = html.split("Sites by share of lines dropped")[1].split("</section>")[0]
    svg = section.split("<table")[0]
    track = _track_width(svg)
    assert [round(w / track, 2) for w in _bar_widths(svg)] == [0.9, 0.67]  # 90/100 and 6000/9000 dropped


def test_funnel_rows_are_sorted_by_their_bars():
    stats = sample_stats()
    stats["pages"] = {"read": 1000, "written": 100, "rejected": 890, "errored": 10}
    stats["rejects"] = {"no-article": 850, "too-large": 40}
    html = render(stats)
    funnel = html.split("<h2>Funnel</h2>")[1].split("</section>")[0]
    labels = re.findall(r'text-anchor="end">([^<]+)</text>', funnel)
    assert labels == ["rejected · no-article", "kept", "rejected · too-large", "errored · read-error"]


def test_template_rows_are_sorted_by_share():
    stats = sample_stats()
    stats["sites"] = {"big.com": {"pages": 100, "kept": 90, "lines": 10000, "dropped": 5000, "template": 2000},
                      "small.com": {"pages": 20, "kept": 20, "lines": 500, "dropped": 400, "template": 300}}
    section = render(stats).split("<h2>Per-site templates</h2>")[1].split("</section>")[0]
    assert re.findall(r'text-anchor="end">([^<]+)</text>', section) == ["small.com", "big.com"]  # 60% > 20%


def test_histogram_ticks_are_round_numbers():
    for top in (1, 3, 7, 30, 117, 999, 4321, 250_000):
        ticks = nice_ticks(top)
        assert ticks and ticks == sorted(set(ticks)) and max(ticks) <= top
        for t in ticks:
            assert re.fullmatch(r"[125]0*", str(t)), (top, ticks)
    svg = histogram(CHAR_EDGES, [("in", [0, 0, 0, 0, 10, 100, 400, 300, 150, 40, 0, 0, 0, 0, 0], "c-blue")])
    y_ticks = re.findall(r'text-anchor="end">([\d,]+)</text>', svg)
    assert y_ticks and all(re.fullmatch(r"[125]0*", t.replace(",", "")) for t in y_ticks)
    x_ticks = re.findall(r'text-anchor="middle">([^<]+)</text>', svg)
    assert x_ticks[:7] == ["500", "1k", "2k", "5k", "10k", "20k", "50k"]  # the boundaries of the bins drawn


def test_a_run_with_errors_shows_a_warning_and_lists_them():
    errors = [{"path": "in/a.jsonl.gz", "offset": 1234, "message": "read-error: gzip stream is truncated"}]
    html = render(sample_stats(), errors=errors)
    badge = re.search(r'<span class="badge ([^"]+)">([^<]+)</span>', html)
    assert badge.group(1) == "warning" and "error" in badge.group(2) and "complete" in badge.group(2)
    section = html.split("<h2>Errors</h2>")[1].split("</section>")[0]
    assert "in/a.jsonl.gz" in section and "1,234" in section and "gzip stream is truncated" in section
    clean = sample_stats()
    clean["pages"]["errored"], clean["errors"] = 0, {}
    html = render(clean)
    assert '<span class="badge complete">complete</span>' in html and "<h2>Errors</h2>" not in html


def test_wall_time_shows_learning_and_worker_cpu_is_explained():
    stats = sample_stats()
    stats["run"]["learn_seconds"] = 3.5
    html = render(stats)
    thru = html.split("<h2>Throughput</h2>")[1].split("</section>")[0]
    assert "learning 3.5s" in thru
    assert "Worker CPU is the processor time the workers spent" in thru
