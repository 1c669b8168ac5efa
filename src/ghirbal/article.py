"""Article fields assembled from the classified lines: byline, dateline, dates, captions, related."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ghirbal.features import LineFeatures
from ghirbal.lines import Layout
from ghirbal.model import Article, Line, Related
from ghirbal.normalize import match_key

from ghirbal.byline import parse_byline
from ghirbal.dates import parse_date

# How many lines before the story block (after the title) may hold the byline, date and caption.
HEAD_ZONE = 14


def _head_zone(lines: list[Line], layout: Layout) -> range:
    if not layout.block:
        return range(0)
    start = layout.block[0]
    lo = max(0, start - HEAD_ZONE)
    if layout.title is not None and lo <= layout.title < start:
        lo = layout.title + 1
    return range(lo, start)


def _date_of(text: str, crawl_date: datetime | None, lang: str) -> tuple[str, str] | None:
    d = parse_date(text, ref=crawl_date, lang=lang)
    if d is None:
        return None
    return d.iso, d.precision


def assemble(
    lines: list[Line],
    feats: list[LineFeatures],
    layout: Layout,
    language: str,
    cfg: dict[str, Any],
    crawl_date: datetime | None = None,
) -> Article:
    art = Article(language=language, lines=lines, site_name=layout.site_name)
    if layout.title is not None:
        art.title = lines[layout.title].text
    site_key = match_key(layout.site_name) if layout.site_name else ""

    zone = list(_head_zone(lines, layout))
    # The first story line may itself be a byline ("موسكو - حسن عمارة" directly above the text).
    if layout.block:
        zone.append(layout.block[0])
    byline_at = None
    for i in zone:
        ln, f = lines[i], feats[i]
        if not f.key or ln.role in ("title",):
            continue
        if byline_at is None and f.words <= 12:
            b = parse_byline(ln.text, site_name=layout.site_name, lang=language)
            if b is not None:
                ln.keep("byline")
                art.author, art.dateline, art.agency = b.author, b.dateline, b.agency
                byline_at = i
                continue
        if art.published is None and i in layout.stamps and ln.role != "body":
            got = _date_of(ln.text, crawl_date, language)
            if got:
                ln.keep("date")
                art.published, art.published_precision = got
                continue
    # Captions: a short line right above the byline or the story that nothing else explains.
    anchor = byline_at if byline_at is not None else (layout.block[0] if layout.block else None)
    if anchor is not None:
        j = anchor - 1
        while j >= 0 and not feats[j].key:
            j -= 1
        if j >= 0 and j != layout.title and not lines[j].kept:
            f = feats[j]
            if (
                cfg["caption_min_words"] <= f.words <= cfg["caption_max_words"]
                and not f.cue and not f.linky and j not in layout.stamps
                and (language not in ("ar", "fa", "ur") or f.has_arabic)
                and not (site_key and site_key in f.key)
                and lines[j].reason in ("headline-list", "menu")
            ):
                lines[j].keep("caption")
                art.captions.append(lines[j].text)

    art.body = [ln.text for ln in lines if ln.role == "body"]
    for h, k in layout.related:
        date = _date_of(lines[k].text, crawl_date, language) if k is not None else None
        art.related.append(Related(lines[h].text, date[0] if date else None))
    if not art.body:
        art.empty_reason = "no-story-block"
    return art
