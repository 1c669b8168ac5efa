"""Corpus runs: many pages in, clean shards out.

Stages (`stages.py`: read a unit's records → clean → write its shards) are plain functions of a
`WorkUnit` and `RunSettings`; executors (`local.py`, a future Ray one) only decide where they run.
`pipeline.py` ties reading, an executor, resume state, the ledger and the report together.
"""
