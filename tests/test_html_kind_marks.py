"""Marks that hold only on a page of a kind (`markup.settle_kind_marks`, `markup.unmark_heading_controls`):
a "banner" class word is an advertising box on a dated story, a product's or a thread's page, but on an
undated page of no kind (a service's landing page) the sections its theme calls banners are the page's
text, and an accordion's toggle button is the heading of the section it opens."""

from __future__ import annotations

from ghirbal import html as H
from ghirbal.html.blocks import Element
from ghirbal.html.markup import KIND_MARK, settle_kind_marks, unmark_heading_controls

URL = "https://pest.example/services/queen-creek"
INTRO = [
    "We protect homes in Queen Creek from ants, spiders, scorpions and termites, all year round.",
    "Every plan starts with a full inspection of the house, the yard and the garage by a licensed technician.",
    "Our technicians treat the outside of the home every other month and come back between visits for free.",
]
BAND = "Same day service is available when you call before two in the afternoon on a weekday."
STRIP = "Shop now"
DATED = '<meta property="article:published_time" content="2024-03-05T10:00:00Z">'


def page(head: str = "") -> str:
    intro = "".join(f"<p>{p}</p>" for p in INTRO)
    return f"""<html><head><title>Pest control in Queen Creek</title>{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/services">Services</a></li><li><a href="/about">About</a></li></ul></nav>
<div class="page"><h1>Pest control in Queen Creek</h1>{intro}
<section class="profile-banner"><h3>Same day service</h3><div>{BAND}</div></section>
<div class="banner-strip"><span>{STRIP}</span></div>
<p>Call our office today to book the first inspection of your home at a time that suits you.</p></div>
<footer><p>Pest Example Ltd, 4 Mill Lane, open every weekday from seven to five.</p></footer></body></html>"""


def test_an_undated_pages_banner_band_is_its_text():
    art = H.clean(page(), url=URL)
    assert BAND in art.body.splitlines()
    # A short banner (a "Shop now" strip) is still a box.
    assert all(ln.reason == "aside" for ln in art.lines if ln.text == STRIP)


def test_a_dated_pages_banner_is_a_box():
    art = H.clean(page(DATED), url=URL)
    assert BAND not in art.body.splitlines()
    assert any(ln.reason == "aside" for ln in art.lines if ln.text == BAND)


def test_settle_kind_marks():
    def els():
        return [Element("div", -1, mark=KIND_MARK, weak=True, chars=400),
                Element("div", 0, mark=KIND_MARK, weak=True, chars=20),
                Element("div", 0, mark="aside", weak=True, chars=400)]
    plain = els()
    settle_kind_marks(plain, False, 50)
    assert [(e.mark, e.weak) for e in plain] == [(None, False), ("aside", True), ("aside", True)]
    kind = els()
    settle_kind_marks(kind, True, 50)
    assert [(e.mark, e.weak) for e in kind] == [("aside", True), ("aside", True), ("aside", True)]


QUESTIONS = ["How often do your technicians treat the outside of the home?",
             "Do you treat the garage and the yard as well?"]
ANSWERS = ["Every other month, and they come back between visits for free whenever the pests return to your home.",
           "Yes. Every plan covers the garage, the yard and the fence line, at no extra charge to the homeowner."]


def faq_page(head: str = "") -> str:
    items = "".join(f'<div class="acc-item"><h3><button aria-expanded="false">{q}</button></h3><div><p>{a}</p></div></div>'
                    for q, a in zip(QUESTIONS, ANSWERS))
    return page(head).replace("</div>\n<footer>", f"<h2>Frequently asked questions</h2>{items}</div>\n<footer>")


def test_an_accordions_toggle_is_its_heading_on_an_undated_page():
    art = H.clean(faq_page(), url=URL)
    lines = art.body.splitlines()
    assert all(q in lines for q in QUESTIONS) and all(a in lines for a in ANSWERS)
    # On a page of a kind (here a dated story), a control's text stays the interface's, `form`.
    dated = H.clean(faq_page(DATED), url=URL)
    assert all(ln.reason == "form" for ln in dated.lines if ln.text in QUESTIONS)
    assert all(a in dated.body.splitlines() for a in ANSWERS)


def test_unmark_heading_controls():
    els = [Element("div", -1), Element("h3", 0), Element("button", 1, mark="form"),  # <h3><button>
           Element("button", 0, mark="form"), Element("h3", 3),  # <button><h3>
           Element("button", 0, mark="form")]  # a lone button
    unmark_heading_controls(els, frozenset(("button", "label")), frozenset(("h3", "summary")), 2)
    assert [e.mark for e in els] == [None, None, None, None, None, "form"]
