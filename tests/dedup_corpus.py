"""Generated Arabic stories and their planted duplicates, for the dedup tests (no tests here).

The text is generated from a fixed word list with a seeded RNG, so the tests need no shared data.
A page is a story under a site's chrome: menu lines, the headline, a date line, the paragraphs, a footer.
"""

from __future__ import annotations

import random

WORDS = ("الحكومة الوزير الرئيس المدينة الشعب الاقتصاد السوق الأسعار النفط الطاقة المياه الزراعة التعليم "
         "المدارس الجامعة الطلاب المستشفى الصحة الأطباء المرضى الطريق السيارات النقل القطار المطار الطيران "
         "السياحة الفنادق البحر الشاطئ الجبل الصحراء المطر الرياح الحرارة الشتاء الصيف الربيع الخريف اللجنة "
         "البرلمان القانون المحكمة القاضي الشرطة الأمن الجيش الحدود السفير الوفد المؤتمر القمة الاتفاق "
         "المفاوضات الحوار السلام الحرب الأزمة الحل الخطة المشروع البناء المصنع العمال الرواتب الضرائب الميزانية "
         "البنك القروض الاستثمار الشركات التجارة الصادرات الواردات العملة الدولار الذهب البورصة الأسهم "
         "المنتخب المباراة الفريق المدرب اللاعب الهدف الملعب البطولة الكأس الدوري الجمهور الحكم الشوط "
         "أعلن أكد قال أوضح أشار كشف أضاف دعا طالب رحب انتقد بحث ناقش وقع افتتح زار استقبل التقى قرر "
         "اليوم أمس غدا الأسبوع الشهر العام الماضي المقبل الجديد الكبير الصغير الأول الثاني الأخير "
         "مع في من إلى على عن بعد قبل خلال بين حول ضد نحو منذ حتى لدى عند "
         "الذي التي الذين هذا هذه ذلك تلك كل بعض جميع عدد أكثر أقل أيضا كما لكن حيث إذ ثم").split()

CHROMES = {
    "alpha-news.com": ["الرئيسية", "أخبار محلية", "اقتصاد", "رياضة", "اتصل بنا"],
    "beta-news.com": ["الصفحة الأولى", "سياسة", "منوعات", "فيديو", "من نحن"],
    "gamma-news.com": ["آخر الأخبار", "عربي ودولي", "تكنولوجيا", "صحة", "أرشيف"],
}
FOOTERS = {
    "alpha-news.com": ["جميع الحقوق محفوظة لموقع ألفا", "سياسة الخصوصية"],
    "beta-news.com": ["حقوق النشر محفوظة لموقع بيتا", "شروط الاستخدام"],
    "gamma-news.com": ["جميع الحقوق محفوظة لموقع جاما", "اتصل بنا"],
}


def sentence(rng: random.Random, n: int | None = None) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n or rng.randint(12, 20))) + "."


def story(seed: int, paragraphs: int = 8) -> list[str]:
    """A story: paragraphs of two or three generated sentences."""
    rng = random.Random(seed)
    return [" ".join(sentence(rng) for _ in range(rng.randint(2, 3))) for _ in range(paragraphs)]


def headline(seed: int) -> str:
    rng = random.Random(-seed - 1)
    return " ".join(rng.choice(WORDS) for _ in range(8))


def page(site: str, title: str, paragraphs: list[str], date: str = "12 مايو 2024") -> str:
    lines = [*CHROMES[site], "", title, "", f"نشر في: {date}", "", *paragraphs, "", *FOOTERS[site]]
    return "\n".join(lines)


def jaccard(a: str, b: str, k: int = 5) -> float:
    """Brute-force Jaccard of the folded word k-gram shingles (the baseline the MinHash estimates)."""
    from ghirbal.normalize import fold_words

    def shingles(text: str) -> set[str]:
        w = fold_words(text)
        return {" ".join(w[i:i + k]) for i in range(max(1, len(w) - k + 1))}

    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


DIACRITICS = "\u064e\u064f\u0650\u0651"


def restyle(text: str, seed: int) -> str:
    """Only diacritics, punctuation and whitespace changed: the folded words stay the same."""
    rng = random.Random(seed)
    words = []
    for w in text.split(" "):
        if rng.random() < 0.3:
            w = w[0] + rng.choice(DIACRITICS) + w[1:]
        words.append(w)
    return "  ".join(words).replace(".", " ،").replace("،  ", "، ") + "!"
