"""A shop's pages: a product's section toggles and raw field lists, a category grid inside a page-wide form."""

from __future__ import annotations

import json

import ghirbal.config
from ghirbal import html as H
from ghirbal.html.blocks import Block
from ghirbal.html.cards import card_runs
from ghirbal.html.listing import page_forms
from ghirbal.html.markup import judge
from ghirbal.html.product import drop_field_keys
from ghirbal.model import Line

CFG = ghirbal.config.default()["html"]
PRODUCT_LD = {"@context": "https://schema.org", "@type": "Product", "name": "Harbor Rain Shell",
              "offers": {"@type": "Offer", "price": "149.00"}}
ABOUT = ("A light shell for wet walks along the coast, with taped seams, a hood that rolls into the collar "
         "and two zipped pockets that sit clear of a pack's hip belt.")
CARE = "Shell of recycled nylon ripstop with a water-repellent finish. Machine wash cold and hang to dry."
TERMS = "Orders ship within two working days. Returns are free within thirty days of delivery."


def shell_page(sections: str, ld: object | None = PRODUCT_LD) -> str:
    head = "<title>Harbor Rain Shell | Coast Outfitters</title>"
    if ld is not None:
        head += f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    return f"""<html><head>{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/jackets">Jackets</a></li></ul></nav>
<div class="page"><div class="buy"><h1>Harbor Rain Shell</h1><p>$149.00</p><button>Add to bag</button></div>
<div class="details"><p>{ABOUT}</p>{sections}</div></div>
<footer><p>Coast Outfitters, 3 Quay Street. Open every day from nine to six.</p></footer>
</body></html>"""


def toggle(title: str, panel: str) -> str:
    return f'<h3><button aria-expanded="false">{title}</button></h3>{panel}'


def reasons_of(html: str) -> dict[str, str | None]:
    tree, hints = H.read(html)
    judged = judge(tree, CFG, hints.product, dated=hints.published is not None)
    return {b.text: r for b, r in zip(tree.blocks, judged.reasons)}


def test_a_products_section_toggle_keeps_its_name_when_its_panel_shows_text():
    # "Material & care" opens a panel the page shows: its name is the section's heading. "Delivery &
    # returns" opens a hidden box, and the two questions open nothing the page holds (a script fills
    # the answers in): their toggles stay the page's interface.
    html = shell_page(toggle("Material &amp; care", f'<div class="panel"><p>{CARE}</p></div>')
                      + toggle("Delivery &amp; returns", f'<div class="panel" style="display:none"><p>{TERMS}</p></div>')
                      + toggle("Is the shell windproof?", "") + toggle("Does the hood fit over a helmet?", ""))
    r = reasons_of(html)
    assert r["Material & care"] is None and r[CARE] is None
    assert r["Delivery & returns"] == "form" and r[TERMS] == "hidden"
    assert r["Is the shell windproof?"] == "form" and r["Does the hood fit over a helmet?"] == "form"
    assert r["Add to bag"] == "form"


def test_section_toggles_stay_dropped_on_a_page_of_another_kind():
    # A dated story's toggles are not opened (an undated page of no kind opens them all: a service's FAQ).
    html = shell_page(toggle("Material &amp; care", f'<div class="panel"><p>{CARE}</p></div>'), ld=None).replace(
        "<head>", '<head><meta property="article:published_time" content="2026-03-02T10:00:00Z">')
    r = reasons_of(html)
    assert r["Material & care"] == "form" and r[CARE] is None


def test_an_alert_is_the_shops_interface_on_a_product_page_only():
    # A live region for the shop's errors, hidden by a class the walk does not know, is no product text.
    alert = '<div class="a-box a-hidden" role="alert"><p>Sorry, there was a problem saving your list.</p></div>'
    html = shell_page(f'<p>{CARE}</p>{alert}')
    assert reasons_of(html)["Sorry, there was a problem saving your list."] == "hidden"
    assert reasons_of(shell_page(f'<p>{CARE}</p>{alert}', ld=None))["Sorry, there was a problem saving your list."] is None


def test_a_field_list_under_database_keys_is_no_product_text():
    # A theme prints the product's raw custom fields under their keys: the keys and their values drop,
    # the written specification beside them stays.
    fields = ("<dl><dt>Fabric</dt><dd>Recycled nylon ripstop</dd><dt>retail_price_tier1:</dt><dd>$20.00_1–9 items</dd>"
              "<dt>short_description:</dt><dd>Regular Fit - 5.3 oz</dd><dt>cat_thumb_Navy:</dt></dl>")
    v = {ln.text: (ln.role if ln.kept else ln.reason) for ln in H.clean(shell_page(fields), "https://coast.example/p/shell").lines}
    assert v["retail_price_tier1:"] == v["$20.00_1–9 items"] == "short-link-like"
    assert v["short_description:"] == v["Regular Fit - 5.3 oz"] == v["cat_thumb_Navy:"] == "short-link-like"
    assert v["Recycled nylon ripstop"] != "short-link-like" and v[ABOUT] == "body"


def test_drop_field_keys_reads_the_key_shape_and_the_cells_after_it():
    rows = [("dt", "Item_Weight"), ("dd", "12 oz"), ("dd", "340 g"), ("dt", "Item Weight"), ("dd", "12 oz"),
            ("td", "size_guide"), ("th", "snake_case_key:"), ("td", "value")]
    blocks = [Block(t, tag, len(t), 0, 0, (0,)) for tag, t in rows]
    lines = [Line(i, t, True, "body") for i, (_, t) in enumerate(rows)]
    drop_field_keys(lines, blocks, CFG)
    assert [ln.kept for ln in lines] == [False, False, False, True, True, True, False, False]


SHOP_ITEMS = [("BenQ Short Throw Laser Projector", "Manufacturer: BenQ", "Price: $4,899.00"),
        ("Epson Home Cinema Projector", "Manufacturer: Epson", "Price: $2,999.00"),
        ("Sony Native 4K Laser Projector", "Manufacturer: Sony", "Price: $7,998.00"),
        ("Optoma Ultra Short Throw Projector", "Manufacturer: Optoma", "Price: $3,299.00"),
        ("Hisense Triple Laser Projector", "Manufacturer: Hisense", "Price: $2,499.00"),
        ("LG Cinebeam Laser Projector", "Manufacturer: LG", "Price: $2,799.00")]


def grid_page(wrapped: bool) -> str:
    cards = "".join(f'<div class="item"><a href="/p/{i}"><div class="name">{n}</div><div>{m}</div><div>{p}</div></a></div>'
                    for i, (n, m, p) in enumerate(SHOP_ITEMS))
    body = f"""<div class="top"><p>Free ground shipping on all orders to the continental United States.</p>
<p>Call our specialists before you order if you need the item by a set date; each item has a lead time.</p></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/projectors">Projectors</a></li><li><a href="/screens">Screens</a></li></ul></nav>
<div class="main"><h1>Native 4K Projectors</h1><p>Products 1-6 of 6</p><div class="grid">{cards}</div></div>
<footer><p>Screen Store, 8 Harbor Road.</p></footer>"""
    if wrapped:  # (ASP.NET's Web Forms)
        body = f'<form method="post" action="./native-4k-projectors" id="form1"><div class="page">{body}</div></form>'
    else:
        body = f'<div class="page">{body}</div>'
    return f"<html><head><title>Native 4K Projectors | Screen Store</title></head><body>{body}</body></html>"


def test_a_shops_grid_inside_a_page_wide_form_is_its_content():
    # A <form> round the whole page marks nothing (it holds more than half the page), and no run of
    # cards inside it either: the container is widened to the grid, whose linked cards are then the
    # page's list, not links outside its container.
    v = {ln.text: (ln.role if ln.kept else ln.reason)
         for ln in H.clean(grid_page(True), "https://screens.example/native-4k-projectors").lines}
    assert [v[n] for n, _, _ in SHOP_ITEMS[:5]] == ["body"] * 5
    assert [v[m] for _, m, _ in SHOP_ITEMS[:5]] == ["body"] * 5
    assert v["Home"] == "nav"


def test_page_forms_are_the_forms_holding_nearly_all_the_text():
    share = CFG["block_list_page_form_share"]
    for wrapped in (True, False):
        tree, _ = H.read(grid_page(wrapped))
        runs = card_runs(tree, CFG)
        forms = page_forms(tree.elements, runs, share)
        assert [tree.elements[e].tag for e in forms] == (["form"] if wrapped else [])
    small = grid_page(False).replace('<div class="grid">', '<form action="/filter"><div class="grid">').replace(
        "</a></div></div>", "</a></div></div></form>")
    tree, _ = H.read(small)  # (a form round the grid alone is a filter form, not the page's wrapper)
    assert any(el.tag == "form" and el.mark == "form" for el in tree.elements)
    assert not page_forms(tree.elements, card_runs(tree, CFG), share)
