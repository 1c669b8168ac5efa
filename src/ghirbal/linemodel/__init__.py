"""The learned line scorer: how much each line looks like story text, from its shape and its neighbours.

Every line becomes a row of structural features (length, punctuation, function words, chrome vocabulary,
cues, link-likeness, dates, repetition in the page, headlines glued into it, position, its neighbours'
shape). A gradient-boosted tree ensemble, trained on labelled lines of many sites (`ghirbal.linemodel.train`),
turns a row into a log-odds that the line is body text. The story block is then the maximum-sum run of
those scores (story.py), so the model decides lines and the page structure still decides the block.

The trees ship packed as arrays in `model.json` (a few hundred KB). The tree walk is compiled
(`_trees.pyx`, see compiled.py); `logits_reference` is its pure-numpy twin.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import orjson

from ghirbal.linemodel.rows import FEATURES, page_rows

from ghirbal.linemodel import compiled

__all__ = ["FEATURES", "LineModel", "default_model", "page_rows"]


class LineModel:
    """Packed trees of equal depth: node arrays of shape (trees, 2**depth - 1), leaves (trees, 2**depth)."""

    def __init__(self, data: dict, features: tuple[str, ...] = FEATURES):
        if data.get("features") != list(features):
            raise ValueError("line model was trained on other features; retrain it (python -m ghirbal.linemodel.train)")
        self.depth = int(data["depth"])
        feature = np.asarray(data["feature"], dtype=np.intp)
        threshold = np.asarray(data["threshold"], dtype=np.float64)
        leaf = np.asarray(data["leaf"], dtype=np.float64)
        self.trees, self.inner = feature.shape
        # Flat arrays and per-tree offsets: np.take on 1-d arrays is several times faster than 2-d
        # fancy indexing, and this runs on every page.
        self._feature, self._threshold, self._leaf = feature.ravel(), threshold.ravel(), leaf.ravel()
        self.leaves = leaf.shape[1]
        self._node0 = (np.arange(self.trees) * self.inner)[None, :]
        self._leaf0 = (np.arange(self.trees) * self.leaves - self.inner)[None, :]
        self.base = float(data.get("base", 0.0))
        self.info = data.get("info", {})
        self._forest = None  # the compiled walk (_trees.Forest), made on first use

    def __getstate__(self) -> dict:
        """Pickled without its compiled walk (C pointers), which is made again on first use."""
        return {**self.__dict__, "_forest": None}

    @classmethod
    def load(cls, path: str | Path) -> LineModel:
        return cls(orjson.loads(Path(path).read_bytes()))

    def logits(self, rows: np.ndarray) -> np.ndarray:
        """Log-odds that each row is a body line."""
        if len(rows) == 0 or not compiled.active():
            return self.logits_reference(rows)
        if self._forest is None:
            self._forest = compiled.Forest(self._feature, self._threshold, self._leaf, self.trees, self.inner,
                                           self.leaves, self.depth, self.base)
        return self._forest.logits(np.asarray(rows, dtype=np.float64))  # the reference's doubles, summed alike

    def logits_reference(self, rows: np.ndarray) -> np.ndarray:
        """The tree walk in numpy: a dozen array passes per tree level for the whole page."""
        n, width = rows.shape
        if n == 0:
            return np.zeros(0)
        flat = np.ascontiguousarray(rows).ravel()
        row0 = (np.arange(n) * width)[:, None]
        pos = np.zeros((n, self.trees), dtype=np.intp)
        for _ in range(self.depth):
            node = self._node0 + pos
            right = flat.take(row0 + self._feature.take(node)) > self._threshold.take(node)
            pos = 2 * pos + 1 + right
        return self.base + self._leaf.take(self._leaf0 + pos).sum(axis=1)


@lru_cache(maxsize=1)
def default_model() -> LineModel:
    """The model shipped in the package (trained on ../shared/data by ghirbal.linemodel.train)."""
    return LineModel(orjson.loads(resources.files("ghirbal.linemodel").joinpath("model.json").read_bytes()))
