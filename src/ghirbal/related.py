"""Related headlines: those under read-also headers, and date-stamped headline lists."""

from __future__ import annotations

from typing import Any

from ghirbal.byline import byline_gate, parse_byline
from ghirbal.features import LineFeatures, is_stamp
from ghirbal.linemodel import compiled


def _headline_like(f: LineFeatures, cfg: dict[str, Any]) -> bool:
    return cfg["headline_min_words"] <= f.words <= cfg["headline_max_words"] and not f.cue and not f.linky and not is_stamp(f, cfg)


def find_related(
    feats: list[LineFeatures],
    scores: list[float],
    title: int | None,
    block: tuple[int, int] | None,
    site_key: str,
    cfg: dict[str, Any],
) -> list[tuple[int, int | None]]:
    """Headlines under read-also headers, and date-stamped headline lists, each with its stamp line
    (compiled: `_pages.related_lines`)."""
    if compiled.active():
        b0, b1 = block if block is not None else (0, -1)
        return compiled.related_lines(feats, scores, title, block is not None, b0, b1, site_key,
                                      cfg["headline_min_words"], cfg["headline_max_words"], cfg["date_stamp_share"],
                                      cfg["related_max_items"], parse_byline, byline_gate())
    return _find_related_reference(feats, scores, title, block, site_key, cfg)


def _find_related_reference(feats: list[LineFeatures], scores: list[float], title: int | None,
                            block: tuple[int, int] | None, site_key: str,
                            cfg: dict[str, Any]) -> list[tuple[int, int | None]]:
    n = len(feats)

    def in_block(j: int) -> bool:
        return block is not None and block[0] <= j <= block[1] and scores[j] > 0

    taken: set[int] = set() if title is None else {title}
    out: dict[int, int | None] = {}
    head = (title, block[0]) if title is not None and block is not None and title < block[0] else None

    def stamp_near(j: int) -> int | None:
        # The stamp of a headline is the next non-blank line (or the one after a teaser dateline).
        for k in range(j + 1, min(n, j + 5)):
            fk = feats[k]
            if not fk.key:
                continue
            if is_stamp(fk, cfg):
                return k
            if fk.words > 4:
                return None
        return None

    # 1. Read-also headers and the headlines that follow them.
    for h, f in enumerate(feats):
        if f.cue != "read-also" or f.words > 6:
            continue
        blanks, items = 0, 0
        for j in range(h + 1, n):
            fj = feats[j]
            if not fj.key:
                blanks += 1
                if blanks > 3:
                    break
                continue
            blanks = 0
            if is_stamp(fj, cfg):
                continue
            # A headline may be long, but it does not end like a sentence and it is not in the story.
            sentence = fj.end_punct and fj.text.rstrip()[-1:] in ".۔"
            if in_block(j) or sentence or not _headline_like(fj, cfg) or j in taken:
                break
            out[j] = stamp_near(j)
            taken.add(j)
            items += 1
            if items >= cfg["related_max_items"]:
                break
    # 2. Lists of headline + date stamp pairs (at least two pairs make a list).
    pairs = []
    min_words, max_words = cfg["headline_min_words"], cfg["headline_max_words"]
    for j, f in enumerate(feats):
        # (the cheap tests first: this loop looks at every line of the page; most are too short)
        if (f.repeats > 2 or not min_words <= f.words <= max_words or scores[j] > 0 or j in taken or j in out
                or not _headline_like(f, cfg)):
            continue
        if site_key and site_key in f.key and f.words <= 6:  # a teaser's "city ـ site" line, not a headline
            continue
        if head is not None and head[0] < j < head[1]:  # the article's own byline and date, not a list
            continue
        k = stamp_near(j)
        if k is not None and not (f.words <= 8 and parse_byline(f.text) is not None):
            pairs.append((j, k))
    if len(pairs) >= 2:
        for j, k in pairs:
            out[j] = k
    return sorted(out.items())
