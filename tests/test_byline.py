"""ghirbal.byline: a table of byline and non-byline lines."""

from __future__ import annotations

import json

import pytest
from shared_data import dev_set, require

from ghirbal.byline import Byline, parse_byline

NOT = "not a byline"
# (line, site_name, lang, expected author, dateline, agency) or (line, site_name, lang, NOT)
TABLE = [
    # city - name (egypttoday), with the hyphen variants
    ("موسكو - حسن عمارة", None, "ar", "حسن عمارة", "موسكو", None),
    ("بروكسل - نورالدين فريضي", "مصر اليوم", "ar", "نورالدين فريضي", "بروكسل", None),
    ("القاهرة – أشرف عبد الحميد", None, "ar", "أشرف عبد الحميد", "القاهرة", None),
    ("دبي — وحيد رزق المصري", None, "ar", "وحيد رزق المصري", "دبي", None),
    ("بيروت ـ فاطمة قنيبر", None, "ar", "فاطمة قنيبر", "بيروت", None),
    ("القاهرة- أحمد الريدي", None, "ar", "أحمد الريدي", "القاهرة", None),
    ("أبو ظبي - محمد الخالدي", None, "ar", "محمد الخالدي", "أبو ظبي", None),
    # name - city: the city list tells the sides apart
    ("أحمد علي - القاهرة", None, "ar", "أحمد علي", "القاهرة", None),
    ("سعد المسعودي - باريس", None, "ar", "سعد المسعودي", "باريس", None),
    # city - site name: the site is not an author
    ("أبوظبي ـ مصر اليوم", "مصر اليوم", "ar", None, "أبوظبي", None),
    ("الرياض ـ مصر اليوم", "مصر اليوم - أخبار مصر والعالم", "ar", None, "الرياض", None),
    # albayan, in parentheses
    ("  (دبي - هاجر كنيعو)", "البيان", "ar", "هاجر كنيعو", "دبي", None),
    ("(رام الله - عبدالحفيظ جعوان)", "البيان", "ar", "عبدالحفيظ جعوان", "رام الله", None),
    ("(أبوظبي - البيان)", "البيان", "ar", None, "أبوظبي", None),
    ("(أبوظبي - البيان)", None, "ar", None, "أبوظبي", None),
    ("(محجوبة كرم)", "البيان", "ar", "محجوبة كرم", None, None),
    ("(بوينوس أيرس)", "البيان", "ar", None, "بوينوس أيرس", None),
    ("(القاهرة - وكالات)", None, "ar", None, "القاهرة", "وكالات"),
    # prefixes
    ("كتب فيصل الشمري", None, "ar", "فيصل الشمري", None, None),
    ("كتبت: رانيا لوقا", None, "ar", "رانيا لوقا", None, None),
    ("بقلم: د. محمد علي", None, "ar", "محمد علي", None, None),
    ("بقلم الدكتور عبدالله الدرويش", None, "ar", "عبدالله الدرويش", None, None),
    ("إعداد: مايا جريديني", None, "ar", "مايا جريديني", None, None),
    ("ترجمة: هاني الصفيان", None, "ar", "هاني الصفيان", None, None),
    ("حوار / خالد القاسم", None, "ar", "خالد القاسم", None, None),
    ("متابعة: إسلام سيف", None, "ar", "إسلام سيف", None, None),
    ("بقلم: محمد علي - القاهرة", None, "ar", "محمد علي", "القاهرة", None),
    ("كتب: محمد علي وأحمد حسن", None, "ar", "محمد علي، أحمد حسن", None, None),
    ("كتب: محمد علي، أحمد حسن", None, "ar", "محمد علي، أحمد حسن", None, None),
    ("القاهرة - محمد علي وأحمد حسن", None, "ar", "محمد علي، أحمد حسن", "القاهرة", None),
    ("كتب وحيد رزق المصري", None, "ar", "وحيد رزق المصري", None, None),  # و starts the name
    # roles are kept out
    ("القاهرة - مراسلنا", None, "ar", None, "القاهرة", None),
    ("بغداد - خاص", None, "ar", None, "بغداد", None),
    ("محمد علي - مراسل الجزيرة", None, "ar", "محمد علي", None, None),
    # agencies are never authors
    ("بيروت (وكالات)", None, "ar", None, "بيروت", "وكالات"),
    ("الرياض – أ ف ب", None, "ar", None, "الرياض", "أ ف ب"),
    ("الدوحة - قنا", None, "ar", None, "الدوحة", "قنا"),
    ("قنا - محمد علي", None, "ar", "محمد علي", "قنا", None),  # قنا the Egyptian city
    ("موسكو - سبوتنيك", None, "ar", None, "موسكو", "سبوتنيك"),
    ("أنقرة - الأناضول", None, "ar", None, "أنقرة", "الأناضول"),
    ("القدس - وفا", None, "ar", None, "القدس", "وفا"),
    ("فرانس24/ أ ف ب", None, "ar", None, None, "فرانس24/ أ ف ب"),
    ("وكالات", None, "ar", None, None, "وكالات"),
    ("المصدر: رويترز", None, "ar", None, None, "رويترز"),
    # English / French
    ("By John Smith", None, "en", "John Smith", None, None),
    ("By John Smith and Jane Doe", None, "en", "John Smith, Jane Doe", None, None),
    ("By Jane Doe, Reuters", None, "en", "Jane Doe", None, "Reuters"),
    ("By Reuters", None, "en", None, None, "Reuters"),
    ("WASHINGTON (Reuters) -", None, "en", None, "WASHINGTON", "Reuters"),
    ("Par Jean Dupont", None, "fr", "Jean Dupont", None, None),
    # --- not bylines ---
    ("  مصر اليوم -", "مصر اليوم", "ar", NOT),
    ("  مصر اليوم - القلعة الكبرى : مداهمة وكر دعارة وإيقاف 9 أشخاص", "مصر اليوم", "ar", NOT),
    ("عربي - أخبار وآراء وراديو Sputnik", None, "ar", NOT),
    ("Sputnik", "سبوتنيك", "ar", NOT),
    ("الرئيسية تقارير مصرية", None, "ar", NOT),
    ("كتب ترامب على تويتر", None, "ar", NOT),
    ("كتبت الصحيفة", None, "ar", NOT),
    ("تقرير: إسرائيل تخطط لضم الضفة", None, "ar", NOT),
    ("حوار مع الفنان محمد منير", None, "ar", NOT),
    ("حوار الشرق الأوسط", None, "ar", NOT),
    ("الأردن: أغلقنا الحدود لحماية أمننا", None, "ar", NOT),
    ("باريس : اخلاء محطة للقطارات", None, "ar", NOT),
    ("بنزرت : حجز حيوانات سائبة", None, "ar", NOT),
    ("القاهرة - ارتفاع الأسعار", None, "ar", NOT),
    ("الإثنين، 24 أغسطس 2020 09:56 ص", None, "ar", NOT),
    ("GMT 15:16 2025 الأربعاء ,14 أيار / مايو", None, "ar", NOT),
    ("المصدر:", None, "ar", NOT),
    ("علاوة مزياني", None, "ar", NOT),  # a bare name line could be a menu item or a caption
    ("(البيان)", None, "ar", NOT),
    ("قد يهمك أيضــــــــــــــــًا :", None, "ar", NOT),
    ("هل تؤيد طرح تخصصات تعتمد التعلم عن بعد في جامعات تقليدية؟", None, "ar", NOT),
    ("موسكو تلمّح إلى قمة مرتقبة بين بوتين وترامب في أكتوبر وتؤكد استمرار الحوار الاستخباراتي مع واشنطن",
     None, "ar", NOT),
    ("وقال محمد علي - المتحدث باسم الوزارة - إن الاجتماع انتهى.", None, "ar", NOT),
    ("By the way, this is a sentence.", None, "en", NOT),
    ("", None, "ar", NOT),
]


def _id(row):
    return row[0].strip()[:30] or "empty"


@pytest.mark.parametrize("row", TABLE, ids=[_id(r) for r in TABLE])
def test_table(row):
    line, site, lang = row[:3]
    got = parse_byline(line, site_name=site, lang=lang)
    if row[3] is NOT:
        assert got is None, got
        return
    assert got is not None
    assert (got.author, got.dateline, got.agency) == row[3:]
    assert got.kind


def test_table_size():
    assert len(TABLE) >= 40
    assert sum(1 for r in TABLE if r[3] is NOT) >= 15


def test_site_only_source_line():
    # albayan's "(البيان)" under "المصدر:" is a source line with nobody in it.
    got = parse_byline("(البيان)", site_name="البيان")
    assert got == Byline(None, None, None, "site")


def test_kinds():
    assert parse_byline("موسكو - حسن عمارة").kind == "city-name"
    assert parse_byline("أحمد علي - القاهرة").kind == "name-city"
    assert parse_byline("كتب فيصل الشمري").kind == "prefix"
    assert parse_byline("بيروت (وكالات)").kind == "city-agency"
    assert parse_byline("By Jane Doe").kind == "by"
    assert parse_byline("المصدر: رويترز").kind == "source"


@pytest.mark.parametrize(
    "line,author",
    [
        ("علاوة مزياني", "علاوة مزياني"),
        ("رانيا لوقا", "رانيا لوقا"),
        ("عبدالرحمن بخاري", "عبدالرحمن بخاري"),
        ("الرئيسية تقارير مصرية", None),
        ("أديس أبابا", None),  # a place, not a person
        ("شروط الاستخدام", None),
        ("محمد", None),  # one word is too little
        ("مصر اليوم", None),
    ],
)
def test_bare_name_only_when_asked(line, author):
    assert parse_byline(line) is None
    got = parse_byline(line, bare_name=True)
    assert (got.author if got else None) == author


def test_city_colon_name_only_where_the_position_says_byline():
    # "CITY: short headline" has the shape of "CITY: NAME"; without a list of names only the position
    # (next to the headline or the story) tells them apart.
    assert parse_byline("القاهرة: محمد علي") is None
    got = parse_byline("القاهرة: محمد علي", bare_name=True)
    assert (got.author, got.dateline) == ("محمد علي", "القاهرة")
    assert parse_byline("باريس : اخلاء محطة للقطارات") is None


def test_name_shape_not_a_names_list():
    # Names nobody listed are found by shape, next to the story; headline words are not names.
    for name in ("زبيدة ثروت", "كنان الصفدي", "نوفل بن عيسى"):
        got = parse_byline(name, bare_name=True)
        assert got is not None and got.author == name, name
    for line in ("ارتفاع أسعار النفط", "عاجل الآن", "أخبار مصر"):
        assert parse_byline(line, bare_name=True) is None, line


def test_author_is_faithful():
    # The name comes back as written (hamza, spacing), only the honorific is dropped.
    assert parse_byline("بقلم: أ.د. إبراهيم عبد الله").author == "إبراهيم عبد الله"


DEV = dev_set()
SITES = {"egypttoday.com": "مصر اليوم", "youm7.com": "اليوم السابع", "arabic.sputniknews.com": "سبوتنيك",
         "albayan.ae": "البيان"}


def test_dev_set_bylines():
    require(DEV)
    # Every gold byline line parses to the gold author/dateline (skipping the corpus's own errors, where
    # a place was filed as the author), and no body line is taken for a byline.
    checked = 0
    with DEV.open(encoding="utf-8") as f:
        for raw in f:
            d = json.loads(raw)
            gold, site = d["gold"], SITES[d["site"]]
            lines = d["text"].split("\n")
            for line, label in zip(lines, d["line_labels"]):
                if label:
                    assert parse_byline(line, site_name=site, lang="ar") is None, line
            if not gold["author"] or parse_byline("كتب " + gold["author"]).author is None:
                continue
            first = d["line_labels"].index(1)
            got = [b for b in (parse_byline(x, site_name=site, lang="ar") for x in lines[max(0, first - 14):first]) if b]
            if d["site"] == "egypttoday.com" and gold["dateline"] is None:
                # A bare name right above the story: only with bare_name=True.
                above = [x for x in lines[:first] if x.strip()][-1]
                assert parse_byline(above, site_name=site, lang="ar") is None
                got = [parse_byline(above, site_name=site, lang="ar", bare_name=True)]
            assert got and (got[-1].author, got[-1].dateline) == (gold["author"], gold["dateline"]), (got, gold)
            checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    "line,dateline,agency",
    [
        ("لندن، بريطانيا (CNN) --", "لندن", "CNN"),
        ("واشنطن (رويترز) -", "واشنطن", "رويترز"),
        ("القاهرة - أ ف ب", "القاهرة", "أ ف ب"),
    ],
)
def test_dateline_lines(line, dateline, agency):
    got = parse_byline(line)
    assert got is not None and (got.author, got.dateline, got.agency) == (None, dateline, agency)


@pytest.mark.parametrize(
    "paragraph,dateline,agency",
    [
        ("لندن، بريطانيا (CNN) -- قال مسؤولون بريطانيون إن الحكومة ستعلن خطتها الأسبوع المقبل.", "لندن", "CNN"),
        ("القاهرة (رويترز) - أعلنت الحكومة المصرية اليوم عن حزمة إجراءات جديدة.", "القاهرة", "رويترز"),
        ("بيروت - أ ف ب: قال وزير الطاقة إن الانقطاع سينتهي قريبا.", "بيروت", "أ ف ب"),
        ("عمان - افتتح وزير التربية اليوم مدرسة جديدة في العاصمة.", "عمان", None),
    ],
)
def test_inline_dateline_opens_the_story(paragraph, dateline, agency):
    from ghirbal.byline import inline_dateline

    got = inline_dateline(paragraph)
    assert got is not None and (got.dateline, got.agency, got.author) == (dateline, agency, None)


@pytest.mark.parametrize(
    "paragraph",
    [
        "قال الرئيس - في بيان صدر اليوم - إن الاجتماع انتهى.",
        "إسرائيل تخطط لبناء مستوطنات جديدة - بحسب تقارير.",
        "الحكومة (التي تشكلت العام الماضي) - أعلنت استقالتها.",
    ],
)
def test_no_inline_dateline_in_ordinary_sentences(paragraph):
    from ghirbal.byline import inline_dateline

    assert inline_dateline(paragraph) is None


def test_place_never_author_and_author_never_carries_the_city():
    got = parse_byline("كتب: محمد الأحمد - القاهرة")
    assert got is not None and got.author == "محمد الأحمد" and got.dateline == "القاهرة"
    assert parse_byline("كتب: القاهرة") is None or parse_byline("كتب: القاهرة").author is None
    for line in ("كتب أحمد حسن", "بقلم: سلمى يوسف", "إعداد: رامي خليل", "تقرير: نادية فؤاد"):
        got = parse_byline(line)
        assert got is not None and got.author and got.dateline is None, line


@pytest.mark.parametrize("line", [
    "(أ ف ب)", "فرانس24/ أ ف ب", "رويترز وأ ف ب", "المصدر: رويترز", "(وكالات)", "أ.ف.ب", "رويت\u200bرز", "AFP",
    "Reuters/AP", "[أ ش أ]", "المصدر : وكالة الأناضول", "فرانس ٢٤",
])
def test_the_agency_gate_lets_every_credit_through(line):
    from ghirbal.byline import could_be_agency_credit, is_agency_credit
    from ghirbal.normalize import match_key

    assert is_agency_credit(line)
    assert could_be_agency_credit(match_key(line))


@pytest.mark.parametrize("line", ["الرئيس يلتقي الوزير", "رويترز تقول إن الوضع هادئ", "Read more", "مصر اليوم"])
def test_the_agency_gate_stops_lines_with_other_words(line):
    from ghirbal.byline import could_be_agency_credit, is_agency_credit
    from ghirbal.normalize import match_key

    assert not is_agency_credit(line)
    assert not could_be_agency_credit(match_key(line))


def test_the_letterless_credit_gate_answers_as_the_full_test(monkeypatch):
    """is_agency_credit's gate (`_Lex.no_credit_re`: digits, white space and ASCII punctuation only)
    turns a line away only where the full test does: numbers, dates, ratings and every such line of the
    dev lines; and it is off while some agency's key has no letter (such a line could then credit it)."""
    from ghirbal import byline

    lex = byline._lex()
    assert lex.no_credit_re is not None
    lines = ["4.7 / 5", "+90 553 955 44 64", "12.12.2025", "//3877", "٢٤", "24", "(24)", "24/7", "0", " - ",
             "\u00a0٢٤\u2009", "𝟐𝟒", "24 | 24", "21 - 24", "[24]"]
    path = dev_set("arabic-sites-dev", "docs.jsonl")
    require(path)
    lines += [ln for d in map(json.loads, path.read_text("utf-8").splitlines()[:200]) for ln in d["text"].split("\n")]
    gated = [ln for ln in lines if lex.no_credit_re.fullmatch(ln)]
    assert len(gated) > 50 and byline.is_agency_credit("فرانس ٢٤") and not lex.no_credit_re.fullmatch("فرانس ٢٤")
    answers = [byline.is_agency_credit(ln) for ln in gated]
    monkeypatch.setattr(lex, "no_credit_re", None)
    assert answers == [byline.is_agency_credit(ln) for ln in gated] == [False] * len(gated)

    real = byline._load

    def with_a_number_agency(name):
        got = real(name)
        if name == "agencies.toml":
            got = {**got, "agencies": {**got["agencies"], "24": ["24"]}}
        return got

    monkeypatch.setattr(byline, "_load", with_a_number_agency)
    numbered = byline._Lex()
    monkeypatch.setattr(byline, "_lex", lambda: numbered)
    assert numbered.no_credit_re is None and byline.is_agency_credit("24") and byline.is_agency_credit("(٢٤)")


def _prefix_ungated(line: str) -> bool:
    from ghirbal.byline import _clean, _lex

    s = _clean(line)
    return bool(_lex().by_re.match(s) or _lex().prefix_re.match(s))


def test_prefix_gate_never_turns_away_a_line_the_prefix_regexes_take():
    """has_byline_prefix's gate on the first two characters (`_Lex.no_prefix_re`) says "no prefix" only
    where the two regexes on the cleaned line say so too: every prefix word with its first or second
    character swapped for any ASCII or Arabic character (and the ones that fold or compose into a
    prefix's letter), behind white space and control marks, with a combining mark or a control after
    it; and every dev line."""
    from ghirbal.byline import _lex, has_byline_prefix
    import tomllib
    from importlib.resources import files

    words = tomllib.loads((files("ghirbal") / "lexicon" / "bylines.toml").read_text("utf-8"))["prefixes"]
    prefixes = sorted({w for ws in words.values() for w in ws})
    firsts = [chr(c) for c in [*range(0x80), *range(0x600, 0x700)]] + ["é", "É", "e\u0301", "E\u0301", "ſ", "\u212a",
                                                                       "\u0627\u0654", "\u0627\u0653", "\u0627\u0655"]
    gated = 0
    for w in prefixes:
        for c in firsts:
            for lead in ("", " ", "\u200f", " \u200b\u00a0"):
                for after in ("", "\u200e", "\u0654", "\u0301"):
                    for line in (lead + c + after + w[1:] + " علي حسن", lead + c + after + w[1:] + ": Jane Doe",
                                 lead + w[0] + c + after + w[2:] + " علي حسن", lead + w[0] + after + c + w[2:] + ": J D",
                                 lead + c):
                        expected = _prefix_ungated(line)
                        assert has_byline_prefix(line) == expected, repr(line)
                        gated += _lex().no_prefix_re.match(line) is not None
    assert gated > 10_000  # (the gate decides most of them)
    for w in prefixes:  # and each prefix itself still passes
        assert has_byline_prefix(f"{w}: علي حسن") or has_byline_prefix(f"{w} Jane Doe"), w
    path = dev_set("arabic-sites-dev", "docs.jsonl")
    require(path)
    lines = [ln for d in map(json.loads, path.read_text("utf-8").splitlines()[:80]) for ln in d["text"].split("\n")]
    assert sum(has_byline_prefix(ln) == _prefix_ungated(ln) for ln in lines) == len(lines) > 5_000


def test_prefix_answers_are_remembered_until_the_caches_are_cleared(monkeypatch):
    """has_byline_prefix remembers its answer per line (a site's chrome lines recur page after page):
    the same answers as the regexes, forgotten by clear_caches and when the table is full."""
    import ghirbal.byline as byline
    from ghirbal.extract import clear_caches

    path = dev_set("arabic-sites-dev", "docs.jsonl")
    require(path)
    lines = [ln for d in map(json.loads, path.read_text("utf-8").splitlines()[:40]) for ln in d["text"].split("\n")]
    clear_caches()
    assert not byline.PREFIX_ANSWERS
    for _ in range(2):
        assert [byline.has_byline_prefix(ln) for ln in lines] == [_prefix_ungated(ln) for ln in lines]
    # remembered: the short lines the first characters do not already answer for
    gate = byline._lex().no_prefix_re
    asked = {ln for ln in lines if not gate.match(ln) and len(ln) <= byline._PREFIX_ANSWER_MAX_CHARS}
    assert set(byline.PREFIX_ANSWERS) == asked and any(byline.PREFIX_ANSWERS.values())
    assert len(asked) < len(set(lines))
    clear_caches()
    assert not byline.PREFIX_ANSWERS
    monkeypatch.setattr(byline, "_PREFIX_ANSWERS_MAX", 3)
    for ln in ("كتب علي حسن", "By Jane Doe", "بقلم محمد علي", "بقلم سارة أحمد"):
        byline.has_byline_prefix(ln)
    assert list(byline.PREFIX_ANSWERS) == ["بقلم سارة أحمد"] and byline.has_byline_prefix("By Jane Doe")
    long_line = "بقلم سارة أحمد " + "كلمة " * 60
    assert byline.has_byline_prefix(long_line) and long_line not in byline.PREFIX_ANSWERS


def test_inline_dateline_pattern_needs_a_dash_or_colon():
    """inline_dateline asks its pattern only of a paragraph holding a dash or a colon: the pattern cannot
    match without one (its separator group), checked on every dev line and on made-up datelines."""
    import ghirbal.byline as byline

    assert "(?:--|[-\u2013\u2014:])" in byline._INLINE.pattern  # the separator the gate looks for
    path = dev_set("arabic-sites-dev", "docs.jsonl")
    require(path)
    texts = [ln for d in map(json.loads, path.read_text("utf-8").splitlines()) for ln in d["text"].split("\n")]
    texts += [f"القاهرة{sep} قال الوزير" for sep in (" -", " --", " \u2013", " \u2014", ":", " ،", " (رويترز)", "")]
    matched = 0
    for text in texts:
        s = byline._clean(text[:120])
        if byline._INLINE.match(s) is not None:
            matched += 1
            assert any(mark in s for mark in "-\u2013\u2014:"), text
        elif not any(mark in s for mark in "-\u2013\u2014:"):
            assert byline.inline_dateline(text) is None
    assert matched > 100
