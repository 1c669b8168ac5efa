"""The worker count changes nothing in the output: same shards, byte for byte, same ledger and stats."""

from __future__ import annotations

import json

import pytest
from test_run_support import (
    CHROME_ONLY,
    assert_invariant,
    ledger,
    main,
    page,
    shard_bytes,
    sorted_lines,
    write_jsonl,
)


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    recs = []
    for i in range(120):
        if i % 17 == 0:
            recs.append({"id": f"x{i}", "url": f"https://s{i % 5}.com/{i}", "text": CHROME_ONLY})
        elif i % 29 == 0:
            recs.append(b'{"broken json')
        else:
            recs.append({"id": f"x{i}", "url": f"https://s{i % 5}.com/{i}", "text": page(i), "n": i})
    write_jsonl(d / "a.jsonl.gz", recs[:70], "gz")
    write_jsonl(d / "b.jsonl", recs[70:])
    cfg = tmp_path / "small-units.toml"
    cfg.write_text("[run.units]\nrecords = 9\n")  # many units, so that two workers interleave
    return d, cfg


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_one_and_two_workers_write_identical_output(tmp_path, corpus, fmt):
    d, cfg = corpus
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}"
        assert main("run", str(d), "--out", str(out), "-j", workers, "--no-progress", "--config", str(cfg),
                    "--format", fmt) == 0
        outs.append(out)
    one, two = (shard_bytes(o) for o in outs)
    assert len(one) > 10  # several units, several shards
    assert one == two
    assert sorted_lines(outs[0]) == sorted_lines(outs[1])
    assert ledger(outs[0]) == ledger(outs[1])
    assert_invariant(ledger(outs[0]))
    s1, s2 = (json.loads((o / "stats.json").read_text()) for o in outs)
    for run in (s1.pop("run"), s2.pop("run")):
        # the cleaning pass is timed apart from the corpus-wide dedup stage that follows it
        assert 0 < run["clean_pass_seconds"] <= run["wall_seconds"] and run["clean_pass_mb_per_second"] > 0
    for s in (s1, s2):  # timings differ from run to run
        s["totals"] = {k: v for k, v in s["totals"].items() if k != "clean_seconds" and not k.startswith("step_seconds:")}
    assert s1 == s2
    assert s1["pages"]["read"] == 120


def _lazy_caches_built(unit, settings):
    """In a worker, before it does any work: which lazily built caches are there already."""
    from ghirbal import dates, dialect, langid
    from ghirbal.normalize import fold_char_table

    return unit, (dates._lex.cache_info().currsize, fold_char_table.cache_info().currsize,
                  langid._letters.cache_info().currsize, dialect._markers.cache_info().currsize)


def test_workers_start_with_the_caches_built():
    """Workers fork from a server that built ghirbal's lazy caches once (`ghirbal.run.warm`): a worker's
    first unit does not compile lexicons, date patterns and tables again, on every pass."""
    from ghirbal.run.local import LocalExecutor

    seen = []
    LocalExecutor(2).run(_lazy_caches_built, range(4), None, seen.append)
    assert sorted(u for u, _ in seen) == [0, 1, 2, 3]
    assert all(min(built) >= 1 for _, built in seen), seen


def test_one_worker_freezes_what_its_first_unit_built_and_unfreezes_at_the_end():
    """A run in this process (one worker) takes its long-lived objects out of the cycle collector's
    generations after the first unit, like the pool's workers that inherit them frozen, and gives them
    back when it ends, also when a unit fails."""
    import gc

    from ghirbal.run.local import LocalExecutor

    assert gc.get_freeze_count() == 0
    seen = []
    LocalExecutor(1).run(lambda unit, _: (unit, gc.get_freeze_count()), range(3), None, seen.append)
    assert [u for u, _ in seen] == [0, 1, 2]
    assert seen[0][1] == 0 and seen[1][1] > 0 and seen[2][1] > 0
    assert gc.get_freeze_count() == 0

    def fails_second(unit, _):
        if unit == 1:
            raise RuntimeError("boom")
        return unit

    with pytest.raises(RuntimeError):
        LocalExecutor(1).run(fails_second, range(3), None, lambda _: None)
    assert gc.get_freeze_count() == 0
