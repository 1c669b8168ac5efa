"""Article fields assembled from the classified lines: byline, dateline, dates, captions, related."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from ghirbal.byline import has_byline_prefix, inline_dateline, parse_byline, prefix_gate
from ghirbal.dates import find_dates, parse_date
from ghirbal.features import LineFeatures
from ghirbal.lexicon import ARABIC_SCRIPT, Lexicon, date_label_glue
from ghirbal.lines import Layout
from ghirbal.linemodel import compiled
from ghirbal.model import Article, Line, Related
from ghirbal.normalize import match_key


def _head_zone(lines: list[Line], layout: Layout, size: int) -> range:
    """The lines between the headline and the story (at most `size`): byline, date, caption."""
    if not layout.block:
        return range(0)
    start = layout.block[0]
    lo = max(0, start - size)
    if layout.title is not None and lo <= layout.title < start:
        lo = layout.title + 1
    return range(lo, start)


def _byline_positions(feats: list[LineFeatures], layout: Layout, zone: list[int]) -> set[int]:
    """Lines where a bare personal name is a byline: the non-blank line right above the story, and the
    non-blank lines right next to the headline and to the article's date line (a date line among the
    last three lines above the story)."""
    if not layout.block:
        return set()
    nonblank = [j for j in zone if feats[j].key and j < layout.block[0]]
    anchors = {j for j in nonblank[-3:] if feats[j].date_share >= 0.5}
    if layout.title is not None:
        anchors.add(layout.title)
    out = set(nonblank[-1:])
    for a in anchors:
        for step in (-1, 1):
            j = a + step
            while 0 <= j < len(feats) and not feats[j].key:
                j += step
            out.add(j)
    return (out & set(nonblank)) - anchors


def _before_date_label(text: str) -> str:
    """The part of a line before a Latin date label glued to it (crawlers drop the separator)."""
    m = date_label_glue().search(text)
    return text[: m.start()].strip() if m else text


_SEGMENT = re.compile(r"\s[|\u2013\u2014\u2022\u00b7]\s")


def _nearest_first(start: int, lo: int, hi: int) -> list[int]:
    """range(lo, hi) nearest `start` first, the line above before the one below at the same distance
    (`sorted(range(lo, hi), key=lambda j: abs(j - start))`, without a key call per line)."""
    order = [start] if lo <= start < hi else []
    for d in range(1, max(start - lo, hi - 1 - start) + 1):
        if lo <= start - d < hi:
            order.append(start - d)
        if lo <= start + d < hi:
            order.append(start + d)
    return order


def _byline_candidates_reference(lines: list[Line], feats: list[LineFeatures], start: int, lo: int,
                                 hi: int, most_words: int) -> list[int]:
    """Lines lo..hi-1 nearest `start` first that may hold an explicit byline: not blank, at most
    `most_words` words, no title, related or caption line, no body line that ends a sentence (`_pages.byline_candidates`
    compiled)."""
    out = []
    for i in _nearest_first(start, lo, hi):
        ln, f = lines[i], feats[i]
        if not f.key or f.words > most_words or ln.role in ("title", "related", "caption") or (ln.role == "body" and f.end_punct):
            continue
        out.append(i)
    return out


def _explicit_byline(
    art: Article, lines: list[Line], feats: list[LineFeatures], layout: Layout, language: str, window: int,
    most_words: int,
) -> int | None:
    """A byline with an explicit prefix ("By", "Written by", "كتب", "بقلم") farther from the story than
    the head zone, or glued to other chrome ("by Jason Rostar | SEO | 8 min Read"): nearest one wins."""
    start = layout.block[0]
    lo, hi = max(0, start - window), min(len(lines), start + window // 5)
    found = (compiled.byline_candidates(lines, feats, start, lo, hi, most_words, prefix_gate()) if compiled.active()
             else _byline_candidates_reference(lines, feats, start, lo, hi, most_words))
    for i in found:
        ln = lines[i]
        if ln.reason == "hidden" or not has_byline_prefix(ln.text):
            continue
        segment = _before_date_label(_SEGMENT.split(ln.text, 1)[0])
        b = parse_byline(segment, site_name=layout.site_name, lang=language)
        if b is not None and b.kind in ("by", "prefix") and b.author:
            ln.keep("byline")
            art.author, art.dateline, art.agency = b.author, b.dateline or art.dateline, b.agency
            return i
    return None


def _date_of(text: str, crawl_date: datetime | None, lang: str) -> tuple[str, str] | None:
    d = parse_date(text, ref=crawl_date, lang=lang)
    if d is None:
        return None
    return d.iso, d.precision


def _mark_date_line(art: Article, ln: Line) -> None:
    """The line gave the article's date: it is a date line (a byline line carrying the date stays a
    byline; a line taken for a caption that opens with the date was the head's date line)."""
    if ln.role == "caption" and ln.text in art.captions:
        art.captions.remove(ln.text)
    if ln.role != "byline":
        ln.keep("date")


def _opens_with_date(text: str, crawl_date: datetime | None, lang: str) -> bool:
    found = find_dates(text, ref=crawl_date, lang=lang)
    return bool(found) and not text[: found[0].start].strip()


def _choose_dates(
    art: Article,
    lines: list[Line],
    feats: list[LineFeatures],
    layout: Layout,
    zone: list[int],
    lex: Lexicon,
    crawl_date: datetime | None,
    language: str,
    cfg: dict[str, Any],
) -> None:
    """The article's own dates: near the byline/title block (a line that is a date right above the
    headline too: blogs print the date first), or labelled ("نشر في", "آخر تحديث") just around the
    story. Never from related lists, clocks (the crawl time), footers or comment blocks."""
    related_lines = {h for h, _ in layout.related} | {k for _, k in layout.related if k is not None}
    latest = ((crawl_date or datetime.now()) + timedelta(days=1)).date().isoformat()
    near = list(zone)
    above: list[int] = []
    if layout.title is not None and layout.block:
        # Not a line the site repeats on its pages (a header's date of the day), nor, below, the crawl day
        above = [j for j in range(layout.title - 1, max(-1, layout.title - 1 - cfg["date_above_title_lines"]), -1)
                 if feats[j].date_share >= cfg["date_above_title_share"] and lines[j].reason != "site-template"]
        near += above
    crawl_day = crawl_date.date().isoformat() if crawl_date else None
    if layout.block:  # a few lines after the story: "نشر بتاريخ ..." footers of the article itself
        near += range(layout.block[1] + 1, min(len(lines), layout.block[1] + 6))
    for i in near:
        f, ln = feats[i], lines[i]
        if not f.date_share or i in related_lines or ln.role in ("title", "body", "related"):
            continue
        if ln.role == "caption" and not _opens_with_date(ln.text, crawl_date, language):
            continue  # a photo's caption; but "03/01/2017 by Agatha Caleo, ..." is the head's date line
        if ln.reason in ("clock", "copyright", "comments", "form", "terms"):
            continue
        after_story = layout.block is not None and i > layout.block[1]
        for d in find_dates(ln.text, ref=crawl_date, lang=language):
            if d.iso[:10] > latest:
                continue  # a date after the crawl (or after today) announces an event, not this page
            if i in above and d.iso[:10] == crawl_day:
                continue  # above the headline, the day of the crawl is the site's date of the day
            label = lex.date_label(ln.text[max(0, d.start - 30) : d.start])
            if after_story and label is None:
                continue  # below the story only a labelled date is the article's
            if label == "expires":
                continue  # "Offer ends Dec 31": a deadline, not the page's date
            if label == "updated":
                if art.updated is None:
                    art.updated = d.iso
                    _mark_date_line(art, ln)
            elif art.published is None:
                art.published, art.published_precision = d.iso, d.precision
                _mark_date_line(art, ln)


def _role_texts_reference(lines: list[Line], role: str) -> list[str]:
    """The texts of the lines whose role is `role`, in order (`_pages.role_texts` compiled)."""
    return [ln.text for ln in lines if ln.role == role]


def assemble(
    lines: list[Line],
    feats: list[LineFeatures],
    layout: Layout,
    language: str,
    cfg: dict[str, Any],
    lex: Lexicon,
    crawl_date: datetime | None = None,
) -> Article:
    art = Article(language=language, lines=lines, site_name=layout.site_name)
    if layout.title is not None:
        art.title = lines[layout.title].text
    site_key = match_key(layout.site_name) if layout.site_name else ""

    zone = list(_head_zone(lines, layout, cfg["head_zone_lines"]))
    # The first story line may itself be a byline ("موسكو - حسن عمارة" directly above the text).
    if layout.block:
        zone.append(layout.block[0])
    byline_at = None
    # A bare name ("علاوة مزياني") is a byline only where its position says so: right above the story,
    # or right next to the headline or to a date line of the head zone.
    bare_ok = _byline_positions(feats, layout, zone)
    for i in zone:
        ln, f = lines[i], feats[i]
        # (a line the page does not show, dropped as `hidden` by the HTML path's markup, names no one:
        # a shop's hidden "By <brand>" box)
        if not f.key or ln.role in ("title",) or ln.reason == "hidden":
            continue
        if byline_at is None and f.words <= 12:
            # "By Korin MillerPublished: Jan 29, 2025": a byline glued to its date label.
            name_part = _before_date_label(ln.text) if f.date_share else ln.text
            b = parse_byline(name_part, site_name=layout.site_name, lang=language, bare_name=i in bare_ok)
            if b is not None:
                ln.keep("byline")
                art.author, art.dateline, art.agency = b.author, b.dateline, b.agency
                byline_at = i
                continue
    if byline_at is None and layout.block:
        byline_at = _explicit_byline(art, lines, feats, layout, language, cfg["byline_window"],
                                     cfg["byline_max_words"])
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
                and (language not in ARABIC_SCRIPT or f.has_arabic)
                and not (site_key and site_key in f.key)
                and lines[j].reason in ("headline-list", "menu")
            ):
                lines[j].keep("caption")
                art.captions.append(lines[j].text)

    _choose_dates(art, lines, feats, layout, zone, lex, crawl_date, language, cfg)
    art.body = compiled.role_texts(lines, "body") if compiled.active() else _role_texts_reference(lines, "body")
    if art.dateline is None and art.paragraphs:
        # "لندن، بريطانيا (CNN) -- قال ...": the dateline opens the story's first paragraph.
        b = inline_dateline(art.paragraphs[0])
        if b is not None:
            art.dateline, art.agency = b.dateline, art.agency or b.agency
    for h, k in layout.related:
        date = _date_of(lines[k].text, crawl_date, language) if k is not None else None
        art.related.append(Related(lines[h].text, date[0] if date else None))
    if not art.body:
        art.empty_reason = "no-story-block"
    return art
