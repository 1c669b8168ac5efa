"""The learned markup correction: how much a block's markup changes the line model's verdict on its text.

The line model (`ghirbal.linemodel`) reads a block's text and its neighbours' and gives a log-odds
that it is story text. On a parsed page the markup knows more: whether the block sits in the main
container, how deep below it, its tag, its link text, the marks above it, where on the page it
stands, how much of the page the container holds. A gradient-boosted tree ensemble trained on the
tuning half of wcxb-dev's HTML (`python -m ghirbal.html.train_blocks`), boosted from the line
model's log-odds, gives the correction; the story-block search then runs on the corrected log-odds.
The correction (times `block_model_scale`) comes on top of the hand-set container bonus, for the
blocks the markup does not drop (dropped blocks stay dropped with their reason code), except the
lines the caller holds to the line model's verdict (the head, date stamps: `tree_path`), the
container's first lines that the line model is sure are not body (`line_model_head`), and pages whose
markup says nothing. The correction fades out where the line model's log-odds lie beyond those the
trees were trained on (`_fade`): the English pages' line model never was as sure as the Arabic one is
on Arabic pages. Off with `[html] block_model = "none"`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import orjson

from ghirbal.html.blocks import HEADINGS, MAIN_TAGS, PageTree, compiled_passes
from ghirbal.html.markup import Judgement
from ghirbal.linemodel import LineModel

FEATURES = (
    "text_logit", "prev_logit", "next_logit",  # the line model's verdicts on the block and its neighbours
    "has_container", "inside", "depth_below_container", "container_share",
    "link_share", "links", "log_chars", "depth",
    "heading", "list_item", "table_cell", "paragraph", "div_or_span", "link_block",
    "in_main", "in_declared_body", "weak_mark_above", "in_list", "in_table",
    "position", "chars_before_share", "rule_adjust", "dropped_neighbours",
)


def _element_flags_reference(elements: list, container: int, main_tags: tuple[str, ...]) -> tuple[bytes, list[int]]:
    """Per element, five flags for itself or an element above it (main content, a declared body, a
    weak mark, a list, a table), packed as bytes row by row, and its depth below the container (-1
    outside it). A parent comes before its children. (Compiled within html/_passes.pyx block_rows.)"""
    m = len(elements)
    flags = bytearray(5 * m)
    below = [-1] * m
    for e, el in enumerate(elements):
        p = el.parent
        own = (el.main, el.main and el.tag not in main_tags, el.weak, el.tag in ("ul", "ol"), el.tag == "table")
        for k in range(5):
            flags[5 * e + k] = own[k] or (p >= 0 and flags[5 * p + k])
        below[e] = 0 if e == container else (below[p] + 1 if p >= 0 and below[p] >= 0 else -1)
    return bytes(flags), below


# The tag features (FEATURES "heading" .. "link_block"), one column each, by the block's tag.
_TAG_COLUMNS = ("h1 h2 h3 h4 h5 h6", "li", "td th", "p", "div span", "a")
_TAG_CODE = {t: k + 1 for k, tags in enumerate(_TAG_COLUMNS) for t in tags.split()}  # 0: any other tag
_TAG_TABLE = np.eye(len(_TAG_COLUMNS) + 1)[:, 1:]  # a tag code -> its row of the tag columns
assert set(_TAG_CODE) >= HEADINGS


def _block_columns_reference(blocks: list, m: int, tag_codes: dict[str, int]) -> bytes:
    """Per block, its innermost element (`m` for a block outside every element), chars, link chars,
    links, depth (elements above it) and tag code (`tag_codes`, 0 for another tag), as float64 bytes
    row by row. (Compiled within html/_passes.pyx block_rows.)"""
    cols = np.array([(b.path[-1] if b.path else m, b.chars, b.link_chars, b.links, len(b.path), tag_codes.get(b.tag, 0))
                     for b in blocks], dtype=np.float64).reshape(len(blocks), 6)
    return cols.tobytes()


def block_rows(tree: PageTree, verdict: Judgement, logits: np.ndarray) -> np.ndarray:
    """One row of FEATURES per block (the page's lines, in order). What the elements above a block
    say is settled once per element (a parent comes before its children), then read at the block's
    innermost element. (Compiled: html/_passes.pyx block_rows, in C loops instead of some forty small
    numpy operations a page; `_block_rows_reference` in Python.)"""
    fast = compiled_passes()
    if fast is None:
        return _block_rows_reference(tree, verdict, logits)
    n = len(tree.blocks)
    rows = np.zeros((n, len(FEATURES)))
    if n:
        fast.block_rows(rows, tree.blocks, tree.elements, verdict.container, verdict.inside, verdict.adjust,
                        verdict.reasons, np.ascontiguousarray(logits, dtype=np.float64), _TAG_CODE, MAIN_TAGS)
        rows[:, 9] = np.log1p(rows[:, 9])  # (numpy's log1p, as the reference's: C's differs in the last bit)
    return rows


def _block_rows_reference(tree: PageTree, verdict: Judgement, logits: np.ndarray) -> np.ndarray:
    """`block_rows` with numpy operations on the columns."""
    blocks, elements = tree.blocks, tree.elements
    n = len(blocks)
    rows = np.zeros((n, len(FEATURES)))
    if n == 0:
        return rows
    container = verdict.container
    m = len(elements)
    packed, depths = _element_flags_reference(elements, container, MAIN_TAGS)
    flags = np.zeros((m + 1, 5), dtype=bool)  # row m: a block outside every element
    if m:
        flags[:m] = np.frombuffer(packed, dtype=np.uint8).reshape(m, 5).astype(bool)
    below = np.array(depths + [-1], dtype=np.int64)
    packed = _block_columns_reference(blocks, m, _TAG_CODE)
    cols = np.frombuffer(packed, dtype=np.float64).reshape(n, 6)
    at = cols[:, 0].astype(np.intp)
    chars = cols[:, 1]
    total = chars.sum() or 1.0
    lg = np.asarray(logits, dtype=np.float64)
    rows[:, 0] = lg
    rows[1:, 1] = lg[:-1]
    rows[:-1, 2] = lg[1:]
    rows[:, 3] = container >= 0
    rows[:, 4] = verdict.inside
    rows[:, 5] = below[at]
    rows[:, 6] = elements[container].chars / total if container >= 0 else 0.0
    rows[:, 7] = cols[:, 2] / np.maximum(chars, 1.0)
    rows[:, 8] = cols[:, 3]
    rows[:, 9] = np.log1p(chars)
    rows[:, 10] = cols[:, 4]
    rows[:, 11:17] = _TAG_TABLE[cols[:, 5].astype(np.intp)]
    rows[:, 17:22] = flags[at]
    rows[:, 22] = np.arange(n) / n
    rows[:, 23] = (np.cumsum(chars) - chars) / total
    rows[:, 24] = verdict.adjust
    dropped = np.array([r is not None for r in verdict.reasons], dtype=np.float64)
    padded = np.concatenate([np.zeros(2), dropped, np.zeros(2)])
    near = padded[0:n] + padded[1:n + 1] + padded[3:n + 3] + padded[4:n + 4]
    count = np.full(n, 4.0)
    count[:2] -= (2, 1)[: min(2, n)]
    count[n - 2:] -= (1, 2)[-min(2, n):]
    rows[:, 25] = near / np.maximum(count, 1.0)
    return rows


@lru_cache(maxsize=4)
def block_model(name: str) -> LineModel | None:
    """The correction model named in `[html] block_model` ("" = the packaged one, "none" = off, or a path)."""
    if name == "none":
        return None
    if not name:
        ref = resources.files("ghirbal.html").joinpath("block_model.json")
        if not ref.is_file():
            return None
        return LineModel(orjson.loads(ref.read_bytes()), features=FEATURES)
    return LineModel(orjson.loads(Path(name).read_bytes()), features=FEATURES)


def _fade(model: LineModel, logits: np.ndarray, fade: float) -> np.ndarray:
    """Per line, the share of the correction it gets: all of it while the line model's log-odds lie in
    the range the trees were trained on (`info["logit_range"]`), none `fade` log-odds beyond it, in a
    straight line between. Past that range the trees never saw a line: a line model surer than on any
    training page (the Arabic line model on Arabic pages: chrome at -7, where the English pages' lines
    lie within -4.1..3.1) would get the correction of the nearest lines seen, +3 to +5 on every line."""
    span = model.info.get("logit_range")
    if not span or fade <= 0:
        return np.ones(len(logits))
    beyond = np.maximum(np.maximum(logits - span[1], span[0] - logits), 0.0)
    return np.clip(1.0 - beyond / fade, 0.0, 1.0)


def line_model_head(verdict: Judgement, logits: np.ndarray, head_lines: int) -> slice:
    """The container's lines above the first one the line model calls body (log-odds above 0), at most
    `head_lines` of them: where the line model sets apart the headline, byline, dateline and caption.
    (`_spare_the_head` in tree_path ends the head at the first prose line: a long headline is one.)"""
    inside, reasons = verdict.inside, verdict.reasons
    n = len(inside)
    start = next((i for i, x in enumerate(inside) if x), n)
    end = min(start + head_lines, n)
    first = next((i for i in range(start, end) if inside[i] and reasons[i] is None and logits[i] > 0), end)
    return slice(start, first)


def corrected(model: LineModel, tree: PageTree, verdict: Judgement, logits: np.ndarray, scale: float = 1.0,
              fixed: list[bool] | None = None, head_lines: int = 0, head_sure: float = -2.0,
              fade: float = 0.0) -> np.ndarray:
    """The line model's log-odds with the markup's correction added (blocks the markup drops keep theirs).
    A page whose markup says nothing about its lines gets none: no container, no mark and no link
    (plain lines in paragraphs, divs or table rows; the correction was learned on pages with markup).
    `fixed`: lines that keep the line model's verdict (the head up to the container's first prose line,
    date stamps: `tree_path`); so do the container's first lines up to the first one the line model
    calls body, at most `head_lines` (`line_model_head`), that it is sure are not (log-odds at most
    `head_sure`); `fade`: how far beyond the log-odds the trees were trained on the correction fades
    out (`_fade`)."""
    out = np.array(logits, dtype=np.float64)
    keep = np.array([r is None for r in verdict.reasons], dtype=bool)
    if fixed is not None:
        keep &= ~np.asarray(fixed, dtype=bool)  # lines that keep the line model's verdict (head, stamps)
    if head_lines > 0 and verdict.container >= 0:
        head = line_model_head(verdict, out, head_lines)
        keep[head] &= out[head] > head_sure  # the head lines the line model is sure are not body
    silent = verdict.container < 0 and all(r is None for r in verdict.reasons) and not any(b.links for b in tree.blocks)
    if not silent and keep.any():
        rows = block_rows(tree, verdict, out)
        # trees boosted from the line model's log-odds: a correction, faded where the log-odds are past the trees'
        out[keep] += scale * model.logits(rows[keep]) * _fade(model, out[keep], fade)
    return out
