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


def test_stopword_hits_count_every_occurrence_of_a_word():
    """A stopword list's hits are its words' occurrences, a repeated one each time (counted once per
    distinct word, times its count): 2 hits are the floor, 1 is not enough; case is folded."""
    assert detect_language("The quick zebra jumps") == "und"  # one stopword
    assert detect_language("The quick zebra jumps over THE lazy dogs") == "en"  # "the" twice
    # A page of many non-stopwords: the share (3 % of its words) decides, repeats counted.
    many = " ".join(f"zq{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(200))
    assert detect_language(many + " the the the the the") == "und"  # 5 of 205 < 3 %
    assert detect_language(many + " the" * 7) == "en"  # 7 of 207 >= 3 %


def test_latin_words_of_ascii_and_other_text_are_read_alike():
    """An ASCII page's words are found in its lower-cased text, any other page's one by one: both read
    the same words (letters that lower-case into the Latin range, "İ" or the Kelvin sign, make no word)."""
    plain = "THE council AND the board met; Le conseil ET la ville"
    assert detect_language(plain) == detect_language(plain + " \u00e9") == "en"
    assert detect_language("\u212a\u0130 the The \u212athe") == detect_language("\u212a\u0130 the The the") == "en"
    assert detect_language("\u0130\u0130 \u212a\u212a zzz") == "und"
    assert detect_language("LE CONSEIL ET LA VILLE ONT") == detect_language("LE CONSEIL ET LA VILLE ONT \u00c9") == "fr"


def test_compiled_latin_word_hits_match_the_reference():
    import random

    from ghirbal.language import _longest_word, latin_word_hits_reference
    from ghirbal.lexicon import stopword_sets

    fast = pytest.importorskip("ghirbal.linemodel._counts").latin_word_hits
    sets = stopword_sets()
    table = tuple(sets.values())
    rnd = random.Random(7)
    pieces = ["The", "THE", "le", "LA", "Der", "und", "était", "ÉTÉ", "l'eau", "'", "×", "ß", "ÿ", "Þ", "İ",
              "\u212a", "ǅ", "naïve", "x" * 300, "Ab" * 140, "  ", "\n", "3", "-", "ﬁ", "ａ", "Àb",
              "\U0001f600", "de\U0001d400"]  # (texts of one, two and four bytes a character)
    texts = ["", "'", " ", "\n\t", "the the", "THE LE ET", "À" * 300, "the \U0001f600 LE"] + [
        "".join(rnd.choice(pieces) + rnd.choice(["", " ", ",", "é"]) for _ in range(rnd.randint(0, 60)))
        for _ in range(2000)]
    for text in texts:
        assert fast(text, table, _longest_word()) == latin_word_hits_reference(text, table), text
    assert fast("The the LE x", table, _longest_word())[0] == 4


def test_compiled_latin_word_hits_with_more_sets_than_its_table_holds():
    """Up to eight stopword sets are looked up in one compiled word table; more fall back to the sets'
    own look-ups: both count what the reference counts."""
    from ghirbal.language import latin_word_hits_reference

    fast = pytest.importorskip("ghirbal.linemodel._counts").latin_word_hits
    sets = tuple(frozenset({w, "the", "é" + w}) for w in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"])
    text = "The A b C the d'E éf G h I J x ÉJ \u00c9a " * 3
    for k in (1, 2, 8, 9, 10):
        got = fast(text, sets[:k], 3)
        assert got == latin_word_hits_reference(text, sets[:k]), k
        assert got[1][0] == 12 and got[0] == 42  # "The", "the", "A", "Éa" three times
