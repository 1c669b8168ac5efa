"""Check digits and structure of identifiers: what turns a digit run of the right shape into a real one.

Each check takes the compact ASCII form (no separators) and answers yes or no; none of them looks at
the text around the number (that is `scan.py`'s job).
"""

from __future__ import annotations

import datetime as dt


def luhn(digits: str) -> bool:
    """The Luhn mod-10 check (payment cards; Saudi national and iqama numbers)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban(compact: str, lengths: dict[str, int]) -> bool:
    """ISO 13616: the country's length, then mod 97 of the rearranged number (letters as 10..35) is 1."""
    compact = compact.upper()
    if lengths.get(compact[:2]) != len(compact) or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    try:
        return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    except ValueError:  # a character outside 0-9A-Z
        return False


# Card networks by leading digits: (prefix, allowed lengths). Cards of the region (mada, Meeza) are
# issued in the Visa, Mastercard and Maestro ranges.
_CARD_PREFIXES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("4", (13, 16, 19)),                       # Visa (and mada, many Gulf debit cards)
    *((str(p), (16,)) for p in range(51, 56)),  # Mastercard
    *((str(p), (16,)) for p in range(2221, 2721)),
    ("34", (15,)), ("37", (15,)),              # American Express
    ("36", (14, 16)), ("38", (14, 16)),        # Diners Club
    ("6011", (16, 19)), ("65", (16, 19)), *((str(p), (16, 19)) for p in range(644, 650)),  # Discover
    ("35", (16, 19)),                          # JCB
    ("62", (16, 17, 18, 19)),                  # UnionPay
    ("50", (16, 18, 19)), ("56", (16, 19)), ("57", (16, 19)), ("58", (16, 19)), ("67", (16, 19)),  # Maestro, Meeza
)


def card(digits: str) -> bool:
    """A payment card number: a known network's leading digits and length, and the Luhn check."""
    n = len(digits)
    if not 13 <= n <= 19 or len(set(digits)) < 2:
        return False
    if not any(digits.startswith(p) and n in lens for p, lens in _CARD_PREFIXES):
        return False
    return luhn(digits)


def egypt_id(digits: str, governorates: frozenset[str], today: dt.date | None = None) -> bool:
    """Egypt's 14-digit national number: century (2 = 1900s, 3 = 2000s), a real birth date not in the
    future, and a governorate code. The last digit is a check digit whose rule is not published; it is
    not checked."""
    if len(digits) != 14 or digits[0] not in "23":
        return False
    year = (1900 if digits[0] == "2" else 2000) + int(digits[1:3])
    try:
        born = dt.date(year, int(digits[3:5]), int(digits[5:7]))
    except ValueError:
        return False
    if born > (today or dt.date.today()):
        return False
    return digits[7:9] in governorates


def saudi_id(digits: str) -> bool:
    """Saudi national (1…) and iqama (2…) numbers: 10 digits whose last is a Luhn check digit."""
    return len(digits) == 10 and digits[0] in "12" and luhn(digits)


def ipv4(parts: list[str]) -> bool:
    """Four decimal octets, no leading zeros, the first not 0."""
    if len(parts) != 4:
        return False
    for p in parts:
        if not p.isdigit() or len(p) > 3 or (len(p) > 1 and p[0] == "0") or int(p) > 255:
            return False
    return parts[0] != "0"
