"""ghirbal.pii: the table of tests/data/pii.tsv, the checks against outside implementations, redaction,
and the `pii` step of `ghirbal run` (redact, tag, none; lines kept only with --keep-pii)."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import orjson
import pytest
from test_run_support import assert_invariant, ledger, main, output_records, page, write_jsonl

from ghirbal import pii
from ghirbal.pii import checks

TABLE = Path(__file__).parent / "data" / "pii.tsv"


def table_rows() -> list[tuple[str, str, set[tuple[str, str]]]]:
    rows = []
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    assert lines[0] == "group\ttext\texpected"
    for ln in lines[1:]:
        group, text, expected = ln.split("\t")
        spans = set() if expected == "-" else {tuple(x.split("=", 1)) for x in expected.split(" | ")}
        rows.append((group, text, spans))
    return rows


def test_the_table_covers_every_kind_country_and_negative():
    rows = table_rows()
    assert len(rows) >= 300
    groups = Counter(g for g, _, _ in rows)
    kinds = Counter(k for _, _, spans in rows for k, _ in spans)
    assert set(kinds) == set(pii.KINDS)
    for country in "EG SA AE JO KW QA BH OM LB SY IQ YE PS MA DZ TN LY SD MR".split():
        assert groups[f"phone-{country}-mobile"] and groups[f"phone-{country}-mobile-indic"], country
    for g in ("neg-date", "neg-amount", "neg-percent-score", "neg-year-range", "neg-law-register", "neg-hotline-org",
              "neg-isbn-version", "neg-checksum-iban", "neg-checksum-card", "neg-checksum-id-SA", "neg-checksum-id-EG",
              "id-EG-indic", "id-SA-indic", "iban-SA-indic", "card-indic"):
        assert groups[g] >= 1, g


def test_table():
    wrong = []
    for group, text, expected in table_rows():
        spans = pii.find(text)
        for s in spans:
            assert text[s.start:s.end] == s.value
        got = {(s.kind, s.value) for s in spans}
        if got != expected:
            wrong.append(f"{group}: {text!r}: expected {sorted(expected)}, got {sorted(got)}")
    assert not wrong, f"{len(wrong)} rows wrong:\n" + "\n".join(wrong)


# --- the checks against outside implementations ------------------------------------------------


def test_luhn_agrees_with_stdnum():
    luhn = pytest.importorskip("stdnum.luhn")
    rnd = random.Random(1)
    for _ in range(2000):
        digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randrange(2, 20)))
        assert checks.luhn(digits) == luhn.is_valid(digits), digits


def test_iban_agrees_with_stdnum_mod97():
    mod97 = pytest.importorskip("stdnum.iso7064.mod_97_10")
    lengths = pii.finder().iban_lengths
    rnd = random.Random(2)
    for country, n in sorted(lengths.items()):
        for _ in range(20):
            body = "".join(rnd.choice("0123456789") for _ in range(n - 4))
            cand = f"{country}{rnd.randrange(100):02d}{body}"
            assert checks.iban(cand, lengths) == mod97.is_valid(cand[4:] + cand[:4]), cand
    assert not checks.iban("SA0380000000608010167519"[:-1], lengths)  # a digit short: wrong length
    assert not checks.iban("XX0380000000608010167519", lengths)  # no such country


def test_egypt_id_parts():
    govs = pii.finder().governorates
    assert checks.egypt_id("29001011234567", govs)  # 1990-01-01, Cairo
    assert checks.egypt_id("30502298812345", govs) is False  # 2005-02-29 does not exist
    assert checks.egypt_id("29001019912345", govs) is False  # governorate 99
    assert checks.egypt_id("49001011234567", govs) is False  # century 4
    import datetime as dt

    assert checks.egypt_id("32501011234567", govs, today=dt.date(2024, 1, 1)) is False  # born in the future


def test_phone_plans_agree_with_libphonenumber_examples():
    """Every Arab country's example mobile and fixed numbers (libphonenumber's metadata) are found in
    international and national form; their toll-free examples are not (organizations' numbers)."""
    pn = pytest.importorskip("phonenumbers")
    from phonenumbers import PhoneNumberFormat as F
    from phonenumbers import PhoneNumberType as T

    for region in "EG SA AE JO KW QA BH OM LB SY IQ YE PS MA DZ TN LY SD MR".split():
        for kind in (T.MOBILE, T.FIXED_LINE):
            ex = pn.example_number_for_type(region, kind)
            for fmt in (F.INTERNATIONAL, F.E164, F.NATIONAL):
                text = "هاتف: " + pn.format_number(ex, fmt)
                assert [s.kind for s in pii.find(text)] == ["PHONE"], (region, kind, text)
        free = pn.example_number_for_type(region, T.TOLL_FREE)
        if free is not None:
            text = "هاتف: " + pn.format_number(free, F.INTERNATIONAL)
            assert pii.find(text) == [], text
            assert [s.kind for s in pii.find(text, org_numbers=True)] == ["PHONE"], text


# --- find and redact ---------------------------------------------------------------------------------


def test_offsets_are_into_the_given_text_whatever_its_digits():
    text = "اتصل على ٠١٠٠١٢٣٤٥٦٧ أو ۰۵۰۱۲۳۴۵۶۷، أو اكتب إلى a.b@x.org"
    spans = pii.find(text)
    assert [(s.kind, text[s.start:s.end]) for s in spans] == [
        ("PHONE", "٠١٠٠١٢٣٤٥٦٧"), ("PHONE", "۰۵۰۱۲۳۴۵۶۷"), ("EMAIL", "a.b@x.org")]


def test_redact_placeholders_kinds_and_overrides():
    text = "هاتف 0501234567 وبريد a@b.com والآيبان SA03 8000 0000 6080 1016 7519 من 10.0.0.1"
    assert pii.redact(text) == "هاتف <PHONE> وبريد <EMAIL> والآيبان <IBAN> من <IP>"
    assert pii.redact(text, kinds=["email"]) == text.replace("a@b.com", "<EMAIL>")
    assert pii.redact(text, kinds="PHONE", placeholders={"PHONE": "[هاتف]"}).startswith("هاتف [هاتف] وبريد a@b.com")
    with pytest.raises(ValueError, match="unknown PII kind"):
        pii.redact(text, kinds=["SSN"])


def test_rtl_wrapped_and_reversed_plus():
    text = "رقم الجوال \u202b\u202a+971 50 123 4567\u202c\u202c للحجز، واتساب 966501234567+\u200f"
    assert [s.value for s in pii.find(text)] == ["+971 50 123 4567", "966501234567+"]


def test_nothing_to_find_without_digits_or_at():
    assert pii.find("نص عربي طويل بلا أرقام ولا بريد " * 50) == []
    assert pii.find("") == []


# --- the run step ---------------------------------------------------------------------------------

PHONE, EMAIL = "0501234567", "ahmed.ali@gmail.com"


def _pii_page(i: int) -> str:
    return "\n".join(f"{ln} للتواصل {PHONE} أو {EMAIL}" if len(ln) > 80 else ln for ln in page(i).split("\n"))


def _run(tmp_path, *flags: str) -> tuple[Path, int]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [orjson.dumps({"id": f"p{i}", "url": f"https://g.com/{i}", "text": _pii_page(i)}) for i in range(3)])
    out = tmp_path / "out"
    # quality tag: every paragraph of these pages ends in the appended e-mail, not a stop (the quality
    # filter would reject them as low-quality: that is not what these tests are about)
    code = main("run", str(src), "--out", str(out), "--sites", "none", "--no-progress", "-j", "1", "--quality", "tag", *flags)
    return out, code


def _stats(out: Path) -> dict:
    return json.loads((out / "stats.json").read_text(encoding="utf-8"))


def test_run_redacts_by_default_and_counts_per_kind(tmp_path):
    out, code = _run(tmp_path, "--annotate")
    assert code == 0
    arts, _ = output_records(out)
    assert len(arts) == 3
    for a in arts:
        assert "<PHONE>" in a["body"] and "<EMAIL>" in a["body"]
        assert PHONE not in a["body"] and EMAIL not in a["body"]
        assert not any(PHONE in ln["text"] or EMAIL in ln["text"] for ln in a["lines"])
        assert "pii" not in a
    counts = _stats(out)["steps"]["pii"]
    n_phone = sum(a["body"].count("<PHONE>") + (a["title"] or "").count("<PHONE>") for a in arts)
    assert counts["PHONE"] >= n_phone > 0 and counts["EMAIL"] > 0 and counts["pages_with_pii"] == 3
    assert "Personal data" in (out / "report.html").read_text(encoding="utf-8")
    assert_invariant(ledger(out))


def test_run_tag_leaves_text_and_points_at_it(tmp_path):
    out, code = _run(tmp_path, "--pii", "tag")
    assert code == 0
    arts, _ = output_records(out)
    for a in arts:
        assert PHONE in a["body"] and "<PHONE>" not in a["body"]
        body_spans = [s for s in a["pii"] if s["field"] == "body"]
        assert body_spans and {a["body"][s["start"]:s["end"]] for s in body_spans} == {PHONE, EMAIL}
    assert _stats(out)["steps"]["pii"]["tagged"] > 0


def test_run_none_and_keep_pii(tmp_path):
    out, code = _run(tmp_path, "--pii", "none")
    assert code == 0
    arts, _ = output_records(out)
    assert all(PHONE in a["body"] for a in arts) and "pii" not in _stats(out).get("steps", {})

    out, code = _run(tmp_path / "keep", "--annotate", "--keep-pii")
    assert code == 0
    arts, _ = output_records(out)
    for a in arts:
        assert "<PHONE>" in a["body"]
        assert any(PHONE in ln["text"] for ln in a["lines"])  # the annotation keeps the original lines


def test_keep_pii_needs_annotate(tmp_path, capsys):
    _, code = _run(tmp_path, "--keep-pii")
    assert code == 2 and "--annotate" in capsys.readouterr().err


def test_run_tag_in_parquet_keeps_the_spans(tmp_path):
    from ghirbal.io.shards import read_shard

    out, code = _run(tmp_path, "--pii", "tag", "--format", "parquet")
    assert code == 0
    rows = [r for p in sorted(out.glob("articles-*.parquet")) for r in read_shard(str(p))]
    assert rows and all(any(s["kind"] == "PHONE" for s in r["pii"]) for r in rows)


def test_step_fields_and_modes_on_a_record():
    from ghirbal.pii.step import PiiStep

    def record():
        return {"title": "اتصل 0501234567", "body": "x@y.com", "captions": ["هاتف 0551234567"], "author": "0501234567",
                "related": [{"title": "عاجل 0561234567", "date": None}], "lines": [{"text": "x@y.com"}]}

    rec, stats = record(), Counter()
    PiiStep("redact", {}).process(rec, None, stats)
    assert (rec["title"], rec["body"], rec["captions"]) == ("اتصل <PHONE>", "<EMAIL>", ["هاتف <PHONE>"])
    assert rec["author"] == "0501234567" and rec["related"][0]["title"] == "عاجل 0561234567"  # not in pii.fields
    assert rec["lines"][0]["text"] == "<EMAIL>"
    assert stats["PHONE"] == 2 and stats["EMAIL"] == 1 and stats["pages_with_pii"] == 1

    rec = record()
    PiiStep("redact", {"fields": ["related"], "keep_lines": True}).process(rec, None, Counter())
    assert rec["related"][0]["title"] == "عاجل <PHONE>" and rec["title"] == "اتصل 0501234567"
    assert rec["lines"][0]["text"] == "x@y.com"

    rec = record()
    PiiStep("tag", {"fields": ["captions", "related"]}).process(rec, None, Counter())
    assert rec["pii"] == [{"field": "captions.0", "kind": "PHONE", "start": 5, "end": 15},
                          {"field": "related.0", "kind": "PHONE", "start": 5, "end": 15}]
    with pytest.raises(ValueError, match="unknown field"):
        PiiStep("redact", {"fields": ["meta"]})
    with pytest.raises(ValueError, match="pii mode"):
        PiiStep("filter", {})


def test_cells_of_a_table_never_join_into_a_number():
    """Calendar days in tab-separated cells (WET text of a date picker) are no id, however they add up."""
    days = "\t\t".join(str(d) for d in range(1, 31))
    assert pii.find(days) == []
    assert "NATIONAL_ID" not in {s.kind for s in pii.find("Fax: (260) 432-1758")}  # ids are written in one piece


def test_random_valid_numbers_of_every_arab_plan_are_found():
    """Numbers libphonenumber calls valid (mobile and fixed, 19 countries), in international, E.164 and
    national form after a phone word: every one is found whole."""
    pn = pytest.importorskip("phonenumbers")
    from phonenumbers import PhoneNumberFormat as F
    from phonenumbers import PhoneNumberType as T

    rnd = random.Random(7)
    missed, checked = [], 0
    for region in "EG SA AE JO KW QA BH OM LB SY IQ YE PS MA DZ TN LY SD MR".split():
        cc = pn.country_code_for_region(region)
        for kind in (T.MOBILE, T.FIXED_LINE):
            nsn = str(pn.example_number_for_type(region, kind).national_number)
            found = 0
            for _ in range(3000):
                if found == 10:
                    break
                cand = nsn[:rnd.randrange(1, 3)] + "".join(rnd.choice("0123456789") for _ in range(len(nsn)))
                num = pn.parse(f"+{cc}{cand[:len(nsn)]}")
                if not pn.is_valid_number(num) or pn.number_type(num) not in (kind, T.FIXED_LINE_OR_MOBILE):
                    continue
                found += 1
                for fmt in (F.INTERNATIONAL, F.E164, F.NATIONAL):
                    written = pn.format_number(num, fmt)
                    checked += 1
                    if [(s.kind, s.value) for s in pii.find("هاتف: " + written)] != [("PHONE", written)]:
                        missed.append((region, written))
    assert checked > 1000 and not missed, missed[:20]
