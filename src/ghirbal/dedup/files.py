"""Where the dedup stages keep their files, inside the run folder (DIR/_dedup)."""

from __future__ import annotations

import os

DEDUP_DIR = "_dedup"


def root(out_dir: str) -> str:
    return os.path.join(out_dir, DEDUP_DIR)


def sig_dir(out_dir: str) -> str:
    return os.path.join(root(out_dir), "sig")


def sig_path(out_dir: str, unit_key: str) -> str:
    return os.path.join(sig_dir(out_dir), f"{unit_key}.parquet")


def drops_dir(out_dir: str) -> str:
    return os.path.join(root(out_dir), "drops")


def paras_dir(out_dir: str) -> str:
    return os.path.join(root(out_dir), "paras")


def staged_dir(out_dir: str) -> str:
    return os.path.join(root(out_dir), "staged")


def commits_dir(out_dir: str) -> str:
    return os.path.join(root(out_dir), "commits")


def cluster_done(out_dir: str) -> str:
    return os.path.join(root(out_dir), "cluster.done")


def filter_done(out_dir: str) -> str:
    return os.path.join(root(out_dir), "filter.done")


def summary_path(out_dir: str) -> str:
    return os.path.join(root(out_dir), "summary.json")


def gid(file_index: int, offset: int) -> int:
    """A record's corpus-wide key: (input file, offset) is unique per record (`ghirbal verify` checks it)."""
    return (file_index << 43) | offset
