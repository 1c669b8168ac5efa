"""Phone numbers by the numbering plans of `lexicon/pii.toml`: country code, trunk prefix, the leading
digits and lengths of each class of number.

A digit string is a phone number when, after its country code (international form) or its trunk
prefix (national form), what remains is a number some plan allows. Numbers with neither are only
taken when the caller says a phone word stands before them (`bare=True`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PERSONAL, ORG = "personal", "org"


@dataclass(frozen=True, slots=True)
class Plan:
    country: str
    ccs: tuple[str, ...]
    trunk: str
    # (prefixes, NSN lengths, personal/org, written without the trunk prefix)
    numbers: tuple[tuple[tuple[str, ...], frozenset[int], str, bool], ...]

    def nsn(self, rest: str, bare_only: bool = False) -> str | None:
        """PERSONAL or ORG when `rest` is a national significant number of this plan, else None
        (`bare_only`: only of the classes written without a trunk prefix)."""
        n = len(rest)
        found = None
        for prefixes, lengths, cls, bare in self.numbers:
            if n in lengths and rest.startswith(prefixes) and (bare or not bare_only):
                if cls == PERSONAL:
                    return PERSONAL
                found = cls
        return found


class Plans:
    def __init__(self, data: dict[str, Any]):
        other = data.get("other", {})
        self.min_other, self.max_other = other.get("min_digits", 8), other.get("max_digits", 15)
        self.plans: list[Plan] = []
        for country, table in data.items():
            if country == "other":
                continue
            numbers = tuple(
                (tuple(e["prefixes"]), frozenset(e["lengths"]), ORG if e.get("type") == "org" else PERSONAL,
                 bool(e.get("bare")) or not table.get("trunk"))
                for e in table["numbers"]
            )
            self.plans.append(Plan(country, tuple(table["cc"]), table.get("trunk", ""), numbers))
        self.by_cc: dict[str, list[Plan]] = {}
        for plan in self.plans:
            for cc in plan.ccs:
                self.by_cc.setdefault(cc, []).append(plan)
        self.cc_lengths = sorted({len(cc) for cc in self.by_cc}, reverse=True)
        self.trunked = [p for p in self.plans if p.trunk]

    def international(self, digits: str, planned_only: bool = False) -> str | None:
        """`digits` follow "+" or "00": PERSONAL, ORG or None. A country code of the plans must be
        followed by a valid number of that country (a stray national trunk "(0)" is allowed); another
        code needs only a plausible E.164 length (unless `planned_only`)."""
        for k in self.cc_lengths:
            plans = self.by_cc.get(digits[:k])
            if plans:
                rest = digits[k:]
                best = None
                for plan in plans:
                    cls = plan.nsn(rest) or (plan.nsn(rest[len(plan.trunk):]) if plan.trunk and rest.startswith(plan.trunk) else None)
                    if cls == PERSONAL:
                        return PERSONAL
                    best = best or cls
                return best
        if not planned_only and self.min_other <= len(digits) <= self.max_other and digits[0] != "0":
            return PERSONAL
        return None

    def national(self, digits: str, bare: bool = False) -> str | None:
        """A number written inside its country: trunk prefix + NSN. With `bare` (a phone word stands
        before it), also an NSN without trunk: an organization's number of any plan (toll-free and
        unified numbers are dialled without one), or a number of the plans that have no trunk prefix."""
        best = None
        for plan in self.trunked:
            if digits.startswith(plan.trunk):
                cls = plan.nsn(digits[len(plan.trunk):])
                if cls == PERSONAL:
                    return PERSONAL
                best = best or cls
        if best or not bare:
            return best
        if any(plan.nsn(digits) == ORG for plan in self.plans):
            return ORG
        for plan in self.plans:
            if plan.nsn(digits, bare_only=True) == PERSONAL:
                return PERSONAL
        return None
