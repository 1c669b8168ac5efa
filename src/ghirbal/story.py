"""The story block: prose scores per line and the maximum-sum run of lines that holds the story.

Each line gets a prose score: long, punctuated lines score up; cue-matched chrome, link-like lines,
date stamps and short headline-like lines score down. The story is the contiguous run with the highest
total (Kadane's maximum-sum segment): a one-sentence paragraph and a one-line menu item are told apart
by their neighbours, not by themselves.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from ghirbal.features import LineFeatures, PageKeys, is_stamp
from ghirbal.lexicon import Lexicon
from ghirbal.linemodel import compiled


def is_prose(f: LineFeatures, cfg: dict[str, Any], lex: Lexicon) -> bool:
    if f.cue or f.linky or f.words < cfg["prose_min_words"] or f.chrome_share(lex) >= cfg["chrome_word_share"]:
        return False
    if f.end_punct or f.words >= cfg["prose_long_words"]:
        return True
    if f.words < cfg["prose_mid_words"]:
        return False
    # Unpunctuated mid-length lines: commas inside, or running text's share of function words (a
    # headline is mostly content words; some sites end no paragraph with a full stop).
    return f.inner_punct >= cfg["prose_inner_punct"] or f.stop_share(lex) >= cfg["prose_stopword_share"]


def prose_scores(feats: list[LineFeatures], cfg: dict[str, Any], lex: Lexicon, page_keys: PageKeys) -> list[float]:
    scores = []
    for f in feats:
        if not f.key:
            scores.append(0.0)
        elif f.cue or f.linky:
            scores.append(cfg["cue_line_score"])
        elif is_stamp(f, cfg):
            scores.append(cfg["short_line_score"])
        elif is_prose(f, cfg, lex):
            # (Template lines of a site get their own score in lines.classify, before the block search.)
            s = min(f.words, cfg["prose_score_cap"]) / cfg["prose_score_div"]
            if f.repeats > 1 or (f.words <= 40 and page_keys.occurrences(f) > 1):
                # A paragraph that the page repeats (alone, or a headline-length one inside another
                # line) is a headline or a teaser, not the story.
                s = cfg["short_line_score"]
            scores.append(s)
        else:
            scores.append(cfg["short_line_score"])
    return scores


def model_scores(feats: list[LineFeatures], logits, cfg: dict[str, Any]) -> list[float]:
    """Block-search scores from the line model's log-odds: a confident body line counts more the longer
    it is (a paragraph outweighs a one-line menu item); chrome counts against the block it would join.
    Compiled (`_pages.model_scores`) unless the reference is switched on."""
    if compiled.active():
        return compiled.model_scores(feats, np.ascontiguousarray(logits, dtype=np.float64), cfg["model_offset"],
                                     cfg["model_cap"], cfg["model_length_floor"], cfg["model_negative_scale"],
                                     cfg["prose_score_cap"], cfg["prose_score_div"], cfg["cue_line_score"])
    return model_scores_reference(feats, logits, cfg)


def model_scores_reference(feats: list[LineFeatures], logits, cfg: dict[str, Any]) -> list[float]:
    cap, floor, neg = cfg["model_cap"], cfg["model_length_floor"], cfg["model_negative_scale"]
    cap_words, div = cfg["prose_score_cap"], cfg["prose_score_div"]
    out = []
    for f, z in zip(feats, (logits + cfg["model_offset"]).tolist()):
        if not f.key:
            out.append(0.0)
        elif f.cue:
            # A line the lexicon names (a read-also header, a share prompt, a form label) is chrome the
            # story does not run across, whatever its neighbours suggest.
            out.append(min(z * neg, cfg["cue_line_score"]))
        elif z > 0:
            out.append(min(z, cap) * (floor + min(f.words, cap_words) / div))
        else:
            out.append(max(z, -cap) * neg)
    return out


def list_after_headers(feats: list[LineFeatures], scores: list[float], cfg: dict[str, Any]) -> None:
    """Headlines under a read-also header ("اقرأ أيضا", "Related") are a list, not story: the
    headline-shaped lines that follow one (no sentence end, headline length) score as chrome, so the
    story stops at the header, or steps over a read-also box set between its paragraphs (compiled:
    `_pages.list_after_headers`)."""
    if compiled.active():
        compiled.list_after_headers(feats, scores, cfg["related_max_items"], cfg["headline_max_words"],
                                    cfg["headline_min_words"], cfg["short_line_score"])
        return
    _list_after_headers_reference(feats, scores, cfg)


def _list_after_headers_reference(feats: list[LineFeatures], scores: list[float], cfg: dict[str, Any]) -> None:
    n = len(feats)
    for i, f in enumerate(feats):
        if f.cue != "read-also":
            continue
        taken, j = 0, i + 1
        while j < n and taken < cfg["related_max_items"]:
            g = feats[j]
            if g.key:
                if g.end_punct or g.words > cfg["headline_max_words"] or g.words < cfg["headline_min_words"]:
                    if not (g.date_share or g.cue or g.linky):
                        break
                else:
                    scores[j] = min(scores[j], cfg["short_line_score"])
                    taken += 1
            j += 1


def best_block(scores: list[float]) -> tuple[int, int] | None:
    """Maximum-sum contiguous segment (Kadane), trimmed to positive lines at both ends (compiled:
    `_pages.best_block`)."""
    if compiled.active():
        return compiled.best_block(scores)
    return best_block_reference(scores)


def best_block_reference(scores: list[float]) -> tuple[int, int] | None:
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


def _head_lines_reference(feats: list[LineFeatures], lo: int, hi: int, page_keys: PageKeys) -> list[int]:
    """Lines of headline length the page shows twice or more (`_pages.head_lines` compiled)."""
    return [i for i, f in enumerate(feats)
            if lo <= f.words <= hi and not f.cue and not f.linky
            and (f.repeats >= 2 or page_keys.occurrences(f) >= 2)]  # (a repeated line occurs twice: no count)


def choose_block(feats: list[LineFeatures], scores: list[float], page_keys: PageKeys, cfg: dict[str, Any]) -> tuple[int, int] | None:
    """The story block: among the few heaviest runs of lines, the one that best matches a headline the
    page repeats above it. A long run of posting rules or comments can outweigh a short story, but it
    shares no words with the page's headline; the story does. Without repeated headlines (or with one
    candidate) this is the heaviest run."""
    first = best_block(scores)
    if first is None:
        return None
    lo, hi = cfg["block_headline_min_words"], cfg["title_max_words"]
    if compiled.active():
        heads = compiled.head_lines(feats, lo, hi, page_keys.occurrences)
    else:
        heads = _head_lines_reference(feats, lo, hi, page_keys)
    if not heads:
        return first
    masked = list(scores)
    candidates = []
    best_total = None
    for _ in range(cfg["block_candidates"]):
        b = best_block(masked)
        if b is None:
            break
        total = sum(masked[b[0]: b[1] + 1])
        if best_total is None:
            best_total = total
        elif total < cfg["block_candidate_share"] * best_total:
            break
        candidates.append((b, total))
        masked[b[0]: b[1] + 1] = [-1e9] * (b[1] + 1 - b[0])  # the next candidate may not run across this one
    if len(candidates) < 2:
        return first

    def affinity(b: tuple[int, int]) -> float:
        words = story_words(feats, b[0], b[1], scores, page_keys)
        return max((words.overlap(feats[h].key) for h in heads if h < b[0] and not b[0] <= h <= b[1]), default=0.0)

    floor = cfg["block_affinity_floor"]
    return max(candidates, key=lambda c: c[1] * (floor + affinity(c[0])))[0]


def extend_over_adjacent_prose(feats: list[LineFeatures], block: tuple[int, int], scores: list[float],
                               logits, cfg: dict[str, Any], lex: Lexicon) -> tuple[int, int]:
    """A story's first or last paragraph sits next to chrome, and the model, reading the neighbours,
    may doubt it. A sentence right at the block's edge (prose by the rules, no cue, no template) that the
    model does not firmly reject (log-odds at least `model_extend_floor`) joins the story."""
    start, end = block
    floor = cfg["model_extend_floor"]

    def joins(j: int) -> bool:
        f = feats[j]
        return (f.end_punct and not f.cue and not f.template and not f.linky and not f.date_share
                and is_prose(f, cfg, lex) and logits[j] >= floor)

    for step in (1, -1):
        j = (end if step == 1 else start) + step
        while 0 <= j < len(feats):
            if not feats[j].key:
                j += step
                continue
            if not joins(j):
                break
            scores[j] = max(scores[j], 0.1)  # so the in-block rules keep it as body
            if step == 1:
                end = j
            else:
                start = j
            j += step
    return start, end


def extend_over_unique_lines(feats: list[LineFeatures], block: tuple[int, int], scores: list[float]) -> tuple[int, int]:
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


class StoryWordsReference:
    """The story's words counted (`story_words_reference`), asked how much of a line they hold: the
    reference of `linemodel/_story.pyx`'s `StoryWords`."""

    __slots__ = ("words",)

    def __init__(self, feats: list[LineFeatures], start: int, end: int, scores: list[float]) -> None:
        self.words = story_words_reference(feats, start, end, scores)

    def overlap(self, key: str, own: bool = False) -> float:
        return overlap(key, self.words, own)


def story_words(feats: list[LineFeatures], start: int, end: int, scores: list[float], page_keys=None):
    """The content words of feats[start..end]'s prose lines, counted once, to ask `.overlap(key, own)`
    of (compiled: `_story.StoryWords`, no string per word; with `page_keys`, the page's `PageKeys`, it
    reads the words its key counts hashed)."""
    if compiled.active():
        counts = getattr(page_keys, "compiled_counts", None)
        return compiled.StoryWords(feats, start, end, scores, counts.word_index() if counts is not None else None)
    return StoryWordsReference(feats, start, end, scores)


def story_words_reference(feats: list[LineFeatures], start: int, end: int, scores: list[float]) -> Counter[str]:
    out: Counter[str] = Counter()
    for j in range(max(start, 0), end + 1):
        if scores[j] > 0:
            out.update({t for t in feats[j].key.split() if len(t) > 2})
    return out


def overlap(key: str, words: dict[str, int], own: bool = False) -> float:
    """Share of a line's content words that the story uses; with `own`, the line is one of the story's
    prose lines and its own words do not count for it."""
    least = 2 if own else 1
    tokens = shared = 0
    get = words.get
    for t in key.split():  # (a plain loop: no list or generator, on every headline-shaped line of the block)
        if len(t) > 2 and not t.isdigit():
            tokens += 1
            if get(t, 0) >= least:
                shared += 1
    return shared / tokens if tokens else 1.0
