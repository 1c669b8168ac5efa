"""The HTML path's fast tree walk and verdicts against their plain references (html/walk_reference.py):
identical blocks, elements, hint values and markup verdicts on the wcxb dev pages and on Arabic pages
with every kind of mark; the compiled walk (html/_walk.pyx) against the Python walk it compiles; and
the cycle collector, paused while a page is read, is left as it was."""

from __future__ import annotations

import gc
import gzip
import itertools
import json
from pathlib import Path

import pytest

import ghirbal.config
from ghirbal import html as H
from ghirbal.html import blocks
from ghirbal.html.blocks import read_tree
from ghirbal.html.decode import decode_html
from ghirbal.html.markup import judge
from ghirbal.html.walk_reference import class_marks_reference, judge_reference, read_tree_reference
from ghirbal.linemodel import compiled
from tests.shared_data import dev_set, in_ci, require

HTML_CFG = ghirbal.config.default()["html"]


def _same(html: str) -> tuple[int, int]:
    fast, ref = read_tree(html), read_tree_reference(html)
    assert fast.blocks == ref.blocks
    assert fast.elements == ref.elements
    assert fast.hints == ref.hints
    assert judge(fast, HTML_CFG) == judge_reference(ref, HTML_CFG)
    # What the fast verdicts rely on: a parent comes before its children, and a block's path is
    # the chain of parents of its innermost element.
    for e, el in enumerate(fast.elements):
        assert el.parent < e
    for b in fast.blocks:
        assert all(fast.elements[c].parent == p for p, c in zip(b.path, b.path[1:]))
        assert not b.path or fast.elements[b.path[0]].parent == -1
    return len(fast.blocks), len(fast.elements)


def _wcxb_pages(step: int) -> list[str]:
    set_dir = require(dev_set("wcxb-dev", "docs.jsonl.gz")).parent
    with gzip.open(set_dir / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    docs = [d for d in docs if d.get("html") and (set_dir / d["html"]).exists()][::step]
    return [decode_html(gzip.decompress((set_dir / d["html"]).read_bytes()))[0].replace("\x00", "") for d in docs]


def test_fast_walk_matches_the_reference_on_wcxb_pages():
    pages = _wcxb_pages(9)
    assert len(pages) >= 100
    marked = n_blocks = 0
    for html in pages:
        n_blocks += _same(html)[0]
        marked += any(el.mark for el in read_tree(html).elements)
    assert n_blocks > 100 * len(pages) // 2 and marked > len(pages) // 2  # real pages, with marks to judge


_TRICKY_CLASSES = [
    "author-bio x", "Author_Bio", "sidebar author-bio", "author box", "visibility-hidden", "x visibility hidden",
    "widget main-content", "post-content comments", "comments widget", "widget comments", "d-none x", "x sr-only",
    "hidden", "\u00c4BC-nav", "nav\u00a0menu", "--nav--", "", "   ", "NAV", "share42", "entry-content share-buttons",
]


def test_class_marks_match_the_reference_with_cold_and_warm_caches():
    lex = blocks.markup_lexicon()
    values = list(_TRICKY_CLASSES)
    from selectolax.lexbor import LexborHTMLParser

    for html in _wcxb_pages(27):
        for node in LexborHTMLParser(html).root.traverse():
            attrs = node.attributes
            values += [v for v in (attrs.get("class"), attrs.get("id")) if v]
    assert len(values) > 5000
    marked = 0
    for cold in (True, False):
        if cold:
            blocks._CLASS_MARKS.clear()
            blocks._NAME_MARKS.clear()
        for v in values:
            got = blocks._class_marks(v, lex)
            assert got == class_marks_reference(v, lex), v
            marked += got != (None, False, False)
    assert marked > len(values) // 10


def _walk_both(html: str):
    """(compiled, Python) walks of one page: their blocks, elements and hint values."""
    from selectolax.lexbor import LexborHTMLParser

    root = LexborHTMLParser(html).root
    out = []
    for walk in (blocks._compiled_walk.walk_tree, blocks._walk_python):
        hints, bl, el = blocks.RawHints(), [], []
        walk(root, blocks.markup_lexicon(), hints, bl, el)
        out.append((bl, el, hints))
    return out


def need_built(module, what: str):
    """`module` (a compiled module of the HTML path), or a skip (a failure under CI=true) when it is not built."""
    if module is None:
        message = f"{what} is not built (pip install -e . builds it)"
        if in_ci():
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    assert compiled.active(), f"GHIRBAL_PURE is set: {what} is not used"
    return module


def test_compiled_walk_matches_the_python_walk():
    need_built(blocks._compiled_walk, "the compiled walk (html/_walk.pyx)")
    pages = _wcxb_pages(13) + _arabic_pages()
    n_blocks = 0
    for html in pages:
        fast, slow = _walk_both(html)
        assert fast == slow
        n_blocks += len(fast[0])
    assert n_blocks > 50 * len(pages)
    compiled.set_active(False)
    try:
        pure = [read_tree(html) for html in pages[:20]]
    finally:
        compiled.set_active(True)
    assert pure == [read_tree(html) for html in pages[:20]]


def _arabic_pages() -> list[str]:
    rows = [json.loads(line) for line in (Path(__file__).parent / "data" / "articles_ar.jsonl").open(encoding="utf-8")]
    pages = []
    for i, row in enumerate(rows):
        paras = "".join(f"<p>{p} <a href='/x'>المزيد</a></p>" if k == 1 else f"<p>{p}</p>"
                        for k, p in enumerate(row["paragraphs"]))
        other = rows[(i + 1) % len(rows)]
        pages.append(f"""<!doctype html><html lang="ar" dir="rtl"><head><title>{row['title']}</title>
<meta property="og:title" content="{row['title']}"><script type="application/ld+json">{{"headline": "{row['title']}"}}</script>
</head><body><nav class="main-menu"><ul><li><a href="/">الرئيسية</a></li><li><a href="/s">رياضة</a><br>اقتصاد</li></ul></nav>
<div class="elementor-widget"><span class="share-box">شارك <b>الخبر</b></span><div itemprop="articleBody" class="content">
<h1>{row['title']}</h1><time datetime="2024-03-0{i % 9 + 1}">آذار</time><span itemprop="datePublished" content="2024-03-01">
</span>{paras}<div class="widget-area" style="display: none">نص مخفي</div><noscript><p>{other['paragraphs'][0]}</p></noscript>
</div></div><aside role="complementary"><h3>الأكثر قراءة</h3><p><a href="/a">{other['title']}</a></p></aside>
<div id="comments" class="comments-area"><p>{other['paragraphs'][-1]}</p><form><label>البريد</label></form></div>
<span aria-hidden="true">×</span><footer><p>جميع الحقوق محفوظة</p><hr></footer><!-- تعليق --></body></html>""")
    return pages


# Blank text around and between inline elements, blocks of blank text only, links with blank text,
# elements with no attributes or only ones the marks do not read, a custom element.
_SPACING_PAGE = """<html><body>
  <div>   </div><p>  <b> </b> first <i>word</i><b>joined</b>  <a href="/x">  a link </a> </p>
  <ul> <li> <a href="/y"> </a> </li> <li><span> </span></li></ul><my-widget data-x="1"> custom </my-widget>
  <div class="note" title="t"> <span>\u00a0</span> <em lang="en">em</em>\n\t<br> after </div> <p>\u2003</p> tail
</body></html>"""


def test_blank_text_and_bare_elements_read_alike():
    tree = read_tree(_SPACING_PAGE)
    assert [b.text for b in tree.blocks] == ["first word joined a link", "custom", "em", "after", "tail"]
    _same(_SPACING_PAGE)
    if blocks._compiled_walk is not None:
        fast, slow = _walk_both(_SPACING_PAGE)
        assert fast == slow


# Inline elements side by side with nothing between them: (markup, the block's text).
_INLINE_GAPS = [
    # a card's fields, each its own box (IMDb's "2026", "1h 43m", "R")
    ("<span>2026</span><span>1h 43m</span><span>R</span>", "2026 1h 43m R"),
    ("<a href='/b'>Osprey</a><a href='/n'>Atmos 65</a>", "Osprey Atmos 65"),
    # the next element's text deeper down, or after an element that shows nothing (an icon)
    ("<span>Brand</span><span><b><i>Name</i></b></span>", "Brand Name"),
    ("<span>Brand</span><i class='icon'></i><span>Name</span>", "Brand Name"),
    ("<b>Brand</b><span><i></i>Name</span>", "Brand Name"),
    # one-letter elements (animated letters, a drop cap) stay one word
    ("<span>f</span><span>l</span><span>o</span><span>w</span>", "flow"),
    ("<span class='dropcap'>I</span><span>f it rains</span>", "If it rains"),
    # text right after an element, or an element right after text, is joined as the browser joins it
    ("<b>Note</b>: read<i>this</i>", "Note: readthis"),
    ("<span>ab</span><img src='x.png'>cd", "abcd"),
    ("<b><span>ab</span><i></i></b>cd", "abcd"),
    # punctuation on either side needs no space; Arabic letters are letters
    ("<span>Node</span><span>.js</span>", "Node.js"),
    ("<span>السلام</span><span>عليكم</span>",
     "السلام عليكم"),
    # a block between them ends the line: no space owed across it
    ("<span>ab</span><div>cd</div><span>ef</span>", None),
]


@pytest.mark.parametrize("markup, text", _INLINE_GAPS)
def test_inline_elements_side_by_side_read_apart(markup, text):
    """An inline element right after another that showed at least `inline_gap_min_chars` characters
    is read apart from it when a letter or digit meets a letter or digit (the compiled walk, the
    Python walk and the plain reference alike)."""
    page = f"<html><body><p>{markup}</p></body></html>"
    tree = read_tree(page)
    if text is not None:
        assert [b.text for b in tree.blocks] == [text]
    else:
        assert [b.text for b in tree.blocks] == ["ab", "cd", "ef"]
    _same(page)
    if blocks._compiled_walk is not None:
        fast, slow = _walk_both(page)
        assert fast == slow


def test_compiled_squeeze_is_split_and_join():
    """A block's text squeezed in one pass (`_walk.squeezed`) is `" ".join(text.split())`: every white
    space `str.split` splits at (ASCII, control separators, Unicode spaces), at either end, in runs,
    around characters of every width; a text with nothing to squeeze comes back as it is."""
    walk = need_built(blocks._compiled_walk, "the compiled walk (html/_walk.pyx)")
    pieces = ["a", "bc", " ", "  ", "\t", "\n", "\x0b", "\x1c", "\x85", "\xa0", "\u1680", "\u2003", "\u2028",
              "\u3000", "\u200b", "\x00", "\x01", "é", "ب", "\U0001f600", "\ufeff"]
    texts = ["", " ", "one", "one two", " one", "one ", "\u3000", "é\u3000ب", "\x01 \x02", "a\U0001f600 b"]
    texts += ["".join(p) for p in itertools.product(pieces, repeat=3)]
    for text in texts:
        got = walk.squeezed(text)
        assert got == " ".join(text.split()) and type(got) is str, repr(text)


def test_compiled_squeeze_reads_long_words_as_split_and_join():
    """Long texts (runs of word bytes that `_squeeze_utf8` skips 8 at a time) with white space and the
    bytes its 8-byte test looks at one by one (controls, U+00A0, U+0080-U+00BF, U+2000-U+3FFF) at every
    offset, before and after a first white space (the words moved, or not)."""
    import random

    walk = need_built(blocks._compiled_walk, "the compiled walk (html/_walk.pyx)")
    rng = random.Random(16)
    pieces = ["abcdefghij", "كلمةطويلة", "x", " ", "   ", "\n\t", "\x01", "\x1f", "\xa0", "\xc2", "\x85", "\u0080",
              "\u2003", "\u200b", "\u2010", "\u2028", "\u3000", "\u3001", "\u3fff", "\u1680", "\U0001f600", "é"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert walk.squeezed(text) == " ".join(text.split()), repr(text)


def test_parse_keeps_the_tree_the_source_writes():
    """The walks' parse runs without lexbor's mutation events: a `<selectedcontent>` stays as the source
    writes it (empty), not given a copy of the selected `<option>`."""
    page = "<select><button><selectedcontent></selectedcontent></button><option>a</option><option selected>b</option></select>"
    assert blocks.parse(page).css_first("selectedcontent").text() == ""


# Pages whose text nodes are not all valid UTF-8 (lexbor keeps the page's bytes): cut sequences at a
# node's end and start (joined they would make a valid character, U+2003, a space), overlong forms,
# surrogates, stray continuation bytes, beside Unicode white space and letters at the inline gaps.
_BROKEN_UTF8 = [
    b"<p><span>ab\xe2\x80</span><span>\x83cd</span></p>",
    b"<p>one\xe2\x80<b>\x83</b>two <i>\xc3</i>\xa9t\xc3\xa9</p>",
    b"<p>\xc0\xaf x \xed\xa0\x80 y \xf4\x90\x80\x80 z \x80\xbf</p><p><a href=x>\xf0\x9f\x98</a><a>\x80ok</a></p>",
    b"<div><span>\xc2\xa0caf\xc3\xa9\xc2\xa0</span><span>\xe3\x80\x80\xd8\xa8\xff</span>\xe2\x80\x83</div>",
]


@pytest.mark.parametrize("page", _BROKEN_UTF8)
def test_compiled_walk_reads_broken_utf8_as_selectolax_decodes_it(page):
    """The compiled walk keeps a block's text as bytes and decodes it once: a text node that is not
    valid UTF-8 reads as selectolax decodes it alone (errors replaced), never joined to its neighbours."""
    need_built(blocks._compiled_walk, "the compiled walk (html/_walk.pyx)")
    fast, slow = _walk_both(page)
    assert fast == slow
    assert any("\ufffd" in b.text for b in fast[0])


# What the compiled walk reads from lexbor itself rather than through selectolax's nodes: attributes
# without a value or with an empty one, upper-case and namespaced names, the attributes the marks read
# in every mix, foreign (SVG) and custom elements, the head's values anywhere, text of every blank kind
# (ASCII blanks between words, Unicode ones, control separators), comments and templates inside blocks.
_MARKUP_PAGE = """<!DOCTYPE html><html LANG="en"><head><TITLE>A <b>title</b> &amp; more</TITLE>
<meta name="author" content="A. Writer"><meta property="og:title" content=""><meta content="x">
<script type="application/LD+JSON">{"headline": "H \u00e9"}</script><style>p {}</style><link rel="x"></head>
<body class="" id=""><div CLASS="Main-Content" hidden><p>hidden text</p></div>
<div class="post" ID="story" data-x role="main"><h1 class="t">Head<span>line</span> <!-- c --> one</h1>
<p style="color: red" aria-hidden="false">first\x1c para\u00a0graph <a href="/a" class="more">more</a>\x1f</p>
<p itemprop="datePublished" content="2024-01-02">itemprop <time datetime="2024-01-03">Jan 3</time></p>
<section itemprop="articleBody" role="region"><p>body <em>text</em><template><p>never</p></template></p>
<svg><title>svg title</title><foreignObject><p>foreign</p></foreignObject></svg>
<my-Widget class="share box">custom</my-Widget><x-y hidden="hidden">x</x-y><span style="DISPLAY: none">no</span>
<div class="tab" role="tabpanel" style="display:none">panel</div>
<script type="application/ld+json">{"author": "In Body"}</script><title>second</title></section>
<h1>\u2003second h1 \u3000</h1><p> \t\n\r\x0b\x0c </p><p>a\u2028b</p></div></body></html>"""


def test_compiled_walk_reads_attributes_names_and_text_as_selectolax_does():
    if blocks._compiled_walk is None:
        pytest.skip("the compiled walk (html/_walk.pyx) is not built")
    fast, slow = _walk_both(_MARKUP_PAGE)
    assert fast == slow
    bl, el, hints = fast
    assert [b.text for b in bl] == ["hidden text", "Headline one", "first para graph more", "itemprop Jan 3",
                                    "body text", "custom", "x", "no", "panel", "second h1", "a b"]
    assert bl[2].link_chars == 4 and bl[2].links == 1
    assert [(e.tag, e.mark, e.main, e.weak) for e in el if e.mark or e.main] == [
        ("div", "hidden", False, False), ("div", None, True, False), ("section", None, True, False),
        ("my-widget", "aside", False, True), ("x-y", "hidden", False, False), ("span", "hidden", False, False),
        ("div", "hidden", False, True)]
    assert read_tree(_MARKUP_PAGE).hints.lang == "en" and hints.title == "A <b>title</b> & more"
    assert hints.meta == {"author": "A. Writer", "og:title": ""} and len(hints.ld_scripts) == 2
    assert hints.h1 == ["Headline  one", "\u2003second h1 \u3000"] and hints.times == ["2024-01-03"]
    assert hints.dates_at == [(3, "2024-01-02"), (3, "2024-01-03")]
    _same(_MARKUP_PAGE)


def test_compiled_walk_declines_a_lexbor_it_cannot_read():
    if blocks._compiled_walk is None:
        pytest.skip("the compiled walk (html/_walk.pyx) is not built")
    import selectolax.lexbor
    from selectolax.lexbor import LexborHTMLParser

    walk = blocks._compiled_walk
    args = (blocks.Block, blocks.Element, blocks._KIND, blocks._PLAIN_MARKS, blocks._marks, blocks._head_element,
            blocks._element_hints)
    probe = LexborHTMLParser("<p>ghirbal probe</p><p>other text</p>").root
    texts = [n for n in probe.traverse(include_text=True) if n.tag == "-text"]
    element = next(n for n in probe.traverse() if n.tag == "p")
    try:
        assert not walk.configure(*args, selectolax.lexbor.__file__, texts[1])  # not the probe's text
        assert not walk.configure(*args, selectolax.lexbor.__file__, element)  # not a text node
        assert not walk.configure(*args, "/nonexistent/lexbor.so", texts[0])  # no such module loaded
        if blocks.Block is not blocks.BlockReference:  # not the records (html/_records.pyx) it makes
            assert not walk.configure(blocks.BlockReference, blocks.ElementReference, *args[2:],
                                      selectolax.lexbor.__file__, texts[0])
        with pytest.raises(RuntimeError):
            walk.walk_tree(probe, blocks.markup_lexicon(), blocks.RawHints(), [], [])
    finally:
        assert walk.configure(*args, selectolax.lexbor.__file__, texts[0], blocks.OVERLAY_MARK)
    _same(_MARKUP_PAGE)
    _same("<html><body><p>Story text here.</p><div role='dialog'><p>We use cookies.</p></div></body></html>")


def test_fast_walk_matches_the_reference_on_arabic_pages():
    pages = _arabic_pages()
    assert len(pages) >= 5
    for html in pages:
        n_blocks, n_elements = _same(html)
        assert n_blocks > 8 and n_elements > 20
        verdict = judge(read_tree(html), HTML_CFG)
        assert {"nav", "aside", "hidden"} <= set(verdict.reasons)  # the marks were read, not skipped


@pytest.mark.parametrize("was_on", [True, False])
def test_clean_leaves_the_cycle_collector_as_it_found_it(was_on):
    html = _arabic_pages()[0]
    (gc.enable if was_on else gc.disable)()
    try:
        art = H.clean(html, "https://news.example/a/1")
        assert gc.isenabled() is was_on
        H.page_text(html)
        assert gc.isenabled() is was_on
    finally:
        gc.enable()
    assert art.paragraphs and all("<" not in p for p in art.paragraphs)


def test_compiled_records_match_their_dataclass_references():
    """`_records.Block` / `Element` (when built) take the same arguments, defaults, equality and repr
    as the dataclasses in blocks.py, and stay out of the cycle collector."""
    import dataclasses
    import gc

    import pytest

    from ghirbal.html import blocks

    if blocks.Block is blocks.BlockReference:
        pytest.skip("html._records not built")
    for compiled_cls, reference, args in (
            (blocks.Block, blocks.BlockReference, ("some text", "p", 9, 4, 1, (0, 3))),
            (blocks.Element, blocks.ElementReference, ("div", 2))):
        names = [f.name for f in dataclasses.fields(reference)]
        assert [f.name for f in dataclasses.fields(compiled_cls)] == names
        made, ref = compiled_cls(*args), reference(*args)
        assert [getattr(made, n) for n in names] == [getattr(ref, n) for n in names]
        assert repr(made).split("(", 1)[1] == repr(ref).split("(", 1)[1]
        assert made == compiled_cls(*args) and made != compiled_cls(*(("x",) + args[1:]))
        assert not gc.is_tracked(made)
    el = blocks.Element("div", -1)
    el.chars += 7
    el.mark, el.weak = "nav", True
    assert (el.chars, el.mark, el.weak) == (7, "nav", True)


def test_head_values_read_alike():
    """The compiled walk's `<title>` / `<meta>` / JSON-LD reading (`_walk._head_value`) against
    `blocks._head_element` on selectolax's nodes: attributes without a value, repeated or empty ones,
    the key's order (property, name, itemprop), upper-case types, a second title, values in the body."""
    need_built(blocks._compiled_walk, "the compiled walk (html/_walk.pyx)")
    page = """<html><head><title>First title</title><title>Second</title>
<meta content><meta name="description" content=" A page "><meta property="" name="Author" content="Ann">
<meta itemprop="DatePublished" content="2024-01-02"><meta name="x" name="y" content="1"><meta content="2" name="x">
<meta property="og:title" name="title" content="OG"><meta name="  spaced  " content="s"><meta charset="utf-8">
<meta name="empty" content=""><meta name="novalue"><meta data-name="z" content="3">
<script TYPE="Application/LD+JSON">{"headline": "One"}</script><script type="text/javascript">var x = 1;</script>
<script type="application/ld+json"></script><script>{"no": "type"}</script></head>
<body><p>Text</p><meta name="in-body" content="body"><script type="application/ld+json">{"b": 2}</script>
<title>Body title</title></body></html>"""
    tree = read_tree(page)
    assert tree.hints.title == "First title"
    assert tree.hints.meta["description"] == " A page " and tree.hints.meta["author"] == "Ann"
    assert tree.hints.meta["x"] == "1" and tree.hints.meta["og:title"] == "OG" and tree.hints.meta["in-body"] == "body"
    assert tree.hints.meta["spaced"] == "s" and tree.hints.meta["empty"] == "" and "novalue" not in tree.hints.meta
    assert tree.hints.ld_scripts == ['{"headline": "One"}', "", '{"b": 2}']
    _same(page)


# Elements whose mark attributes differ only in which attribute holds a value, in a byte, in an empty
# value or a missing one, or in `hidden`: keys the compiled walk's table of marks by attribute bytes
# must tell apart.
_LOOKALIKE_PAGE = """<html><body><div class="nav">a</div><div id="nav">b</div><div class="nav" id="">c</div>
<div class="" id="nav">d</div><div class="na" id="vnav">e</div><div class="nav" hidden>f</div>
<div class="nav" role="main">g</div><div role="main">h</div><div style="display:none">i</div>
<div class="nav" style="">j</div><div class>k</div><div id>l</div><span class="nav">m</span><p class="nav">n</p>
<div class="comments">o</div><div class="Comments">p</div><div class="caption">q</div><span class="caption">r</span>
<div class="content" itemprop="articleBody">s</div><div class="content" itemprop="">t</div>
<div class="x""" + "y" * 3000 + """">u</div><div aria-hidden="true" class="nav">v</div></body></html>"""


def test_compiled_marks_by_attribute_bytes_cold_and_warm():
    walk = need_built(blocks._compiled_walk, "the compiled walk (html/_walk.pyx)")
    pages = [_LOOKALIKE_PAGE, _MARKUP_PAGE] + _wcxb_pages(41)
    walk.forget_marks()
    cold = [_walk_both(html) for html in pages]  # the table fills as the pages are walked
    warm = [_walk_both(html) for html in pages]  # ... and answers from it
    for fast, slow in cold + warm:
        assert fast == slow
    assert cold == warm
    marks = [(e.tag, e.mark, e.main, e.weak) for e in cold[0][0][1]]
    assert ("div", "nav", False, True) in marks and ("div", "hidden", False, False) in marks
    assert len({m for m in marks if m[0] == "div"}) >= 4
    # Emptied `plain_marks` (its owner's sign that the marks may have changed) empties the table too.
    saved = dict(blocks._PLAIN_MARKS)
    blocks._PLAIN_MARKS.clear()
    try:
        assert _walk_both(_LOOKALIKE_PAGE) == cold[0]
        assert blocks._PLAIN_MARKS  # the walk asked for the marks again
    finally:
        blocks._PLAIN_MARKS.update(saved)


def test_inline_gap_least_comes_from_the_lexicon():
    """`[markup] inline_gap_min_chars` is the least an inline element shows before the one after it is
    read apart: at 1, a drop cap's letter is a word of its own; both walks read the setting."""
    import dataclasses

    from selectolax.lexbor import LexborHTMLParser

    page = "<html><body><p><span>I</span><span>f it rains</span></p></body></html>"
    assert blocks.markup_lexicon().inline_gap_min_chars == 2
    lex = dataclasses.replace(blocks.markup_lexicon(), inline_gap_min_chars=1)
    walks = [blocks._walk_python]
    if blocks._compiled_walk is not None:
        walks.append(blocks._compiled_walk.walk_tree)
    for walk in walks:
        root = LexborHTMLParser(page).root
        hints, bl, el = blocks.RawHints(), [], []
        walk(root, lex, hints, bl, el)
        assert [b.text for b in bl] == ["I f it rains"]


def test_space_between_links_side_by_side_is_link_text():
    """A menu of links glued together (`<a>Sofas</a><a>Beds</a>`) reads apart, and the space written
    before a link's text counts as link text: the menu stays all link text, as it was joined (in the
    three walks alike)."""
    page = ("<html><body><div>" + "".join(f"<a href='/c/{i}'>Sofas {i}</a>" for i in range(5))
            + "</div><p><span>By</span><a href='/b'>Brand</a></p></body></html>")
    tree = read_tree(page)
    menu, byline = tree.blocks
    assert menu.text == "Sofas 0 Sofas 1 Sofas 2 Sofas 3 Sofas 4"
    assert menu.link_chars == menu.chars == len(menu.text)
    assert byline.text == "By Brand" and byline.link_chars == len(" Brand")
    _same(page)
    if blocks._compiled_walk is not None:
        fast, slow = _walk_both(page)
        assert fast == slow


def _shop_page(hidden_byline: str) -> str:
    # A shop's page: a long menu of links glued together in the header, then the product: its name,
    # a hidden box with the brand's "By" line, and a specification list of short lines.
    words = ["Lamps", "Sofas", "Beds", "Rugs", "Desks", "Chairs", "Tables", "Mirrors", "Shelves", "Benches"]
    menu = "".join(f"<a href='/c/{i}'>{words[i % 10]} {i}</a>" for i in range(240))
    specs = "".join(f"<div class='row'><div>{k}</div><div>{v}</div></div>" for k, v in [
        ("Overall Height", "43 in"), ("Seat Width", "20 in"), ("Frame Material", "Manufactured Wood"),
        ("Upholstery Material", "Vinyl"), ("Weight Capacity", "275 lb"), ("Swivel", "Yes"),
        ("Tilt Lock", "Yes"), ("Product Care", "Spot clean")])
    return (f"<html><body><header><div class='menu'>{menu}</div></header><div class='product'>"
            f"<h1>Vinyl Executive Chair</h1><div style='display:none'>{hidden_byline}<span>4.4</span></div>"
            "<div class='description'><p>Hand-applied brass nail trim</p></div>"
            f"<div class='specs'><h2>Specifications</h2>{specs}</div></div></body></html>")


@pytest.mark.parametrize("hidden_byline", ["By<a href='/brand'>Boss Office Products</a>", ""])
def test_glued_menu_and_hidden_byline_leave_the_product_its_container(hidden_byline):
    """The spaces a glued menu's links are read apart with are no readable text: the main container is
    still the product's, and its specification lines are the body; a byline in a hidden box neither
    becomes the author nor moves the story (the shape of a shop page whose body fell to nothing)."""
    page = _shop_page(hidden_byline)
    assert judge(read_tree(page), HTML_CFG).container >= 0
    art = H.clean(page)
    assert art.author is None
    assert "Manufactured Wood" in art.paragraphs and "Spot clean" in art.paragraphs
    assert art.body == H.clean(_shop_page("")).body
