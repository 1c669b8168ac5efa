from __future__ import annotations

import codecs

import pytest

import ghirbal
from ghirbal.decode import DecodeError, decode

ARABIC = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في القاهرة لبحث الأوضاع الاقتصادية."


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6"])
def test_legacy_arabic_code_pages(encoding):
    text, enc = decode(ARABIC.encode(encoding))
    assert text == ARABIC
    assert enc == encoding


def test_utf8_with_bom():
    text, enc = decode(codecs.BOM_UTF8 + ARABIC.encode())
    assert text == ARABIC and enc == "utf-8-sig"


def test_binary_is_refused():
    with pytest.raises(DecodeError):
        decode(bytes(range(256)) * 10)


def test_clean_accepts_legacy_bytes_and_reports_binary():
    page = "\n".join([ARABIC, ARABIC.replace("غدا", "بعد غد"), ARABIC.replace("القاهرة", "عمان")]).encode("cp1256")
    assert ghirbal.clean(page).body
    art = ghirbal.clean(b"\x00\x01\x02" * 1000)
    assert not art.body and art.empty_reason.startswith("undecodable")


def test_invalid_utf8_is_not_lost():
    data = ARABIC.encode() + b"\xff\xfe\xfa" + ARABIC.encode()
    text, _ = decode(data)
    assert "الاجتماع" in text
