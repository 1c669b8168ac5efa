"""Captions and author boxes in the HTML path: a picture's caption goes to `Article.captions`, not the
body; an author's box ("author-bio") is dropped as `author-box`; the look-alikes stay (a quote's
attribution in a <figure>, a "caption" text style, a post's "author-<name>" class)."""

from __future__ import annotations

from ghirbal import html as H
from ghirbal.html.blocks import _class_marks, markup_lexicon

STORY = [
    "The city council approved the new budget on Tuesday after a long debate about schools, roads and parks.",
    "Members said the plan, which raises spending by four percent, would be reviewed again in the spring.",
    "The mayor welcomed the vote and thanked residents who had written to the council during the summer.",
    "Opposition members said the increase was too small to repair the roads that flooded last winter.",
]
URL = "https://citynews.example/news/budget"


def page(middle: str = "", after: str = "") -> str:
    first, rest = STORY[:2], STORY[2:]
    return f"""<html><head><title>Council approves the budget</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main><article><h1>Council approves the budget</h1>{"".join(f"<p>{p}</p>" for p in first)}{middle}
{"".join(f"<p>{p}</p>" for p in rest)}{after}</article></main></body></html>"""


def verdicts(art) -> dict[str, str | None]:
    return {ln.text: (ln.role if ln.kept else ln.reason) for ln in art.lines}


CAPTION = "Council members vote on the budget in the town hall on Tuesday evening. Photo: Jane Smith"


def test_a_figcaption_is_a_caption_not_the_body():
    art = H.clean(page(f'<figure><img src="/vote.jpg"><figcaption>{CAPTION}</figcaption></figure>'), URL)
    assert art.paragraphs == STORY
    assert CAPTION in art.captions
    assert verdicts(art)[CAPTION] == "caption"


def test_caption_blocks_give_one_flag_per_block_with_or_without_captions():
    import ghirbal.config
    from ghirbal.html.blocks import read_tree
    from ghirbal.html.captions import caption_blocks

    cfg = ghirbal.config.default()["html"]
    for middle, expect in (("", []), (f"<figure><img src='/v.jpg'><figcaption>{CAPTION}</figcaption></figure>", [CAPTION])):
        tree = read_tree(page(middle))
        flags = caption_blocks(tree, cfg)
        assert len(flags) == len(tree.blocks) > 5
        assert [b.text for b, f in zip(tree.blocks, flags) if f] == expect


def test_a_caption_class_on_a_block_is_a_caption():
    middle = f'<div class="wp-caption"><img src="/vote.jpg"><p class="wp-caption-text">{CAPTION}</p></div>'
    art = H.clean(page(middle), URL)
    assert art.paragraphs == STORY and CAPTION in art.captions


def test_a_quote_attribution_in_a_figure_stays_in_the_body():
    # The figure holds a quote besides its caption: the caption is the quote's source, read with it.
    quote = "We have waited for this budget for ten years and the roads cannot wait any longer for repairs."
    middle = f"<figure><blockquote><p>{quote}</p></blockquote><figcaption>Mary Jones, head of the residents' association</figcaption></figure>"
    art = H.clean(page(middle), URL)
    assert "Mary Jones, head of the residents' association" in art.paragraphs
    assert "Mary Jones, head of the residents' association" not in art.captions


def test_caption_text_styles_are_no_captions():
    # Shop themes name a small-print style "caption" or "text-caption": no caption mark, and no block split.
    lex = markup_lexicon()
    assert _class_marks("caption", lex)[0] is None
    assert _class_marks("wt-text-caption wt-text-gray", lex)[0] is None
    assert _class_marks("image-caption", lex)[0] == "caption"
    art = H.clean(page('<p>Rated <span class="wp-caption-text">4.5 out of 5</span> by readers of the paper.</p>'), URL)
    assert "Rated 4.5 out of 5 by readers of the paper." in art.paragraphs


BIO = ("Jane Smith has covered the city council for the Citynews since 2015. She lives in the old town "
       "with her two children and writes about schools, transport and local politics.")


def test_an_author_box_is_dropped_with_its_own_reason():
    after = f'<div class="author-bio"><h4>About the author</h4><p>{BIO}</p></div>'
    art = H.clean(page(after=after), URL)
    assert art.paragraphs == STORY
    v = verdicts(art)
    assert v[BIO] == "author-box" and v["About the author"] == "author-box"


def test_author_compounds_need_both_words_in_one_name():
    lex = markup_lexicon()
    assert _class_marks("saboxplugin-desc author_desc", lex)[0] == "author-box"
    assert _class_marks("zox-author-box-text", lex)[0] == "author-box"
    # WordPress's post class, a list card's author line, a byline's name: no box
    assert _class_marks("entry hentry author-jennifer-charles", lex)[0] is None
    assert _class_marks("loop-card__author", lex)[0] is None
    assert _class_marks("author-name", lex)[0] is None
    # the words must be in the same name, not in two names of one class attribute
    assert _class_marks("author box-shadow", lex)[0] != "author-box"


def test_a_large_element_with_an_author_class_is_no_box():
    # A wrapper whose class happens to pair the words holds a whole post: it is not dropped.
    from ghirbal.html.blocks import Element
    from ghirbal.html.markup import Marks

    marks = Marks(veto=100_000, weak_chars=300, weak_links=0.3, weak_marks=("form",), boxes={"author-box": 1500})
    assert marks.drops(Element("div", 0, "author-box", chars=400), in_main=True)
    assert not marks.drops(Element("div", 0, "author-box", chars=5000), in_main=True)


def test_an_embedded_post_card_in_the_story_is_aside():
    card = "What is a Modular Monolith? Microservices are popular for their scalability but come with complexity"
    middle = f'<blockquote class="wp-embedded-content"><p><a href="/monolith">{card}</a></p></blockquote>'
    art = H.clean(page(middle), URL)
    assert art.paragraphs == STORY and verdicts(art)[card] == "aside"


def test_paragraphs_inside_a_figcaption_stay_in_the_body():
    # A diagram's explanation written as paragraphs in its <figcaption> (documentation) is read as text.
    steps = "Initially, each counter's state is zero and both buttons show the same value to the reader."
    art = H.clean(page(f'<figure><img src="/diagram.png"><figcaption><p>{steps}</p></figcaption></figure>'), URL)
    assert steps in art.paragraphs and steps not in art.captions
