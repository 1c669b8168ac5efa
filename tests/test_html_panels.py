"""Collapsed panels (`markup.weaken_repeated_panels`): an FAQ's answers and a tab list's other tabs, hidden until opened,
stand alike one to an item, and are the page's content; a lone hidden box (a pop-up, a hidden copy) and a
hidden menu are not."""

from __future__ import annotations

import copy

import ghirbal.config
from ghirbal import html as H
from ghirbal.html.blocks import read_tree
from ghirbal.html.markup import weaken_repeated_panels

URL = "https://solar.example/services/installation"
INTRO = [
    "We design and install rooftop solar systems for homes and small businesses across the county.",
    "Every installation includes a site survey, the permits, the panels, the inverter and ten years of service.",
]
ANSWERS = [
    "Most homes need between eight and fourteen panels, depending on the roof and the yearly electricity use.",
    "A typical installation takes two days on the roof and another week for the utility to approve the connection.",
    "Yes. The panels keep working on cloudy days, at a lower output, and the batteries carry the evening load.",
]
MODAL = ("Sign up for our newsletter to receive seasonal offers, installation tips and invitations to our open "
         "days, and be the first to hear about new battery systems and financing plans for homeowners.")


def faq(style: str = 'style="display:none"') -> str:
    items = "".join(f'<div class="faq-item"><div class="faq-q">Question {i + 1}?</div>'
                    f'<div class="faq-a" {style}><p>{a}</p></div></div>' for i, a in enumerate(ANSWERS))
    return f'<h2>Frequently asked questions</h2><div class="faq">{items}</div>'


def page(middle: str) -> str:
    intro = "".join(f"<p>{p}</p>" for p in INTRO)
    return f"""<html><head><title>Solar installation</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/services">Services</a></li><li><a href="/about">About</a></li></ul></nav>
<main><h1>Solar installation</h1>{intro}{middle}</main>
<div class="box" style="display:none"><p>{MODAL}</p></div>
<footer><p>Solar Example Ltd, 4 Mill Lane, open every weekday from nine to five.</p></footer></body></html>"""


def verdicts(art) -> dict[str, str | None]:
    return {ln.text: (ln.role if ln.kept else ln.reason) for ln in art.lines}


def test_an_faqs_hidden_answers_are_content_a_lone_hidden_box_is_not():
    v = verdicts(H.clean(page(faq()), URL))
    for a in ANSWERS:
        assert v[a] == "body"
    assert v[MODAL] == "hidden"


def test_the_hidden_attribute_counts_as_display_none():
    v = verdicts(H.clean(page(faq("hidden")), URL))
    assert all(v[a] == "body" for a in ANSWERS)


def test_a_tab_lists_hidden_tabs_are_content():
    tabs = "".join(f'<div class="tab"{"" if i == 0 else " hidden"}><p>{a}</p></div>' for i, a in enumerate(ANSWERS))
    v = verdicts(H.clean(page(f'<div class="tabs">{tabs}</div>'), URL))
    assert all(v[a] == "body" for a in ANSWERS)


def test_a_single_hidden_answer_stays_hidden_and_the_setting_turns_it_off():
    one = (f'<div class="faq"><div class="faq-item"><div class="faq-q">Question?</div>'
           f'<div class="faq-a" style="display:none"><p>{ANSWERS[0]}</p></div></div></div>')
    assert verdicts(H.clean(page(one), URL))[ANSWERS[0]] == "hidden"
    cfg = copy.deepcopy(ghirbal.config.default())
    cfg["html"]["block_panel_min_run"] = 0
    v = verdicts(H.clean(page(faq()), URL, config=cfg))
    assert all(v[a] == "hidden" for a in ANSWERS)


def test_hidden_submenus_stay_strong_marks_only_when_alone_and_links_still_drop():
    sub = '<ul style="display:none"><li><a href="/a">Roof survey</a></li><li><a href="/b">Battery storage</a></li></ul>'
    tree = read_tree(f'<body><ul class="m"><li>One{sub}</li><li>Two{sub}</li></ul>'
                     f'<div><div><ul style="display:none"><li><a href="/c">Alone</a></li></ul></div></div></body>')
    hidden = [e for e in tree.elements if e.mark == "hidden"]
    assert len(hidden) == 3 and not any(e.weak for e in hidden)
    weaken_repeated_panels(tree.elements, 2)
    assert [e.weak for e in tree.elements if e.mark == "hidden"] == [True, True, False]
    # ...and a page's hidden submenus still drop: weak, but all links.
    art = H.clean(page(f'<ul class="services"><li>Installation{sub}</li><li>Repairs{sub}</li></ul>'), URL)
    assert verdicts(art)["Roof survey"] == "hidden"
