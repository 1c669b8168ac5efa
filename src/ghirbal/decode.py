"""Bytes to text: UTF-8 (with or without BOM), then the legacy Arabic code pages, then a detector."""

from __future__ import annotations

import codecs


class DecodeError(ValueError):
    """The bytes are not text in any encoding ghirbal can recognise."""


_ARABIC_LEGACY = ("cp1256", "iso8859_6")


def _arabic_share(text: str) -> float:
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return 0.0
    return sum(1 for ch in text if "\u0600" <= ch <= "\u06ff") / letters


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control bytes in the first 8 KiB: not a text page."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head and not (head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def decode(data: bytes | str) -> tuple[str, str]:
    """Return (text, encoding name). Raises DecodeError for binary data."""
    if isinstance(data, str):
        return data, "str"
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(name, errors="replace"), name
    if looks_binary(data):
        raise DecodeError("input looks binary (NUL or control bytes), not page text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes (a truncated record, a bad byte): keep it as UTF-8; read as
    # a legacy code page, valid UTF-8 Arabic would turn into plausible-looking but wrong Arabic letters.
    lossy = data.decode("utf-8", errors="replace")
    if lossy.count("\ufffd") <= max(3, len(lossy) // 200):
        return lossy, "utf-8-lossy"
    # Not UTF-8. Arabic legacy code pages first: a detector often calls them Cyrillic or Greek.
    best: tuple[float, str, str] | None = None
    for enc in _ARABIC_LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = _arabic_share(text)
        if best is None or share > best[0]:
            best = (share, text, enc)
    if best and best[0] >= 0.5:
        return best[1], best[2]
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data[:1_000_000]).best()
        if match is not None and match.encoding:
            return data.decode(match.encoding, errors="replace"), match.encoding
    except Exception:  # a detector failure must not lose the page: fall through to lossy UTF-8
        pass
    return data.decode("utf-8", errors="replace"), "utf-8-lossy"
