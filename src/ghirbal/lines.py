"""Line classification from the page alone: features and rules -> a verdict (role or reason) per line.

The method, in order:
1. Every line gets a prose score: long, punctuated, function-word-rich lines score up; cue-matched
   chrome, link-like lines, date stamps and short headline-like lines score down.
2. The story block is the contiguous run of lines with the highest total score (a maximum-sum
   segment): the story is one block of prose, chrome is runs of short lines around it. This is what
   lets a one-line menu item and a one-sentence paragraph be told apart: by their neighbours.
3. The title is the headline-like line before the block that the page repeats most (title tags,
   breadcrumbs, doubled headlines), else the nearest one.
4. Every other line is explained: the first rule that fits gives its reason code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ghirbal.byline import parse_byline
from ghirbal.features import LineFeatures
from ghirbal.lexicon import Lexicon
from ghirbal.model import Line
from ghirbal.normalize import match_key

from ghirbal.dates import date_coverage, might_contain_date

_SEPARATORS = (" - ", " – ", " — ", " | ", " :: ", " » ", " ـ ", " / ")


@dataclass(slots=True)
class Layout:
    """What the classifier found on the page, for the field assembler."""

    block: tuple[int, int] | None = None  # first and last line index of the story block
    title: int | None = None  # index of the kept title line
    title_key: str = ""
    site_name: str | None = None
    related: list[tuple[int, int | None]] = field(default_factory=list)  # (headline line, its date-stamp line)
    stamps: set[int] = field(default_factory=set)  # date-stamp line indices


def mark_dates(feats: list[LineFeatures]) -> None:
    for f in feats:
        if f.key and f.words <= 16 and might_contain_date(f.text):
            f.date_share = date_coverage(f.text)


def is_prose(f: LineFeatures, cfg: dict[str, Any], lex: Lexicon) -> bool:
    if f.cue or f.linky or f.words < cfg["prose_min_words"] or f.chrome_share(lex) >= cfg["chrome_word_share"]:
        return False
    if f.end_punct or f.words >= cfg["prose_long_words"]:
        return True
    return f.words >= cfg["prose_mid_words"] and f.inner_punct >= cfg["prose_inner_punct"]


def prose_scores(feats: list[LineFeatures], cfg: dict[str, Any], lex: Lexicon) -> list[float]:
    page_keys = "\n".join(f.key for f in feats)
    scores = []
    for f in feats:
        if not f.key:
            scores.append(0.0)
        elif f.cue or f.linky:
            scores.append(cfg["cue_line_score"])
        elif f.date_share >= cfg["date_stamp_share"]:
            scores.append(cfg["short_line_score"])
        elif is_prose(f, cfg, lex):
            s = min(f.words, cfg["prose_score_cap"]) / cfg["prose_score_div"]
            if f.template:
                # Prose this site shows on many pages: neutral, so it neither starts nor breaks a story
                # (an agency sign-off inside the story stays; posting rules beside it do not join it).
                s = 0.0
            elif f.repeats > 1 or page_keys.count(f.key) > 1:
                # A paragraph that the page repeats (alone or inside another line) is a headline or a
                # teaser, not the story.
                s = cfg["short_line_score"]
            scores.append(s)
        elif f.template:
            scores.append(cfg["template_line_score"])
        else:
            scores.append(cfg["short_line_score"])
    return scores


def best_block(scores: list[float]) -> tuple[int, int] | None:
    """Maximum-sum contiguous segment (Kadane), trimmed to positive lines at both ends."""
    best_sum, best = 0.0, None
    run_sum, run_start = 0.0, 0
    for i, s in enumerate(scores):
        if run_sum <= 0:
            run_sum, run_start = 0.0, i
        run_sum += s
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, i)
    if best is None:
        return None
    start, end = best
    while start < end and scores[start] <= 0:
        start += 1
    return start, end


def _contains_title(key: str, title_key: str) -> bool:
    return bool(title_key) and title_key in key and key != title_key


def find_title(feats: list[LineFeatures], block: tuple[int, int] | None, cfg: dict[str, Any]) -> int | None:
    """The headline: a headline-like line before the story that the page repeats most, nearest wins ties."""
    limit = block[0] if block else len(feats)
    lo = max(0, limit - cfg["title_window"]) if block else 0
    keys = [f.key for f in feats]
    page_keys = "\n".join(keys)
    # Words of the story: a headline shares its content words with the story it heads.
    story_words: set[str] = set()
    if block:
        for j in range(block[0], min(block[1] + 1, block[0] + 40)):
            story_words.update(keys[j].split())
    best, best_score = None, -1.0
    for i in range(lo, limit):
        f = feats[i]
        if not (cfg["title_min_words"] <= f.words <= cfg["title_max_words"]) or f.cue or f.linky or f.template:
            continue
        if f.date_share >= cfg["date_stamp_share"] or (f.end_punct and f.words > 12 and page_keys.count(f.key) < 2):
            continue
        if f.words <= 8 and parse_byline(f.text) is not None:  # "(الخرطوم - عبدالعزيز إبراهيم)" is no headline
            continue
        # Occurrences anywhere in the page, inside longer lines too ("site - title", doubled titles),
        # but only where this line is most of the other one: a site name inside every headline is no title.
        k, w = f.key, f.words
        occurrences = 1
        if page_keys.count(k) > 1:
            occurrences += sum(1 for j, other in enumerate(keys) if j != i and k in other and w >= 0.4 * feats[j].words)
        distance = limit - i
        shortness = min(w, 6) / 6
        tokens = [t for t in k.split() if len(t) > 2 and not t.isdigit()]
        # Share of the line's words found in the story, trusted less on very short lines.
        overlap = 0.0
        if tokens and story_words:
            overlap = sum(1 for t in tokens if t in story_words) / len(tokens) * min(len(tokens), 5) / 5
        score = (
            min(occurrences - 1, 3) * 2.0 * shortness
            + 5.0 * overlap
            + (0.5 if distance <= 15 else 0.0)
            + min(w, 12) / 12
            - distance / 1000
        )
        if score > best_score:
            best, best_score = i, score
    if best is None:
        return None
    # Prefer the first clean occurrence of that key (not a "site - title" variant) as the kept line.
    tk = feats[best].key
    for i in range(lo, limit):
        if feats[i].key == tk:
            return i
    return best


def site_from_title_lines(feats: list[LineFeatures], title_key: str) -> str | None:
    """'مصر اليوم - TITLE' or 'TITLE | Site': the other side of the separator is the site name."""
    if not title_key:
        return None
    for f in feats:
        if not _contains_title(f.key, title_key):
            continue
        for sep in _SEPARATORS:
            if sep not in f.text:
                continue
            left, _, right = f.text.partition(sep)
            lk, rk = match_key(left), match_key(right)
            if rk == title_key and 0 < len(lk.split()) <= 5:
                return left.strip(" -|–—»ـ")
            left2, _, right2 = f.text.rpartition(sep)
            if match_key(left2) == title_key and 0 < len(match_key(right2).split()) <= 5:
                return right2.strip(" -|–—»ـ")
    return None


def _headline_like(f: LineFeatures, cfg: dict[str, Any]) -> bool:
    return 3 <= f.words <= 30 and not f.cue and not f.linky and f.date_share < cfg["date_stamp_share"]


def find_related(
    feats: list[LineFeatures],
    scores: list[float],
    title: int | None,
    block: tuple[int, int] | None,
    site_key: str,
    cfg: dict[str, Any],
) -> list[tuple[int, int | None]]:
    """Headlines under read-also headers, and date-stamped headline lists, each with its stamp line."""
    n = len(feats)

    def in_block(j: int) -> bool:
        return block is not None and block[0] <= j <= block[1] and scores[j] > 0

    stamp_thr = cfg["date_stamp_share"]
    taken: set[int] = set() if title is None else {title}
    out: dict[int, int | None] = {}
    head = (title, block[0]) if title is not None and block is not None and title < block[0] else None

    def stamp_near(j: int) -> int | None:
        # The stamp of a headline is the next non-blank line (or the one after a teaser dateline).
        for k in range(j + 1, min(n, j + 5)):
            fk = feats[k]
            if not fk.key:
                continue
            if fk.date_share >= stamp_thr and fk.words <= 16:
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
            if fj.date_share >= stamp_thr:
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
    for j, f in enumerate(feats):
        if j in taken or j in out or scores[j] > 0 or not _headline_like(f, cfg) or f.repeats > 2:
            continue
        if site_key and site_key in f.key and f.words <= 6:  # a teaser's "city ـ site" line, not a headline
            continue
        if head is not None and head[0] < j < head[1]:  # the article's own byline and date, not a list
            continue
        if f.words <= 8 and parse_byline(f.text) is not None:
            continue
        k = stamp_near(j)
        if k is not None:
            pairs.append((j, k))
    if len(pairs) >= 2:
        for j, k in pairs:
            out[j] = k
    return sorted(out.items())


def _is_site_line(f: LineFeatures, site_key: str, domain_label: str) -> bool:
    if site_key and (f.key == site_key or (f.key and set(f.key.split()) <= set(site_key.split()))):
        return True
    if domain_label and f.key:
        tokens = f.key.replace("_", " ").split()
        return all(t in (domain_label, "www", "com") or domain_label.startswith(t) for t in tokens)
    return False


def classify(
    feats: list[LineFeatures],
    language: str,
    cfg: dict[str, Any],
    lex: Lexicon,
    domain_label: str = "",
) -> tuple[list[Line], Layout]:
    """A verdict for every line, and the page layout it found."""
    lines = [Line(i, f.text) for i, f in enumerate(feats)]
    scores = prose_scores(feats, cfg, lex)
    block = best_block(scores)
    title = find_title(feats, block, cfg)
    title_key = feats[title].key if title is not None else ""
    if title_key and block:
        # Lines that carry the headline ("site - headline", doubled headlines) are not story prose.
        changed = False
        for i in range(block[0], block[1] + 1):
            if scores[i] > 0 and title_key in feats[i].key and len(feats[i].key.replace(title_key, " ").split()) <= 8:
                scores[i] = cfg["short_line_score"]
                changed = True
        if changed:
            block = best_block(scores)
    title_words = feats[title].words if title is not None else 0
    site = site_from_title_lines(feats, title_key)
    site_key = match_key(site) if site else ""
    if block and any(f.site_pages for f in feats):
        block = _extend_over_unique_lines(feats, block, scores)
    related = find_related(feats, scores, title, block, site_key, cfg)
    related_idx = {h for h, _ in related}
    related_stamps = {k for _, k in related if k is not None}
    arabic_page = language in ("ar", "fa", "ur")
    stamp_thr = cfg["date_stamp_share"]
    b0, b1 = block if block else (-1, -2)
    block_words = _words_of(feats, b0, b1, scores)

    for i, f in enumerate(feats):
        ln = lines[i]
        if not f.key:
            ln.drop("blank" if not f.text else "short-link-like")
            continue
        if i == title:
            ln.keep("title")
            continue
        repeats_title = f.key == title_key or (
            _contains_title(f.key, title_key) and len(f.key.replace(title_key, " ").split()) <= 8
        )
        foreign = arabic_page and f.words <= cfg["foreign_max_words"] and not f.has_arabic and f.has_latin
        stamp = f.date_share >= stamp_thr and f.words <= 16
        if b0 <= i <= b1:
            protected = scores[i] > 0 and f.words >= cfg["cue_protect_words"]
            if repeats_title:
                ln.drop("title-repeat")
            elif f.cue and not protected:
                ln.drop(f.cue)
            elif scores[i] > 0 or (f.template and is_prose(f, cfg, lex)):
                ln.keep("body")
            elif f.template:
                ln.drop("site-template", f"on {f.template} pages of this site")
            elif i in related_idx:
                ln.keep("related")
            elif stamp:
                ln.drop("date-stamp")
            elif f.linky:
                ln.drop("short-link-like")
            elif foreign:
                ln.drop("foreign-chrome")
            elif f.repeats > 2 and f.words <= 2:
                ln.drop("repeated")
            elif f.site_pages > 1:
                # A short line this site shows on other pages too is a teaser headline, not a subheading.
                ln.drop("headline-list", f"also on {f.site_pages - 1} other pages of this site")
            elif (
                f.words >= 4
                and not f.text.rstrip().endswith((".", "\u06d4"))
                and _overlap(f.key, block_words) < cfg["inblock_headline_overlap"]
            ):
                # A headline about another story, embedded between paragraphs (a teaser box); a line
                # that ends with a full stop is a sentence, not a headline.
                ln.drop("headline-list")
            else:
                ln.keep("body")
            continue
        if i in related_idx:
            ln.keep("related")
        elif f.template:
            ln.drop("site-template", f"on {f.template} pages of this site")
        elif f.cue:
            ln.drop(f.cue)
        elif repeats_title:
            ln.drop("breadcrumb" if site_key and site_key in f.key else "title-repeat")
        elif _is_site_line(f, site_key, domain_label):
            ln.drop("site-name")
        elif i in related_stamps or stamp:
            ln.drop("date-stamp")
        elif f.linky:
            ln.drop("short-link-like")
        elif f.repeats > 1:
            ln.drop("repeated")
        elif foreign:
            ln.drop("foreign-chrome")
        elif f.words <= 3:
            ln.drop("menu")
        elif scores[i] > 0:
            ln.drop("outside-story")
        else:
            ln.drop("headline-list")
    layout = Layout(block=block, title=title, title_key=title_key, site_name=site, related=related,
                    stamps={i for i, f in enumerate(feats) if f.date_share >= stamp_thr and f.words <= 16})
    return lines, layout


def _words_of(feats: list[LineFeatures], start: int, end: int, scores: list[float]) -> set[str]:
    """Content words of the story's prose lines."""
    out: set[str] = set()
    for j in range(max(start, 0), end + 1):
        if scores[j] > 0:
            out.update(t for t in feats[j].key.split() if len(t) > 2)
    return out


def _overlap(key: str, words: set[str]) -> float:
    tokens = [t for t in key.split() if len(t) > 2 and not t.isdigit()]
    if not tokens:
        return 1.0
    return sum(1 for t in tokens if t in words) / len(tokens)


def _extend_over_unique_lines(feats: list[LineFeatures], block: tuple[int, int], scores: list[float]) -> tuple[int, int]:
    """With a site model, the story is what varies between a site's pages: a sentence right after the
    block that no other page of the site shows (a short closing line the prose score left out) joins
    the story. Template lines, cues, stamps and unpunctuated headline-like lines end the extension."""
    end = block[1]
    j = end + 1
    while j < len(feats):
        f = feats[j]
        if not f.key:
            j += 1
            continue
        sentence = f.end_punct or (f.words >= 6 and ("\u060c" in f.text or ", " in f.text))
        if f.site_pages != 1 or f.template or f.cue or f.linky or f.date_share > 0 or f.words < 3 or not sentence:
            break
        scores[j] = max(scores[j], 0.1)  # so the in-block rules keep it as body
        end = j
        j += 1
    return (block[0], end)
