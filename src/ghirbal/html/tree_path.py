"""The HTML path's article: the page's blocks, read as lines by the text path's own line rules, with
the markup's verdicts added (`markup.judge`): one mechanism gives the body and the reason codes.

A block the markup drops (`nav`, `aside`, `comment-section`, `hidden`, `form`, `link-dense`) enters the
line rules as a cue-matched line of that category: it scores as chrome and is dropped with that code.
Every other block gets the markup's score adjustment (inside or outside the main container) on top
of its prose score. Paragraph boundaries are the blocks'.
Body lines that repeat a run of body lines above are a second copy of the text (`html.copies`); body
lines under a caption element are captions (`html.captions`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import chain, compress, count
from typing import Any

import numpy as np

from ghirbal.article import assemble
from ghirbal.extract import _measure
from ghirbal.sites.domain import site_label
from ghirbal.html.blocks import PageTree
from ghirbal.html.captions import move_captions
from ghirbal.html.copies import drop_second_copies
from ghirbal.html.furniture import drop_post_fields, drop_post_furniture, field_lines
from ghirbal.features import LineFeatures, stamps
from ghirbal.html.block_model import block_model, corrected
from ghirbal.html.ld_body import follow_article_body
from ghirbal.html.listing import keep_list_intro, keep_list_items, list_cards
from ghirbal.html.markup import Judgement, judge
from ghirbal.html.product import drop_field_keys, drop_unreadable, keep_sections
from ghirbal.html.titles import headline_line
from ghirbal.lines import classify
from ghirbal.model import Article
from ghirbal.sites.domain import site_of
from ghirbal.sites.model import SiteModel, SiteModels
from ghirbal.story import is_prose


def page_lines(tree: PageTree, max_chars: int) -> list[str]:
    """The blocks' texts as the page's lines (over-long ones cut, as the text path cuts them)."""
    texts = [b.text for b in tree.blocks]
    if max(map(len, texts), default=0) > max_chars:  # (rare)
        texts = [t if len(t) <= max_chars else t[:max_chars] for t in texts]
    return texts


def _spare_the_head(verdict: Judgement, feats: list[LineFeatures], cfg: dict[str, Any], lex, head_lines: int,
                    stamp: list[bool]) -> int:
    """No container bonus for the container's lines above its first prose line, at most `head_lines`
    of them (the headline, byline, date and caption: the fields are read there), nor for date stamps
    (`stamp`: `features.stamps`). Returns the index of the line where the head ends."""
    inside, reasons, adjust = verdict.inside, verdict.reasons, verdict.adjust
    n = len(feats)
    start = next(compress(count(), inside), n)
    end = min(n, start + head_lines)
    first = next((i for i in range(start, end) if inside[i] and reasons[i] is None and is_prose(feats[i], cfg, lex)), end)
    # (no line above `start` is inside; below the head, only the stamps are looked at)
    below = max(first, start)
    for i in chain(range(start, first), compress(range(below, n), stamp[below:])):
        if reasons[i] is None and inside[i]:
            adjust[i] = 0.0
    return first


def article_from_tree(tree: PageTree, url: str | None, config: dict[str, Any], **kwargs) -> Article:
    """The article of a parsed page (`article_and_feats`, without the features)."""
    return article_and_feats(tree, url, config, **kwargs)[0]


def article_and_feats(
    tree: PageTree,
    url: str | None,
    config: dict[str, Any],
    site_model: SiteModel | SiteModels | None = None,
    crawl_date: datetime | None = None,
    product: bool = False,
    article_body: str | None = None,
    product_description: str | None = None,
    thread: bool = False,
    qa: bool = False,
    dated: bool = False,
    headlines: list[str] | None = None,
    capture: Callable[[Judgement, np.ndarray, list[bool]], None] | None = None,
) -> tuple[Article, list[LineFeatures]]:
    """The article of a parsed page and its lines' features (one per line of `article.lines`, the
    line's own text: `apply_hints` reads their keys); `product`: the markup says it is one product's page;
    `article_body`: the JSON-LD articleBody (`html.ld_body`); `product_description`: the JSON-LD
    description of the product (`html.product.keep_description`); `thread`: the markup declares a forum
    thread (its posts' furniture drops: `html.furniture`); `dated`: the markup gives a publication date
    (`markup.unmark_heading_controls`); `headlines`: the keys of the headline the
    markup's hints agree on (`html.titles.agreed_headlines`): the line rules read the line that shows
    one as the headline (`html.titles.headline_line`); `capture`: called with the markup's
    verdict, the line model's log-odds and the lines the block model leaves alone (training it,
    `html.train_blocks`)."""
    cfg = config["lines"]
    raw = page_lines(tree, cfg["max_line_chars"])
    if not raw:
        return Article(empty_reason="empty-input"), []
    verdict = judge(tree, config["html"], product, product_description, qa, thread, dated)
    follow_article_body(tree, verdict, article_body, config["html"])
    longest = max(map(len, raw))
    text = "\n".join(raw)
    # (the lines are cut already; those of no cut line are the walk's blocks, squeezed: `blocks.read_tree`)
    feats, language, lex = _measure(text, None, config, raw if longest < cfg["max_line_chars"] else None)
    for f, reason in zip(feats, verdict.reasons):
        if reason is not None and f.key:
            f.cue = reason
    if site_model is not None:
        if isinstance(site_model, SiteModels):
            site_model = site_model.get(site_of(url))
        if site_model is not None:
            site_model.mark(feats)
    stamp = stamps(feats, cfg)
    head_end = _spare_the_head(verdict, feats, cfg, lex, config["html"]["block_head_lines"], stamp)
    model = block_model(config["html"]["block_model"])
    hook = None
    if model is not None or capture is not None:
        # The head (the headline, byline and date are read there: a story block that starts earlier
        # leaves them none) and date stamps (a post's date line) keep the line model's verdict.
        if verdict.container < 0:
            head_end = 0  # no container, no head known from the markup
        held = [True] * head_end + stamp[head_end:]
        scale, fade = config["html"]["block_model_scale"], config["html"]["block_model_fade"]
        model_head = config["html"]["block_model_head_lines"], config["html"]["block_model_head_sure"]

        def hook(logits: np.ndarray) -> np.ndarray:
            if capture is not None:
                capture(verdict, logits, held)
            return corrected(model, tree, verdict, logits, scale, held, *model_head, fade) if model is not None else logits

    headline = (headline_line(headlines, tree.blocks, verdict.reasons, feats, (cfg["title_min_words"], cfg["title_max_words"]))
                if headlines else None)
    lines, layout = classify(feats, language, cfg, lex, domain_label=site_label(url), url=url,
                             score_adjust=verdict.adjust, logit_hook=hook, headline=headline)
    if longest >= cfg["max_line_chars"]:  # (a line cut to the limit, or one just as long)
        for ln, b in zip(lines, tree.blocks):
            if len(b.text) > cfg["max_line_chars"]:
                ln.drop("too-long")
    if not product:
        # (the card runs are found again only when the page holds a line the rules could keep)
        cards = None
        if layout.block is not None and any(
                ln.reason in ("headline-list", "title-repeat") for ln in lines[layout.block[0]:layout.block[1] + 1]):
            cards = list_cards(tree, verdict.reasons, verdict.inside, config["html"])
            keep_list_items(lines, feats, layout.block, cards, config["html"]["block_list_item_max_word_chars"])
        if any(ln.reason == "outside-story" and inside for ln, inside in zip(lines, verdict.inside)):
            if cards is None:
                cards = list_cards(tree, verdict.reasons, verdict.inside, config["html"])
            keep_list_intro(lines, feats, verdict.reasons, verdict.inside, cards, cfg, lex)
    if product:
        keep_sections(lines, feats, tree.blocks, verdict.reasons, verdict.inside, cfg, config["html"], lex)
        drop_unreadable(lines, config["html"])
        drop_field_keys(lines, tree.blocks, config["html"])
    drop_second_copies(lines, config["html"])
    prose = None
    if thread or verdict.thread:
        prose = [is_prose(f, cfg, lex) for f in feats]
        drop_post_furniture(lines, feats, tree.blocks, prose, config["html"])
    if not product:
        fields = field_lines(lines, raw, config["html"], text)
        if fields:  # (labels several lines show: a thread's posts may, told by their shape)
            if prose is None:  # (read only where drop_post_fields looks: kept lines, dated ones, fields)
                prose = [(ln.kept or f.date_share > 0 or i in fields) and is_prose(f, cfg, lex)
                         for i, (ln, f) in enumerate(zip(lines, feats))]
            drop_post_fields(lines, feats, tree.blocks, tree.elements, fields, prose, config["html"])
    move_captions(lines, tree, config["html"])
    art = assemble(lines, feats, layout, language, cfg, lex, crawl_date)
    art.captions = [ln.text for ln in lines if ln.role == "caption"]  # the markup's and the head's, in page order
    return art, feats
