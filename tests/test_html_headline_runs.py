"""A blog index whose posts are each one linked heading (`listing.headline_runs`): the list is the page's
content, though every item is link text; and a weak class word on the wrapper that holds `<main>`
("content-sidebar-wrap") marks nothing (`markup._unmark_wrappers`)."""

from __future__ import annotations

import copy

import ghirbal.config
from ghirbal import html as H
from ghirbal.html.blocks import read_tree
from ghirbal.html.listing import headline_runs
from ghirbal.html.markup import judge

CFG = ghirbal.config.default()["html"]
URL = "https://kitchen.example/category/air-fryer/"
INTRO = "Quick dinners from the air fryer: crisp vegetables, fish and chicken on the table in under half an hour."
POSTS = ["Sticky Air Fryer Chicken Thighs", "Crispy Sweet Potato Fries", "Air Fryer Salmon Bites with Lime",
         "Maple Roasted Squash", "Whole Roast Chicken in the Air Fryer", "Brussels Sprouts with Hot Honey"]


def index_page(wrapper: str = "content-sidebar-wrap", heading: str = "h2") -> str:
    posts = "".join(f'<article class="post"><header><a href="/p/{i}"><img src="/{i}.jpg" alt=""></a>'
                    f'<{heading} class="entry-title"><a href="/p/{i}">{t}</a></{heading}></header></article>'
                    for i, t in enumerate(POSTS))
    return f"""<html><head><title>Air Fryer Recipes</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/recipes">Recipes</a></li><li><a href="/about">About</a></li></ul></nav>
<div class="site-inner"><div class="archive-intro"><h1>Air Fryer Recipes</h1><p>{INTRO}</p></div>
<div class="{wrapper}"><main class="content">{posts}</main>
<aside class="sidebar"><p>Join the newsletter for a new recipe every week, straight to your inbox.</p></aside></div></div>
<footer><p>Kitchen Example, recipes since 2012. All rights reserved.</p></footer></body></html>"""


def body_of(html: str, cfg=None) -> list[str]:
    return H.clean(html, URL, config=cfg).paragraphs


def test_a_blog_index_of_linked_headings_is_the_content():
    body = body_of(index_page())
    assert all(t in body for t in POSTS)
    assert INTRO in body
    assert not any("newsletter" in p for p in body)


def test_headline_runs_need_linked_headings_one_an_item():
    tree = read_tree(index_page())
    runs = headline_runs(tree, [None] * len(tree.blocks), CFG)
    assert [[tree.elements[e].tag for e in r] for r in runs] == [["article"] * len(POSTS)]
    # Headings of another tag than `card_heading_tags` (an <h1> a post) make no run, nor do headings
    # the markup dropped.
    tree = read_tree(index_page(heading="h1"))
    assert headline_runs(tree, [None] * len(tree.blocks), CFG) == []
    tree = read_tree(index_page())
    assert headline_runs(tree, ["nav"] * len(tree.blocks), CFG) == []


def test_the_wrapper_around_main_marks_nothing():
    tree = read_tree(index_page())
    wrap = next(e for e in tree.elements if e.tag == "div" and e.mark == "aside")  # ("sidebar" in its class)
    judge(tree, CFG)
    assert wrap.mark is None
    # ...while the sidebar beside <main> stays marked.
    assert any(e.tag == "aside" and e.mark is not None for e in tree.elements)


def test_without_the_run_the_list_drops_as_links():
    cfg = copy.deepcopy(ghirbal.config.default())
    cfg["html"]["card_min_run"] = len(POSTS) + 1  # (no run of six is long enough)
    body = body_of(index_page(), cfg)
    assert not any(t in body for t in POSTS)
