"""Language identification: ghirbal.langid against the libraries it could have used, on short and long
texts of 24 languages (bench/data/langid_texts.toml), with the time per text.

    python bench/bench_langid.py [--repeat 3]

Compared: resiliparse `detect_fast` alone (a ghirbal dependency), py3langid (langid.py's model, in the
package), pycld2 (CLD2, in the package), lingua-language-detector (its models in the package), and
ghirbal.langid (script rules for Arabic script and Arabizi, then resiliparse). A library that is not
installed is skipped and said so. Codes are mapped to ghirbal's (ISO 639-1, `ckb` for Sorani, `ar-Latn`
for Arabizi); a language a library does not know counts as a miss for it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

TEXTS = tomllib.loads((HERE / "data" / "langid_texts.toml").read_text(encoding="utf-8"))


def cases() -> list[tuple[str, str, str]]:
    """(language, "short"/"long", text)."""
    out = []
    for lang, t in TEXTS.items():
        out += [(lang, "short", s) for s in t["short"]]
        out.append((lang, "long", t["long"]))
    return out


def _ghirbal():
    from ghirbal.langid import identify

    return lambda text: identify(text).code


def _resiliparse():
    from resiliparse.parse.lang import detect_fast

    return lambda text: detect_fast(text)[0]


def _py3langid():
    import py3langid

    return lambda text: py3langid.classify(text)[0]


def _pycld2():
    import pycld2

    def run(text):
        try:
            return pycld2.detect(text)[2][0][1]
        except pycld2.error:
            return "und"

    return run


def _lingua():
    from lingua import LanguageDetectorBuilder

    det = LanguageDetectorBuilder.from_all_languages().build()

    def run(text):
        lang = det.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang else "und"

    return run


# Codes some libraries use for ghirbal's: Kurdish of unspecified variety counts as Sorani only when
# the text is Sorani (the library cannot tell Kurmanji from Sorani; it gets the benefit of the doubt).
ALIASES = {"ku": "ckb", "iw": "he", "zh-Hant": "zh", "zh-Hans": "zh", "zh-cn": "zh"}
CANDIDATES = {"ghirbal.langid": _ghirbal, "resiliparse detect_fast": _resiliparse, "py3langid": _py3langid,
              "pycld2": _pycld2, "lingua (all languages)": _lingua}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="timing repeats (median reported)")
    ap.add_argument("--misses", action="store_true", help="list ghirbal.langid's misses")
    args = ap.parse_args()
    data = cases()
    langs = sorted(TEXTS)
    print(f"{len(langs)} languages ({', '.join(langs)}); {sum(1 for c in data if c[1] == 'short')} short, "
          f"{sum(1 for c in data if c[1] == 'long')} long texts\n")
    rows = []
    arabic_script = ("ar", "fa", "ur", "ps", "ckb", "ug", "ar-Latn")
    for name, make in CANDIDATES.items():
        try:
            fn = make()
        except ImportError as exc:
            print(f"{name}: not installed ({exc.name}); skipped")
            continue
        fn(data[0][2])  # load models before timing
        preds = [ALIASES.get(fn(t), fn(t)) for _, _, t in data]
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for _, _, t in data:
                fn(t)
            times.append((time.perf_counter() - t0) / len(data))

        def acc(pred_filter):
            sel = [(p, c) for p, c in zip(preds, data) if pred_filter(c)]
            return sum(1 for p, c in sel if p == c[0]) / len(sel)

        rows.append((name, acc(lambda c: c[1] == "short"), acc(lambda c: c[1] == "long"),
                     acc(lambda c: c[0] in arabic_script), acc(lambda c: True), statistics.median(times) * 1e6))
        if args.misses and name == "ghirbal.langid":
            for p, (lang, kind, t) in zip(preds, data):
                if p != lang:
                    print(f"  miss: {lang} {kind} -> {p}: {t[:60]}")
    print("| identifier | short | long | Arabic script + Arabizi | all | µs / text |")
    print("|---|---|---|---|---|---|")
    for name, s, l, a, all_, us in rows:
        print(f"| {name} | {100 * s:.1f}% | {100 * l:.1f}% | {100 * a:.1f}% | {100 * all_:.1f}% | {us:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
