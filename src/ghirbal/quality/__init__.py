"""Document quality: signals on every article (`signals`), thresholds per language (`filters`), and
the record step that annotates or rejects (`step`). README, "Document quality"."""

from __future__ import annotations

from typing import Any

from ghirbal.quality.filters import failed_signals, table_for
from ghirbal.quality.signals import compute


# The `[quality]` settings `compute` takes (its keyword arguments, defaults = the packaged values).
SIGNAL_SETTINGS = ("short_line_words", "verse_rhyme_share", "verse_length_spread", "hemistich_spread",
                   "vowelled_line_share", "sentence_words", "prose_word_variety", "prose_function_share",
                   "clause_words", "clause_marks", "list_prose_share")


def options() -> dict[str, Any]:
    """The packaged `[quality]` settings."""
    from ghirbal.config import default

    return default()["quality"]


def assess(body_lines: list[str], language: str | None, opts: dict[str, Any] | None = None,
           page_lines: int | None = None, page_kept: int | None = None) -> tuple[dict[str, Any], str, list[str]]:
    """(signals, the threshold table used, the failed signals) of one body."""
    o = opts or options()
    sig = compute(body_lines, page_lines, page_kept, **{k: o[k] for k in SIGNAL_SETTINGS})
    table = table_for(language, o["thresholds"])
    return sig, table, failed_signals(sig, o["thresholds"][table])


__all__ = ["assess", "compute", "failed_signals", "options", "table_for"]
