"""The story block: prose scores per line and the maximum-sum run of lines that holds the story.

Each line gets a prose score: long, punctuated lines score up; cue-matched chrome, link-like lines,
date stamps and short headline-like lines score down. The story is the contiguous run with the highest
total (Kadane's maximum-sum segment): a one-sentence paragraph and a one-line menu item are told apart
by their neighbours, not by themselves.
"""

from __future__ import annotations

from typing import Any

from ghirbal.features import LineFeatures, PageKeys, is_stamp
from ghirbal.lexicon import Lexicon


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
            # Prose keeps its score even when the site repeats it: the page's own structure decides the
            # block; template prose is trimmed off the block's edges afterwards (trim_template_edges).
            s = min(f.words, cfg["prose_score_cap"]) / cfg["prose_score_div"]
            if f.repeats > 1 or (f.words <= 40 and page_keys.occurrences(f) > 1):
                # A paragraph that the page repeats (alone, or a headline-length one inside another
                # line) is a headline or a teaser, not the story.
                s = cfg["short_line_score"]
            scores.append(s)
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


def story_words(feats: list[LineFeatures], start: int, end: int, scores: list[float]) -> set[str]:
    """Content words of the story's prose lines."""
    out: set[str] = set()
    for j in range(max(start, 0), end + 1):
        if scores[j] > 0:
            out.update(t for t in feats[j].key.split() if len(t) > 2)
    return out


def overlap(key: str, words: set[str]) -> float:
    tokens = [t for t in key.split() if len(t) > 2 and not t.isdigit()]
    if not tokens:
        return 1.0
    return sum(1 for t in tokens if t in words) / len(tokens)


def trim_template_edges(feats: list[LineFeatures], block: tuple[int, int], scores: list[float]) -> tuple[int, int] | None:
    """Template prose at the start or end of the block (a newsletter pitch, posting rules, an "about us"
    paragraph next to the story) is the site's chrome: the block starts and ends on the page's own
    prose. Template lines inside the story (an agency sign-off between paragraphs) stay in it."""
    start, end = block
    while start <= end and (feats[start].template or scores[start] <= 0):
        start += 1
    while end >= start and (feats[end].template or scores[end] <= 0):
        end -= 1
    return (start, end) if start <= end else None
