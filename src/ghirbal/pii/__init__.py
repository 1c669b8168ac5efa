"""Personal data in text: emails, phone numbers, national ids, IBANs, card numbers and IP addresses,
in the formats of the Arab countries, validated (check digits, numbering plans, dates), not just shaped.

    from ghirbal import pii
    pii.find("اتصل على ٠١٠٠١٢٣٤٥٦٧")   # [Span(kind='PHONE', start=9, end=20, value='٠١٠٠١٢٣٤٥٦٧')]
    pii.redact("mail me: a.b@x.org")    # 'mail me: <EMAIL>'

Offsets are character offsets into the given text. Formats and cue words live in `lexicon/pii.toml`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from ghirbal.pii.scan import CARD, EMAIL, IBAN, IP, KINDS, NATIONAL_ID, PHONE, Finder, Span

PLACEHOLDERS: dict[str, str] = {k: f"<{k}>" for k in KINDS}


@lru_cache(maxsize=4)
def finder(org_numbers: bool = False) -> Finder:
    """The compiled scanner (built once per process and option)."""
    from ghirbal.lexicon import read_toml

    return Finder(read_toml("pii.toml"), org_numbers=org_numbers)


def find(text: str, kinds: Iterable[str] | None = None, *, org_numbers: bool = False) -> list[Span]:
    """The personal data in `text`, in order: `Span(kind, start, end, value)`, `kinds` a subset of KINDS."""
    spans = finder(org_numbers).find(text)
    if kinds is not None:
        wanted = _kinds(kinds)
        spans = [s for s in spans if s.kind in wanted]
    return spans


def apply(text: str, spans: list[Span], placeholders: dict[str, str] | None = None) -> str:
    """`text` with each span replaced by its kind's placeholder (spans in order, not overlapping)."""
    if not spans:
        return text
    marks = {**PLACEHOLDERS, **(placeholders or {})}
    parts, pos = [], 0
    for s in spans:
        parts.append(text[pos:s.start])
        parts.append(marks[s.kind])
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts)


def redact(text: str, kinds: Iterable[str] | None = None, placeholders: dict[str, str] | None = None,
           *, org_numbers: bool = False) -> str:
    """`text` with the personal data of `kinds` (default: all) replaced by placeholders (<EMAIL>, <PHONE>,
    <NATIONAL_ID>, <IBAN>, <CARD>, <IP>; override any with `placeholders`)."""
    return apply(text, find(text, kinds, org_numbers=org_numbers), placeholders)


def _kinds(kinds: Iterable[str]) -> frozenset[str]:
    wanted = frozenset(k.upper() for k in ([kinds] if isinstance(kinds, str) else kinds))
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown PII kind(s) {sorted(unknown)} (known: {', '.join(KINDS)})")
    return wanted


__all__ = ["CARD", "EMAIL", "IBAN", "IP", "KINDS", "NATIONAL_ID", "PHONE", "PLACEHOLDERS", "Finder", "Span",
           "apply", "find", "finder", "redact"]
