"""The lexicon holds language-level expressions, not one site's chrome."""

from __future__ import annotations

import pytest

from ghirbal.lexicon import CUE_ORDER, read_toml
from ghirbal.normalize import match_key

FILES = ("ar.toml", "en.toml", "fr.toml", "common.toml")


def _phrases(name):
    data = read_toml(name)
    for cat in CUE_ORDER:
        table = data.get("cues", {}).get(cat, {})
        for mode in ("exact", "prefix", "contains"):
            for phrase in table.get(mode, []):
                yield cat, mode, phrase


@pytest.mark.parametrize("name", FILES)
def test_no_glued_labels(name):
    """Two button labels rendered without a space ("نعملا", "privacy noticeterms of use") are one page's
    rendering, not a phrase of the language: no phrase splits, inside a word, into two other phrases."""
    keys = {match_key(p) for f in FILES for _c, _m, p in _phrases(f)} - {""}
    for _cat, _mode, phrase in _phrases(name):
        k = match_key(phrase)
        for i in range(2, len(k) - 1):
            if k[i - 1] != " " and k[i] != " " and k[:i] in keys and k[i:] in keys:
                pytest.fail(f"{name}: {phrase!r} is {k[:i]!r} glued to {k[i:]!r}")


@pytest.mark.parametrize("name", FILES)
def test_no_duplicate_folded_spellings(name):
    """Spelling variants that fold to the same key are one phrase (the folding covers them); a list of
    each variant is what copying pages produces."""
    seen, twins = {}, []
    for cat, mode, phrase in _phrases(name):
        key = (cat, mode, match_key(phrase))
        if match_key(phrase) and phrase.replace(" ", "").isalpha():
            if key in seen:
                twins.append((phrase, seen[key]))
            seen[key] = phrase
    assert not twins, f"{name}: spellings that fold alike: {twins}"


def test_each_file_says_what_belongs_in_it():
    from importlib import resources

    for name in FILES + ("bylines.toml",):
        text = resources.files("ghirbal.lexicon").joinpath(name).read_text("utf-8")
        header = text.split("\n[", 1)[0]
        assert "site" in header and ("never" in header.lower() or "no list" in header.lower()), name


def test_bylines_hold_no_list_of_names():
    assert "given_names" not in read_toml("bylines.toml")
