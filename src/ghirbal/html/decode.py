"""HTML bytes to text: the page's declared charset where it is believable, `ghirbal.decode` otherwise."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import Any, TypeVar

import ghirbal.config
from ghirbal.decode import DecodeError, decode

Tree = TypeVar("Tree")

_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]{2,40})", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.\-]{2,40})", re.I)
# HTML's rule (WHATWG): these labels mean windows-1252; a page cannot really be in UTF-16 if its
# bytes spelled an ASCII <meta> tag.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252", "utf-16": "utf-8", "utf-16le": "utf-8",
                    "utf-16be": "utf-8", "x-user-defined": "cp1252", "windows-1256": "cp1256",
                    "iso-8859-6": "iso8859_6", "arabic": "iso8859_6"}
_WESTERN = ("cp1252", "iso8859-1", "iso8859-15", "latin-1")


def declared_charset(data: bytes, *, config: dict[str, Any] | None = None) -> str | None:
    """The Python codec of a `<meta charset>`, `<meta http-equiv=Content-Type content=...charset=>` or
    `<?xml encoding=?>` in the first 4 KiB (`charset_scan_bytes`); None when absent or unknown."""
    head = data[: (config or ghirbal.config.default())["html"]["charset_scan_bytes"]]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    return charset_codec(m.group(1).decode("ascii", "replace"))


def charset_codec(label: str | None) -> str | None:
    """The Python codec of a charset label ("windows-1256", "ISO-8859-1" read as windows-1252), or None."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def http_charset(content_type: str | None) -> str | None:
    """The charset label of an HTTP Content-Type header ("text/html; charset=windows-1256"), or None."""
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'") or None
    return None


def _arabic_among_non_ascii(text: str) -> float:
    letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff") / len(letters)


def decode_html(data: str | bytes, *, config: dict[str, Any] | None = None, charset: str | None = None) -> tuple[str, str]:
    """(text, encoding). Valid UTF-8 stays UTF-8 whatever the page declares (saved and re-encoded
    pages keep their old `<meta charset>`; valid multi-byte UTF-8 is never a legacy code page by
    chance). Otherwise a declared charset is honoured, except a Western one (windows-1252 /
    ISO-8859-1) on bytes that read as Arabic in windows-1256, the classic misconfigured Arabic site.
    The declaration is the HTTP header's `charset` (given by the caller) when it names a known codec,
    else the page's `<meta charset>`. Without a usable declaration, `ghirbal.decode.decode` decides
    (BOMs, lossy UTF-8, cp1256, ...).
    Raises `ghirbal.decode.DecodeError` on bytes nothing can read."""
    return _decode_html(data, config, charset)[:2]


def _decode_html(data: str | bytes, config: dict[str, Any] | None, charset: str | None) -> tuple[str, str, bytes | None]:
    """`decode_html`, and the page's bytes when they are exactly the text in UTF-8 (else None)."""
    if isinstance(data, str):
        return data, "str", None
    data = bytes(data)
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return *decode(data), None
    try:
        return data.decode("utf-8"), "utf-8", data
    except UnicodeDecodeError:
        pass
    cfg = (config or ghirbal.config.default())["html"]
    declared = charset_codec(charset) or declared_charset(data, config=config)
    if declared and declared != "utf-8":
        text = data.decode(declared, errors="replace")
        if declared in _WESTERN and _arabic_among_non_ascii(text) < cfg["misdeclared_arabic_max"]:
            arabic = data.decode("cp1256", errors="replace")
            if _arabic_among_non_ascii(arabic) >= cfg["misdeclared_arabic_min"]:
                return arabic, "cp1256", None
        return text, declared, None
    return *decode(data), None


def plain_utf8(data: bytes) -> bool:
    """Are these bytes a page in UTF-8 that `_decode_html` takes as it is: valid UTF-8 (strict, as
    `bytes.decode` checks it), no BOM, no NUL? One pass over the bytes without decoding them
    (`_passes.utf8_valid` compiled; the reference decodes)."""
    from ghirbal.html.blocks import compiled_passes  # (late: blocks reads the lexicon)

    if data.startswith(codecs.BOM_UTF8) or b"\x00" in data:
        return False
    fast = compiled_passes()
    if fast is not None:
        return fast.utf8_valid(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_and_parse(data: str | bytes, parse: Callable[..., Tree], *, config: dict[str, Any] | None = None,
                     charset: str | None = None, with_bytes: bool = False) -> tuple[Tree | None, str | None, str | None]:
    """Decode a page and parse it with `parse` (text -> tree): (tree, encoding, error). Never raises:
    undecodable bytes give (None, None, "undecodable: ..."); a parser that gives up, (None, encoding, None).
    NUL characters are dropped, and lone surrogates (which no parser takes) replaced on a second try.
    `with_bytes`: `parse` also takes the page's bytes when they are exactly the text in UTF-8 (else
    None), which spares a parser that reads UTF-8 encoding the text again; the text is then not decoded
    at all (`parse` gets None for it: `plain_utf8` pages, most of them), unless the parser gives up."""
    if with_bytes and type(data) is bytes and plain_utf8(data):
        text, encoding, utf8 = None, "utf-8", data
    else:
        try:
            text, encoding, utf8 = _decode_html(data, config, charset)
        except DecodeError as exc:
            return None, None, f"undecodable: {exc}"
        # (UTF-8 writes NUL as the byte 0 only: the bytes are searched with memchr, several times faster
        # than the decoded text)
        if (b"\x00" in utf8) if utf8 is not None else ("\x00" in text):
            text, utf8 = text.replace("\x00", ""), None
    try:
        return (parse(text, utf8) if with_bytes else parse(text)), encoding, None
    except Exception:
        if text is None:
            text = utf8.decode("utf-8")
        text = text.encode("utf-8", "replace").decode("utf-8")
        try:
            return (parse(text, None) if with_bytes else parse(text)), encoding, None
        except Exception:  # lexbor gives up only on pathological input
            return None, encoding, None
