"""The learned markup correction (`html.block_model`): its rows, its use, its training."""

from __future__ import annotations

import dataclasses

from importlib import resources

import numpy as np
import orjson
import pytest

import ghirbal.config
from ghirbal import html as H
from ghirbal.html.block_model import FEATURES, block_model, block_rows, corrected
from ghirbal.html.blocks import MAIN_TAGS, read_tree
from ghirbal.html.markup import judge
from ghirbal.linemodel import LineModel

CFG = ghirbal.config.default()

PAGE = """<html><body><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
<div class="wrap"><main><article class="entry-content"><h1>Bridge reopens after repairs</h1>
<p>The old bridge over the river reopened on Friday after eight months of repairs to its stone arches.</p>
<p>Engineers replaced the worn supports and added a footpath, the council said in a statement.</p>
<ul><li>Cost: two million</li><li>Length: 120 metres</li></ul>
<table><tr><td>Open daily</td><td>6:00 to 22:00</td></tr></table></article>
<div class="sidebar widget"><h3>Most read</h3><p><a href="/a">Storm warning for the coast this weekend</a></p></div>
</main></div><footer><p>Contact the newsroom</p></footer></body></html>"""


def reference_rows(tree, verdict, logits):
    """The rows as the feature list defines them, block by block, walking each block's path."""
    blocks, elements = tree.blocks, tree.elements
    n, total = len(blocks), sum(b.chars for b in blocks) or 1
    c = verdict.container
    out = []
    for i, b in enumerate(blocks):
        path = b.path
        tags = [elements[e].tag for e in path]
        near = [j for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < n]
        out.append([
            logits[i], logits[i - 1] if i else 0.0, logits[i + 1] if i + 1 < n else 0.0,
            c >= 0, verdict.inside[i], len(path) - 1 - path.index(c) if c >= 0 and c in path else -1,
            elements[c].chars / total if c >= 0 else 0.0,
            b.link_chars / max(b.chars, 1), b.links, np.log1p(b.chars), len(path),
            b.tag in ("h1", "h2", "h3", "h4", "h5", "h6"), b.tag == "li", b.tag in ("td", "th"), b.tag == "p",
            b.tag in ("div", "span"), b.tag == "a",
            any(elements[e].main for e in path), any(elements[e].main and elements[e].tag not in MAIN_TAGS for e in path),
            any(elements[e].weak for e in path), "ul" in tags or "ol" in tags, "table" in tags,
            i / n, sum(x.chars for x in blocks[:i]) / total, verdict.adjust[i],
            sum(verdict.reasons[j] is not None for j in near) / max(len(near), 1),
        ])
    return np.asarray(out, dtype=np.float64)


@pytest.mark.parametrize("html", [PAGE, "<body><p>One line only, nothing else on the page at all.</p></body>",
                                  "<body><div><p>First</p><p>Second</p></div></body>"])
def test_rows_are_the_features_block_by_block(html):
    tree = read_tree(html)
    verdict = judge(tree, CFG["html"])
    logits = np.linspace(-2, 2, len(tree.blocks))
    rows = block_rows(tree, verdict, logits)
    assert rows.shape == (len(tree.blocks), len(FEATURES))
    assert np.allclose(rows, reference_rows(tree, verdict, logits))


def test_the_packaged_model_corrects_kept_blocks_only():
    model = block_model("")
    assert model is not None and block_model("none") is None
    tree = read_tree(PAGE)
    verdict = judge(tree, CFG["html"])
    logits = np.zeros(len(tree.blocks))
    out = corrected(model, tree, verdict, logits, 2.0)
    dropped = [i for i, r in enumerate(verdict.reasons) if r is not None]
    kept = [i for i, r in enumerate(verdict.reasons) if r is None]
    assert dropped and kept
    assert np.all(out[dropped] == 0.0)
    assert np.any(out[kept] != 0.0)
    # The story's paragraphs inside the declared body are corrected towards body more than the sidebar's link.
    by_text = {b.text: i for i, b in enumerate(tree.blocks)}
    story = by_text["The old bridge over the river reopened on Friday after eight months of repairs to its stone arches."]
    side = by_text["Storm warning for the coast this weekend"]
    assert out[story] > out[side]
    # Lines held to the line model's verdict (the head, date stamps) are not corrected.
    fixed = [i == story for i in range(len(tree.blocks))]
    held = corrected(model, tree, verdict, logits, 2.0, fixed)
    assert held[story] == 0.0 and np.array_equal(np.delete(held, story), np.delete(out, story))


def test_the_head_and_the_fields_are_the_line_models():
    """The correction leaves the head (above the container's first prose line) and date stamps alone:
    the title, byline and date read there are the same with the model as without it."""
    html = PAGE.replace("<h1>Bridge reopens after repairs</h1>",
                        "<h1>Bridge reopens after repairs</h1><div>By Anna Berg</div><div>March 3, 2025</div>")
    on = H.clean(html, "https://news.example/bridge")
    cfg = {**CFG, "html": {**CFG["html"], "block_model": "none"}}
    off = H.clean(html, "https://news.example/bridge", config=cfg)
    assert (on.title, on.author, on.published) == (off.title, off.author, off.published)
    assert on.published == "2025-03-03" and on.title == "Bridge reopens after repairs"


def test_switching_the_model_off_changes_only_the_scores():
    on = H.clean(PAGE, "https://news.example/bridge")
    cfg = {**CFG, "html": {**CFG["html"], "block_model": "none"}}
    off = H.clean(PAGE, "https://news.example/bridge", config=cfg)
    assert [ln.text for ln in on.lines] == [ln.text for ln in off.lines]
    assert "The old bridge over the river reopened on Friday after eight months of repairs to its stone arches." in on.body


def test_training_learns_the_correction_the_rows_teach():
    """Rows whose `inside` flag is set are body more often than their line log-odds say: the trained
    (and packed) correction is higher inside than outside. (Training needs lightgbm, a dev dependency.)"""
    from ghirbal.html.train_blocks import fit

    rng = np.random.default_rng(0)
    pages = []
    for p in range(40):
        rows = np.zeros((60, len(FEATURES)))
        rows[:, FEATURES.index("inside")] = rng.integers(0, 2, 60)
        rows[:, FEATURES.index("log_chars")] = rng.uniform(1, 6, 60)
        init = rng.normal(0, 1, 60)
        rows[:, 0] = init
        labels = (rng.uniform(0, 1, 60) < np.where(rows[:, FEATURES.index("inside")] > 0, 0.9, 0.2)).astype(float)
        pages.append((f"site{p % 8}", rows, init, labels, np.full(60, 1 / 60)))
    packed = fit(pages, trees=20, depth=3)
    lo, hi = packed["info"]["logit_range"]  # the rows' log-odds, 0.1 and 99.9 percentiles (`_fade`)
    assert -3.5 < lo < -2.5 and 2.5 < hi < 3.5
    model = LineModel(packed, features=FEATURES)
    probe = np.zeros((2, len(FEATURES)))
    probe[1, FEATURES.index("inside")] = 1
    low, high = model.logits(probe)
    assert high - low > 1.0


def test_compiled_block_rows_match_their_python_version_on_dev_pages():
    """html/_passes.pyx block_rows (C loops) against `_block_rows_reference` (numpy columns): the same
    float64 bits, on dev pages under several containers, with every flag and tag column at work."""
    from ghirbal.html import blocks
    from ghirbal.html.block_model import _TAG_TABLE, _block_rows_reference
    from tests.test_html_fast_walk import _MARKUP_PAGE, _arabic_pages, _wcxb_pages, need_built

    need_built(blocks._compiled_passes, "the compiled passes (html/_passes.pyx)")
    rng = np.random.default_rng(7)
    pages = _wcxb_pages(11) + _arabic_pages() + [_MARKUP_PAGE, PAGE, "<p>One</p>", "<p>One</p><p>Two</p>"]
    flags_seen = np.zeros(5, dtype=bool)
    tags_seen = np.zeros(len(_TAG_TABLE) - 1, dtype=bool)
    compared = 0
    for html in pages:
        tree = read_tree(html)
        verdict = judge(tree, CFG["html"])
        n, el = len(tree.blocks), tree.elements
        for container in sorted({verdict.container, -1, 0, len(el) // 2, len(el) - 1} if el else {-1}):
            v = dataclasses.replace(verdict, container=container)
            for logits in (rng.normal(size=n), list(np.linspace(-3, 3, n))):
                got, want = block_rows(tree, v, logits), _block_rows_reference(tree, v, logits)
                assert got.dtype == want.dtype and got.shape == want.shape
                assert got.tobytes() == want.tobytes()  # bit for bit
                compared += 1
                if n:
                    flags_seen |= want[:, 17:22].any(axis=0)
                    tags_seen |= want[:, 11:17].any(axis=0)
    assert compared > 100 and flags_seen.all() and tags_seen.all()
    tree = read_tree(PAGE)
    verdict = judge(tree, CFG["html"])
    with pytest.raises(ValueError):  # one log-odds per block
        blocks._compiled_passes.block_rows(np.zeros((len(tree.blocks), len(FEATURES))), tree.blocks, tree.elements,
                                           verdict.container, verdict.inside, verdict.adjust, verdict.reasons,
                                           np.zeros(len(tree.blocks) + 1), {}, MAIN_TAGS)


def test_the_tag_columns_are_the_block_tags():
    from ghirbal.html.block_model import _TAG_CODE, _TAG_TABLE

    columns = FEATURES[FEATURES.index("heading"):FEATURES.index("link_block") + 1]
    expect = {"h2": "heading", "li": "list_item", "th": "table_cell", "p": "paragraph", "span": "div_or_span",
              "a": "link_block"}
    for tag, name in expect.items():
        assert [columns[k] for k in np.flatnonzero(_TAG_TABLE[_TAG_CODE[tag]])] == [name]
    assert not _TAG_TABLE[_TAG_CODE.get("section", 0)].any()


def test_a_page_whose_markup_says_nothing_gets_no_correction_even_with_held_lines():
    """Plain lines in table rows (no container, no mark, no link): the log-odds come back as they went
    in, whatever lines are held to the line model's verdict."""
    rows = "".join(f"<tr><td>Line {i} of a plain old page, with a few words on it.</td></tr>" for i in range(12))
    tree = read_tree(f"<body><table>{rows}</table></body>")
    verdict = judge(tree, CFG["html"])
    assert verdict.container < 0 and all(r is None for r in verdict.reasons)
    logits = np.linspace(-1, 1, len(tree.blocks))
    fixed = [i == 3 for i in range(len(tree.blocks))]
    assert np.array_equal(corrected(block_model(""), tree, verdict, logits, 2.0, fixed), logits)


def _shell(lines: list[str], layout: str) -> str:
    """The seed page's lines laid out as `bench/arabic_html_layouts.py` lays out the Arabic dev pages."""
    from html import escape

    paras = "".join(f"<p>{escape(ln)}</p>" for ln in lines if ln.strip())
    menu = "<ul>" + "".join(f"<li><a href='/{i}'>{w}</a></li>" for i, w in enumerate(
        ["الرئيسية", "أخبار محلية", "عربي ودولي", "اقتصاد", "رياضة", "ثقافة وفنون", "منوعات"])) + "</ul>"
    body = {
        "shell": f"<header><a href='/'>شبكة الأخبار</a><nav>{menu}</nav></header><main>{paras}</main>"
                 f"<aside><h3>الأكثر قراءة</h3>{menu}</aside><footer><p>جميع الحقوق محفوظة</p>{menu}</footer>",
        "article": f"<article>{paras}</article>",
        "menu cell": f"<table><tr><td>{menu}</td><td>{paras}</td></tr></table>",
    }[layout]
    return f"<html lang='ar' dir='rtl'><head><meta charset='utf-8'></head><body>{body}</body></html>"


@pytest.mark.parametrize("layout", ["shell", "article", "menu cell"])
def test_the_seed_page_in_a_site_shell_keeps_its_fields(seed_text, layout):
    """The seed page's lines in a site's shell (its container holds all the readable text): the
    correction leaves the head lines the line model is sure of (the headline, the caption, the byline
    "موسكو - حسن عمارة") alone, so the title, author and dateline are the text path's. (Before, the
    correction made the head body lines: title "مصر اليوم -", author and dateline None.)"""
    import ghirbal

    text = ghirbal.clean(seed_text)
    assert (text.author, text.dateline) == ("حسن عمارة", "موسكو")
    page = _shell(seed_text.split("\n"), layout)
    got = H.clean(page.encode())
    assert (got.title, got.author, got.dateline) == (text.title, text.author, text.dateline)
    assert got.captions == ["الرئيس الروسي فلاديمير بوتين"]
    assert "كشف يوري أوشاكوف" in got.body and "مصر اليوم -" not in got.body
    # Without the held head the correction takes it (the model is on in both: this is what holds it).
    cfg = {**CFG, "html": {**CFG["html"], "block_model_head_lines": 0}}
    assert H.clean(page.encode(), config=cfg).author is None


def test_the_correction_fades_beyond_the_log_odds_it_was_trained_on():
    """Within the line model's log-odds the trees saw (`info["logit_range"]`) a line gets all of the
    correction, `fade` log-odds beyond none, in a straight line between; a model without the range
    gets it all."""
    from ghirbal.html.block_model import _fade

    model = block_model("")
    lo, hi = model.info["logit_range"]
    assert -6 < lo < -3 < 2 < hi < 5
    lg = np.array([lo - 3, lo - 1, lo, 0.0, hi, hi + 0.5, hi + 2, hi + 10])
    assert np.allclose(_fade(model, lg, 2.0), [0, 0.5, 1, 1, 1, 0.75, 0, 0])
    assert np.all(_fade(model, lg, 0.0) == 1.0)
    data = orjson.loads(resources.files("ghirbal.html").joinpath("block_model.json").read_bytes())
    data["info"].pop("logit_range")
    assert np.all(_fade(LineModel(data, features=FEATURES), lg, 2.0) == 1.0)


def test_lines_the_line_model_is_surer_of_than_any_training_line_keep_their_verdict():
    """A menu's lines in the container (the "menu cell + lines cell" layout of the Arabic bench): at
    log-odds of -8 the trees never saw a line, and the correction (+3 to +5 there before) is none."""
    lines = [f"سطر رقم {i} في قائمة الموقع" for i in range(20)]
    tree = read_tree(_shell(lines, "menu cell"))
    verdict = judge(tree, CFG["html"])
    assert verdict.container >= 0
    model = block_model("")
    logits = np.full(len(tree.blocks), -8.0)
    out = corrected(model, tree, verdict, logits, 2.0, fade=2.0)
    assert np.array_equal(out, logits)
    unfaded = corrected(model, tree, verdict, logits, 2.0)
    assert (unfaded[[r is None for r in verdict.reasons]] > logits[0] + 1).all()


def test_training_rows_judge_a_page_with_the_kinds_the_cleaning_pass_reads(tmp_path, monkeypatch):
    """`train_blocks.labelled_blocks` hands `article_and_feats` what the hints say the page is as
    `html.clean` does (`html.page_kinds`): a declared thread's replies and a dated page's toggles are
    judged alike in the training rows and in the cleaning pass."""
    import gzip

    from ghirbal.html import train_blocks

    hints = H.HtmlHints()
    hints.thread, hints.qa, hints.product = True, False, False
    page = "<html><body><article><p>" + "word " * 40 + "</p></article></body></html>"
    (tmp_path / "p.html.gz").write_bytes(gzip.compress(page.encode()))
    tree, _ = H.read(page)
    seen = {}
    monkeypatch.setattr(train_blocks, "read", lambda raw, config: (tree, hints))
    monkeypatch.setattr(train_blocks, "article_from_tree", lambda *a, **kw: seen.update(kw))
    train_blocks.labelled_blocks({"gold": {"body": "word"}, "html": "p.html.gz"}, tmp_path, ghirbal.config.default())
    assert {k: seen[k] for k in H.page_kinds(hints)} == H.page_kinds(hints)
    assert seen["thread"] is True and seen["dated"] is (hints.published is not None)
