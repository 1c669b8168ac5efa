"""Resume state in DIR/_state: the run's manifest, a done-marker per unit, a read-marker per file.

A unit's marker is written (atomically) only after its shards were renamed into place, so after any
interruption, even `kill -9`, a unit is either done (marker present, shards whole) or redone.
A file's marker says the reader reached its end and how many units it cut: a resumed run skips a file
whose units are all done without reading it again.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from typing import Any

import orjson

from ghirbal.io.shards import TMP_SUFFIX

STATE_DIR = "_state"


def atomic_write(path: str, data: bytes) -> None:
    tmp = path + TMP_SUFFIX
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class RunState:
    def __init__(self, out_dir: str):
        self.out_dir = out_dir
        self.root = os.path.join(out_dir, STATE_DIR)
        self.units_dir = os.path.join(self.root, "units")
        self.files_dir = os.path.join(self.root, "files")
        self.manifest_path = os.path.join(self.root, "manifest.json")

    # --- the run as a whole ---------------------------------------------------------------------
    def exists(self) -> bool:
        return os.path.exists(self.manifest_path)

    def create(self, manifest: dict[str, Any]) -> None:
        os.makedirs(self.units_dir, exist_ok=True)
        os.makedirs(self.files_dir, exist_ok=True)
        atomic_write(self.manifest_path, orjson.dumps(manifest, option=orjson.OPT_INDENT_2))

    def manifest(self) -> dict[str, Any]:
        with open(self.manifest_path, "rb") as fh:
            return orjson.loads(fh.read())

    def remove_temp_files(self) -> int:
        """Half-written shards, markers, site counts and dedup signatures of an interrupted run (anywhere
        in the output folder): never valid, always safe to delete once no worker writes."""
        n = 0
        for path in glob.glob(os.path.join(self.out_dir, "**", "*" + TMP_SUFFIX), recursive=True):
            try:
                os.remove(path)
                n += 1
            except FileNotFoundError:  # renamed into place meanwhile by a worker that was finishing
                pass
        return n

    def remove_orphan_shards(self) -> int:
        """Shards no done-marker lists: a unit stopped after renaming its shards, before its marker.
        The unit is not done (a resume redoes it), so its shards must not count."""
        listed = {name for m in self.unit_markers() for name in m.get("shards", [])}
        n = 0
        for path in glob.glob(os.path.join(self.out_dir, "articles-*")) + glob.glob(os.path.join(self.out_dir, "rejects-*")):
            if os.path.basename(path) not in listed:
                os.remove(path)
                n += 1
        return n

    # --- units and files ------------------------------------------------------------------------
    def _unit_path(self, key: str) -> str:
        return os.path.join(self.units_dir, key + ".json")

    def unit_done(self, key: str) -> bool:
        return os.path.exists(self._unit_path(key))

    def mark_unit_done(self, key: str, marker: dict[str, Any]) -> None:
        atomic_write(self._unit_path(key), orjson.dumps(marker))

    def unit_markers(self) -> Iterator[dict[str, Any]]:
        """All done-markers, in unit order (file index, then unit index)."""
        if not os.path.isdir(self.units_dir):
            return
        for name in sorted(os.listdir(self.units_dir)):
            if name.endswith(".json"):
                with open(os.path.join(self.units_dir, name), "rb") as fh:
                    yield orjson.loads(fh.read())

    def mark_file_read(self, file_index: int, units: int) -> None:
        atomic_write(os.path.join(self.files_dir, f"{file_index:05d}.json"), orjson.dumps({"units": units}))

    def file_units(self, file_index: int) -> int | None:
        """How many units the file was cut into, if a reader ever reached its end."""
        try:
            with open(os.path.join(self.files_dir, f"{file_index:05d}.json"), "rb") as fh:
                return int(orjson.loads(fh.read())["units"])
        except (OSError, ValueError, KeyError):
            return None

    def file_done(self, file_index: int) -> bool:
        n = self.file_units(file_index)
        if n is None:
            return False
        return all(self.unit_done(f"{file_index:05d}-{u:05d}") for u in range(n))
