"""The HTML path reads the parsed tree: blocks, markup verdicts with their reason codes, the main
container, sniffing pages that start with styles or scripts, and no markup ever in a body."""

from __future__ import annotations

import re
from html import escape as html_escape
from pathlib import Path

import pytest

import ghirbal
from ghirbal import html as H
from ghirbal.html.blocks import read_tree

STORY = [
    "The city council approved the new budget on Tuesday after a long debate about schools, roads and parks.",
    "Members said the plan, which raises spending by four percent, would be reviewed again in the spring.",
    "The mayor welcomed the vote and thanked residents who had written to the council during the summer.",
    "Opposition members said the increase was too small to repair the roads that flooded last winter.",
]
CSS = "body{margin:0;padding:0}" + "".join(f".c{i}{{color:#{i:03x};font-size:{i}px}}" for i in range(200))


def page(before_story: str = "", after_story: str = "", head: str = "<title>Council approves the budget</title>") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return f"""<html><head>{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>Council approves the budget</h1>{before_story}{paragraphs}{after_story}</article></main>
<footer><p>Contact us at the town hall, Main Street, open every weekday from nine to five.</p></footer>
</body></html>"""


def verdicts(art) -> dict[str, str | None]:
    return {ln.text: (ln.role if ln.kept else ln.reason) for ln in art.lines}


def test_blocks_join_inline_markup_and_count_links():
    tree = read_tree('<body><p>One <b>bold</b> and <a href="/x">a link</a>.</p><ul><li>Two</li></ul></body>')
    texts = [b.text for b in tree.blocks]
    assert texts == ["One bold and a link .", "Two"] or texts == ["One bold and a link.", "Two"]
    first = tree.blocks[0]
    assert first.tag == "p" and first.links == 1 and first.link_chars == len("a link")


def test_markup_drops_get_their_own_reason_codes():
    after = """
<div class="comments-area"><h3>2 comments</h3>
<p>Great news for the town, finally the roads will be fixed after all these years of waiting.</p>
<p>I do not agree with this at all, the money should have gone to the schools and libraries instead.</p></div>
<form action="/subscribe"><label>Your email address</label><button>Subscribe</button></form>
<div style="display: none">Please enable cookies to read the full story on this site.</div>"""
    html = page(after_story=after).replace(
        "</main>", '</main><aside><h3>Most read</h3><ul><li><a href="/a">Storm closes all schools across the region</a></li></ul></aside>')
    art = H.clean(html, "https://citynews.example/news/budget")
    v = verdicts(art)
    assert v["Home"] == "nav" and v["News"] == "nav"
    assert v["Storm closes all schools across the region"] == "aside"
    assert v["Great news for the town, finally the roads will be fixed after all these years of waiting."] == "comment-section"
    assert v["Your email address"] == "form"
    assert v["Please enable cookies to read the full story on this site."] == "hidden"
    assert art.paragraphs == STORY


def test_link_dense_lines_outside_the_container():
    html = page().replace("<main>", '<div class="teasers"><p><a href="/1">Storm closes all schools across the region today</a></p></div><main>')
    art = H.clean(html, "https://citynews.example/news/budget")
    assert verdicts(art)["Storm closes all schools across the region today"] == "link-dense"
    assert art.paragraphs == STORY


def test_a_mark_on_an_element_that_wraps_the_page_is_ignored():
    # ASP.NET pages wrap everything in one <form>; themes put "sidebar" in the content wrapper's class.
    html = page().replace("<main>", '<form id="aspnetForm"><div class="content-sidebar-wrap"><main>').replace(
        "</main>", "</main></div></form>")
    art = H.clean(html, "https://citynews.example/news/budget")
    assert art.paragraphs == STORY


def test_page_builder_widget_classes_are_weak_marks():
    # "elementor-widget" wraps every content box: a long unlinked box is content, not a widget.
    paragraphs = "".join(f'<div class="elementor-widget elementor-widget-text-editor"><p>{p}</p></div>' for p in STORY)
    html = page().replace("".join(f"<p>{p}</p>" for p in STORY), f'<div class="elementor-widget-wrap">{paragraphs}</div>')
    art = H.clean(html, "https://citynews.example/news/budget")
    assert art.paragraphs == STORY


def test_listing_items_in_the_main_container_are_kept():
    items = "".join(f'<li><a href="/p/{i}">Trail shoe model {i} waterproof</a><span>$1{i}0.00</span></li>' for i in range(12))
    html = f"""<html><body><nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
<main><h1>Trail shoes</h1><p>Our trail shoes are made for long days on rough ground, with grippy soles and light uppers.</p>
<ul class="products">{items}</ul></main><footer><a href="/terms">Terms</a></footer></body></html>"""
    art = H.clean(html, "https://shop.example/trail-shoes")
    assert "Trail shoe model 3 waterproof $130.00" in art.paragraphs or "Trail shoe model 3 waterproof" in " ".join(art.paragraphs)
    assert sum("Trail shoe model" in b for b in art.paragraphs) == 12
    assert not any("Terms" == b or "Home" in b for b in art.paragraphs)


def test_a_thread_in_comments_is_the_content():
    posts = "".join(f'<div class="comment"><p>Post {i}: I tried the new firmware on my router and the wifi drops every hour since then, any ideas?</p></div>' for i in range(4))
    html = f"<html><body><nav><a href='/'>Forum</a></nav><div class='comments'>{posts}</div></body></html>"
    art = H.clean(html, "https://forum.example/t/1")
    assert sum("firmware" in b for b in art.paragraphs) == 4


LONG_STORY = STORY + [
    "The budget also sets aside money for a new library branch in the north of the town, to open in two years.",
    "Residents will be able to comment on the spending plan at a public meeting in the town hall next month.",
]
COMMENT = "I tried this recipe last weekend with my kids and the plants look much healthier since we sprayed them."


def _blog(comments: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in LONG_STORY)
    return f"""<html><body><nav><a href="/">Home</a> <a href="/garden">Garden</a></nav>
<main><article><h1>Council approves the budget</h1><div class="entry-content">{paragraphs}</div>
<div class="entry-comments" id="comments"><h3>Reader Interactions</h3><ol class="comment-list">{comments}</ol></div>
</article></main></body></html>"""


def test_a_thread_in_comments_keeps_the_marks_inside_it():
    # The comments are the thread's content, but a label or a hidden box inside them still drops (a
    # big menu makes the comments less than half the page's text: the mark on them holds at first).
    posts = "".join(f'<div class="comment"><p>Post {i}: I tried the new firmware on my router and the wifi drops every hour since then, any ideas?</p></div>' for i in range(4))
    menu = "".join(f"<a href='/c/{i}'>Category number {i} of this forum</a>" for i in range(30))
    html = (f"<html><body><nav>{menu}</nav><div class='comments'><label>Sort replies by</label>{posts}"
            f"<div style='display:none'>Report this post to the moderators</div></div></body></html>")
    v = verdicts(H.clean(html, "https://forum.example/t/1"))
    assert v["Sort replies by"] == "form" and v["Report this post to the moderators"] == "hidden"
    assert sum(r == "body" for t, r in v.items() if "firmware" in t) == 4


def test_a_products_reviews_are_not_its_content():
    ld = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product", "name": "Trail shoe"}</script>'
    reviews = "".join(f'<div class="comment"><p>Review {i}: these shoes were comfortable on the first long walk and kept my feet dry in the rain.</p></div>'
                      for i in range(6))
    html = (f"<html><head>{ld}</head><body><main><h1>Trail shoe</h1><p>A light shoe with a grippy sole for rough ground.</p>"
            f"<p>$120.00</p></main><section class='comments'>{reviews}</section></body></html>")
    v = verdicts(H.clean(html, "https://shop.example/trail-shoe"))
    assert v["Review 2: these shoes were comfortable on the first long walk and kept my feet dry in the rain."] == "comment-section"


def test_comments_under_a_declared_story_body_are_dropped_however_long():
    # A blog whose comments outweigh its story: the story sits in a main-content class of its own
    # ("entry-content"), so the comments are not the page's content (as they are on a thread).
    comments = "".join(f'<li class="comment"><article><p class="comment-author">Reader {i}</p>'
                       f'<div class="comment-content"><p>{COMMENT} ({i})</p></div></article></li>' for i in range(12))
    art = H.clean(_blog(comments), "https://garden.example/2015/07/budget.html")
    assert art.paragraphs == LONG_STORY
    assert verdicts(art)[f"{COMMENT} (3)"] == "comment-section"


def test_forum_replies_with_post_bodies_of_their_own_stay_content():
    # Forum software marks every reply's text as a post body (itemprop=text) inside the comment: then
    # the comments are the thread, even though the first post has a declared body too.
    comments = "".join(f'<li itemprop="comment"><div itemprop="text"><p>{COMMENT} ({i})</p></div></li>' for i in range(12))
    html = _blog(comments).replace('class="entry-content"', 'itemprop="text"')
    art = H.clean(html, "https://forum.example/t/budget/7")
    assert sum(COMMENT in p for p in art.paragraphs) == 12


def test_widget_boxes_beside_a_declared_story_body_are_dropped_whatever_their_size():
    # A page builder calls every box a widget; beside a declared story body ("entry-content"), a
    # widget that does not hold it is boilerplate even when it is long (a feed of other posts).
    feed = "".join(f'<div class="feed-item"><h3>Other story number {i} about the harbour and the ferries</h3>'
                   f'<p>The harbour board met again on Monday to discuss the ferry timetable for the winter season ({i}).</p></div>'
                   for i in range(6))
    paragraphs = "".join(f"<p>{p}</p>" for p in LONG_STORY)
    html = f"""<html><body><div class="page-wrap"><h1>Council approves the budget</h1>
<div class="entry-content">{paragraphs}</div><div class="elementor-widget elementor-widget-posts">{feed}</div>
</div></body></html>"""
    art = H.clean(html, "https://citynews.example/news/budget")
    assert art.paragraphs == LONG_STORY
    assert verdicts(art)["Other story number 2 about the harbour and the ferries"] == "aside"
    # ...and without a declared body the long widget box stays content (test_page_builder_widget_classes_are_weak_marks).
    art = H.clean(html.replace('class="entry-content"', 'class="text"'), "https://citynews.example/news/budget")
    assert any("harbour board" in p for p in art.paragraphs)


def test_a_field_the_page_hides_by_a_visibility_class_is_hidden():
    # (weak, as every class that hides: tabs and accordions hide content that way; outside the story here)
    html = page().replace("</main>", '</main><div class="gfield gfield_visibility_hidden"><span>Internal reference field for the office</span></div>')
    assert verdicts(H.clean(html, "https://citynews.example/news/budget"))["Internal reference field for the office"] == "hidden"


def test_a_closed_accordion_panel_is_content_a_hidden_box_is_not():
    panel = ('<div id="p1" style="display:none;" role="region" aria-labelledby="h1">'
             '<p>Gather twelve months of electric bills now so you can give installers accurate usage data.</p></div>')
    html = page(after_story=f'<a id="h1" role="button" aria-controls="p1">1. Understand your bill</a>{panel}')
    v = verdicts(H.clean(html, "https://citynews.example/news/budget"))
    assert v["Gather twelve months of electric bills now so you can give installers accurate usage data."] == "body"
    # ...the same text hidden by its style with no panel role stays hidden.
    v = verdicts(H.clean(html.replace(' role="region"', ""), "https://citynews.example/news/budget"))
    assert v["Gather twelve months of electric bills now so you can give installers accurate usage data."] == "hidden"


def test_a_syntax_highlighters_classes_mark_nothing():
    code = ('<pre><code><span class="comment"># initialize the repository in this folder</span>\n'
            '<span class="keyword">git</span> init</code></pre>')
    art = H.clean(page(after_story=code), "https://citynews.example/news/budget")
    assert verdicts(art)["# initialize the repository in this folder"] != "comment-section"
    assert "git init" in art.paragraphs


def test_a_whole_page_of_br_lines_reads_as_its_text():
    # A page whose every line sits in one element, set apart by <br> (an old page, a pasted text): the
    # element holds all the text but tells its lines nothing, so the text path's verdicts stand.
    text = (Path(__file__).resolve().parents[1] / "examples/egypttoday-seed.txt").read_text(encoding="utf-8")
    lines = "<br>".join(html_escape(line) for line in text.split("\n"))
    page_html = f"<html lang='ar' dir='rtl'><head><meta charset='utf-8'></head><body><div>{lines}</div></body></html>"
    assert H.clean(page_html.encode()).body == ghirbal.clean(text).body


def test_a_layout_table_of_one_line_per_row_reads_as_its_text():
    # An old site's layout table: every line in a row of its own, one cell each, no links. The table
    # holds all the text, but its rows tell the lines nothing: the text path's verdicts stand (the
    # container bonus kept the page's menus and clock as body before).
    text = (Path(__file__).resolve().parents[1] / "examples/egypttoday-seed.txt").read_text(encoding="utf-8")
    rows = "".join(f"<tr><td>{html_escape(line)}</td></tr>" for line in text.split("\n") if line.strip())
    page_html = f"<html lang='ar' dir='rtl'><head><meta charset='utf-8'></head><body><table>{rows}</table></body></html>"
    assert H.clean(page_html.encode()).body == ghirbal.clean(text).body
    # A data table (several cells a row) is no layout: its container still counts.
    tree = read_tree("<body><table>" + "".join(f"<tr><td>Cell {i} of a long row of data</td><td>{i}</td></tr>"
                                               for i in range(20)) + "</table><p>Footer</p></body>")
    from ghirbal.html.markup import _flat_reference
    table = next(e for e, el in enumerate(tree.elements) if el.tag == "table")
    assert not _flat_reference(tree.blocks, tree.elements, table, 0.8)


def test_noscript_posts_are_read_when_the_page_has_nothing_else():
    posts = "".join(f"<p>Reply {i}: the update fixed the crash for me, but the battery now drains faster than before.</p>" for i in range(4))
    html = f"<html><body><div id='app'></div><noscript>{posts}</noscript></body></html>"
    art = H.clean(html, "https://forum.example/t/2")
    assert len(art.paragraphs) == 4
    # ...and a "please enable JavaScript" noscript next to a real story is hidden.
    html = page(after_story="<noscript><p>Please enable JavaScript in your browser to see the comments.</p></noscript>")
    v = verdicts(H.clean(html, "https://citynews.example/news/budget"))
    assert v["Please enable JavaScript in your browser to see the comments."] == "hidden"


# --- knowing HTML when we see it ------------------------------------------------------------------

LEADS = [
    f"<head><style>{CSS}</style>",  # a long inline stylesheet first, no doctype
    f"<style>{CSS}</style>",
    f"<script>var x = {{{'a: 1, ' * 300}}};</script>",
    f"<!-- saved by a browser -->\n<head><style>{CSS}</style>",
    f"\ufeff<head><style>{CSS}</style>",  # a BOM
    f"<meta charset='utf-8'><style>{CSS}</style>",
]


@pytest.mark.parametrize("lead", LEADS)
def test_pages_that_start_with_styles_or_scripts_are_html(lead):
    html = page().replace("<html><head><title>Council approves the budget</title></head>", lead + "<title>Council approves the budget</title></head>")
    assert not html.startswith(("<html", "<!doctype", "<!DOCTYPE"))
    for data in (html, html.encode("utf-8")):
        assert H.looks_like_html(data)
        art = ghirbal.clean(data, "https://citynews.example/news/budget")
        assert art.paragraphs == STORY


MARKUP = re.compile(r"<\s*/?\s*(?:p|div|img|span|a|style|script|head|meta|br|li|ul|table|td)\b|\{[^}]*:[^}]*\}", re.I)


@pytest.mark.parametrize("lead", LEADS + ["", "<!DOCTYPE html>", "\ufeff\n\n"])
def test_no_markup_in_any_body(lead):
    body_html = "".join(f"<p><img src='/{i}.jpg' alt=''>{p}</p>" for i, p in enumerate(STORY))
    html = lead + f"<div class='x'><h1>Council approves the budget</h1>{body_html}<script>var s = '<div>';</script></div>"
    art = ghirbal.clean(html, "https://citynews.example/news/budget")
    assert art.paragraphs, "the story is found"
    for line in art.paragraphs + [art.title or ""] + art.captions:
        assert not MARKUP.search(line), line


def test_the_caller_says_what_the_page_is():
    html = page()
    as_text = ghirbal.clean(html, kind="text")  # forced text: the markup is text, nothing is parsed
    as_html = ghirbal.clean(html, kind="html")
    assert as_html.paragraphs == STORY
    assert any("<p>" in ln.text for ln in as_text.lines)
    plain = "\n".join(STORY)
    assert ghirbal.clean(plain, kind="html").paragraphs  # plain text read as HTML is one text block, not lost
    with pytest.raises(ValueError):
        ghirbal.clean(plain, kind="pdf")


def test_page_text_is_the_lines_the_cleaning_pass_reads():
    html = page()
    assert H.page_text(html).split("\n") == [ln.text for ln in H.clean(html).lines]


def test_eval_site_halves_split_the_sites(tmp_path, capsys):
    import orjson

    from ghirbal.cli import main

    docs = [{"id": str(i), "site": f"site{i % 5}.example", "url": f"https://site{i % 5}.example/{i}", "page_type": "article",
             "text": "\n".join(STORY), "gold": {"title": None, "body": STORY[0]}} for i in range(10)]
    (tmp_path / "docs.jsonl").write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs))
    counts = []
    for half in ("0", "1"):
        assert main(["eval", str(tmp_path), "--site-half", half, "--json"]) == 0
        counts.append(orjson.loads(capsys.readouterr().out)["all"]["pages"])
    assert sum(counts) == 10 and all(c % 2 == 0 for c in counts)  # whole sites (2 pages each) go to one half


CONSENT = [
    "These technologies are necessary for the website to function and cannot be switched off in our systems.",
    "These technologies help us understand how visitors use the site, so that we can measure its performance.",
    "These technologies enable the site to remember the choices you make, such as your language or region.",
    "These technologies are set by our advertising partners to build a profile of your interests over time.",
    "These technologies are set by social media services so that you can share our content with friends.",
]


def _consent_box(attrs: str = 'role="dialog" aria-modal="true"', tag: str = "div") -> str:
    return (f'<{tag} {attrs}><h2>Privacy Preference Center</h2>'
            + "".join(f"<h3>Cookies {i}</h3><p>{p}</p><p>{p.replace('These', 'Those')}</p>" for i, p in enumerate(CONSENT))
            + f"</{tag}>")


@pytest.mark.parametrize("attrs, tag", [('role="dialog" aria-modal="true"', "div"), ('role="alertdialog"', "div"),
                                        ("", "dialog")])
def test_an_overlay_drops_whatever_its_size(attrs, tag):
    """A dialog laid over the page (a consent box) is `aside` even when it holds more than half the
    page's text (the veto on such marks is for wrappers of the content), and the marks under it are
    judged against the page it lies over: the story stays."""
    html = page().replace("</footer>", "</footer>" + _consent_box(attrs, tag))
    tree = read_tree(html)
    boxed = sum(b.chars for b in tree.blocks if "technologies" in b.text)
    assert boxed > 0.5 * sum(b.chars for b in tree.blocks)
    art = H.clean(html, "https://citynews.example/news/budget")
    v = verdicts(art)
    assert all(v[p] == "aside" for p in CONSENT)

    assert art.paragraphs == STORY


def test_an_overlay_that_holds_the_headline_is_the_page():
    """A page shown in a modal (the dialog holds the `<h1>` and the article) is judged as any mark: too
    big to be a pop-up, it is the page's text."""
    html = page().replace("<main>", '<div role="dialog" aria-modal="true"><main>').replace("</main>", "</main></div>")
    assert H.clean(html, "https://citynews.example/news/budget").paragraphs == STORY


def test_overlays_are_settled_once_per_tree():
    """The walk lists the overlays; judging the tree makes their mark `aside` in the tree, and judging it
    again gives the same verdicts."""
    from ghirbal.config import default
    from ghirbal.html.markup import judge

    cfg = default()["html"]
    tree = read_tree(page().replace("</footer>", "</footer>" + _consent_box()))
    first = judge(tree, cfg)
    assert tree.hints.overlays and all(tree.elements[o].mark == "aside" for o in tree.hints.overlays)
    assert judge(tree, cfg) == first


def test_a_byline_the_page_does_not_show_names_no_one():
    """A "By" line in a hidden box (a shop's hidden "By <brand>") is no byline: it stays `hidden` and
    gives no author, and the story is the same; the same line shown is the byline."""
    hidden = H.clean(page(before_story='<div style="display:none">By Jane Hidden</div>'),
                     "https://citynews.example/news/budget")
    assert hidden.author is None and verdicts(hidden)["By Jane Hidden"] == "hidden"
    assert hidden.paragraphs == STORY
    shown = H.clean(page(before_story="<p>By Jane Shown</p>"), "https://citynews.example/news/budget")
    assert shown.author == "Jane Shown" and verdicts(shown)["By Jane Shown"] == "byline"
