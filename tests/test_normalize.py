from __future__ import annotations

from ghirbal.normalize import faithful, faithful_lines, fold_words, match_key


def test_faithful_keeps_letters_and_diacritics():
    s = "وُصفت بأنها \"جيدة\"، رغم أنها لم تؤدِ"
    assert faithful(s) == s


def test_faithful_removes_decorative_tatweel_runs_only():
    assert faithful("قد يهمك أيضــــــــــــــــًا :") == "قد يهمك أيضًا :"
    assert faithful("الرياض ـ مصر اليوم") == "الرياض ـ مصر اليوم"  # a lone tatweel used as a dash stays


def test_faithful_drops_bidi_and_zero_width_controls_and_squeezes_spaces():
    assert faithful("\u200fمصر\u200b  اليوم\u00a0-\u202c ") == "مصر اليوم -"


def test_faithful_keeps_zwnj():
    assert faithful("می\u200cخواهم") == "می\u200cخواهم"


def test_faithful_repairs_mojibake():
    broken = "مصر اليوم".encode("utf-8").decode("cp1252", errors="replace")
    assert faithful(broken) != broken


def test_faithful_lines_matches_faithful_per_line():
    page = "  سطر أول \r\n\tسطر\u00a0ثان\u200f\n\nthird  line "
    assert faithful_lines(page) == [faithful(x) for x in page.replace("\r\n", "\n").split("\n")]


def test_match_key_folds_variants_and_masks_numbers():
    assert match_key("أُعلن في ١٤ أيار") == match_key("اعلن في 15 ايار")
    assert match_key("الهيئة") == match_key("الهيئه")
    assert match_key("مستشفى") == match_key("مستشفي")
    assert match_key("GMT 15:16") == "gmt 0 0"


def test_match_key_differs_for_different_words():
    assert match_key("قد يهمك أيضا") != match_key("قد يهمك كذلك")


def test_fold_words_is_the_eval_tokenizer():
    assert fold_words("إنّ الـمدرسةَ ٣ Apples") == ["ان", "المدرسه", "3", "apples"]


def test_fold_short_table_path_equals_the_long_scan_path(monkeypatch):
    """Short strings fold through one translate table, long ones through per-character scans: the two
    must agree on every character fold touches (diacritics, letter variants, digits, case, NFKC)."""
    import random

    from ghirbal import normalize

    alphabet = ("أإآٱىةؤئیکابتيه ًٌٍَُِّْـٰۖۗ۟٠١٢٣۴۵۶۹ABCxyzİßﬁ①ﷺ.,؟،" + "".join(chr(c) for c in range(0x610, 0x700, 3)))
    rng = random.Random(11)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    variants = ((True, False), (False, False), (True, True), (False, True))
    short = [[normalize.fold(t, *v) for v in variants] for t in texts]
    monkeypatch.setattr(normalize, "_SHORT", -1)  # every string takes the long path
    long = [[normalize.fold(t, *v) for v in variants] for t in texts]
    assert short == long
    assert normalize.fold("إِنَّ ٣ ی", persian=True) == "ان 3 ي"


def test_tatweel_runs_go_and_single_tatweels_stay_in_any_arrangement():
    import random
    import re

    from ghirbal.normalize import _drop_tatweel_runs

    rng = random.Random(3)
    texts = ["".join(rng.choice("\u0640\u0640\u0640ab ") for _ in range(rng.randint(0, 24))) for _ in range(20000)]
    run = re.compile("\u0640{2,}")
    assert [_drop_tatweel_runs(t) for t in texts] == [run.sub("", t) for t in texts]
    assert _drop_tatweel_runs("مـــرحبا بـكم") == "مرحبا بـكم"


def _words_of_units(texts):
    from ghirbal.normalize import fold_words_units

    units, starts = fold_words_units(texts)
    return [[w for w in units[starts[d]:starts[d + 1]].tobytes().decode("utf-16-le").split("\0") if w]
            for d in range(len(texts))]


def test_fold_words_units_is_fold_words_on_tricky_text():
    texts = [
        "أَهْلاً وَسَهْلاً بِكُمْ في الـــمـــؤتمر ١٢٣ ۴۵ إلى آخره، ومؤسسة مسؤولة!",
        "ﻻ إله ﷺ ﺍﻟﺴﻼﻡ",  # presentation forms: NFKC gives several letters
        "ه\u0654 ا\u0653 و\u0654",  # combining hamza and madda compose with the letter before them
        "café e\u0301tude e\u0340 ΟΔΟΣ Σ İstanbul",  # composition, a canonical singleton, final sigma, İ
        "한국어 \u1100\u1161 ㄱㅏ",  # Hangul syllables, conjoining and compatibility jamo
        "𝐀𝐁 abc 😀 𠀀𠀁 _a_ b__c",  # astral letters, emoji, underscores
        "", "   \n\t", "x", "\ud800 lone surrogate",
        "line one\nline two\r\nthree",
    ]
    assert _words_of_units(texts) == [fold_words(t) for t in texts]


def test_fold_words_units_is_fold_words_on_random_text():
    import random

    rng = random.Random(11)
    pool = ("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةأإآؤئءـًٌٍَُِّْٰ٠١٢٣۴ .،؛!?-_\n" "abcXYZé\u0301\u0654\u0653ﻻﺍﷺΣσ한ㄱ\u1100\u1161𝐀😀")
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 60))) for _ in range(400)]
    assert _words_of_units(texts) == [fold_words(t) for t in texts]


def test_match_keys_are_match_key_of_each_text():
    """The batched keys (one fold and one masking pass over the texts joined by line breaks) are the
    one-by-one keys, at the edges of each text too: punctuation and underscores there, a Greek word
    whose final sigma lower-cases by its context, ligatures NFKC expands, Arabic-Indic digits,
    diacritics, empty texts, a text longer than fold's table pass and one that holds a line break."""
    from ghirbal.normalize import match_keys

    texts = ["", "  ", "__", "...", "أُعلن في ١٤ أيار", "«الهيئة»،", "_under_score_", "ΟΔΟΣ", "ΣΑΣ. Σ",
             "ﬁne ﬂow ﷺ", "GMT 15:16 —", "x_", "_x", "a\u0301b", "مستشفى " * 60, "two\nlines", "tab\there",
             "İstanbul", "K\u212a", "end\u0640", "\u200f-\u200f"]
    assert match_keys(texts) == [match_key(t) for t in texts]
    assert match_keys([t for t in texts if "\n" not in t]) == [match_key(t) for t in texts if "\n" not in t]
    assert match_keys([]) == []
    assert match_keys(["ΟΔΟΣ", "Σ"]) == [match_key("ΟΔΟΣ"), match_key("Σ")]


def test_faithful_lines_keeps_squeezed_lines_when_nothing_is_fixed():
    """Lines already stripped and squeezed (the HTML path's blocks) come back as they are, the same list,
    when the character fixes change nothing; when they change something (a control character, a
    tatweel run, mojibake, a carriage return), the page is split and squeezed as without them."""
    import random

    rng = random.Random(7)
    words = ["مصر", "اليوم", "news", "e\u0301", "\u200f", "\u200b", "قد يهمك أيضــــــًا", "Ã©tÃ©", "\u00a0", "a\rb"]
    for _ in range(300):
        lines = [" ".join(" ".join(rng.choice(words) for _ in range(rng.randint(0, 4))).split())
                 for _ in range(rng.randint(1, 5))]
        page = "\n".join(lines)
        got = faithful_lines(page, lines)
        assert got == faithful_lines(page), lines
    clean = ["سطر أول", "second line", ""]
    assert faithful_lines("\n".join(clean), clean) is clean
    fixed = ["مصر\u200b اليوم", "x"]
    assert faithful_lines("\n".join(fixed), fixed) == ["مصر اليوم", "x"]
