"""`ghirbal config show`: the default configuration, with its comments."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=["show"], default="show", help="show: print the defaults (TOML)")


def run(args: argparse.Namespace) -> int:
    from ghirbal.config import defaults_text

    print(defaults_text(), end="")
    return 0
