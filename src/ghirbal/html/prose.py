"""Prose the text path dropped for its place that the markup's main container keeps."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ghirbal.features import LineFeatures
from ghirbal.lexicon import Lexicon
from ghirbal.model import Line
from ghirbal.story import is_prose


def keep_container_prose(lines: list[Line], feats: list[LineFeatures], reasons: list[str | None],
                         inside: list[bool], dropped_as: Collection[str], cfg: dict[str, Any], lex: Lexicon) -> None:
    """Lines the text path dropped with a reason of `dropped_as`, kept as body (in place) when they stand
    inside the main container, the markup keeps them and they read as a sentence (`story.is_prose`, a
    sentence mark at the end): on a page made of sections or of a list, the story block is one run of
    them, and a paragraph set apart from it is still the page's text. (`cfg`: the [lines] table.)"""
    for i, ln in enumerate(lines):
        if (ln.reason in dropped_as and inside[i] and reasons[i] is None and feats[i].end_punct
                and is_prose(feats[i], cfg, lex)):
            ln.keep("body")
