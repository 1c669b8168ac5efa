"""A grid of offers (`html.offers.unmark_offer_cards`): a services page's cards, each one link round a
heading and a sentence, under a page builder's "promo" class words, are the page's content when they
hold a good share of its text; a strip of "promo" teasers beside a long story stays dropped, and a mark
that is not a class word still holds inside the grid."""

from __future__ import annotations

from ghirbal import html as H

URL = "https://consult.example/services"
INTRO = ["We help companies of every size plan, build and run the systems their business depends on.",
         "Pick a service below to see how our teams work with clients like you, from the first talk to the last."]
OFFERS = [("Cloud Migration", "Move your applications and data to the cloud with a plan that keeps the business running."),
          ("Data Platforms", "Build the pipelines, stores and reports that turn your records into decisions you trust."),
          ("Security Reviews", "Find the weak points in your systems before attackers do, and fix them in order of risk."),
          ("Managed Support", "Hand the daily running of your systems to a team that watches them day and night."),
          ("Tax Technology", "Bring your tax function's data and tools together so each filing takes days, not weeks."),
          ("Process Design", "Redraw the way work moves through your teams so that fewer steps wait on each other.")]
NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li><li><a href="/careers">Careers</a></li></ul></nav>'
FOOT = "<footer><p>Consult Example LLP, 12 Harbour Street, offices in nine cities.</p></footer>"


def _card(name: str, text: str) -> str:
    return (f'<div class="grid-col promo-item"><div class="promo promo--services"><a href="/services/{name.lower()}">'
            f'<h3><span>{name}</span></h3><div hidden>Opens the {name} page in a new window</div><div class="promo__desc">{text}</div><div><span>Find out more</span></div>'
            f'</a></div></div>')


def services_page() -> str:
    rows = "".join(f'<div class="grid-row">{"".join(_card(n, t) for n, t in OFFERS[i:i + 3])}</div>' for i in (0, 3))
    intro = "".join(f"<p>{p}</p>" for p in INTRO)
    return f"""<html><head><title>Our services</title></head><body>{NAV}
<main><h1>Our services</h1>{intro}<div class="promo-container"><h2>Explore our services</h2>{rows}</div></main>
{FOOT}</body></html>"""


def test_a_grid_of_offers_is_the_pages_content():
    body = H.clean(services_page(), url=URL).body.splitlines()
    assert all(name in body and text in body for name, text in OFFERS)
    assert all(p in body for p in INTRO)


def test_a_mark_that_is_no_class_word_holds_inside_the_grid():
    lines = H.clean(services_page(), url=URL).lines
    hidden = [ln for ln in lines if ln.text.startswith("Opens the ")]
    assert len(hidden) == len(OFFERS) and all(ln.reason == "hidden" for ln in hidden)


STORY = [f"Paragraph {i} of the report tells how the harbour town rebuilt its old fish market as a public hall, "
         f"what it cost, who paid for it, and what the traders who work there every morning now think of it."
         for i in range(1, 13)]


def test_a_strip_of_promo_teasers_beside_a_story_stays_dropped():
    teasers = "".join(_card(n, t) for n, t in OFFERS[:3])
    page = f"""<html><head><title>The fish market</title></head><body>{NAV}
<main><h1>The fish market</h1>{"".join(f"<p>{p}</p>" for p in STORY)}
<div class="promo-strip">{teasers}</div></main>{FOOT}</body></html>"""
    art = H.clean(page, url=URL)
    body = art.body.splitlines()
    assert all(p in body for p in STORY)
    assert not any(t in body for _, t in OFFERS[:3])


def test_offer_rows_need_a_heading_and_a_sentence_in_every_card():
    """`offers.offer_rows`: a run counts only when each card holds a heading and a block of at least
    `block_offer_min_chars`; one card without its sentence fails its run."""
    from ghirbal.config import default
    from ghirbal.html.blocks import read_tree
    from ghirbal.html.cards import _card_runs
    from ghirbal.html.offers import offer_rows

    cfg = default()["html"]
    full = "".join(_card(n, t) for n, t in OFFERS[:3])
    short = "".join(_card(n, t[:40]) if i == 1 else _card(n, t) for i, (n, t) in enumerate(OFFERS[3:]))
    tree = read_tree(f"<body><div>{full}</div><div>{short}</div></body>")
    runs = _card_runs(tree.blocks, tree.elements, cfg["card_min_blocks"], cfg["card_min_run"])
    assert len(runs) == 2
    heads = frozenset(cfg["card_heading_tags"])
    assert offer_rows(tree.blocks, tree.elements, runs, heads, cfg["block_offer_min_chars"]) == [True, False]
    assert offer_rows(tree.blocks, tree.elements, runs, frozenset(), cfg["block_offer_min_chars"]) == [False, False]
