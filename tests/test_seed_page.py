"""The seed page (a real Egypt Today WET record) must come out exactly as issue 2 says."""

from __future__ import annotations

import ghirbal
from ghirbal.model import REASONS, ROLES


def test_seed_fields(seed_text):
    art = ghirbal.clean(seed_text)
    assert art.title == "موسكو تلمّح إلى قمة مرتقبة بين بوتين وترامب في أكتوبر وتؤكد استمرار الحوار الاستخباراتي مع واشنطن"
    assert art.author == "حسن عمارة"
    assert art.dateline == "موسكو"
    assert art.site_name == "مصر اليوم"
    assert art.language == "ar"


def test_seed_body_is_exactly_the_eight_paragraphs(seed_text):
    art = ghirbal.clean(seed_text)
    assert len(art.paragraphs) == 8
    assert art.paragraphs[0].startswith("كشف يوري أوشاكوف")
    assert art.paragraphs[-1].endswith("بما في ذلك قنوات الاستخبارات.")
    assert "الرئيس الروسي فلاديمير بوتين" not in art.paragraphs


def test_seed_caption_and_related(seed_text):
    art = ghirbal.clean(seed_text)
    assert art.captions == ["الرئيس الروسي فلاديمير بوتين"]
    titles = [r.title for r in art.related]
    assert titles[:2] == [
        "بوتين يكشف شروطه للسلام مع أوكرانيا ويصرّ على حيادها وعدم انضمامها لأي تحالفات",
        "بوتين يدين العدوان غير المبرر على إيران ويعرض الوساطة لاحتواء التصعيد والكرملين يؤكد أنه لم يُبلّغ مسبقاً بالضربات الأميركية",
    ]
    # The stamped headline list: each headline with its own stamp's date, none of them the article's.
    stamped = {r.title: r.date for r in art.related}
    assert stamped["\"أرامكو\" تعتزم استثمار 3.4 مليار دولار في أمريكا"] == "2018-10-01"
    assert stamped["نجمات الدراما السورية يخطفن الأنظار بإطلالات راقية في حفل Joy Awards"] == "2025-05-14"
    assert art.published is None  # the page shows no date of its own story; never one of the list stamps


def test_seed_every_line_has_a_verdict(seed_text):
    art = ghirbal.clean(seed_text)
    assert len(art.lines) == len(seed_text.split("\n"))
    for ln in art.lines:
        if ln.kept:
            assert ln.role in ROLES and ln.reason is None
        else:
            assert ln.reason in REASONS and ln.role is None


def test_seed_drop_reasons(seed_text):
    art = ghirbal.clean(seed_text)
    by_text: dict[str, set[str]] = {}
    for ln in art.lines:
        by_text.setdefault(ln.text, set()).add(ln.reason or "+" + (ln.role or ""))
    assert by_text["توقيت القاهرة المحلي 19:00:51 آخر تحديث"] == {"clock"}
    assert by_text["الإسم *"] == {"form"}
    assert by_text["Security Code*"] == {"form"}
    assert by_text["جميع الحقوق محفوظة لمجموعة العرب اليوم الاعلامية 2025 ©"] == {"copyright"}
    assert by_text["قد يهمك أيضًا :"] == {"read-also"}  # the tatweel run is gone from the faithful text
    assert by_text["GMT 15:16 2025 الأربعاء ,14 أيار / مايو"] == {"date-stamp"}
    assert "breadcrumb" in by_text["مصر اليوم - موسكو تلمّح إلى قمة مرتقبة بين بوتين وترامب في أكتوبر وتؤكد استمرار الحوار الاستخباراتي مع واشنطن"]


def test_to_dict_schema(seed_text):
    d = ghirbal.clean(seed_text).to_dict()
    assert set(d) == {"title", "author", "dateline", "agency", "published", "published_precision", "updated", "body",
                      "captions", "related", "site_name", "language", "empty_reason", "lines"}
    assert isinstance(d["body"], str) and d["body"].count("\n") == 7
    assert all(set(r) == {"title", "date"} for r in d["related"])
    assert all({"text", "kept", "role", "reason"} <= set(ln) for ln in d["lines"])
