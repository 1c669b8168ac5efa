"""ghirbal.dates: table-driven over tests/data/dates.tsv, plus spans, coverage and edge cases."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from shared_data import dev_set, require

from ghirbal.dates import (
    ParsedDate,
    date_coverage,
    find_dates,
    might_contain_date,
    parse_date,
)

DATA = Path(__file__).parent / "data" / "dates.tsv"


DEV = dev_set()


def _rows():
    with DATA.open(encoding="utf-8") as f:
        for n, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or row[0].startswith("#"):
                continue
            text, ref, lang, iso, precision, time = row
            yield pytest.param(text, ref, lang, iso, precision, time, id=f"L{n}")


ROWS = list(_rows())


def test_table_is_big_enough():
    nulls = sum(1 for p in ROWS if p.values[3] == "null")
    assert len(ROWS) - nulls >= 200
    assert nulls >= 30


@pytest.mark.parametrize("text,ref,lang,iso,precision,time", ROWS)
def test_table(text, ref, lang, iso, precision, time):
    got = parse_date(text, ref=datetime.fromisoformat(ref) if ref else None, lang=lang or None)
    if iso == "null":
        assert got is None, got
        return
    assert got is not None
    assert (got.iso, got.precision, got.time or "") == (iso, precision, time)
    assert got.relative == bool(ref)
    assert 0.0 < got.confidence <= 1.0
    assert 0 <= got.start < got.end <= len(text)
    # The span holds the expression itself: no leading/trailing blanks or commas.
    assert text[got.start:got.end] == text[got.start:got.end].strip(" ،,")


# --- spans ---------------------------------------------------------------------------------------


def test_find_dates_spans_point_into_the_original_string():
    text = "GMT 14:17 16.04.2016(محدثة GMT 14:26 16.04.2016) انسخ الرابط"
    a, b = find_dates(text)
    assert text[a.start:a.end] == "GMT 14:17 16.04.2016"
    assert text[b.start:b.end] == "GMT 14:26 16.04.2016"
    assert (a.time, b.time) == ("14:17", "14:26")
    assert a.tz == b.tz == "GMT"


def test_spans_survive_dropped_characters():
    # Tatweel and diacritics are removed by folding; spans must still index the raw text.
    text = "نُشِرَ: الأحـــد، 12 يولـيو 2020 - 10:00 ص ثم حذف"
    (d,) = find_dates(text)
    assert text[d.start:d.end] == "الأحـــد، 12 يولـيو 2020 - 10:00 ص"
    assert (d.iso, d.time) == ("2020-07-12", "10:00")
    hijri = "5 رمضان 1441هـ"
    (h,) = find_dates(hijri)
    assert hijri[h.start:h.end] == hijri  # the tatweel of "هـ" belongs to the span


def test_find_dates_in_prose_in_order():
    text = "وقع الاتفاق في 11 ديسمبر 2017 ثم عدل في 11 أبريل 2018 ونشر في 23/5/2018."
    got = find_dates(text)
    assert [d.iso for d in got] == ["2017-12-11", "2018-04-11", "2018-05-23"]
    assert all(x.end <= y.start for x, y in zip(got, got[1:]))
    assert [text[d.start:d.end] for d in got] == ["11 ديسمبر 2017", "11 أبريل 2018", "23/5/2018"]


def test_year_before_the_weekday():
    text = "GMT 15:16 2025 الأربعاء ,14 أيار / مايو"
    d = parse_date(text)
    assert (d.start, d.end) == (0, len(text))
    assert d.tz == "GMT" and d.calendar == "gregorian"


# --- calendars, zones, confidence ------------------------------------------------------------------


def test_hijri_alone_is_converted_and_marked():
    d = parse_date("5 رمضان 1441هـ")
    assert d.calendar == "hijri" and d.iso == "2020-04-28"


def test_hijri_with_gregorian_prefers_gregorian():
    agree = parse_date("26 ذو الحجة 1437هـ - 29 سبتمبر 2016م")
    assert agree.calendar == "gregorian" and agree.iso == "2016-09-29"
    clash = parse_date("26 ذو الحجة 1437هـ - 29 سبتمبر 2017م")  # a year apart
    assert clash.iso == "2017-09-29"
    assert clash.confidence < agree.confidence - 0.2


def test_weekday_agreement_moves_confidence():
    right = parse_date("الإثنين، 24 أغسطس 2020")
    wrong = parse_date("الثلاثاء، 24 أغسطس 2020")
    plain = parse_date("24 أغسطس 2020")
    assert right.iso == wrong.iso == plain.iso == "2020-08-24"
    assert right.confidence > plain.confidence > wrong.confidence


def test_ambiguous_numeric_is_less_sure():
    assert parse_date("03/04/2020").confidence < parse_date("23/04/2020").confidence


def test_two_digit_year_only_in_numeric_forms():
    assert parse_date("24/8/20").iso == "2020-08-24"
    assert parse_date("24/8/99").iso == "1999-08-24"
    assert parse_date("24 أغسطس 20") is None


@pytest.mark.parametrize(
    "text,tz",
    [
        ("24 أغسطس 2020 10:00 بتوقيت غرينتش", "GMT"),
        ("24 أغسطس 2020 10:00 GMT+3", "GMT+3"),
        ("24 أغسطس 2020 10:00 UTC+03:00", "UTC+3"),
        ("24 أغسطس 2020 10:00 توقيت القاهرة", "Africa/Cairo"),
        ("الجمعة 28 أغسطس 2020 الساعة 11:05 ص بتوقيت مكة المكرمة", "Asia/Riyadh"),
        ("24 أغسطس 2020 10:00", None),
    ],
)
def test_zones(text, tz):
    assert parse_date(text).tz == tz


def test_relative_needs_ref_and_is_marked():
    ref = datetime(2020, 8, 24, 12, 0)
    d = parse_date("منذ 3 ساعات", ref=ref)
    assert d.relative and d.time == "09:00"
    assert parse_date("منذ 3 ساعات") is None
    # In running text "أمس" is relative to the story, not to ref: kept but with low confidence.
    prose = parse_date("وقال الوزير أمس في مؤتمر صحفي عقده في العاصمة إن المفاوضات مستمرة", ref=ref)
    assert prose.relative and prose.confidence < parse_date("أمس", ref=ref).confidence


def test_weak_day_words_need_a_line_of_their_own():
    ref = datetime(2020, 8, 24, 12, 0)
    assert parse_date("اليوم", ref=ref).iso == "2020-08-24"
    assert parse_date("مصر اليوم", ref=ref) is None
    assert parse_date("الصحف اليوم تهتم بالانتخابات التركية ونتائجها", ref=ref) is None


def test_parse_date_prefers_the_more_precise():
    d = parse_date("منذ مايو 2019 وحتى 3 يونيو 2020 الساعة 10:30")
    assert (d.iso, d.precision, d.time) == ("2020-06-03", "minute", "10:30")


def test_parsed_date_is_frozen():
    d = parse_date("24 أغسطس 2020")
    assert isinstance(d, ParsedDate)
    with pytest.raises(AttributeError):
        d.iso = "x"  # type: ignore[misc]


# --- coverage and the pre-check --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "GMT 15:16 2025 الأربعاء ,14 أيار / مايو",
        "السبت، 24 فبراير 2018 02:44 م",
        "14:29 GMT16 أبريل/ نيسان 2016",
        "26 ذو الحجة 1437هـ - 29 سبتمبر 2016م",
        "٠٢:٠٠ الثلاثاء ١ / ١٢ / ٢٠٢٠",
        "التاريخ: 29 سبتمبر 2016",
        "قبل 26 دقيقة",
    ],
)
def test_coverage_of_stamp_lines_is_high(line):
    assert date_coverage(line) >= 0.9


@pytest.mark.parametrize(
    "line",
    [
        "وقع الاتفاق في 11 ديسمبر 2017 بين الطرفين بعد مفاوضات طويلة في العاصمة",
        "مونديال 2018: سويسرا تقترب من ثمن النهائي بفوزها على صربيا 2- 1",
        "جميع الحقوق محفوظة © 2020 مؤسسة دبي للإعلام",
        "أب يتخلّى عن طفليه أمام مقر ولاية منوبة",
        "أول مركبة فضاء إسرائيلية خاصة تهبط على القمر فبراير المقبل",
        "",
        "   ",
    ],
)
def test_coverage_of_other_lines_is_low(line):
    assert date_coverage(line) < 0.3


def test_coverage_of_half_a_line():
    c = date_coverage("11:48 GMT رسام تونسي يحوّل منطقة قمامة إلى لوحة فنية")
    assert 0.1 < c < 0.4


@pytest.mark.parametrize(
    "line,expected",
    [
        ("قبل 26 دقيقة", True),
        ("منذ ساعتين", True),
        ("أمس", True),
        ("٢٠٢٠", True),
        ("۱۴۰۲", True),
        ("yesterday", True),
        ("الرئيسية تقارير مصرية", False),
        ("شروط الاستخدام", False),
        ("", False),
    ],
)
def test_might_contain_date(line, expected):
    assert might_contain_date(line) is expected


def test_precheck_never_hides_a_date():
    # Everything parse_date finds in the table must pass the cheap pre-check.
    for p in ROWS:
        text, ref, lang, iso = p.values[:4]
        if iso != "null":
            assert might_contain_date(text), text


def test_dev_set_stamp_lines_all_parse():
    require(DEV)
    # Every line that date_coverage calls a date stamp and that shows a date part parses,
    # and agrees with its own weekday name when it shows one.
    bad = []
    with DEV.open(encoding="utf-8") as f:
        for raw in f:
            for line in json.loads(raw)["text"].split("\n"):
                s = line.strip()
                if date_coverage(s) >= 0.9 and any(ch.isalpha() for ch in s.replace("GMT", "")):
                    if "توقيت" in s or "دبي" in s:  # clock / prayer-time lines: times only
                        continue
                    d = parse_date(s)
                    if d is None or d.confidence < 0.8:
                        bad.append(s)
    assert not bad, bad[:5]


def test_day_precision_dates_are_real_dates():
    for p in ROWS:
        text, ref, lang, iso, precision = p.values[:5]
        if precision in ("day", "minute"):
            date.fromisoformat(iso)
