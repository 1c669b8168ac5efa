from __future__ import annotations

import pytest

from ghirbal.language import detect_language

CASES = [
    ("قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في القاهرة لبحث الأوضاع.", "ar"),
    ("The council approved the new budget on Tuesday after a long debate about the schools.", "en"),
    ("Le conseil a approuvé le nouveau budget mardi après un long débat sur les écoles de la ville.", "fr"),
    ("دولت جدید برنامه‌های اقتصادی خود را برای کاهش تورم و بیکاری در کشور اعلام کرد و گفت که پیگیری می‌کند.", "fa"),
    ("حکومت نے بجٹ میں تعلیم کے لیے زیادہ رقم رکھی ہے اور وزیر نے کہا کہ اسکولوں کو بہتر بنایا جائے گا۔", "ur"),
    ("12345 67890 !!! ---", "und"),
    ("Правительство объявило о новых мерах поддержки экономики в понедельник.", "und"),
]


@pytest.mark.parametrize("text,lang", CASES)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_arabic_page_with_english_chrome_is_arabic():
    page = "\n".join(["Home", "Share on facebook", "Security Code*"] + ["قال الوزير إن الحكومة ستعلن خطة جديدة للنقل العام في المدن الكبرى."] * 3)
    assert detect_language(page) == "ar"
