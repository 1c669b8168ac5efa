"""The records everything passes around: a page's lines with their verdicts, and the Article.

`Article.to_dict()` is the output schema of the whole project (README, "Output schema").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Roles of kept lines. A line with a role is part of the article (not necessarily of the body).
ROLES = ("title", "body", "caption", "byline", "date", "related")

# Reason codes of dropped lines; README, "Reason codes", explains each one.
REASONS = (
    "blank",
    "clock",
    "site-name",
    "title-repeat",
    "breadcrumb",
    "date-stamp",
    "headline-list",
    "menu",
    "form",
    "terms",
    "copyright",
    "address",
    "share",
    "read-also",
    "comments",
    "foreign-chrome",
    "repeated",
    "short-link-like",
    "agency-credit",
    "site-template",
    "outside-story",
    "too-long",
    "corpus-repeat",  # set by corpus dedup (--dedup-paragraphs), never by the single-page rules
    # From HTML markup (ghirbal.html.markup); `form` above serves markup forms too.
    "nav",
    "aside",
    "comment-section",
    "hidden",
    "link-dense",
    "author-box",
)


@dataclass(slots=True)
class Line:
    """One input line and what ghirbal decided about it."""

    index: int
    text: str  # faithful text (safe fixes only), without the line break
    kept: bool = False
    role: str | None = None  # set when kept
    reason: str | None = None  # set when dropped
    detail: str | None = None  # optional human note (e.g. the learned template count)

    def keep(self, role: str) -> None:
        self.kept, self.role, self.reason, self.detail = True, role, None, None

    def drop(self, reason: str, detail: str | None = None) -> None:
        self.kept, self.role, self.reason, self.detail = False, None, reason, detail

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "kept": self.kept, "role": self.role, "reason": self.reason}
        if self.detail:
            d["detail"] = self.detail
        return d


@dataclass(slots=True)
class Related:
    title: str
    date: str | None = None  # ISO date of the headline's stamp, when the page shows one

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "date": self.date}


@dataclass(slots=True, init=False)
class Article:
    """A cleaned page. Fields the page does not make plain stay None: never guessed.

    `body` is a string, the story's paragraphs joined by "\n", in Python as in the JSON form;
    `paragraphs` is the same story as a list.
    """

    title: str | None = None
    author: str | None = None
    dateline: str | None = None
    agency: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD, or YYYY-MM at month precision)
    published_precision: str | None = None  # "day", "month", "minute" ...
    updated: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    site_name: str | None = None
    language: str = "und"  # "und" (undetermined) when there is no text to tell
    lines: list[Line] = field(default_factory=list)
    empty_reason: str | None = None  # why the article has no body, when it has none

    def __init__(self, title: str | None = None, author: str | None = None, dateline: str | None = None,
                 agency: str | None = None, published: str | None = None, published_precision: str | None = None,
                 updated: str | None = None, body: str | list[str] = "", captions: list[str] | None = None,
                 related: list[Related] | None = None, site_name: str | None = None, language: str | None = "und",
                 lines: list[Line] | None = None, empty_reason: str | None = None,
                 paragraphs: list[str] | None = None) -> None:
        self.title, self.author, self.dateline, self.agency = title, author, dateline, agency
        self.published, self.published_precision, self.updated = published, published_precision, updated
        self.body = paragraphs if paragraphs is not None else body  # (dataclasses.replace passes paragraphs)
        self.captions = list(captions or [])
        self.related = list(related or [])
        self.site_name = site_name
        self.language = language or "und"
        self.lines = list(lines or [])
        self.empty_reason = empty_reason

    @property
    def body(self) -> str:
        """The story: its paragraphs joined by "\n" (the JSON `body`)."""
        return "\n".join(self.paragraphs)

    @body.setter
    def body(self, value: str | list[str]) -> None:
        # A list of paragraphs, or the joined string (split back at its line breaks).
        self.paragraphs = list(value) if not isinstance(value, str) else (value.split("\n") if value else [])

    @property
    def text(self) -> str:  # the name `body` had before it was a string; kept for callers
        return self.body

    def to_dict(self, with_lines: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "title": self.title,
            "author": self.author,
            "dateline": self.dateline,
            "agency": self.agency,
            "published": self.published,
            "published_precision": self.published_precision,
            "updated": self.updated,
            "body": self.body,
            "captions": list(self.captions),
            "related": [r.to_dict() for r in self.related],
            "site_name": self.site_name,
            "language": self.language,
            "empty_reason": self.empty_reason,
        }
        if with_lines:
            d["lines"] = [ln.to_dict() for ln in self.lines]
        return d
