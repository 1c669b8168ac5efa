"""Cards (runs of sibling boxes built alike, each with a link), one product's page (its cards are other
products; its container holds its name), list pages (the run of cards is the content) and form
controls (a button's text is interface wherever it stands)."""

from __future__ import annotations

import json

import ghirbal.config
from ghirbal import html as H
from ghirbal.html.blocks import read_tree
from ghirbal.html.cards import card_blocks, card_runs
from ghirbal.html.markup import judge

CFG = ghirbal.config.default()["html"]

DESCRIPTION = [
    "Keep your day's gear within easy reach in this light pack, made for long days on the trail and short trips to town.",
    "The main body is ripstop nylon with a water-repellent finish, and the bottom panel resists abrasion on rough rock.",
    "A padded back panel and shoulder straps spread the load, and a removable hip belt steadies it on steep ground.",
]
TILES = [("Summit Pack 30", "$129.00", "4.5 stars, 210 reviews"), ("Ridge Pack 18", "$79.00", "4.7 stars, 95 reviews"),
         ("Canyon Sling 6", "$49.00", "4.2 stars, 12 reviews"), ("Valley Duffel 40", "$99.00", "4.8 stars, 301 reviews"),
         ("Alpine Pack 45", "$189.00", "4.6 stars, 77 reviews"), ("Trail Tote 12", "$39.00", "4.1 stars, 8 reviews")]


def tiles_html(with_badge: bool = False) -> str:
    out = []
    for i, (name, price, stars) in enumerate(TILES):
        badge = "<span class='flag'><em>New</em></span>" if with_badge and i == 0 else ""
        out.append(f'<div class="tile"><h3><a href="/p/{i}">{name}</a></h3>{badge}<p>{price}</p><p>{stars}</p>'
                   f'<p>Free delivery on orders over $50 and returns within thirty days of purchase.</p></div>')
    return "".join(out)


def product_page(ld: object | None = None, og_type: str | None = None, tiles: bool = True) -> str:
    head = "<title>Trail Pack 25 | Outdoor Shop</title>"
    if ld is not None:
        head += f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    if og_type:
        head += f'<meta property="og:type" content="{og_type}">'
    paragraphs = "".join(f"<p>{p}</p>" for p in DESCRIPTION)
    strip = f'<div class="strip"><h2>Customers also viewed</h2><div class="grid">{tiles_html()}</div></div>' if tiles else ""
    return f"""<html><head>{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/packs">Packs</a></li></ul></nav>
<div class="page">
  <div class="buy"><h1>Trail Pack 25</h1><p>$99.95</p><p>In stock and ready to ship within two days.</p><button>Add to cart</button></div>
  <div class="details"><h2>Description</h2>{paragraphs}</div>
  {strip}
</div>
<footer><p>Outdoor Shop, 12 River Road. Open every day from nine to six.</p></footer>
</body></html>"""


PRODUCT_LD = {"@context": "https://schema.org", "@type": "Product", "name": "Trail Pack 25",
              "offers": {"@type": "Offer", "price": "99.95"}}


def verdicts(art) -> dict[str, str | None]:
    return {ln.text: (ln.role if ln.kept else ln.reason) for ln in art.lines}


def test_a_run_of_cards_is_sibling_boxes_built_alike_each_with_a_link():
    tree = read_tree(f'<body><div class="grid">{tiles_html(with_badge=True)}</div></body>')
    runs = card_runs(tree, CFG)
    assert len(runs) == 1 and len(runs[0]) == len(TILES)  # the badge on one tile does not split the run
    in_card = {b.text: c for b, c in zip(tree.blocks, card_blocks(tree, CFG))}
    assert in_card["Summit Pack 30"] and in_card["$39.00"]


def test_rows_without_links_and_short_runs_are_no_cards():
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in
                   [("Weight", "1 lb 13 oz"), ("Capacity", "25 liters"), ("Frame", "Internal"), ("Fabric", "Nylon")])
    two = "".join(f'<div><h3><a href="/p/{i}">Pack {i}</a></h3><p>$10.00</p></div>' for i in range(2))
    tree = read_tree(f"<body><table>{rows}</table><div>{two}</div></body>")
    assert card_runs(tree, CFG) == []


def test_one_products_page_is_told_by_its_json_ld_or_og_type():
    def is_product(**kw) -> bool:
        return H.read(product_page(**kw))[1].product

    assert is_product(ld=PRODUCT_LD)
    variants = [dict(PRODUCT_LD, name=f"Trail Pack 25 - {c}") for c in ("Black", "Oak Brown", "Sage")]
    assert is_product(ld={"@graph": variants})  # variants of one product
    assert is_product(og_type="product")
    assert not is_product()
    assert not is_product(ld={"@graph": [dict(PRODUCT_LD, name=n) for n, _, _ in TILES]})  # a shop's list
    review = {"@type": "Review", "itemReviewed": PRODUCT_LD}
    assert not is_product(ld={"@graph": [{"@type": "NewsArticle", "headline": "We tried the Trail Pack 25"}, review]})


def test_on_a_product_page_other_products_are_aside_and_the_product_keeps_its_name_and_price():
    art = H.clean(product_page(ld=PRODUCT_LD), "https://shop.example/p/trail-pack-25")
    v = verdicts(art)
    for name, price, _ in TILES:
        assert v[name] == "aside" and v[price] == "aside"
    assert v["Add to cart"] == "form"
    assert v["In stock and ready to ship within two days."] == "body"
    assert all(p in art.paragraphs for p in DESCRIPTION)


def test_a_product_pages_container_is_widened_to_hold_its_name():
    tree, hints = H.read(product_page(ld=PRODUCT_LD, tiles=False))
    inside = {b.text: i for b, i in zip(tree.blocks, judge(tree, CFG, product=True).inside)}
    assert inside["Trail Pack 25"] and inside["In stock and ready to ship within two days."] and inside[DESCRIPTION[0]]
    inside = {b.text: i for b, i in zip(tree.blocks, judge(tree, CFG, product=False).inside)}
    assert inside[DESCRIPTION[0]] and not inside["Trail Pack 25"]  # the description's box alone


def test_without_the_product_markup_the_cards_are_not_called_other_products():
    v = verdicts(H.clean(product_page(), "https://shop.example/p/trail-pack-25"))
    assert all(v[name] != "aside" for name, _, _ in TILES)


def test_cards_above_the_products_name_are_kept():
    # Without an <h1> (or above it) cards may be the product's own options: they are not dropped as aside.
    html = product_page(ld=PRODUCT_LD).replace("<h1>Trail Pack 25</h1>", "<h2>Trail Pack 25</h2>")
    tree, hints = H.read(html)
    verdict = judge(tree, CFG, hints.product)
    reasons = {b.text: r for b, r in zip(tree.blocks, verdict.reasons)}
    assert hints.product and all(reasons[name] != "aside" for name, _, _ in TILES)


def test_a_list_page_keeps_its_linked_cards():
    jobs = [("Software Engineer", "Acme Robotics"), ("Senior Backend Developer", "Northwind Data"),
            ("Full-Stack Engineer", "Blue Harbor Labs"), ("Frontend Developer", "Quiet Fox Studio"),
            ("Platform Engineer", "Tall Pine Systems"), ("Data Engineer", "Red Kite Analytics")]
    cards = "".join(f'<li><a href="/job/{i}"><h3>{t}</h3><p>{c}</p><p>Full-Time</p><p>Anywhere in the World</p></a></li>'
                    for i, (t, c) in enumerate(jobs))
    html = f"""<html><head><title>Remote programming jobs</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/jobs">Jobs</a></li></ul></nav>
<div class="wrap"><h1>Remote programming jobs</h1>
<div class="intro"><p>Looking for a remote role? Advance your career with these in-demand positions, updated every day.</p></div>
<ul class="jobs">{cards}</ul></div>
<footer><p>Remote Jobs Board, 4 Harbour Lane. Write to us any weekday.</p></footer></body></html>"""
    art = H.clean(html, "https://jobs.example/categories/programming")
    kept = set(art.paragraphs)
    assert {t for t, _ in jobs} <= kept and {c for _, c in jobs} <= kept
    assert "Home" not in kept


def test_a_buttons_text_is_dropped_inside_the_main_content_too():
    paragraphs = "".join(f"<p>{p}</p>" for p in DESCRIPTION)
    html = f"""<html><body><main><article><h1>Packing for a day hike</h1>{paragraphs}
<button>Show more</button><label for="q">Your size</label></article></main></body></html>"""
    v = verdicts(H.clean(html, "https://blog.example/day-hike"))
    assert v["Show more"] == "form" and v["Your size"] == "form"
    assert all(v[p] == "body" for p in DESCRIPTION)


def test_a_second_copy_of_the_description_is_dropped_as_repeated():
    # Layouts for small and large screens both in the markup: the description shows twice.
    copy = "".join(f"<p>{p}</p>" for p in DESCRIPTION)
    html = f"""<html><body><main><h1>White speckle mug</h1>
<div class="mobile">{copy}</div><div class="desktop">{copy}</div>
<p>Ingredients</p><p>Ingredients</p></main></body></html>"""
    art = H.clean(html, "https://shop.example/p/white-speckle-mug")
    assert art.paragraphs[:3] == DESCRIPTION and art.paragraphs.count(DESCRIPTION[0]) == 1
    second = [ln for ln in art.lines if ln.text == DESCRIPTION[1]][1]
    assert not second.kept and second.reason == "repeated"
    assert art.paragraphs.count("Ingredients") == 2  # a lone short line may repeat on purpose


def test_lines_repeated_out_of_order_are_no_copy():
    # Each line repeats, but no run repeats the lines above in order: no copy of a block of text.
    order = [0, 1, 1, 2, 2, 0]
    html = "<html><body><main><h1>Trail notes</h1>" + "".join(f"<p>{DESCRIPTION[k]}</p>" for k in order) + "</main></body></html>"
    art = H.clean(html, "https://shop.example/p/trail-notes")
    assert [ln.reason for ln in art.lines if ln.text in DESCRIPTION].count("repeated") == 0


def test_a_block_in_nested_cards_counts_for_the_outermost_run():
    """Six cards, each holding a run of three parts: the parts' text is the outer run's, which then holds
    most of the page and widens the container; counted for the inner runs (a sixth each), no run would."""
    from ghirbal.html.listing import widen_to_list

    cards = "".join(
        f'<div class="card"><h3><a href="/c/{i}">Card {i}</a></h3><div class="inner">'
        + "".join(f'<div><a href="/s/{i}/{j}">Part {j}</a><p>Some text of this part, of a fair length, number {j}.</p></div>'
                  for j in range(3)) + "</div></div>" for i in range(6))
    tree = read_tree(f'<body><div id="wrap"><div id="intro"><p>A short intro.</p></div><div id="list">{cards}</div></div></body>')
    runs = card_runs(tree, CFG)
    assert sorted(len(r) for r in runs) == [3] * 6 + [6]
    intro, wrap = 2, 1
    assert tree.elements[intro].parent == wrap and tree.elements[intro].chars == len("A short intro.")
    readable = [0] * len(tree.elements)
    readable[intro] = tree.elements[intro].chars
    assert widen_to_list(tree, [None] * len(tree.blocks), intro, readable, CFG) == wrap


REVIEWS = [("Great pack", "I carried it on a week of day hikes and the straps never dug in, even with three litres of water."),
           ("Too small for me", "Nice fabric and good zips, but I could not fit a jacket and lunch in it on cold days out."),
           ("Solid", "Bought it for my commute by bike; it stays put and the rain cover came in handy twice already.")]


def reviewed_product_page(ld: object | None = PRODUCT_LD, review_class: str = "product-reviews") -> str:
    reviews = "".join(f'<div class="entry"><h3>{t}</h3><p>{b}</p><p>Verified buyer, 2 weeks ago</p></div>'
                      for t, b in REVIEWS)
    box = f'<section class="{review_class}"><h2>Customer reviews</h2><p>4.4 out of 5 stars</p>{reviews}</section>'
    return product_page(ld=ld, tiles=False).replace("</div>\n  \n</div>", f"</div>\n  {box}\n</div>")


def test_a_products_reviews_are_dropped_by_their_class_word():
    # "product-reviews": a word of lexicon/html.toml product_tokens, on one product's page.
    v = verdicts(H.clean(reviewed_product_page(), "https://shop.example/p/trail-pack-25"))
    assert all(v[b] == "comment-section" for _, b in REVIEWS)
    assert all(v[p] == "body" for p in DESCRIPTION)


def test_the_review_words_mark_nothing_on_other_pages_nor_a_short_rating_line():
    # Not a product's page (no product markup): a review site's story may be a "review" box.
    page = reviewed_product_page(ld=None)
    v = verdicts(H.clean(page, "https://shop.example/p/trail-pack-25"))
    assert not any(v[b] == "comment-section" for _, b in REVIEWS)
    # ... and the walk's blocks are those of a page without the words (the mark makes no block).
    plain = read_tree(page.replace("product-reviews", "product-notes"))
    assert [b.text for b in read_tree(page).blocks] == [b.text for b in plain.blocks]
    # A short box with the word (a rating line by the price) stays on a product's page.
    short = product_page(ld=PRODUCT_LD, tiles=False).replace(
        "<p>$99.95</p>", '<p>$99.95</p><div class="review-summary"><p>4.4 out of 5 stars (159)</p></div>')
    tree, hints = H.read(short)
    reasons = {b.text: r for b, r in zip(tree.blocks, judge(tree, CFG, hints.product).reasons)}
    assert hints.product and reasons["4.4 out of 5 stars (159)"] is None


def test_an_aria_hidden_link_is_no_hidden_text():
    # aria-hidden on a link hides a duplicate from screen readers; sighted readers see it (a teaser's
    # text linked beside its headline).
    teaser = "The new headphones come in four colours and cost less than last year's model, with longer battery life."
    html = (f'<html><body><main><article><h3><a href="/a">New headphones</a></h3>'
            f'<p class="desc"><a href="/a" aria-hidden="true" tabindex="-1">{teaser}</a></p></article></main></body></html>')
    tree = read_tree(html)
    assert all(el.mark is None for el in tree.elements if el.tag == "a")
    span = html.replace(f'<a href="/a" aria-hidden="true" tabindex="-1">{teaser}</a>',
                        f'<span aria-hidden="true">{teaser}</span>')
    assert any(el.mark == "hidden" for el in read_tree(span).elements)


EVENTS = [("Harbour lights festival opens", "Lanterns line the old quay for three nights of music, food stalls and boat parades."),
          ("Orchard trail reopens to walkers", "The path through the hill orchards is open again after the winter repairs to its bridges."),
          ("Library extends its evening hours", "Readers can now borrow and return books until nine o'clock on every weekday."),
          ("Night market returns to the square", "Traders sell bread, cheese and crafts from six until midnight on Fridays."),
          ("River swim raises funds for the school", "Two hundred swimmers crossed the river on Sunday morning for the school roof."),
          ("New ferry timetable for the islands", "Boats leave every two hours from the harbour, with an extra crossing at weekends.")]


def events_page(list_class: str = "list") -> str:
    cards = "".join(f'<div class="card"><h2><a href="/e/{i}">{t}</a></h2><p>{d}</p><p>Open from 10 to 18 daily</p></div>'
                    for i, (t, d) in enumerate(EVENTS))
    return f"""<html><head><title>What's on | Town News</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/events">Events</a></li></ul></nav>
<main><h1>What's on this month</h1><p>Every event in town this month, from festivals to markets, with the times and places you need.</p>
<div class="{list_class}">{cards}</div></main>
<footer><p>Town News, 4 Market Street.</p></footer></body></html>"""


def test_in_a_container_that_is_a_list_each_cards_headline_is_an_item():
    # The text path drops a headline-shaped line that shares few words with the story as a teaser of
    # another story (`headline-list`); in a container that is a run of cards, it is one of the items.
    v = verdicts(H.clean(events_page(), "https://town.example/events"))
    assert all(v[title] == "body" for title, _ in EVENTS)
    assert all(v[text] == "body" for _, text in EVENTS)
    assert v["Town News, 4 Market Street."] != "body"


def test_list_cards_needs_the_run_to_be_most_of_the_container():
    from ghirbal.html.listing import list_cards

    def cards_of(page):
        tree = read_tree(page)
        j = judge(tree, CFG)
        return tree, list_cards(tree, j.reasons, j.inside, CFG)

    tree, cards = cards_of(events_page())
    texts = [b.text for b, c in zip(tree.blocks, cards) if c]
    assert {t for t, _ in EVENTS} <= set(texts) and "What's on this month" not in texts
    # The same cards beside a long story: the run is a small part of the container, no list.
    story = "".join(f"<p>{p} {p}</p>" for p in DESCRIPTION * 4)
    tree, cards = cards_of(events_page().replace("<div class=\"list\">", f"<div class=\"story\">{story}</div><div class=\"list\">"))
    assert not any(cards)


def test_keep_list_items_spares_dates_repeated_fields_and_run_together_links():
    from types import SimpleNamespace

    from ghirbal.html.listing import keep_list_items
    from ghirbal.model import Line

    texts = ["Orchard trail reopens to walkers", "Mar 16-20 26", "Sizes S to XL in 4 colours",
             "ShooterMultiplayerCompetitiveActionTeam-BasedTacticalFirst-Person PvP", "Night market returns",
             "Night market returns"]
    feats = [SimpleNamespace(repeats=1, date_share=0.0, words=5), SimpleNamespace(repeats=1, date_share=0.6, words=4),
             SimpleNamespace(repeats=3, date_share=0.0, words=6), SimpleNamespace(repeats=1, date_share=0.0, words=3),
             SimpleNamespace(repeats=1, date_share=0.0, words=3), SimpleNamespace(repeats=1, date_share=0.0, words=3)]
    lines = [Line(i, t, False, None, "headline-list") for i, t in enumerate(texts)]
    lines[5].detail = "also on 3 other pages of this site"
    cards = [True] * 6
    keep_list_items(lines, feats, (0, 5), cards, CFG["block_list_item_max_word_chars"])
    assert [ln.kept for ln in lines] == [True, False, False, False, True, False]
    # Outside the story block, or outside the list's cards, nothing changes.
    lines = [Line(i, t, False, None, "headline-list") for i, t in enumerate(texts)]
    keep_list_items(lines, feats, (1, 5), [False] + [True] * 5, CFG["block_list_item_max_word_chars"])
    assert not lines[0].kept and lines[4].kept
    lines = [Line(i, t, False, None, "headline-list") for i, t in enumerate(texts)]
    keep_list_items(lines, feats, (0, 3), [True] * 4 + [False] * 2, CFG["block_list_item_max_word_chars"])
    assert lines[0].kept and not lines[4].kept


def test_keep_list_items_keeps_a_cards_own_value_that_repeats_the_headlines_word():
    # The page's headline is "Score": every card's "score: …" line reads as the headline again
    # (`title-repeat`); each card's value is the item's own, a label repeated word for word is not.
    from types import SimpleNamespace

    from ghirbal.html.listing import keep_list_items
    from ghirbal.model import Line

    texts = ["score: 4,390,681, and 44,629 people voted", "Add to wishlist", "score: 3,003,880, and 30,779 people voted",
             "Add to wishlist", "score: 2,623,820, and 26,793 people voted"]
    feats = [SimpleNamespace(repeats=3, date_share=0.0, words=6) for _ in texts]
    lines = [Line(i, t, False, None, "title-repeat") for i, t in enumerate(texts)]
    keep_list_items(lines, feats, (0, 4), [True] * 4 + [False], CFG["block_list_item_max_word_chars"])
    assert [ln.role for ln in lines] == ["body", None, "body", None, None]  # (the last is no card's)


def overlay_strip(headed: bool = True) -> str:
    """A strip of other products whose cards link only through an overlay link laid after their text
    (`<a aria-label=… href>` wrapping nothing): the walk counts no link text in them."""
    name = "h3" if headed else "div"
    return '<ul class="strip">' + "".join(
        f'<li><div class="item"><section><{name}>{n}</{name}><div>{p}</div><div>{s}</div></section>'
        f'<a class="cover" aria-label="{n}" href="/itm/{i}"></a></div></li>'
        for i, (n, p, s) in enumerate(TILES)) + "</ul>"


def test_cards_linked_only_by_an_empty_overlay_link_are_a_run():
    tree = read_tree(f"<body>{overlay_strip()}<p><a name='top'></a>An anchor without a target.</p></body>")
    strip = [b for b in tree.blocks if b.text != "An anchor without a target."]
    assert len(strip) == 3 * len(TILES) and all(b.links == 0 and b.link_chars == 0 for b in strip)  # no link seen
    holders = {tree.elements[e].tag for e in tree.hints.empty_links}
    assert len(tree.hints.empty_links) == len(TILES) and holders == {"div"}  # the `<a name>` is no link
    runs = card_runs(tree, CFG)
    assert len(runs) == 1 and len(runs[0]) == len(TILES)
    bare = read_tree("<body>" + overlay_strip().replace(' href="', ' data-x="') + "</body>")
    assert bare.hints.empty_links == [] and card_runs(bare, CFG) == []  # without the link, no cards


def test_named_cards_above_the_products_name_are_other_products():
    # A strip of sponsored items above the product's name, each card with a heading of its own: aside.
    html = product_page(ld=PRODUCT_LD, tiles=False).replace('<div class="page">',
                                                            f'<div class="page">{overlay_strip(headed=True)}')
    tree, hints = H.read(html)
    reasons = {b.text: r for b, r in zip(tree.blocks, judge(tree, CFG, hints.product).reasons)}
    assert all(reasons[n] == "aside" and reasons[p] == "aside" for n, p, _ in TILES)
    assert reasons["Trail Pack 25"] is None and reasons[DESCRIPTION[0]] is None
    # Cards without headings above the name may be the product's own options: kept.
    tree, hints = H.read(html.replace(overlay_strip(headed=True), overlay_strip(headed=False)))
    reasons = {b.text: r for b, r in zip(tree.blocks, judge(tree, CFG, hints.product).reasons)}
    assert all(reasons[n] != "aside" for n, _, _ in TILES)
    # ... and on a page that is no product's, the named strip is not called other products either.
    tree, hints = H.read(html.replace('<script type="application/ld+json">', '<script type="text/x-none">'))
    reasons = {b.text: r for b, r in zip(tree.blocks, judge(tree, CFG, hints.product).reasons)}
    assert not hints.product and all(reasons[n] != "aside" for n, _, _ in TILES)


DELIVERY = [
    "Orders placed before two in the afternoon leave our warehouse the same day, and most arrive within three days.",
    "Standard delivery is free on orders over fifty dollars; express delivery reaches most addresses the next day.",
    "Unused items may be returned within thirty days of delivery for a full refund, and return labels are free.",
]


def sheet_product_page(ld: object | None) -> str:
    """The product's description in a slide-in sheet behind its "Description" button (`role=dialog`
    holding an `<aside>`), as some shops build it; below the buying box, a short delivery note."""
    sheet = ('<div class="accordion"><button><h5>Description</h5></button>'
             '<div class="sheet" role="dialog" aria-modal="false"><aside class="sheet-body">'
             + "".join(f"<p>{p}</p>" for p in DESCRIPTION)
             + "<ul><li>Ripstop nylon</li><li>Removable hip belt</li><li>25 liters</li></ul></aside></div></div>"
             + '<div class="delivery"><h2>Delivery and returns</h2>' + "".join(f"<p>{p}</p>" for p in DELIVERY) + "</div>")
    return product_page(ld=ld, tiles=False).replace(
        '<div class="details"><h2>Description</h2>' + "".join(f"<p>{p}</p>" for p in DESCRIPTION) + "</div>", sheet)


def test_a_products_declared_description_is_kept_where_a_mark_tucks_it_away():
    stated = dict(PRODUCT_LD, description=" ".join(DESCRIPTION) + " - Ripstop nylon- Removable hip belt- 25 liters")
    v = verdicts(H.clean(sheet_product_page(stated), "https://shop.example/p/trail-pack-25"))
    assert all(v[p] == "body" for p in DESCRIPTION)
    assert v["Ripstop nylon"] == "body" and v["Removable hip belt"] == "body"
    # Without the statement the sheet is an `<aside>` like any other: dropped.
    v = verdicts(H.clean(sheet_product_page(PRODUCT_LD), "https://shop.example/p/trail-pack-25"))
    assert all(v[p] == "aside" for p in DESCRIPTION)
    # A one-line blurb names nothing (block_product_description_min_words), nor does a statement the
    # page does not show.
    blurb = dict(PRODUCT_LD, description="A light pack for the trail.")
    v = verdicts(H.clean(sheet_product_page(blurb), "https://shop.example/p/trail-pack-25"))
    assert all(v[p] == "aside" for p in DESCRIPTION)
    other = dict(PRODUCT_LD, description=" ".join(p[::-1] for p in DESCRIPTION))
    v = verdicts(H.clean(sheet_product_page(other), "https://shop.example/p/trail-pack-25"))
    assert all(v[p] == "aside" for p in DESCRIPTION)


def test_the_declared_description_shown_once_is_left_alone():
    # The kept blocks already show it: a second, hidden copy stays hidden (each text once).
    stated = dict(PRODUCT_LD, description=" ".join(DESCRIPTION))
    copy = "".join(f"<p>{p}</p>" for p in DESCRIPTION)
    html = product_page(ld=stated, tiles=False).replace(
        "</footer>", f'</footer><div class="drawer" role="dialog"><aside>{copy}</aside></div>')
    tree, hints = H.read(html)
    assert hints.ld_product_description == " ".join(DESCRIPTION)
    reasons = [r for b, r in zip(tree.blocks, judge(tree, CFG, hints.product, hints.ld_product_description).reasons)
               if b.text in DESCRIPTION]
    assert reasons == [None] * 3 + ["aside"] * 3
    # (not a product's page: no statement is read)
    assert H.read(html.replace('"Product"', '"Thing"'))[1].ld_product_description is None


def test_a_tooltip_is_hidden():
    # role=tooltip: shown only while the pointer rests on what it explains.
    note = "Picks are hand selected by our experts to highlight items from shops with a great record."
    html = product_page(ld=PRODUCT_LD, tiles=False).replace(
        "<p>$99.95</p>", f'<p>$99.95</p><span class="badge"><button>Our pick</button><span role="tooltip">{note}</span></span>')
    v = verdicts(H.clean(html, "https://shop.example/p/trail-pack-25"))
    assert v[note] == "hidden"
    assert all(v[p] == "body" for p in DESCRIPTION)


def test_a_tooltip_class_word_hides_its_note_on_a_product_page_only():
    # A note behind an "i" icon beside an option's name (a "tool-tip" custom element, its text in a
    # "tool-tip__content" box): hidden on one product's page; on any other page the words mark nothing.
    note = ("Open-back designs are often higher-performance but leak sound, while closed-back designs "
            "isolate you better from the noise around you.")
    spec = ('<div class="overview"><h4>Cup style <tool-tip class="tool-tip"><span>More information</span>'
            f'<div class="tool-tip__content">{note}</div></tool-tip></h4><p>Open-Back</p></div>')
    html = product_page(ld=PRODUCT_LD, tiles=False).replace("<p>$99.95</p>", "<p>$99.95</p>" + spec)
    v = verdicts(H.clean(html, "https://shop.example/p/trail-pack-25"))
    assert v[note] == "hidden"
    assert all(v[p] == "body" for p in DESCRIPTION)
    # One word of the name ("product-tooltip") counts as the two do.
    one_word = html.replace('class="tool-tip__content"', 'class="product-tooltip"')
    assert verdicts(H.clean(one_word, "https://shop.example/p/trail-pack-25"))[note] == "hidden"
    # Not a product's page: the note stays, and the walk's blocks are those of a page without the word.
    other = html.replace(json.dumps(PRODUCT_LD), json.dumps({**PRODUCT_LD, "@type": "Thing"}))
    assert H.read(other)[1].product is False
    assert verdicts(H.clean(other, "https://shop.example/p/trail-pack-25"))[note] != "hidden"
    plain = read_tree(other.replace("tool-tip__content", "note__content"))
    assert [b.text for b in read_tree(other).blocks] == [b.text for b in plain.blocks]


def test_a_long_box_with_a_tooltip_word_is_no_note():
    # A wrapper named for the tooltip it carries ("has-tooltip") holding more than
    # `block_product_tooltip_max_chars` holds more than a note: it stays.
    texts = [b for _, b in REVIEWS]
    html = product_page(ld=PRODUCT_LD, tiles=False).replace(
        '<div class="details">', '<div class="has-tooltip">' + "".join(f"<p>{t}</p>" for t in texts) + '</div><div class="details">')
    chars = sum(map(len, texts))

    def reasons(most: int) -> list[str | None]:
        tree = H.read(html)[0]
        return [r for b, r in zip(tree.blocks, judge(tree, {**CFG, "block_product_tooltip_max_chars": most}, True).reasons)
                if b.text in texts]

    assert reasons(chars - 1) == [None] * 3
    assert reasons(chars) == ["hidden"] * 3


def test_a_products_description_cut_off_from_the_story_block_is_kept():
    # Sections: the description, a specification table of short cells, then a features band. The text
    # path's story block is one run (the features); the description's sentences, inside the container,
    # are the product's text too.
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in
                   [("Weight", "1 lb"), ("Foam", "EVA"), ("Bits", "64"), ("Case", "ABS"), ("Grip", "Rubber"),
                    ("Pins", "12"), ("Tips", "S2"), ("Size", "M"), ("Lid", "Yes"), ("Tray", "No"), ("Code", "IF-4")] * 3)
    features = "".join(f"<h2>Feature {n}</h2><p>{p} {p}</p>" for n, p in enumerate(DESCRIPTION * 2))
    intro = ("This kit is the one thing every fixer needs to tackle any repair job at home, "
             "from phones and game consoles to laptops.")
    html = product_page(ld=PRODUCT_LD, tiles=False).replace(
        '<div class="details"><h2>Description</h2>',
        f'<div class="details"><p>{intro}</p><table>{rows}</table>{features}<h2>Description</h2>')
    art = H.clean(html, "https://shop.example/p/trail-pack-25")
    assert verdicts(art)[intro] == "body"
    # The same page without the product markup: the story block's rule stands.
    other = html.replace(json.dumps(PRODUCT_LD), json.dumps({**PRODUCT_LD, "@type": "Thing"}))
    assert verdicts(H.clean(other, "https://shop.example/p/trail-pack-25"))[intro] == "outside-story"


def _sections(rows: list[tuple[str, str, str | None, bool]]):
    """keep_sections on lines given as (text, block tag, the text path's reason, inside the container)."""
    from types import SimpleNamespace

    from ghirbal.extract import _measure
    from ghirbal.html.product import keep_sections
    from ghirbal.model import Line

    config = ghirbal.config.default()
    texts = [t for t, _, _, _ in rows]
    feats, _, lex = _measure("\n".join(texts), texts, config)
    lines = [Line(i, t, r is None, "body" if r is None else None, r) for i, (t, _, r, _) in enumerate(rows)]
    blocks = [SimpleNamespace(tag=tag) for _, tag, _, _ in rows]
    keep_sections(lines, feats, blocks, [None] * len(rows), [x for _, _, _, x in rows], config["lines"], CFG, lex)
    return [ln.role if ln.kept else ln.reason for ln in lines]


def test_a_products_long_prose_taken_for_a_headline_is_kept():
    # A synopsis scored below zero inside the story block gets the shape test of another story's
    # headline (`headline-list`); on a product's page, prose that ends as a sentence is a section.
    synopsis = DESCRIPTION[0] + " " + DESCRIPTION[1]
    teaser = "Ten trail packs we tested on long days in the hills this summer"
    assert _sections([(synopsis, "div", "headline-list", True), (teaser, "div", "headline-list", True),
                      (synopsis + " ", "div", "headline-list", False)]) == ["body", "headline-list", "headline-list"]


def test_a_products_specification_cells_are_kept():
    # Table and definition-list cells inside the container are the specifications: a menu's or a
    # headline's short lines to the text path. A repeated cell, a cell outside, a <div> line stay dropped.
    rows = [("Driver Material", "th", "menu", True), ("Anodized Aluminum", "td", "menu", True),
            ("Care instructions:", "dt", "outside-story", True),
            ("Machine wash at 30 °C, gentle cycle", "dd", "headline-list", True),
            ("Foam", "td", "repeated", True), ("Bit Metal", "td", "menu", False), ("Case Material", "div", "menu", True)]
    assert _sections(rows) == ["body"] * 4 + ["repeated", "menu", "menu"]


def test_a_line_that_reads_as_no_words_is_no_product_text():
    # A theme's data printed on the page inside the container: a picture's address. A sentence that
    # holds an address reads as words. On any other page the line stays (a command, a file's path).
    address = "https://cdn.shop.example/images/stencil/160x160/5001_STAPLE_TEE_BONE_THUMB_1.jpg"
    sentence = "Care guide and sizes at https://shop.example/care for every pack we make."
    html = product_page(ld=PRODUCT_LD, tiles=False).replace(
        '<h2>Description</h2>', f'<h2>Description</h2><p>{DESCRIPTION[2]}</p><p>{address}</p><p>{sentence}</p>')
    v = verdicts(H.clean(html, "https://shop.example/p/trail-pack-25"))
    assert v[address] == "short-link-like" and v[sentence] == v[DESCRIPTION[0]] == "body"
    other = html.replace(json.dumps(PRODUCT_LD), json.dumps({**PRODUCT_LD, "@type": "Thing"}))
    assert verdicts(H.clean(other, "https://shop.example/p/trail-pack-25"))[address] == "body"


def test_drop_unreadable_needs_a_long_line_of_overlong_words():
    from ghirbal.html.product import drop_unreadable
    from ghirbal.model import Line

    texts = ["PETROL BLUE,MIDNIGHT BLUE,NAVY,CITRUS,LIME,PISTACHIO,SAFARI,EUCALYPTUS,SAGE,MINERAL",
             "H7868484a-db29-4baf-990e-8b645ccb1899S0b6874d2-ba79-4045-a400-556140cd4bbf 72b55710-a096-4483",
             "ISBN-139780544103054", "Anodized Aluminum", DESCRIPTION[0]]
    lines = [Line(i, t, True, "body") for i, t in enumerate(texts)] + [Line(5, texts[0], False, None, "hidden")]
    drop_unreadable(lines, CFG)
    assert [ln.role if ln.kept else ln.reason for ln in lines] == ["short-link-like"] * 2 + ["body"] * 3 + ["hidden"]


def test_a_videos_fallback_text_is_hidden_on_a_product_page():
    # A browser shows the text inside <video> only when it cannot play it.
    fallback = "Your user agent does not support the HTML5 Video element, so here is a note about it."
    html = product_page(ld=PRODUCT_LD, tiles=False).replace(
        '<h2>Description</h2>', f'<h2>Description</h2><video src="/v.mp4"><p>{fallback}</p></video>')
    tree, hints = H.read(html)
    reasons = {b.text: r for b, r in zip(tree.blocks, judge(tree, CFG, hints.product).reasons)}
    assert hints.product and reasons[fallback] == "hidden" and reasons[DESCRIPTION[0]] is None
    assert {b.text: r for b, r in zip(tree.blocks, judge(tree, CFG, False).reasons)}[fallback] is None


def test_a_comparison_grid_of_other_products_goes_with_their_cards():
    # The element holding the other products' cards also holds the grid's rows: one short cell per
    # product ("Weight" | "1 lb"). They go with the cards, unless a line there reads as prose (the
    # element is then more than the cards' frame).
    rows = "".join(f"<p>{label}</p>" + "".join(f"<div>{v}</div>" for v in values) for label, values in
                   [("Weight", ["1 lb", "2 lb", "3 lb"]), ("Bit Count", ["16", "32", "64"])])
    prose = "<p>Every one of these packs is made in our own workshop and comes with a lifetime guarantee.</p>"

    def reasons(extra: str) -> dict[str, str | None]:
        html = product_page(ld=PRODUCT_LD).replace(f'<div class="grid">{tiles_html()}</div>',
                                                   f'<div class="grid">{tiles_html()}{rows}{extra}</div>')
        tree, hints = H.read(html)
        return {b.text: r for b, r in zip(tree.blocks, judge(tree, CFG, hints.product).reasons)}

    grid = reasons("")
    assert grid[TILES[0][0]] == grid["Bit Count"] == grid["64"] == "aside" and grid[DESCRIPTION[0]] is None
    framed = reasons(prose)
    assert framed[TILES[0][0]] == "aside" and framed["Bit Count"] is None and framed["64"] is None


def test_a_products_name_opens_its_body():
    # The product's name (its <h1>, the page's headline line) is part of what the page says of the
    # product: the body opens with it; the title is still the name.
    art = H.clean(product_page(ld=PRODUCT_LD, tiles=False), "https://shop.example/p/trail-pack-25")
    assert art.title == "Trail Pack 25"
    assert art.paragraphs[0] == "Trail Pack 25" and art.paragraphs.count("Trail Pack 25") == 1
    assert art.body.startswith("Trail Pack 25\n")
    # Not a product's page: the headline stands apart from the text.
    other = H.clean(product_page(tiles=False), "https://shop.example/p/trail-pack-25")
    assert other.title == "Trail Pack 25" and "Trail Pack 25" not in other.paragraphs


NOTES = ["Results may vary depending on shooting conditions, including several subjects, focus and movement.",
         "Battery life is based on internal lab tests with default settings; actual times vary with network, "
         "settings, brightness and many other factors.",
         "Colour availability may vary by country or carrier, and storage options by region and carrier.",
         "Accessories and other devices shown are sold separately; results are for illustrative purposes only.",
         "Measured diagonally as a full rectangle; the actual viewable area is less due to the rounded corners.",
         "Storage availability may vary depending on the software installed in advance and on the region.",
         "Water resistance is based on lab tests in fresh water for up to thirty minutes at a depth of one metre.",
         "Trade-in values depend on the condition of the device and are subject to change without notice."]


FEATURES = ["Side pockets of stretch mesh hold a bottle each, and a zipped lid pocket keeps keys and a phone apart from the rest.",
            "The frame sheet is light and stiff, so the pack keeps its shape when half full and sits close to the back.",
            "Daisy chains and two bungee straps take poles, a rolled mat or a wet jacket outside, where they dry as you walk.",
            "A sleeve inside takes a hydration bladder of up to three litres, with a port for the hose on either shoulder.",
            "The rain cover is stowed in its own pocket at the base and is bright yellow, so you are seen on grey days."]


def test_a_products_small_print_is_aside_on_a_product_page_only():
    # A maker's numbered disclaimers below the product (a box whose class names its "disclaimer"):
    # never the product's text.
    notes = "".join(f"<li>{n}</li>" for n in NOTES)
    box = f'<div class="common-bottom-disclaimer"><ol>{notes}</ol></div>'
    # (more of the product's text: a box of half the page's text would be read as its wrapper)
    features = "".join(f"<p>{t}</p>" for t in FEATURES)
    html = product_page(ld=PRODUCT_LD, tiles=False).replace("</div>\n  \n</div>", f"{features}</div>{box}</div>")
    assert box in html and sum(map(len, NOTES)) >= CFG["block_product_note_min_chars"]
    v = verdicts(H.clean(html, "https://shop.example/p/trail-pack-25"))
    assert all(v[n] == "aside" for n in NOTES)
    assert all(v[p] == "body" for p in DESCRIPTION)
    # A short condition beside the price (less than `block_product_note_min_chars`) stays.
    short = '<p class="pricing-disclaimer">Discount for new customers only; it may end at any time.</p>'
    tree = H.read(html.replace("<p>$99.95</p>", "<p>$99.95</p>" + short))[0]
    reasons = {b.text: r for b, r in zip(tree.blocks, judge(tree, CFG, True).reasons)}
    assert reasons["Discount for new customers only; it may end at any time."] is None
    assert reasons[NOTES[0]] == "aside"
    # Not a product's page: the word marks nothing (an article's disclaimer may be its text).
    other = html.replace(json.dumps(PRODUCT_LD), json.dumps({**PRODUCT_LD, "@type": "Thing"}))
    assert H.read(other)[1].product is False
    tree = H.read(other)[0]
    reasons = {b.text: r for b, r in zip(tree.blocks, judge(tree, CFG, False).reasons)}
    assert all(reasons[n] is None for n in NOTES)


def test_one_microdata_product_item_tells_a_product_page():
    # A store page without JSON-LD (a game's page on a game store): one microdata item of a product type.
    def item(name: str) -> str:
        return f'<div itemscope itemtype="http://schema.org/Product"><meta itemprop="name" content="{name}"></div>'

    def is_product(extra: str) -> bool:
        return H.read(product_page(tiles=False).replace("<body>", "<body>" + extra))[1].product

    assert not is_product("")
    assert is_product(item("Trail Pack 25"))
    assert not is_product(item("Trail Pack 25") + item("Ridge Pack 18"))  # a shop's list: one item a card
    assert not is_product(item("Trail Pack 25").replace("/Product", "/ProductGroup") + item("Ridge Pack 18"))
    article = '<div itemscope itemtype="https://schema.org/Article"><p>We tried it.</p></div>'
    assert not is_product(item("Trail Pack 25") + article)  # a review of the product names its article


def test_a_headline_named_the_products_title_tells_a_product_page():
    # No product markup at all (a marketplace's page), but the shop's theme names the <h1>, or the
    # element inside it, the product's title.
    def is_product(h1: str) -> bool:
        return H.read(product_page(tiles=False).replace("<h1>Trail Pack 25</h1>", h1))[1].product

    assert not is_product("<h1>Trail Pack 25</h1>")
    assert is_product('<h1 class="product-title">Trail Pack 25</h1>')
    assert is_product('<h1 id="title"><span id="productTitle">Trail Pack 25</span></h1>')
    assert is_product('<h1 class="pdp product_name__main">Trail Pack 25</h1>')
    assert not is_product('<h1 class="title">Trail Pack 25</h1>')
    assert not is_product('<h1 class="ProductNav__title">Trail Pack 25</h1>')  # a menu of products' title
    assert not is_product('<h1 class="products-title">Trail Pack 25</h1>')
    # past the reach of the search (`product_headline_max_bytes`), the name is not seen
    far = '<h1>' + "<span>.</span>" * 100 + '<span class="product-title">Trail Pack 25</span></h1>'
    assert not is_product(far)
    # only class and id names (not a data attribute's value), and only inside the <h1> itself (not the
    # <h2> after it)
    assert not is_product('<h1 data-id="product-title">Trail Pack 25</h1>')
    assert not is_product('<h1>Trail Pack 25</h1><h2 class="product-title">Ridge Pack 18</h2>')
    assert is_product('<h1><span>Trail</span> <h2 class="x"></h2><b class="product-name">Pack 25</b></h1>')
