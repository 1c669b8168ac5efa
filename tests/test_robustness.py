"""Inputs that once broke something: each is a regression test with a check that could fail."""

from __future__ import annotations

import orjson
import pytest

import ghirbal
from ghirbal import config
from ghirbal.language import detect_language
from ghirbal.model import Line

STORY = [
    "Home is where the council met on Tuesday, and members argued for hours about the new budget for schools, "
    "roads and parks before the vote.",
    "Phone companies will pay a new tax under the plan, which officials said would raise money for rural "
    "broadband over the next five years.",
    "Updated figures released by the city show that spending on repairs rose by a fifth last year, the largest "
    "rise in a decade.",
    "The mayor said the plan was fair and thanked the residents who had written to the council during the summer.",
]


def test_a_long_paragraph_is_never_taken_for_a_cue_line():
    art = ghirbal.clean("\n".join(["Council approves the budget", ""] + STORY))
    assert art.paragraphs == STORY


def test_cr_only_line_endings_with_over_long_lines():
    page = "x" * 100_001 + "\r" + "y" * 100_001 + "\r" + "\r".join(STORY)
    art = ghirbal.clean(page)
    assert len(art.lines) == 2 + len(STORY)
    assert [ln.reason for ln in art.lines[:2]] == ["too-long", "too-long"]
    assert art.paragraphs == STORY


def test_a_page_within_the_line_limit_is_read_unsplit():
    """read_page splits a page into lines only when one may be over the limit (a shorter page is read
    as it is); both ways, every line gets its verdict and the story is the same."""
    from ghirbal.extract import read_page

    page = "\r\n".join(["Council approves the budget", "", *STORY])
    text, raw, too_long = read_page(page, len(page))
    assert raw is None and too_long == [] and text == page.replace("\r\n", "\n")
    text, raw, too_long = read_page(page, 30)
    assert raw == [ln[:30] for ln in text.split("\n")]
    assert too_long == [i for i, ln in enumerate(text.split("\n")) if len(ln) > 30] == [2, 3, 4, 5]
    art = ghirbal.clean(page)
    assert len(art.lines) == 2 + len(STORY) and art.paragraphs == STORY


def test_a_malformed_url_does_not_lose_the_page():
    art = ghirbal.clean("\n".join(STORY), url="http://[::1")
    assert art.paragraphs == STORY


def test_whitespace_only_input_still_has_a_verdict_per_line():
    art = ghirbal.clean("  \n \r\n\t")
    assert art.empty_reason == "empty-input"
    assert [ln.reason for ln in art.lines] == ["blank", "blank", "blank"]


def test_lone_surrogates_do_not_break_the_json_output():
    art = ghirbal.clean("\n".join(STORY) + "\nbroken \ud800 text")
    assert orjson.loads(orjson.dumps(art.to_dict()))["body"]


def test_unicode_separators_are_spaces_not_hidden_line_breaks():
    art = ghirbal.clean("\n".join(s.replace(", ", ",\u2028", 1) for s in STORY))
    assert len(art.lines) == len(STORY)
    assert not any("\u2028" in p for p in art.paragraphs)


def test_arabic_typed_on_a_persian_keyboard_stays_arabic():
    text = "قال الوزير إن الحکومة ستعلن خطة جديدة للنقل العام فی المدن الکبرى خلال الأيام المقبلة." * 5
    assert detect_language(text) == "ar"


def test_keep_clears_an_earlier_drop_detail():
    ln = Line(0, "x")
    ln.drop("headline-list", "also on 3 other pages")
    ln.keep("caption")
    assert ln.to_dict() == {"text": "x", "kept": True, "role": "caption", "reason": None}


@pytest.mark.parametrize("value", ['"8"', "true", "[8]"])
def test_config_values_must_have_the_default_type(tmp_path, value):
    p = tmp_path / "c.toml"
    p.write_text(f"[lines]\nprose_min_words = {value}\n")
    with pytest.raises(config.ConfigError, match="must be int"):
        config.load(p)


def test_an_integer_may_stand_for_a_float(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[lines]\ndate_stamp_share = 1\n")
    assert config.load(p)["lines"]["date_stamp_share"] == 1.0


def test_future_dates_are_not_publication_dates():
    page = "\n".join(["الوزير يفتتح المشروع الجديد", "الوزير يفتتح المشروع الجديد", "12 مارس 2099",
                      "قال الوزير إن المشروع الجديد سيبدأ العمل في الربيع المقبل بعد انتهاء الأعمال الإنشائية في المدينة.",
                      "وأضاف أن الحكومة خصصت ميزانية كبيرة للمشروع الذي سيخدم آلاف المواطنين في المنطقة الشرقية."])
    assert ghirbal.clean(page).published is None
    assert ghirbal.clean(page.replace("2099", "2019")).published == "2019-03-12"
