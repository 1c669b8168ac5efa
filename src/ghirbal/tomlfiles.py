"""The one TOML loader: packaged data files (lexicon, defaults, reasons) and user config files."""

from __future__ import annotations

import tomllib
from importlib import resources
from importlib.abc import Traversable
from os import PathLike
from pathlib import Path
from typing import Any

TOMLDecodeError = tomllib.TOMLDecodeError


def packaged(relpath: str) -> Traversable:
    """A file shipped inside the ghirbal package, e.g. "lexicon/ar.toml"."""
    return resources.files("ghirbal").joinpath(relpath)


def load_toml(file: str | PathLike[str] | Traversable) -> dict[str, Any]:
    """Parse a TOML file: a path on disk or a packaged file (`packaged(...)`). Raises OSError or
    TOMLDecodeError; callers that face users turn those into their own messages."""
    if isinstance(file, (str, PathLike)):
        file = Path(file)
    return tomllib.loads(file.read_text(encoding="utf-8"))


def read_data(relpath: str) -> dict[str, Any]:
    """A packaged data file, parsed: `read_data("lexicon/dates.toml")`."""
    return load_toml(packaged(relpath))
