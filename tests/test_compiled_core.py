"""The compiled core against its pure-Python reference: identical numbers, identical verdicts.

The compiled tree walk (ghirbal/linemodel/_trees.pyx, built by setup.py at install time) must give the
same log-odds as the numpy walk it replaces, bit for bit, and ghirbal.clean the same line verdicts with
it as without it (GHIRBAL_PURE=1), on every dev page. Without the extension the test skips locally and
fails in CI, where the README's set-up command must have built it.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import ghirbal
from ghirbal import linemodel
from ghirbal.linemodel import FEATURES, LineModel, default_model
from tests.shared_data import dev_set, in_ci, require


@pytest.fixture(scope="module", autouse=True)
def _compiled_core_present():
    if linemodel._compiled_leaf_values is None:
        message = "the compiled core is not built (pip install -e . builds it with Cython and a C compiler)"
        if in_ci():
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)


def _docs(name: str, limit: int = 0) -> list[dict]:
    for file in ("docs.jsonl", "docs.jsonl.gz"):
        path = dev_set(name, file)
        if path.exists():
            break
    require(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    return docs[:limit] if limit else docs


def test_tree_walk_is_bit_identical_on_hard_rows():
    """Values on the thresholds themselves (ties go left in both), NaN, infinities, zeros."""
    model = default_model()
    assert model._compiled, "GHIRBAL_PURE is set or the extension did not load"
    rng = np.random.default_rng(7)
    n = 400
    rows = rng.normal(0, 3, size=(n, len(FEATURES)))
    # Put each tree node's own threshold into the feature it tests, for a quarter of the rows.
    nodes = rng.integers(0, len(model._feature), size=n // 4)
    rows[np.arange(n // 4), model._feature[nodes]] = model._threshold[nodes]
    rows[n // 4: n // 4 + 20] = np.nan
    rows[n // 4 + 20: n // 4 + 40] = np.inf
    rows[n // 4 + 40: n // 4 + 60] = -np.inf
    rows[n // 4 + 60: n // 4 + 80] = 0.0
    fast, ref = model.logits(rows), model.logits_reference(rows)
    assert fast.dtype == ref.dtype and fast.shape == (n,)
    assert np.array_equal(fast, ref)
    # Not a constant: the rows reach different leaves.
    assert len(np.unique(fast)) > 50


def test_tree_walk_reads_non_contiguous_rows():
    model = default_model()
    rows = np.random.default_rng(3).normal(0, 2, size=(60, len(FEATURES) * 2))[:, ::2]
    assert not rows.flags["C_CONTIGUOUS"]
    assert np.array_equal(model.logits(rows), model.logits_reference(rows))


def test_pure_switch_turns_the_compiled_walk_off(monkeypatch):
    monkeypatch.setenv("GHIRBAL_PURE", "1")
    data = json.loads((linemodel.resources.files("ghirbal.linemodel") / "model.json").read_text())
    assert LineModel(data)._compiled is False
    monkeypatch.setenv("GHIRBAL_PURE", "0")
    assert LineModel(data)._compiled is True


def _verdicts(docs: list[dict]) -> list[list[tuple]]:
    out = []
    for d in docs:
        art = ghirbal.clean(d["text"], url=d.get("url"))
        out.append([(ln.kept, ln.reason, ln.role) for ln in art.lines])
    return out


_CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from tests.test_compiled_core import _docs, _verdicts
from ghirbal import linemodel
assert not linemodel.default_model()._compiled
docs = _docs("arabic-sites-dev") + _docs("wcxb-dev", 300)
json.dump(_verdicts(docs), sys.stdout)
"""


def test_same_verdicts_as_the_pure_python_reference_on_every_dev_page():
    docs = _docs("arabic-sites-dev") + _docs("wcxb-dev", 300)
    assert default_model()._compiled
    fast = _verdicts(docs)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "GHIRBAL_PURE": "1"}
    child = subprocess.run([sys.executable, "-c", _CHILD.format(root=root)], env=env, capture_output=True,
                           text=True, check=True)
    reference = [[tuple(v) for v in page] for page in json.loads(child.stdout)]
    assert len(reference) == len(fast) == len(docs)
    differing = [i for i, (a, b) in enumerate(zip(fast, reference)) if a != b]
    assert not differing, f"{len(differing)} pages differ, first: {docs[differing[0]].get('url')}"
    assert sum(v[0] for page in fast for v in page) > 1000  # lines were kept: the comparison saw stories
