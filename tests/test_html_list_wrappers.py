"""A list page's grid under a weak mark (a filter form, a "search-results" name) or a page-wide
wrapper, and the intro prose of a list container (`listing.unmark_list_wrappers`, `keep_list_intro`)."""

from __future__ import annotations

import copy

import ghirbal.config
from ghirbal import html as H
from ghirbal.features import measure_page
from ghirbal.html.blocks import read_tree
from ghirbal.html.listing import keep_list_intro, unmark_list_wrappers
from ghirbal.html.markup import judge
from ghirbal.lexicon import load as load_lexicon
from ghirbal.model import Line

CFG = copy.deepcopy(ghirbal.config.default())
CFG["html"]["block_list_unmark_wrappers"] = True  # (off by default: see defaults/html.toml)
ITEMS = [("Summit Pack 30", "$129.00"), ("Ridge Pack 18", "$79.00"), ("Canyon Sling 6", "$49.00"),
         ("Valley Duffel 40", "$99.00"), ("Alpine Pack 45", "$189.00"), ("Trail Tote 12", "$39.00")]

# (text beside the grid: a wrapper that held most of the page would be ignored anyway, `block_veto_share`)
NOTE = ("Every pack we sell is tested on the trails near our shop before it reaches the shelves, and our staff "
        "will gladly help you fit one to your back and load it for the trip you have in mind.")


def shop_page(open_grid: str, close_grid: str, page_open: str = "", page_close: str = "") -> str:
    cards = "".join(f'<li class="tile"><a href="/p/{i}">{n}</a><p>{p}</p><p>Ships in two days</p></li>'
                    for i, (n, p) in enumerate(ITEMS))
    return f"""<html><head><title>Packs | Outdoor Shop</title></head><body>{page_open}
<nav><ul><li><a href="/">Home</a></li><li><a href="/packs">Packs</a></li></ul></nav>
<div class="page"><h1>Packs</h1>{open_grid}<ul class="grid">{cards}</ul>{close_grid}</div>
<div class="notes"><p>{NOTE}</p><p>{NOTE}</p></div>
<footer><p>Outdoor Shop, 12 River Road. Open every day from nine to six.</p></footer>{page_close}</body></html>"""


def grid_reasons(html: str, cfg: dict | None = None) -> set[str | None]:
    """The markup's verdicts on the grid's blocks."""
    tree = read_tree(html)
    prices = {p for _, p in ITEMS}
    return {r for b, r in zip(tree.blocks, judge(tree, (cfg or CFG)["html"]).reasons) if b.text in prices}


def test_a_grid_under_a_weak_mark_is_the_pages_list():
    assert grid_reasons(shop_page("", "")) == {None}
    for wrap, close, mark in (('<form action="/c/packs">', "</form>", "form"), ('<div id="search-results">', "</div>", "form"),
                              ('<div class="filtering-and-pagination">', "</div>", "nav")):
        assert grid_reasons(shop_page(wrap, close)) == {None}, wrap
        # (the rule is off by default: the wrapper's weak mark then drops the grid)
        assert grid_reasons(shop_page(wrap, close), ghirbal.config.default()) == {mark}, wrap
    # A strong mark (a <nav>) still holds: a menu built of cards is no list; so does a weak `aside`
    # word, a strip of other items beside the content.
    assert grid_reasons(shop_page("<nav>", "</nav>")) == {"nav"}
    assert grid_reasons(shop_page('<div class="related-items">', "</div>")) == {"aside"}
    # On one product's page the cards are other products: the marks stand.
    assert grid_reasons(shop_page("<form>", "</form>")) == {None}
    tree = read_tree(shop_page("<form>", "</form>"))
    assert {r for b, r in zip(tree.blocks, judge(tree, CFG["html"], product=True).reasons)
            if b.text == ITEMS[0][1]} != {None}


def test_unmark_list_wrappers_clears_only_weak_marks_above_the_largest_run():
    tree = read_tree(shop_page('<div id="search-results">', "</div>"))
    marked = {el.tag: el.mark for el in tree.elements if el.mark}
    assert marked.get("div") == "form" and marked.get("nav") == "nav"
    unmark_list_wrappers(tree, CFG["html"])
    assert [el.mark for el in tree.elements if el.mark] == ["nav", "nav"]  # (the <nav> and the <footer>)
    # A run too small beside the page's text leaves the marks as they were.
    story = "<p>" + " ".join(["A long story about packs and the trails they are carried on."] * 40) + "</p>"
    tree = read_tree(shop_page('<div id="search-results">', "</div>" + story))
    unmark_list_wrappers(tree, CFG["html"])
    assert any(el.mark == "form" for el in tree.elements)


def test_a_page_wide_form_does_not_hide_the_list():
    # A mark on the element that holds the whole page (ASP.NET's page-wide <form>, a class of <body>) is
    # the page's wrapper: the veto already ignores it for dropping, and it hides no run from the list.
    jobs = [("Software Engineer", "Acme Robotics"), ("Senior Backend Developer", "Northwind Data"),
            ("Full-Stack Engineer", "Blue Harbor Labs"), ("Frontend Developer", "Quiet Fox Studio"),
            ("Platform Engineer", "Tall Pine Systems"), ("Data Engineer", "Red Kite Analytics")]
    cards = "".join(f'<li><a href="/job/{i}"><h3>{t}</h3><p>{c}</p><p>Full-Time</p><p>Anywhere in the World</p></a></li>'
                    for i, (t, c) in enumerate(jobs))
    for wrap, end in (("", ""), ('<form id="aspnetForm" action="/jobs">', "</form>")):
        html = f"""<html><head><title>Remote programming jobs</title></head><body>{wrap}
<nav><ul><li><a href="/">Home</a></li><li><a href="/jobs">Jobs</a></li></ul></nav>
<div class="wrap"><h1>Remote programming jobs</h1>
<div class="intro"><p>Looking for a remote role? Advance your career with these in-demand positions, updated every day.</p></div>
<ul class="jobs">{cards}</ul></div>
<footer><p>Remote Jobs Board, 4 Harbour Lane. Write to us any weekday.</p></footer>{end}</body></html>"""
        kept = set(H.clean(html, "https://jobs.example/categories/programming", config=CFG).paragraphs)
        assert {t for t, _ in jobs} <= kept and {c for _, c in jobs} <= kept, wrap


def test_keep_list_intro_keeps_prose_inside_a_list_container_only():
    lex_cfg, lex = CFG["lines"], load_lexicon("en")

    texts = ["Our packs for day hikes and long trips, chosen by the staff who carry them every weekend.",
             "Our packs for day hikes and long trips, chosen by the staff who carry them every weekend.",
             "Summit Pack 30", "Our packs for day hikes and long trips, chosen by the staff who carry them."]
    lines = [Line(i, t, False, None, "outside-story") for i, t in enumerate(texts)]
    feats = measure_page(texts, lex)
    inside = [True, False, True, True]
    reasons = [None, None, None, "aside"]
    keep_list_intro(lines, feats, reasons, inside, [False, False, True, False], lex_cfg, lex)
    assert [ln.kept for ln in lines] == [True, False, False, False]
    # No list in the container: nothing changes.
    lines = [Line(i, t, False, None, "outside-story") for i, t in enumerate(texts)]
    keep_list_intro(lines, feats, reasons, inside, [False] * 4, lex_cfg, lex)
    assert not any(ln.kept for ln in lines)
