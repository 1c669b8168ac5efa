"""The HTML title rule (`html.apply._apply_title`) takes each line's key from its features instead of
calling `match_key` again: the two are equal on every line of the dev pages (HTML and text paths),
and for every character but the whitespace `_KEY_ODD_SPACE` names, where the rule keys the lines
itself."""

from __future__ import annotations

import gzip
import json
import unicodedata

import ghirbal.config
from ghirbal import html as H
from ghirbal.extract import page_features
from ghirbal.features import _keys_reference
from ghirbal.html.apply import _KEY_ODD_SPACE
from ghirbal.html.decode import decode_html
from ghirbal.html.tree_path import article_and_feats
from ghirbal.normalize import faithful, match_key, match_keys
from tests.shared_data import dev_set, require


def _wcxb_pages(step: int) -> list[tuple[str, str | None]]:
    set_dir = require(dev_set("wcxb-dev", "docs.jsonl.gz")).parent
    with gzip.open(set_dir / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    docs = [d for d in docs if d.get("html") and (set_dir / d["html"]).exists()][::step]
    return [(decode_html(gzip.decompress((set_dir / d["html"]).read_bytes()))[0], d.get("url")) for d in docs]


def test_line_keys_are_match_keys_on_the_wcxb_html_pages():
    cfg = ghirbal.config.default()
    lines = odd = 0
    for html, url in _wcxb_pages(2):
        tree, hints = H.read(html, config=cfg)
        if tree is None or not tree.blocks:
            continue
        art, feats = article_and_feats(tree, url, cfg, product=hints.product, article_body=hints.ld_article_body)
        assert len(feats) == len(art.lines)
        for ln, f in zip(art.lines, feats):
            assert ln.text == f.text
            if _KEY_ODD_SPACE.search(f.text):
                odd += 1
            else:
                assert f.key == match_key(f.text), f.text
            lines += 1
    assert lines > 50000


def test_line_keys_are_match_keys_on_the_arabic_pages_through_the_text_path():
    path = require(dev_set("arabic-sites-dev"))
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    cfg = ghirbal.config.default()
    n = 0
    for d in docs:
        feats = page_features(d["text"], cfg)[0]
        for f in feats:
            if not _KEY_ODD_SPACE.search(f.text):
                assert f.key == match_key(f.text), f.text
                n += 1
    assert n > 10000


def test_the_keys_differ_only_on_the_odd_spaces():
    """Every BMP character inside a faithful line: the line key (`features`, pure reference; the
    compiled one equals it, test_compiled_core) and `match_key` agree unless the line holds one of
    `_KEY_ODD_SPACE`'s characters, and they do differ on each of those (the guard is needed)."""
    texts = [faithful(f"a{chr(c)}b 1{chr(c)}2") for c in range(1, 0x10000) if not 0xD800 <= c < 0xE000]
    texts += [faithful(f"a{c}b") for c in ("\U0001d7ce", "\U0001f600", "\U00010400")]
    texts = [t for t in texts if "\n" not in t]
    keys = _keys_reference("\n".join(texts))[0]
    assert len(keys) == len(texts)
    differ = {t for t, k, m in zip(texts, keys, match_keys(texts)) if k != m}
    assert all(_KEY_ODD_SPACE.search(t) for t in differ), sorted(differ)[:5]
    for ch in "\r\x1c\x1d\x1e\x1f\u1680":
        assert any(ch in t for t in differ), unicodedata.name(ch, hex(ord(ch)))


def test_clean_keeps_its_title_with_and_without_the_features():
    from ghirbal.html.apply import apply_hints

    cfg = ghirbal.config.default()
    for html, url in _wcxb_pages(7):
        tree, hints = H.read(html, config=cfg)
        if tree is None or not tree.blocks:
            continue
        a, feats = article_and_feats(tree, url, cfg, product=hints.product, article_body=hints.ld_article_body)
        tree, hints = H.read(html, config=cfg)
        b, _ = article_and_feats(tree, url, cfg, product=hints.product, article_body=hints.ld_article_body)
        apply_hints(a, hints, url, config=cfg, feats=feats)
        apply_hints(b, hints, url, config=cfg)
        assert a.to_dict() == b.to_dict()
