"""Finding inputs (files, folders, globs) and the plain-text reader."""

from __future__ import annotations

import os

import pytest

from ghirbal.io.discover import InputError, discover, format_of
from ghirbal.io.records import ERROR, PAGE, TOO_LARGE
from ghirbal.io.text import read_text


@pytest.mark.parametrize("name,fmt", [
    ("a.txt", "text"), ("a.jsonl", "jsonl"), ("a.jsonl.gz", "jsonl"), ("a.jsonl.zst", "jsonl"),
    ("c4-train.00000-of-01024.json.gz", "jsonl"), ("a.parquet", "parquet"), ("CC.warc.wet.gz", "warc"),
    ("a.warc.gz", "warc"), ("a.wet", "warc"), ("A.JSONL", "jsonl"), ("a.csv", None), ("a.gz", None),
])
def test_format_by_extension(name, fmt):
    assert format_of(name) == fmt


def test_folder_glob_and_exclusions(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    for name in ("b.jsonl", "a.txt", "sub/c.parquet", "notes.md", ".hidden.txt"):
        (tmp_path / "in" / name).write_text("x")
    (tmp_path / "in" / "out").mkdir()
    (tmp_path / "in" / "out" / "articles-00000-00000.jsonl.gz").write_text("x")
    files, skipped = discover([str(tmp_path / "in")], exclude=str(tmp_path / "in" / "out"))
    assert [os.path.relpath(f, tmp_path / "in") for f in files] == ["a.txt", "b.jsonl", os.path.join("sub", "c.parquet")]
    assert [os.path.basename(s) for s in skipped] == ["notes.md"]
    files, _ = discover([str(tmp_path / "in" / "**" / "*.parquet")])
    assert [os.path.basename(f) for f in files] == ["c.parquet"]
    # The same file named twice is read once.
    files, _ = discover([str(tmp_path / "in" / "a.txt"), str(tmp_path / "in" / "a.txt")])
    assert len(files) == 1


def test_usage_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.csv").write_text("x")
    with pytest.raises(InputError, match="no input files"):
        discover([str(tmp_path / "empty")])
    with pytest.raises(InputError, match="1 file"):
        discover([str(tmp_path / "other")])
    with pytest.raises(InputError, match="no such file"):
        discover([str(tmp_path / "missing.jsonl")])
    with pytest.raises(InputError, match="unknown input format"):
        discover([str(tmp_path / "other" / "x.csv")])
    with pytest.raises(InputError, match="no input files"):
        discover([str(tmp_path / "*.jsonl")])


def test_broken_link_is_kept_for_the_ledger(tmp_path):
    os.symlink(tmp_path / "gone.jsonl", tmp_path / "link.jsonl")
    files, _ = discover([str(tmp_path)])
    assert files == [str(tmp_path / "link.jsonl")]


def test_text_reader(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("سطر\nآخر".encode())
    [rec] = read_text(str(p), max_bytes=100)
    assert rec.kind == PAGE and rec.offset == 0 and rec.data == "سطر\nآخر".encode()
    [big] = read_text(str(p), max_bytes=3)
    assert big.kind == TOO_LARGE and big.size == p.stat().st_size and big.data is None
    [err] = read_text(str(tmp_path / "nope.txt"), max_bytes=100)
    assert err.kind == ERROR
