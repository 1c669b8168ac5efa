"""The README's Layout is the map of the code: every top-level module and package, and every module of
the HTML path (listed one by one there), is named in it, so a new module cannot land unmapped."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PKG = REPO / "src" / "ghirbal"


def _layout() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    end = layout.find("\n## ", 1)
    return layout if end < 0 else layout[:end]


def _named(layout: str, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", layout) is not None


def test_every_top_level_module_and_package_is_in_the_layout():
    layout = _layout()
    missing = [p.name for p in PKG.glob("*.py") if p.name != "__init__.py" and not _named(layout, p.name)]
    missing += [p.name + "/" for p in PKG.iterdir()
                if p.is_dir() and not p.name.startswith(("_", ".")) and not _named(layout, p.name + "/")]
    assert not missing, f"not in the README's Layout: {missing}"


def test_every_html_module_is_in_the_layout():
    layout = _layout()
    section = layout[layout.index("  html/"):]
    section = section[:section.index("\n  sites/")]
    sources = {p.stem for p in (PKG / "html").iterdir() if p.suffix in (".py", ".pyx", ".pxd")}
    missing = sorted(s for s in sources - {"__init__"} if not re.search(rf"\b{re.escape(s)}\.(py|pyx|pxd|json)\b", section))
    assert not missing, f"html/ modules not in the README's Layout: {missing}"
