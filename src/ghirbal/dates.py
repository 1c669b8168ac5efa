"""Date and time expressions in Arabic (and English/French) page text.

How it works (all vocabulary lives in `lexicon/dates.toml`):

1. *Tokenize* with one compiled regex: numeric dates, times, relative phrases, numbers (with an era
   mark glued on: 1437هـ, 2016م), GMT/UTC, and every name (months, Hijri months, weekdays, zones, day
   words, labels, connectors) from one trie. Spelling variants (أ/إ/آ/ا, ى/ي, ة/ه) are character
   classes inside the regex and digits are any script's (`\\d`), so the text is matched as it is: no
   per-character folding on the hot path. Only text with diacritics, tatweel or bidi marks is copied
   without them first, and an index map brings spans back to the original string.
2. *Cluster*: tokens separated only by punctuation and spaces belong together; a label ("التاريخ",
   "محدثة") starts a new *segment* inside a cluster.
3. *Assemble* each segment: every anchor (numeric date, month name, Hijri month, relative phrase)
   claims the day and year numbers next to it; times, zones and weekday names go to the nearest date.
   A Hijri date next to a Gregorian one is merged into it (the Gregorian date wins).

Nothing is invented: no year -> no date, no day -> month precision, relative phrases need `ref`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from ghirbal.linemodel import compiled
from ghirbal.normalize import DIACRITICS, LETTER_VARIANTS, fold
from ghirbal.tomlfiles import read_data
from ghirbal.trie import trie_pattern

__all__ = ["ParsedDate", "parse_date", "find_dates", "date_coverage", "might_contain_date"]


@dataclass(frozen=True, slots=True)
class ParsedDate:
    iso: str  # "YYYY-MM-DD" (precision day/minute) or "YYYY-MM" (precision month)
    precision: str  # "minute" | "day" | "month"
    time: str | None  # "HH:MM", 24 h
    tz: str | None  # "GMT", "UTC+3", "Africa/Cairo" ...
    relative: bool  # resolved against `ref`
    calendar: str  # "gregorian" | "hijri" (a Hijri date is converted to Gregorian in `iso`)
    start: int  # span in the input string
    end: int
    confidence: float  # 0..1


# --- folding ------------------------------------------------------------------------------------

# Letter variants as regex character classes: the same table `ghirbal.normalize.fold` folds with.
_VARIANTS = LETTER_VARIANTS
# Marks that sit inside words: diacritics, tatweel, bidi and zero-width controls.
_DROPPED = DIACRITICS + "".join(map(chr, [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                          0x061C, 0xFEFF]))
_DROP = str.maketrans(dict.fromkeys(map(ord, _DROPPED), None))
_HAS_DROPPED = re.compile(f"[{_DROPPED}]")
_BEFORE_FOLD = str.maketrans({ord("’"): "'", ord("‘"): "'", **dict.fromkeys(map(ord, _DROPPED), None)})


def _fold_word(word: str) -> str:
    """The dictionary key of a lexicon entry or a matched name: `normalize.fold`, spaces squeezed."""
    return " ".join(fold(word.translate(_BEFORE_FOLD)).split())


def _prepare(text: str) -> tuple[str, list[int] | None]:
    """Lower-cased text without in-word marks, and the original index of each kept character (None
    when nothing was dropped, the usual case)."""
    low = text.lower()
    if len(low) != len(text):  # a rare capital that lower-cases to two characters ('İ')
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if not _HAS_DROPPED.search(low):
        return low, None
    index = [i for i, c in enumerate(low) if c not in _DROPPED]
    return low.translate(_DROP), index


# --- lexicon and the tokenizer regex ---------------------------------------------------------------


def _trie_regex(words) -> str:
    """One regex for many folded words (`ghirbal.trie`): each folded letter matches its spelling
    variants, a space matches any whitespace."""

    def char(ch: str) -> str:
        if ch == " ":
            return r"\s+"
        return f"[{_VARIANTS[ch]}]" if ch in _VARIANTS else re.escape(ch)

    return trie_pattern(words, char)


_L = r"(?<![^\W\d_])"  # not preceded by a letter (Arabic or Latin)
_R = r"(?![^\W\d_])"  # not followed by a letter


class _Lex:
    """Everything derived from dates.toml, built once on first use."""

    def __init__(self) -> None:
        raw = read_data("lexicon/dates.toml")

        def table(section: dict, conv=lambda v: v) -> dict:
            # Keyed by the folded spelling and by the spelling as written (the common, cheap hit).
            out: dict = {}
            for key, spellings in section.items():
                for s in spellings:
                    out[_fold_word(s)] = out[s] = conv(key)
            return out

        self.months = table(raw["gregorian_months"], int)
        self.hmonths = table(raw["hijri_months"], int)
        self.weekdays = table(raw["weekdays"], int)
        self.zones = table(raw["timezones"])
        self.ampm = table(raw["ampm"])
        self.era = table(raw["era"])
        rel = raw["relative"]
        self.units = table(rel["units"])
        self.numwords = {_fold_word(k): v for k, v in rel["numbers"].items()}
        self.duals = {_fold_word(k): tuple(v) for k, v in rel["duals"].items()}
        # A bare singular unit after منذ/قبل means one ("منذ ساعة"); only minutes and hours, since
        # "قبل يوم الانتخابات" / "قبل شهر رمضان" are prepositions, not ages.
        self.duals.update({_fold_word(ws[0]): (u, 1) for u, ws in rel["units"].items() if u in ("minute", "hour")})
        self.days = {_fold_word(k): v for k, v in rel["days"].items()}
        words = raw["words"]
        self.weak_days = {_fold_word(w) for w in words["weak_days"]}
        labels = {_fold_word(w): 0 for w in words["labels"]}
        conns = {_fold_word(w): 0 for w in words["connectors"]}
        before = [_fold_word(w) for w in rel["before"]]
        after = [_fold_word(w) for w in rel["after"]]
        ordinals = tuple(words["ordinal_suffixes"])  # (as written: "1st", "1er"; matched lower-cased)
        ords = "|".join(map(re.escape, ordinals))

        # Every name in one trie; its kind and folded form come back from a dict (keyed by the folded
        # form and by the lower-cased spelling as written, the common and cheap hit).
        self.word_kind: dict[str, tuple[str, str]] = {}
        for kind, names in (("month", self.months), ("hmonth", self.hmonths), ("wd", self.weekdays),
                            ("tz", self.zones), ("day", self.days), ("label", labels), ("conn", conns)):
            for w in names:
                f = _fold_word(w)
                self.word_kind.setdefault(f, (kind, f))
                self.word_kind.setdefault(w.lower(), (kind, f))
        for z in [w for w, (k, _) in self.word_kind.items() if k == "tz" and " " in w]:
            self.word_kind[z + " المحلي"] = ("tz", _fold_word(z))  # "توقيت القاهرة المحلي"

        t = _trie_regex
        era = t({_fold_word(w) for w in self.era})
        units = t({_fold_word(w) for w in self.units})
        # The gate in front: where no token can start (inside a word, on a space), one cheap lookahead
        # fails instead of the whole alternation: a token starts with a digit, "gmt"/"utc", or a word.
        pattern = rf"""
         (?=\d|[gu]|{_L}\S)(?:
          (?=\d)(?:  # tokens that start with a digit (any script)
            (?P<ymd>(?<![\da-z.])(?P<ymd_y>\d{{4}})\s?(?P<ymd_sep>[/.\-])\s?(?P<ymd_m>\d{{1,2}})\s?(?P=ymd_sep)\s?
               (?P<ymd_d>\d{{1,2}})(?!\d)(?![.,/]\d)
               (?:t(?P<ymd_hh>\d\d):(?P<ymd_mm>\d\d)(?::\d\d(?:\.\d+)?)?(?P<ymd_tz>z|[+-]\d\d:?\d\d)?)?
               (?:\s?(?P<ymd_era>{era}){_R})?)
           |(?P<dmy>(?<![\da-z.])(?P<dmy_a>\d{{1,2}})\s*(?P<dmy_sep>[/.\-])\s*(?P<dmy_b>\d{{1,2}})\s*(?P=dmy_sep)\s*
               (?P<dmy_y>\d{{4}}|\d\d)(?!\d)(?![.,/:]\d)(?:\s?(?P<dmy_era>{era}){_R})?)
           |(?P<time>(?<![\d:.])(?P<th>\d{{1,2}})(?::|h)(?P<tm>\d\d)(?::\d\d)?(?!\d)
               (?:\s?(?P<ampm>{t({_fold_word(w) for w in self.ampm})})(?![^\W\d_]|\.\w))?)
           |(?P<ago>(?<!\d)(?P<dn>\d{{1,3}})\s+(?P<du>{units})\s+{t(after)}{_R})
           |(?P<num>(?<!\d)(?<!\d[.,:/])(?P<numd>\d{{1,4}})(?!\d)(?![.,:/]\d)
               (?:(?:{ords})(?![a-z])|\s?(?P<era>{era}){_R})?)
          )
         |(?P<gmt>(?<![a-z])(?:gmt|utc)(?:\s?[+-]\s?\d{{1,2}}(?::?\d\d)?)?(?![a-z]))
         |{_L}(?:
            (?P<rel>(?:{t(before)})\s+(?:(?P<rn>\d{{1,3}}|{t(self.numwords)})\s+(?P<ru>{units})|(?P<rd>{t(self.duals)}))
                  |(?P<an>{t(self.numwords)})\s+(?P<au>{units})\s+{t(after)})
           |(?P<word>{t({_fold_word(w) for w in self.word_kind})})
          ){_R}
         )
        """
        self.token_re = re.compile(pattern, re.X)
        # A time's am/pm mark after its digits (the tail of the `time` alternative, from the end of the
        # HH:MM(:SS)), and the first letters of the marks: the compiled tokenizer reads the times itself.
        self.ampm_re = re.compile(rf"\s?(?P<ampm>{t({_fold_word(w) for w in self.ampm})})(?![^\W\d_]|\.\w)", re.X)
        self.ampm_starts = _first_letters([{_fold_word(w) for w in self.ampm}])
        # The names read in C (`_dates._word_end`): where no word of the `rel` and `an` alternatives can
        # open (`rel_openings`), a name is the longest word of the `word` trie the text spells there
        # (its characters folded by `name_fold`, a white space run as one space) with no letter after it.
        self.names = _name_table({_fold_word(w) for w in self.word_kind}, _word_openings([before, self.numwords]))
        # What a token that opens with no digit, "g" or "u" can start with: the first letter, in each
        # spelling the regex accepts, of a word of the `rel`, `an` and `word` tries (one bit per BMP
        # character; the compiled tokenizer tries the regex nowhere else). None if a trie is empty.
        self.name_starts = _first_letters([before, self.numwords, {_fold_word(w) for w in self.word_kind}])
        # What may follow a number's digits and make it more than a plain `num` token: the first
        # letter of a unit ("3 ساعات ago") or an era word ("2016م"), and the ordinal suffixes' first
        # letters (the compiled tokenizer reads a number itself where none of these, no separator and
        # no other digit follows it). None (the regex reads every number) if a name can start with a digit.
        # And the first two characters of those words (a position where a name's first letter stands
        # but no name's first two characters is not tried either).
        self.name_pairs = _word_openings([before, self.numwords, {_fold_word(w) for w in self.word_kind}])
        self.num_next = _number_followers(self.name_starts, [{_fold_word(w) for w in self.units},
                                                             {_fold_word(w) for w in self.era}], ordinals)
        # Where `num_next` says one may: does a suffix, an era word or a unit with "ago" follow the
        # digits (the tails of the `num` and `ago` alternatives; at the end of the digits)?
        self.num_follow_re = re.compile(rf"(?:{ords})(?![a-z])|\s?(?:{era}){_R}|\s+(?:{units})\s+(?:{t(after)}){_R}")
        # Punctuation that may sit between the parts of one date. Quotes end a date: «أمس» in a quote.
        self.gap_re = re.compile(r"[\s,،؛;/\\\-–—.()\[\]|:_]{1,6}")

        # might_contain_date: digits in any script, a day word, or منذ/قبل/ago with a time unit.
        def spellings(words):
            # As written in the TOML, folded and capitalized (the raw text is searched), keeping only
            # the shortest: "أمس" already finds "بالأمس" and "أمس الأول".
            out: list[str] = []
            for w in sorted({w for x in words for w in (x, _fold_word(x), x.capitalize())}, key=len):
                if not any(k in w for k in out):
                    out.append(w)
            return out

        self.quick_digit = re.compile(r"\d")
        self.quick_days = tuple(spellings([*rel["days"], *after]))
        self.quick_before = tuple(spellings(rel["before"]))
        # Units only matter when the amount is a word ("منذ ثلاث ساعات", "قبل يومين", "il y a une heure").
        self.quick_units = tuple(spellings([w[:3] for ws in rel["units"].values() for w in ws if len(w) > 1]
                                           + [w[:3] for w in rel["duals"]]))
        self.zone_cache: dict[str, str] = {}

        # date_coverage's gate: what a cluster _is_strong needs. A numeric date shows as a digit and its
        # first two separators (the same one twice, one or two digits between: the `ymd` and `dmy`
        # tokens; "4.35" and "1-800" make none), a time as a digit, ":" or "h" and two digits (the `time`
        # token); every other strong cluster holds a month or Hijri month name, a day word that is not
        # weak, or a relative phrase: a time unit or a dual ("يومين") with منذ/قبل/ago. Prefixes at a word start are enough (the gate may say yes where no date is;
        # never no where one is), so the words need no right edge.
        strong = {f for k, f in self.word_kind.values()
                  if k in ("month", "hmonth") or (k == "day" and f not in self.weak_days)}
        self.strong_words_re = re.compile(rf"{_L}(?:{t(strong)})")
        self.rel_edge_re = re.compile(rf"{_L}(?:{t({*before, *after})})")
        self.rel_unit_re = re.compile(rf"{_L}(?:{t({_fold_word(w) for w in self.units} | set(self.duals))})")
        self.numeric_shape_re = re.compile(r"\d\s*([/.\-])\s*\d{1,2}\s*\1|\d[:h]\d\d")

        # The compiled core's twins of the gate, the tokenizer and the coverage (used while
        # compiled.active(); the references below stay the definition).
        self.gate = self.coverage = None
        if compiled.built():
            self.gate = compiled.DateGate(self.quick_days, self.quick_before, self.quick_units)
            words = {"strong": strong, "edge": {*before, *after},
                     "unit": {_fold_word(w) for w in self.units} | set(self.duals)}
            self.coverage = compiled.DateCoverage(
                self.gate, _prepare, _DROPPED_BITS, compiled.numeric_shape,
                _word_search(self.strong_words_re, words["strong"]), _word_search(self.rel_edge_re, words["edge"]),
                _word_search(self.rel_unit_re, words["unit"]), self.token_re.match, self.gap_re.fullmatch,
                self.word_kind, _fold_word, _COMMON_GAPS, self.weak_days, TOKEN_CACHE, _TOKEN_CACHE_LINES,
                _TOKEN_CACHE_CHARS, compiled.untrack_clusters, self.name_starts, self.num_next,
                self.num_follow_re.match, self.name_pairs, _time_mark, self.ampm_re.match, self.ampm_starts,
                self.names)
        # The assembly's twin (`_dates.DateScan`, of `_scan_reference`): the tables above and the
        # reference's helpers for the rare paths.
        self.scan = None
        if compiled.built():
            self.scan = compiled.DateScan(self, _prepare, _DROPPED_BITS, self.coverage.clusters, _fold_word,
                                          ParsedDate, _hijri_to_greg, _zone, _year2, date, timedelta, _DELTA_DAYS)


def _word_search(pattern: re.Pattern, words):
    """`pattern.search` for `pattern` = `{_L}(?:{_trie_regex(words)})`: compiled, the regex tried only
    where one of the words can start (`_dates.WordSearch`)."""
    starts = _first_letters([words])
    if starts is None:
        return pattern.search
    pairs = _first_pairs(words)
    return compiled.WordSearch(pattern.match, starts, pairs, _first_triples(words) if pairs is not None else None)


@lru_cache(maxsize=1)
def _white_space() -> str:
    """What `\\s` matches in a str pattern: str.isspace (no such character past the BMP)."""
    return "".join(c for c in map(chr, range(0x10000)) if c.isspace())


def _first_pairs(words) -> bytes | None:
    """4096 bits: a hash of the first two characters of every word (folded, written as a regex by
    `_trie_regex`) in each spelling that regex matches, a space as any white space (`\\s+`); hashed as
    `_dates.WordSearch` hashes a text's characters ((a * 31 + b) & 4095, the date gate's hash). None
    when a word is shorter than two characters or a character is past the BMP (no pair to test), or
    when there is no word."""
    bits = bytearray(512)
    if not any(words):
        return None
    for w in words:
        if not w:
            continue  # (the trie leaves an empty word out)
        if len(w) < 2 or w[0] == " ":
            return None
        firsts = _VARIANTS.get(w[0], w[0])
        seconds = _white_space() if w[1] == " " else _VARIANTS.get(w[1], w[1])
        for a in firsts:
            for b in seconds:
                if ord(a) > 0xFFFF or ord(b) > 0xFFFF:
                    return None
                h = (ord(a) * 31 + ord(b)) & 4095
                bits[h >> 3] |= 1 << (h & 7)
    return bytes(bits)


def _first_triples(words) -> bytes | None:
    """8704 bytes for `_dates.WordSearch`, past `_first_pairs`: 65,536 bits of the first three characters
    of every word in each spelling its regex matches (a space as any run of white space), hashed
    ((a * 31 + b) * 31 + c) & 65535; then 4096 bits of the first two characters of the two-character
    words (hashed as `_first_pairs`), which need no third. None where `_first_pairs` is None, or a
    word's second character is a space that ends it. Most positions that pass the pairs ("ال" of
    every article) fail here, without a call of the regex."""
    if _first_pairs(words) is None:
        return None
    white = _white_space()
    triples, shorts = bytearray(8192), bytearray(512)
    for w in words:
        if not w:
            continue
        firsts = _VARIANTS.get(w[0], w[0])
        if len(w) == 2:
            if w[1] == " ":
                return None
            for a in firsts:
                for b in _VARIANTS.get(w[1], w[1]):
                    h = (ord(a) * 31 + ord(b)) & 4095
                    shorts[h >> 3] |= 1 << (h & 7)
            continue
        if w[1] == " ":  # (`\s+`: the third character is white space too, or the word's third)
            seconds, thirds = white, white + ("" if w[2] == " " else _VARIANTS.get(w[2], w[2]))
        else:
            seconds = _VARIANTS.get(w[1], w[1])
            thirds = white if w[2] == " " else _VARIANTS.get(w[2], w[2])
        for a in firsts:
            for b in seconds:
                for c in thirds:
                    if ord(c) > 0xFFFF:
                        return None
                    h = ((ord(a) * 31 + ord(b)) * 31 + ord(c)) & 65535
                    triples[h >> 3] |= 1 << (h & 7)
    return bytes(triples + shorts)


def _char_bits(chars: str) -> bytes:
    """A bit per BMP character, set for each of `chars`."""
    bits = bytearray(8192)
    for ch in chars:
        c = ord(ch)
        if c > 0xFFFF:
            raise ValueError(f"{ch!r}: past the BMP")
        bits[c >> 3] |= 1 << (c & 7)
    return bytes(bits)


_DROPPED_BITS = _char_bits(_DROPPED)  # (the compiled core's twin of `_HAS_DROPPED`)


def _first_letters(tries) -> bytes | None:
    """A bit per BMP character that starts a word of one of `tries` (lists of folded words, each
    written as a regex by `_trie_regex`) as that regex matches it: each first letter with its spelling
    variants. None when a trie holds no word (its regex then matches the empty string anywhere)."""
    bits = bytearray(8192)
    for words in tries:
        firsts = {w[0] for w in words if w}
        if not firsts:
            return None
        for ch in firsts:
            for c in _VARIANTS.get(ch, ch):
                if ord(c) > 0xFFFF:
                    return None
                bits[ord(c) >> 3] |= 1 << (ord(c) & 7)
    return bytes(bits)


def _number_followers(name_starts: bytes | None, tries, suffixes: tuple[str, ...]) -> bytes | None:
    """`_Lex.num_next`: what may open a word of one of `tries` (the units, the era words) or one of the
    ordinal `suffixes` (written as they are), as `_word_openings` gives it. None when that is None, or
    when `name_starts` is None or marks a decimal digit (a name could start where a number does: only
    the regex can tell)."""
    if name_starts is None:
        return None
    if any(name_starts[c >> 3] >> (c & 7) & 1 for c in range(0x10000) if chr(c).isdecimal()):
        return None
    return _word_openings(tries, suffixes)


def _word_openings(tries, literal=()) -> bytes | None:
    """What may open a word of one of `tries` (lists of folded words written as regexes by
    `_trie_regex`) or of `literal` (written as they are), in each spelling the regex matches, a space
    as any white space: 8192 bytes, a bit per BMP character that is a one-letter word (to be matched
    only where no letter follows it: each of these words ends at a word's edge or before white space),
    then 512 bytes, 4096 bits of the first two characters of the longer words, hashed as `_first_pairs`
    hashes them (`_dates._may_follow` reads them). None when a trie is empty or a word's character is
    past the BMP."""
    singles, pairs = bytearray(8192), bytearray(512)
    spelled = [[(w, _VARIANTS) for w in words if w] for words in tries]
    if not all(spelled):
        return None
    for words in [*spelled, [(w, {}) for w in literal]]:
        for w, variants in words:
            if w[0] == " ":
                return None
            firsts = variants.get(w[0], w[0])
            if any(ord(c) > 0xFFFF for c in firsts):
                return None
            if len(w) == 1:
                for c in firsts:
                    singles[ord(c) >> 3] |= 1 << (ord(c) & 7)
                continue
            seconds = _white_space() if w[1] == " " else variants.get(w[1], w[1])
            for a in firsts:
                for b in seconds:
                    if ord(b) > 0xFFFF:
                        return None
                    h = (ord(a) * 31 + ord(b)) & 4095
                    pairs[h >> 3] |= 1 << (h & 7)
    return bytes(singles + pairs)


def _name_table(words: set[str], rel_openings: bytes | None):
    """What the compiled tokenizer needs to read the `word` alternative's names itself, or None where it
    cannot (the token regex reads them): (the folding of each BMP character as the trie regex matches
    it, 65536 UCS-2 code units: a spelling variant to its folded letter, any other character to
    itself; the words, a frozenset; their greatest length; a bit per length a word has;
    `rel_openings`). Exact only where the trie's characters match disjoint sets of characters: the variant classes share no character, no word
    holds a character of another letter's class, a white space or a character past the BMP, and the
    words (no longer than 60) neither start nor end with a space."""
    from array import array

    if rel_openings is None or not words or "" in words:
        return None
    fold_map = array("H", range(0x10000))
    members: dict[str, str] = {}
    for key, chars in _VARIANTS.items():
        if key not in chars:
            return None
        for c in chars:
            if c in members or ord(c) > 0xFFFF:
                return None
            members[c] = key
            fold_map[ord(c)] = ord(key)
    for w in words:
        if len(w) > 60 or w[0] == " " or w[-1] == " ":
            return None
        for c in w:
            if ord(c) > 0xFFFF or (c.isspace() and c != " ") or (c in members and c not in _VARIANTS):
                return None
    for c in _white_space():
        if c in members:
            return None
    lengths = 0
    for w in words:
        lengths |= 1 << len(w)
    return fold_map.tobytes(), frozenset(words), max(map(len, words)), lengths, rel_openings


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    return _Lex()  # built on first use: importing the module stays cheap


# --- tokens and clusters ------------------------------------------------------------------------

# A token is a tuple (kind, start, end, match, value); value: int for numbers, (hh, mm) for times,
# the folded word for names. A number ("num") holds its digit count where the others hold their match
# (the compiled tokenizer reads most numbers without the regex), a time its am/pm mark (`_time_mark`:
# 0, AM or PM; the compiled tokenizer reads most times without the regex too), a name ("word": month,
# weekday, zone, ...) and a "gmt"/"utc" zone None (read in C too). Tuples, not objects: tokenizing is
# the hot path.
K, S, E, M, V = range(5)
_ANCHORS = frozenset(("ymd", "dmy", "rel", "month", "hmonth", "day"))
AM, PM = 1, 2


def _time_mark(mark: str | None) -> int:
    """What a time's token carries for its am/pm mark (the `ampm` group): 0 without one, else AM or PM."""
    if not mark:
        return 0
    return PM if _lex().ampm[_fold_word(mark)] == "pm" else AM


_COMMON_GAPS = frozenset((" ", ", ", "، ", " ,", "/ ", " / ", "/", " - ", " (", ") "))  # skip the gap regex


# Token clusters of short prepared lines already seen: date stamps and datelines recur from page to
# page, and the classifier's date coverage and the field assembler tokenize the same lines. Bounded:
# cleared when full. Callers only read the clusters.
TOKEN_CACHE: dict[str, list[list[tuple]]] = {}
_TOKEN_CACHE_LINES, _TOKEN_CACHE_CHARS = 20_000, 200


def clear_token_cache() -> None:
    """Forget the lines' token clusters (TOKEN_CACHE) and the compiled tokenizer's memos."""
    TOKEN_CACHE.clear()
    if compiled.forget_date_memos is not None:
        compiled.forget_date_memos()


def _clusters(low: str, lex: _Lex) -> list[list[tuple]]:
    if compiled.active():
        return lex.coverage.clusters(low)
    if len(low) > _TOKEN_CACHE_CHARS:
        return _tokens(low, lex)
    found = TOKEN_CACHE.get(low)
    if found is None:
        if len(TOKEN_CACHE) >= _TOKEN_CACHE_LINES:
            TOKEN_CACHE.clear()
        found = TOKEN_CACHE[low] = _tokens(low, lex)
        if compiled.active():
            compiled.untrack_clusters(found)  # long-lived: kept out of the cycle collector's walks
    return found


def _tokens(text: str, lex: _Lex) -> list[list[tuple]]:
    """Clusters of date tokens: runs of tokens with only punctuation/space between them."""
    clusters: list[list[tuple]] = []
    cur: list[tuple] = []
    gap = lex.gap_re.fullmatch
    word_kind = lex.word_kind
    last_end = -1
    for m in lex.token_re.finditer(text):
        kind = m.lastgroup
        start, end = m.span()
        val = None
        if kind == "word":
            w = m.group()
            kind, val = word_kind.get(w) or word_kind[_fold_word(w)]
            m = None  # (a name carries no match: the compiled tokenizer reads most names without the regex)
        elif kind == "num":
            digits = m.group("numd")
            val = int(digits)
            m = len(digits)  # a number carries its digit count, not its match (all `_num_at` asks)
        elif kind == "time":
            val = (int(m.group("th")), int(m.group("tm")))
            if val[0] > 23 or val[1] > 59:  # "25:70" is a score or a verse, not a time: a break
                if cur:
                    clusters.append(cur)
                    cur = []
                continue
            m = _time_mark(m.group("ampm"))  # (a time carries its mark, not its match: all `_clock` asks)
        elif kind == "gmt":
            kind = "tz"
            m = None  # (a zone carries no match: its text is read from the line; the compiled tokenizer reads "gmt")
        elif kind == "ago":
            kind = "rel"
        if cur and start != last_end and text[last_end:start] not in _COMMON_GAPS and not gap(text, last_end, start):
            clusters.append(cur)
            cur = []
        cur.append((kind, start, end, m, val))
        last_end = end
    if cur:
        clusters.append(cur)
    return clusters


def _is_strong(cluster: list[tuple], lex: _Lex) -> bool:
    """Does this cluster carry a date or a time (for date_coverage; no validation)?"""
    n = len(cluster)
    for i, t in enumerate(cluster):
        k = t[K]
        if k in ("ymd", "dmy", "time", "rel"):
            return True
        if k == "day" and t[V] not in lex.weak_days:
            return True
        if k in ("month", "hmonth"):
            if (i and cluster[i - 1][K] == "num") or (i + 1 < n and cluster[i + 1][K] in ("num", k)):
                return True
    return False


# --- assembly -------------------------------------------------------------------------------------


class _Unit:
    """A date being assembled from the tokens (indices into its segment) it claimed."""

    # Class-level defaults: most units never set most of these (cheaper than setting them all).
    hh = mm = tz = wd = None
    rel = weak = False
    delta = None  # (unit, amount) for relative phrases
    alt = None  # the converted Hijri date merged into a Gregorian one

    def __init__(self, idx, y=None, m=None, d=None, cal="gregorian", conf=0.9):
        self.idx, self.y, self.m, self.d, self.cal, self.conf = idx, y, m, d, cal, conf


def _year2(yy: int, ref: datetime | None) -> int:
    pivot = (ref or datetime.now()).year % 100 + 1
    return 2000 + yy if yy <= pivot else 1900 + yy


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _numeric(t: tuple, i: int, ref: datetime | None, lang: str | None) -> _Unit | None:
    g = t[M].group
    era = g("ymd_era") or g("dmy_era")
    hijri = era is not None and _lex().era[_fold_word(era)] == "hijri"
    year = int(g("ymd_y") or g("dmy_y"))
    if not hijri and 1300 <= year <= 1500:  # "1441/09/05" on a Saudi page: Hijri without the mark
        hijri = True
    elif not hijri and year >= 100 and not 1900 <= year <= 2100:  # "1.2.1820": not a page's date
        return None
    if t[K] == "ymd":
        u = _Unit([i], int(g("ymd_y")), int(g("ymd_m")), int(g("ymd_d")), conf=0.9)
        if g("ymd_hh"):
            u.hh, u.mm = int(g("ymd_hh")), int(g("ymd_mm"))
            if g("ymd_tz"):
                u.tz = "UTC" if g("ymd_tz") == "z" else _zone("utc" + g("ymd_tz"))
    else:
        a, b, ys = int(g("dmy_a")), int(g("dmy_b")), g("dmy_y")
        y = int(ys) if len(ys) == 4 else _year2(int(ys), ref)
        short = 0.15 if len(ys) == 2 else 0.0
        ambiguous = a <= 12 and b <= 12 and a != b
        if hijri:
            u = _Unit([i], y, b, a, conf=0.85 - short)
        elif lang == "en" and ambiguous:  # English pages write the month first
            u = _Unit([i], y, a, b, conf=0.75 - short)
        elif _valid(y, b, a):  # the Arab-world default: day first
            u = _Unit([i], y, b, a, conf=(0.8 if ambiguous else 0.9) - short)
        else:  # 12/25/2020 can only be month first
            u = _Unit([i], y, a, b, conf=0.7 - short)
    if hijri:
        u.cal = "hijri"
    return u


def _num_at(seg: list[tuple], k: int, used: set[int], max_digits: int, lo: int, hi: int) -> int | None:
    """The number at seg[k] if it is a free number token of at most max_digits digits within [lo, hi]."""
    if 0 <= k < len(seg) and k not in used:
        t = seg[k]
        if t[K] == "num" and lo <= t[V] <= hi and t[M] <= max_digits:
            return t[V]
    return None


def _month_unit(seg: list[tuple], i: int, used: set[int]) -> tuple[_Unit | None, int]:
    """A date around the month name at seg[i]; returns the unit and the index after the month names."""
    lex = _lex()
    kind = seg[i][K]
    hijri = kind == "hmonth"
    table = lex.hmonths if hijri else lex.months
    month = table[seg[i][V]]
    clash = False
    j = i + 1
    while j < len(seg) and seg[j][K] == kind:  # paired names: "أيار / مايو", "16 أبريل/ نيسان"
        clash |= table[seg[j][V]] != month
        j += 1
    claimed = list(range(i, j))
    ylo, yhi = (1300, 1600) if hijri else (1800, 2200)
    day = _num_at(seg, i - 1, used, 2, 1, 31)
    if day is not None:
        claimed.append(i - 1)
    elif _num_at(seg, i - 1, used, 2, 0, 99) is not None:  # "32 مايو 2020": a broken day, not a month-only date
        return None, j
    year = _num_at(seg, j, used, 4, ylo, yhi)
    if year is not None:
        claimed.append(j)
    elif day is None:  # English order: "November 9, 2020"
        day = _num_at(seg, j, used, 2, 1, 31)
        if day is not None:
            year = _num_at(seg, j + 1, used, 4, ylo, yhi)
            claimed += [j, j + 1] if year is not None else [j]
    if year is None and day is not None:
        # The year may stand apart: "GMT 15:16 2025 الأربعاء ,14 أيار / مايو".
        for k, step in ((min(claimed) - 1, -1), (max(claimed) + 1, 1)):
            while 0 <= k < len(seg) and seg[k][K] in ("time", "tz", "wd", "conn"):
                k += step
            year = _num_at(seg, k, used, 4, ylo, yhi)
            if year is not None:
                claimed.append(k)
                break
    if year is None:
        return None, j
    claimed.sort()
    u = _Unit(claimed, year, month, day, "hijri" if hijri else "gregorian", conf=0.95 if day is not None else 0.8)
    if clash:
        u.conf -= 0.3
    used.update(claimed)
    return u, j


def _relative(t: tuple, i: int) -> _Unit:
    lex = _lex()
    if t[K] == "day":
        u = _Unit([i], conf=0.7)
        u.delta, u.weak = ("day", lex.days[t[V]]), t[V] in lex.weak_days
    else:
        g = t[M].group
        if g("rd"):
            unit, n = lex.duals[_fold_word(g("rd"))]
        else:
            amount, word = (g("rn"), g("ru")) if g("rn") else (g("an"), g("au")) if g("an") else (g("dn"), g("du"))
            n = int(amount) if amount.isdigit() else lex.numwords[_fold_word(amount)]
            unit = lex.units[_fold_word(word)]
        u = _Unit([i], conf=0.8 if unit in ("minute", "hour", "day") else 0.6)
        u.delta = (unit, n)
    u.rel = True
    return u


_DECOR = frozenset(("time", "tz", "wd"))


def _segment_units(seg: list[tuple], ref: datetime | None, lang: str | None, low: str) -> list[_Unit]:
    units: list[_Unit] = []
    used: set[int] = set()
    i = 0
    while i < len(seg):
        k = seg[i][K]
        nxt = i + 1
        if k == "ymd" or k == "dmy":
            u = _numeric(seg[i], i, ref, lang)
            used.add(i)
        elif k == "rel" or k == "day":
            u = _relative(seg[i], i)
            used.add(i)
        elif k == "month" or k == "hmonth":
            u, nxt = _month_unit(seg, i, used)
        else:
            u = None
        if u is not None:
            units.append(u)
        i = nxt
    if not units:
        return units
    # Times, zones and weekdays go to the nearest date of the segment (ties: the one still lacking it,
    # then the earlier one); a date takes one of each.
    centers = [sum(u.idx) / len(u.idx) for u in units]
    for n, t in enumerate(seg):
        kind = t[K]
        if kind not in _DECOR or n in used:
            continue
        u = units[0]
        if len(units) > 1:
            u = min(zip(units, centers), key=lambda uc: (abs(uc[1] - n), _has(uc[0], kind)))[0]
        if _has(u, kind):
            continue
        u.idx.append(n)
        if kind == "time":
            u.hh, u.mm = _clock(t)
        elif kind == "tz":
            u.tz = _zone(low[t[S]:t[E]])  # (the zone as written: a name's token carries no match)
        else:
            u.wd = _lex().weekdays[t[V]]
    return _merge_calendars(units) if len(units) > 1 else units


def _has(u: _Unit, kind: str) -> bool:
    return (u.hh if kind == "time" else u.tz if kind == "tz" else u.wd) is not None


def _clock(t: tuple) -> tuple[int, int]:
    hh, mm = t[V]
    mark = t[M]
    if mark and hh <= 12:
        hh = hh % 12 + (12 if mark == PM else 0)
    return hh, mm


def _zone(raw: str) -> str:
    cache = _lex().zone_cache
    if raw not in cache:
        s = _fold_word(raw)
        label = _lex().zones.get(s.removesuffix(" المحلي"))
        if not label:
            m = re.match(r"(gmt|utc)\s?(?:([+-])\s?(\d{1,2})(?::?(\d\d))?)?", s)
            label = m.group(1).upper()
            if m.group(2):
                mm = m.group(4)
                label += m.group(2) + str(int(m.group(3))) + (":" + mm if mm and mm != "00" else "")
        cache[raw] = label
    return cache[raw]


def _merge_calendars(units: list[_Unit]) -> list[_Unit]:
    """'26 ذو الحجة 1437هـ - 29 سبتمبر 2016م': one date, the Gregorian one, checked against the Hijri."""
    out: list[_Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if (prev is not None and not u.rel and not prev.rel and {prev.cal, u.cal} == {"hijri", "gregorian"}
                and prev.d is not None and u.d is not None):
            g, h = (u, prev) if u.cal == "gregorian" else (prev, u)
            g.idx = prev.idx + u.idx
            for attr in ("hh", "mm", "tz", "wd"):
                if getattr(g, attr) is None:
                    setattr(g, attr, getattr(h, attr))
            g.alt = _hijri_to_greg(h.y, h.m, h.d)
            out[-1] = g
        else:
            out.append(u)
    return out


@lru_cache(maxsize=4096)  # pages repeat the same few Hijri dates
def _hijri_to_greg(y: int, m: int, d: int) -> date | None:
    from hijridate import Hijri  # imported late: only Hijri dates need it

    try:
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):  # day 30 of a 29-day month, or outside Umm al-Qura's range
        return None
    return date(g.year, g.month, g.day)


_DELTA_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7}


def _finish(u: _Unit, ref: datetime | None, start: int, end: int) -> ParsedDate | None:
    """Validate and resolve a unit into a ParsedDate (None when it is not a real date)."""
    conf = u.conf
    time = None
    cal = u.cal
    if u.rel:
        if ref is None:  # never resolve against the wall clock
            return None
        unit, n = u.delta
        if unit == "month":
            k = ref.year * 12 + ref.month - 1 - n
            return ParsedDate(f"{k // 12:04d}-{k % 12 + 1:02d}", "month", None, None, True, cal, start, end,
                              round(conf, 2))
        when = ref - timedelta(days=_DELTA_DAYS[unit] * n)
        if unit in ("minute", "hour"):
            time = f"{when.hour:02d}:{when.minute:02d}"
        elif u.hh is not None:  # "أمس 10:30"
            time = f"{u.hh:02d}:{u.mm:02d}"
        y, m, d = when.year, when.month, when.day
    else:
        y, m, d = u.y, u.m, u.d
        if d is None:
            if cal == "hijri":  # a Hijri month straddles two Gregorian ones: no honest YYYY-MM
                return None
            return ParsedDate(f"{y:04d}-{m:02d}", "month", None, u.tz, False, cal, start, end, round(conf, 2))
        if cal == "hijri":
            g = _hijri_to_greg(y, m, d)
            if g is None:
                return None
            y, m, d = g.year, g.month, g.day
            conf -= 0.05
        elif not _valid(y, m, d):  # 31 شباط, month 13
            return None
        if u.alt is not None:  # a Hijri date stood next to it: do they agree?
            conf += 0.03 if abs((date(y, m, d) - u.alt).days) <= 2 else -0.3
        if u.hh is not None:
            time = f"{u.hh:02d}:{u.mm:02d}"
            conf += 0.02
    if u.wd is not None:
        # Tabular vs Umm al-Qura Hijri may be a day apart, so a Hijri-only weekday mismatch costs little.
        if date(y, m, d).weekday() == u.wd:
            conf += 0.05
        else:
            conf -= 0.1 if cal == "hijri" else 0.3
    return ParsedDate(f"{y:04d}-{m:02d}-{d:02d}", "minute" if time else "day", time, u.tz, u.rel, cal,
                      start, end, round(max(0.0, min(conf, 1.0)), 2))


def _nonspace(s: str) -> int:
    return len(s) - s.count(" ") - s.count("\t")


def _scan(text: str, ref: datetime | None, lang: str | None) -> list[ParsedDate]:
    """Every date of a line: the compiled `_dates.DateScan` while the compiled core is active, else the
    reference."""
    if compiled.active():
        return _lex().scan(text, ref, lang)
    return _scan_reference(text, ref, lang)


def _scan_reference(text: str, ref: datetime | None, lang: str | None) -> list[ParsedDate]:
    lex = _lex()
    low, index = _prepare(text)
    out: list[ParsedDate] = []
    total = 0
    for cluster in _clusters(low, lex):
        kinds = {t[K] for t in cluster}
        if kinds.isdisjoint(_ANCHORS):
            continue
        segments = [cluster]
        if "label" in kinds:  # a label opens the next date
            segments = [[]]
            for t in cluster:
                if t[K] == "label":
                    segments.append([])
                else:
                    segments[-1].append(t)
        for seg in segments:
            for u in _segment_units(seg, ref, lang, low):
                a, b = seg[min(u.idx)][S], seg[max(u.idx)][E]
                if u.rel:
                    total = total or _nonspace(low) or 1
                    # "اليوم" is an everyday word ("مصر اليوم"): only alone or with a time.
                    if u.weak and u.hh is None and _nonspace(low[cluster[0][S]:cluster[-1][E]]) < 0.7 * total:
                        continue
                    if _nonspace(low[a:b]) < 0.4 * total:
                        u.conf *= 0.6  # in running text, "relative to what?" is unclear
                if index is not None:
                    # Dropped marks after the last character (the tatweel of "هـ") belong to the span.
                    a, b = index[a], (index[b] if b < len(index) else len(text))
                p = _finish(u, ref, a, b)
                if p is not None:
                    out.append(p)
    return out


# --- public API -----------------------------------------------------------------------------------

_PRECISION_RANK = {"month": 0, "day": 1, "minute": 2}


def find_dates(text: str, *, ref: datetime | None = None, lang: str | None = None) -> list[ParsedDate]:
    """All non-overlapping date expressions in text, in order."""
    if not text or not might_contain_date(text):
        return []
    return _scan(text, ref, lang)


def parse_date(text: str, *, ref: datetime | None = None, lang: str | None = None) -> ParsedDate | None:
    """The best date expression in `text`: the most precise, then the longest, then the surest; the
    first one on ties (on "published ... (updated ...)" lines the first is the publication)."""
    found = find_dates(text, ref=ref, lang=lang)
    if len(found) < 2:
        return found[0] if found else None
    return max(found, key=lambda p: (_PRECISION_RANK[p.precision], p.end - p.start, p.confidence))


def date_coverage(text: str) -> float:
    """Share (0..1) of the line's non-space characters inside date/time clusters.

    A cluster counts when it holds a date or a time; its weekday names, zones, era marks, labels and
    the punctuation between them count with it. No validation (cheap): '31 شباط 2020' still counts.
    """
    return coverage_function()(text)


def coverage_function():
    """`date_coverage` itself, bound: the compiled `_dates.DateCoverage` while the compiled core is
    active, else the reference (callers that measure many lines ask once per page)."""
    return _lex().coverage if compiled.active() else _date_coverage_reference


def _date_coverage_reference(text: str) -> float:
    if not text or not might_contain_date(text):
        return 0.0
    lex = _lex()
    low, _ = _prepare(text)
    if not _could_be_strong(low, lex):
        return 0.0
    total = _nonspace(low)
    if not total:
        return 0.0
    covered = 0
    for cluster in _clusters(low, lex):
        if _is_strong(cluster, lex):
            covered += _nonspace(low[cluster[0][S]:cluster[-1][E]])
    return min(1.0, covered / total)


def _could_be_strong(low: str, lex: _Lex) -> bool:
    """Can a cluster of this prepared line be strong (`_is_strong`)? Exact as a gate: False only where
    none is."""
    return (lex.numeric_shape_re.search(low) is not None or lex.strong_words_re.search(low) is not None
            or (lex.rel_edge_re.search(low) is not None and lex.rel_unit_re.search(low) is not None))


def might_contain_date(text: str) -> bool:
    """Cheap pre-check: digits (any script), a day word ("أمس", "yesterday"), or منذ/قبل/ago next to a
    time unit somewhere in the line. Month or weekday names alone cannot make a date (a year is
    needed), so they are not looked for. Never False for a line parse_date would date."""
    lex = _lex()
    if compiled.active():
        return lex.gate.test(text)
    return _might_contain_date_reference(text, lex)


def _might_contain_date_reference(text: str, lex: _Lex) -> bool:
    if lex.quick_digit.search(text):
        return True
    for w in lex.quick_days:
        if w in text:
            return True
    return any(w in text for w in lex.quick_before) and any(u in text for u in lex.quick_units)
