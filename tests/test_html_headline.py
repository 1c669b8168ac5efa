"""The HTML path's line rules read the headline the markup's hints agree on (`html.titles`:
`agreed_headlines`, `headline_line`; `lines.classify(headline=)`), not one the text path guesses: a
shop's gallery label above the product's `<h1>` is no headline, and the product's own values that
hold it are no repeats of it."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import ghirbal.config
from ghirbal import html as H
from ghirbal.html.tree_path import article_and_feats
from ghirbal.html.titles import agreed_headlines, headline_line

CFG = ghirbal.config.default()
URL = "https://shop.example/p/1"

# The gallery's label shows twice above the name: the text path, reading repeats, takes it for the
# headline, and then drops the specification "Colour: Oak Brown" as a repeat of it.
PAGE = """<!DOCTYPE html><html lang="en"><head><title>Trail Pack 25 | Outdoor Shop</title>
<meta property="og:title" content="Trail Pack 25"></head><body>
<nav><a href="/">Home</a> <a href="/packs">Packs</a></nav>
<main>
<div class="gallery"><p>Colour Oak Brown</p><p>Image 1 of 5</p><p>Colour Oak Brown</p></div>
<h1>Trail Pack 25</h1>
<p>$129.00</p>
<p>The Trail Pack 25 carries a full day's kit on rough ground. Its frame sheet and padded hip belt move the load onto your hips, and the mesh back panel keeps air moving on warm climbs.</p>
<p>The lid pocket holds a map and snacks, the side pockets take two bottles, and a sleeve inside fits a three-litre reservoir. A rain cover folds into its own pocket at the base.</p>
<h2>Specifications</h2>
<p>Volume: 25 litres</p>
<p>Weight: 1.1 kg</p>
<p>Colour: Oak Brown</p>
<p>Image 1 of 5 shows the pack on a ridge walk in the Lake District.</p>
</main>
<footer><p>Outdoor Shop 2025</p></footer>
</body></html>"""


def _line(art, text):
    return next(ln for ln in art.lines if ln.text == text)


def test_the_agreed_headline_is_the_headline_the_line_rules_read():
    art = H.clean(PAGE, URL)
    assert art.title == "Trail Pack 25"
    assert _line(art, "Trail Pack 25").role == "title"
    value = _line(art, "Colour: Oak Brown")
    assert value.role == "body" and value.reason is None
    assert "Colour: Oak Brown" in art.body


def test_without_agreement_the_text_path_guesses_and_drops_the_value():
    cfg = copy.deepcopy(CFG)
    cfg["html"]["headline_min_votes"] = 9  # no hint gathers that many sources: the text path's own pick
    tree, hints = H.read(PAGE, config=cfg)
    assert agreed_headlines(hints, URL, cfg["html"]) == []
    art, _ = article_and_feats(tree, URL, cfg, product=hints.product)
    assert _line(art, "Colour Oak Brown").role == "title"
    assert _line(art, "Colour: Oak Brown").reason == "title-repeat"


def test_a_headline_needs_two_sources():
    cfg = CFG["html"]
    lone = H.HtmlHints(h1=["Weather"], title="Storm closes schools - Daily News")
    assert agreed_headlines(lone, None, cfg) == []  # each named once
    agreed = H.HtmlHints(h1=["Weather"], title="Storm closes schools - Daily News", og_title="Storm closes schools")
    assert agreed_headlines(agreed, None, cfg) == ["storm closes schools"]


def _feats(keys):
    return [SimpleNamespace(key=k, words=len(k.split())) for k in keys]


def _blocks(tags):
    return [SimpleNamespace(tag=t) for t in tags]


def test_the_h1_line_comes_first_then_the_first_kept_line():
    keys = ["home", "storm closes schools", "menu", "storm closes schools", "body text here"]
    feats, words = _feats(keys), (2, 35)
    tags = ["div", "li", "div", "h1", "p"]
    assert headline_line(["storm closes schools"], _blocks(tags), [None] * 5, feats, words) == 3
    # a linked <h1> (the markup's `link-dense`) is still the page's headline
    assert headline_line(["storm closes schools"], _blocks(tags), [None, None, None, "link-dense", None], feats, words) == 3
    # an <h1> in a menu is not: the first line the markup keeps is
    assert headline_line(["storm closes schools"], _blocks(tags), [None, None, None, "nav", None], feats, words) == 1
    assert headline_line(["storm closes schools"], _blocks(tags), ["nav", "nav", None, "nav", None], feats, words) is None
    # the next agreed key when the first is on no line
    assert headline_line(["other story", "body text here"], _blocks(tags), [None] * 5, feats, words) == 4


def test_a_one_word_headline_is_not_the_line_rules_headline():
    feats = _feats(["action", "action rpg", "action adventure"])
    assert headline_line(["action"], _blocks(["h1", "li", "li"]), [None] * 3, feats, (2, 35)) is None
