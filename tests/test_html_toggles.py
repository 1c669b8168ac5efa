"""An accordion's toggle on an undated page of no kind (`markup.unmark_heading_controls`): the button that
opens an FAQ's answer stands in the question's heading, and its text is the page's; on a page of a
kind (a dated story, a product's, a thread) a control's text stays the interface's (`form`)."""

from __future__ import annotations

from ghirbal import html as H
from ghirbal.html.blocks import Element
from ghirbal.html.markup import unmark_heading_controls

URL = "https://pest.example/services/queen-creek"
INTRO = [
    "We protect homes in Queen Creek from ants, spiders, scorpions and termites, all year round.",
    "Every plan starts with a full inspection of the house, the yard and the garage by a licensed technician.",
    "Our technicians treat the outside of the home every other month and come back between visits for free.",
]
QUESTIONS = ["How often do your technicians treat the outside of the home?",
             "Do you treat the garage and the yard as well?"]
ANSWERS = ["Every other month, and they come back between visits for free whenever the pests return to your home.",
           "Yes. Every plan covers the garage, the yard and the fence line, at no extra charge to the homeowner."]
DATED = '<meta property="article:published_time" content="2024-03-05T10:00:00Z">'


def faq_page(head: str = "") -> str:
    intro = "".join(f"<p>{p}</p>" for p in INTRO)
    items = "".join(f'<div class="acc-item"><h3><button aria-expanded="false">{q}</button></h3><div><p>{a}</p></div></div>'
                    for q, a in zip(QUESTIONS, ANSWERS))
    return f"""<html><head><title>Pest control in Queen Creek</title>{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/services">Services</a></li><li><a href="/about">About</a></li></ul></nav>
<div class="page"><h1>Pest control in Queen Creek</h1>{intro}<h2>Frequently asked questions</h2>{items}
<p>Call our office today to book the first inspection of your home at a time that suits you.</p></div>
<footer><p>Pest Example Ltd, 4 Mill Lane, open every weekday from seven to five.</p></footer></body></html>"""


def test_an_accordions_toggle_is_its_heading_on_an_undated_page():
    art = H.clean(faq_page(), url=URL)
    lines = art.body.splitlines()
    assert all(q in lines for q in QUESTIONS) and all(a in lines for a in ANSWERS)
    # On a page of a kind (here a dated story), a control's text stays the interface's, `form`.
    dated = H.clean(faq_page(DATED), url=URL)
    assert [ln.reason for ln in dated.lines if ln.text in QUESTIONS] == ["form"] * len(QUESTIONS)
    assert all(a in dated.body.splitlines() for a in ANSWERS)


def test_unmark_heading_controls():
    els = [Element("div", -1), Element("h3", 0), Element("button", 1, mark="form"),  # <h3><button>
           Element("button", 0, mark="form"), Element("h3", 3),  # <button><h3>
           Element("button", 0, mark="form"),  # a lone button
           Element("summary", 0), Element("div", 6), Element("label", 7, mark="form"),  # two below <summary>
           Element("h3", 0), Element("div", 9), Element("div", 10), Element("button", 11, mark="form")]  # three below
    unmark_heading_controls(els, frozenset(("button", "label")), frozenset(("h3", "summary")), 2)
    assert [els[i].mark for i in (2, 3, 5, 8, 12)] == [None, None, "form", None, "form"]
