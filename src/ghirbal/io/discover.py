"""Find input files (files, folders, globs) and pick the reader for each by its extension.

To add a format (e.g. an HTML path), register its extensions in FORMATS and its reader in READERS.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator

from ghirbal.io import remote
from ghirbal.io.jsonl import read_jsonl
from ghirbal.io.parquet import read_parquet
from ghirbal.io.records import RawRecord
from ghirbal.io.text import read_html, read_text
from ghirbal.io.warc import read_warc

# Longest suffixes first: ".warc.wet.gz" must win over ".gz".
FORMATS: tuple[tuple[str, str], ...] = (
    (".warc.wet.gz", "warc"),
    (".warc.wet.zst", "warc"),
    (".warc.wet", "warc"),
    (".wet.gz", "warc"),
    (".wet", "warc"),
    (".warc.gz", "warc"),
    (".warc.zst", "warc"),
    (".warc", "warc"),
    (".jsonl.gz", "jsonl"),
    (".jsonl.zst", "jsonl"),
    (".jsonl.zstd", "jsonl"),
    (".json.gz", "jsonl"),  # mC4 ships JSON Lines as .json.gz
    (".json.zst", "jsonl"),
    (".ndjson", "jsonl"),
    (".jsonl", "jsonl"),
    (".parquet", "parquet"),
    (".txt.gz", "text"),
    (".txt", "text"),
    (".html.gz", "html"),
    (".htm.gz", "html"),
    (".html", "html"),
    (".htm", "html"),
)

Reader = Callable[..., Iterator[RawRecord]]
READERS: dict[str, Reader] = {"jsonl": read_jsonl, "parquet": read_parquet, "text": read_text, "html": read_html,
                              "warc": read_warc}


class InputError(Exception):
    """The inputs named on the command line cannot be used (a usage error, exit 2)."""


def format_of(path: str) -> str | None:
    low = path.lower()
    for suffix, fmt in FORMATS:
        if low.endswith(suffix):
            return fmt
    return None


def discover(inputs: list[str], exclude: str | list[str] | None = None) -> tuple[list[str], list[str]]:
    """Return (input files in a stable order, files skipped for their unknown extension).

    Folders are walked recursively; globs are expanded (`**` too). Anything under `exclude` (the output
    folder, and a URL run's work folder) is left out so that a run over `.` does not read its own shards. URLs (`s3://bucket/prefix/`)
    are listed through fsspec the same way: an object, a prefix, or a glob.
    """
    found: list[str] = []
    skipped: list[str] = []
    excludes = [exclude] if isinstance(exclude, str) else list(exclude or [])
    excl = [os.path.realpath(e) for e in excludes if not remote.is_url(e)]
    excl_url = [e.rstrip("/") for e in excludes if remote.is_url(e)]

    def excluded(p: str) -> bool:
        if remote.is_url(p):
            return any(p == e or p.startswith(e + "/") for e in excl_url)
        real = os.path.realpath(p) if excl else ""
        return any(real == e or real.startswith(e + os.sep) for e in excl)

    def add_file(p: str, named: bool) -> None:
        if excluded(p):
            return
        if format_of(p) is None:
            if named:
                raise InputError(f"{p}: unknown input format (expected {_known()})")
            skipped.append(p)
        else:
            found.append(p if remote.is_url(p) else os.path.normpath(p))

    for item in inputs:
        if remote.is_url(item):
            try:
                objects = remote.expand(item)
            except remote.RemoteError as exc:
                raise InputError(str(exc)) from exc
            except OSError as exc:  # refused credentials, an unreachable endpoint
                raise InputError(f"{item}: cannot list: {exc}") from exc
            named = len(objects) == 1 and objects[0] == item
            for m in objects:
                add_file(m, named=named)
        elif os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not excluded(os.path.join(root, d)))
                for name in sorted(files):
                    if not name.startswith("."):
                        add_file(os.path.join(root, name), named=False)
        elif os.path.lexists(item):  # a broken link is kept: reading it is an error the ledger records
            add_file(item, named=True)
        elif glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            files = [m for m in matches if not os.path.isdir(m)]
            for m in files:
                add_file(m, named=False)
        else:
            raise InputError(f"{item}: no such file or folder")
    unique = list(dict.fromkeys(found))
    if not unique:
        where = ", ".join(inputs)
        hint = f" ({len(skipped)} file(s) with other extensions skipped)" if skipped else ""
        raise InputError(f"no input files found in {where}{hint}; expected {_known()}")
    return unique, skipped


def _known() -> str:
    return ", ".join(s for s, _ in FORMATS)


def read_records(path: str, *, max_bytes: int, progress=None, want_html: bool = False) -> Iterator[RawRecord]:
    fmt = format_of(path)
    if fmt is None:  # pragma: no cover - discover() never lets one through
        raise InputError(f"{path}: unknown input format")
    return READERS[fmt](path, max_bytes=max_bytes, progress=progress, want_html=want_html)
