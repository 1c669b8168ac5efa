"""The intro prose of a list container (`listing.keep_list_intro`)."""

from __future__ import annotations

import ghirbal.config
from ghirbal.features import measure_page
from ghirbal.html.listing import keep_list_intro
from ghirbal.lexicon import load as load_lexicon
from ghirbal.model import Line


def test_keep_list_intro_keeps_prose_inside_a_list_container_only():
    cfg, lex = ghirbal.config.default()["lines"], load_lexicon("en")
    texts = ["Our packs for day hikes and long trips, chosen by the staff who carry them every weekend.",
             "Our packs for day hikes and long trips, chosen by the staff who carry them every weekend.",
             "Summit Pack 30", "Our packs for day hikes and long trips, chosen by the staff who carry them."]
    lines = [Line(i, t, False, None, "outside-story") for i, t in enumerate(texts)]
    feats = measure_page(texts, lex)
    inside = [True, False, True, True]
    reasons = [None, None, None, "aside"]
    keep_list_intro(lines, feats, reasons, inside, [False, False, True, False], cfg, lex)
    assert [ln.kept for ln in lines] == [True, False, False, False]
    # Only `outside-story` is lifted: a line shaped as another story's headline stays out (a product
    # page's sections lift both, `product.keep_sections`).
    lines = [Line(i, t, False, None, "headline-list") for i, t in enumerate(texts)]
    keep_list_intro(lines, feats, reasons, inside, [False, False, True, False], cfg, lex)
    assert not any(ln.kept for ln in lines)
    # No list in the container: nothing changes.
    lines = [Line(i, t, False, None, "outside-story") for i, t in enumerate(texts)]
    keep_list_intro(lines, feats, reasons, inside, [False] * 4, cfg, lex)
    assert not any(ln.kept for ln in lines)
