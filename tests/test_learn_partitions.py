"""The run's learning pass is partitioned by site (map over units, reduce per partition, concatenate):
its model must count what one learner over all pages counts, whatever the number of partitions."""

from __future__ import annotations

import pyarrow.parquet as pq
from test_run_support import page, write_jsonl

from ghirbal.config import default
from ghirbal.run.learn import iter_pages, learn_sites, partition_of
from ghirbal.run.local import LocalExecutor
from ghirbal.run.settings import RunSettings
from ghirbal.sites import SiteLearner


def rows(folder) -> dict:
    return {name: sorted((r["site"], r.get("key"), r["pages"]) for r in pq.read_table(folder / name).to_pylist())
            for name in ("sites.parquet", "templates.parquet")}


def test_partitioned_learning_counts_what_one_learner_counts(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    recs = [{"id": f"r{i}", "url": f"https://site{i % 5}.com/a/{i}", "text": page(i)} for i in range(60)]
    recs += [{"id": "nourl", "text": page(99)}, b'{"broken": ', {"id": "blank", "url": "https://site0.com/b", "text": ""}]
    files = [str(write_jsonl(d / "a.jsonl", recs[:31])), str(write_jsonl(d / "b.jsonl", recs[31:]))]
    settings = RunSettings(out_dir=str(tmp_path))
    cfg = default()
    one = SiteLearner(cfg)
    one.add_many(iter_pages(files, settings))
    one.finish(tmp_path / "single", load=False)
    assert len({partition_of(f"site{i}.com", 3) for i in range(5)}) > 1  # the sites really are split
    for workers in (1, 3):
        model = tmp_path / f"model-{workers}"
        pages = learn_sites(files, settings, str(model), cfg, quiet=True, executor=LocalExecutor(workers), unit_records=7)
        assert pages == 62  # every record that made a page (the one without a URL and the blank one too)
        assert rows(model) == rows(tmp_path / "single")
        assert not (tmp_path / f"model-{workers}.work").exists()
    assert len(rows(tmp_path / "single")["sites.parquet"]) == 5
    assert rows(tmp_path / "single")["templates.parquet"]
