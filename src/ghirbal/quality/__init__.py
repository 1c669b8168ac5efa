"""Document quality: signals on every article (`signals`), thresholds per language (`filters`), and
the record step that annotates or rejects (`step`). README, "Document quality"."""

from __future__ import annotations

from typing import Any

from ghirbal.quality.filters import failed_signals, table_for
from ghirbal.quality.signals import compute


def options() -> dict[str, Any]:
    """The packaged `[quality]` settings."""
    from ghirbal.config import default

    return default()["quality"]


def assess(body_lines: list[str], language: str | None, opts: dict[str, Any] | None = None,
           page_lines: int | None = None, page_kept: int | None = None) -> tuple[dict[str, Any], str, list[str]]:
    """(signals, the threshold table used, the failed signals) of one body."""
    o = opts or options()
    sig = compute(body_lines, page_lines, page_kept, o["short_line_words"], o["verse_rhyme_share"],
                  o["verse_length_spread"], o["hemistich_spread"], o["vowelled_line_share"], o["sentence_words"],
                  o["prose_word_variety"], o["prose_function_share"])
    table = table_for(language, o["thresholds"])
    return sig, table, failed_signals(sig, o["thresholds"][table])


__all__ = ["assess", "compute", "failed_signals", "options", "table_for"]
