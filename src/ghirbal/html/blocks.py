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

from ghirbal.html.noscript import close_noscript_iframes, ends_in_iframe
from ghirbal.lexicon import read_toml
from ghirbal.linemodel import compiled

# Elements whose start and end break the text into blocks (the rest are inline and join their text).
# (`<video>`/`<audio>` are boxes: the text inside is the fallback shown when the media cannot play.)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul caption br option noscript video audio".split()
)
# Elements whose text is never page text.
_SKIP_TAGS = frozenset("script style template svg math head iframe object embed canvas textarea select noembed".split())
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Elements that mark main content by their tag alone (forum software wraps every post in one, blogs every
# teaser card: a weaker sign than a main-content class or itemprop).
MAIN_TAGS = ("main", "article")
# Marks that give the text under them a role instead of dropping it (`html.captions`).
ROLE_MARKS = frozenset(("caption",))
# The mark of a product-only word (`MarkupLexicon.product_tokens`): `markup.judge` turns it into
# `comment-section` on a product's page and clears it on any other.
PRODUCT_MARK = "product-reviews"
# ...and of a product-only tooltip word (`MarkupLexicon.product_tip_tokens`): `hidden` on a product's
# page, cleared on any other.
PRODUCT_TIP_MARK = "product-tooltip"
# ...and of a product-only note word (`MarkupLexicon.product_note_tokens`): `aside` on a product's page,
# cleared on any other.
PRODUCT_NOTE_MARK = "product-note"
# The mark of an overlay laid over the page (lexicon/html.toml: `role=dialog`/`alertdialog`, `<dialog>`):
# `markup.judge` makes it `aside`, a mark that holds whatever the overlay's size (`markup.hold_overlays`).
OVERLAY_MARK = "overlay"


@dataclass(slots=True)
class Block:  # (`BlockReference`: the reference of `_records.Block`)
    """One line of the page from the tree."""

    text: str
    tag: str  # the block-level element that holds the text
    chars: int  # characters of text (no spaces squeezed away twice)
    link_chars: int  # ... of them inside <a href>
    links: int  # <a> elements that end in this block
    path: tuple[int, ...]  # ids of the elements above it (index into `PageTree.elements`), outermost first
    noscript: bool = False


@dataclass(slots=True)
class Element:  # (`ElementReference`: the reference of `_records.Element`)
    """An element that can mark its blocks: its tag and the marks its attributes give."""

    tag: str
    parent: int  # element id, -1 for the root
    mark: str | None = None  # a boilerplate reason from the markup (nav, aside, comment-section, hidden, form),
    # or a role mark (`ROLE_MARKS`: caption)
    main: bool = False  # <main>, <article>, role=main, itemprop=articleBody, a main-content class
    weak: bool = False  # the mark comes from a word of a class or id name only
    chars: int = 0  # text characters of the blocks under it (filled in after the walk)
    link_chars: int = 0  # ... of them inside links


BlockReference, ElementReference = Block, Element
try:  # the same records made in C and not tracked by the cycle collector (`_records.pyx`): the walk makes ~1,200 a page
    from ghirbal.html._records import Block, Element  # type: ignore[no-redef]  # noqa: F811
except ImportError:  # not built: the dataclasses above
    pass


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
    # ...and its bytes, when their encoding writes ASCII as ASCII: the ASCII keys are searched there first
    # (with `source` "", a page in UTF-8 not decoded: `decode.plain_utf8`)
    source_bytes: bytes | None = None
    # Elements (ids) that hold an `<a href>` with no text of its own: an overlay link laid over a card
    # (its name in `aria-label`), a linked picture. The blocks count no link there (`html.cards`).
    empty_links: list[int] = field(default_factory=list)
    # Elements (ids) marked as overlays (`OVERLAY_MARK`; `markup.settle_overlays` makes their mark `aside`).
    overlays: list[int] = field(default_factory=list)


@dataclass(slots=True)
class PageTree:
    blocks: list[Block]
    elements: list[Element]
    hints: RawHints
    # The runs of cards found so far, by (card_min_blocks, card_min_run): `cards.card_runs` reads the
    # tree's shapes only, which no pass changes, and several passes ask for them
    card_runs: dict[tuple[int, int], list[list[int]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MarkupLexicon:
    """lexicon/html.toml [markup]: class/id tokens and roles that mark boilerplate or main content."""

    tokens: dict[str, str]  # class/id word -> reason
    whole_classes: dict[str, str]  # whole class names -> reason ("hidden" utilities, compound names)
    compounds: dict[str, list[tuple[str, str]]]  # class/id word -> (other word, reason): both in one name
    roles: dict[str, str]  # role attribute -> reason or "main"
    tags: dict[str, str]  # element -> reason
    main_classes: frozenset[str]
    main_itemprops: frozenset[str]
    comment_itemprops: frozenset[str]
    panel_roles: frozenset[str] = frozenset()  # roles of a panel that a page collapses (accordion, tab)
    # Words of class/id names that mark boilerplate on one product's page only (its reviews): the mark
    # `PRODUCT_MARK`, weaker than any other, that `markup.judge` settles by the page's kind.
    product_tokens: frozenset[str] = frozenset()
    # Words of class/id names that mark a tooltip's box on one product's page ("tooltip", and "tool-tip"
    # read as one word): the mark `PRODUCT_TIP_MARK`, settled as `PRODUCT_MARK` is.
    product_tip_tokens: frozenset[str] = frozenset()
    # Words of class/id names that mark the small print below a product ("disclaimer", "legal"): the
    # mark `PRODUCT_NOTE_MARK`, settled as `PRODUCT_MARK` is.
    product_note_tokens: frozenset[str] = frozenset()
    # Characters an inline element shows before the inline element right after it is read apart from
    # it (`_walk_python`'s gap, `_inline_gap`).
    inline_gap_min_chars: int = 2


def _compounds(table: dict[str, list[list[str]]]) -> dict[str, list[tuple[str, str]]]:
    """[markup.compounds]: reason -> word pairs, as first word -> [(second word, reason)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    for reason, pairs in table.items():
        for first, second in pairs:
            out.setdefault(first.lower(), []).append((second.lower(), reason))
    return out


def _compound_mark(words: list[str], lex: MarkupLexicon) -> str | None:
    """The reason of a pair of words that one class or id name holds together ("author-bio"), if any."""
    for w in words:
        for other, reason in lex.compounds.get(w, ()):
            if other in words:
                return reason
    return None


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
        compounds=_compounds(lex.get("compounds", {})),
        roles={k.lower(): v for k, v in lex["roles"].items()},
        tags=dict(lex["tags"]),
        main_classes=frozenset(c.lower() for c in lex["main_classes"]),
        main_itemprops=frozenset(c.lower() for c in lex["main_itemprops"]),
        comment_itemprops=frozenset(c.lower() for c in lex["comment_itemprops"]),
        panel_roles=frozenset(c.lower() for c in lex.get("panel_roles", ())),
        product_tokens=frozenset(w.lower() for w in lex.get("product_tokens", ())),
        product_tip_tokens=frozenset(w.lower() for w in lex.get("product_tip_tokens", ())),
        product_note_tokens=frozenset(w.lower() for w in lex.get("product_note_tokens", ())),
        inline_gap_min_chars=max(1, int(lex.get("inline_gap_min_chars", 2))),
    )


_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CLASS_MARKS: dict[str, tuple[str | None, bool, bool]] = {}  # class/id value -> (reason, main, weak)
# One class name (lower-cased) -> what the lexicon says of it: (whole-name reason, main-content class,
# reason of a pair of its words, reason of its first known word). Names recur in many values.
_NAME_MARKS: dict[str, tuple[str | None, bool, str | None, str | None]] = {}


def _name_marks(name: str, lex: MarkupLexicon) -> tuple[str | None, bool, str | None, str | None]:
    words = [name] if name.isalnum() and name.isascii() else _WORD_SPLIT.split(name)
    first = None
    if not lex.tokens.keys().isdisjoint(words):  # (most names hold no known word)
        for w in words:
            first = lex.tokens.get(w)
            if first is not None:
                break
    pair = _compound_mark(words, lex) if not lex.compounds.keys().isdisjoint(words) else None
    if len(_NAME_MARKS) >= 50_000:
        _NAME_MARKS.clear()
    _NAME_MARKS[name] = hit = (lex.whole_classes.get(name), name in lex.main_classes, pair, first)
    return hit


def _class_marks(value: str, lex: MarkupLexicon) -> tuple[str | None, bool, bool]:
    """(reason, main, weak) of a class or id value: a whole name first (hidden utilities, compound
    names, main-content classes), else the first of its words that the lexicon knows: a *weak* mark
    (page builders put "widget" or "side" in the class of every content box)."""
    hit = _CLASS_MARKS.get(value)
    if hit is not None:
        return hit
    reason, main, weak = None, False, False
    names = _NAME_MARKS
    for cls in value.lower().split():
        whole, main_class, pair, word = names.get(cls) or _name_marks(cls, lex)
        if whole == "hidden":
            reason, weak = "hidden", False
            break
        if main_class:
            main = True
        if whole is not None and (reason is None or weak):
            reason, weak = whole, False
        if (reason is None or weak) and pair is not None:
            reason, weak = pair, False  # a pair says more than one word: it holds like a whole name
            continue
        if reason is None and word is not None:
            reason, weak = word, word != "comment-section"  # "comments-area" is no page-builder box
    if len(_CLASS_MARKS) >= 50_000:
        _CLASS_MARKS.clear()
    _CLASS_MARKS[value] = hit = (reason, main, weak)
    return hit


def _tip_word(words: list[str], tokens: frozenset[str]) -> bool:
    """Does a class or id name hold a tooltip word, alone or split in two ("tool-tip", "tool_tip")?"""
    if not tokens:
        return False
    return any(w in tokens or (k + 1 < len(words) and w + words[k + 1] in tokens) for k, w in enumerate(words))


def _marks(tag: str, attrs: dict[str, Any], lex: MarkupLexicon) -> tuple[str | None, bool, bool]:
    """(boilerplate reason or None, main-content mark, weak mark) of one element from its tag and
    attributes. Tags, roles, itemprops and hiding are strong marks; words of class names are weak."""
    reason = lex.tags.get(tag)
    weak = False
    main = tag in MAIN_TAGS
    if "hidden" in attrs:
        return "hidden", False, False
    style = attrs.get("style")
    if style and ("none" in style or "hidden" in style):
        s = style.replace(" ", "").lower()
        if "display:none" in s or "visibility:hidden" in s:
            # An accordion's or a tab's closed panel is content the reader opens: weak, as aria-hidden.
            role = attrs.get("role")
            return "hidden", False, bool(role) and role.strip().lower() in lex.panel_roles
    aria = attrs.get("aria-hidden")
    if aria and aria.strip().lower() == "true" and tag != "a":
        # Weak: collapsed accordions and tabs hide content this way. (On a link it hides a duplicate
        # from screen readers only, a teaser's text linked beside its headline: no mark.)
        return "hidden", False, True
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
    product = False  # a word of `lex.product_tokens` in the class or id
    tip = False  # a word of `lex.product_tip_tokens`
    note = False  # a word of `lex.product_note_tokens`
    for name in ("class", "id"):
        value = attrs.get(name)
        if value:
            r, m, w = _class_marks(value, lex)
            if r == "hidden":
                return "hidden", False, True  # weak, as aria-hidden
            main = main or m
            if reason is None and r is not None and not (r in ROLE_MARKS and tag not in _BLOCK_TAGS):
                # (a "caption" class on inline markup is a text style: shops' small print, rating counts)
                reason, weak = r, w
            if (lex.product_tokens or lex.product_tip_tokens or lex.product_note_tokens) and not tip \
                    and tag in _BLOCK_TAGS:
                words = _WORD_SPLIT.split(value.lower())
                product = product or not lex.product_tokens.isdisjoint(words)
                note = note or not lex.product_note_tokens.isdisjoint(words)
                tip = _tip_word(words, lex.product_tip_tokens)
    if reason is None and (product or tip or note) and tag in _BLOCK_TAGS:
        # (block elements only: a mark makes a block of an inline element, and this one must leave
        # every other page's blocks as they were; a tooltip's word beats the others:
        # "reviews-disclaimer-tooltip" is the note on the reviews, not the reviews; a note's beats a
        # review's: "reviews-disclaimer" is small print too)
        return (PRODUCT_TIP_MARK if tip else PRODUCT_NOTE_MARK if note else PRODUCT_MARK), main, False
    return reason, main, weak


def _squeeze(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


# What the walk does with an element, by tag (one look-up a node instead of several set tests).
_INLINE, _BLOCK, _BREAK, _SKIP, _HEAD_VALUE, _HEAD = range(6)
_KIND: dict[str, int] = {tag: _SKIP for tag in _SKIP_TAGS}
_KIND.update({tag: _BLOCK for tag in _BLOCK_TAGS})
_KIND.update(br=_BREAK, hr=_BREAK, title=_HEAD_VALUE, meta=_HEAD_VALUE, script=_HEAD_VALUE, head=_HEAD)
# Attributes besides class and id that `_marks` reads. An element's marks depend on its tag and these
# attributes only, and are remembered by them: by tag, class and id when it has none of the others
# (most elements), else by `_marks_key`.
_MARK_ATTRS = frozenset(("hidden", "style", "aria-hidden", "role", "itemprop"))
_PLAIN_MARKS: dict[tuple, tuple[str | None, bool, bool]] = {}


def _marks_key(tag: str, attrs: dict[str, Any]) -> tuple:
    """Everything `_marks` reads of an element."""
    return (tag, attrs.get("class"), attrs.get("id"), "hidden" in attrs, attrs.get("style"), attrs.get("aria-hidden"),
            attrs.get("role"), attrs.get("itemprop"))


def _head_element(node, tag: str, hints: RawHints) -> None:
    """`<title>`, `<meta>` and JSON-LD wherever they are (some pages put them in the body)."""
    if tag == "title":
        if hints.title is None:
            hints.title = node.text(deep=True)
    elif tag == "meta":
        attrs = node.attributes
        content = attrs.get("content")
        if content is not None:
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
            if key and key not in hints.meta:
                hints.meta[key] = content
    elif tag == "script":
        if "ld+json" in (node.attributes.get("type") or "").lower():
            hints.ld_scripts.append(node.text(deep=True))


def _element_hints(tag: str, attrs: dict[str, Any], hints: RawHints, block: int) -> None:
    """The dates an element's attributes give: `itemprop=datePublished/dateModified`, `<time datetime>`;
    `block`: the index of the block its text falls in (`RawHints.dates_at`)."""
    if "itemprop" in attrs:
        ip = (attrs.get("itemprop") or "").strip().lower()
        if ip in ("datepublished", "datemodified"):
            value = attrs.get("datetime") or attrs.get("content") or ""
            hints.itemprops.setdefault(ip, value)
            if ip == "datepublished" and value and tag != "time":
                hints.dates_at.append((block, value))
    if tag == "time" and attrs.get("datetime"):
        hints.times.append(attrs["datetime"])
        hints.dates_at.append((block, attrs["datetime"]))


def _walk(root, lex: MarkupLexicon, hints: RawHints, blocks: list[Block], elements: list[Element]) -> None:
    """Walk the tree under `root` once, in document order, appending its blocks and elements (with
    their text counts) and filling `hints`: compiled (`_walk.pyx`) when built and not switched off (GHIRBAL_PURE=1), else
    `_walk_python`."""
    if _compiled_walk is not None and compiled.active():
        _compiled_walk.walk_tree(root, lex, hints, blocks, elements)
    else:
        _walk_python(root, lex, hints, blocks, elements)


def _inline_gap(before: str, text: str) -> bool:
    """Does a space go between the text of an inline element (`before`: its last piece) and the text of
    the inline element met right after it, with nothing between them (`<span>2026</span><span>1h
    43m</span>`)? When a letter or digit ends the one and starts the other: such siblings are most
    often boxes laid apart by the page's style (a card's fields, a brand and a product's name), and
    joined they make one word."""
    return before[-1].isalnum() and text[0].isalnum()


def _walk_python(root, lex: MarkupLexicon, hints: RawHints, blocks: list[Block], elements: list[Element]) -> None:
    """The walk in Python (the compiled walk's reference). The open block's state lives in closure
    variables rather than on an object, and an element's marks come from a cache when only its
    class and id can give them: this walk runs on every node of every page (walk_reference.py has
    the plain version it must agree with)."""
    parts: list[str] = []  # the open block's text pieces
    link_chars = 0  # ... of them inside <a>
    links = 0  # <a> elements met since the last block ended
    block_tag, block_path, block_noscript = "body", (), False
    kind_of = _KIND.get
    plain_marks = _PLAIN_MARKS
    mark_attrs = _MARK_ATTRS
    h1 = hints.h1
    # Inline elements side by side: an element that follows one that showed at least `gap_min`
    # characters is owed a space before its text (`_inline_gap`); after a one-letter element (a
    # heading's letters animated one by one, a drop cap) the text goes on as one word.
    shown = 0  # characters of text met so far, blank space at either end of a text node left out
    gap = False  # a space owed before the next text
    gap_min = lex.inline_gap_min_chars

    def end_block() -> None:
        nonlocal link_chars, links, gap
        gap = False
        if parts:
            text = " ".join("".join(parts).split())
            if text:
                n = len(text)
                blocks.append(Block(text, block_tag, n, link_chars if link_chars < n else n, links, block_path,
                                    block_noscript))
            parts.clear()
        link_chars = links = 0  # no text, no link text

    def walk(node, path: tuple[int, ...], in_link: bool, noscript: bool) -> None:
        nonlocal link_chars, links, block_tag, block_path, block_noscript, shown, gap
        last = 0  # characters the last inline child showed (0 after text or a block)
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                t = child.text_content
                if t:
                    if gap and parts and _inline_gap(parts[-1], t):
                        parts.append(" ")
                        if in_link:
                            # The space before a link's text is the link's: a menu of links side by
                            # side stays all link text (no readable text to draw the container to it).
                            link_chars += 1
                    gap = False
                    parts.append(t)
                    n = len(t.strip())
                    shown += n
                    if in_link:
                        link_chars += n
                last = 0
                continue
            kind = kind_of(tag)
            if kind is None:
                if tag[0] in "-!_":
                    continue  # comments, doctype
                kind = _INLINE
            elif kind >= _SKIP:
                if kind == _HEAD_VALUE:
                    _head_element(child, tag, hints)
                elif kind == _HEAD:
                    for item in child.iter(include_text=False):
                        if kind_of(item.tag) == _HEAD_VALUE:
                            _head_element(item, item.tag, hints)
                continue
            attrs = child.attributes
            if attrs and (tag == "time" or "itemprop" in attrs):  # all that `_element_hints` reads
                _element_hints(tag, attrs, hints, len(blocks))
            key = (tag, attrs.get("class"), attrs.get("id")) if mark_attrs.isdisjoint(attrs) else _marks_key(tag, attrs)
            marks = plain_marks.get(key)
            if marks is None:
                if len(plain_marks) >= 50_000:
                    plain_marks.clear()
                marks = plain_marks[key] = _marks(tag, attrs, lex)
            reason, main, weak = marks
            if tag == "h1" and len(h1) < 8:
                h1.append(child.text(deep=True))
            if kind != _INLINE or reason is not None or main:
                last = 0
                # A block element, or an inline element whose own mark makes a block of it.
                elements.append(Element(tag, path[-1] if path else -1, reason, main, weak))
                if reason == OVERLAY_MARK:
                    hints.overlays.append(len(elements) - 1)
                sub_path = path + (len(elements) - 1,)
                end_block()
                if kind == _BREAK:
                    continue
                block_tag, block_path = tag, sub_path
                if kind == _BLOCK:
                    block_noscript = noscript or tag == "noscript"
                    walk(child, sub_path, in_link, block_noscript)
                else:
                    link = tag == "a"
                    if link:
                        links += 1
                    walk(child, sub_path, in_link or link, noscript)
                end_block()
                # Text after this element belongs to the enclosing block again.
                block_tag, block_path, block_noscript = (elements[path[-1]].tag if path else "body"), path, noscript
            else:
                owed = gap  # (an outer element's, when this one shows no text)
                if last >= gap_min:
                    gap = True
                start = shown
                if tag == "a":
                    links += 1
                    before = len(blocks), len(elements), link_chars
                    walk(child, path, True, noscript)
                    if path and before == (len(blocks), len(elements), link_chars) and "href" in attrs:
                        hints.empty_links.append(path[-1])
                else:
                    walk(child, path, in_link, noscript)
                if shown != start:
                    gap = False
                    last = shown - start
                else:
                    gap = owed

    walk(root, (), False, False)
    end_block()
    _add_up(blocks, elements)


def parse(html: str | bytes):
    """selectolax's lexbor tree of a page, as the walks read it: without lexbor's mutation events
    (callbacks that mirror an `<option>` into `<selectedcontent>`, inside a `<select>` the walks skip;
    the tree is the one the source writes), which the parse spends ~2.5% of its time on; parsed again
    with its `<noscript>` iframes closed when the first parse ends inside an iframe (html/noscript.py:
    the rest of the page read as the iframe's raw text otherwise)."""
    from selectolax.lexbor import LexborHTMLParser

    parser = LexborHTMLParser(html, **_PARSE_OPTIONS)
    if ends_in_iframe(parser.root):
        fixed = close_noscript_iframes(html)
        if fixed is not html:
            parser = LexborHTMLParser(fixed, **_PARSE_OPTIONS)
    return parser


def read_tree(html: str | None, utf8: bytes | None = None) -> PageTree:
    """Parse `html` once and walk it: blocks, elements, raw hint values. `utf8`: the page's bytes when
    they are exactly `html` in UTF-8 (the parser reads them instead of encoding `html` again); `html`
    may then be None, the page not decoded (the hints decode the bytes if they need the text)."""
    parser = parse(html if utf8 is None else utf8)
    blocks: list[Block] = []
    elements: list[Element] = []
    hints = RawHints(source=html) if html is not None else RawHints(source_bytes=utf8)
    root = parser.root
    if root is not None:
        attrs = root.attributes
        hints.lang = (attrs.get("lang") or attrs.get("xml:lang") or "").strip()
        _walk(root, markup_lexicon(), hints, blocks, elements)
    return PageTree(blocks, elements, hints)


def _add_up(blocks: list[Block], elements: list[Element]) -> None:
    """Each element's text: its blocks' counts added at their innermost element, then carried up to
    the parents (a parent comes before its children in `elements`)."""
    for b in blocks:
        if b.path:
            el = elements[b.path[-1]]
            el.chars += b.chars
            el.link_chars += b.link_chars
    for el in reversed(elements):
        if el.parent >= 0:
            up = elements[el.parent]
            up.chars += el.chars
            up.link_chars += el.link_chars


def _parse_options() -> dict[str, int]:
    """`parse`'s options for selectolax: none on a selectolax that has no document options."""
    try:
        from selectolax.lexbor import LexborDocumentOptions
    except ImportError:
        return {}
    return {"options": int(LexborDocumentOptions.WO_EVENTS)}


_PARSE_OPTIONS = _parse_options()


def _configure_compiled_walk():
    """The compiled walk, given this module's helpers and selectolax's lexbor (None when it cannot run:
    not built, or selectolax's extension not as the walk reads it)."""
    try:
        from ghirbal.html import _walk
    except ImportError:  # not built: the Python walk does the work
        return None
    import selectolax.lexbor

    probe = parse("<p>ghirbal probe</p>")
    text = next(node for node in probe.root.traverse(include_text=True) if node.tag == "-text")
    # (`_marks_key` is spelled out in the walk: the walk's keys and the Python walk's fill one cache)
    ok = _walk.configure(Block, Element, _KIND, _PLAIN_MARKS, _marks, _head_element, _element_hints,
                         selectolax.lexbor.__file__, text, OVERLAY_MARK)
    return _walk if ok else None


_compiled_walk = _configure_compiled_walk()

try:
    from ghirbal.html import _passes as _compiled_passes
except ImportError:  # not built: the passes' Python versions run
    _compiled_passes = None


def compiled_passes():
    """html/_passes.pyx, the compiled passes over a page's elements and blocks (each the same as the
    Python function it names), when built and not switched off (GHIRBAL_PURE=1); else None."""
    return _compiled_passes if _compiled_passes is not None and compiled.active() else None
