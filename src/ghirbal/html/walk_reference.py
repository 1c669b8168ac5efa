"""The pure-Python reference of the tree walk and the markup verdicts: the straightforward versions
that `blocks.read_tree` and `markup.judge` replaced for speed. They must give identical blocks,
elements, hint values and verdicts (tests/test_html_fast_walk.py holds them to it on the dev pages);
nothing in the cleaning path calls them."""

from __future__ import annotations

from typing import Any

from ghirbal.html.blocks import (
    _BLOCK_TAGS,
    _SKIP_TAGS,
    _WORD_SPLIT,
    Block,
    Element,
    MAIN_TAGS,
    MarkupLexicon,
    OVERLAY_MARK,
    PageTree,
    parse,
    RawHints,
    _compound_mark,
    _inline_gap,
    _marks,
    _squeeze,
    markup_lexicon,
)
from ghirbal.html.markup import Judgement, Marks, judge_with


def class_marks_reference(value: str, lex: MarkupLexicon) -> tuple[str | None, bool, bool]:
    """`blocks._class_marks` without its caches: each class name's words looked up in turn."""
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
        if (reason is None or weak) and lex.compounds:
            r = _compound_mark(_WORD_SPLIT.split(cls), lex)
            if r is not None:
                reason, weak = r, False
                continue
        if reason is None:
            for w in _WORD_SPLIT.split(cls):
                reason = lex.tokens.get(w)
                if reason is not None:
                    weak = reason != "comment-section"
                    break
    return reason, main, weak


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
        self.shown = 0  # characters of text met, blank space at either end of a text node left out
        self.gap = False  # a space owed before the next text (`blocks._inline_gap`)

    def flush(self) -> None:
        self.gap = False
        if self.parts:
            text = _squeeze(self.parts)
            if text:
                self.blocks.append(Block(text, self.block_tag, len(text), min(self.link_chars, len(text)), self.links,
                                         self.block_path, self.block_noscript))
            self.parts = []
        self.link_chars = 0
        self.links = 0

    def head_element(self, node, tag: str) -> None:
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
        last = 0  # characters the last inline child showed (0 after text or a block)
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                t = child.text_content
                if t:
                    if self.gap and self.parts and _inline_gap(self.parts[-1], t):
                        self.parts.append(" ")
                        if in_link:  # (the space before a link's text is the link's)
                            self.link_chars += 1
                    self.gap = False
                    self.parts.append(t)
                    self.shown += len(t.strip())
                    if in_link:
                        self.link_chars += len(t.strip())
                last = 0
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
                reason, main, weak = self.lex.tags.get(tag), tag in MAIN_TAGS, False
            if tag == "h1" and len(self.hints.h1) < 8:
                self.hints.h1.append(child.text(deep=True))
            is_block = tag in _BLOCK_TAGS
            sub_path = path
            if is_block or reason is not None or main:
                self.elements.append(Element(tag, path[-1] if path else -1, reason, main, weak))
                if reason == OVERLAY_MARK:
                    self.hints.overlays.append(len(self.elements) - 1)
                sub_path = path + (len(self.elements) - 1,)
            if is_block:
                last = 0
                self.flush()
                if tag == "br" or tag == "hr":
                    continue
                inner_noscript = noscript or tag == "noscript"
                self.block_tag, self.block_path, self.block_noscript = tag, sub_path, inner_noscript
                self.walk(child, sub_path, in_link, inner_noscript)
                self.flush()
                self.block_tag, self.block_path, self.block_noscript = (
                    self.elements[path[-1]].tag if path else "body"), path, noscript
            else:
                owed = self.gap
                if sub_path is not path:
                    last = 0
                    self.flush()
                    self.block_tag, self.block_path = tag, sub_path
                elif last >= self.lex.inline_gap_min_chars:
                    self.gap = True  # an inline element right after another that showed text
                start = self.shown
                link = tag == "a"
                if link:
                    self.links += 1
                before = len(self.blocks), len(self.elements), self.link_chars
                self.walk(child, sub_path, in_link or link, noscript or tag == "noscript")
                if (link and sub_path is path and path and "href" in attrs
                        and before == (len(self.blocks), len(self.elements), self.link_chars)):
                    self.hints.empty_links.append(path[-1])  # an overlay link, a linked picture
                if sub_path is not path:
                    self.flush()
                    self.block_tag, self.block_path = (self.elements[path[-1]].tag if path else "body"), path
                elif self.shown != start:
                    self.gap = False
                    last = self.shown - start
                else:
                    self.gap = owed

    def _walk_head(self, head) -> None:
        for child in head.iter(include_text=False):
            tag = child.tag
            if tag in ("title", "meta", "script"):
                self.head_element(child, tag)


def read_tree_reference(html: str) -> PageTree:
    """`blocks.read_tree`, the straightforward way."""
    parser = parse(html)
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


def _mark_reasons_by_path(blocks: list[Block], elements: list[Element], marks: Marks) -> list[str | None]:
    reasons: list[str | None] = [None] * len(blocks)
    for i, b in enumerate(blocks):
        in_main = False
        for e in b.path:
            el = elements[e]
            if marks.drops(el, in_main):
                reasons[i] = el.mark
                break
            in_main = in_main or el.main
    return reasons


def _readable_text_by_path(blocks: list[Block], elements: list[Element], reasons: list[str | None]) -> list[int]:
    good = [0] * len(elements)
    for b, r in zip(blocks, reasons):
        if r is None:
            for e in b.path:
                good[e] += b.chars - b.link_chars
    return good


def _inside_by_path(blocks: list[Block], elements: list[Element], container: int) -> list[bool]:
    return [container in b.path for b in blocks]


def judge_reference(tree: PageTree, cfg: dict[str, Any]) -> Judgement:
    """`markup.judge` with every block walking its own path."""
    return judge_with(tree, cfg, _mark_reasons_by_path, _readable_text_by_path, _inside_by_path)
