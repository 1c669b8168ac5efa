"""The scanner: one pass over a text for emails, IBANs, IP addresses and digit runs, each run judged by
the checks of its kind and the words around it.

Offsets are computed on a same-length copy of the text whose Arabic-Indic and Persian digits are ASCII
(`normalize.ascii_digits`), so they are offsets into the caller's text.

A digit run is a stretch of digits joined by separators (spaces, dashes, dots, parentheses, bidi
marks). Inside a run, the longest stretch of whole groups that some kind accepts wins, from left to
right; groups that `ghirbal.dates` reads as a date never join a number.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from ghirbal.lexicon import trie_pattern
from ghirbal.normalize import ascii_digits
from ghirbal.pii import checks
from ghirbal.pii.phones import PERSONAL, Plans

EMAIL, PHONE, NATIONAL_ID, IBAN, CARD, IP = "EMAIL", "PHONE", "NATIONAL_ID", "IBAN", "CARD", "IP"
KINDS = (EMAIL, PHONE, NATIONAL_ID, IBAN, CARD, IP)


@dataclass(frozen=True, slots=True)
class Span:
    kind: str
    start: int
    end: int
    value: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end}


_INDIC_CHARS = "".join(map(chr, [*range(0x0660, 0x066A), *range(0x06F0, 0x06FA)]))
_GATE_CHARS = "0123456789@" + _INDIC_CHARS  # a text with none of these holds nothing to find
_GATE = re.compile(f"[{_GATE_CHARS}]")
_DENSE = re.compile(f"[0-9{_INDIC_CHARS}](?:[^0-9{_INDIC_CHARS}]{{0,3}}[0-9{_INDIC_CHARS}]){{3}}")  # 4 digits, gaps < 4
# Separators inside a number: spaces (also no-break and thin), hyphens, dots, parentheses, bidi marks.
_SEP = r" \u00a0\u2009\u202f\-\u2010\u2011.()\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
_RUN = re.compile(rf"(?:\(\s?)?(?:\+\s?)?[0-9](?:[{_SEP}]{{1,3}}[0-9]|[0-9])*(?:\s?\+(?![0-9]))?")
_GROUP = re.compile(r"[0-9]+")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9_%+\-](?:[A-Za-z0-9._%+\-]{0,63})@"
                    r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}))*\.[A-Za-z]{2,24}(?![A-Za-z0-9])")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?:[ \-]?[A-Z0-9]){8,32}")
_IPV4 = re.compile(r"(?<![0-9.])([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})(?![0-9]|\.[0-9])")
_IPV6 = re.compile(r"(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])")
# A run glued to these is part of a URL, a handle or a code, not a number of its own.
_GLUE = frozenset("/=_#&?%@\\")
_COUNTING = "0123456789012345678"  # counting up from 0: a placeholder phone number
_MAX_DIGITS = 20  # longest digit window tried: a 19-digit card, or 00 + a 15-digit E.164 number
_CONTEXT = 40  # characters before a number searched for cue words (same line only)


def _has_any(text: str, chars: str, regex: re.Pattern) -> bool:
    """Whether `text` holds one of `chars`: a regex for short texts, str `in` (memchr speed, one pass
    per character) for long ones, where a regex scan costs more."""
    if len(text) < 300:
        return regex.search(text) is not None
    return any(c in text for c in chars)


def _clusters(t: str, chars: str = "0123456789", gap: int = 4) -> list[tuple[int, int, int]]:
    """(start, end, count) of each stretch of `chars` (digits) no more than gap - 1 characters apart."""
    pos: list[int] = []
    for d in chars:
        i = t.find(d)
        while i >= 0:
            pos.append(i)
            i = t.find(d, i + 1)
    if not pos:
        return []
    pos.sort()
    out = []
    start = prev = pos[0]
    n = 1
    for p in pos[1:]:
        if p - prev > gap:
            out.append((start, prev + 1, n))
            start, n = p, 0
        n += 1
        prev = p
    out.append((start, prev + 1, n))
    return out


def _cidr(t: str, end: int) -> bool:
    """An address followed by "/8": a network block, nobody's address."""
    return t[end:end + 1] == "/" and t[end + 1:end + 2].isdigit()


def _card_groups(lengths: list[int]) -> bool:
    """Card numbers are printed in one piece, in fours (the last group shorter), or 4-6-5 / 4-6-4."""
    return (len(lengths) == 1 or all(n == 4 for n in lengths[:-1]) and 1 <= lengths[-1] <= 4
            or lengths in ([4, 6, 5], [4, 6, 4]))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _cue_regex(words: list[str]) -> re.Pattern:
    """Cue words as one trie-shaped alternation; Latin words must stand alone ("tel" is not in "hotel")."""
    words = {w.lower() for w in words}
    latin = [w for w in words if w[:1].isascii() and w[:1].isalpha() and w[-1:].isascii() and w[-1:].isalpha()]
    other = [w for w in words if w not in latin]
    parts = [f"(?<![a-z])(?:{trie_pattern(latin)})(?![a-z])"] if latin else []
    if other:
        parts.append(trie_pattern(other))
    return re.compile("|".join(parts))


class Finder:
    """Compiled formats and cues; `find(text)` lists the spans. Options: `org_numbers` (count toll-free,
    unified and shared-cost numbers, which only organizations hold, as phone numbers)."""

    def __init__(self, lexicon: dict[str, Any], org_numbers: bool = False):
        self.plans = Plans(lexicon["phone"])
        self.iban_lengths: dict[str, int] = dict(lexicon["iban"]["lengths"])
        self.governorates = frozenset(lexicon["egypt_id"]["governorates"])
        cues = lexicon["cues"]
        self.phone_cue = _cue_regex(cues["phone"])
        self.id_cue = _cue_regex(cues["national_id"])
        self.not_personal = _cue_regex(cues["not_personal"])
        self.amount_after = _cue_regex(cues["amount_after"])
        self.amount_before = _cue_regex(cues["amount_before"])
        self.version = _cue_regex(cues["version"])
        self.ip_cue = _cue_regex(cues["ip"])
        self.org_numbers = org_numbers
        self.not_tlds = frozenset(lexicon["email"]["not_tlds"])

    # --- the pass ------------------------------------------------------------------------------
    def find(self, text: str) -> list[Span]:
        if not text or not _has_any(text, _GATE_CHARS, _GATE):
            return []
        if len(text) < 300 and not (_DENSE.search(text) or "@" in text or ":" in text):
            return []  # a short text (a headline) whose digits are too few and far apart for any kind
        t = ascii_digits(text)
        spans: list[Span] = []
        taken: list[tuple[int, int]] = []

        def add(kind: str, start: int, end: int) -> None:
            spans.append(Span(kind, start, end, text[start:end]))
            taken.append((start, end))

        def free(start: int, end: int) -> bool:
            return all(end <= a or start >= b for a, b in taken)

        at = t.find("@")
        while at >= 0:
            for m in _EMAIL.finditer(t, max(0, at - 65), at + 256):
                if m.start() < at < m.end() and free(m.start(), m.end()):
                    if m.group().rsplit(".", 1)[1].lower() not in self.not_tlds:
                        add(EMAIL, m.start(), m.end())
            at = t.find("@", at + 1)
        if ":" in t:
            for s, e, n in _clusters(t, ":", 5):
                if n >= 7 or (n >= 2 and "::" in t[s:e]):
                    for m in _IPV6.finditer(t, max(0, s - 5), e + 5):
                        if free(m.start(), m.end()) and self._ipv6(m.group()) and not _cidr(t, m.end()):
                            add(IP, m.start(), m.end())
        # The regexes run only around clusters of digits, found with str.find (memchr speed): scanning
        # the whole text with a regex costs more than everything else together.
        n_text = len(t)
        for s, e, n in _clusters(t):
            if n >= 8:
                for m in _IBAN.finditer(t, max(0, s - 40), min(n_text, e + 40)):
                    end = self._iban_end(t, m)
                    if end and free(m.start(), end):
                        add(IBAN, m.start(), end)
            if "." in t[s:e]:
                for m in _IPV4.finditer(t, s, e):
                    if (free(m.start(), m.end()) and checks.ipv4(list(m.groups())) and not _cidr(t, m.end())
                        and not self._version(t, m)):
                        add(IP, m.start(), m.end())
            if n < 7:
                continue
            for m in _RUN.finditer(t, max(0, s - 3), min(n_text, e + 2)):
                if m.end() - m.start() < 7 or not free(m.start(), m.end()):
                    continue
                for kind, start, end in self._run(text, t, m):
                    add(kind, start, end)
        spans.sort(key=lambda s: s.start)
        return spans

    # --- emails, IBANs, IPs --------------------------------------------------------------------
    def _iban_end(self, t: str, m: re.Match) -> int | None:
        """End offset of the valid IBAN starting at the match (it may have swallowed a following code)."""
        want = self.iban_lengths.get(m.group()[:2])
        if want is None:
            return None
        n = 0
        for i in range(m.start(), m.end()):
            if t[i] not in " -":
                n += 1
                if n == want:
                    end = i + 1
                    if end < len(t) and t[end].isalnum() and t[end].isascii():
                        return None  # the IBAN would end inside a longer code
                    compact = t[m.start():end].replace(" ", "").replace("-", "")
                    return end if checks.iban(compact, self.iban_lengths) else None
        return None

    def _version(self, t: str, m: re.Match) -> bool:
        """A dotted quad that is a version or a section number: after a version word or a "/" (not
        "//"), or small numbers ("3.7.1.1", "5.3.6.61") with no IP word before them."""
        start = m.start()
        if start and t[start - 1] == "/" and t[start - 2:start] != "//":
            return True  # openresty/1.9.7.1
        before = t[max(0, start - 12):start].lower().rstrip()
        if before and any(before.endswith(c.group()) for c in self.version.finditer(before)):
            return True
        octets = [int(g) for g in m.groups()]
        if octets[0] < 10 and sum(o < 10 for o in octets[1:]) >= 2:
            return not self.ip_cue.search(t[max(0, start - _CONTEXT):start].lower())
        return False

    @staticmethod
    def _ipv6(s: str) -> bool:
        if len(s) < 6 or not ("::" in s or s.count(":") == 7):
            return False
        if s.count(":") < 3 and not any(c.isalpha() for c in s):
            return False  # "12::30" and the like are not addresses anyone writes
        try:
            ipaddress.IPv6Address(s)
        except ValueError:
            return False
        return True

    # --- digit runs ------------------------------------------------------------------------------
    def _run(self, text: str, t: str, m: re.Match) -> list[tuple[str, int, int]]:
        rs, re_ = m.start(), m.end()
        if rs > 0 and (t[rs - 1] in _GLUE or _latin(t[rs - 1]) or (t[rs - 1] in "-." and rs > 1 and _latin(t[rs - 2]))):
            return []  # glued to a word: "ORD-0501234567", "v1.2", a URL
        if re_ < len(t) and (t[re_] in _GLUE or _latin(t[re_])):
            return []
        groups = [(g.start(), g.end()) for g in _GROUP.finditer(t, rs, re_)]
        if sum(b - a for a, b in groups) < 7:
            return []
        lead_plus = "+" in t[rs:groups[0][0]]
        trail_plus = t[groups[-1][1]:re_].strip() == "+"
        blocked: set[int] | None = None if len(groups) > 2 else set()  # groups inside a date, found lazily
        # Windows start and end at the run's edges or at a space: "4312-0777-1001-7670" is one token,
        # never the source of a shorter number.
        loose = [True] + [any(c in " \u00a0\u2009\u202f(" for c in t[groups[k - 1][1]:groups[k][0]]) for k in range(1, len(groups))] + [True]
        out = []
        i, n = 0, len(groups)
        while i < n:
            hit = None
            for j in range(n, i, -1):
                if not loose[j]:
                    continue
                digits = "".join(t[a:b] for a, b in groups[i:j])
                if len(digits) < 7:
                    break
                if len(digits) > _MAX_DIGITS:
                    continue
                intl = (lead_plus and i == 0) or (trail_plus and j == n)
                kind = self._classify(text, t, groups, i, j, digits, intl)
                if kind is not None:
                    if blocked is None:  # dates are looked for only once a number would be taken
                        blocked = self._dates(t, groups)
                    if any(k in blocked for k in range(i, j)):
                        continue
                    hit = (j, kind)
                    break
            if hit is None:
                if i == 0 and lead_plus:
                    break  # "+cc …" that is no valid number: its tail is no number of another kind either
                i += 1
                while i < n and not loose[i]:
                    i += 1
                continue
            j, kind = hit
            if not kind:  # a number of an organization: consumed, not reported
                i = j
                continue
            start, end = groups[i][0], groups[j - 1][1]
            if i == 0 and t[rs] == "(" and n > 1 and ")" in t[groups[0][1]:groups[1][0]]:
                start = rs  # "(02) 2345 6789": the parenthesis belongs to the number
            elif i == 0 and lead_plus:
                start = rs + t[rs:groups[0][0]].index("+")
            if j == n and trail_plus and intl:
                end = re_
            out.append((kind, start, end))
            i = j
        return out

    @staticmethod
    def _dates(t: str, groups: list[tuple[int, int]]) -> set[int]:
        """Indexes of the groups inside a date: what ghirbal.dates finds in the run, and day month year
        triples joined by spaces (which it leaves to the words around them)."""
        from ghirbal.dates import find_dates

        rs, re_ = groups[0][0], groups[-1][1]
        blocked = {k for k, (a, b) in enumerate(groups) for d in find_dates(t[rs:re_]) if rs + d.start <= a and b <= rs + d.end}
        vals = [t[a:b] for a, b in groups]
        for k in range(len(vals) - 2):
            x, y, z = vals[k:k + 3]
            if (len(x) <= 2 and len(y) <= 2 and len(z) == 4 and 1 <= int(x) <= 31 and 1 <= int(y) <= 12
                    and 1900 <= int(z) <= 2099) or (len(x) == 4 and 1900 <= int(x) <= 2099 and len(y) <= 2 and len(z) <= 2
                                                      and 1 <= int(y) <= 12 and 1 <= int(z) <= 31):
                blocked.update((k, k + 1, k + 2))
        return blocked

    def _classify(self, text: str, t: str, groups, i: int, j: int, digits: str, intl: bool) -> str | None:
        """The kind of groups i..j, "" for a number to skip whole (an organization's), None to try a
        shorter window."""
        if len(set(digits)) == 1 or (len(digits) >= 10 and digits[0] == "0" and digits in _COUNTING):
            return ""  # 0000000000, 0123456789: a placeholder, nobody's number
        start, end = groups[i][0], groups[j - 1][1]
        seps = [t[groups[k - 1][1]:groups[k][0]] for k in range(i + 1, j)]
        if groups[i][1] - groups[i][0] == 1 and digits[0] == "0" and seps and seps[0].strip() == ".":
            return None  # a decimal: 0.5, 0.0735…
        if (not intl and digits[0] != "0"
                and any(sep.strip() == "." and (b - a > 4 or d - c > 4) for sep, (a, b), (c, d) in zip(seps, groups[i:j], groups[i + 1:j]))):
            return None  # a decimal ("25.1256…"): dotted numbers without a prefix have short groups
        if intl or (digits.startswith("00") and digits[2:3] != "0"):
            cls = self.plans.international(digits if intl else digits[2:])
            return self._phone(cls)
        before = self._before(text, start)
        if digits[0] == "0":
            cls = self.plans.national(digits)
            if cls and (self._amount(text, t, start, end) or self.not_personal.search(before)):
                return None
            return self._phone(cls)
        if self.not_personal.search(before) or self._amount(text, t, start, end):
            return None
        years = j - i > 1 and all(d - c == 4 and 1900 <= int(t[c:d]) <= 2099 for c, d in groups[i:j])
        if not years and (self.phone_cue.search(before) or self.phone_cue.match(self._after(text, end))):
            cls = self.plans.national(digits, bare=True)
            if cls:
                return self._phone(cls)
        if self._thousands(t, groups, i, j, seps):
            return None
        if j - i == 1 and len(digits) >= 11 and self.plans.international(digits, planned_only=True) == PERSONAL:
            return PHONE  # "966501234567" in one piece (as copied from a wa.me link): a plan's country code without "+"
        id_cue = self.id_cue.search(before)
        # Ids are written in one piece; "(260) 432-1758" is a phone number of elsewhere, not an id.
        if (j - i == 1 or id_cue) and (checks.egypt_id(digits, self.governorates) or checks.saudi_id(digits)):
            return NATIONAL_ID
        if len(digits) == 10 and digits[0] in "12" and id_cue:
            return NATIONAL_ID  # named as an id: taken even when its check digit fails
        if checks.card(digits) and _card_groups([b - a for a, b in groups[i:j]]):
            return CARD
        return None

    def _phone(self, cls: str | None) -> str | None:
        """PHONE for a personal number; "" (consumed, not reported) for an organization's; None if neither."""
        if cls is None:
            return None
        return PHONE if cls == PERSONAL or self.org_numbers else ""

    @staticmethod
    def _thousands(t: str, groups, i: int, j: int, seps: list[str]) -> bool:
        """1 500 000 or 2.500.000: an amount written with thousands separators."""
        if j - i < 3 or len(set(seps)) != 1 or seps[0] not in (" ", ".", "\u00a0", "\u202f"):
            return False
        a, b = groups[i]
        return b - a <= 3 and all(b - a == 3 for a, b in groups[i + 1:j])

    @staticmethod
    def _before(text: str, start: int) -> str:
        before = text[max(0, start - _CONTEXT):start]
        cut = before.rfind("\n")
        return (before[cut + 1:] if cut >= 0 else before).lower()

    @staticmethod
    def _after(text: str, end: int) -> str:
        """The few characters after a number (same line), for a phone word written after it."""
        after = text[end:end + 12]
        cut = after.find("\n")
        return (after[:cut] if cut >= 0 else after).lstrip(" \u00a0()-–:،,").lower()

    def _amount(self, text: str, t: str, start: int, end: int) -> bool:
        after = text[end:end + 12].lower().lstrip(" \u00a0")
        m = self.amount_after.match(after)
        if m:
            return True
        before = text[max(0, start - 6):start].lower().rstrip(" \u00a0")
        return any(before.endswith(c.group()) for c in self.amount_before.finditer(before))
