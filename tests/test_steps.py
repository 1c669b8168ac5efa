"""Record steps: each step annotates, rewrites or rejects records; the ledger still balances."""

from __future__ import annotations

import orjson
import pytest
from test_run_support import assert_invariant, ledger, output_records, page, write_jsonl

from ghirbal import steps
from ghirbal.run.pipeline import RunOptions, run_corpus
from ghirbal.run.settings import RunSettings


class _LengthStep(steps.Step):
    """Rejects bodies shorter than `min_chars`; tags the others with their length."""

    name = "length"

    def process(self, record, article, stats):
        n = len(record["body"])
        if self.mode == "filter" and n < (self.options or {}).get("min_chars", 0):
            raise steps.Reject("too-short", f"{n} chars")
        record["length"] = n
        stats["tagged"] += 1


class _BrokenStep(steps.Step):
    name = "broken"

    def process(self, record, article, stats):
        raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _registered():
    steps.register("length", f"{__name__}:_LengthStep")
    steps.register("broken", f"{__name__}:_BrokenStep")
    yield
    steps.REGISTRY.pop("length", None)
    steps.REGISTRY.pop("broken", None)


def _run(tmp_path, specs, config=None):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [orjson.dumps({"id": f"p{i}", "url": f"https://g.com/{i}", "text": page(i)}) for i in range(4)])
    out = tmp_path / "out"
    settings = RunSettings(out_dir=str(out), steps=specs, clean_config=config or {})
    result = run_corpus([str(src)], settings, RunOptions(workers=1, progress=False))
    return out, result


def test_a_step_annotates_every_kept_record(tmp_path):
    out, result = _run(tmp_path, (("length", "tag"),))
    recs, _ = output_records(out)
    assert recs and all(r["length"] == len(r["body"]) for r in recs)
    assert result.stats["steps"]["length"]["tagged"] == len(recs)
    assert_invariant(ledger(out))


def test_a_step_rejects_with_its_reason(tmp_path):
    from ghirbal.config import default

    cfg = default()
    cfg["length"] = {"min_chars": 10**9}
    out, result = _run(tmp_path, (("length", "filter"),), cfg)
    arts, rejs = output_records(out)
    assert arts == [] and {r["reason"] for r in rejs} == {"too-short"}
    assert result.stats["rejects"]["too-short"] == 4
    assert result.stats["steps"]["length"]["rejected"] == 4
    assert_invariant(ledger(out))


def test_mode_none_leaves_the_step_out(tmp_path):
    out, result = _run(tmp_path, (("length", "none"),))
    arts, _ = output_records(out)
    assert arts and all("length" not in r for r in arts)


def test_a_failing_step_is_an_error_not_a_lost_page(tmp_path):
    out, result = _run(tmp_path, (("broken", "on"),))
    assert result.stats["errors"]["clean-error"] == 4
    assert_invariant(ledger(out))


def test_unknown_step_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown step 'nosuch'"):
        steps.build((("nosuch", "on"),))
