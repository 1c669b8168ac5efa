"""One configuration for stages and thresholds: packaged defaults merged with a user TOML file.

The defaults live in `ghirbal/defaults/<section>.toml`, one file per stage (lines, run, sites, ...), each
file holding the tables of its own section.

Every threshold the rules use is read from here, so a user can tune them without touching code;
`ghirbal config show` prints the defaults with their comments.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ghirbal.tomlfiles import TOMLDecodeError, load_toml, packaged

DEFAULTS_DIR = "defaults"


class ConfigError(ValueError):
    """The user's configuration file is unreadable or names an unknown setting."""


def _default_files() -> list[Any]:
    folder = packaged(DEFAULTS_DIR)
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


def defaults_text() -> str:
    """All default files, commented, as one TOML document (what `ghirbal config show` prints)."""
    return "\n".join(f.read_text(encoding="utf-8").rstrip() + "\n" for f in _default_files())


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    cfg: dict[str, Any] = {}
    for f in _default_files():
        part = load_toml(f)
        overlap = cfg.keys() & part.keys()
        if overlap:
            raise ConfigError(f"default section(s) {sorted(overlap)} defined twice ({f.name})")
        cfg.update(part)
    return cfg


def _merge(base: dict[str, Any], over: dict[str, Any], where: str = "") -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if key not in base:
            raise ConfigError(f"unknown setting '{where}{key}' (see `ghirbal config show`)")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"setting '{where}{key}' must be a table")
            out[key] = _merge(base[key], value, f"{where}{key}.")
        else:
            out[key] = _checked(value, base[key], f"{where}{key}")
    return out


def _checked(value: Any, default: Any, name: str) -> Any:
    """A user value must have the default's type (an integer may stand for a float)."""
    want = type(default)
    if want is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if type(value) is not want:
        raise ConfigError(f"setting '{name}' must be {want.__name__}, like its default {default!r}; got {value!r}")
    return value


def load(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the user's file, then explicit overrides. Unknown keys are an error, not ignored."""
    cfg = _defaults()
    if path is not None:
        try:
            user = load_toml(path)
        except OSError as exc:
            raise ConfigError(f"cannot read config {path}: {exc.strerror}") from None
        except TOMLDecodeError as exc:
            raise ConfigError(f"config {path} is not valid TOML: {exc}") from None
        cfg = _merge(cfg, user)
    if overrides:
        cfg = _merge(cfg, overrides)
    return cfg


def default() -> dict[str, Any]:
    """The packaged defaults (shared, do not mutate)."""
    return _defaults()
