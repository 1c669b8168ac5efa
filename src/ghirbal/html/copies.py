"""Second copies: a page that shows the same text twice (a layout for small screens and one for large
ones, both in the markup, one hidden by a stylesheet the HTML path does not read; a reply quoting the
post above it). A run of body lines that repeats, in order, body lines kept above is the second copy:
dropped as `repeated`. It counts when it has at least `copy_min_lines` lines and `copy_min_words`
words: the cards of a grid repeat their labels ("Cap type:", "Screw cap") one or two at a time, a copy
repeats whole paragraphs.
"""

from __future__ import annotations

from typing import Any

from ghirbal.html.blocks import compiled_passes
from ghirbal.model import Line


def drop_second_copies(lines: list[Line], cfg: dict[str, Any]) -> None:
    """Drop (in place) the runs of body lines that repeat earlier body lines in the same order."""
    body = [ln for ln in lines if ln.role == "body"]
    texts = [ln.text for ln in body]
    n = len(texts)
    # Each text's first line (filled from the bottom up, so the first one stays).
    first: dict[str, int] = dict(zip(reversed(texts), range(n - 1, -1, -1)))
    if len(first) == n:
        return  # no line repeats
    copies = [first[t] for t in texts]  # the body line each line copies (itself if none)
    min_lines, min_words = cfg["copy_min_lines"], cfg["copy_min_words"]
    fast = compiled_passes()
    for i, j in (fast.copy_runs if fast is not None else copy_runs)(copies, min_lines):
        if sum(len(ln.text.split()) for ln in body[i:j]) >= min_words:
            for ln in body[i:j]:
                ln.drop("repeated", "a second copy of lines above")


def copy_runs(copies: list[int], min_lines: int) -> list[tuple[int, int]]:
    """The runs [i, j) of at least `min_lines` lines that each copy the line after the one the line
    before copies, all above the run (`copies[k]`: the line that line k copies, itself if none), in
    order and apart (`_passes.copy_runs` compiled)."""
    runs = []
    n = len(copies)
    i = 0
    while i < n:
        start = copies[i]
        j = i
        while j < n and copies[j] == start + (j - i) < i:
            j += 1
        if j - i >= min_lines:
            runs.append((i, j))
        i = max(j, i + 1)
    return runs
