"""A forum thread's post furniture (html/furniture.py): the short lines every post repeats beside its
text drop on a page that declares a thread (JSON-LD or microdata), and only there."""

from __future__ import annotations

from ghirbal import html as H
from ghirbal.html.blocks import RawHints
from ghirbal.html.furniture import field_label, field_lines
from ghirbal.model import Line
from ghirbal.html.jsonld import declares_thread
from ghirbal.html.markup import _readable_text, opening_post, widen_to_posts

_PROSE = [
    "I have been trying to get the backup job to run every night, but it stops after the first volume and "
    "the log says nothing useful about why it gave up on the second one.",
    "Check whether the second volume is mounted when the job starts; a drive that sleeps can take a few "
    "seconds to wake, and the job does not wait for it before it gives up.",
    "That was it. I added a short delay before the job and it has run every night this week without a "
    "single failure, so thank you for pointing me at the mount.",
    "Glad it works now. A mount option that keeps the drive awake would also do, if you would rather not "
    "depend on a delay that might be too short on a busy night.",
]


def _thread(declare: str, furniture: bool = True, table: bool = False) -> str:
    posts = []
    for k, text in enumerate(_PROSE):
        card = (f"<div class='card'><p>Member</p><p>{1000 + 37 * k:,} posts</p><p>Quote</p></div>"
                if furniture else "")
        cells = "<table><tr><td>Member</td><td>Yes</td></tr></table>" if table else ""
        posts.append(f"<div class='post'>{card}<div class='body'><p>{text}</p>{cells}</div></div>")
    return (f"<html><head><title>Backup job stops after the first volume</title>{declare}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/forum'>Forum</a></nav>"
            "<main><h1>Backup job stops after the first volume</h1>" + "".join(posts) + "</main>"
            "<footer><a href='/terms'>Terms</a></footer></body></html>")


_LD = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
       '"DiscussionForumPosting", "headline": "Backup job stops after the first volume"}</script>')


def _kept(art, text):
    return sum(1 for ln in art.lines if ln.kept and ln.text == text)


def test_declared_thread_drops_post_furniture():
    art = H.clean(_thread(_LD), url="https://forum.example.org/t/backup/1")
    lines = art.body.splitlines()
    for text in _PROSE:
        assert text in lines
    assert "Member" not in lines and "Quote" not in lines
    assert not any(ln.endswith(" posts") for ln in lines)  # "1,037 posts", "1,074 posts": one key
    furniture = [ln for ln in art.lines if ln.detail == "a thread's post furniture"]
    assert len(furniture) >= 3 * (len(_PROSE) - 1) and all(ln.reason == "repeated" for ln in furniture)


def test_undeclared_page_keeps_the_lines():
    # The same markup without a thread's type: an article's repeated labels are its text.
    art = H.clean(_thread(""), url="https://forum.example.org/t/backup/1")
    assert not any(ln.detail == "a thread's post furniture" for ln in art.lines)
    assert _kept(art, "Member") >= 3 and _kept(art, "Quote") >= 3


def test_microdata_thread_and_table_cells():
    page = _thread("", table=True).replace(
        "<main>", "<main itemscope itemtype='https://schema.org/DiscussionForumPosting'>")
    art = H.clean(page, url="https://forum.example.org/t/backup/1")
    assert _kept(art, "Quote") == 0
    # A data table's cells repeat too, and are no user card: "Member" and "Yes" in a <td> are never the
    # thread's furniture (the cards' "Member" lines are). The cells beside the prose stay; "Yes", a bare
    # word on every post, is the text path's `repeated` line, as on a page without a declared thread
    # (the `<main>` here holds all of the page's readable text and gives its lines no bonus).
    assert _kept(art, "Member") == len(_PROSE)
    yes = [ln for ln in art.lines if ln.text == "Yes"]
    assert len(yes) == len(_PROSE) and not any(ln.detail == "a thread's post furniture" for ln in yes)
    assert all(ln.text != "Member" or ln.kept for ln in art.lines if ln.detail is None and ln.role == "body")


def test_few_posts_are_no_furniture():
    # A card in two posts only: below `block_repeat_min_lines`, its lines stay.
    page = _thread(_LD)
    for k in (2, 3):
        page = page.replace(f"<div class='card'><p>Member</p><p>{1000 + 37 * k:,} posts</p><p>Quote</p></div>", "")
    art = H.clean(page, url="https://forum.example.org/t/backup/1")
    assert not any(ln.detail == "a thread's post furniture" for ln in art.lines)


def test_thread_types_from_the_page():
    assert H.read(_thread(_LD))[1].thread
    qa = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "QAPage"}</script>'
    assert H.read(_thread(qa))[1].thread
    # A blog's comments (schema.org/Comment) and an FAQ's answers are no thread.
    blog = _thread("").replace("<main>", "<main itemscope itemtype='https://schema.org/Comment'>")
    assert not H.read(blog)[1].thread
    assert not H.read(_thread(""))[1].thread
    assert declares_thread(RawHints(source_bytes=b"<div itemtype='http://schema.org/QAPage'>"))
    assert not declares_thread(RawHints(source="<div itemtype='http://schema.org/FAQPage'>"))
    # The bytes are searched for every thread type in one pass (compiled) or type by type (Python): the same.
    long = b"<p>schema.org schema.org/Comment " * 500
    for page, want in ((long, False), (long + b"x schema.org/DiscussionForumPosting", True),
                       (b"schema.org/QAPage" + long, True), (b"schema.org/QAPag", False), (b"", False)):
        assert declares_thread(RawHints(source_bytes=page)) is want
        assert declares_thread(RawHints(source=page.decode())) is want


def test_page_made_of_comments_is_a_thread():
    # No declared type, but every post sits in a comment section and the page has no other text:
    # the comments are lifted as its content, and their furniture drops.
    page = _thread("").replace("<div class='post'>", "<div class='comment'>")
    art = H.clean(page, url="https://forum.example.org/t/backup/1")
    assert any(ln.detail == "a thread's post furniture" for ln in art.lines)
    assert _kept(art, "Member") == 0 and _kept(art, "Quote") == 0
    assert all(text in art.body.splitlines() for text in _PROSE)


_HELP = ["Thanks for contributing an answer to the backup forum, and welcome to the community here.",
         "Please be sure to answer the question and provide details and share your own research."]


def _with_reply_form(declare: str) -> str:
    """`_thread` with the reply form a thread sets below its posts, inside `<main>`: the editor's help text
    is prose, and a `<form>` is a weak mark that spares a long box inside the main content."""
    form = ("<form action='/t/backup/1/reply' method='post'><h2>Your Answer</h2>"
            + "".join(f"<p>{t}</p>" for t in _HELP)
            + "<textarea name='body'></textarea><button type='submit'>Post Your Answer</button></form>")
    return _thread(declare).replace("</main>", form + "</main>")


def test_a_declared_threads_reply_form_is_no_post():
    art = H.clean(_with_reply_form(_LD), url="https://forum.example.org/t/backup/1")
    lines = art.body.splitlines()
    assert all(text in lines for text in _PROSE)
    assert not any(h in lines for h in _HELP) and "Your Answer" not in lines
    assert all(ln.reason == "form" for ln in art.lines if ln.text in _HELP)
    # Undeclared, the form's weak mark spares it inside <main> (a shop's product grid in its filters' form).
    plain = H.clean(_with_reply_form(""), url="https://forum.example.org/t/backup/1")
    assert all(ln.reason != "form" for ln in plain.lines if ln.text in _HELP)


_DETAIL = "".join(f"<p>On night {k} the job wrote the first volume in full, logged its checksum, waited for the "
                  f"second one for a few seconds and then stopped with no error at all, as on the night before.</p>"
                  for k in range(1, 3))


def _replies_page(declare: str, nested: bool = False) -> str:
    """A thread whose first post (a declared body, `itemprop=text`) is long, and whose replies are
    `itemprop=comment` elements holding a declared body each: beside the first post (Discourse), or,
    `nested`, in a list inside the first post (a Q&A site's comments under a question)."""
    replies = "".join(f"<div itemprop='comment' itemscope itemtype='http://schema.org/Comment'>"
                      f"<span>user{k}</span><div itemprop='text'><p>{text}</p></div></div>"
                      for k, text in enumerate(_PROSE[1:]))
    first = f"<div itemprop='text'><p>{_PROSE[0]}</p>{_DETAIL}</div>"
    posts = (f"<div class='topic'>{first}<ul>{replies}</ul></div>" if nested
             else f"<div class='topic'>{first}</div>{replies}")
    return (f"<html><head><title>Backup job stops after the first volume</title>{declare}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/forum'>Forum</a></nav>"
            f"<main><h1>Backup job stops after the first volume</h1><div class='stream'>{posts}</div></main>"
            "<footer><a href='/terms'>Terms</a></footer></body></html>")


def test_a_declared_threads_replies_with_post_bodies_are_its_posts():
    # The long first post leaves the replies' comment sections short beside it, so the size test
    # alone drops them; on a declared thread, a comment that holds a post body of its own and stands
    # beside the first post is a reply, part of the thread.
    art = H.clean(_replies_page(_LD), url="https://forum.example.org/t/backup/1")
    lines = art.body.splitlines()
    assert all(text in lines for text in _PROSE)
    # Undeclared, or declared with the comments in a list inside the post (a Q&A site's comments under
    # a question), they stay dropped.
    for page in (_replies_page(""), _replies_page(_LD, nested=True)):
        art = H.clean(page, url="https://forum.example.org/t/backup/1")
        assert _PROSE[0] in art.body.splitlines()
        assert all(ln.reason == "comment-section" for ln in art.lines if ln.text in _PROSE[1:])


def _posts_page(declare: str, beside: str = "") -> str:
    # Invision's shape: each post an <article> holding its author's card (an <aside>: the second one
    # long, a member's list of parts) and its body; the first post holds most of the text.
    first = " ".join(_PROSE[:3])
    card = "".join(f"<li>Part {k}</li><li>Model {k} with a longer name</li>" for k in range(12))
    posts = (f"<article><aside><h3>Rabbit</h3><p>Members</p></aside><div class='content'><p>{first}</p></div></article>"
             f"<article><aside><h3>Biker</h3><p>Members</p><ul>{card}</ul></aside>"
             f"<div class='content'><p>{_PROSE[3]}</p></div></article>")
    return (f"<html><head><title>Backup job stops after the first volume</title>{declare}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/forum'>Forum</a></nav>"
            "<main><h1>Backup job stops after the first volume</h1><div class='posts'>" + posts + "</div>"
            + beside + "</main>"
            "<footer><a href='/terms'>Terms</a></footer></body></html>")


def test_a_declared_threads_container_holds_its_posts_not_the_first_one():
    # The first post holds most of the text, so the descent steps into it; on a declared thread the
    # container is widened to the posts (siblings of one tag, each with its text), and the reply
    # after the second post's long author card is kept.
    art = H.clean(_posts_page(_LD), url="https://forum.example.org/t/backup/1")
    lines = art.body.splitlines()
    assert " ".join(_PROSE[:3]) in lines and _PROSE[3] in lines
    assert not any(ln.kept and ln.text.startswith("Model ") for ln in art.lines)  # the card stays out


def test_posts_widen_a_container_inside_one_post_only():
    # (beside the posts, a box of other threads built alike: an element holding the posts, beside
    # another of its tag, is no post)
    tree, _ = H.read(_posts_page(_LD, "<div class='similar'><article><p>Another thread on backups</p></article></div>"))
    els = tree.elements
    good = _readable_text(tree.blocks, els, [None] * len(tree.blocks))
    posts = next(e for e, el in enumerate(els) if el.tag == "div" and els[el.parent].tag == "main")
    assert els[posts].chars > 400
    first_p = next(e for e, el in enumerate(els) if el.tag == "p" and els[els[el.parent].parent].tag == "article")
    assert widen_to_posts(els, good, first_p) == posts  # from inside the first post: to the posts
    assert widen_to_posts(els, good, posts) == posts  # it holds the posts: it stays
    main = next(e for e, el in enumerate(els) if el.tag == "main")
    assert widen_to_posts(els, good, main) == main
    assert widen_to_posts(els, good, -1) == -1


def _opening_page(opening: bool = True) -> str:
    # A thread whose opening post stands in a box of its own above the reply list (a hidden preview of
    # it at the top, the title and a count line, then a sorting bar): the descent stops at the replies.
    names = ["rabbit", "biker", "rabbit", "owl"]

    def post(k: int, tag: str) -> str:
        return (f"<{tag} class='post'><div class='card'><a href='/u/{names[k]}'>{names[k]}</a><p>{100 + 37 * k:,} posts</p>"
                f"</div><div class='message'><article><p>{_PROSE[k]}</p></article></div></{tag}>")

    head = (f"<div class='preview' style='display:none'><article><p>{_PROSE[0]}</p></article></div>"
            "<div class='head'><h1>Backup job stops after the first volume</h1><p>1.2K views 3 replies</p></div>"
            + (f"<div class='opening'>{post(0, 'div')}</div>" if opening else "")
            + "<nav><a href='#'>Save</a><a href='#'>Share</a><p>Sort by</p>"
            "<ul><li>Oldest first</li><li>Newest first</li><li>Most reactions</li></ul></nav>")
    replies = "".join(post(k, "article") for k in range(1, 4))
    return ("<html><head><title>Backup job stops after the first volume</title>" + _LD + "</head><body>"
            "<nav><a href='/'>Home</a> <a href='/forum'>Forum</a></nav>"
            f"<main><div class='thread'>{head}<div class='replies'><div class='list'>{replies}</div></div></div></main>"
            "<footer><a href='/terms'>Terms</a></footer></body></html>")


def test_a_threads_opening_post_above_its_replies_is_taken_in():
    # The container holds the replies; the opening post, in its own box above them, was outside the
    # story and its text, which a hidden preview repeats, dropped as `repeated`.
    art = H.clean(_opening_page(), url="https://forum.example.org/t/backup/1")
    kept = [ln.text for ln in art.lines if ln.kept]
    assert all(text in kept for text in _PROSE)
    assert not any(ln.kept and ln.text.endswith(" posts") for ln in art.lines)  # the cards' furniture drops


def _thread_boxes(opening: bool):
    tree, _ = H.read(_opening_page(opening))
    els = tree.elements
    thread = next(e for e, el in enumerate(els) if el.tag == "div" and els[el.parent].tag == "main")
    boxes = [e for e, el in enumerate(els) if el.parent == thread]  # preview, head, (opening), nav, replies
    replies = next(e for e, el in enumerate(els) if el.parent == boxes[-1])  # the list holding the replies
    reasons = [("hidden" if any(els[e].mark == "hidden" for e in b.path) else None) for b in tree.blocks]
    return els, _readable_text(tree.blocks, els, reasons), boxes, replies


def test_the_opening_post_is_the_box_before_a_container_of_replies():
    els, good, boxes, replies = _thread_boxes(True)
    assert len(boxes) == 5 and sum(x.parent == replies and x.tag == "article" for x in els) == 3
    assert opening_post(els, good, replies) == boxes[2]
    first_reply = next(e for e, el in enumerate(els) if el.parent == replies)
    assert opening_post(els, good, first_reply) == -1  # a container holding one post holds no replies
    assert opening_post(els, good, -1) == -1
    # No post before the replies but the hidden preview (no readable text): none.
    els, good, boxes, replies = _thread_boxes(False)
    assert len(boxes) == 4 and opening_post(els, good, replies) == -1


def _board(times: bool = True) -> str:
    # A phpBB-like board, no thread declared: each post a box holding its poster's card (a definition
    # list: the name, then "Posts:" and "Joined:" fields), the post's title, its time and its text.
    names = ["rabbit", "biker", "rabbit", "owl"]
    posts = "".join(
        f"<div class='post'><dl class='profile'><dt><a href='/u/{names[k]}'>{names[k]}</a></dt>"
        f"<dd><strong>Posts:</strong> {40 + 97 * k}</dd><dd><strong>Joined:</strong> Mon Mar {k + 3}, 2021 9:1{k} am</dd>"
        f"<dd><strong>Location:</strong> Town {k}</dd></dl>"
        "<div class='postbody'><h3>Re: Backup job stops after the first volume</h3>"
        + (f"<p class='author'><a href='#p{k}'>Tue Jan {k + 9}, 2024 6:0{k} pm</a></p>" if times else "")
        + f"<div class='content'><p>{_PROSE[k]}</p><p>{_PROSE[(k + 1) % 4]}</p></div></div></div>"
        for k in range(4))
    return ("<html><head><title>Backup job stops after the first volume - Example Forums</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/forum'>Forum</a></nav>"
            f"<div id='page'><h2>Backup job stops after the first volume</h2>{posts}</div>"
            "<footer><a href='/terms'>Terms</a></footer></body></html>")


def test_an_undeclared_threads_profile_fields_drop_by_its_posts_shape():
    # Sibling posts, each with its prose and a time of its own: the labelled lines of the posters'
    # cards that several posts show are their profiles, not the thread's text.
    art = H.clean(_board(), url="https://forum.example.org/viewtopic.php?t=1")
    fields = [ln for ln in art.lines if ln.text.startswith(("Posts:", "Location:"))]
    assert len(fields) == 8 and not any(ln.kept for ln in fields)
    assert any(ln.detail == "a post's profile field" for ln in fields)
    assert all(text in art.body.splitlines() for text in _PROSE)
    # The same cards with no post time (a grid of items with their labelled fields): they stay.
    art = H.clean(_board(times=False), url="https://forum.example.org/viewtopic.php?t=1")
    assert not any(ln.detail == "a post's profile field" for ln in art.lines)
    assert any(ln.kept and ln.text.startswith("Location:") for ln in art.lines)


def test_a_field_is_a_short_label_a_colon_and_its_value():
    assert field_label("Posts: 9,179", 3, 8) == "posts"
    assert field_label("Guest OSses: Windows, Linux, BSD", 3, 8) == "guest osses"
    assert field_label("Contact:", 3, 8) == "contact"
    assert field_label("https://example.org/list/6rmQWt", 3, 8) is None  # an address
    assert field_label("12:30", 3, 8) is None  # no letter in the label
    assert field_label("Note that the job waits: it stops after the first volume", 3, 8) is None  # a sentence
    assert field_label("No colon here", 3, 8) is None


def test_field_lines_are_found_by_their_colons_over_the_joined_page():
    cfg = {"block_field_label_max_words": 3, "block_field_max_words": 8, "block_repeat_min_lines": 3,
           "block_field_min_labels": 3}
    texts = []
    for k in range(3):
        texts += [f"A reply that says {k}: it holds a colon in its prose and goes on for a while.",
                  f"Posts: {k + 10}", "Joined:", "at 12:30", "Location:\tnowhere", "https://example.org/x",
                  "Contact:"]
    lines = [Line(i, t) for i, t in enumerate(texts)]
    for ln in lines:
        ln.keep("body")
    # (a colon ending the page's last line counts; one that a tab follows does not: no "Location")
    want = {i + k: label for k in (0, 7, 14) for i, label in ((1, "posts"), (2, "joined"), (6, "contact"))}
    assert field_lines(lines, texts, cfg) == want
    assert field_lines(lines, texts, cfg, "\n".join(texts)) == want
    assert field_lines(lines, texts, cfg | {"block_field_min_labels": 4}) == {}
    assert field_lines(lines[:-1], texts[:-1], cfg) == {}  # ("Contact:" shown twice only)


def test_a_posts_signature_box_is_aside():
    # A board's signatures (a box under each post: the poster's motto, links, tank list) are the
    # poster's, beside the post, as Stack Exchange's "post-signature" user cards.
    posts = "".join(f"<div class='post'><div class='content'><p>{text}</p></div>"
                    f"<div class='signature'>Come visit <a href='https://fish.example.org'>my fish blog</a> sometime</div></div>"
                    for text in _PROSE)
    page = ("<html><head><title>Backup job stops after the first volume</title></head><body>"
            f"<main><h1>Backup job stops after the first volume</h1>{posts}</main></body></html>")
    art = H.clean(page, url="https://forum.example.org/t/backup/1")
    sig = [ln for ln in art.lines if ln.text.startswith("Come visit")]
    assert len(sig) == 4 and all(ln.reason == "aside" for ln in sig)
    assert all(text in art.body.splitlines() for text in _PROSE)
