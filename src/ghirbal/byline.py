"""Bylines and datelines: "كتب فيصل الشمري", "موسكو - حسن عمارة", "(دبي - البيان)", "By Jane Doe, Reuters".

A byline line is short and made of parts we can name: a prefix ("كتب", "بقلم", "By"), a place (from
`lexicon/cities.toml`), an agency or outlet (`lexicon/agencies.toml`), the site's own name, a role
("مراسلنا") and person names. The line is cut at its dash (or colon, or a parenthesis), each side is
classified, and only the combinations that make a byline are accepted; anything else (a headline, a
menu item, a sentence) gives None. Names are returned as written, without honorifics or roles.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ghirbal.lexicon import ARABIC_SCRIPT, read_toml
from ghirbal.normalize import fold

__all__ = ["Byline", "could_be_agency_credit", "inline_dateline", "is_agency_credit", "parse_byline",
           "prefix_gate", "byline_gate"]


@dataclass(frozen=True, slots=True)
class Byline:
    author: str | None  # person name(s) as written, several joined with "، " (", " for Latin names)
    dateline: str | None  # place as written, e.g. "موسكو"
    agency: str | None  # news agency / outlet as written, e.g. "رويترز", "أ ف ب", "وكالات"
    kind: str  # which pattern matched: "city-name", "name-city", "prefix", "city-agency", "by", "source" ...


MAX_WORDS = 8  # a longer line is running text, not a byline

# --- folding for lookups ----------------------------------------------------------------------------

def _join(names: list[str]) -> str:
    """Several authors, joined the way their script writes lists."""
    latin = all(not re.search("[\u0600-\u06ff]", n) for n in names)
    return (", " if latin else "، ").join(names)


@lru_cache(maxsize=4096)  # agency and city names recur on every page of a site
def _key(text: str) -> str:
    """Lookup key: folded letters, lower case, no dots or spaces (so "أ.ف.ب" = "أ ف ب" = "افب")."""
    return re.sub(r"[\s.\-_'’]+", "", fold(text))


def _wkey(word: str) -> str:
    """Word key that keeps ى apart from ي: "على" (on) is not the name "علي"."""
    return fold(word, alef_only=True).strip(".")


def _load(name: str) -> dict:
    return read_toml(name)


class _Lex:
    def __init__(self) -> None:
        cities = _load("cities.toml")
        self.cities = {_key(c) for group in cities["cities"].values() for c in group}
        self.cities |= {_key(c) for c in cities["countries"]["names"] + cities["latin"]["names"]}
        ag = _load("agencies.toml")
        self.agencies = {_key(s) for spellings in ag["agencies"].values() for s in spellings}
        self.agencies |= {_key(s) for s in ag["outlets"]["names"]}
        by = _load("bylines.toml")

        def words(section: str) -> list[str]:
            return sorted({w for lang in by[section].values() for w in lang}, key=len, reverse=True)

        def alternation(ws: list[str]) -> str:
            return "|".join(r"\s*".join(map(re.escape, w.split())) for w in ws)

        self.roles = {_key(w) for w in words("roles")}
        self.not_name = {_wkey(w) for w in words("not_name")}
        self.weak_prefixes = {_key(w) for w in by["prefixes"]["weak"]}
        # Honorifics: a word (with its dot) in front of the name. Dotted initials ("د.") may touch it.
        hon = alternation(words("honorifics"))
        self.honorific_re = re.compile(rf"^(?:(?:{hon})(?:\s+|(?<=\.)))+", re.I)
        pre = by["prefixes"]
        latin = sorted(pre["en"] + pre["fr"], key=len, reverse=True)  # "By NAME, Reuters" has its own rules
        arabic = sorted({w for k, ws in pre.items() if k not in ("en", "fr") for w in ws}, key=len, reverse=True)
        self.by_re = re.compile(rf"^(?:{alternation(latin)})\s*:?\s+(?=\S)", re.I)
        self.prefix_re = re.compile(rf"^(?P<p>{alternation(arabic)})(?P<sep>\s*[:：/\-–—|]\s*|\s+)(?=\S)")
        # A line whose cleaned text (`_clean`) cannot open with either prefix: its first two characters
        # (past white space and control marks) are ASCII or Arabic letters (or the second white space)
        # that open no prefix word, and the one after them (past control marks) is white space, an ASCII
        # or Arabic letter or nothing, so that NFC leaves the first two unchanged (`has_byline_prefix`'s
        # gate; tests hold it to the two regexes). Every prefix's first word has two letters or more.
        controls = _CONTROLS.pattern[1:-1]
        opens = [rf"(?i:{re.escape(w[0])}[{controls}]*{re.escape(w[1])})" for w in latin]
        opens += [rf"{re.escape(w[0])}[{controls}]*{re.escape(w[1])}" for w in arabic]
        assert all(len(w.split()[0]) >= 2 for w in latin + arabic)
        self.stable = "".join(chr(c) for c in [*range(0x80), *range(0x621, 0x64B)]
                              if not (chr(c).isspace() or _CONTROLS.match(chr(c))))
        stable = re.escape(self.stable)
        self.no_prefix_re = re.compile(rf"[\s{controls}]*(?!{'|'.join(opens)})[{stable}][{controls}]*[{stable}\s]"
                                       rf"[{controls}]*(?:[{stable}\s]|\Z)")
        # The pairs of those characters that open a prefix (the ones the lookahead matches), for the
        # compiled gate (`linemodel._pages.PrefixGate`), which reads the first two characters itself.
        opens_re = re.compile("|".join(opens))
        firsts_re = re.compile("|".join([rf"(?i:{re.escape(w[0])})" for w in latin] + [re.escape(w[0]) for w in arabic]))
        firsts = [a for a in self.stable if firsts_re.fullmatch(a)]
        self.open_pairs = frozenset(a + b for a in firsts for b in self.stable if opens_re.fullmatch(a + b))
        self.compiled_prefix_gate = None  # (made from the two on first use: `prefix_gate`)
        self.compiled_byline_gate = None  # (`byline_gate`)
        self.source_re = re.compile(rf"^(?:{alternation(words('source'))})\s*[:：]\s*", re.I)
        # Every piece of an agency's or a source label's folded spelling, numbers masked as in a line's
        # match key: a line whose key holds any other word credits no agency (the cheap gate).
        pieces: set[str] = set()
        for name in self.agencies | {fold(w) for w in words("source")}:
            name = re.sub(r"\d+", "0", name)
            pieces.update(name[a:b] for a in range(len(name)) for b in range(a + 1, len(name) + 1))
        self.agency_pieces = frozenset(pieces)
        # A line of nothing but decimal digits, white space and ASCII punctuation keeps no letter
        # through `_clean` and `fold`, so it names an agency only if some agency's key has no letter:
        # while none has, such a line ("4.7 / 5", "+90 553 955", "12.12.2025") is no credit, told by
        # one regex (`is_agency_credit`'s gate; most lines the measuring loop's agency gate lets by).
        lettered = all(any(c.isalpha() for c in k) for k in self.agencies)
        self.no_credit_re = re.compile(r"[\d\s!-/:-@\[-`{-~]*") if lettered else None
        # Several authors: "،", ",", " and ", " et ", " & ", or " و" glued to the next name.
        joiners = words("joiners")
        marks = "".join(re.escape(j) for j in joiners if len(j) == 1 and not j.isalpha())
        glued = "|".join(re.escape(j) for j in joiners if len(j) == 1 and j.isalpha())
        spaced = "|".join(re.escape(j) for j in joiners if len(j) > 1)
        self.joiner_re = re.compile(rf"\s*[{marks}]\s*|\s+(?:{spaced})\s+|\s+(?:{glued})\s*(?=\S)", re.I)
        self.list_re = re.compile(rf"[{marks}]|\s(?:{spaced})\s", re.I)


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    return _Lex()  # built on first use: importing the module stays cheap


# --- sides ---------------------------------------------------------------------------------------

# A dash between two sides; a tatweel used as a dash ("أبوظبي ـ مصر اليوم") must touch a space.
_DASH = re.compile(r"\s*[-–—]\s*|\s+ـ+\s*|\s*ـ+\s+")
_PAREN_TAIL = re.compile(r"^(?P<head>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*[-–—:]*$")
# A dateline opening the story's first paragraph: "لندن، بريطانيا (CNN) -- ...", "القاهرة (رويترز) - ...",
# "بيروت - أ ف ب: ...". Place, maybe its country, maybe an agency in parentheses, then a dash or colon.
_INLINE = re.compile(r"^(?P<place>[^\W\d_][^()\-–—:،,.]{1,40}?)(?:\s*[،,]\s*(?P<country>[^()\-–—:،,.]{2,30}?))?"
                     r"\s*(?:\((?P<paren>[^()]{1,40})\))?\s*(?:--|[-–—:])\s*(?:(?P<agency>[^\s:()][^:()]{0,30}?)\s*:\s*)?(?=\S)")
_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
# Questions, quotes, hashtags and handles: a line holding one is a headline or chrome, never a byline
# (`parse_byline`, and the compiled gate told them: `byline_gate`).
_NOT_BYLINE_MARKS = "?!؟«»\"“”#@"
_DIGIT_NAMES = re.compile(r"(?:فرانس|france)\s?24", re.I)  # the one outlet with a digit in its name
# What the compiled byline gate (`byline_gate`) must leave to the parse: the characters `_DASH`,
# `_PAREN_TAIL` and `source_re` split a line on, and the digits of `_DIGIT_NAMES` (kept beside them:
# a character added to one of those patterns belongs here too).
_SPLIT_CHARS = "-–—ـ:：()"
_NAMED_DIGITS = "24"
_LETTERS_ONLY = re.compile(r"^[^\W\d_]+(?:[.'’-][^\W\d_]*)*$")


def _is_site(side: str, site_name: str | None) -> bool:
    if not site_name:
        return False
    a, b = _key(side), _key(site_name)
    return bool(a) and (a == b or a in b)


_AGENCY_JOINS = re.compile(r"\s*[/،,|]\s*|\s+و(?=\S)")  # "فرانس24/ أ ف ب", "رويترز وأ ف ب"


def _is_agency(side: str) -> bool:
    # One agency or several.
    parts = [p for p in _AGENCY_JOINS.split(side) if p]
    agencies = _lex().agencies
    return bool(parts) and all(_key(p) in agencies for p in parts)


def _strip_honorifics(name: str) -> str:
    return _lex().honorific_re.sub("", name).strip()


def _person(name: str) -> str | None:
    """The name without honorifics if it reads as one person's name, else None."""
    name = _strip_honorifics(name.strip(" .:،,"))
    words = name.split()
    if not 1 <= len(words) <= 5:
        return None
    lex = _lex()
    for w in words:
        if not _LETTERS_ONLY.match(w) or _wkey(w) in lex.not_name:
            return None
    if _key(name) in lex.roles or _key(name) in lex.cities or _key(name) in lex.agencies:
        return None
    first = _key(words[0])
    if first in lex.cities:  # "إسرائيل تخطط ...": a headline about a place
        return None
    if first[:2] == "ال":  # a person's name starts with a given name; "الشرق الأوسط" is no one
        return None
    if first.isascii() and not all(w[0].isupper() for w in words if w.lower() not in ("bin", "al", "de", "van")):
        return None
    return name


def _people(side: str, min_words: int = 1) -> list[str] | None:
    """One or several person names ("محمد علي وأحمد حسن"), or None. A split at "و" is only kept when
    every piece is a name of 2+ words, since many names start with و (وحيد, وليد, وفاء)."""
    pieces = [p for p in _lex().joiner_re.split(side) if p.strip()]
    if len(pieces) > 1:
        names = [_person(p) for p in pieces]
        if all(names) and all(len(n.split()) >= 2 for n in names):
            return names
        if _lex().list_re.search(side):  # a list of things that are not all names
            return None
    whole = _person(side)
    if whole is None or len(whole.split()) < min_words:
        return None
    return [whole]


def _name_shaped(side: str) -> bool:
    """Where a line could as well be a headline or a menu item (a bare line next to the headline, the
    rest after "تقرير:"), only the shape of a personal name will do: two to four words of letters, none
    of them a function word, a headline verb or chrome vocabulary (`not_name`), not a place or an agency."""
    name = _strip_honorifics(side.strip(" .:،,"))
    return 2 <= len(name.split()) <= 4 and not _is_city(name) and not _is_agency(name) and _person(name) is not None


def _role_only(side: str) -> bool:
    """A role with no name: "مراسلنا", "خاص", "مراسل الجزيرة", "مراسلنا في القاهرة"."""
    words = side.split()
    roles = _lex().roles
    for n in (3, 2, 1):  # the longest role the side starts with, then at most 3 words of where/for whom
        if len(words) >= n and _key(" ".join(words[:n])) in roles:
            return len(words) - n <= 3
    return False


def _is_city(side: str) -> bool:
    return _key(side) in _lex().cities


def _place_of(head: str) -> str | None:
    """"لندن، بريطانيا" -> "لندن": a place, maybe followed by its country."""
    head = head.strip()
    if _is_city(head):
        return head
    parts = re.split(r"\s*[،,]\s*", head)
    return parts[0] if len(parts) == 2 and _is_city(parts[0]) and _is_city(parts[1]) else None


def could_be_agency_credit(key: str) -> bool:
    """A cheap necessary condition for `is_agency_credit`, on the line's match key (normalize.match_key
    or features' key: folded, numbers masked, punctuation as spaces): each word is a piece of an
    agency's or a source label's spelling, maybe behind the joining "و"."""
    pieces = _lex().agency_pieces
    for word in key.split():
        if word not in pieces and not (word[0] == "و" and word[1:] in pieces):
            return False
    return True


def agency_pieces() -> frozenset[str]:
    """The words `could_be_agency_credit` looks a key's words up in (the compiled gate's table:
    linemodel._counts.agency_gate)."""
    return _lex().agency_pieces


def prefix_gate():
    """`has_byline_prefix`'s first-characters gate compiled (`linemodel._pages.PrefixGate`), made once
    per lexicon (it lives on `_Lex`, so it is rebuilt with it): the characters it lets open a line
    (ASCII and Arabic letters, no white space or control mark) and the pairs of them that open a
    prefix word. The byline candidates it turns away are not asked in Python."""
    from ghirbal.linemodel import compiled

    lex = _lex()
    if lex.compiled_prefix_gate is None:
        lex.compiled_prefix_gate = compiled.PrefixGate(lex.stable, lex.open_pairs)
    return lex.compiled_prefix_gate


def byline_gate():
    """The lines `parse_byline(line)` surely answers None for, told in C (`linemodel._pages.BylineGate`:
    its marks, its prefix gate and the agency gate on the line's match key), made once per lexicon;
    the title and the related lists do not call the parse for them. None without the compiled core."""
    from ghirbal.linemodel import compiled

    lex = _lex()
    if lex.compiled_byline_gate is None and compiled.active():
        lex.compiled_byline_gate = compiled.BylineGate(prefix_gate(), compiled.agency_gate, lex.agency_pieces,
                                                      _NOT_BYLINE_MARKS, _SPLIT_CHARS, _NAMED_DIGITS)
    return lex.compiled_byline_gate


def is_agency_credit(line: str) -> bool:
    """A line that only credits agencies or outlets ("فرانس24/ أ ف ب", "(وكالات)", "المصدر: رويترز")."""
    gate = _lex().no_credit_re
    if gate is not None and gate.fullmatch(line):
        return False
    s = _clean(line).strip("()[] ")
    if not s or len(s) > 80:
        return False
    s = _lex().source_re.sub("", s).strip("()[] ")
    return bool(s) and _is_agency(s)


def inline_dateline(paragraph: str) -> Byline | None:
    """The dateline that opens a story paragraph ("لندن، بريطانيا (CNN) -- قال ..."), or None. The
    place must be a known place; an agency in parentheses or before a colon is returned as `agency`."""
    s = _clean(paragraph[:120])
    if "-" not in s and "\u2013" not in s and "\u2014" not in s and ":" not in s:
        return None  # (the pattern needs a dash or a colon: most paragraphs are spared its backtracking)
    m = _INLINE.match(s)
    if not m or not _is_city(m.group("place")):
        return None
    country = m.group("country")
    if country and not _is_city(country):
        return None
    agency = None
    for cand in (m.group("paren"), m.group("agency")):
        if cand and _is_agency(cand.strip()):
            agency = cand.strip()
        elif cand and m.group("paren") == cand:
            return None  # "(something) -" that is no agency: not a dateline we can read
    if agency is None and m.group("agency"):
        return None
    return Byline(None, m.group("place").strip(), agency, "inline")


# --- parsing ---------------------------------------------------------------------------------------


def _pair(a: str, b: str, site_name: str | None, kind_prefix: str = "") -> Byline | None:
    """Two sides of a dash/colon: which one is the place, which the person / agency / site."""
    for city, other, order in ((a, b, "city-{}"), (b, a, "{}-city")):
        if not _is_city(city):
            continue
        if _is_site(other, site_name):
            return Byline(None, city, None, kind_prefix + order.format("site"))
        if _is_agency(other) and not (_is_city(other) and _people(other, 2)):
            return Byline(None, city, other, kind_prefix + order.format("agency"))
        if _role_only(other):
            return Byline(None, city, None, kind_prefix + order.format("role"))
        names = _people(other, 2)
        if names and not _is_city(other):
            return Byline(_join(names), city, None, kind_prefix + order.format("name"))
        # "(أبوظبي - البيان)" with no site name given: a one- or two-word outlet that is not a person.
        if other and len(other.split()) <= 2 and other.split()[0][:2] == "ال" and _person(other) is None:
            if not any(_wkey(w) in _lex().not_name for w in other.split()):
                return Byline(None, city, None, kind_prefix + order.format("source"))
        return None
    # No place: "NAME - AGENCY", "NAME - مراسل الجزيرة".
    for name, other, kind in ((a, b, "name-agency"), (b, a, "agency-name")):
        names = _people(name, 2)
        if names and _is_agency(other):
            return Byline(_join(names), None, other, kind_prefix + kind)
        if names and kind == "name-agency" and _role_only(other):
            return Byline(_join(names), None, None, kind_prefix + "name-role")
    return None


def _side(text: str, site_name: str | None, kind: str, min_words: int = 1) -> Byline | None:
    """A line (or the rest after a prefix) with no dash: a place, an agency, the site, or names."""
    if _is_site(text, site_name):
        return Byline(None, None, None, kind if kind != "paren" else "site")
    if _is_agency(text):
        return Byline(None, None, text, kind if kind != "paren" else "agency")
    if _is_city(text):
        return Byline(None, text, None, kind if kind != "paren" else "dateline")
    if _role_only(text):
        return Byline(None, None, None, kind) if kind != "paren" else None
    names = _people(text, min_words)
    if names:
        return Byline(_join(names), None, None, kind if kind != "paren" else "name")
    return None


def _clean(line: str) -> str:
    if not line.isascii():  # (an ASCII line holds no control mark and is its own NFC form)
        line = unicodedata.normalize("NFC", _CONTROLS.sub("", line))
    return " ".join(line.split())


PREFIX_ANSWERS: dict[str, bool] = {}  # line -> has_byline_prefix: a site's chrome lines recur page after page
_PREFIX_ANSWERS_MAX = 65536
_PREFIX_ANSWER_MAX_CHARS = 200  # (a byline is a short line: a long one is not worth its memory here)


def has_byline_prefix(line: str) -> bool:
    """Cheap test: does the line open like an explicit byline ("By", "كتب", "بقلم", "Par" ...)?"""
    lex = _lex()
    if lex.no_prefix_re.match(line):  # (the first characters tell: no prefix; cheaper than the look-up)
        return False
    found = PREFIX_ANSWERS.get(line)
    if found is None:
        s = _clean(line)
        found = bool(lex.by_re.match(s) or lex.prefix_re.match(s))
        if len(line) <= _PREFIX_ANSWER_MAX_CHARS:
            if len(PREFIX_ANSWERS) >= _PREFIX_ANSWERS_MAX:
                PREFIX_ANSWERS.clear()
            PREFIX_ANSWERS[line] = found
    return found


def parse_byline(line: str, *, site_name: str | None = None, lang: str | None = None,
                 bare_name: bool = False) -> Byline | None:
    """See `_parse_byline`; cached, since the classifier asks about the same chrome lines page after page."""
    return _parse_byline(line, site_name, lang, bare_name)


@lru_cache(maxsize=65536)
def _parse_byline(line: str, site_name: str | None, lang: str | None, bare_name: bool) -> Byline | None:
    """None when the line is not a byline/dateline line. Conservative: a headline or a body sentence
    is not a byline.

    `bare_name=True` also accepts a line that is nothing but a name-shaped run of words ("علاوة
    مزياني"); pass it only for a line whose position already says "byline" (next to the headline or
    the story), since elsewhere such a line may be a menu item or a caption."""
    s = _clean(line)
    if not s or len(s) > 160 or len(s.split()) > MAX_WORDS:
        return None
    if any(c in s for c in _NOT_BYLINE_MARKS) or re.search(r"\d", _DIGIT_NAMES.sub("", s)):
        return None  # questions, quotes, hashtags, numbers: headlines and chrome
    if s.endswith(".") and len(s.split()) >= 4 and not s.endswith(("د.", "أ.", "م.")):
        return None  # a sentence
    lex = _lex()
    paren = s.startswith("(") and s.endswith(")") and s.count("(") == 1
    if paren:  # albayan style: "(دبي - البيان)", "(القاهرة - محمد علي)", "(محجوبة كرم)"
        s = s[1:-1].strip()
        if not s:
            return None

    m = lex.by_re.match(s)
    if m:  # "By NAME", "By NAME and NAME", "By NAME, Reuters", "Par NAME"
        rest = s[m.end():]
        agency = None
        head, sep, tail = rest.rpartition(",")
        if sep and _is_agency(tail.strip()):
            rest, agency = head.strip(), tail.strip()
        if _is_agency(rest):
            return Byline(None, None, rest, "by")
        names = _people(rest)
        return Byline(_join(names), None, agency, "by") if names else None

    m = lex.source_re.match(s)
    if m:  # "المصدر: رويترز", "Source: (البيان)"
        rest = s[m.end():].strip().strip("()").strip()
        parts = _DASH.split(rest, maxsplit=1)
        if len(parts) == 2:
            return _pair(parts[0], parts[1], site_name, "source-")
        return _side(rest, site_name, "source", min_words=2) if rest else None

    m = lex.prefix_re.match(s)
    if m:  # "كتب فيصل الشمري", "بقلم: د. محمد علي - القاهرة"
        rest = s[m.end():].strip()
        if _key(m.group("p")) in lex.weak_prefixes:
            # "تقرير: إسرائيل تخطط ...", "حوار الشرق الأوسط": after a prefix that also opens headlines
            # and menus, a colon or slash must follow and the rest must be shaped like a name (or be a
            # place, an agency or a role).
            if not m.group("sep").strip():
                return None
            if not (_is_city(rest) or _is_agency(rest) or _role_only(rest) or _name_shaped(rest)):
                return None
        parts = _DASH.split(rest, maxsplit=1)
        if len(parts) == 2 and all(parts):
            got = _pair(parts[0], parts[1], site_name)
            if got is not None:
                return Byline(got.author, got.dateline, got.agency, "prefix")
            return None
        return _side(rest, site_name, "prefix")

    m = _PAREN_TAIL.match(s)
    if m:  # "CITY (وكالات)", "WASHINGTON (Reuters) -"
        head, inner = m.group("head").strip(), m.group("inner").strip()
        place = _place_of(head)
        if place and _is_agency(inner):
            return Byline(None, place, inner, "city-agency")
        return None

    parts = _DASH.split(s, maxsplit=1)
    if len(parts) == 2:
        if not all(parts):
            return None  # "مصر اليوم -": a site-name line
        return _pair(parts[0], parts[1], site_name)
    if ":" in s:  # "CITY: NAME"; but "CITY: headline" is a common headline form
        a, _, b = s.partition(":")
        a, b = a.strip(), b.strip()
        # "CITY: short headline" reads like "CITY: NAME": a name only where the position says byline.
        short_name = bare_name and len(b.split()) <= 3 and _name_shaped(b)
        if a and b and _is_city(a) and (short_name or _is_agency(b) or _is_site(b, site_name)):
            return _pair(a, b, site_name)
        return None
    if paren:
        return _side(s, site_name, "paren", min_words=2)
    # A bare line: only an agency credit ("رويترز", "فرانس24/ أ ف ب") is sure enough, and only in the
    # page's script (a Latin "Sputnik" on an Arabic page is a logo). A bare name or place could be a
    # menu item or a caption.
    if _is_agency(s) and not _is_site(s, site_name):
        if lang is None or (lang in ARABIC_SCRIPT) != s.isascii():
            return Byline(None, None, s, "agency")
    # Latin-script pages write "By NAME"; a bare capitalised pair there is as often a section or a product.
    if bare_name and not s.isascii() and _name_shaped(s):
        names = _people(s, 2)
        if names:
            return Byline(_join(names), None, None, "name")
    return None
