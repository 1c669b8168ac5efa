"""Train the line model from labelled pages, and score it leave-site-out.

    python -m ghirbal.linemodel.train                      # train on all of ../shared/data, write model.json
    python -m ghirbal.linemodel.train --loso               # leave-site-out figures (the README's dev table)

Labelled lines come from three sources:
- arabic-sites-dev: `line_labels` (1 = body line);
- wcxb-dev (English, seven page types): a line is body when its folded words stand as a run in the gold
  body (lines of one or two words only when a gold line is exactly that);
- generated chrome (chrome.py) around the articles of the training sites.

Leave-site-out: each Arabic dev site is scored by a model trained without its pages (and without
generated pages built from its articles); wcxb pages are scored in five folds grouped by site.
Needs lightgbm (`pip install lightgbm`; the `train` extra): training only, never at run time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from ghirbal import config as config_mod
from ghirbal.eval import evaluate, load_gold
from ghirbal.features import PageKeys
from ghirbal.linemodel import chrome
from ghirbal.linemodel.rows import FEATURES, page_rows
from ghirbal.normalize import match_key
from ghirbal.title import slug_words

MODEL_PATH = Path(__file__).with_name("model.json")
DEPTH = 5
TREES = 120
LEARNING_RATE = 0.1
ARABIC_WEIGHT = 6.0  # the Arabic pages are few; their lines count this much more than an English line
GENERATED_PAGES = (12, 10)  # generated sites, pages per site, per training run


def data_dir(arg: str | None) -> Path:
    """The shared data folder: `arg`, else the `shared/data` folder found beside a parent of this package."""
    if arg:
        return Path(arg)
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent.parent / "shared" / "data"
        if cand.is_dir():
            return cand
    return Path("../shared/data")


def wcxb_labels(lines: list[str], gold_body: str) -> list[int]:
    gold_lines = [match_key(x) for x in gold_body.split("\n")]
    gold_set = set(gold_lines)
    gold = " " + " ".join(g for g in gold_lines if g) + " "
    out = []
    for line in lines:
        k = match_key(line)
        if not k:
            out.append(0)
        elif k.count(" ") < 2:
            out.append(int(k in gold_set))
        else:
            out.append(int(f" {k} " in gold))
    return out


def page_matrix(doc: dict[str, Any], cfg: dict[str, Any]) -> np.ndarray | None:
    from ghirbal.extract import page_features

    got = page_features(doc["text"], cfg)
    if got is None:
        return None
    feats, language, lex = got
    keys = PageKeys(feats, cfg["lines"]["containment_max_chars"])
    return page_rows(feats, language, slug_words(doc.get("url")), keys)


def labelled(docs: list[dict[str, Any]], cfg: dict[str, Any], source: str) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(group, rows, labels) per page; pages with line labels also count in their WET form (no blank
    lines), so that no habit of the training sites' spacing is learned."""
    out = []
    for d in docs + without_blank_lines(docs):
        rows = page_matrix(d, cfg)
        if rows is None:
            continue
        text_lines = d["text"].replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if "line_labels" in d:
            labels = np.asarray(d["line_labels"], dtype=np.float64)
        else:
            labels = np.asarray(wcxb_labels(text_lines, (d.get("gold") or {}).get("body") or ""), dtype=np.float64)
        if len(labels) != rows.shape[0]:
            continue  # a page whose lines do not align with its labels teaches nothing
        out.append((f"{source}:{d.get('site') or d.get('id')}", rows, labels))
    return out


def without_blank_lines(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The labelled pages again, WET style: no blank lines (labels kept with their lines)."""
    out = []
    for d in docs:
        if "line_labels" not in d:
            continue
        pairs = [(t, y) for t, y in zip(d["text"].split("\n"), d["line_labels"]) if t.strip()]
        out.append(dict(d, text="\n".join(t for t, _ in pairs), line_labels=[y for _, y in pairs]))
    return out


def articles_of(docs: list[dict[str, Any]]) -> list[chrome.Article]:
    out = []
    for d in docs:
        g = d.get("gold") or {}
        paras = [p for p in (g.get("body") or "").split("\n") if p.strip()]
        if g.get("title") and len(paras) >= 2:
            out.append(chrome.Article(g["title"], paras, g.get("author")))
    return out


def generated(articles: list[chrome.Article], seed: int) -> list[dict[str, Any]]:
    n_sites, per_site = GENERATED_PAGES
    return chrome.generate(articles, n_sites, per_site, seed=seed)


def fit(pages: list[tuple[str, np.ndarray, np.ndarray]], seed: int = 0) -> dict[str, Any]:
    import lightgbm as lgb

    X = np.vstack([p[1] for p in pages])
    y = np.concatenate([p[2] for p in pages])
    w = np.concatenate([np.full(len(p[2]), ARABIC_WEIGHT if not p[0].startswith("wcxb:") else 1.0) for p in pages])
    keep = X[:, 0] > 0  # blank lines are decided without the model
    params = {
        "objective": "binary", "learning_rate": LEARNING_RATE, "max_depth": DEPTH, "num_leaves": 2**DEPTH,
        "min_data_in_leaf": 40, "feature_fraction": 0.9, "bagging_fraction": 0.8, "bagging_freq": 1,
        "lambda_l2": 1.0, "verbose": -1, "seed": seed, "num_threads": 2,
    }
    booster = lgb.train(params, lgb.Dataset(X[keep], y[keep], weight=w[keep]), num_boost_round=TREES)
    return pack(booster.dump_model(), {"lines": int(keep.sum()), "pages": len(pages)})


def pack(dump: dict[str, Any], info: dict[str, Any], features: tuple[str, ...] = FEATURES,
         depth: int = DEPTH) -> dict[str, Any]:
    """LightGBM trees → complete binary trees of depth `depth` as flat arrays (a shallower leaf is copied
    down its subtree behind always-left splits)."""
    n_inner, n_leaf = 2**depth - 1, 2**depth
    splits, thresholds, leaves = [], [], []
    for tree in dump["tree_info"]:
        feat = [0] * n_inner
        thr = [float("inf")] * n_inner
        leaf = [0.0] * n_leaf

        def place(node: dict[str, Any], pos: int, depth: int) -> None:
            if "leaf_value" in node or "split_feature" not in node:
                value = node.get("leaf_value", 0.0)
                # Fill every leaf under `pos`.
                lo, span = pos, 1
                while lo < n_inner:
                    lo, span = 2 * lo + 1, span * 2
                for k in range(lo - n_inner, lo - n_inner + span):
                    leaf[k] = value
                return
            if node.get("decision_type", "<=") != "<=":
                raise ValueError("only numeric <= splits are supported")
            feat[pos] = node["split_feature"]
            thr[pos] = float(node["threshold"])
            # LightGBM sends missing values by default_left; our rows never hold NaN.
            place(node["left_child"], 2 * pos + 1, depth + 1)
            place(node["right_child"], 2 * pos + 2, depth + 1)

        place(tree["tree_structure"], 0, 0)
        splits.append(feat)
        thresholds.append([t if t != float("inf") else 1e300 for t in thr])
        leaves.append(leaf)
    return {"features": list(features), "depth": depth, "feature": splits, "threshold": thresholds,
            "leaf": leaves, "base": 0.0, "info": info}


def _write(model: dict[str, Any], path: Path) -> None:
    path.write_bytes(orjson.dumps(model))


def load_sets(data: Path, cfg: dict[str, Any]):
    arabic = list(load_gold(data / "arabic-sites-dev"))
    wcxb = list(load_gold(data / "wcxb-dev"))
    return arabic, wcxb


def _extractor(model_path: Path, cfg: dict[str, Any]):
    import ghirbal

    run_cfg = dict(cfg)
    run_cfg["lines"] = dict(cfg["lines"], model=str(model_path))

    def extract(doc):
        a = ghirbal.clean(doc["text"], url=doc.get("url"), config=run_cfg)
        return {"body": a.text, "title": a.title, "author": a.author, "dateline": a.dateline, "published": a.published}

    return extract


def wcxb_folds(wcxb: list[dict[str, Any]], folds: int) -> dict[str, int]:
    sites = sorted({d.get("site") or d["id"] for d in wcxb})
    random.Random(7).shuffle(sites)
    return {s: i % folds for i, s in enumerate(sites)}


def loso(data: Path, cfg: dict[str, Any], models: Path, folds: int = 5, out=sys.stdout) -> dict[str, Any]:
    """Train the fold models into `models` (those already there are reused: rescoring after a change of
    the block-search settings needs no retraining), then score every page with the model that did not
    see its site."""
    arabic, wcxb = load_sets(data, cfg)
    t0 = time.time()
    sites = sorted({d["site"] for d in arabic})
    fold_of = wcxb_folds(wcxb, folds)
    models.mkdir(parents=True, exist_ok=True)
    plan = [(f"ar-{k}", site) for k, site in enumerate(sites)] + [(f"wx-{k}", k) for k in range(folds)]
    cache: dict[str, Any] = {}

    def lab(name, docs, source):
        if name not in cache:
            cache[name] = labelled(docs, cfg, source)
        return cache[name]

    for name, held in plan:
        path = models / f"{name}.json"
        if path.exists():
            continue
        if name.startswith("ar-"):
            train_ar = [d for d in arabic if d["site"] != held]
            gen = labelled(generated(articles_of(train_ar), seed=int(name[3:])), cfg, "gen")
            pages = [p for p in lab("ar", arabic, "ar") if p[0] != f"ar:{held}"] + lab("wx", wcxb, "wcxb") + gen
        else:
            gen = lab("gen", generated(articles_of(arabic), seed=99), "gen")
            pages = lab("ar", arabic, "ar") + gen + [p for p in lab("wx", wcxb, "wcxb") if fold_of.get(p[0].split(":", 1)[1]) != held]
        _write(fit(pages), path)
        print(f"  trained {name} (without {held})", file=out, flush=True)
    results: dict[str, Any] = {"arabic": {}, "wcxb": []}
    for k, site in enumerate(sites):
        docs = [d for d in arabic if d["site"] == site]
        results["arabic"][site] = evaluate(docs, _extractor(models / f"ar-{k}.json", cfg)).summary()
    for k in range(folds):
        docs = [d for d in wcxb if fold_of[d.get("site") or d["id"]] == k]
        results["wcxb"] += evaluate(docs, _extractor(models / f"wx-{k}.json", cfg)).pages
    results["seconds"] = round(time.time() - t0, 1)
    return results


def print_loso(results: dict[str, Any], out=sys.stdout) -> None:
    print("\nLeave-site-out, arabic-sites-dev (each site scored by a model trained without it):", file=out)
    print(f"{'site':28} {'pages':>5} {'F1':>7} {'P':>7} {'R':>7} {'title':>6} {'author':>6} {'dateline':>8}", file=out)
    f1s = []
    for site, s in results["arabic"].items():
        f1s.append(s["f1_mean"])
        print(f"{site:28} {s['pages']:>5} {s['f1_mean']:7.4f} {s['precision']:7.4f} {s['recall']:7.4f} "
              f"{s.get('title_acc', 0):6.3f} {s.get('author_acc', 0):6.3f} {s.get('dateline_acc', 0):8.3f}", file=out)
    print(f"{'mean of sites':28} {'':>5} {statistics.fmean(f1s):7.4f}", file=out)
    from ghirbal.eval import Report

    rep = Report(results["wcxb"])
    print("\nwcxb-dev, five folds grouped by site (each page scored by a model trained without its site):", file=out)
    print(f"{'page type':16} {'pages':>5} {'F1':>7} {'P':>7} {'R':>7}", file=out)
    for t in rep.page_types() + [None]:
        s = rep.summary(t)
        print(f"{t or 'all':16} {s['pages']:>5} {s['f1_mean']:7.4f} {s['precision']:7.4f} {s['recall']:7.4f}", file=out)
    print(f"\n({results['seconds']} s)", file=out)


def train_all(data: Path, cfg: dict[str, Any], path: Path) -> None:
    arabic, wcxb = load_sets(data, cfg)
    pages = labelled(arabic, cfg, "ar") + labelled(wcxb, cfg, "wcxb")
    pages += labelled(generated(articles_of(arabic), seed=99), cfg, "gen")
    model = fit(pages)
    _write(model, path)
    print(f"wrote {path} ({path.stat().st_size // 1024} KB; {model['info']['lines']} lines of {model['info']['pages']} pages)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ghirbal.linemodel.train", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", help="folder holding arabic-sites-dev and wcxb-dev (default: ../shared/data)")
    p.add_argument("--loso", action="store_true", help="leave-site-out figures instead of training the shipped model")
    p.add_argument("--out", default=str(MODEL_PATH), help="where to write the model (default: the package's model.json)")
    p.add_argument("--models", default="build/loso-models",
                   help="with --loso: folder of the fold models (kept; delete it to retrain)")
    args = p.parse_args(argv)
    cfg = config_mod.default()
    data = data_dir(args.data)
    if args.loso:
        print_loso(loso(data, cfg, Path(args.models)))
    else:
        train_all(data, cfg, Path(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
