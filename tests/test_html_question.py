"""A question-and-answer page (`HtmlHints.qa`: a declared QAPage): the descent to the main container
stops at the answers, which hold most of the text; the container is widened to hold the question above
them (`markup.widen_to_question`), but not the page's header (the title's link, "Ask Question")."""

from __future__ import annotations

import ghirbal.config
from ghirbal import html as H
from ghirbal.html.blocks import read_tree
from ghirbal.html.markup import judge

CFG = ghirbal.config.default()["html"]
URL = "https://cooking.example/questions/42/keep-bread-fresh"
QUESTION = ["I bake a sourdough loaf every Sunday, and by Wednesday the crust is hard and the crumb is dry.",
            "Is there a way to store it so that it stays fresh for the whole week without a freezer?"]
ANSWERS = [
    "Keep the loaf cut side down on a wooden board and cover it with a linen cloth. The crust breathes and "
    "stays crisp, while the cut face is sealed by the board, so the crumb loses far less moisture than in "
    "a plastic bag, which softens the crust and invites mould within a few days.",
    "A bread box works well for the same reason: it holds some humidity around the loaf but lets enough air "
    "through that the crust does not go soft. Avoid the refrigerator, where starch recrystallises fastest "
    "and the bread goes stale in half the time it would on the counter.",
    "Slice the loaf once it has cooled and freeze the slices in a bag; toast them straight from the freezer. "
    "If you have no freezer, bake smaller loaves twice a week instead, since no storage trick keeps a crumb "
    "as good as new for seven days, and a smaller loaf is eaten before it dries.",
]
LD = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "%s", "name": "q"}</script>'


def qa_page(itemtype: str = "QAPage", ld: str = "") -> str:
    answers = "".join(f'<div class="answer"><div class="post-text"><p>{a}</p></div>'
                      f'<div class="user"><a href="/u/{i}">user{i}</a></div></div>' for i, a in enumerate(ANSWERS))
    question = "".join(f"<p>{q}</p>" for q in QUESTION)
    return f"""<html itemscope itemtype="https://schema.org/{itemtype}"><head><title>Keep bread fresh</title>{ld}</head>
<body><header><nav><a href="/">Home</a> <a href="/questions">Questions</a> <a href="/tags">Tags</a></nav></header>
<div class="container"><div id="content">
<div id="question-header"><h1><a href="/questions/42">How do I keep bread fresh for a week?</a></h1>
<div><a href="/ask">Ask Question</a></div></div>
<div id="mainbar"><div class="question"><div class="post-text">{question}</div>
<ul class="tags"><li><a href="/t/bread">bread</a></li><li><a href="/t/storage">storage</a></li></ul></div>
<div id="answers"><h2>3 Answers</h2>{answers}</div></div>
<aside id="sidebar"><h4>Hot questions</h4><ul><li><a href="/q/1">Why does my cake sink?</a></li>
<li><a href="/q/2">Can I freeze cooked rice?</a></li></ul></aside>
</div></div><footer><p>Cooking Example, a site for cooks. All rights reserved.</p></footer></body></html>"""


def inside(html: str, qa: bool) -> dict[str, bool]:
    tree = read_tree(html)
    return {b.text: i for b, i in zip(tree.blocks, judge(tree, CFG, qa=qa).inside)}


def test_a_declared_qa_page_is_told_apart_from_other_threads_and_faqs():
    assert H.read(qa_page())[1].qa  # microdata itemtype
    assert H.read(qa_page("WebPage", LD % "QAPage"))[1].qa  # JSON-LD
    assert not H.read(qa_page("FAQPage", LD % "FAQPage"))[1].qa
    hints = H.read(qa_page("WebPage", LD % "DiscussionForumPosting"))[1]
    assert hints.thread and not hints.qa


def test_the_question_joins_the_answers_in_the_container():
    page = qa_page()
    before, after = inside(page, qa=False), inside(page, qa=True)
    assert all(before[a] and after[a] for a in ANSWERS)
    assert not any(before[q] for q in QUESTION)  # the descent stops at the answers
    assert all(after[q] for q in QUESTION)
    # The page's header and sidebar stay out: only the question's side of the layout is added.
    assert not after["How do I keep bread fresh for a week?"] and not after["Ask Question"]
    assert not after["Why does my cake sink?"]


def test_the_question_is_in_the_body():
    body = H.clean(qa_page(), URL).body
    assert all(q in body for q in QUESTION) and all(a in body for a in ANSWERS)
    assert "Ask Question" not in body and "Why does my cake sink?" not in body


def test_declared_kinds_answers_every_kind_from_one_search():
    """`jsonld.declared_kinds`: (thread, Q&A) as `declares_thread` and `declares_qa` say, and whether a
    product type is named, from text or bytes; a FAQ page is no Q&A page, "Products" names no type
    the lexicon lacks."""
    from ghirbal.html.hints import RawHints
    from ghirbal.html.jsonld import declared_kinds, declares_one_product, declares_qa, declares_thread

    pages = ["<div itemtype='http://schema.org/QAPage'>", "<div itemtype='https://schema.org/DiscussionForumPosting'>",
             "<div itemtype='http://schema.org/FAQPage'>", "<p>no types here</p>",
             "<div itemtype='https://schema.org/Product'><h1>Kettle</h1></div>",
             "<div itemtype='https://schema.org/Product'></div><div itemtype='https://schema.org/Product'></div>",
             "<div itemtype='https://schema.org/Article'><div itemtype='https://schema.org/Product'>"]
    seen = set()
    for page in pages:
        for raw in (RawHints(source=page), RawHints(source_bytes=page.encode())):
            got = declared_kinds(raw)
            assert got[:2] == (declares_thread(raw), declares_qa(raw)), page
            assert got[2] == ("schema.org/Product" in page), page
            assert declares_one_product(raw, got[2]) == (page == pages[4]), page
            seen.add(got)
    assert (False, False, False) in seen and any(qa for _, qa, _ in seen) and any(t and not qa for t, qa, _ in seen)
