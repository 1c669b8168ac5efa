"""Train the block model (`html.block_model`) on one half of wcxb-dev's HTML pages.

    python -m ghirbal.html.train_blocks                 # tuning half (0): writes html/block_model.json
    python -m ghirbal.html.train_blocks --folds 5       # site-grouped folds inside that half first
    python -m ghirbal.html.train_blocks --range-only    # only the rows' log-odds range, into the model

Each page is read as the HTML path reads it (tree, markup verdict, the line model's log-odds); a block
the markup does not drop is a row of `block_model.FEATURES`, labelled body when its folded words
stand as a run in the gold body (the line model's rule, `linemodel.train.wcxb_labels`). The trees
boost from the line model's log-odds (LightGBM's init_score): they learn the markup's correction.
Only the pages of one half of the sites are read (`ghirbal.eval.site_half`): the other half, never
seen here, is what `ghirbal eval --input html --site-half 1` scores. Needs lightgbm (training only).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
import orjson

import ghirbal.config
from ghirbal.eval import load_gold, site_half
from ghirbal.html import page_kinds, read
from ghirbal.html.block_model import FEATURES, block_rows, line_model_head
from ghirbal.html.tree_path import article_from_tree
from ghirbal.linemodel.train import data_dir, pack, wcxb_labels

MODEL_PATH = Path(__file__).with_name("block_model.json")
DEPTH = 4
TREES = 80
LEARNING_RATE = 0.1
RANGE_PERCENTILES = (0.1, 99.9)


def labelled_blocks(doc: dict[str, Any], set_dir: Path, cfg: dict[str, Any]):
    """(site, rows, init logits, labels, weights) of one page's blocks the markup keeps, or None."""
    gold = (doc.get("gold") or {}).get("body") or ""
    if not gold.strip() or not doc.get("html"):
        return None
    raw = gzip.decompress((set_dir / doc["html"]).read_bytes())
    tree, hints = read(raw, config=cfg)
    if tree is None or not tree.blocks:
        return None
    got: list = []
    article_from_tree(tree, doc.get("url"), cfg, **page_kinds(hints),
                      capture=lambda verdict, logits, held: got.append((verdict, np.array(logits), held)))
    if not got:
        return None
    verdict, logits, held = got[0]
    if verdict.container < 0 and all(r is None for r in verdict.reasons) and not any(b.links for b in tree.blocks):
        return None  # markup that says nothing: the model is not applied there (`block_model.corrected`)
    rows = block_rows(tree, verdict, logits)
    labels = np.asarray(wcxb_labels([b.text for b in tree.blocks], gold), dtype=np.float64)
    words = np.asarray([len(b.text.split()) for b in tree.blocks], dtype=np.float64)
    keep = np.asarray([r is None for r in verdict.reasons]) & (words > 0) & ~np.asarray(held, dtype=bool)
    if verdict.container >= 0:  # nor the head lines the line model is sure of (not corrected either)
        head = line_model_head(verdict, logits, cfg["html"]["block_model_head_lines"])
        keep[head] &= logits[head] > cfg["html"]["block_model_head_sure"]
    if not keep.any():
        return None
    # Pages weigh alike whatever their length; inside one, a block by its words (the F1 counts words).
    w = np.sqrt(words[keep])
    w = w / w.sum()
    return doc.get("site") or doc.get("id"), rows[keep], logits[keep], labels[keep], w


def fit(pages: list, seed: int = 0, trees: int = TREES, depth: int = DEPTH) -> dict[str, Any]:
    import lightgbm as lgb

    X = np.vstack([p[1] for p in pages])
    init = np.concatenate([p[2] for p in pages])
    y = np.concatenate([p[3] for p in pages])
    w = np.concatenate([p[4] for p in pages]) * 100.0
    params = {
        "objective": "binary", "learning_rate": LEARNING_RATE, "max_depth": depth, "num_leaves": 2**depth,
        "min_data_in_leaf": 50, "feature_fraction": 0.9, "bagging_fraction": 0.8, "bagging_freq": 1,
        "lambda_l2": 5.0, "verbose": -1, "seed": seed, "num_threads": 2,
    }
    booster = lgb.train(params, lgb.Dataset(X, y, weight=w, init_score=init), num_boost_round=trees)
    return pack(booster.dump_model(), {"blocks": len(y), "pages": len(pages), "logit_range": logit_range(pages)},
                FEATURES, depth)


def logit_range(pages: list) -> list[float]:
    """The line model's log-odds the trees are trained on: the 0.1 and 99.9 percentiles of the rows'
    (`block_model._fade` fades the correction out beyond them)."""
    init = np.concatenate([p[2] for p in pages])
    return [round(float(np.percentile(init, q)), 3) for q in RANGE_PERCENTILES]


def folds(pages: list, docs: list[dict[str, Any]], set_dir: Path, cfg: dict[str, Any], k: int, trees: int,
          depth: int) -> None:
    """Site-grouped folds inside the training half: each fold's pages scored (body word-F1, `ghirbal
    eval`'s metric) with a model trained on the other folds, beside no model at all."""
    import tempfile
    import zlib

    from ghirbal import html as ghtml
    from ghirbal.eval import word_f1

    def fold_of(site: str) -> int:
        return (zlib.crc32(site.encode()) // 2) % k

    with_model, without = [], []
    for f in range(k):
        train = [p for p in pages if fold_of(p[0]) != f]
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
            tmp.write(orjson.dumps(fit(train, trees=trees, depth=depth)))
        for name, out in ((tmp.name, with_model), ("none", without)):
            run_cfg = {**cfg, "html": {**cfg["html"], "block_model": name}}
            for d in docs:
                if fold_of(d.get("site") or d.get("id")) == f:
                    raw = gzip.decompress((set_dir / d["html"]).read_bytes())
                    art = ghtml.clean(raw, d.get("url"), config=run_cfg)
                    out.append((d.get("page_type"), word_f1(art.body, d["gold"]["body"])[2]))
        Path(tmp.name).unlink()
    for label, scores in (("no block model", without), ("block model, fold left out", with_model)):
        by: dict[str, list[float]] = {}
        for t, s in scores:
            by.setdefault(t or "?", []).append(s)
        cells = " ".join(f"{t} {statistics.fmean(v):.3f}" for t, v in sorted(by.items()))
        print(f"{label:28s} all {statistics.fmean(s for _, s in scores):.4f}  {cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help="the shared data folder (default: ../shared/data)")
    ap.add_argument("--half", type=int, choices=[0, 1], default=0, help="the half of the sites to train on")
    ap.add_argument("--trees", type=int, default=TREES)
    ap.add_argument("--depth", type=int, default=DEPTH)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--folds", type=int, default=0, help="score site-grouped folds of the half first (no model written)")
    ap.add_argument("--range-only", action="store_true",
                    help="only write the rows' log-odds range into the model at --out (no training)")
    args = ap.parse_args()
    set_dir = data_dir(args.data) / "wcxb-dev"
    cfg = ghirbal.config.default()
    cfg = {**cfg, "html": {**cfg["html"], "block_model": "none"}}
    t0 = time.time()
    pages, docs = [], []
    for doc in load_gold(set_dir):
        if site_half(doc) == args.half:
            got = labelled_blocks(doc, set_dir, cfg)
            if got is not None:
                pages.append(got)
            if doc.get("html") and ((doc.get("gold") or {}).get("body") or "").strip():
                docs.append(doc)  # scored by the folds, rows or not
    print(f"{len(pages)} pages, {sum(len(p[3]) for p in pages)} blocks read in {time.time() - t0:.0f} s; "
          f"body share {statistics.fmean(float(p[3].mean()) for p in pages):.3f}")
    if args.range_only:
        model = orjson.loads(args.out.read_bytes())
        model["info"]["logit_range"] = logit_range(pages)
        args.out.write_bytes(orjson.dumps(model))
        print(f"wrote the log-odds range {model['info']['logit_range']} into {args.out}")
        return
    if args.folds:
        folds(pages, docs, set_dir, cfg, args.folds, args.trees, args.depth)
        return
    model = fit(pages, trees=args.trees, depth=args.depth)
    model["info"]["half"] = args.half
    args.out.write_bytes(orjson.dumps(model))
    print(f"wrote {args.out} ({len(model['feature'])} trees)")


if __name__ == "__main__":
    main()
