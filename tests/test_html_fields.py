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


def _html_cfg(**settings) -> dict:
    cfg = ghirbal.config.default()
    return {**cfg, "html": {**cfg["html"], **settings}}


def test_an_update_date_alone_is_the_update_and_by_default_the_publication_too():
    """The page shows only "Last updated": `updated`; `published` takes it as well (published_from_updated
    "shown", the default), or stays empty ("never")."""
    head = f"<div><span>Last updated</span></div><div><span>Dec 10, 2025</span></div><div><ul>{TOC}</ul></div>"
    art = H.clean(page(head), "https://lib.example/news/rooms")
    assert art.updated == "2025-12-10" and art.published == "2025-12-10"
    art = H.clean(page(head), "https://lib.example/news/rooms", config=_html_cfg(published_from_updated="never"))
    assert art.published is None and art.updated == "2025-12-10"


def test_a_metadata_modification_date_alone_is_the_publication_only_when_asked():
    """dateModified in the metadata and no date the page shows: `updated` only, unless
    published_from_updated is "any" (site builders stamp it on every page, service pages included)."""
    meta = '<meta property="article:modified_time" content="2025-07-09T10:00:00+00:00">'
    art = H.clean(_with_meta("", meta), "https://lib.example/news/rooms")
    assert art.updated == "2025-07-09" and art.published is None
    art = H.clean(_with_meta("", meta), "https://lib.example/news/rooms", config=_html_cfg(published_from_updated="any"))
    assert art.published == "2025-07-09"


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


def test_the_metadata_date_comes_first_unless_the_head_shows_another():
    """A metadata date is taken before the head's date when the page shows it, or when the head shows no
    date; a head date beside a metadata date the page never shows is the page's (a CMS's build date in
    the metadata), unless it is the metadata's modification day (then it is the update)."""
    url = "https://lib.example/news/rooms"
    head = f"<div><span>Nov 21, 2018</span></div><div><ul>{TOC}</ul></div>"
    assert H.clean(page(head), url).published == "2018-11-21"
    meta = '<meta property="article:published_time" content="2020-02-02T10:00:00Z">'
    assert H.clean(_with_meta(head, meta), url).published == "2018-11-21"
    first = '<meta property="article:published_time" content="2017-05-04T10:00:00Z">'
    modified = '<meta property="article:modified_time" content="2018-11-21T10:00:00Z">'
    art = H.clean(_with_meta(head, first + modified), url)
    assert art.published == "2017-05-04" and art.updated == "2018-11-21"
    shown = f"<div><span>Nov 21, 2018</span></div><p>First published February 2, 2020</p><div><ul>{TOC}</ul></div>"
    assert H.clean(_with_meta(shown, meta), url).published == "2020-02-02"
    assert H.clean(_with_meta(f"<div><ul>{TOC}</ul></div>", meta), url).published == "2020-02-02"


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
    art = H.clean(page(head), "https://lib.example/news/rooms", config=_html_cfg(published_from_updated="never"))
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


@pytest.mark.parametrize(("value", "expected"), [
    ("Feb 08, 2022", ("2022-02-08", "day")),
    ("22 December 2022", ("2022-12-22", "day")),
    ("Thu, 22 Dec 2022 10:00:00 GMT", ("2022-12-22", "minute")),
    ("2022-12-22T10:00:00+0000", ("2022-12-22", "minute")),
    ("02/03/2022", None),  # February 3 or March 2: never guessed
    ("Dec 2022", None),  # no day
    ("Posted on December 22, 2022 by the staff of the site and its many friends", None),  # a sentence
    ("Feb 30, 2022", None),
    ("Feb 08, 1990", None),  # before the web
])
def test_a_metadata_date_written_with_its_months_name(value, expected):
    assert H.parse_iso_date(value) == expected


def test_written_dates_in_json_ld_and_meta_tags():
    """Site builders write `datePublished` as "Feb 08, 2022" and `last-modified` as "December 22, 2022"."""
    ld = _ld({"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Rooms",
              "datePublished": "Feb 08, 2022", "dateModified": "Jul 18, 2025"})
    _, hints = H.read(f"<html><head>{ld}</head><body><p>x</p></body></html>")
    assert hints.ld_published == ("2022-02-08", "day") and hints.ld_modified == ("2025-07-18", "day")
    _, hints = H.read('<html><head><meta name="last-modified" content="December 22, 2022"></head><body><p>x</p></body></html>')
    assert hints.meta_modified == ("2022-12-22", "day")


def test_json_ld_held_in_a_meta_tag():
    """<meta name="script:ld+json" content="{...}">: read as the page's JSON-LD."""
    import html as stdlib_html
    import json

    node = {"@context": "https://schema.org", "@type": "Article", "headline": "Full EV cars",
            "datePublished": "2025-11-17T09:00:00-05:00"}
    meta = f'<meta name="script:ld+json" content="{stdlib_html.escape(json.dumps(node))}">'
    _, hints = H.read(f"<html><head>{meta}</head><body><p>x</p></body></html>")
    assert hints.ld_published == ("2025-11-17", "minute") and hints.ld_headline == "Full EV cars"
    art = H.clean(_with_meta("", meta), "https://lib.example/news/rooms")
    assert art.published == "2025-11-17"


def test_a_deadline_is_no_date_of_the_page():
    """"Offer ends" / "Redeem by" announce the end of something, in the head of the HTML path and of the
    text path alike."""
    url = "https://lib.example/news/rooms"
    assert H.clean(page("<div><span>Limited offer, redeem by 12.31.23</span></div>"), url).published is None
    assert H.clean(page("<div><span>Offer ends Dec 31, 2025</span></div>"), url).published is None
    assert H.clean(page("<div><span>Dec 1, 2025</span></div>"), url).published == "2025-12-01"
    import ghirbal

    text = "Reading rooms stay open later this winter\nOffer ends Dec 31, 2025\n" + "\n".join([PARA * 2] * 5)
    assert ghirbal.clean(text, url).published is None
    assert ghirbal.clean(text.replace("Offer ends", "Posted"), url).published == "2025-12-31"


def test_a_metadata_time_two_days_from_the_text_date_but_shown_a_day_off():
    """A forum shows the first post as "Jun 3, 2024" (the reader's time zone) for 2024-06-02T20:22-04:00,
    and the text path took a reply's "June 4, 2024": the metadata's date as written is taken. When the
    page shows no day within one of it, the text path's date stands."""
    url = "https://forum.example/threads/1"
    meta = '<meta itemprop="datePublished" content="2024-06-02T20:22:24-04:00">'
    head = "<div><span>June 4, 2024</span></div>"
    shown = f"<p>{PARA * 3}</p><div><span>#1 · Jun 3, 2024</span></div>"
    assert H.clean(_with_meta(head, meta).replace("<footer>", f"<footer>{shown}"), url).published == "2024-06-02"
    assert H.clean(_with_meta(head, meta), url).published == "2024-06-04"


def _headline_page(above: str, below: str = "") -> str:
    return (f"<html><head><title>Hardware attested builds</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<main><div>{above}</div><h1>Hardware attested builds for everyone</h1>{below}<article>{STORY}</article>"
            f"</main><footer><p>Contact us</p></footer></body></html>")


def test_a_date_beside_the_byline_above_the_headline():
    """"Dec 17, 2025" and the author's name in one block right above the title (the text path reads only a
    line that is mostly a date there): the publication date; not a date that does not open the line, nor
    one labelled as a deadline."""
    url = "https://blog.example/posts/attested"
    assert H.clean(_headline_page("<span>Dec 17, 2025</span><span>Julian K. Arni</span>"), url).published == "2025-12-17"
    assert H.clean(_headline_page("<span>Julian K. Arni wrote on Dec 17, 2025</span>"), url).published is None
    assert H.clean(_headline_page("<span>Offer ends Dec 17, 2025</span>"), url).published is None


def test_a_publication_label_far_from_the_story():
    """"Published" / "Feb 2, 2023" in a details box below the story: the publication date, when every such
    labelled date of the page is the same day; a "Release Date:" (the label does not open the line) or
    labelled dates that disagree (a list's items) give none."""
    url = "https://review.example/posts/coffee"
    box = "<div><p>Published</p><p>{}</p></div>"
    links = "".join(f'<p><a href="/p/{n}">Another piece number {n}</a></p>' for n in range(30))
    html = page("", STORY + links + box.format("Feb 2, 2023"))
    assert H.clean(html, url).published == "2023-02-02"
    two = page("", STORY + links + box.format("Feb 2, 2023") + box.format("Mar 9, 2021"))
    assert H.clean(two, url).published is None
    release = page("", STORY + links + "<div><p>Release Date: 21 Aug, 2012</p></div>")
    assert H.clean(release, url).published is None


def test_the_urls_day_when_the_page_gives_no_date():
    """/2023/02/02/slug: the day a CMS filed the story under; never a day the URL does not give whole,
    nor one when the page has its own date."""
    assert H.clean(page(""), "https://lib.example/2023/02/02/rooms").published == "2023-02-02"
    assert H.clean(page(""), "https://lib.example/news/2023-2-2-rooms").published == "2023-02-02"
    assert H.clean(page(""), "https://lib.example/2023/02/rooms").published is None
    assert H.clean(page(""), "https://lib.example/rooms?d=2023/02/02").published is None
    assert H.clean(page("<div><span>Nov 21, 2018</span></div>"), "https://lib.example/2023/02/02/rooms").published == "2018-11-21"


def test_an_ambiguous_numeric_date_takes_the_reading_the_markup_gives():
    """"02-12-2025" under the headline reads as February 12; a <time datetime="2025-12-02"> of the page
    (the story's own entry in a list beside it) says December 2. Without it the first reading stands."""
    url = "https://blog.example/posts/pipeline"
    head = "<div><span>Bence Kovacs</span></div><div><span>02-12-2025</span></div>"
    side = '<aside><div><a href="/posts/pipeline">Pipeline</a><time datetime="2025-12-02">December 02, 2025</time></div></aside>'
    assert H.clean(page(head), url).published == "2025-02-12"
    assert H.clean(page(head).replace("<footer>", side + "<footer>"), url).published == "2025-12-02"


def test_a_last_updated_line_at_the_foot_of_the_page():
    """"Last updated on 2025-02-23" at the foot of a documentation page (a "clock" line to the text path):
    the update date (and so, the page showing it, the publication too); not when it is the crawl day."""
    from datetime import datetime

    html = page("", STORY + "<div><ul><li><span>Last updated on 2025-02-23</span></li></ul></div>")
    art = H.clean(html, "https://docs.example/guide")
    assert art.updated == "2025-02-23" and art.published == "2025-02-23"
    art = H.clean(html, "https://docs.example/guide", crawl_date=datetime(2025, 2, 23, 10, 0))
    assert art.updated is None and art.published is None


def test_a_text_date_a_publication_key_names_stays_against_json_ld():
    """The page shows "Dec 19, 2025", the modification date; JSON-LD says first published 2018: the
    original publication is taken (the shown date is the update). But when a meta publication tag names
    the shown date too, the metadata disagree and the text's date, a publication date, stays."""
    url = "https://run.example/health/a1"
    ld = _ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Rooms",
              "datePublished": "2018-04-03T10:00:00Z", "dateModified": "2025-12-19T10:00:00Z"})
    modified = '<meta property="article:modified_time" content="2025-12-19T10:00:00Z">'
    head = "<div><span>Dec 19, 2025</span></div>"
    art = H.clean(_with_meta(head, ld + modified), url)
    assert art.published == "2018-04-03" and art.updated == "2025-12-19"
    published = '<meta property="article:published_time" content="2025-12-19T10:00:00Z">'
    assert H.clean(_with_meta(head, ld + modified + published), url).published == "2025-12-19"


def test_the_heads_date_under_the_headline_beats_a_lists_date_above_it():
    """A list of news with their dates ends right above the headline; under it, "<time>03/01/2017</time>
    by NAME, ROLE". The text path took that line for the headline and the list's last date for the
    article's; once the markup's <h1> is the headline, the head's date under it wins (as the text path
    prefers its head zone to a date above the headline), and the line is no caption."""
    paras = "".join(f"<p>Paragraph {w} of the story: the committee met on a cold morning to discuss the new budget "
                    f"for the public library, and its members agreed that the reading rooms would stay open later "
                    f"during the {w} months this year.</p>" for w in ("winter", "spring", "summer", "autumn", "holiday"))
    items = "".join(f'<li><a href="/n{n}">Help shape the future of the exams number {n}</a></li><li>12/{10 + n}/2025</li>'
                    for n in range(6))
    html = ("<html><head><title>Candidate Experience: Consulting Firm vs. Insurance Carrier | CAS</title></head><body>"
            f"<nav><ul>{items}</ul></nav><article><h1>Candidate Experience: Consulting Firm vs. Insurance Carrier</h1>"
            '<div class="node__meta"><time datetime="2017-03-01T12:00:00Z">03/01/2017</time> by Agatha Caleo, '
            f"Candidate Representative to the Committee</div>{paras}</article></body></html>")
    art = H.clean(html, "https://www.cas.example/article/candidate-experience-consulting-firm-vs-insurance-carrier")
    assert art.title == "Candidate Experience: Consulting Firm vs. Insurance Carrier"
    assert art.published == "2017-03-01"
    assert not any(c.startswith("03/01/2017") for c in art.captions)


@pytest.mark.parametrize("line", ["03/01/2017 by Agatha Caleo, Candidate Representative to the Committee",
                                  "March 1, 2017 by Agatha Caleo, Candidate Representative"])
def test_a_line_under_the_headline_that_opens_with_a_date_is_no_caption(line):
    """Text path: "DATE by NAME, ROLE" right under the headline and above the story was taken for a photo
    caption, and the date of a list above the headline for the article's. It is the head's date line;
    a caption that does not open with a date still gives no date."""
    import ghirbal

    paras = [f"Paragraph {w} of the story: the committee met on a cold morning to discuss the new budget for the "
             f"public library, and its members agreed that the reading rooms would stay open later during the {w} "
             f"months this year." for w in ("winter", "spring", "summer", "autumn", "holiday")]
    url = "https://www.cas.example/article/candidate-experience-consulting-firm-vs-insurance-carrier"
    text = ("Recent News\nHelp shape the exams\n12/15/2025\nCandidate Experience: Consulting Firm vs. Insurance Carrier\n"
            f"{line}\n" + "\n".join(paras))
    art = ghirbal.clean(text, url)
    assert art.published == "2017-03-01" and line not in art.captions


def test_a_labelled_date_in_the_head_beats_a_bare_one_near_the_story():
    """A Q&A page: "asked Feb 4, 2014 at 13:02" under the question's title, then a bare comment timestamp
    right above the question's text, which the text path took: the labelled date is the page's. With no
    label, the text path's date stands."""
    profile = "".join(f"<div><span>Profile line number {n} of the asker</span></div>" for n in range(25))
    head = (f"<div><span>asked Feb 4, 2014 at 13:02</span></div>{profile}"
            "<div><span>tripleee</span></div><div><span>2021-07-04 15:54:20 +00:00</span></div>")
    url = "https://qa.example/questions/1/why"
    assert H.clean(page(head), url).published == "2014-02-04"
    assert H.clean(page(head.replace("asked ", "")), url).published == "2021-07-04"
