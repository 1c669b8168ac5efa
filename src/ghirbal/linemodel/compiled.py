"""The compiled core of the text path and of the record steps (Cython, built by setup.py at install)
and the one switch to its pure-Python reference.

Each compiled function has a reference in Python that returns the same values: the tree walk
(`LineModel.logits_reference`); the lines a page shares with earlier pages
(`features._cached_values_reference`), a page's line keys (`features._keys_reference`), the per-line
measuring loop (`features._measure_lines_reference`; `measure_text` is the keys and the loop in one call; its agency gate `agency_gate`, held to
`byline.could_be_agency_credit`, and its link gate `could_be_linky`, a necessary condition of `features._LINKY`), the page's feature objects
(`features._line_features_reference`; LineFeatures and Line are filled in their slots, not
through the dataclasses' generated __init__, `_pages.filled` being the call's twin), a line's character counts and static columns
(`rows.char_counts_reference`, `rows.static_row_reference`), a page's per-line and neighbour columns
(`rows._line_columns_reference`, `rows._neighbour_columns_reference`) and the lines that hold other
lines' keys (`rows._inside_other_lines_reference`), its script counts
(`language._script_counts_reference`) and the Latin words of its language test that each stopword list
holds (`language.latin_word_hits_reference`), the block-search scores and the best block
(`story.model_scores_reference`, `best_block_reference`), the story's words and a line's overlap with them
(`_story.StoryWords`: `story.StoryWordsReference`), every line's
verdict (`lines._verdicts_reference`) and the texts of its body lines (`article._role_texts_reference`), the lines that may hold an explicit byline
(`article._byline_candidates_reference`) and the headlines `byline.parse_byline` surely turns away
(`BylineGate`, no twin: a gate held to the parse's None), the page's template, site-page and stamp marks
(`lines._page_marks_reference`), the repeated headline-length lines and the lists after read-also
headers (`story._head_lines_reference`, `_list_after_headers_reference`), its related headlines
(`related._find_related_reference`), its
headline (`title._best_title_reference`; a candidate's words counted in place, `title_words`), the short lines' date shares (`lines._mark_dates_reference`),
the characters a page's text fixes must replace (`normalize._drop_chars_reference`), a page's lines stripped and
squeezed (`normalize.squeezed_lines_reference`), whether a page's str holds a surrogate code point
(`extract._has_surrogates_reference`), whether a text is normalized (`unicodedata.is_normalized`, asked
only when its quick check is not passed at once: `normalize._quick_check_table`; a page's lines that do not pass it,
`normalize._unnormalized_lines_reference`), how often a page's keys stand in it
(`features._key_occurrences_reference`: a scan of the page per key), where each of its keys starts in
them (`features._line_starts_reference`), the questions `features.PageKeys` answers (its Python
methods; `PageCounts`), a page's static rows joined and its URL slug column (`rows.page_rows`'s
Python lines; `static_buffer`, `slug_shares`), the measured lines stored in the line cache
(`LineCache.put`'s loop in `features.measure_page`; `store_values`), the date finder's gate in one
pass, its tokenizer's loop and a short line's date coverage (`_dates.DateGate`, `date_tokens`,
`DateCoverage`: `dates._might_contain_date_reference`, `_tokens`, `_date_coverage_reference`; the coverage's
numeric gate, `numeric_shape`, held to `dates._Lex.numeric_shape_re`), the assembly of a line's dates from
its tokens (`DateScan`: `dates._scan_reference`), the word cues of a line
(`lexicon.prefix_cue_reference`, `contains_cue_reference`, and the whole matcher as the measuring loop
asks it, `cue_of`; all held to the regex matcher `CueMatcher.match_reference`); a body's
words, n-gram fractions and character classes for the quality and dialect steps
(`quality.scan.word_scan_reference`, `char_classes_reference`, `line_counts_reference`) and the script
counts of the language step (`langid.script_letters_reference`). tests/test_compiled_core.py holds them
to identical results, identical verdicts and identical signals on the dev pages. One function has no
twin because it computes nothing: `untrack_clusters` takes the date tokens that `dates.TOKEN_CACHE`
keeps for many pages out of the cycle collector's walks (the reference leaves them tracked).
GHIRBAL_PURE=1 in the environment runs the references; so does a build without a C compiler. The
same switch turns off the HTML path's compiled tree walk (`ghirbal.html._walk`, whose reference is
`ghirbal.html.blocks._walk_python`; tests/test_html_fast_walk.py). A source checkout whose compiled
modules are older than their sources warns at import (`stale_extensions`).
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

try:
    from ghirbal.linemodel._counts import (
        agency_gate, char_counts, chars_in, contains_cue, could_be_linky, cue_of, has_surrogates, keys_and_looses,
        latin_word_hits, measure_lines, measure_text, page_script_counts, prefix_cue, quick_normalized, squeezed_lines, static_row, unnormalized_lines, untrack_clusters,
        word_signatures,
    )
    from ghirbal.linemodel._pages import (
        PageCounts, best_block, byline_candidates, cached_values, head_lines, inside_other_lines, key_occurrences, line_columns, line_features,
        line_starts,
        list_after_headers, mark_dates, model_scores, neighbour_columns, page_marks, related_lines, role_texts,
        slug_shares, static_buffer, store_values,
        title_line, title_words, verdicts, PrefixGate, BylineGate,
    )
    from ghirbal.linemodel._trees import Forest
    from ghirbal.linemodel._story import StoryWords
    from ghirbal.linemodel._dates import DateCoverage, DateGate, DateScan, WordSearch, numeric_shape, tokens as date_tokens
    from ghirbal.linemodel._dates import forget_memos as forget_date_memos
except ImportError:  # not built: the references do the work
    char_counts = keys_and_looses = measure_lines = measure_text = page_script_counts = static_row = agency_gate = could_be_linky = None
    contains_cue = prefix_cue = word_signatures = untrack_clusters = chars_in = mark_dates = cue_of = None
    squeezed_lines = line_starts = quick_normalized = has_surrogates = unnormalized_lines = latin_word_hits = None
    best_block = cached_values = key_occurrences = line_columns = line_features = model_scores = PageCounts = None
    neighbour_columns = Forest = verdicts = related_lines = title_line = None
    inside_other_lines = head_lines = list_after_headers = page_marks = title_words = slug_shares = static_buffer = None
    store_values = StoryWords = role_texts = byline_candidates = None
    DateCoverage = DateGate = DateScan = date_tokens = WordSearch = numeric_shape = forget_date_memos = None
    PrefixGate = BylineGate = None

_active = os.environ.get("GHIRBAL_PURE", "").strip() in ("", "0")
_on = False  # _active and built(), kept up to date (active() is asked per line on the hot path)


def built() -> bool:
    """Were the extensions compiled and importable?"""
    return (char_counts is not None and best_block is not None and Forest is not None and word_scan is not None
            and DateCoverage is not None and StoryWords is not None)


def active() -> bool:
    """Is the compiled core in use (built, and not switched off)?"""
    return _on


def set_active(flag: bool) -> None:
    """Switch the compiled core on or off for this process (benchmarks, tests)."""
    global _active, _on
    _active = flag
    _on = flag and built()


# Imported last: ghirbal.quality imports this module, so its extension must find this one complete.
try:
    from ghirbal.quality._scan import char_classes, fold_by_table, line_counts, script_letters, word_scan
except ImportError:
    char_classes = fold_by_table = line_counts = script_letters = word_scan = None



def stale_extensions(package: Path | None = None) -> list[str]:
    """The compiled modules of a source checkout older than a source they are built from (their .pyx,
    or a .pxd it cimports, edited or merged since the last `setup.py build_ext`): such a module may
    lack a function the Python code now calls, and the HTML path's hints, which must never cost a page
    its text, would then be dropped without a word. Empty outside a source checkout (an installed
    package's files carry no build order)."""
    package = package or Path(__file__).resolve().parents[1]
    if not (package.parents[1] / "setup.py").exists():
        return []
    stale = []
    for built_file in sorted([*package.rglob("*.so"), *package.rglob("*.pyd")]):
        source = built_file.with_name(built_file.name.split(".")[0] + ".pyx")
        if not source.exists():
            continue
        newest = max(p.stat().st_mtime for p in _build_sources(source, package))
        if newest > built_file.stat().st_mtime:
            stale.append(str(source.relative_to(package.parent)))
    return stale


_CIMPORT = re.compile(r"^\s*from\s+ghirbal\.([\w.]+)\s+cimport\b", re.M)


def _build_sources(source: Path, package: Path) -> list[Path]:
    """A .pyx and the package's .pxd files it is built with: its own, and those it cimports."""
    found = [source, source.with_suffix(".pxd")]
    found += [package.joinpath(*name.split(".")).with_suffix(".pxd")
              for name in _CIMPORT.findall(source.read_text(encoding="utf-8"))]
    return [p for p in found if p.exists()]


_on = _active and built()
if _on and (_stale := stale_extensions()):
    warnings.warn(f"ghirbal's compiled core is older than its source ({', '.join(_stale)}): rebuild it "
                  "(`python setup.py build_ext --inplace`) or set GHIRBAL_PURE=1", RuntimeWarning, stacklevel=2)
