"""Shard writers: atomic rename, roll-back, deterministic bytes, both formats read back."""

from __future__ import annotations

import os

import orjson

from ghirbal.io.shards import JsonlGzWriter, ParquetWriter, read_shard

REC = {"id": "1", "url": "https://x.com/1", "source": "in.jsonl", "offset": 0, "crawl_date": None, "title": "عنوان",
       "author": None, "dateline": None, "agency": None, "published": "2024-01-02", "published_precision": "day",
       "updated": None, "body": "نص\nنص", "captions": ["صورة"], "related": [{"title": "خبر", "date": None}],
       "site_name": None, "language": "ar", "empty_reason": None, "meta": {"lang": "ar", "n": 3}}


def test_jsonl_shard_appears_only_when_closed(tmp_path):
    path = tmp_path / "articles-00000-00000.jsonl.gz"
    w = JsonlGzWriter(str(path), fsync=False)
    w.write(REC)
    assert not path.exists() and (tmp_path / (path.name + ".tmp")).exists()
    w.close()
    assert path.exists() and not (tmp_path / (path.name + ".tmp")).exists()
    assert list(read_shard(str(path))) == [REC]


def test_abort_leaves_nothing(tmp_path):
    for cls in (JsonlGzWriter, ParquetWriter):
        path = tmp_path / ("x" + cls.suffix)
        w = cls(str(path), fsync=False)
        w.write(REC)
        w.abort()
        assert os.listdir(tmp_path) == []


def test_same_records_same_bytes(tmp_path):
    for cls in (JsonlGzWriter, ParquetWriter):
        blobs = []
        for name in ("a", "b"):
            w = cls(str(tmp_path / (name + cls.suffix)), fsync=False)
            for i in range(3):
                w.write(dict(REC, id=str(i)))
            w.close()
            blobs.append((tmp_path / (name + cls.suffix)).read_bytes())
        assert blobs[0] == blobs[1], cls


def test_parquet_round_trip_with_lines(tmp_path):
    path = tmp_path / "a.parquet"
    rec = dict(REC, lines=[{"text": "عنوان", "kept": True, "role": "title", "reason": None}])
    w = ParquetWriter(str(path), with_lines=True, fsync=False)
    w.write(rec)
    w.close()
    [back] = list(read_shard(str(path)))
    assert back["meta"] == REC["meta"]
    assert back["lines"][0]["role"] == "title" and back["lines"][0]["detail"] is None
    assert back["related"] == REC["related"] and back["captions"] == REC["captions"]


def test_gzip_level_comes_from_run_toml(tmp_path, monkeypatch):
    """The writer and the run settings take `run.output.gzip_level` when not told: one place sets it."""
    import gzip as gzip_mod

    from ghirbal.io import shards
    from ghirbal.run.settings import RunSettings

    assert RunSettings(out_dir=str(tmp_path)).gzip_level == shards.default_gzip_level()
    seen = []
    real = gzip_mod.GzipFile

    def spy(*args, **kwargs):
        seen.append(kwargs.get("compresslevel"))
        return real(*args, **kwargs)

    monkeypatch.setattr(shards.gzip, "GzipFile", spy)
    monkeypatch.setattr(shards, "default_gzip_level", lambda: 2)
    w = shards.JsonlGzWriter(str(tmp_path / "a.jsonl.gz"), fsync=False)
    w.write({"a": 1})
    w.close()
    assert seen == [2]


def test_batched_lines_give_the_bytes_of_one_line_at_a_time(tmp_path, monkeypatch):
    """The writer hands lines to gzip in batches; a batch of one line (each record compressed on its
    own call, as before batching) gives the same file, byte for byte, and so do batches cut mid-way."""
    recs = [dict(REC, id=str(i), body="نص طويل " * (i % 50 + 1)) for i in range(300)]
    blobs = []
    for name, batch in (("one", 1), ("some", 5000), ("all", 1 << 30)):
        monkeypatch.setattr(JsonlGzWriter, "batch_bytes", batch)
        path = tmp_path / f"{name}.jsonl.gz"
        w = JsonlGzWriter(str(path), fsync=False)
        for i, r in enumerate(recs):
            if i % 7:
                w.write(r)
            else:  # a copied line (dedup's filter), without its newline
                w.write_line(orjson.dumps(r))
        assert w.count == len(recs)
        w.close()
        blobs.append(path.read_bytes())
        assert list(read_shard(str(path))) == recs
    assert blobs[0] == blobs[1] == blobs[2]


def test_abort_drops_the_batched_lines(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    w = JsonlGzWriter(str(path), fsync=False)
    w.write(REC)
    w.abort()
    assert os.listdir(tmp_path) == [] and w.count == 1
