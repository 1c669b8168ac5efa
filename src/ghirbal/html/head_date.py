"""The article's date from its head, when neither the text path nor the metadata gave one.

The text path reads dates only in a short zone right above the story. In HTML the lines between the
headline and the story can be many more (a table of contents, share buttons, a hidden menu), and in a
forum thread the first post's date sits there, or on the first post's own meta line, ahead of the
dates of every reply. So, as a last resort, the first date of the *head* is the article's: after the
headline line, down to a few lines into the story (`head_date_*` settings), the markup's own value
where a `<time datetime>` / `itemprop=datePublished` element is on the line, else a date the line's
text shows. Never read: the story's own lines (but for a `<time>` element on a short one: a post's
"by NAME » DATE" line the text path kept), related lists, comments, forms, copyright and terms lines,
boxes the markup sets apart inside the story, and lines of more than a dozen words (a sentence that
mentions a date is no date line). A date labelled as the update ("Updated", "Last modified", on its
line or alone on the line above) fills `updated`, never `published`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from ghirbal.dates import find_dates
from ghirbal.html.blocks import compiled_passes
from ghirbal.html.hints import HtmlHints
from ghirbal.lexicon import load as load_lexicon, loose_key
from ghirbal.model import Article, Line

_MARKUP_REASONS = ("nav", "aside", "hidden", "link-dense")
_NOT_READ_REASONS = ("copyright", "comments", "comment-section", "form", "terms", "read-also")
# Never read for a date above the headline or a labelled date anywhere: boxes and the crawl-time clock.
_BOX_REASONS = ("nav", "aside", "hidden", "comment-section", "clock", "site-template", *_NOT_READ_REASONS)


def any_digit_reference(text: str) -> bool:
    """Does `text` hold a digit (a character `str.isdigit` takes)? (html/_passes.pyx any_digit compiled)"""
    return any(ch.isdigit() for ch in text)


def digit_test():
    """`any_digit_reference`, compiled when the passes are built and active."""
    fast = compiled_passes()
    return fast.any_digit if fast is not None else any_digit_reference


def date_label_at(lines: list[Line], i: int, start: int, lex, max_chars: int) -> str | None:
    """What the date at `start` of line `i` announces ("published", "updated" or None): the label right
    before it on its line, else, for a date that opens its line, a label alone on the line above
    ("Posted on" then "Nov 21, 2018": the markup splits them). (The text path reads only the label on
    the date's own line: the gold sets count a page's lone "Last updated" date as its publication.)"""
    text = lines[i].text
    label = lex.date_label(text[max(0, start - 30) : start])
    if label is None and not text[:start].strip():
        j = i - 1
        while j >= 0 and not lines[j].text.strip():
            j -= 1
        above = lines[j].text if j >= 0 else ""
        if above and len(above) <= max_chars and not digit_test()(above):
            label = lex.date_label(above)
    return label


def placed_dates(hints: HtmlHints) -> dict[int, tuple[str, str]]:
    """The first `<time datetime>` / `itemprop=datePublished` value on each page line."""
    placed: dict[int, tuple[str, str]] = {}
    for at, value in hints.dates_at:
        placed.setdefault(at, value)
    return placed


def head_date(article: Article, hints: HtmlHints, cfg: dict[str, Any]) -> None:
    """Fill `article.published` (and `updated`) from the head's first date, in place; only when
    `published` is still empty. `cfg`: the `[html]` settings."""
    if article.published is not None:
        return
    published, article.updated = find_head_date(article, hints, cfg)
    if published is not None:
        article.published, article.published_precision = published


def find_head_date(article: Article, hints: HtmlHints, cfg: dict[str, Any]) -> tuple[tuple[str, str] | None, str | None]:
    """The head's first publication date (iso, precision) and update date (the article's own `updated`
    when the head shows none), read between the headline line and the story's first lines; (None, its
    `updated`) on a page without a headline line or a story."""
    lines = article.lines
    published, updated = None, article.updated
    if not lines:
        return published, updated
    title = next((ln.index for ln in lines if ln.role == "title"), None)
    first_body = next((ln.index for ln in lines if ln.role == "body"), None)
    if title is None or first_body is None or title > first_body:
        return published, updated
    cap = min(len(lines), title + 1 + cfg["head_date_max_lines"])
    end = min(cap, first_body + max(cfg["head_date_story_lines"], cfg["head_date_story_time_lines"]) + 1)
    text_end = first_body + cfg["head_date_story_lines"] + 1
    placed = placed_dates(hints)
    lex = load_lexicon(article.language or "und")
    label_line_max_chars = cfg["head_date_label_max_chars"]
    latest = _latest(cfg)
    max_chars, max_words = cfg["date_line_max_chars"], cfg["head_date_line_max_words"]
    for i in range(title + 1, end):
        ln = lines[i]
        if (ln.reason in _NOT_READ_REASONS or len(ln.text) > max_chars or len(ln.text.split()) > max_words
                or ln.role == "related" or (ln.role == "body" and i not in placed)):
            continue  # a short story line is read only for the markup's <time> on it (a post's meta line)
        if i > first_body and ln.reason in _MARKUP_REASONS:
            continue  # inside the story, a box the markup set apart (a related list beside it)
        found = [d for d in find_dates(ln.text, lang=article.language) if d.precision != "month"] if ln.text else []
        if i in placed:
            iso, precision = placed[i]
        elif found and found[0].iso[:10] <= latest and i < text_end:
            iso, precision = found[0].iso[:10], found[0].precision
        else:
            continue
        if found:
            label = date_label_at(lines, i, found[0].start, lex, label_line_max_chars)
        else:  # a <time> shown as "Updated 6 days ago": its line is its label
            label = lex.date_label(ln.text) or date_label_at(lines, i, 0, lex, label_line_max_chars)
        if label == "expires":
            continue  # "Sale ends Dec 31": a deadline, not the page's date
        if label == "updated":
            if updated is None:
                updated = iso
        elif published is None:
            published = iso, precision
        if published is not None and updated is not None:
            break
    return published, updated



def _latest(cfg: dict[str, Any]) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=cfg["future_days"])).date().isoformat()


def date_above_headline(article: Article, cfg: dict[str, Any], crawl_date: datetime | None = None) -> None:
    """With no date yet: a date that opens one of the few non-blank lines right above the headline
    (`head_date_above_lines`), a short line (`head_date_above_max_words`) outside the boxes the markup
    sets apart: blogs print "Dec 17, 2025 · Julian K. Arni" above the title. (The text path reads such a
    line only when it is mostly a date: in plain text a date beside a name above a headline is as
    likely a list's item.) A date labelled as the update fills `updated`, one labelled as a deadline
    is skipped, and so is the day of the crawl (`crawl_date`): the site header's date of the day."""
    lines = article.lines
    if article.published is not None or not lines:
        return
    title = next((ln.index for ln in lines if ln.role == "title"), None)
    if title is None:
        return
    lex = load_lexicon(article.language or "und")
    latest, seen = _latest(cfg), 0
    crawl_day = crawl_date.date().isoformat() if crawl_date else None
    for j in range(title - 1, -1, -1):
        ln = lines[j]
        if not ln.text.strip():
            continue
        seen += 1
        if seen > cfg["head_date_above_lines"]:
            return
        if (ln.reason in _BOX_REASONS or ln.role in ("related", "body")
                or len(ln.text.split()) > cfg["head_date_above_max_words"] or len(ln.text) > cfg["date_line_max_chars"]):
            continue
        found = [d for d in find_dates(ln.text, lang=article.language) if d.precision != "month" and not d.relative]
        if not found or ln.text[: found[0].start].strip() or found[0].iso[:10] > latest or found[0].iso[:10] == crawl_day:
            continue
        label = date_label_at(lines, j, found[0].start, lex, cfg["head_date_label_max_chars"])
        if label == "expires":
            continue
        if label == "updated":
            article.updated = article.updated or found[0].iso[:10]
            continue
        article.published, article.published_precision = found[0].iso[:10], found[0].precision
        return


def _opens_with_label(lines: list[Line], i: int, start: int, lex, max_chars: int) -> str | None:
    """The label ("published" or "updated") that opens the line of the date at `start` of line `i`
    ("Posted on Nov 21, 2018", "Last updated on 2025-02-23"), or stands alone on the line above
    ("Published" then "Feb 2, 2023"); None when there is none or it does not come first ("Release Date:
    21 Aug, 2012" names another date)."""
    label = date_label_at(lines, i, start, lex, max_chars)
    if label not in ("published", "updated"):
        return None
    before = lines[i].text[:start]
    if not before.strip():
        j = i - 1
        while j >= 0 and not lines[j].text.strip():
            j -= 1
        before = lines[j].text
    key = loose_key(before)
    return label if any(key.startswith(w) for w in lex.date_labels.get(label, ())) else None


def labelled_date(article: Article, cfg: dict[str, Any], crawl_date: datetime | None = None) -> None:
    """With no date yet: the date the page labels as its publication ("Published" / "Posted on" before
    it, or alone on the line above: "Published" then "Feb 2, 2023" in a details box below the story),
    anywhere on the page outside the boxes the markup sets apart and the related lists, when every
    such date the page shows is the same day (several are the items of a list). The same way, with no
    update date yet, the one a label opening its line gives ("Last updated on 2025-02-23" at the foot of
    a documentation page; such a line is a "clock" to the text path, read here unless it shows the day
    of the crawl)."""
    if article.published is not None or not article.lines:
        return
    lines = article.lines
    lex = load_lexicon(article.language or "und")
    latest = _latest(cfg)
    crawl_day = crawl_date.date().isoformat() if crawl_date else None
    max_chars, max_words = cfg["date_line_max_chars"], cfg["head_date_line_max_words"]
    days: dict[str, set[str]] = {"published": set(), "updated": set()}
    first: dict[str, tuple[str, str]] = {}
    has_digit = digit_test()
    for i, ln in enumerate(lines):
        t = ln.text
        if (not t or len(t) > max_chars or (ln.reason in _BOX_REASONS and ln.reason != "clock") or ln.role == "related"
                or not has_digit(t) or len(t.split()) > max_words):  # (the digit scan first: no word list)
            continue
        for d in find_dates(t, lang=article.language):
            if d.precision == "month" or d.relative or d.iso[:10] > latest:
                continue
            label = _opens_with_label(lines, i, d.start, lex, cfg["head_date_label_max_chars"])
            if label == "updated" and d.iso[:10] == crawl_day:
                label = None  # the site's clock
            if label is not None and (label == "updated" or ln.reason != "clock"):
                days[label].add(d.iso[:10])
                first.setdefault(label, (d.iso[:10], d.precision))
            break  # the line's first date only: its label is the one before it
    if len(days["published"]) == 1:
        article.published, article.published_precision = first["published"]
    if article.updated is None and len(days["updated"]) == 1:
        article.updated = first["updated"][0]


def labelled_head_date(article: Article, cfg: dict[str, Any]) -> tuple[str, str] | None:
    """The first date between the headline and the story (down to `head_date_story_lines` into it) whose
    line opens with a publication label ("Posted on ...", "asked Feb 4, 2014 at 13:02"), outside boxes
    and related lists: (iso, precision), or None."""
    lines = article.lines
    title = next((ln.index for ln in lines if ln.role == "title"), None)
    first_body = next((ln.index for ln in lines if ln.role == "body"), None)
    if title is None or first_body is None or title > first_body:
        return None
    lex = load_lexicon(article.language or "und")
    latest = _latest(cfg)
    end = min(len(lines), first_body + cfg["head_date_story_lines"] + 1, title + 1 + cfg["head_date_max_lines"])
    has_digit = digit_test()
    for i in range(title + 1, end):
        ln = lines[i]
        t = ln.text
        if (not t or len(t) > cfg["date_line_max_chars"] or ln.reason in _BOX_REASONS or ln.role == "related"
                or len(t.split()) > cfg["head_date_line_max_words"] or not has_digit(t)):
            continue
        found = [d for d in find_dates(t, lang=article.language) if d.precision != "month" and not d.relative]
        if found and found[0].iso[:10] <= latest and _opens_with_label(
                lines, i, found[0].start, lex, cfg["head_date_label_max_chars"]) == "published":
            return found[0].iso[:10], found[0].precision
    return None


def shown_date_label(article: Article, cfg: dict[str, Any]) -> str | None:
    """The label of the line the text path took the article's date from (its "date" line), or None."""
    lex = load_lexicon(article.language or "und")
    for i, ln in enumerate(article.lines):
        if ln.role == "date" and ln.text:
            for d in find_dates(ln.text, lang=article.language):
                if d.iso[:10] == (article.published or "")[:10]:
                    return date_label_at(article.lines, i, d.start, lex, cfg["head_date_label_max_chars"])
            return None
    return None


def labelled_update(article: Article, hints: HtmlHints, iso: str, cfg: dict[str, Any]) -> bool:
    """Is the page's `<time datetime>` date `iso` shown under an update label ("Last updated: <time>")?
    Then it is the update, not the publication (every `<time>` of the page agreeing says nothing more)."""
    lex = load_lexicon(article.language or "und")
    lines = article.lines
    for at, (value, _) in hints.dates_at:
        if value == iso and 0 <= at < len(lines):
            found = find_dates(lines[at].text, lang=article.language)
            start = found[0].start if found else 0
            if date_label_at(lines, at, start, lex, cfg["head_date_label_max_chars"]) == "updated":
                return True
    return False
