"""The `ghirbal` command. Each subcommand lives in ghirbal.commands.<name> with
`add_arguments(parser)` and `run(args) -> int`; this file only dispatches."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "clean": ("ghirbal.commands.clean", "extract the article from one page (text or HTML)"),
    "eval": ("ghirbal.commands.eval", "score extraction against a gold set"),
    "run": ("ghirbal.commands.run", "clean a corpus: many pages in, clean shards out"),
    "dedup": ("ghirbal.commands.dedup", "drop duplicate documents from a corpus cleaned elsewhere (JSONL/Parquet)"),
    "verify": ("ghirbal.commands.verify", "check a run's output against its ledger"),
    "config": ("ghirbal.commands.config", "show the default configuration"),
    "sites": ("ghirbal.commands.sites", "learn and inspect per-site boilerplate"),
    "serve": ("ghirbal.commands.serve", "HTTP API and inspector page"),
}

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _available() -> dict[str, tuple[str, str]]:
    out = {}
    for name, (module, help_) in COMMANDS.items():
        if importlib.util.find_spec(module) is not None:
            out[name] = (module, help_)
    return out


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    from ghirbal import __version__

    parser = argparse.ArgumentParser(prog="ghirbal", description="Clean crawled Arabic web pages into articles and corpora.")
    parser.add_argument("--version", action="version", version=f"ghirbal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules: dict[str, object] = {}
    for name, (module_name, help_) in _available().items():
        module = importlib.import_module(module_name)
        sp = sub.add_parser(name, help=help_, description=help_)
        module.add_arguments(sp)
        modules[name] = module
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(modules[args.command].run(args) or 0)
    except KeyboardInterrupt:
        print("ghirbal: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `ghirbal clean page.txt | head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
