"""The run report: stats.json in, one static HTML page out (inline SVG and CSS, no scripts, no network).

Independent of the executor: `render(stats)` takes the dict that `ghirbal run` writes to stats.json,
`write_report(folder)` re-renders a run folder's report.html from its stats.json.
"""

from __future__ import annotations

import html
import json
import math
import os
from typing import Any

# --- formatting --------------------------------------------------------------------------------


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _n(value: float | int) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _short(label: str, width: int = 30) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _chars(n: int) -> str:
    if n >= 1_000_000:
        return f"{n // 1_000_000}M"
    if n >= 1000:
        return f"{n // 1000}k"
    return str(n)


def _duration(seconds: float | None) -> str:
    if not seconds:
        return "–"
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h {m:02d}m" if h else (f"{m}m {s:02d}s" if m else f"{seconds:.1f}s")


# --- SVG charts --------------------------------------------------------------------------------
# Colors are CSS classes (see _CSS) so the page's light/dark theme applies to the charts too.


def hbar_chart(items: list[tuple[str, float]], *, cls: str = "c-blue", total: float | None = None, value_fmt=None,
               note: dict[str, str] | None = None, width: int = 640, label_w: int = 190,
               classes: list[str] | None = None) -> str:
    """Horizontal bars, one per (label, value), in the order given; share of `total` next to each.

    `note` adds a per-label remark to the tooltip; `classes` colors bars one by one (default: all `cls`)."""
    if not items:
        return '<p class="empty">nothing to show</p>'
    row, gap, pad = 22, 6, 4
    top = max(v for _, v in items) or 1
    value_w = 130
    bar_w = width - label_w - value_w
    h = len(items) * (row + gap) + pad
    parts = [f'<svg class="chart" viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img">']
    for i, (label, value) in enumerate(items):
        y = pad + i * (row + gap)
        w = max(bar_w * value / top, 1.5 if value else 0)
        shown = value_fmt(value) if value_fmt else _n(value)
        share = f" · {_pct(value, total)}" if total else ""
        extra = f" {note[label]}" if note and label in note else ""
        bar_cls = classes[i] if classes else cls
        parts.append(
            f'<g><title>{_e(label)}: {_e(shown)}{_e(share)}{_e(extra)}</title>'
            f'<text class="lbl" x="{label_w - 8}" y="{y + row * 0.7:.1f}" text-anchor="end">{_e(_short(label))}</text>'
            f'<rect class="track" x="{label_w}" y="{y}" width="{bar_w}" height="{row}" rx="4"/>'
            f'<rect class="{bar_cls}" x="{label_w}" y="{y}" width="{w:.1f}" height="{row}" rx="4"/>'
            f'<text class="val" x="{label_w + bar_w + 8}" y="{y + row * 0.7:.1f}">{_e(shown)}'
            f'<tspan class="muted">{_e(share)}</tspan></text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar(segments: list[tuple[str, float, str]], *, width: int = 900, height: int = 46) -> str:
    """One bar split into (label, value, css class) segments: the funnel's bottom line."""
    total = sum(v for _, v, _ in segments)
    if not total:
        return '<p class="empty">no pages</p>'
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    x = 0.0
    for label, value, cls in segments:
        if not value:
            continue
        w = width * value / total
        parts.append(
            f'<g><title>{_e(label)}: {_n(value)} ({_pct(value, total)})</title>'
            f'<rect class="{cls}" x="{x:.2f}" y="0" width="{max(w, 1):.2f}" height="{height}"/>'
        )
        if w > 70:
            parts.append(f'<text class="in" x="{x + 8:.1f}" y="{height / 2 + 5:.1f}">{_e(_short(label, int(w / 8)))}</text>')
        parts.append("</g>")
        x += w
    parts.append("</svg>")
    return "".join(parts)


def histogram(edges: list[int], series: list[tuple[str, list[int], str]], *, width: int = 900, height: int = 280) -> str:
    """Grouped columns per length bin (1-2-5 steps), one color per series; counts on a sqrt scale."""
    bins = len(edges)
    used = [i for i in range(bins) if any(s[1][i] for s in series)]
    if not used:
        return '<p class="empty">no pages</p>'
    lo, hi = used[0], used[-1]
    idx = list(range(lo, hi + 1))
    left, bottom, top_pad = 56, 44, 14
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    top = max(max(s[1][i] for i in idx) for s in series) or 1
    scale = lambda v: plot_h * math.sqrt(v / top)  # sqrt: small bins stay visible next to a big one
    slot = plot_w / len(idx)
    bar = slot * 0.8 / len(series)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for frac in (0.25, 0.5, 1.0):
        v = top * frac * frac
        y = top_pad + plot_h - scale(v)
        parts.append(f'<line class="grid" x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_n(round(v))}</text>')
    for k, i in enumerate(idx):
        x0 = left + k * slot + slot * 0.1
        for j, (name, counts, cls) in enumerate(series):
            v = counts[i]
            h = scale(v) if v else 0
            lo_e = edges[i]
            hi_e = edges[i + 1] if i + 1 < bins else None
            rng = f"{_chars(lo_e)}–{_chars(hi_e)}" if hi_e is not None else f"≥ {_chars(lo_e)}"
            parts.append(
                f'<g><title>{_e(name)}, {rng} chars: {_n(v)}</title>'
                f'<rect class="{cls}" x="{x0 + j * bar:.1f}" y="{top_pad + plot_h - h:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" rx="2"/></g>'
            )
        label = "0" if edges[i] == 0 else _chars(edges[i])
        parts.append(f'<text class="tick" x="{left + k * slot + slot / 2:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle">{label}</text>')
    parts.append(f'<line class="axis" x1="{left}" x2="{width - 10}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}"/>')
    parts.append(f'<text class="tick" x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">characters (bin lower edge)</text>')
    parts.append("</svg>")
    legend = "".join(f'<span class="key"><i class="{cls}"></i>{_e(name)}</span>' for name, _, cls in series)
    return f'<div class="legend">{legend}</div>' + "".join(parts)


# --- the page ----------------------------------------------------------------------------------


def _sorted(d: dict[str, float], limit: int | None = None) -> list[tuple[str, float]]:
    items = sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))
    return items[:limit] if limit else items


def _card(label: str, value: str, sub: str = "", cls: str = "") -> str:
    return f'<div class="card {cls}"><div class="k">{_e(label)}</div><div class="v">{_e(value)}</div><div class="s">{_e(sub)}</div></div>'


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def render(stats: dict[str, Any], *, top_sites: int = 25, min_site_pages: int = 2) -> str:
    run = stats.get("run", {})
    pages = stats.get("pages", {})
    read, kept = pages.get("read", 0), pages.get("written", 0)
    rejected, errored = pages.get("rejected", 0), pages.get("errored", 0)
    rejects = stats.get("rejects", {})
    errors = stats.get("errors", {})
    dropped = stats.get("lines_dropped", {})
    kept_roles = stats.get("lines_kept", {})
    n_dropped, n_kept = sum(dropped.values()), sum(kept_roles.values())
    totals = stats.get("totals", {})

    status = "complete" if run.get("complete", True) else ("interrupted" if run.get("interrupted") else "incomplete")
    cards = [
        _card("pages in", _n(read), f"{run.get('inputs', '–')} input files · {_mb(run.get('input_bytes'))}"),
        _card("kept", _n(kept), _pct(kept, read) + " of pages", "ok"),
        _card("rejected", _n(rejected), _pct(rejected, read) + " of pages", "warn"),
        _card("errored", _n(errored), "see ledger.json" if errored else "none", "bad" if errored else ""),
        _card("lines dropped", _pct(n_dropped, n_dropped + n_kept), f"{_n(n_dropped)} of {_n(n_dropped + n_kept)} lines"),
        _card("body characters", _n(totals.get("chars_out", 0)), f"{_pct(totals.get('chars_out', 0), totals.get('chars_in', 0))} of page characters"),
    ]

    funnel_segments = [("kept", kept, "c-kept")]
    for i, (reason, n) in enumerate(_sorted(rejects)):
        funnel_segments.append((f"rejected: {reason}", n, f"c-rej{i % 4}"))
    for reason, n in _sorted(errors):
        funnel_segments.append((f"errored: {reason}", n, "c-err"))
    outcome_items = [("kept", kept)] + [(f"rejected · {r}", n) for r, n in _sorted(rejects)] + [(f"errored · {r}", n) for r, n in _sorted(errors)]
    outcome_classes = ["c-kept"] + ["c-rej0"] * len(rejects) + ["c-err"] * len(errors)

    empty = stats.get("empty_reasons", {})
    langs = stats.get("languages", {})

    site_rows = []
    for site, s in stats.get("sites", {}).items():
        if s.get("pages", 0) >= min_site_pages and s.get("lines"):
            site_rows.append((site, s["dropped"] / s["lines"], s))
    site_rows.sort(key=lambda r: (-r[1], -r[2]["lines"], r[0]))
    site_rows = site_rows[:top_sites]
    site_note = {site: f"({_n(s['pages'])} pages, {_n(s['kept'])} kept)" for site, _, s in site_rows}

    hist = stats.get("hist", {})
    wall = run.get("wall_seconds")
    cpu = run.get("cpu_seconds") or 0
    clean_s = totals.get("clean_seconds", 0)
    thru = [
        _card("pages / s", _n(run.get("pages_per_second") or 0), f"{_n(run.get('pages_this_session', 0))} pages this session"),
        _card("MB / s", f"{run['mb_per_second']:.2f}" if run.get("mb_per_second") else "–", "input bytes on disk, wall clock"),
        _card("wall time", _duration(wall), f"{run.get('workers', '–')} worker(s)"),
        _card("worker CPU", _duration(cpu), f"{_pct(clean_s, cpu)} in clean()" if cpu else ""),
    ]
    pruned = totals.get("sites_pruned")

    body = f"""
<header>
  <div><h1>ghirbal <span class="ar">غربال</span> · run report</h1>
  <p class="muted">{_e(run.get('started', ''))} · ghirbal {_e(run.get('version', ''))} · output {_e(run.get('output_format', 'jsonl'))}
  {' · resumed' if run.get('resumed') else ''}</p></div>
  <span class="badge {status}">{status}</span>
</header>
<section class="cards">{''.join(cards)}</section>

<section><h2>Funnel</h2>
<p class="muted">Every page read ends as kept, rejected (with a reason) or errored: read {_n(read)} = kept {_n(kept)} + rejected {_n(rejected)} + errored {_n(errored)}.</p>
{stacked_bar(funnel_segments)}
{hbar_chart(outcome_items, total=read, classes=outcome_classes, width=900, label_w=260)}
</section>

<div class="two">
<section><h2>Why pages had no article</h2><p class="muted">The extractor's <code>empty_reason</code> of pages rejected as <code>no-article</code>.</p>
{hbar_chart(_sorted(empty, 15), cls="c-rej0", total=sum(empty.values()), width=440, label_w=150)}</section>
<section><h2>Languages</h2><p class="muted">Detected language of kept pages.</p>
{hbar_chart(_sorted(langs, 15), cls="c-blue", total=kept, width=440, label_w=90)}</section>
</div>

<section><h2>Line verdicts</h2>
<div class="two">
<div><h3>Dropped lines by reason</h3>{hbar_chart(_sorted(dropped, 24), cls="c-rej1", total=n_dropped, width=440, label_w=130)}</div>
<div><h3>Kept lines by role</h3>{hbar_chart(_sorted(kept_roles), cls="c-kept", total=n_kept, width=440, label_w=90)}</div>
</div></section>

<section><h2>Sites by share of lines dropped</h2>
<p class="muted">Registered domain (public suffix list snapshot); sites with at least {min_site_pages} pages{f'; {_n(pruned)} rarely seen sites were not tracked' if pruned else ''}.</p>
{hbar_chart([(s, share) for s, share, _ in site_rows], cls="c-rej2", value_fmt=lambda v: f"{100 * v:.1f}% dropped", note=site_note, label_w=220, width=900)}
{_table(["site", "pages", "kept", "lines", "dropped", "share dropped"], [[s, _n(r['pages']), _n(r['kept']), _n(r['lines']), _n(r['dropped']), f"{100 * share:.1f}%"] for s, share, r in site_rows]) if site_rows else ''}
</section>

{_template_section(stats, top_sites)}
{_pii_section(stats)}
<section><h2>Length before and after</h2>
<p class="muted">Characters per page going in (pages that reached the extractor) and body characters coming out (kept pages). Square-root scale.</p>
{histogram(hist.get('edges', []), [("page chars in", hist.get('chars_in', []), "c-blue"), ("body chars out", hist.get('chars_out', []), "c-kept")]) if hist.get('edges') else ''}
</section>

<section><h2>Throughput</h2><div class="cards">{''.join(thru)}</div></section>
<footer class="muted">Numbers from stats.json; per-file counts and error offsets in ledger.json. Check the shards against the ledger with <code>ghirbal verify</code>.</footer>
"""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ghirbal run report</title><style>{_CSS}</style></head>
<body><main>{body}</main></body></html>
"""


def _template_section(stats: dict[str, Any], top_sites: int) -> str:
    """Per-site learning at work: how many of each site's lines its learned templates removed."""
    rows = [(site, s) for site, s in stats.get("sites", {}).items() if s.get("template")]
    if not rows:
        return ""
    rows.sort(key=lambda r: (-r[1]["template"], r[0]))
    rows = rows[:top_sites]
    chart = hbar_chart([(site, s["template"] / s["lines"]) for site, s in rows], cls="c-rej3",
                       value_fmt=lambda v: f"{100 * v:.1f}% of lines", label_w=220, width=900)
    table = _table(["site", "pages", "lines", "dropped as site-template", "share of lines"],
                   [[site, _n(s["pages"]), _n(s["lines"]), _n(s["template"]), _pct(s["template"], s["lines"])] for site, s in rows])
    return (f"<section><h2>Per-site templates</h2><p class=\"muted\">Lines that a site shows on many of its pages, "
            f"learned over the whole run and dropped as <code>site-template</code> (see <code>ghirbal sites show SITE "
            f"--model DIR/sites</code>).</p>{chart}{table}</section>")


def _pii_section(stats: dict[str, Any]) -> str:
    """The `pii` record step: spans found per kind, and what was done with them (ghirbal.pii)."""
    from ghirbal.pii import KINDS

    counts = stats.get("steps", {}).get("pii")
    if not counts:
        return ""
    kinds = [(k, counts.get(k, 0)) for k in KINDS]
    pages = counts.get("passed", 0)
    done = "redacted" if "redacted" in counts else ("tagged" if "tagged" in counts else "found")
    return (f"<section><h2>Personal data</h2><p class=\"muted\">{_n(counts.get('pages_with_pii', 0))} of {_n(pages)} "
            f"kept pages carried personal data; {_n(sum(v for _, v in kinds))} spans {done} "
            f"(<code>--pii</code>; spans in the fields of <code>pii.fields</code>).</p>"
            f"{hbar_chart(kinds, cls='c-rej2', width=640, label_w=130)}</section>")


def _mb(n: int | None) -> str:
    if not n:
        return "–"
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB"


def write_report(folder: str, **options: Any) -> str:
    """Re-render `folder/report.html` from `folder/stats.json`; returns the report's path."""
    with open(os.path.join(folder, "stats.json"), encoding="utf-8") as fh:
        stats = json.load(fh)
    path = os.path.join(folder, "report.html")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(render(stats, **options))
    os.replace(tmp, path)
    return path


_CSS = """
:root{--bg:#f6f7f9;--panel:#fff;--ink:#1d2430;--muted:#6b7585;--line:#e3e7ee;--track:#eef1f5;
--kept:#2f9e6e;--blue:#3b6fd6;--err:#d64545;--r0:#e0a030;--r1:#d9822b;--r2:#c8643b;--r3:#b8a03a}
@media (prefers-color-scheme:dark){:root{--bg:#12151b;--panel:#1b2029;--ink:#e6e9ef;--muted:#98a2b3;--line:#2a313d;--track:#242a35}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Arabic",sans-serif}
main{max-width:1000px;margin:0 auto;padding:28px 20px 60px}
header{display:flex;justify-content:space-between;align-items:flex-start;gap:16px;margin-bottom:18px}
h1{font-size:26px;margin:0}h1 .ar{color:var(--kept);font-weight:600}h2{font-size:18px;margin:0 0 6px}h3{font-size:14px;margin:8px 0;color:var(--muted);font-weight:600}
section{background:var(--panel);border:1px solid var(--line);border-radius:12px;padding:18px 20px;margin:14px 0;overflow-x:auto}
section.cards,.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px;background:none;border:0;padding:0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:12px;padding:12px 14px;border-top:4px solid var(--blue)}
.card.ok{border-top-color:var(--kept)}.card.warn{border-top-color:var(--r0)}.card.bad{border-top-color:var(--err)}
.card .k{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}.card .v{font-size:24px;font-weight:700}.card .s{font-size:12px;color:var(--muted)}
.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:14px}.two>section{margin:0}
.muted{color:var(--muted)}.empty{color:var(--muted);font-style:italic}code{font-size:13px}
.badge{padding:4px 12px;border-radius:999px;font-weight:600;font-size:13px;color:#fff;background:var(--kept)}
.badge.interrupted,.badge.incomplete{background:var(--err)}
svg.chart{display:block;max-width:100%;height:auto;margin:8px 0}
svg text{font-size:12px;fill:var(--ink);direction:ltr;unicode-bidi:plaintext}svg .muted{fill:var(--muted)}svg text.in{fill:#fff;font-weight:600}
svg .tick{fill:var(--muted);font-size:11px}svg .grid{stroke:var(--line)}svg .axis{stroke:var(--muted)}
.track{fill:var(--track)}.c-kept{fill:var(--kept);background:var(--kept)}.c-blue{fill:var(--blue);background:var(--blue)}.c-err{fill:var(--err);background:var(--err)}
.c-rej0{fill:var(--r0);background:var(--r0)}.c-rej1{fill:var(--r1);background:var(--r1)}.c-rej2{fill:var(--r2);background:var(--r2)}.c-rej3{fill:var(--r3);background:var(--r3)}
.legend{display:flex;gap:16px;font-size:13px;color:var(--muted)}.key i{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:10px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line)}
th{color:var(--muted);font-weight:600}td:not(:first-child),th:not(:first-child){text-align:right}
footer{margin-top:20px;font-size:13px}
"""
