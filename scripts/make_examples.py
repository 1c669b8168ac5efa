"""Write examples/news.jsonl: the bundled example corpus of `ghirbal run examples/ --out out/`.

Three made-up Arabic news sites, twelve pages each, with the chrome such sites carry (site name, menu,
clock, breadcrumbs, read-also lists, comment forms, footers), and a few records that are rejected
(empty text, no text field, a broken JSON line, a page with no story), so that the first report shows
per-site templates, line verdicts and a funnel with rejects. The stories are composed from sentence
patterns, deterministically: rerunning this script gives the same file.

    python scripts/make_examples.py        # rewrites examples/news.jsonl
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "examples" / "news.jsonl"

SITES = [
    {
        "domain": "wadi-news.com", "name": "أخبار الوادي", "path": "news",
        "menu": ["الرئيسية", "محليات", "اقتصاد", "رياضة", "منوعات", "اتصل بنا"],
        "read_also": "اقرأ أيضا",
        "footer": ["جميع الحقوق محفوظة © 2024 أخبار الوادي", "سياسة الخصوصية", "شروط الاستخدام"],
        "extra": ["تابعونا على فيسبوك", "شارك الخبر"],
    },
    {
        "domain": "madina-today.net", "name": "المدينة اليوم", "path": "article",
        "menu": ["الصفحة الأولى", "أخبار المدينة", "عربي ودولي", "مال وأعمال", "صحة", "ثقافة"],
        "read_also": "الأكثر قراءة",
        "footer": ["© المدينة اليوم 2024. جميع الحقوق محفوظة", "من نحن", "أعلن معنا"],
        "extra": ["أضف تعليقك", "الاسم *", "البريد الإلكتروني *", "إرسال"],
    },
    {
        "domain": "sahil-post.com", "name": "بريد الساحل", "path": "story",
        "menu": ["أخبار", "الساحل", "اقتصاد", "تكنولوجيا", "رأي"],
        "read_also": "أخبار ذات صلة",
        "footer": ["بريد الساحل - جميع الحقوق محفوظة 2024", "هاتف: 0123456789", "العنوان: شارع الكورنيش، مدينة الساحل"],
        "extra": ["اشترك في النشرة البريدية", "شارك على تويتر"],
    },
]

WHO = ["وزارة النقل", "المجلس البلدي", "هيئة الطرق والمواصلات", "غرفة التجارة والصناعة", "وزارة الصحة", "إدارة التعليم",
       "شركة الكهرباء الوطنية", "جمعية حماية المستهلك", "هيئة الأرصاد الجوية", "اتحاد كرة القدم", "مكتبة المدينة العامة",
       "هيئة السياحة"]
WHAT = ["خطة جديدة لتوسيع شبكة الحافلات", "برنامج لصيانة المدارس القديمة", "حملة للتوعية بترشيد استهلاك المياه",
        "مشروع لإنشاء حدائق عامة في الأحياء الجديدة", "مبادرة لدعم المشروعات الصغيرة", "خطة لتطوير المستشفيات الحكومية",
        "برنامج تدريبي للشباب الباحثين عن عمل", "مهرجان للكتاب يستمر أسبوعين", "تعديلات على مواعيد القطارات",
        "إجراءات جديدة لتسهيل تراخيص البناء", "مسابقة للمدارس في العلوم والرياضيات", "حملة لتنظيف الشواطئ"]
WHEN = ["صباح اليوم", "مساء أمس", "في مؤتمر صحفي عقد اليوم", "في بيان رسمي نشر أمس", "خلال اجتماعها الأسبوعي",
        "في ختام زيارة ميدانية"]
GOAL = ["تحسين الخدمات المقدمة للمواطنين", "تخفيف الازدحام في ساعات الذروة", "رفع كفاءة الإنفاق العام",
        "توفير فرص عمل جديدة للشباب", "الحفاظ على البيئة والموارد الطبيعية", "دعم الاقتصاد المحلي وتشجيع الاستثمار"]
NUM = ["ثلاثة", "خمسة", "سبعة", "عشرة", "اثني عشر", "عشرين"]
PLACE = ["الأحياء الشرقية", "وسط المدينة", "القرى المجاورة", "المنطقة الصناعية", "الضاحية الشمالية", "الواجهة البحرية"]
PERSON = ["سامي الحداد", "ليلى منصور", "خالد العمري", "هدى السيد", "يوسف القاسم", "مريم الخطيب", "عمر النجار",
          "سلمى عبد الرحمن"]
ROLE = ["المتحدث الرسمي باسم", "مدير", "رئيس", "نائب رئيس"]


def story(rng: random.Random, who: str, what: str) -> list[str]:
    place, goal, n, person, role = rng.choice(PLACE), rng.choice(GOAL), rng.choice(NUM), rng.choice(PERSON), rng.choice(ROLE)
    return [
        f"أعلنت {who} {rng.choice(WHEN)} عن {what}، في خطوة قالت إنها تهدف إلى {goal} خلال الفترة المقبلة.",
        f"وقال {person}، {role} {who}، إن العمل سيبدأ في {place} خلال {n} أسابيع، على أن يشمل بقية المناطق تباعا "
        f"وفق جدول زمني واضح.",
        f"وأضاف أن تكلفة المرحلة الأولى تقدر بنحو {rng.randint(3, 90)} مليون، وأن التمويل متوفر من الموازنة الحالية "
        f"دون الحاجة إلى رسوم إضافية على السكان.",
        f"ورحب عدد من سكان {place} بالقرار، مؤكدين أنهم انتظروا مثل هذه الخطوة منذ سنوات، فيما طالب آخرون "
        f"بمتابعة التنفيذ ونشر تقارير دورية عن سير العمل.",
        f"ومن المقرر أن تعقد {who} لقاء مفتوحا مع المواطنين الأسبوع المقبل للاستماع إلى ملاحظاتهم والرد على "
        f"أسئلتهم حول {what}.",
    ][: rng.choice([3, 4, 5])]


def headline(who: str, what: str) -> str:
    return f"{who} تعلن {what}"


def page(site: dict, i: int, rng: random.Random, headlines: list[str]) -> tuple[str, str]:
    who, what = WHO[(i * 5 + len(site["name"])) % len(WHO)], WHAT[(i * 7 + len(site["domain"])) % len(WHAT)]
    title = headline(who, what)
    day = 3 + i
    lines = [site["name"], *site["menu"], f"الأحد {day} مارس 2024 - 10:{15 + i:02d} ص", "",
             f"{site['menu'][0]} » {site['menu'][2]}", title, f"كتب: {rng.choice(PERSON)}",
             f"نشر في {day} مارس 2024", ""]
    for para in story(rng, who, what):
        lines += [para, ""]
    lines += [site["read_also"]]
    others = [h for h in headlines if h != title]
    for h in rng.sample(others, 4):
        lines += [h, f"{rng.randint(1, 28)} مارس 2024"]
    lines += ["", *site["extra"], "", *site["footer"]]
    url = f"https://www.{site['domain']}/{site['path']}/{2024030 + i * 17}"
    return url, "\n".join(lines)


def records() -> list[str]:
    rng = random.Random(2024)
    out = []
    headlines = [headline(WHO[k % len(WHO)], WHAT[(k * 5) % len(WHAT)]) for k in range(24)]
    for site in SITES:
        for i in range(12):
            url, text = page(site, i, rng, headlines)
            out.append(json.dumps({"id": f"{site['domain'].split('.')[0]}-{i:02d}", "url": url, "text": text},
                                  ensure_ascii=False))
    # Records that are rejected, each for its own reason (see the report's funnel).
    menu_only = SITES[0]
    out.insert(5, json.dumps({"id": "wadi-menu", "url": f"https://www.{menu_only['domain']}/section/economy",
                              "text": "\n".join([menu_only["name"], *menu_only["menu"], *menu_only["footer"]])},
                             ensure_ascii=False))
    out.insert(17, json.dumps({"id": "madina-empty", "url": "https://www.madina-today.net/article/0", "text": "  \n  "},
                              ensure_ascii=False))
    out.insert(26, json.dumps({"id": "sahil-no-text", "url": "https://www.sahil-post.com/story/0", "body": None},
                              ensure_ascii=False))
    out.insert(31, '{"id": "sahil-broken", "url": "https://www.sahil-post.com/story/1", "text": "انقطع السطر')
    return out


if __name__ == "__main__":
    OUT.write_text("\n".join(records()) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
