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
               classes: list[str] | None = None, full: float | None = None) -> str:
    """Horizontal bars, one per (label, value), in the order given; share of `total` next to each.

    A bar that shows a share is drawn against the whole: against `total` when given (a full bar is
    100% of it), against `full` for values that are shares themselves (`full=1.0`); only plain
    counts are drawn against the largest. `note` adds a per-label remark to the tooltip; `classes`
    colors bars one by one (default: all `cls`)."""
    if not items:
        return '<p class="empty">nothing to show</p>'
    row, gap, pad = 22, 6, 4
    top = full or total or max(v for _, v in items) or 1
    longest = max(len((value_fmt(v) if value_fmt else _n(v)) + (f" · {_pct(v, total)}" if total else "")) for _, v in items)
    value_w = max(130, 7 * longest + 16)  # the value and its share must not run off the chart
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
    for v in nice_ticks(top):
        y = top_pad + plot_h - scale(v)
        parts.append(f'<line class="grid" x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_n(v)}</text>')
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
    # x ticks at the bin boundaries (a bin is [edge, next edge)), so each label sits where its length is.
    bounds = [edges[i] for i in idx] + ([edges[hi + 1]] if hi + 1 < bins else [])
    for k, edge in enumerate(bounds):
        x = left + k * slot
        parts.append(f'<line class="axis" x1="{x:.1f}" x2="{x:.1f}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h + 4}"/>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle">{_chars(edge)}</text>')
    parts.append(f'<line class="axis" x1="{left}" x2="{width - 10}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}"/>')
    parts.append(f'<text class="tick" x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">characters per page</text>')
    parts.append("</svg>")
    legend = "".join(f'<span class="key"><i class="{cls}"></i>{_e(name)}</span>' for name, _, cls in series)
    return f'<div class="legend">{legend}</div>' + "".join(parts)


def nice_ticks(top: float) -> list[int]:
    """Round tick values (1, 2, 5 × 10^k) up to `top`, at most four, spread on the square-root scale."""
    if top < 1:
        return []
    steps = [m * 10**e for e in range(int(math.log10(top)) + 1) for m in (1, 2, 5) if m * 10**e <= top]
    ticks = [steps[-1]]
    for v in reversed(steps[:-1]):  # keep a tick when it sits far enough (sqrt scale) below the last one
        if len(ticks) == 4:
            break
        if math.sqrt(v / top) <= math.sqrt(ticks[-1] / top) - 0.18:
            ticks.append(v)
    return sorted(ticks)


# --- the page ----------------------------------------------------------------------------------


def _sorted(d: dict[str, float], limit: int | None = None) -> list[tuple[str, float]]:
    items = sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))
    return items[:limit] if limit else items


def _card(label: str, value: str, sub: str = "", cls: str = "") -> str:
    # A long number gets a smaller font and breaks only at its thousands separators.
    size = " long" if len(value) > 9 else ""
    shown = _e(value).replace(",", ",<wbr>")
    return (f'<div class="card {cls}"><div class="k">{_e(label)}</div><div class="v{size}">{shown}</div>'
            f'<div class="s">{_e(sub)}</div></div>')


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _errors_section(errors: list[dict[str, Any]], errored: int, limit: int = 50) -> str:
    """The run's errors (file, offset, message), from the ledger: what broke, where."""
    if not errored:
        return ""
    rows = [[e.get("path", ""), _n(e.get("offset", 0)), e.get("message", "")] for e in errors[:limit]]
    more = f" The first {limit} are listed; all are in ledger.json." if len(errors) > limit else ""
    table = _table(["file", "offset", "message"], rows) if rows else '<p class="empty">see ledger.json</p>'
    return (f'<section class="errors"><h2>Errors</h2><p class="muted">{_n(errored)} page(s) could not be read or '
            f'cleaned; what was readable was kept, and each error is recorded here and in ledger.json.{more}</p>'
            f"{table}</section>")


def render(stats: dict[str, Any], *, top_sites: int = 25, min_site_pages: int = 2,
           errors: list[dict[str, Any]] | None = None) -> str:
    """The report page. `errors`: the ledger's errors, each with its file (`path`), `offset` and `message`."""
    run = stats.get("run", {})
    pages = stats.get("pages", {})
    read, kept = pages.get("read", 0), pages.get("written", 0)
    rejected, errored = pages.get("rejected", 0), pages.get("errored", 0)
    rejects = stats.get("rejects", {})
    errors_by_kind = stats.get("errors", {})
    dropped = stats.get("lines_dropped", {})
    kept_roles = stats.get("lines_kept", {})
    n_dropped, n_kept = sum(dropped.values()), sum(kept_roles.values())
    totals = stats.get("totals", {})

    status = "complete" if run.get("complete", True) else ("interrupted" if run.get("interrupted") else "incomplete")
    status_cls = status
    if status == "complete" and errored:
        status, status_cls = f"complete, {_n(errored)} error{'s' * (errored != 1)}", "warning"
    cards = [
        _card("pages in", _n(read), f"{run.get('inputs', '–')} input files · {_mb(run.get('input_bytes'))}"),
        _card("kept", _n(kept), _pct(kept, read) + " of pages", "ok"),
        _card("rejected", _n(rejected), _pct(rejected, read) + " of pages", "warn"),
        _card("errored", _n(errored), "listed below, and in ledger.json" if errored else "none", "bad" if errored else ""),
        _card("lines dropped", _pct(n_dropped, n_dropped + n_kept), f"{_n(n_dropped)} of {_n(n_dropped + n_kept)} lines"),
        _card("body characters", _n(totals.get("chars_out", 0)), f"{_pct(totals.get('chars_out', 0), totals.get('chars_in', 0))} of page characters"),
    ]

    funnel_segments = [("kept", kept, "c-kept")]
    for i, (reason, n) in enumerate(_sorted(rejects)):
        funnel_segments.append((f"rejected: {reason}", n, f"c-rej{i % 4}"))
    for reason, n in _sorted(errors_by_kind):
        funnel_segments.append((f"errored: {reason}", n, "c-err"))
    outcomes = sorted([("kept", kept, "c-kept")] + [(f"rejected · {r}", n, "c-rej0") for r, n in rejects.items()]
                      + [(f"errored · {r}", n, "c-err") for r, n in errors_by_kind.items()], key=lambda t: (-t[1], t[0]))
    outcome_items = [(label, n) for label, n, _ in outcomes]
    outcome_classes = [cls for _, _, cls in outcomes]

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
    steps_s = sum(v for k, v in totals.items() if k.startswith("step_seconds:"))  # CPU seconds
    learn_s = run.get("learn_seconds") or 0
    thru = [
        _card("pages / s", _n(run.get("pages_per_second") or 0), f"{_n(run.get('pages_this_session', 0))} pages this session"),
        _card("MB / s", f"{run['mb_per_second']:.2f}" if run.get("mb_per_second") else "–", "input bytes on disk, wall clock"),
        _card("wall time", _duration(wall), f"{run.get('workers', '–')} worker(s)"
              + (f"; learning {_duration(learn_s)}" if learn_s else "")),
        _card("worker CPU", _duration(cpu), (f"{_pct(min(clean_s, cpu), cpu)} of it in clean()"
                                             + (f", {_pct(min(steps_s, cpu), cpu)} in the record steps" if steps_s else "")) if cpu else ""),
    ]
    thru_note = ("Wall time is the whole run, the learning pass of site templates included. Worker CPU is the "
                 "processor time the workers spent on their units (reading records, cleaning pages, writing shards), "
                 "added up over all workers: near wall time × workers when the workers were kept busy; the share "
                 "in clean() is the extraction itself.")
    pruned = totals.get("sites_pruned")

    body = f"""
<header>
  <div><h1>ghirbal <span class="ar">غربال</span> · run report</h1>
  <p class="muted">{_e(run.get('started', ''))} · ghirbal {_e(run.get('version', ''))} · output {_e(run.get('output_format', 'jsonl'))}
  {' · resumed' if run.get('resumed') else ''}</p></div>
  <span class="badge {status_cls}">{_e(status)}</span>
</header>
<section class="cards">{''.join(cards)}</section>
{_errors_section(errors or [], errored)}

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
{hbar_chart([(s, share) for s, share, _ in site_rows], cls="c-rej2", value_fmt=lambda v: f"{100 * v:.1f}% dropped", note=site_note, label_w=220, width=900, full=1.0)}
{_table(["site", "pages", "kept", "lines", "dropped", "share dropped"], [[s, _n(r['pages']), _n(r['kept']), _n(r['lines']), _n(r['dropped']), f"{100 * share:.1f}%"] for s, share, r in site_rows]) if site_rows else ''}
</section>

{_template_section(stats, top_sites)}
{_dedup_section(stats)}
{_corpus_steps_section(stats)}
{_pii_section(stats)}
<section><h2>Length before and after</h2>
<p class="muted">Characters per page going in (pages that reached the extractor) and body characters coming out (kept pages). Square-root scale.</p>
{histogram(hist.get('edges', []), [("page chars in", hist.get('chars_in', []), "c-blue"), ("body chars out", hist.get('chars_out', []), "c-kept")]) if hist.get('edges') else ''}
</section>

<section><h2>Throughput</h2><div class="cards">{''.join(thru)}</div><p class="muted note">{thru_note}</p>
{_nodes_table(run.get("nodes") or [])}</section>
<footer class="muted">Numbers from stats.json; per-file counts and error offsets in ledger.json. Check the shards against the ledger with <code>ghirbal verify</code>.</footer>
"""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ghirbal run report</title><style>{_CSS}</style></head>
<body><main>{body}</main></body></html>
"""


def _corpus_steps_section(stats: dict[str, Any]) -> str:
    """Document quality (the funnel, signal by signal), languages with confidence histograms, dialect
    shares: from the counters of the `quality` and `langid` record steps."""
    q = stats.get("steps", {}).get("quality", {})
    lid = stats.get("steps", {}).get("langid", {})
    if not q and not lid:
        return ""
    out = []
    if q:
        judged = q.get("passed", 0) + q.get("rejected", 0)
        first = sorted(((k[6:], v) for k, v in q.items() if k.startswith("first:")), key=lambda kv: -kv[1])
        every = sorted(((k[5:], v) for k, v in q.items() if k.startswith("fail:")), key=lambda kv: -kv[1])
        failing = q.get("rejected", 0) + q.get("tagged-failing", 0)
        out.append(f"""<section><h2>Document quality</h2>
<p class="muted">{_n(judged)} articles judged: {_n(failing)} failed ({'rejected as <code>low-quality</code>' if q.get('rejected') else 'tagged only'}).
Left: the funnel, each failing article counted once, at the first signal it fails (in the threshold table's order). Right: every signal each failing article fails.</p>
<div class="two"><div><h3>First failed signal</h3>{hbar_chart(first[:20], cls="c-rej0", total=judged, width=440, label_w=170)}</div>
<div><h3>All failed signals</h3>{hbar_chart(every[:20], cls="c-rej1", total=judged, width=440, label_w=170)}</div></div></section>""")
    if lid:
        langs = sorted(((k[5:], v) for k, v in lid.items() if k.startswith("lang:")), key=lambda kv: -kv[1])
        total = sum(v for _, v in langs)
        hists = []
        for lang, _ in langs[:6]:
            bins = [(f"{b / 10:.1f}–{(b + 1) / 10:.1f}", lid.get(f"conf:{lang}:{b}", 0)) for b in range(10)]
            hists.append(f"<div><h3>{_e(lang)}: confidence</h3>{hbar_chart(bins, cls='c-blue', width=440, label_w=80)}</div>")
        dialects = sorted(((k[8:], v) for k, v in lid.items() if k.startswith("dialect:")), key=lambda kv: -kv[1])
        out.append(f"""<section><h2>Languages and dialects (record step)</h2>
<p class="muted">ISO codes from <code>ghirbal.langid</code> ({_n(lid.get('mixed-pages', 0))} pages mix languages); dialect of the Arabic ones.</p>
<div class="two"><div><h3>Languages</h3>{hbar_chart(langs[:15], cls="c-blue", total=total, width=440, label_w=90)}</div>
<div><h3>Arabic dialects</h3>{hbar_chart(dialects, cls="c-kept", total=sum(v for _, v in dialects), width=440, label_w=90)}</div></div>
<div class="two">{''.join(hists)}</div></section>""")
    return "\n".join(out)


def _nodes_table(nodes: list[dict[str, Any]]) -> str:
    """Per node (machine) of the run: its units, pages and pages per second of its span."""
    if not nodes:
        return ""
    rows = [[n["node"], _n(n["workers"]), _n(n["units"]), _n(n["pages"]), _duration(n["span_seconds"]),
             _duration(n["busy_seconds"]), _n(n["pages_per_second"] or 0)]
            for n in sorted(nodes, key=lambda n: (-n["pages"], n["node"]))]
    return ("<h3>Per node</h3><p class=\"muted\">Where the units ran (host name; on Ray also the node id): pages per "
            "second from the node's first unit's start to its last unit's end; busy is the units' wall time added "
            "up over the node's worker processes.</p>"
            + _table(["node", "workers", "units", "pages", "span", "busy", "pages / s"], rows))


def _template_section(stats: dict[str, Any], top_sites: int) -> str:
    """Per-site learning at work: how many of each site's lines its learned templates removed."""
    rows = [(site, s) for site, s in stats.get("sites", {}).items() if s.get("template")]
    if not rows:
        return ""
    rows.sort(key=lambda r: (-r[1]["template"] / r[1]["lines"], -r[1]["template"], r[0]))  # what the bar shows
    rows = rows[:top_sites]
    chart = hbar_chart([(site, s["template"] / s["lines"]) for site, s in rows], cls="c-rej3",
                       value_fmt=lambda v: f"{100 * v:.1f}% of lines", label_w=220, width=900, full=1.0)
    table = _table(["site", "pages", "lines", "dropped as site-template", "share of lines"],
                   [[site, _n(s["pages"]), _n(s["lines"]), _n(s["template"]), _pct(s["template"], s["lines"])] for site, s in rows])
    return (f"<section><h2>Per-site templates</h2><p class=\"muted\">Lines that a site shows on many of its pages, "
            f"learned over the whole run and dropped as <code>site-template</code> (see <code>ghirbal sites show SITE "
            f"--model DIR/sites</code>).</p>{chart}{table}</section>")


def _dedup_section(stats: dict[str, Any]) -> str:
    """Corpus dedup (ghirbal.dedup): the duplicate rate, cluster sizes, and the sites that share stories most."""
    d = stats.get("dedup")
    if not d:
        return ""
    dropped = d.get("dropped", {})
    n = sum(dropped.values())
    cards = "".join([
        _card("articles compared", _n(d.get("articles", 0)), f"mode {d.get('mode')}, threshold {d.get('threshold')}"),
        _card("duplicates dropped", _n(n), f"{100 * d.get('duplicate_rate', 0):.1f}% of articles", "warn"),
        _card("clusters", _n(d.get("clusters", 0)), "groups of copies, one kept from each"),
        _card("exact / near", f"{_n(dropped.get('exact-duplicate', 0))} / {_n(dropped.get('near-duplicate', 0))}", "dropped as exact- / near-duplicate"),
    ])
    sizes = [(f"{k} copies", v) for k, v in d.get("cluster_sizes", {}).items()]
    chart = hbar_chart(sizes, cls="c-blue", total=d.get("clusters", 0), width=440, label_w=110)
    sites = d.get("sites", [])
    table = _table(["site", "articles in clusters shared with other sites", "kept", "dropped"],
                   [[r["site"], _n(r["in_shared_clusters"]), _n(r["kept"]), _n(r["dropped"])] for r in sites]) if sites else ""
    largest = _table(["kept article", "copies", "sites"], [[r["kept"], _n(r["size"]), _n(r["sites"])] for r in d.get("largest", [])])
    return (f"<section><h2>Duplicates</h2><p class=\"muted\">Articles whose bodies are the same story (MinHash over "
            f"{d.get('shingle')}-word shingles of the folded body, verified pairs joined into clusters); one article is kept "
            f"per cluster: the earliest published, then the longest, then the smallest id.</p><div class=\"cards\">{cards}</div>"
            f"<div class=\"two\"><div><h3>Cluster sizes</h3>{chart}</div><div><h3>Largest clusters</h3>{largest}</div></div>"
            f"<h3>Sites that share stories most</h3>{table}{_repeated_paragraphs(d.get('paragraphs'))}</section>")


def _repeated_paragraphs(par: dict[str, Any] | None) -> str:
    if not par:
        return ""
    rows = [[_short(r.get("text") or "", 110), _n(r["sites"]), _n(r["articles"])] for r in par.get("top", [])]
    return (f"<h3>Most repeated paragraphs</h3><p class=\"muted\">{_n(par.get('repeated', 0))} paragraphs recur on at least "
            f"{par.get('min_sites')} sites; {_n(par.get('dropped', 0))} occurrences were dropped from bodies as "
            f"<code>corpus-repeat</code>.</p>" + (_table(["paragraph", "sites", "articles"], rows) if rows else ""))


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


def ledger_errors(ledger: dict[str, Any]) -> list[dict[str, Any]]:
    """The ledger's errors as the report lists them: file, offset, message."""
    return [dict(e, path=f["path"]) for f in ledger.get("files", []) for e in f.get("errors", [])]


def write_report(folder: str, **options: Any) -> str:
    """Re-render `folder/report.html` from `folder/stats.json` (and the errors of its ledger.json)."""
    with open(os.path.join(folder, "stats.json"), encoding="utf-8") as fh:
        stats = json.load(fh)
    ledger_path = os.path.join(folder, "ledger.json")
    if "errors" not in options and os.path.exists(ledger_path):
        with open(ledger_path, encoding="utf-8") as fh:
            options["errors"] = ledger_errors(json.load(fh))
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
main{max-width:1120px;margin:0 auto;padding:28px 20px 60px}
header{display:flex;justify-content:space-between;align-items:flex-start;gap:16px;margin-bottom:18px}
h1{font-size:26px;margin:0}h1 .ar{color:var(--kept);font-weight:600}h2{font-size:18px;margin:0 0 6px}h3{font-size:14px;margin:8px 0;color:var(--muted);font-weight:600}
section{background:var(--panel);border:1px solid var(--line);border-radius:12px;padding:18px 20px;margin:14px 0;overflow-x:auto}
section.cards,.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(155px,1fr));gap:10px;background:none;border:0;padding:0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:12px;padding:12px 14px;border-top:4px solid var(--blue);min-width:0}
.card.ok{border-top-color:var(--kept)}.card.warn{border-top-color:var(--r0)}.card.bad{border-top-color:var(--err)}
.card .k{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);overflow-wrap:anywhere}
.card .v{font-size:22px;font-weight:700;line-height:1.25;overflow-wrap:anywhere}.card .v.long{font-size:18px}.card .s{font-size:12px;color:var(--muted);overflow-wrap:anywhere}
.note{font-size:13px;margin:10px 0 0}
.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:14px}.two>section{margin:0}
@media (max-width:600px){main{padding:16px 10px 40px}section{padding:14px 12px}header{flex-direction:column}
section.cards,.cards{grid-template-columns:repeat(2,minmax(0,1fr))}.card .v{font-size:19px}h1{font-size:21px}}
.muted{color:var(--muted)}.empty{color:var(--muted);font-style:italic}code{font-size:13px}
.badge{padding:4px 12px;border-radius:999px;font-weight:600;font-size:13px;color:#fff;background:var(--kept)}
.badge.interrupted,.badge.incomplete{background:var(--err)}.badge.warning{background:var(--r1)}
section.errors{border-color:var(--err)}section.errors td:nth-child(2){white-space:nowrap}section.errors td,section.errors th{text-align:left;overflow-wrap:anywhere}
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
