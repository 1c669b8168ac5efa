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


def test_urls_are_told_from_paths():
    from ghirbal.io.remote import identity, is_url, join

    assert is_url("s3://bucket/key") and is_url("gs://b/p/") and is_url("memory://x/y.txt")
    assert not is_url("/data/a.jsonl") and not is_url("file:///data/a.jsonl") and not is_url("C://data/a.txt")
    assert join("s3://b/out/", "sites", "x.parquet") == "s3://b/out/sites/x.parquet"
    assert join("out", "sites") == os.path.join("out", "sites")
    assert identity("s3://b/k") == "s3://b/k" and identity("a/../b.txt") == os.path.realpath("b.txt")


def test_every_reader_reads_a_url_as_it_reads_the_file(tmp_path):
    """Each format put in fsspec's in-memory store and read back by URL: the same records as from disk;
    a prefix lists like a folder (hidden names and unknown extensions left out); a missing prefix is an
    InputError naming it."""
    import fsspec
    from test_run_support import page, warc_record, write_jsonl, write_parquet, write_warc

    from ghirbal.io.discover import read_records

    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    write_jsonl(d / "a.jsonl.gz", [{"id": f"j{i}", "text": page(i)} for i in range(5)] + [b'{"broken'], "gz")
    write_parquet(d / "sub" / "b.parquet", [{"id": f"q{i}", "text": page(i)} for i in range(9)])
    write_warc(d / "c.warc.wet.gz", [warc_record("conversion", f"https://x.com/{i}", page(i).encode()) for i in range(4)])
    (d / "d.txt").write_text(page(7), encoding="utf-8")
    (d / "notes.md").write_text("no input")
    (d / ".hidden.txt").write_text("hidden")
    fs = fsspec.filesystem("memory")
    root = f"/ghirbal-test-{os.getpid()}"
    fs.put(str(d) + "/", root + "/in/", recursive=True)
    try:
        urls, skipped = discover([f"memory://{root}/in/"])
        local, _ = discover([str(d)])
        assert [u.rsplit("/in/", 1)[1] for u in urls] == [os.path.relpath(p, d) for p in local]
        assert [s.rsplit("/", 1)[1] for s in skipped] == ["notes.md"]
        for url, path in zip(urls, local):
            got = [(r.offset, r.kind, r.data, r.size) for r in read_records(url, max_bytes=1 << 20)]
            want = [(r.offset, r.kind, r.data, r.size) for r in read_records(path, max_bytes=1 << 20)]
            assert got == want and len(got) >= 1, url
        assert discover([f"memory://{root}/in/*.txt"])[0] == [f"memory://{root}/in/d.txt"]
        with pytest.raises(InputError, match="no-such"):
            discover([f"memory://{root}/no-such/"])
    finally:
        fs.rm(root, recursive=True)
