"""One pass over the parsed page (selectolax's lexbor tree): the text blocks with their markup signals,
and the raw values the hints are read from.

A *block* is the text of one block-level element (paragraph, heading, list item, table cell, caption,
a `<div>`'s own text ...), inline markup joined in, whitespace squeezed: one line of the page. Each
block carries what only the markup knows: how much of it is link text, its tag, the elements above it
(for the markup's boilerplate and main-content marks, judged later in `markup.py`), and whether it is
inside `<noscript>`. The walk also collects `<title>`, `<h1>`, `<meta>`, `itemprop` dates, `<time
datetime>`, JSON-LD scripts and `<html lang>`, so the page is parsed and walked once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ghirbal.lexicon import read_toml

# Elements whose start and end break the text into blocks (the rest are inline and join their text).
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul caption br option noscript".split()
)
# Elements whose text is never page text.
_SKIP_TAGS = frozenset("script style template svg math head iframe object embed canvas textarea select noembed".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())


@dataclass(slots=True)
class Block:
    """One line of the page from the tree."""

    text: str
    tag: str  # the block-level element that holds the text
    chars: int  # characters of text (no spaces squeezed away twice)
    link_chars: int  # ... of them inside <a href>
    links: int  # <a> elements that end in this block
    path: tuple[int, ...]  # ids of the elements above it (index into `PageTree.elements`), outermost first
    noscript: bool = False


@dataclass(slots=True)
class Element:
    """An element that can mark its blocks: its tag and the marks its attributes give."""

    tag: str
    parent: int  # element id, -1 for the root
    mark: str | None = None  # a boilerplate reason from the markup (nav, aside, comment-section, hidden, form)
    main: bool = False  # <main>, <article>, role=main, itemprop=articleBody, a main-content class
    weak: bool = False  # the mark comes from a word of a class or id name only
    chars: int = 0  # text characters of the blocks under it (filled in after the walk)
    link_chars: int = 0  # ... of them inside links


@dataclass(slots=True)
class RawHints:
    """The markup values the hints come from, unvalidated (`hints.hints_from_parts` validates them)."""

    lang: str = ""
    title: str | None = None
    h1: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # property / name / itemprop (lower-cased) -> content
    itemprops: dict[str, str] = field(default_factory=dict)  # datepublished / datemodified of non-meta elements
    times: list[str] = field(default_factory=list)  # <time datetime> values
    # (block index, value) of each <time datetime> and non-meta itemprop=datePublished element, in page
    # order: the block its text falls in, so a date can be placed against the headline and the story.
    dates_at: list[tuple[int, str]] = field(default_factory=list)
    ld_scripts: list[str] = field(default_factory=list)
    source: str = ""  # the decoded page, for the date keys of its script data (read only when needed)


@dataclass(slots=True)
class PageTree:
    blocks: list[Block]
    elements: list[Element]
    hints: RawHints


@dataclass(frozen=True, slots=True)
class MarkupLexicon:
    """lexicon/html.toml [markup]: class/id tokens and roles that mark boilerplate or main content."""

    tokens: dict[str, str]  # class/id word -> reason
    whole_classes: dict[str, str]  # whole class names -> reason ("hidden" utilities, compound names)
    roles: dict[str, str]  # role attribute -> reason or "main"
    tags: dict[str, str]  # element -> reason
    main_classes: frozenset[str]
    main_itemprops: frozenset[str]
    comment_itemprops: frozenset[str]


@lru_cache(maxsize=1)
def markup_lexicon() -> MarkupLexicon:
    lex = read_toml("html.toml")["markup"]
    tokens: dict[str, str] = {}
    for reason, words in lex["tokens"].items():
        for w in words:
            tokens.setdefault(w.lower(), reason)
    whole: dict[str, str] = {}
    for reason, words in lex["whole_classes"].items():
        for w in words:
            whole.setdefault(w.lower(), reason)
    return MarkupLexicon(
        tokens=tokens,
        whole_classes=whole,
        roles={k.lower(): v for k, v in lex["roles"].items()},
        tags=dict(lex["tags"]),
        main_classes=frozenset(c.lower() for c in lex["main_classes"]),
        main_itemprops=frozenset(c.lower() for c in lex["main_itemprops"]),
        comment_itemprops=frozenset(c.lower() for c in lex["comment_itemprops"]),
    )


_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CLASS_MARKS: dict[str, tuple[str | None, bool, bool]] = {}  # class/id value -> (reason, main, weak)


def _class_marks(value: str, lex: MarkupLexicon) -> tuple[str | None, bool, bool]:
    """(reason, main, weak) of a class or id value: a whole name first (hidden utilities, compound
    names, main-content classes), else the first of its words that the lexicon knows: a *weak* mark
    (page builders put "widget" or "side" in the class of every content box)."""
    hit = _CLASS_MARKS.get(value)
    if hit is not None:
        return hit
    reason, main, weak = None, False, False
    for cls in value.lower().split():
        r = lex.whole_classes.get(cls)
        if r == "hidden":
            reason, weak = "hidden", False
            break
        if cls in lex.main_classes:
            main = True
        if r is not None and (reason is None or weak):
            reason, weak = r, False
        if reason is None:
            for w in _WORD_SPLIT.split(cls):
                reason = lex.tokens.get(w)
                if reason is not None:
                    weak = reason != "comment-section"  # "comments-area" is no page-builder box
                    break
    if len(_CLASS_MARKS) >= 50_000:
        _CLASS_MARKS.clear()
    _CLASS_MARKS[value] = hit = (reason, main, weak)
    return hit


def _marks(tag: str, attrs: dict[str, Any], lex: MarkupLexicon) -> tuple[str | None, bool, bool]:
    """(boilerplate reason or None, main-content mark, weak mark) of one element from its tag and
    attributes. Tags, roles, itemprops and hiding are strong marks; words of class names are weak."""
    reason = lex.tags.get(tag)
    weak = False
    main = tag in ("main", "article")
    if "hidden" in attrs:
        return "hidden", False, False
    style = attrs.get("style")
    if style and ("none" in style or "hidden" in style):
        s = style.replace(" ", "").lower()
        if "display:none" in s or "visibility:hidden" in s:
            return "hidden", False, False
    aria = attrs.get("aria-hidden")
    if aria and aria.strip().lower() == "true":
        return "hidden", False, True  # weak: collapsed accordions and tabs hide content this way
    role = attrs.get("role")
    if role:
        r = lex.roles.get(role.strip().lower())
        if r == "main":
            main = True
        elif r and reason is None:
            reason = r
    itemprop = attrs.get("itemprop")
    if itemprop:
        ip = itemprop.strip().lower()
        if ip in lex.main_itemprops:
            main = True
        elif ip in lex.comment_itemprops and reason is None:
            reason = "comment-section"
    for name in ("class", "id"):
        value = attrs.get(name)
        if value:
            r, m, w = _class_marks(value, lex)
            if r == "hidden":
                return "hidden", False, True  # weak, as aria-hidden
            main = main or m
            if reason is None and r is not None:
                reason, weak = r, w
    return reason, main, weak


def _squeeze(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


class _Walker:
    """The walk's state: the open block's text, the elements met, the hints' raw values."""

    def __init__(self, lex: MarkupLexicon):
        self.lex = lex
        self.blocks: list[Block] = []
        self.elements: list[Element] = []
        self.hints = RawHints()
        self.parts: list[str] = []
        self.link_chars = 0
        self.links = 0
        self.block_tag = "body"
        self.block_path: tuple[int, ...] = ()
        self.block_noscript = False

    def flush(self) -> None:
        if self.parts:
            text = _squeeze(self.parts)
            if text:
                self.blocks.append(Block(text, self.block_tag, len(text), min(self.link_chars, len(text)), self.links,
                                         self.block_path, self.block_noscript))
            self.parts = []
        self.link_chars = 0
        self.links = 0

    def head_element(self, node, tag: str) -> None:
        """`<title>`, `<meta>` and JSON-LD wherever they are (some pages put them in the body)."""
        if tag == "title":
            if self.hints.title is None:
                self.hints.title = node.text(deep=True)
        elif tag == "meta":
            attrs = node.attributes
            content = attrs.get("content")
            if content is not None:
                key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
                if key and key not in self.hints.meta:
                    self.hints.meta[key] = content
        elif tag == "script":
            if "ld+json" in (node.attributes.get("type") or "").lower():
                self.hints.ld_scripts.append(node.text(deep=True))

    def walk(self, node, path: tuple[int, ...], in_link: bool, noscript: bool) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                t = child.text_content
                if t:
                    self.parts.append(t)
                    if in_link:
                        self.link_chars += len(t.strip())
                continue
            if tag[0] in "-!_":
                continue  # comments, doctype
            if tag in _SKIP_TAGS or tag in ("title", "meta"):
                if tag in ("title", "meta", "script"):
                    self.head_element(child, tag)
                elif tag == "head":
                    self._walk_head(child)
                continue
            attrs = child.attributes
            if attrs:
                if "itemprop" in attrs and tag != "meta":
                    ip = (attrs.get("itemprop") or "").strip().lower()
                    if ip in ("datepublished", "datemodified"):
                        value = attrs.get("datetime") or attrs.get("content") or ""
                        self.hints.itemprops.setdefault(ip, value)
                        if ip == "datepublished" and value and tag != "time":
                            self.hints.dates_at.append((len(self.blocks), value))
                if tag == "time" and attrs.get("datetime"):
                    self.hints.times.append(attrs["datetime"])
                    self.hints.dates_at.append((len(self.blocks), attrs["datetime"]))
                reason, main, weak = _marks(tag, attrs, self.lex)
            else:
                reason, main, weak = self.lex.tags.get(tag), tag in ("main", "article"), False
            if tag == "h1" and len(self.hints.h1) < 8:
                self.hints.h1.append(child.text(deep=True))
            is_block = tag in _BLOCK_TAGS
            sub_path = path
            if is_block or reason is not None or main:
                self.elements.append(Element(tag, path[-1] if path else -1, reason, main, weak))
                sub_path = path + (len(self.elements) - 1,)
            if is_block:
                self.flush()
                if tag == "br" or tag == "hr":
                    continue
                inner_noscript = noscript or tag == "noscript"
                self.block_tag, self.block_path, self.block_noscript = tag, sub_path, inner_noscript
                self.walk(child, sub_path, in_link, inner_noscript)
                self.flush()
                # Text after this element belongs to the enclosing block again.
                self.block_tag, self.block_path, self.block_noscript = (
                    self.elements[path[-1]].tag if path else "body"), path, noscript
            else:
                if sub_path is not path:
                    self.flush()  # an inline element with its own mark makes a block of its own
                    self.block_tag, self.block_path = tag, sub_path
                link = tag == "a"
                if link:
                    self.links += 1
                self.walk(child, sub_path, in_link or link, noscript or tag == "noscript")
                if sub_path is not path:
                    self.flush()
                    self.block_tag, self.block_path = (self.elements[path[-1]].tag if path else "body"), path

    def _walk_head(self, head) -> None:
        for child in head.iter(include_text=False):
            tag = child.tag
            if tag in ("title", "meta", "script"):
                self.head_element(child, tag)


def read_tree(html: str) -> PageTree:
    """Parse `html` once and walk it: blocks, elements, raw hint values."""
    from selectolax.lexbor import LexborHTMLParser

    parser = LexborHTMLParser(html)
    w = _Walker(markup_lexicon())
    w.hints.source = html
    root = parser.root
    if root is not None:
        w.hints.lang = (root.attributes.get("lang") or root.attributes.get("xml:lang") or "").strip()
        w.walk(root, (), False, False)
        w.flush()
    elements = w.elements
    for b in w.blocks:
        for e in b.path:
            el = elements[e]
            el.chars += b.chars
            el.link_chars += b.link_chars
    return PageTree(w.blocks, w.elements, w.hints)
