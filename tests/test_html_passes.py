"""The compiled passes of the HTML path (html/_passes.pyx) against the Python functions they compile:
the markup's walks over the elements (marks that drop blocks, boxes beside the story, readable text,
the descent to the container, the container's blocks, code that marks nothing), the blocks under
captions, the cards' shapes, the search for the script date keys, and the script elements' spans,
on the dev pages and on made-up cases at their edges."""

from __future__ import annotations

import copy
import itertools
import re
import random

import pytest

import ghirbal.config
from ghirbal.html import block_model, blocks, captions, cards, hints, listing, markup, offers
from ghirbal.html.blocks import read_tree
from tests.test_html_fast_walk import _MARKUP_PAGE, _arabic_pages, _wcxb_pages, need_built

HTML_CFG = ghirbal.config.default()["html"]


@pytest.fixture
def fast():
    return need_built(blocks._compiled_passes, "the compiled passes (html/_passes.pyx)")


def _marks() -> markup.Marks:
    cfg = HTML_CFG
    return markup.Marks(cfg["block_veto_share"] * 5000, cfg["block_weak_max_chars"], cfg["block_weak_link_share"],
                        cfg["block_weak_marks"], frozenset(cfg["block_control_tags"]), cfg["block_box_marks"])


def _marks_variants() -> list[markup.Marks]:
    """Marks at the edges of each test of `drops`: nothing vetoed or everything, every weak mark
    dropped or none, link-heavy at any share or never, no box marks or boxes that hold anything."""
    cfg = HTML_CFG
    base = _marks()
    return [base, base._replace(veto=0.0), base._replace(veto=10.0**12, weak_chars=0, weak_links=0.0),
            base._replace(weak_chars=10**9, weak_links=2.0, weak_marks=()), base._replace(boxes=None),
            base._replace(boxes={m: 10**9 for m in cfg["block_box_marks"]}, controls=frozenset())]


def _prepare_both(fast, elements, code_tags, run, product, least, tip_most, note_least=400):
    """The elements' marks settled by `markup.prepare_marks_reference` and by `_passes.prepare_marks`
    (each on its own copy): the two copies."""
    py_el, c_el = copy.deepcopy(elements), copy.deepcopy(elements)
    markup.prepare_marks_reference(py_el, code_tags, run, product, least, tip_most, note_least)
    fast.prepare_marks(c_el, code_tags, run, product, least, tip_most, note_least, blocks.PRODUCT_MARK,
                       blocks.PRODUCT_TIP_MARK, blocks.PRODUCT_NOTE_MARK)
    return py_el, c_el


def test_settle_marks_compiled_matches_its_reference_on_made_up_elements(fast):
    """The product-only marks settled alike by `_passes.prepare_marks` and its Python reference: at the
    limits of `least` and `tip_most`, on a product's page and any other."""
    made = [blocks.Element("div", -1, mark, False, True, chars, 0)
            for mark in (blocks.PRODUCT_MARK, blocks.PRODUCT_TIP_MARK, blocks.PRODUCT_NOTE_MARK, "nav", None)
            for chars in (0, 119, 120, 121, 199, 200, 201)]
    for product in (False, True):
        py_el, c_el = _prepare_both(fast, made, frozenset(), 2, product, 200, 120, 199)
        assert c_el == py_el
        reviews = [None] * 5 + ["comment-section"] * 2 if product else [None] * 7  # (at least 200 characters)
        tips = ["hidden"] * 3 + [None] * 4 if product else [None] * 7  # (at most 120)
        notes = [None] * 4 + ["aside"] * 3 if product else [None] * 7  # (at least 199)
        assert [e.mark for e in py_el][:21] == reviews + tips + notes
        assert [e.mark for e in py_el][21:28] == ["nav"] * 7  # (other marks untouched)


def test_prepare_marks_compiled_matches_its_reference_on_made_up_trees(fast):
    """`_passes.prepare_marks` against `markup.prepare_marks_reference` on random trees of the tags and
    marks its four steps read (code, repeated hidden panels, wrappers of `<main>`, product marks)."""
    rng = random.Random(13)
    tags = ("div", "li", "ul", "main", "pre", "code", "section")
    marks = (None, None, "hidden", "nav", "aside", blocks.PRODUCT_MARK, blocks.PRODUCT_TIP_MARK, blocks.PRODUCT_NOTE_MARK)
    code_tags = frozenset(HTML_CFG["block_code_tags"])
    changed = weakened = unwrapped = 0
    for _ in range(300):
        made = []
        for e in range(rng.randint(1, 40)):
            made.append(blocks.Element(rng.choice(tags), rng.randint(-1, e - 1) if e else -1, rng.choice(marks),
                                       rng.random() < 0.2, rng.random() < 0.4, rng.choice((0, 119, 121, 199, 201)), 0))
        for run in (0, 1, 2, 3):
            for product in (False, True):
                py_el, c_el = _prepare_both(fast, made, code_tags, run, product, 200, 120)
                assert c_el == py_el
                changed += py_el != made
                weakened += any(a.weak and not b.weak for a, b in zip(py_el, made))
                unwrapped += any(b.weak and b.mark in ("nav", "aside") and a.mark is None for a, b in zip(py_el, made))
    assert changed and weakened and unwrapped  # every step at work


def test_compiled_passes_match_their_python_versions_on_dev_pages(fast):
    pages = _wcxb_pages(11) + _arabic_pages() + [_MARKUP_PAGE]
    code_tags = frozenset(HTML_CFG["block_code_tags"])
    marked = unmarked_code = prepared = captioned = boxed = with_runs = listed = flat_true = flat_tables = offered = 0
    for html in pages:
        tree = read_tree(html)
        bl, el = tree.blocks, tree.elements
        for run in (0, 1, 2, HTML_CFG["block_panel_min_run"]):
            for product in (False, True):
                py_el, c_el = _prepare_both(fast, el, code_tags, run, product, 200, 120)
                assert c_el == py_el
                prepared += py_el != el
        py_el = copy.deepcopy(el)
        markup._unmark_code(py_el, code_tags)
        unmarked_code += py_el != el
        reasons = markup._mark_reasons(bl, py_el, _marks())
        assert fast.mark_reasons(bl, py_el, _marks()) == reasons
        for marks in _marks_variants():  # Marks.drops compiled (`_Drops`) against the method
            assert fast.mark_reasons(bl, py_el, marks, role_marks=blocks.ROLE_MARKS) == markup._mark_reasons(bl, py_el, marks)
        marked += any(reasons)
        beside = tuple(HTML_CFG["block_beside_story_marks"])
        for least in (0, HTML_CFG["block_declared_body_min_chars"]):
            py_reasons, c_reasons = list(reasons), list(reasons)
            markup._boxes_beside_story(bl, py_el, py_reasons, beside, least)
            fast.boxes_beside_story(bl, py_el, c_reasons, beside, least, blocks.MAIN_TAGS)
            assert c_reasons == py_reasons
            boxed += py_reasons != reasons
        good = markup._readable_text(bl, py_el, reasons)
        assert fast.readable_text(bl, py_el, reasons) == good
        page_good = sum(b.chars - b.link_chars for b, r in zip(bl, reasons) if r is None)
        for share in (0.0, 0.5, HTML_CFG["block_descend_share"], 0.99):
            for top in (page_good, 0, 10**20):
                assert fast.descend(py_el, good, top, share) == markup._descend(py_el, good, top, share)
        for container in {0, len(py_el) // 3, len(py_el) - 1} if py_el else ():
            assert fast.inside(bl, py_el, container) == markup._inside(bl, py_el, container)
        rows = {e for e, x in enumerate(py_el) if x.tag == "tr" and x.parent >= 0}
        for container in sorted({x.parent for e, x in enumerate(py_el) if e in rows} | set(range(0, len(py_el), 97))):
            for share in (0.0, 0.3, HTML_CFG["block_flat_share"], 1.0):
                got = fast.flat(bl, py_el, container, share)
                assert got == markup._flat_reference(bl, py_el, container, share)
                flat_true += got
            flat_tables += container in {py_el[r].parent for r in rows}
        assert fast.card_shapes(bl, el) == cards.card_shapes(bl, el)
        for least, run in ((HTML_CFG["card_min_blocks"], HTML_CFG["card_min_run"]), (1, 2), (2, 1), (0, 1)):
            runs = cards._card_runs(bl, el, least, run)
            assert fast.card_runs(bl, el, least, run) == runs
            assert fast.run_texts(bl, el, reasons, runs) == listing._run_texts(bl, el, reasons, runs)
            for inside in ([True] * len(bl), [i % 3 != 0 for i in range(len(bl))], [False] * len(bl)):
                for share in (0.0, HTML_CFG["block_list_card_share"], 0.3, 1.0):
                    got = fast.list_cards(bl, el, reasons, inside, runs, share)
                    assert got == listing._list_cards(bl, el, reasons, inside, runs, share)
                    listed += any(got)
            for heads, least_chars in ((frozenset(HTML_CFG["card_heading_tags"]), HTML_CFG["block_offer_min_chars"]),
                                       (frozenset({"a", "p"}), 0), (frozenset(), 10**9)):
                got = fast.offer_rows(bl, el, runs, heads, least_chars)
                assert got == offers.offer_rows(bl, el, runs, heads, least_chars)
                offered += any(got)
            with_runs += bool(runs)
        captioned += any(e.mark == captions.CAPTION for e in py_el)
        for limit in (0, HTML_CFG["block_caption_max_chars"], 10**9):  # (pages without captions too: all False)
            assert fast.caption_blocks(bl, py_el, limit) == captions._caption_blocks(bl, py_el, limit)
        assert markup.judge(read_tree(html), HTML_CFG) == markup.judge_with(
            read_tree(html), HTML_CFG, markup._mark_reasons, markup._readable_text, markup._inside)
    assert marked > len(pages) // 2 and unmarked_code > 0 and captioned > 0 and boxed > 0 and with_runs > 0 and listed > 0  # all at work
    assert flat_true > 0 and flat_tables > 0 and prepared > 0 and offered > 0


def test_passes_on_the_compiled_records_match_the_python_passes_on_the_dataclasses(fast):
    """The passes read `_records.Element` / `Block` fields as C struct members (html/_records.pxd,
    cimported); on the same pages they give what the Python passes give on the dataclass references
    (the pure-Python path, when nothing is built), and they refuse any other record."""
    if blocks.Block is blocks.BlockReference:
        pytest.skip("html._records not built")
    beside = tuple(HTML_CFG["block_beside_story_marks"])
    compared = 0
    for html in _wcxb_pages(13) + [_MARKUP_PAGE]:
        tree = read_tree(html)
        bl, el = tree.blocks, tree.elements
        ref_el = [blocks.ElementReference(e.tag, e.parent, e.mark, e.main, e.weak, e.chars, e.link_chars) for e in el]
        ref_bl = [blocks.BlockReference(b.text, b.tag, b.chars, b.link_chars, b.links, b.path, b.noscript) for b in bl]
        reasons = fast.mark_reasons(bl, el, _marks())
        assert markup._mark_reasons(ref_bl, ref_el, _marks()) == reasons
        assert fast.readable_text(bl, el, reasons) == markup._readable_text(ref_bl, ref_el, reasons)
        for container in {0, len(el) // 2} if el else ():
            assert fast.inside(bl, el, container) == markup._inside(ref_bl, ref_el, container)
            verdict = markup.Judgement(reasons, [0.5] * len(bl), [i % 3 == 0 for i in range(len(bl))], container)
            rows = block_model.block_rows(blocks.PageTree(bl, el, tree.hints), verdict, [0.25] * len(bl))
            want = block_model._block_rows_reference(blocks.PageTree(ref_bl, ref_el, tree.hints), verdict, [0.25] * len(bl))
            assert rows.tobytes() == want.tobytes()
        assert fast.card_shapes(bl, el) == cards.card_shapes(ref_bl, ref_el)
        assert fast.caption_blocks(bl, el, 10**9) == captions._caption_blocks(ref_bl, ref_el, 10**9)
        c_reasons, py_reasons = list(reasons), list(reasons)
        fast.boxes_beside_story(bl, el, c_reasons, beside, 0, blocks.MAIN_TAGS)
        markup._boxes_beside_story(ref_bl, ref_el, py_reasons, beside, 0)
        assert c_reasons == py_reasons
        if el and bl:
            with pytest.raises(TypeError):
                fast.mark_reasons(ref_bl, ref_el, _marks())
            with pytest.raises(TypeError):
                fast.readable_text(ref_bl, ref_el, reasons)
        compared += bool(el)
    assert compared > 5


def test_descent_takes_the_first_of_equal_children(fast):
    from ghirbal.html.blocks import Element

    elements = [Element("div", -1), Element("p", 0), Element("p", 0), Element("div", -1), Element("b", 2)]
    for good in ([10, 5, 5, 0, 5], [10, 4, 6, 10, 6], [0, 0, 0, 0, 0], [7, 7, 0, 0, 0]):
        for share in (0.0, 0.5, 1.0):
            assert fast.descend(elements, good, 10, share) == markup._descend(elements, good, 10, share)
    assert fast.descend([], [], 5, 0.5) == markup._descend([], [], 5, 0.5) == -1


def test_card_shapes_with_more_tags_than_a_machine_word(fast):
    html = "<div>" + "".join(f"<x-t{i} role='navigation'><p><a href='/{i}'>item {i}</a></p></x-t{i}>" for i in range(100)) + "</div>"
    tree = read_tree(html)
    got = fast.card_shapes(tree.blocks, tree.elements)
    assert got == cards.card_shapes(tree.blocks, tree.elements)
    assert max(got[2]).bit_length() > 64
    for least, run in ((1, 2), (2, 1), (1, 100)):
        assert fast.card_runs(tree.blocks, tree.elements, least, run) == cards._card_runs(tree.blocks, tree.elements, least, run)


def test_any_key_in_matches_the_plain_search(fast):
    keys = hints._script_date_keys_ascii()
    assert fast.any_key_in(b"", keys) is False and fast.any_key_in(b"pub", keys) is False
    for key in keys:
        for data in (key, b"x" + key, key + b"\"", b"<script>" * 50 + key[:-1] + b"</script>", key[1:]):
            assert fast.any_key_in(data, keys) == any(k in data for k in keys), data
    assert fast.any_key_in(b"abcabc", (b"ab",)) and not fast.any_key_in(b"abcabc", (b"ba", b"cc"))  # short keys
    assert fast.any_key_in(b"a needle", (b"needle",)) and not fast.any_key_in(b"a needl", (b"needle",))
    assert fast.any_key_in(b"x", ()) is False
    for data, some in _random_searches(random.Random(9), b"datePublishd_ \"\\:0123", 4):
        _as_the_plain_search(fast, data, some)
    for html in _wcxb_pages(17):
        _as_the_plain_search(fast, html.encode("utf-8"), keys)


def test_keys_sharing_first_bytes_are_found_as_by_the_plain_search(fast):
    """Keys that share their first bytes (the script date keys after their quote, "schema.org/<type>")
    are searched from one of those bytes (`_passes._prefix_search`): the same answers as `in`, found or
    not, at the data's very start and end, with the bytes in runs and keys prefixes of one another."""
    keys = (b'"pub', b'"pubDate', b'"date_p')
    for data in (b'"', b'""pub', b'x"pubDat', b'"pubDate', b'""""date_p', b'"dat"pu"pub', b'"date_'):
        _as_the_plain_search(fast, data, keys)
    rng = random.Random(21)
    for data, some in _random_searches(rng, b'"pubDate_ x', 5):
        for shared in (b'"', b'sc.o/'):  # (the rarest shared byte in the data is looked for: any of them)
            led = tuple(shared + k for k in some)
            _as_the_plain_search(fast, data.replace(b"x", shared, rng.randrange(3)), led)
    keys = (b"schema.org/QAPage", b"schema.org/Product")
    for filler in (b"s", b".", b"/", b"schema.org/", b"x"):  # past the sample, which sets the byte
        for tail in (b"", b"schema.org/QAPage", b"schema.org/QAPag", b"xschema.org/Product"):
            data = filler * 5000 + tail
            assert fast.keys_in(data, keys) == tuple(k in data for k in keys), (filler, tail)
            assert fast.any_key_in(tail + filler * 5000, keys) == any(k in tail for k in keys)


def _as_the_plain_search(fast, data: bytes, keys: tuple[bytes, ...]) -> None:
    """`any_key_in` and `keys_in` answer as `in` does, for one data and its keys."""
    assert fast.any_key_in(data, keys) == any(k in data for k in keys), (data, keys)
    assert fast.keys_in(data, keys) == tuple(k in data for k in keys), (data, keys)


def _random_searches(rng: random.Random, alphabet: bytes, most_keys: int):
    """2,000 (data, keys) pairs of random bytes over `alphabet`: texts of up to 59 bytes, 1 to
    `most_keys` - 1 keys of 4-6 bytes each (so that keys are often found, often not)."""
    for _ in range(2000):
        data = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        keys = tuple(bytes(rng.choice(alphabet) for _ in range(rng.randrange(4, 7)))
                     for _ in range(rng.randrange(1, most_keys)))
        yield data, keys


def test_keys_in_marks_each_key_the_plain_search_finds(fast):
    """`keys_in`: every key found in the one pass, not only the first (keys that are prefixes of one
    another, a key found twice, short keys, random bytes, real pages)."""
    keys = (b"schema.org/Product", b"schema.org/ProductGroup", b"schema.org/QAPage")
    for data in (b"", b"x", b"<a itemtype='schema.org/ProductGroup'>schema.org/QAPage", b"schema.org/Produc",
                 b"schema.org/QAPage schema.org/QAPage", b"schema.org/Product" * 3):
        assert fast.keys_in(data, keys) == tuple(k in data for k in keys), data
    assert fast.keys_in(b"abcab", (b"ab", b"x", b"ca")) == (True, False, True)  # short keys
    assert fast.keys_in(b"x", ()) == ()
    for data, some in _random_searches(random.Random(13), b"schema.org/QAPd \"", 5):
        _as_the_plain_search(fast, data, some)
    for html in _wcxb_pages(17):
        _as_the_plain_search(fast, html.encode("utf-8"), keys)


def test_tag_starts_matches_its_reference(fast):
    """`tag_starts`: the offsets of "<h1", or on a page without one those of "<H1", as
    `product._tag_starts_reference` finds them (edges, random bytes, real pages)."""
    from ghirbal.html.product import _tag_starts_reference

    for data in (b"", b"<", b"<h", b"<h1", b"x<h1<h1", b"<H1><h1>", b"<H1>a<H1", b"<<h1<H<h", b"ab<h2<h1"):
        assert fast.tag_starts(data, b"<h1", b"<H1") == _tag_starts_reference(data, b"<h1", b"<H1"), data
    assert fast.tag_starts(b"<H1 x <h1", b"<h1", b"<H1") == [6]
    assert fast.tag_starts(b"<H1 x <H1", b"<h1", b"<H1") == [0, 6]
    with pytest.raises(ValueError):
        fast.tag_starts(b"x", b"<h1", b"<H")
    rng = random.Random(5)
    for _ in range(2000):
        data = bytes(rng.choice(b"<hH1 ") for _ in range(rng.randrange(0, 40)))
        assert fast.tag_starts(data, b"<h1", b"<H1") == _tag_starts_reference(data, b"<h1", b"<H1"), data
    for html in _wcxb_pages(17):
        data = html.encode("utf-8")
        assert fast.tag_starts(data, b"<h1", b"<H1") == _tag_starts_reference(data, b"<h1", b"<H1")


def test_utf8_valid_is_the_strict_decoders_verdict(fast):
    from ghirbal.html.decode import plain_utf8

    def decodes(data: bytes) -> bool:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True

    # Lead bytes at the edges of each range, with the continuation bytes at theirs: overlong forms,
    # surrogates, past U+10FFFF, cut sequences, after and before runs of ASCII (the 32- and eight-byte
    # steps) of each length.
    edges = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
             0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
    rng = random.Random(5)
    cases = [bytes(t) for k in range(1, 4) for t in itertools.product(edges, repeat=k)]
    cases += [bytes(rng.choice(edges) for _ in range(4)) for _ in range(20000)]
    cases += [b"a" * rng.randrange(0, 70) + c + b"b" * rng.randrange(0, 40) for c in cases[::7]]
    cases += [h.encode("utf-8") for h in _wcxb_pages(29)] + ["\U0010FFFF\ud7ff\ue000".encode("utf-8")]
    for data in cases:
        assert fast.utf8_valid(data) == decodes(data), data
    assert plain_utf8("page".encode("utf-8")) and not plain_utf8(b"\xef\xbb\xbfpage") and not plain_utf8(b"pa\x00ge")
    assert not plain_utf8(b"caf\xe9")


_LAZY_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)  # what script_spans finds


def test_script_spans_are_the_lazy_patterns_groups():
    cases = [
        "", "<script>a</script>", "<SCRIPT type='x'>a</Script ><script>b</script\n>", "<script>never closed",
        "<script>a<script>b</script>c</script>", "<scripts>x</script>", "<script/>y</script>", "<script\n>z</script>",
        "<script>a</scriptx></script>", "<script>a</script", "<script>a</script >tail<script>unclosed",
        "<script src='<x>'>q</script>", "<script>\u0130\u017ftr</script>", "<scr<script>ipt>w</script>",
        "x<script>1</script><script>2</SCRİPT><script>3</ſcript>",
    ]
    rng = random.Random(3)
    pieces = ["<script", "<SCRIPT", ">", "</script", "</script>", "</script  >", " ", "a", "\"", "s", "<", "/"]
    cases += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30))) for _ in range(3000)]
    cases += _wcxb_pages(23)
    for source in cases:
        assert list(hints.script_spans(source)) == [m.span(1) for m in _LAZY_SCRIPT.finditer(source)], source[:200]


def test_script_key_spans_match_their_python_version(fast, monkeypatch):
    keys = hints._script_date_keys()
    assert keys and all('"' not in k for k in keys)
    cases = [
        "", '<script>"datePublished":"2020-01-02"</script>', '<script>datePublished</script>',
        '<SCRİPT a=1>"pubDate</SCRİPT>', '<script>"pubDat</script>"pubDate', '<scriptx>"pubDate"</script>',
        '<script>"publishDate</script\u2003>', '<script>"publishDate</script\u3000x>',
        '<script>"date_posted"</script', '<script\u00e9>"datePosted"</script>', '<script_>"datePosted"</script>',
        '\u0663<script>"\u0663datePosted"</script><script>"datePosted"</script>', '<script>\U0001F600"pubDate"</script>',
    ]
    rng = random.Random(5)
    pieces = ["<script", "<SCRIPT", "<ſcript", ">", "</script", "</script>", "</script  >", " ", "a", '"', "s", "<",
              "/", "\u0130", "\U0001F600", "\u00e9"] + ['"' + k for k in keys] + [k[:5] for k in keys]
    cases += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40))) for _ in range(4000)]
    cases += _wcxb_pages(23) + _arabic_pages()
    with_key = 0
    for source in cases:
        spans = list(hints._script_key_spans(source, keys))
        assert spans == list(hints._script_key_spans_reference(source, keys)), source[:200]
        with_key += bool(spans)
        if spans:  # resumed from the end of a span with a key, the search finds the next one
            assert fast.next_script_key_span(source, keys, 0)[:2] == spans[0]
    assert with_key > 100
    for bad in (("",), ("\u00e9d",)):
        with pytest.raises(ValueError):
            fast.next_script_key_span('<script>"x</script>', bad, 0)


def test_any_digit_is_str_isdigit_on_every_character(fast):
    """html/_passes.pyx any_digit against `any(ch.isdigit() for ch in text)`: every code point alone,
    in the three string widths, and dev page lines."""
    from ghirbal.html.head_date import any_digit_reference, digit_test

    assert digit_test() is fast.any_digit
    digits = 0
    for c in range(0x110000):
        ch = chr(c)
        want = ch.isdigit()
        digits += want
        assert fast.any_digit(ch) == want, hex(c)
        assert fast.any_digit("ab" + ch + "\u0627") == want  # a 2-byte string
        assert fast.any_digit(ch + "\U0001F600") == want  # a 4-byte string
    assert digits > 700 and not fast.any_digit("")
    for html in _wcxb_pages(5) + _arabic_pages():
        for b in read_tree(html).blocks:
            assert fast.any_digit(b.text) == any_digit_reference(b.text)


def test_card_runs_match_their_python_version_on_random_trees(fast):
    """The card runs grouped in C (sorted by parent, tag and shape; at most 64 tags) and by a dict
    (more tags) against cards._card_runs, on random trees of repeated cards: the same runs, members
    and order."""
    rng = random.Random(11)
    tags = ["div", "li", "section", "article", "span", "p"]

    def card(depth: int, extra: list[str]) -> str:
        tag = rng.choice(tags + extra)
        inner = "".join(card(depth + 1, extra) for _ in range(rng.randint(0, 3))) if depth < 4 else ""
        text = rng.choice(["", "words here", "<a href='/x'>a link</a>", "<a href='/y'>one</a> and text"])
        attrs = " role='navigation'" if tag.startswith("x-") else ""  # (a mark makes a custom element one)
        return f"<{tag}{attrs}>{text}{inner}</{tag}>"

    runs_seen = wide = with_empty = 0
    for trial in range(60):
        extra = [f"x-t{i}" for i in range(90)] if trial % 3 == 0 else []
        html = "<body>" + "".join(card(0, extra) for _ in range(rng.randint(1, 12))) + "</body>"
        tree = read_tree(html)
        wide += len({el.tag for el in tree.elements}) > 64
        for least, run in ((1, 2), (2, 2), (1, 1), (0, 1), (3, 3)):
            want = cards._card_runs(tree.blocks, tree.elements, least, run)
            assert fast.card_runs(tree.blocks, tree.elements, least, run) == want
            runs_seen += len(want)
            # with some elements holding an empty link (`RawHints.empty_links`, an overlay link)
            empty = [e for e in range(len(tree.elements)) if rng.random() < 0.3]
            want = cards._card_runs(tree.blocks, tree.elements, least, run, empty)
            assert fast.card_runs(tree.blocks, tree.elements, least, run, empty) == want
            assert fast.card_shapes(tree.blocks, tree.elements, empty) == cards.card_shapes(tree.blocks, tree.elements, empty)
            with_empty += want != cards._card_runs(tree.blocks, tree.elements, least, run)
    assert runs_seen > 100 and wide >= 3 and with_empty > 10
    assert fast.card_runs([], [], 1, 2) == []


def test_offer_rows_match_their_python_version_on_random_cards(fast):
    """`_passes.offer_rows` against `offers.offer_rows` on random runs of cards, some holding a heading,
    a long block, both or neither, at the edges of the block length."""
    rng = random.Random(16)
    heads = frozenset(HTML_CFG["card_heading_tags"])
    pieces = ["<h3>A name</h3>", "<h2><span>A name</span></h2>", "<p>" + "x" * 59 + "</p>", "<p>" + "y" * 60 + "</p>",
              "<div><p>" + "z" * 80 + "</p></div>", "<span>short</span>", "<h1>" + "w" * 70 + "</h1>"]
    both = neither = 0
    for _ in range(80):
        cards_html = "".join(f"<li><a href='/{i}'>{''.join(rng.sample(pieces, rng.randint(1, 3)))}</a></li>"
                             for i in range(rng.randint(2, 6)))
        tree = read_tree(f"<body><p>before</p><ul>{cards_html}</ul><ul>{cards_html}</ul></body>")
        runs = cards._card_runs(tree.blocks, tree.elements, 1, 2)
        for least in (59, 60, 61, 0):
            got = fast.offer_rows(tree.blocks, tree.elements, runs, heads, least)
            assert got == offers.offer_rows(tree.blocks, tree.elements, runs, heads, least)
            both += sum(got)
            neither += len(got) - sum(got)
    assert both > 20 and neither > 20
    assert fast.offer_rows([], [], [], heads, 60) == []


def test_headline_runs_match_their_python_version(fast):
    """The runs of linked headings grouped in C (sorted by depth, parent and tag) against
    listing._headline_runs, on random blog indexes (items holding one, two or no linked heading, some
    headings dropped by the markup) and on dev pages: the same runs, members and order."""
    rng = random.Random(17)
    heading_tags = frozenset(HTML_CFG["card_heading_tags"])

    def item() -> str:
        tag = rng.choice(["article", "div", "li", "section"])
        heads = "".join(f"<{h}><a href='/{rng.random()}'>{rng.choice(['A post', 'x'])}</a>{rng.choice(['', ' and words'])}</{h}>"
                        for h in rng.choices(["h2", "h3"], k=rng.choice([0, 1, 1, 1, 2])))
        inner = f"<div>{heads}</div>" if rng.random() < 0.3 else heads
        return f"<{tag}>{inner}<p>{rng.choice(['', 'a line'])}</p></{tag}>"

    found = 0
    for _ in range(150):
        html = "<body>" + "".join(f"<main>{''.join(item() for _ in range(rng.randint(0, 9)))}</main>"
                                  for _ in range(rng.randint(1, 3))) + "</body>"
        tree = read_tree(html)
        for reasons in ([None] * len(tree.blocks), [rng.choice([None, None, "nav"]) for _ in tree.blocks]):
            for share, depth, run in ((HTML_CFG["block_link_share"], HTML_CFG["block_list_heading_depth"], 3),
                                      (0.0, 1, 2), (1.0, 4, 1), (0.5, 0, 1)):
                args = (tree.blocks, tree.elements, reasons, heading_tags, share, depth, run)
                want = listing._headline_runs(*args)
                assert fast.headline_runs(*args) == want
                found += len(want)
    assert found > 100
    for html in _wcxb_pages(11):
        tree = read_tree(html)
        reasons = markup._mark_reasons(tree.blocks, tree.elements, _marks())
        args = (tree.blocks, tree.elements, reasons, heading_tags, HTML_CFG["block_link_share"],
                HTML_CFG["block_list_heading_depth"], HTML_CFG["card_min_run"])
        assert fast.headline_runs(*args) == listing._headline_runs(*args)
    assert fast.headline_runs([], [], [], heading_tags, 0.5, 3, 3) == []
