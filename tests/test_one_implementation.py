"""Issue 10, item 5: one folding, one TOML loader, one trie builder, the site label beside sites/domain,
cues that keep their punctuation, and dev-set tests that fail in CI when the data is missing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ghirbal
from ghirbal import byline, dates
from ghirbal.lexicon import load, loose_key
from ghirbal.normalize import fold, match_key
from ghirbal.sites.domain import site_label

SRC = Path(ghirbal.__file__).resolve().parent


def _cue(lang: str, line: str) -> str | None:
    return load(lang).cues.match(match_key(line), loose_key(line), len(line.split()))


@pytest.mark.parametrize("line,want", [
    ("Related charges dropped against the mayor", None),
    ("Related: Oil prices rise again", "read-also"),
    ("Updated guidance for travellers was issued on Monday", None),
    ("Updated: 12:30 GMT", "clock"),
    ("هاتف آيفون الجديد يصل الأسواق", None),
    ("هاتف: 0123456789", "address"),
])
def test_cues_written_with_punctuation_need_it(line, want):
    lang = "ar" if not line.isascii() else "en"
    assert _cue(lang, line) == want


def test_a_headline_starting_with_a_cue_word_stays_in_the_story():
    page = "\n".join([
        "Related charges dropped against the mayor",
        "The city council said on Monday that all related charges against the mayor had been dropped after a review.",
        "Prosecutors confirmed the decision in a short statement and declined to comment further on the case.",
        "The mayor thanked his supporters and said he would return to work at the start of next week.",
    ])
    lines = ghirbal.clean(page).lines
    assert lines[0].reason != "read-also"


@pytest.mark.parametrize("url,label", [
    ("https://www.egypttoday.com/News/1", "egypttoday"),
    ("https://news.bbc.co.uk/x", "bbc"),
    ("https://www.ahram.org.eg/News/1.aspx", "ahram"),
    ("https://www.example.ac.uk/a", "example"),  # the hand-written suffix list gave "ac"
    ("https://www.cu.edu.eg/a", "cu"),  # ... and "edu" here
    ("https://citynews.example/a", "citynews"),  # not a public suffix: the label before the last
    ("http://192.168.0.1/x", ""),
    ("", ""),
    ("http://[::1", ""),
])
def test_site_label(url, label):
    assert site_label(url) == label


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_the_html_hints_do_not_import_the_text_path():
    for name in ("apply.py", "authors.py", "titles.py", "hints.py"):
        assert "ghirbal.extract" not in _imports(SRC / "html" / name), name
    assert not hasattr(__import__("ghirbal.extract", fromlist=["x"]), "_domain_label")


def _sources():
    return [p for p in SRC.rglob("*.py")]


def test_one_toml_loader():
    users = [p.relative_to(SRC).as_posix() for p in _sources() if "tomllib" in _imports(p)]
    assert users == ["tomlfiles.py"]


def test_one_trie_builder():
    builders = [p.relative_to(SRC).as_posix() for p in _sources() if "node.setdefault(ch" in p.read_text(encoding="utf-8")]
    assert builders == ["trie.py"]


def test_one_arabic_folding():
    # No module but normalize keeps its own table of Arabic letter variants.
    for p in _sources():
        if p.name == "normalize.py":
            continue
        text = p.read_text(encoding="utf-8")
        assert not ('"أ": "ا"' in text or "maketrans({\"أ\"" in text or '"اأإآٱ"' in text), p


@pytest.mark.parametrize("word", ["مؤتمر", "رئيس", "إبراهيم", "مُحَمَّد", "القاهرة", "کتاب", "٢٠٢٤", "على"])
def test_byline_and_dates_fold_as_normalize_does(word):
    assert byline._key(word) == fold(word).replace(" ", "")
    assert byline._wkey(word) == fold(word, alef_only=True)
    assert dates._fold_word(word) == fold(word)


def test_alef_only_folding_keeps_words_apart():
    assert fold("على", alef_only=True) != fold("علي", alef_only=True)
    assert fold("إلى", alef_only=True) == fold("الى", alef_only=True)


def test_dates_match_the_variants_normalize_folds():
    # Written with a hamza on waw/ya or a Persian ya, month and weekday names still parse.
    assert dates.parse_date("الثلاثاء 5 مارس 2024").iso == "2024-03-05"
    assert dates.parse_date("5 يناير 2024").iso == dates.parse_date("5 ینایر 2024").iso == "2024-01-05"


def test_shared_data_is_required_in_ci(monkeypatch, tmp_path):
    from shared_data import require

    missing = tmp_path / "nope" / "docs.jsonl"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        require(missing)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        require(missing)
    assert require(tmp_path) == tmp_path
