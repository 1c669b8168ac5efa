"""Corpus deduplication: exact and near-duplicate (MinHash LSH) articles, kept one per cluster.

Stages, each a plain function over files in the run folder (so any executor can call them):

1. `signature`: in the cleaning workers, per unit, the signatures of the unit's written articles go to
   DIR/_dedup/sig/UNIT.parquet (`sink.SignatureSink`), before the unit's done-marker.
2. `cluster.cluster`: out of core in DuckDB over the signature files: candidate pairs (same folded body,
   or a shared LSH bucket), verified by estimated Jaccard, connected components, one article kept per
   component; the others listed per unit in DIR/_dedup/drops/UNIT.json. Done-marker: cluster.done.
3. `filter.filter_unit`: per unit with drops, the shards are rewritten without the dropped articles,
   which go to the rejects (`exact-duplicate`, `near-duplicate`), and the unit's marker is updated, so
   the ledger still balances per file.

`stage.run_dedup` runs them in order; each leaves a marker, so --resume continues at any point.
"""

EXACT_DUPLICATE = "exact-duplicate"
NEAR_DUPLICATE = "near-duplicate"
MODES = ("near", "exact", "none")
