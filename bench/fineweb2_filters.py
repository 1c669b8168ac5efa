"""FineWeb-2's Arabic document filters, run through datatrove with its published arb_Arab settings
(bench/data/fineweb2_arb_Arab.toml), for bench/bench_quality.py. Its language-score filter (GlotLID)
is not run: every document of the mix is given to the three quality filters, as to ghirbal's.

datatrove (and the `regex` and `spacy` packages its Arabic word tokenizer needs) are bench-only:
`pip install datatrove regex spacy`. `verdicts` returns None when they are missing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parent / "data" / "fineweb2_arb_Arab.toml").read_text(encoding="utf-8"))


def build_filters():
    from datatrove.pipeline.filters import FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter

    c = CONFIG
    return [
        GopherRepetitionFilter(language="arb_Arab", dup_para_frac=0, dup_line_char_frac=0, dup_para_char_frac=0,
                               dup_line_frac=c["dup_line_frac"], top_n_grams=[tuple(x) for x in c["top_n_grams"]],
                               dup_n_grams=[tuple(x) for x in c["dup_n_grams"]]),
        FineWebQualityFilter(language="arb_Arab", short_line_thr=c["short_line_thr"], char_duplicates_ratio=c["char_duplicates_ratio"],
                             line_punct_thr=c["line_punct_thr"], new_line_ratio=c["new_line_ratio"]),
        GopherQualityFilter(language="arb_Arab", max_avg_word_length=c["max_avg_word_length"],
                            min_avg_word_length=c["min_avg_word_length"], stop_words=c["stopwords"],
                            max_non_alpha_words_ratio=c["max_non_alpha_words_ratio"], min_stop_words=c["min_stop_words"]),
    ]


def verdicts(docs) -> list[tuple[bool, list[str]]] | None:
    """(kept, [reason]) per document of the mix, or None when datatrove cannot run here."""
    try:
        from datatrove.data import Document

        filters = build_filters()
    except ImportError:
        return None
    out = []
    for i, d in enumerate(docs):
        doc = Document(text="\n".join(d.lines), id=str(i))
        reasons = []
        for f in filters:
            r = f.filter(doc)
            if r is not True and (r is False or not r[0]):
                reasons.append(r[1] if isinstance(r, tuple) else type(f).__name__)
                break  # a pipeline stops at the first filter that removes the document
        out.append((not reasons, reasons))
    return out
