"""The article's date from its head, when neither the text path nor the metadata gave one.

The text path reads dates only in a short zone right above the story. In HTML the lines between the
headline and the story can be many more (a table of contents, share buttons, a hidden menu), and in a
forum thread the first post's date sits there, among the dates of every reply below. So, as a last
resort, the first date in the *head* (after the headline line, up to a few lines into the story) is
the article's: a `<time datetime>` / `itemprop=datePublished` element placed on that line (the markup's
exact value), else a date the line's text shows. The story's own lines (but for a `<time>` element on
a short one: a post's meta line the text path kept), related lists, comments, forms, copyright and
terms lines are never read; nor a line of more than a dozen words (a sentence that mentions a date). A date labelled as the update ("Updated", "Last
modified", on its line or alone on the line above) fills `updated`, never `published`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from ghirbal.dates import find_dates
from ghirbal.html.hints import HtmlHints
from ghirbal.lexicon import load as load_lexicon
from ghirbal.model import Article, Line

_NOT_READ_REASONS = ("copyright", "comments", "comment-section", "form", "terms", "read-also")


def _label(lines: list[Line], i: int, before: str, lex) -> str | None:
    """The date label of a date on line `i` ("published", "updated" or None): the text before it, else
    the line above when that is a bare label ("Posted on" / "Nov 21, 2018" as two lines)."""
    label = lex.date_label(before)
    if label is None and not before.strip():
        j = i - 1
        while j >= 0 and not lines[j].text.strip():
            j -= 1
        if j >= 0 and len(lines[j].text) <= 40 and not any(ch.isdigit() for ch in lines[j].text):
            label = lex.date_label(lines[j].text)
    return label


def head_date(article: Article, hints: HtmlHints, cfg: dict[str, Any]) -> None:
    """Fill `article.published` (and `updated`) from the head's first date, in place; only when the
    page has a headline line and a story and `published` is still empty. `cfg`: the `[html]` settings."""
    lines = article.lines
    if article.published is not None or not lines:
        return
    title = next((ln.index for ln in lines if ln.role == "title"), None)
    first_body = next((ln.index for ln in lines if ln.role == "body"), None)
    if title is None or first_body is None or title > first_body:
        return
    end = min(len(lines), first_body + cfg["head_date_story_lines"] + 1, title + 1 + cfg["head_date_max_lines"])
    placed = placed_dates(hints)
    lex = load_lexicon(article.language or "und")
    latest = (datetime.now(timezone.utc) + timedelta(days=cfg["future_days"])).date().isoformat()
    max_chars, max_words = cfg["date_line_max_chars"], cfg["head_date_line_max_words"]
    for i in range(title + 1, end):
        ln = lines[i]
        if (ln.reason in _NOT_READ_REASONS or len(ln.text) > max_chars or len(ln.text.split()) > max_words
                or ln.role == "related" or (ln.role == "body" and i not in placed)):
            continue  # a short story line is read only for the markup's <time> on it (a post's meta line)
        found = [d for d in find_dates(ln.text, lang=article.language) if d.precision != "month"] if ln.text else []
        if i in placed:
            iso, precision = placed[i]
            before = ln.text[: found[0].start] if found else ln.text  # "Updated 6 days ago"
        elif found and found[0].iso[:10] <= latest:
            iso, precision = found[0].iso[:10], found[0].precision
            before = ln.text[: found[0].start]
        else:
            continue
        if _label(lines, i, before, lex) == "updated":
            if article.updated is None:
                article.updated = iso
        elif article.published is None:
            article.published, article.published_precision = iso, precision
        if article.published is not None and article.updated is not None:
            return


def placed_dates(hints: HtmlHints) -> dict[int, tuple[str, str]]:
    """The first `<time datetime>` / `itemprop=datePublished` value on each page line."""
    placed: dict[int, tuple[str, str]] = {}
    for at, value in hints.dates_at:
        placed.setdefault(at, value)
    return placed

