"""Language identification: 24 languages, short and long texts, the Arabic-script split, Arabizi,
mixed pages (texts in bench/data/langid_texts.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ghirbal.langid import identify

TEXTS = tomllib.loads((Path(__file__).resolve().parents[1] / "bench" / "data" / "langid_texts.toml").read_text(encoding="utf-8"))
ARABIC_SCRIPT = ("ar", "fa", "ur", "ps", "ckb", "ug")


def test_twenty_languages_long_texts_all_right():
    assert len(TEXTS) >= 20
    wrong = {lang: identify(t["long"]).code for lang, t in TEXTS.items() if identify(t["long"]).code != lang}
    assert wrong == {}


def test_short_texts_mostly_right():
    cases = [(lang, s) for lang, t in TEXTS.items() for s in t["short"]]
    right = sum(1 for lang, s in cases if identify(s).code == lang)
    assert right / len(cases) >= 0.93


def test_arabic_script_split_and_arabizi_on_every_text():
    for lang in ARABIC_SCRIPT + ("ar-Latn",):
        for text in TEXTS[lang]["short"] + [TEXTS[lang]["long"]]:
            r = identify(text)
            assert r.code == lang, (lang, r.code, text)
            assert r.script == ("Latn" if lang == "ar-Latn" else "Arab")
            assert 0 < r.confidence <= 1


def test_mixed_page_reports_main_language_and_shares():
    page = "\n".join([TEXTS["ar"]["long"], TEXTS["ar"]["long"].replace("الحكومة", "الوزارة"), TEXTS["en"]["long"]])
    r = identify(page)
    assert r.code == "ar"
    assert set(r.shares) == {"ar", "en"} and r.shares["ar"] > r.shares["en"] > 0.2
    assert identify(TEXTS["fr"]["long"]).shares == {}


def test_no_letters_is_undetermined():
    r = identify("12345 — 678 / 90")
    assert r.code == "und" and r.confidence == 0.0


def test_lone_surrogates_do_not_break_identification():
    assert identify("hello \udfff world, this is an English sentence about the weather.").code == "en"
