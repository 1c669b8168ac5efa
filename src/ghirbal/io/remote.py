"""Object-store paths (`s3://`, `gs://`, any fsspec protocol) next to plain filesystem paths.

Readers open their input through `open_input`, so an input may be a local path or a URL; the run
lists URL inputs with `expand`. fsspec (and its protocol package: s3fs, gcsfs) is imported only
when a URL is used, so local runs need neither. Credentials and endpoints come from fsspec's usual
sources (the protocol's own configuration, or `FSSPEC_S3_ENDPOINT_URL`-style variables).
"""

from __future__ import annotations

import glob
import os
from typing import BinaryIO

# A protocol's package, named in the message when it is missing.
_PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs", "abfs": "adlfs"}
# Bytes fetched per ranged GET while a reader streams an object: large, since records are read in order.
BLOCK_SIZE = 8 << 20


class RemoteError(OSError):
    """An object-store path cannot be used (no such object, no package for the protocol). An OSError, so
    that readers record it like any file they cannot open."""


def is_url(path: str) -> bool:
    """An fsspec URL other than `file://` (Windows drive letters have one letter before the colon)."""
    scheme, sep, _ = path.partition("://")
    return bool(sep) and len(scheme) > 1 and scheme.lower() != "file"


def filesystem(url: str):
    """(fsspec filesystem, path inside it) for `url`, with a clear error when its package is missing."""
    scheme = url.partition("://")[0].lower()
    try:
        import fsspec.core
    except ImportError as exc:  # pragma: no cover - fsspec comes with the package's dependencies
        raise RemoteError(f"{url}: reading URLs needs fsspec (pip install fsspec)") from exc
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        package = _PACKAGES.get(scheme, f"the fsspec package for {scheme}://")
        raise RemoteError(f"{url}: {scheme}:// paths need {package} (pip install 'ghirbal[{scheme}]' "
                          f"or pip install {package})") from exc


def join(base: str, *parts: str) -> str:
    """`base/part/...` for URLs and local paths alike."""
    if not is_url(base):
        return os.path.join(base, *parts)
    return "/".join([base.rstrip("/"), *(p.strip("/") for p in parts)])


def guarded(url: str, fn, *args, **kwargs):
    """`fn(*args)`, its failures as OSError: a protocol's client raises its own errors (an endpoint
    that cannot be reached, refused credentials), which readers and the run must record, not crash on."""
    try:
        return fn(*args, **kwargs)
    except OSError:
        raise
    except Exception as exc:
        raise RemoteError(f"{url}: {type(exc).__name__}: {exc}") from exc


class _GuardedFile:
    """A remote file object whose read, seek and tell fail as OSError (see `guarded`)."""

    def __init__(self, fh, url: str):
        self._fh, self._url = fh, url

    def read(self, *args):
        return guarded(self._url, self._fh.read, *args)

    def seek(self, *args):
        return guarded(self._url, self._fh.seek, *args)

    def tell(self):
        return guarded(self._url, self._fh.tell)

    def close(self) -> None:
        try:
            self._fh.close()
        except Exception:  # closing a read-only stream that already failed: nothing to keep
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __getattr__(self, name: str):
        return getattr(self._fh, name)


def open_input(path: str) -> BinaryIO:
    """A binary file object to read `path` from the start: a local file or a streamed object."""
    if not is_url(path):
        return open(path, "rb")
    fs, inner = filesystem(path)
    return _GuardedFile(guarded(path, fs.open, inner, "rb", block_size=BLOCK_SIZE), path)  # type: ignore[return-value]


def size(path: str) -> int:
    """Bytes of `path` (0 when it cannot be read: reading it is the error the ledger records)."""
    try:
        if not is_url(path):
            return os.stat(path).st_size
        fs, inner = filesystem(path)
        return int(guarded(path, fs.size, inner) or 0)
    except (OSError, RemoteError):
        return 0


def identity(path: str) -> str:
    """What names the same input in two sessions: the resolved path, or the URL as given."""
    return path if is_url(path) else os.path.realpath(path)


def expand(url: str) -> list[str]:
    """The objects `url` names: one object, every object under a prefix (a "folder"), or a glob's matches;
    as full URLs, sorted. Names starting with "." are left out of prefixes, as of local folders."""
    return guarded(url, _expand, url)


def _expand(url: str) -> list[str]:
    fs, inner = filesystem(url)
    if glob.has_magic(inner):  # hidden names match only a pattern that asks for them, as glob.glob does
        hidden = inner.rsplit("/", 1)[-1].startswith(".")
        found = [p for p in fs.glob(inner) if (hidden or not p.rsplit("/", 1)[-1].startswith(".")) and not fs.isdir(p)]
    elif not url.endswith("/") and fs.isfile(inner):
        return [url]
    elif fs.isdir(inner):
        # (keys ending in "/" are the folder markers consoles create, not objects)
        found = [p for p in fs.find(inner) if not p.endswith("/")
                 and not any(part.startswith(".") for part in p[len(inner):].split("/"))]
    else:
        raise RemoteError(f"{url}: no such object or prefix")
    return sorted(fs.unstrip_protocol(p) for p in found)
