"""The HTML path's dates and authors from the markup: the head's date (html/head_date.py), metadata dates, JSON-LD article types."""

from __future__ import annotations

import pytest

import ghirbal.config
from ghirbal import html as H
from ghirbal.html.head_date import head_date
from ghirbal.html.hints import HtmlHints
from ghirbal.model import Article, Line

PARA = ("The committee met on a cold morning to discuss the new budget for the public library, and its members "
        "agreed that the reading rooms would stay open later during the winter months this year. ")
STORY = "".join(f"<p>{PARA * 2}</p>" for _ in range(5))
TOC = "".join(f'<li><a href="#s{i}">Section number {i} of the guide</a></li>' for i in range(20))


def page(head: str, story: str = STORY) -> str:
    return (f"<html><head><title>Reading rooms stay open later</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<main><h1>Reading rooms stay open later this winter</h1>{head}<article>{story}</article></main>"
            f"<footer><p>Contact us</p></footer></body></html>")


def test_a_date_far_below_the_headline_under_its_label_line():
    """"Posted on" and the date as two lines, after a long table of contents (outside the text path's
    head zone): the publication date; the "Updated at" one is the update."""
    head = ("<div><span>Posted on</span></div><div><span>Nov 21, 2018</span></div>"
            "<div><span>Updated at</span></div><div><span>Dec 10, 2025</span></div>"
            f"<div><ul>{TOC}</ul></div>")
    art = H.clean(page(head), "https://lib.example/news/rooms")
    assert art.title == "Reading rooms stay open later this winter"
    assert art.published == "2018-11-21"
    assert art.updated == "2025-12-10"


def test_an_update_date_alone_is_no_publication_date():
    head = f"<div><span>Last updated</span></div><div><span>Dec 10, 2025</span></div><div><ul>{TOC}</ul></div>"
    art = H.clean(page(head), "https://lib.example/news/rooms")
    assert art.published is None and art.updated == "2025-12-10"


def test_a_forum_thread_takes_its_first_posts_time():
    """Every post has a <time datetime> shown as "N years ago": the first one under the headline is the
    thread's date, the replies' times below are not."""
    posts = "".join(
        f'<div class="post"><div class="meta">answered <time datetime="2019-0{m}-0{m}T10:00:00Z">{m} years ago</time>'
        f"</div><p>{PARA}</p></div>" for m in (3, 4, 5))
    head = ('<div class="question-meta"><span>Asked <time datetime="2018-06-08T09:28:03Z">7 years ago</time></span>'
            '<span>Viewed 120k times</span></div>')
    art = H.clean(page(head, f"<p>{PARA * 3}</p>{posts}"), "https://forum.example/q/1")
    assert art.published == "2018-06-08"


def test_a_sentence_that_mentions_a_date_is_no_date_line():
    head = ("<p>Sale ends 03/31/2026. While supplies last, use the coupon code SPRING at checkout for every "
            "order you place with us.</p>")
    assert H.clean(page(head), "https://lib.example/news/rooms").published is None


def test_the_storys_own_dates_are_never_read():
    story = f"<p>On March 3, 2021 the library opened. {PARA}</p>" + STORY
    assert H.clean(page("", story), "https://lib.example/news/rooms").published is None


def test_the_metadata_date_comes_first():
    """The head's date is a last resort: a metadata date is taken before it."""
    head = f"<div><span>Nov 21, 2018</span></div><div><ul>{TOC}</ul></div>"
    assert H.clean(page(head), "https://lib.example/news/rooms").published == "2018-11-21"
    meta = '<meta property="article:published_time" content="2020-02-02T10:00:00Z">'
    html = page(head).replace("<head>", f"<head>{meta}")
    assert H.clean(html, "https://lib.example/news/rooms").published == "2020-02-02"


def _with_meta(head: str, meta: str) -> str:
    return page(head).replace("<head>", f"<head>{meta}")


def test_a_metadata_time_a_day_from_the_shown_date_is_the_same_moment():
    """"February 22, 2026" under the headline, the meta tag 2026-02-23T00:57:30+00:00: one moment in two
    time zones; the metadata's date as written is taken. Without a time, or two days away, the page's
    own date stands (the metadata names another day the page does not show)."""
    head = "<div><span>February 22, 2026</span></div>"
    url = "https://lib.example/news/rooms"
    meta = '<meta property="article:published_time" content="{}">'
    assert H.clean(page(head), url).published == "2026-02-22"
    assert H.clean(_with_meta(head, meta.format("2026-02-23T00:57:30+00:00")), url).published == "2026-02-23"
    assert H.clean(_with_meta(head, meta.format("2026-02-23")), url).published == "2026-02-22"
    assert H.clean(_with_meta(head, meta.format("2026-02-24T10:00:00+00:00")), url).published == "2026-02-22"


@pytest.mark.parametrize("key", ["article:first_published_time", "citation_publication_date", "og:publish_date"])
def test_publication_meta_keys_of_the_lexicon(key):
    art = H.clean(_with_meta("", f'<meta name="{key}" content="2021-05-04">'), "https://lib.example/news/rooms")
    assert art.published == "2021-05-04"



def _lines(rows: list[tuple[str, str | None, str | None]]) -> Article:
    lines = [Line(i, text) for i, (text, _, _) in enumerate(rows)]
    for ln, (_, role, reason) in zip(lines, rows):
        if role:
            ln.keep(role)
        else:
            ln.drop(reason or "menu")
    return Article(language="en", lines=lines)


def test_a_forum_posts_by_line_a_few_lines_into_the_story():
    """phpBB: the first post's "by NAME » <time>" line comes after the poster's name, post count and join
    date, which the text path keeps as the story's first lines; only the markup's <time> is read there
    (not the join date's text), and only down to `head_date_story_time_lines`."""
    rows = [("Discuss the 7.1.0 release here", "title", None), ("galitsyn", "body", None), ("Posts: 138", "body", None),
            ("Joined: 4. Jul 2012, 16:09", "body", None), ("Discuss the 7.1.0 release here", None, "title-repeat"),
            ("Post", None, "hidden"), ("by galitsyn » 11. Sep 2024, 18:36", "body", None), (PARA, "body", None),
            ("by someone » 12. Sep 2024, 10:00", "body", None)]
    hints = HtmlHints(dates_at=[(6, ("2024-09-11", "minute")), (8, ("2024-09-12", "minute"))])
    cfg = ghirbal.config.default()["html"]
    art = _lines(rows)
    head_date(art, hints, cfg)
    assert art.published == "2024-09-11"
    art = _lines(rows)
    head_date(art, hints, {**cfg, "head_date_story_time_lines": 3})
    assert art.published is None

def test_a_related_box_inside_the_story_gives_no_date():
    """Dates in a box the markup sets apart (an <aside> of other stories) below the story start are not
    the article's."""
    items = "".join(f'<div><p>Other story number {n}</p><time datetime="2021-12-0{n}T08:00:00Z">0{n}/12/2021</time></div>'
                    for n in range(1, 4))
    html = page("", f"<p>{PARA * 2}</p><aside>{items}</aside>" + STORY)
    assert H.clean(html, "https://lib.example/news/rooms").published is None


def test_a_time_tag_under_an_update_label_is_the_update():
    """Every <time> of the page agrees, but it is shown as "Last updated: <time>": the update date, not
    the publication (which the page does not give: null)."""
    head = '<div><p>Last updated: <time datetime="2026-01-12">January 12, 2026</time>.</p></div>'
    art = H.clean(page(head), "https://lib.example/news/rooms")
    assert art.published is None and art.updated == "2026-01-12"
    shown = '<div><p>Posted <time datetime="2026-01-12">January 12, 2026</time>.</p></div>'
    assert H.clean(page(shown), "https://lib.example/news/rooms").published == "2026-01-12"


def test_a_script_date_gives_the_day_of_the_texts_month_only():
    """The text shows "May 2024" (month precision): a script-data date in that month gives the day; one
    in another month does not replace the text's date."""
    head = "<div><span>Posted May 2024</span></div>"
    script = '<script>window.__DATA__ = {{"datePublished": "{}"}};</script>'
    url = "https://lib.example/news/rooms"
    assert H.clean(page(head), url).published == "2024-05"
    assert H.clean(page(head).replace("</body>", script.format("2024-05-22T10:00:00Z") + "</body>"), url).published == "2024-05-22"
    assert H.clean(page(head).replace("</body>", script.format("2024-07-01T10:00:00Z") + "</body>"), url).published == "2024-05"


def _ld(obj: dict) -> str:
    import json

    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def test_a_forum_posting_or_a_qa_pages_question_is_the_pages_article():
    """The thread's first post (DiscussionForumPosting) and a Q&A page's question speak for the page:
    their author and date; a FAQ page's questions do not (the article node stays the only one)."""
    posting = {"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "New case",
               "datePublished": "2024-03-19T21:22:50+0000", "author": {"@type": "Person", "name": "Rabbids"}}
    _, hints = H.read(f"<html><head>{_ld(posting)}</head><body><p>x</p></body></html>")
    assert hints.ld_author == "Rabbids" and hints.ld_published == ("2024-03-19", "minute")
    qa = {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": {
        "@type": "Question", "name": "Update broken", "datePublished": "2024-09-05T23:15:57.183Z",
        "author": {"@type": "Person", "name": "DaleJack"},
        "suggestedAnswer": [{"@type": "Answer", "author": {"@type": "Person", "name": "Other"}}]}}
    _, hints = H.read(f"<html><head>{_ld(qa)}</head><body><p>x</p></body></html>")
    assert hints.ld_author == "DaleJack" and hints.ld_published == ("2024-09-05", "minute")
    faq = [{"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Tax tips",
            "datePublished": "2023-01-02", "author": {"@type": "Person", "name": "Ann Lee"}},
           {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
               {"@type": "Question", "name": f"Question {n}?", "author": {"@type": "Person", "name": "Bob Ray"}}
               for n in range(3)]}]
    _, hints = H.read(f"<html><head>{_ld(faq)}</head><body><p>x</p></body></html>")
    assert hints.ld_author == "Ann Lee" and hints.ld_published == ("2023-01-02", "day")


def test_a_forum_posts_author_may_be_an_account_handle():
    """A forum post's Person is an account ("paulb203", "Mr_Enigmatic"); an article's author with digits or
    an underscore is still no name, nor is a handle that is a URL."""
    def author(node_type: str, name: str) -> str | None:
        node = {"@context": "https://schema.org", "@type": node_type, "headline": "Thread",
                "datePublished": "2024-03-19", "author": {"@type": "Person", "name": name}}
        return H.read(f"<html><head>{_ld(node)}</head><body><p>x</p></body></html>")[1].ld_author

    assert author("DiscussionForumPosting", "paulb203") == "paulb203"
    assert author("DiscussionForumPosting", "Mr_Enigmatic") == "Mr_Enigmatic"
    assert author("NewsArticle", "paulb203") is None
    assert author("DiscussionForumPosting", "https://x.example/u/1") is None
    assert author("DiscussionForumPosting", "1234") is None
