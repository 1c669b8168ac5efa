"""Writes tests/data/pii.tsv, the PII table (rerun only to rebuild it; the table is what tests read).

Positives are made valid by outside authorities, not by ghirbal's own checks: phone numbers are kept only
when Google's libphonenumber (`phonenumbers`) calls them valid numbers of their country, IBAN check digits
and Luhn digits come from python-stdnum. Negatives are the texts that must survive: dates, amounts,
scores, laws, hotlines, ISBNs, versions, and numbers that fail their checks.

    pip install phonenumbers python-stdnum && python tests/data/make_pii_tsv.py

Columns: group, text, expected ("-" for none, else KIND=value items joined by " | ").
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import phonenumbers as pn
from phonenumbers import PhoneNumberFormat as F
from phonenumbers import PhoneNumberType as T
from stdnum import luhn
from stdnum.iso7064 import mod_97_10

OUT = Path(__file__).with_name("pii.tsv")
R = random.Random(20261201)
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
LRE, PDF, RLM = "\u202a", "\u202c", "\u200f"

rows: list[tuple[str, str, str]] = []


def add(group: str, template: str, *spans: tuple[str, str]) -> None:
    """`template` holds one {} per span, filled in order."""
    text = template.format(*(v for _, v in spans))
    assert "\t" not in text and "\n" not in text
    rows.append((group, text, " | ".join(f"{k}={v}" for k, v in spans) or "-"))


def neg(group: str, text: str) -> None:
    rows.append((group, text, "-"))


# --- phones -------------------------------------------------------------------------------------
REGIONS = "EG SA AE JO KW QA BH OM LB SY IQ YE PS MA DZ TN LY SD MR".split()
CUE = ["للتواصل: {}", "اتصل على الرقم {} للاستفسار", "رقم الجوال {}", "هاتف: {}", "يمكن التواصل معه عبر واتساب {}",
       "For details call {} today", "Tél : {}", "وقال إن رقم هاتفه {} متاح طوال اليوم"]
PLAIN = ["أرسل رسالة إلى {} قبل الموعد", "{} هو الرقم الذي ظهر في الإعلان", "وكتب على اللافتة {} بخط كبير"]


def valid_number(region: str, kind) -> pn.PhoneNumber:
    ex = pn.example_number_for_type(region, kind)
    nsn = str(ex.national_number)
    for _ in range(200):
        keep = max(2, len(nsn) - 6)
        cand = nsn[:keep] + "".join(R.choice("0123456789") for _ in range(len(nsn) - keep))
        num = pn.parse("+" + str(ex.country_code) + cand)
        if pn.is_valid_number(num) and pn.number_type(num) in (kind, T.FIXED_LINE_OR_MOBILE):
            return num
    return ex


for region in REGIONS:
    for kind in (T.MOBILE, T.FIXED_LINE):
        num = valid_number(region, kind)
        intl = pn.format_number(num, F.INTERNATIONAL)
        e164 = pn.format_number(num, F.E164)
        nat = pn.format_number(num, F.NATIONAL)
        g = f"phone-{region}-{'mobile' if kind == T.MOBILE else 'fixed'}"
        add(g, R.choice(CUE), ("PHONE", intl))
        add(g, R.choice(PLAIN), ("PHONE", e164))
        add(g, R.choice(CUE), ("PHONE", nat))
        add(g + "-indic", R.choice(CUE), ("PHONE", nat.translate(INDIC)))
        if kind == T.MOBILE:
            add(g, R.choice(PLAIN), ("PHONE", "00" + e164[1:]))
            add(g + "-indic", R.choice(PLAIN), ("PHONE", intl.translate(INDIC)))
            add(g + "-persian", R.choice(CUE), ("PHONE", e164.translate(PERSIAN)))
            add(g + "-dashes", R.choice(CUE), ("PHONE", intl.replace(" ", "-")))
            add(g + "-rtl", "رقم الجوال " + LRE + "{}" + PDF + " للحجز", ("PHONE", intl))
            add(g + "-rtl", "واتساب: {}" + RLM, ("PHONE", e164[1:] + "+"))
            if nat.startswith("0"):
                add(g, R.choice(PLAIN), ("PHONE", nat.replace(" ", "")))
                add(g + "-dots", R.choice(CUE), ("PHONE", nat.replace(" ", ".")))

# Hand-written forms (group, sentence, number): parentheses around an area code; "(0)" after a country code;
# a company's switchboard in an ordinary landline format (redacted: README, the default leans to privacy);
# a number inside the sentence's parentheses (not part of it); a phone word after the number; mixed separators.
HAND = [
    ("phone-EG-fixed", "للحجز {} من العاشرة صباحا", "(02) 2345 6789"),
    ("phone-SA-mobile", "Call us on {} anytime", "+966 (0) 55 123 4567"),
    ("phone-AE-fixed", "هاتف المكتب {}", "(04) 321 7654"),
    ("phone-JO-mobile", "رقمه {} وقد أغلقه", "(+962) 79 555 1234"),
    ("phone-switchboard", "ولمزيد من المعلومات يرجى الاتصال بمقر الشركة على الرقم {}", "02 2736 1111"),
    ("phone-switchboard", "سنترال المستشفى: {}", "011 465 5555"),
    ("phone-SA-mobile", "للتواصل ({})", "0551234567"),
    ("phone-SA-mobile", "يمكن الاتصال به (على {}) مساء", "+966551234567"),
    ("phone-EG-mobile", "رقم الهاتف: {}", "+ 20 122 345 6789"),
    ("phone-KW-mobile", "الكويت: {} هاتف", "99887766"),
    ("phone-QA-mobile", "{} (جوال)", "33123456"),
    ("phone-DZ-mobile", "Tél. {}", "+213 (0) 5 55 12 34 56"),
    ("phone-IQ-mobile", "هاتف {} بغداد", "+964 (0)770 123 4567"),
    ("phone-AE-fixed", "Tel: {}", "+971-4-3456789"),
    ("phone-other", "London office {}", "+44 20 7946 0958"),
    ("phone-other", "US: {}", "+1 (415) 555-2671"),
    ("phone-SA-mobile", "واتساب {}", "966501234567"),
    ("phone-EG-mobile", "رقم الواتس {}", "201001234567"),
]
for group, sentence, number in HAND:
    add(group, sentence, ("PHONE", number))
add("phone-multi", "للتواصل {} أو {}", ("PHONE", "0501234567"), ("PHONE", "+20 100 765 4321"))

# --- emails -------------------------------------------------------------------------------------
EMAILS = ["ahmed.ali@gmail.com", "info@alarabiya.net", "m_hassan92@yahoo.com", "sara-k@company.co.uk",
          "press@un.org", "contact+news@example.ae", "f.benali@univ-alger.dz", "khaled.omar@hotmail.fr",
          "no.reply@mail.gov.sa", "editor@youm7.com", "a1b2c3@outlook.com", "noura.al-saud@ksu.edu.sa"]
ETPL = ["راسلونا على {}", "البريد الإلكتروني: {}", "Email: {}", "للشكاوى {} أو عبر الموقع", "({})",
        "أرسل سيرتك الذاتية إلى {}.", "écrivez à {}", "تواصل مع المحرر: {}"]
for e in EMAILS:
    add("email", R.choice(ETPL), ("EMAIL", e))
add("email-rtl", "البريد: " + LRE + "{}" + PDF, ("EMAIL", "omar.k@gmail.com"))
add("email-multi", "{} و {}", ("EMAIL", "a@b.co"), ("EMAIL", "x.y@z.org"))
add("email+phone", "للتواصل: {} أو {}", ("EMAIL", "sales@shop.com.eg"), ("PHONE", "01001234567"))

# --- national ids -------------------------------------------------------------------------------
GOVS = ["01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "22", "23", "24",
        "25", "26", "27", "28", "29", "31", "32", "33", "34", "35", "88"]
IDTPL = ["الرقم القومي {}", "بطاقة رقم قومي: {}", "رقم البطاقة الشخصية {}", "National ID {}", "يحمل الرقم القومي {} وفق التحقيقات"]


def egypt_id(year: int, gov: str) -> str:
    born = dt.date(year, 1, 1) + dt.timedelta(days=R.randrange(365))
    century = "2" if year < 2000 else "3"
    return century + born.strftime("%y%m%d") + gov + "".join(R.choice("0123456789") for _ in range(5))


for k in range(24):
    v = egypt_id(R.choice(range(1940, 2010)), GOVS[k % len(GOVS)])
    add("id-EG" + ("-indic" if k % 4 == 3 else ""), R.choice(IDTPL), ("NATIONAL_ID", v.translate(INDIC) if k % 4 == 3 else v))

SATPL = ["رقم الهوية {}", "رقم الإقامة: {}", "هوية وطنية رقم {}", "Iqama No. {}", "صاحب السجل المدني {}"]
for k in range(24):
    body = R.choice("12") + "".join(R.choice("0123456789") for _ in range(8))
    v = body + luhn.calc_check_digit(body)
    tr = INDIC if k % 4 == 3 else (PERSIAN if k % 8 == 5 else None)
    add("id-SA" + ("-indic" if tr is INDIC else "-persian" if tr is PERSIAN else ""), R.choice(SATPL),
        ("NATIONAL_ID", v.translate(tr) if tr else v))

# --- IBANs --------------------------------------------------------------------------------------
IBAN_EXAMPLES = ["SA0380000000608010167519", "AE070331234567890123456", "EG380019000500000000263180002",
                 "JO94CBJO0010000000000131000302", "KW81CBKU0000000000001234560101", "QA58DOHB00001234567890ABCDEFG",
                 "BH67BMAG00001299123456", "LB62099900000001001901229114", "TN5910006035183598478831",
                 "MA64011519000001205000534921", "DZ580002100001113000000570", "IQ98NBIQ850123456789012",
                 "LY83002048000020100120361", "OM810180000001299123456", "PS92PALS000000000400123456702",
                 "MR1300020001010000123456753", "SD2129010501234001", "GB29NWBK60161331926819",
                 "DE89370400440532013000", "FR1420041010050500013M02606", "TR330006100519786457841326"]
IBTPL = ["رقم الحساب (آيبان): {}", "IBAN: {}", "حوّل المبلغ إلى {} باسم الجمعية", "الآيبان {}"]


def iban_with_check(country: str, bban: str) -> str:
    check = 98 - (int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97)
    return f"{country}{check:02d}{bban}"


def grouped(s: str) -> str:
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


for ex in IBAN_EXAMPLES:
    add(f"iban-{ex[:2]}", R.choice(IBTPL), ("IBAN", ex))
    bban = "".join(R.choice("0123456789") if c.isdigit() else c for c in ex[4:])
    made = iban_with_check(ex[:2], bban)
    assert mod_97_10.is_valid(made[4:] + made[:4])
    add(f"iban-{ex[:2]}", R.choice(IBTPL), ("IBAN", grouped(made)))
    if ex[:2] in ("SA", "AE", "EG", "JO", "KW", "QA"):
        add(f"iban-{ex[:2]}-indic", R.choice(IBTPL), ("IBAN", grouped(made).translate(INDIC)))

# --- cards --------------------------------------------------------------------------------------
CARD_PREFIXES = [("4", 16), ("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15),
                 ("6011", 16), ("35", 16), ("62", 16), ("446404", 16), ("588845", 16), ("507803", 16), ("4", 13)]
CTPL = ["رقم البطاقة {}", "دفع ببطاقة {} وانتهت صلاحيتها", "card number {}", "بطاقة ائتمان رقم: {}"]


def card(prefix: str, n: int) -> str:
    body = prefix + "".join(R.choice("0123456789") for _ in range(n - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def card_format(v: str, k: int) -> str:
    if len(v) == 15:
        return f"{v[:4]} {v[4:10]} {v[10:]}"
    if k % 3 == 0:
        return v
    sep = " " if k % 3 == 1 else "-"
    return sep.join(v[i:i + 4] for i in range(0, len(v), 4))


for k, (p, n) in enumerate(CARD_PREFIXES * 2):
    v = card_format(card(p, n), k)
    add("card" + ("-indic" if k % 5 == 4 else ""), R.choice(CTPL), ("CARD", v.translate(INDIC) if k % 5 == 4 else v))
add("card", "بطاقة الاختبار {}", ("CARD", "4111 1111 1111 1111"))

# --- IPs ----------------------------------------------------------------------------------------
ITPL = ["عنوان IP: {}", "من العنوان {} تم الدخول", "server at {} responded", "سجل الخادم {} عدة محاولات"]
for k in range(14):
    v = ".".join(str(x) for x in (R.randrange(1, 224), R.randrange(256), R.randrange(256), R.randrange(1, 255)))
    add("ip-v4", R.choice(ITPL), ("IP", v))
for v in ("2001:db8:85a3::8a2e:370:7334", "fe80::1ff:fe23:4567:890a", "2a00:1450:4018:80b::200e",
          "2001:0db8:0000:0000:0000:ff00:0042:8329"):
    add("ip-v6", R.choice(ITPL), ("IP", v))
add("ip-v4-indic", "عنوان الجهاز {}", ("IP", "192.168.10.25".translate(INDIC)))

# --- negatives that must survive ------------------------------------------------------------------
for s in ["نشر في 2020-05-10 الساعة 10:30", "الخميس 05-10-2020 10:45 صباحا", "بتاريخ 12.05.2020", "التاريخ: 10/05/2020",
          "آخر تحديث ٢٠٢٠/٠٥/١٠ - ١١:٣٠", "١٠-٠٥-٢٠٢٠ ١٠:٣٠", "الثلاثاء 10 مايو 2020", "17 رمضان 1441 هـ الموافق 10 مايو 2020",
          "2020-05-10T14:30:00Z", "في 03.12.2019 14.30", "Published 10.05.2020 12:00", "يوم 01 01 2021 بدأ العام",
          "الموافق 2021/07/14 و 2021/07/15", "10:30:45", "من 08:00 حتى 17:00", "١٢.٠٥.٢٠٢٠", "الساعة 23.59.59",
          "20200510", "ثم 2019-11-30 14:05:00"]:
    neg("neg-date", s)
for s in ["بلغت الصفقة 1,500,000 ريال", "بقيمة 2.500.000 جنيه", "نحو $12500000 في العام", "بمبلغ 1 250 000 درهم",
          "3.5 مليار دولار", "12500000 دولار", "سعر البرميل 78.45 دولار", "ارتفعت إلى ١٬٥٠٠٬٠٠٠ ريال",
          "خسائر تقدر بـ 4 500 000 000 ليرة", "ميزانية 1000000008 ريال", "USD 25000000", "€ 3 400 000",
          "العائد 0.5 0.25 0.125 في الأشهر الثلاثة", "بيع بـ 2 750 000 000 دينار", "عدد السكان 104 000 000 نسمة"]:
    neg("neg-amount", s)
for s in ["بنسبة 12.5%", "ارتفع ٪ 45", "نمو 3.75% خلال 2019", "انتهت المباراة 3-1", "بنتيجة 2 - 2", "فاز (1-0) على",
          "النتيجة ١-٠", "سجل 105-98 في الشوط", "تراجع بنسبة 0.25% إلى 11.75%"]:
    neg("neg-percent-score", s)
for s in ["بين 2015-2020", "في الفترة 1990 – 2000", "من 2010 إلى 2015", "موسم 2019/2020", "خطة 2020-2030 و 2030-2040",
          "عام 2019 2020 2021", "الأعوام ٢٠١٥-٢٠٢٠", "خلال 1441-1442 هـ"]:
    neg("neg-year-range", s)
for s in ["المادة 14 من القانون رقم 10 لسنة 2015", "القانون رقم 1234567", "المرسوم رقم 2016-1234567",
          "قرار رقم 1010123456 لسنة 2020", "السجل التجاري 1010123457", "سجل تجاري رقم ١٠١٠١٢٣٤٥٧",
          "الرقم الضريبي 300012345600003", "رقم الدعوى 12345 لسنة 2019", "القضية رقم 2019-123456"]:
    neg("neg-law-register", s)
for s in ["اتصل بالرقم 911", "الطوارئ 997", "الخط الساخن 19999", "للشكاوى 16000", "الإسعاف 123", "اتصل على 1919",
          "الرقم الموحد 920000890", "الرقم المجاني 800 124 4444", "خدمة العملاء 0800 123 4567", "الرقم المجاني 8001240000",
          "الرقم الموحد ٩٢٠٠٠٠٨٩٠", "رسالة قصيرة إلى 5050", "اتصل 600 522222"]:
    neg("neg-hotline-org", s)
for s in ["ISBN 978-3-16-148410-0", "ردمك 978-9953-87-545-1", "ISBN 9789953875451", "ISSN 2049-3630",
          "الإصدار 1.2.3.4", "v10.0.0.1", "Android 4.4.2", "Chrome 120.0.6099.109", "النسخة 2.10.1.5 من البرنامج",
          "version 1.0.0.255", "DOI 10.1000/182"]:
    neg("neg-isbn-version", s)
for s in ["https://www.youm7.com/story/2020/8/24/4946153", "رابط الخبر news.com/id=20200510123", "#0501234567abc",
          "الرقم المرجعي ORD-0501234567", "رمز المنتج SKU_29001011234567", "الإحداثيات 30.0444, 31.2357",
          "ط = 3.14159265358979", "الرمز البريدي 11511", "ص.ب 2345 الرياض 11451", "عدد الزوار 1234567 زائر"]:
    neg("neg-url-code", s)
# Numbers that fail their checks.
for ex in IBAN_EXAMPLES[:10]:
    bad = ex[:2] + f"{(int(ex[2:4]) + 1) % 100:02d}" + ex[4:]
    neg("neg-checksum-iban", R.choice(IBTPL).format(bad))
neg("neg-checksum-iban", "IBAN: SA03 8000 0000 6080 1016 751")  # one digit short
for k in range(10):
    v = card("4", 16)
    bad = v[:-1] + str((int(v[-1]) + 1 + k % 8) % 10)
    neg("neg-checksum-card", R.choice(CTPL).format(card_format(bad, k)))
for k in range(10):
    body = R.choice("12") + "".join(R.choice("0123456789") for _ in range(8))
    good = luhn.calc_check_digit(body)
    bad = body + str((int(good) + 1 + k % 8) % 10)
    if k % 2:  # failing the check and not named as an id: a number like any other
        neg("neg-checksum-id-SA", R.choice(["الرقم {} ظهر في الإعلان", "وحدة رقم {}", "العدد {}"]).format(bad))
    else:  # failing the check but named as an id: still someone's id (README, PII)
        add("id-SA-named", R.choice(SATPL), ("NATIONAL_ID", bad))
neg("neg-checksum-id-SA", "رقم الهوية 3123456789")
neg("neg-amount", "بلغ عدد المشاهدات 1234567897 مشاهدة")  # neither citizen (1) nor resident (2)
for v in ["29013451234567", "29002301234567", "29001019912345", "49001011234567", "33001011234567",
          "29001010012345", "39912311234567", "29002291234567"]:
    neg("neg-checksum-id-EG", f"الرقم القومي {v}")
# Wrong lengths for their country (a national number with a trunk 0 of 8-10 digits is valid in some plan of
# the region, so national negatives are too long instead).
for s in ["+966 50 123 456", "جوال 05012345678901", "+20 10 1234 567", "+971 50 123 45678", "+962 7 9012 34",
          "٠٥٠١٢٣٤٥٦٧٨٩٠", "+966 40 123 4567", "+212 6 12 34 56", "+965 5123 456"]:
    neg("neg-checksum-phone", s)
for s in ["عنوان 256.1.1.1", "القيمة 1.2.3", "12.05.2020.1", "المرجع 999.999.999.999", "الجدول 1.2.3.4.5"]:
    neg("neg-ip", s)
for s in ["تابعونا @ghirbal_news", "ahmed@ بدون نطاق", "صورة image@2x.png", "a@b"]:
    neg("neg-email", s)
# Seen on real pages (wcxb-dev): section and version numbers, network blocks, decimals, company registers.
for s in ["See Section 7.8.2.1 for examples", "Server: openresty/1.9.7.1", "3.7.1.1 Using a precompiled build",
          "loopback (127.0.0.0/8 for IPv4, fe80::/64 for IPv6)", "124.1666 25.125628140704 50 2 2 5 1708604434000",
          "0.520092216785997  0.0735620250925422", "Registered in England & Wales (no. 06951544)",
          "company number 03997482, registered", "IBAN NL45RABO0105881341EUR   KvK 02087026"]:
    neg("neg-real-pages", s)
for s in ["0123456789", "الرمز 0000000000", "هاتف: 0000000000", "الأعوام 2019 2020 2021",
          "أرباح شركة الاتصالات في 2020 2021", "عبر مواقع التواصل الاجتماعي 12345678 مرة", "للاتصال: 2019 2020"]:
    neg("neg-placeholder", s)
for s in ["النص لا يحتوي على أي أرقام", "Plain English text without numbers.", "٣ أشخاص و 4 سيارات", "الفصل 12، الصفحة 345"]:
    neg("neg-misc", s)

OUT.write_text(
    "# PII table: see tests/data/make_pii_tsv.py (how it is made) and tests/test_pii.py (how it is read).\n"
    "group\ttext\texpected\n" + "".join(f"{g}\t{t}\t{e}\n" for g, t, e in rows),
    encoding="utf-8",
)
print(f"{len(rows)} rows ({sum(e != '-' for _, _, e in rows)} with spans) -> {OUT}")
