"""The JSON-LD articleBody as a hint to where the story is (`html.ld_body`): used when the page shows
it, ignored when it is a teaser, another text, or a thread's first post."""

from __future__ import annotations

import json

import ghirbal.config
from ghirbal import html as H
from ghirbal.html.blocks import read_tree
from ghirbal.html.ld_body import follow_article_body, named_blocks
from ghirbal.html.markup import judge
from ghirbal.normalize import fold_words

CFG = ghirbal.config.default()["html"]

PARAS = [
    "The river authority opened the new flood gates on Monday after three years of building work along the lower valley.",
    "Engineers said the gates can hold back water two metres higher than the old walls, which failed twice last decade.",
    "Farmers in the valley welcomed the project, although several said the compensation for their land came very late.",
    "The authority plans to test the gates every spring and to publish the results on its website for residents to read.",
    "A second phase, covering the upper valley and the two bridges near the market town, is due to start next summer.",
    "Officials expect that phase to cost less, since the concrete works can reuse the moulds made for the lower gates.",
]
DEAL = "Save 20% on garden hoses today"


def page(first: list[str], second: list[str], extra: str = "") -> str:
    a = "".join(f"<p>{p}</p>" for p in first)
    b = "".join(f"<p>{p}</p>" for p in second)
    return (f'<html><body><div class="wrap"><div class="col">{a}</div>'
            f'<div class="col2">{b}<div class="card"><p>{DEAL}</p></div></div></div>{extra}</body></html>')


def _element_of(tree, text: str) -> tuple[int, ...]:
    return next(b.path for b in tree.blocks if b.text == text)


def test_statement_shown_on_the_page_moves_the_container_to_every_block_it_names():
    tree = read_tree(page(PARAS[:5], PARAS[5:]))
    verdict = judge(tree, CFG)
    before = verdict.container
    assert follow_article_body(tree, verdict, "\n".join(PARAS), CFG)
    # The innermost element holding all six paragraphs: the wrapper of both columns.
    first, last = _element_of(tree, PARAS[0]), _element_of(tree, PARAS[5])
    common = [a for a, b in zip(first, last) if a == b]
    assert verdict.container == common[-1] and verdict.container != before
    by_text = {b.text: i for i, b in enumerate(tree.blocks)}
    assert all(verdict.inside[by_text[p]] and verdict.adjust[by_text[p]] == CFG["block_container_bonus"] for p in PARAS)
    # Inside the container but not in the statement: no bonus.
    assert verdict.adjust[by_text[DEAL]] == CFG["block_outside_score"]


def test_blocks_are_named_by_their_word_triples_not_by_exact_runs():
    tree = read_tree(page(PARAS[:5], PARAS[5:]))
    verdict = judge(tree, CFG)
    # The statement joins sentences without their spaces and leaves the punctuation out.
    stated = ".".join(p.rstrip(".").replace(",", "") for p in PARAS)
    named, _ = named_blocks(tree, verdict.reasons, fold_words(stated), CFG["ld_body_block_share"])
    assert [b.text for b, n in zip(tree.blocks, named) if n] == PARAS


def test_teaser_statement_is_not_used():
    tree = read_tree(page(PARAS[:5], PARAS[5:]))
    verdict = judge(tree, CFG)
    before = (verdict.container, list(verdict.adjust))
    assert not follow_article_body(tree, verdict, PARAS[0], CFG)  # fewer than ld_body_min_words words
    assert (verdict.container, verdict.adjust) == before


def test_statement_the_page_does_not_show_is_not_used():
    tree = read_tree(page(PARAS[:5], PARAS[5:]))
    verdict = judge(tree, CFG)
    other = " ".join(f"An older version of the story said something else entirely, sentence {i}." for i in range(20))
    assert not follow_article_body(tree, verdict, other, CFG)


def test_statement_covering_a_small_part_of_the_page_prose_is_not_used():
    # A thread: the statement is its first post, the replies are most of the prose.
    replies = "".join(f'<div class="reply"><p>{p} I have seen the same thing in my own village, reply {i}.</p></div>'
                      for i, p in enumerate(PARAS * 3))
    first_post = " ".join(PARAS[:5])
    html = f'<html><body><div class="post"><p>{first_post}</p></div>{replies}</body></html>'
    tree = read_tree(html)
    verdict = judge(tree, CFG)
    assert not follow_article_body(tree, verdict, first_post, CFG)


def _ld_page(node: dict) -> str:
    return (f'<html><head><script type="application/ld+json">{json.dumps(node)}</script></head>'
            + page(PARAS[:5], PARAS[5:])[len("<html>"):])


def test_article_body_hint_is_read_from_the_article_node_but_not_from_a_forum_post():
    _, hints = H.read(_ld_page({"@type": "NewsArticle", "headline": "Flood gates open", "articleBody": "\n".join(PARAS)}))
    assert hints.ld_article_body == "\n".join(PARAS)
    _, hints = H.read(_ld_page({"@type": "DiscussionForumPosting", "headline": "Flood gates open",
                                "articleBody": "\n".join(PARAS)}))
    assert hints.ld_article_body is None


def test_clean_keeps_the_story_the_statement_names():
    art = H.clean(_ld_page({"@type": "NewsArticle", "headline": "Flood gates open", "articleBody": "\n".join(PARAS)}),
                  "https://valley.example/news/gates")
    assert [p for p in PARAS if p not in art.body] == []
    assert DEAL not in art.body
