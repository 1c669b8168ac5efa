"""`ghirbal sites learn INPUT… --out SITES` and `ghirbal sites show [SITE] --model SITES`."""

from __future__ import annotations

import argparse
import sys

from ghirbal import config as _config


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="sites_command", metavar="ACTION", required=True)
    learn = sub.add_parser("learn", help="count each site's repeated lines over a corpus",
                           description="Count, per site, on how many pages each line appears; write the model folder "
                                       "that `ghirbal run --sites MODEL` and `ghirbal serve --sites MODEL` use.",
                           epilog="exit codes: 0 learned; 1 read errors (reported, what was readable is learned); "
                                  "2 usage, no inputs, bad config.")
    learn.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs (txt, jsonl[.gz|.zst], parquet, wet)")
    learn.add_argument("--out", required=True, help="model folder to write (sites.parquet, templates.parquet)")
    learn.add_argument("--text-field", metavar="NAME", help="JSON/Parquet field with the page's text (default: text)")
    learn.add_argument("--url-field", metavar="NAME", help="JSON/Parquet field with the page's URL (default: url)")
    learn.add_argument("--site-field", help="input field naming the site (default: the URL's registered domain)")
    learn.add_argument("--config", help="TOML config file")
    show = sub.add_parser("show", help="list learned sites, or one site's template lines",
                          description="List the sites of a model (most pages first), or one site's template lines "
                                      "with the number of pages each appears on.",
                          epilog="exit codes: 0 shown; 1 no such site in the model; 2 not a model folder.")
    show.add_argument("site", nargs="?", help="a site: its registered domain, a host or a URL (www.example.com and "
                                              "https://example.com/x find example.com); omit to list the sites")
    show.add_argument("--model", required=True, help="model folder written by `ghirbal sites learn` or `ghirbal run` (DIR/sites)")
    show.add_argument("--limit", type=int, default=50, metavar="N", help="show at most N sites or lines (default 50)")


def _learn(args: argparse.Namespace) -> int:
    from ghirbal.io.discover import InputError, discover
    from ghirbal.run.learn import LearnSeen, iter_pages
    from ghirbal.run.settings import RunSettings
    from ghirbal.sites import SiteLearner

    try:
        cfg = _config.load(args.config)
    except _config.ConfigError as exc:
        print(f"ghirbal sites learn: {exc}", file=sys.stderr)
        return 2
    settings = RunSettings(out_dir="", text_field=args.text_field, url_field=args.url_field,
                           max_record_bytes=cfg["run"]["max_record_bytes"])
    learner = SiteLearner(cfg)
    seen = LearnSeen()
    try:
        files, _skipped = discover(args.inputs)
        learner.add_many(iter_pages(files, settings, args.site_field, seen=seen))
    except InputError as exc:
        learner.close()
        print(f"ghirbal sites learn: {exc}", file=sys.stderr)
        return 2
    models = learner.finish(args.out)
    why = f" ({seen.why_no_site(cfg['sites']['min_site_pages'])})" if not len(models) else ""
    print(f"learned {seen.pages:,} pages; {len(models)} sites with enough pages{why}; model in {args.out}")
    for line in seen.report("ghirbal sites learn"):
        print(line, file=sys.stderr)
    return 1 if seen.errors else 0


def _show(args: argparse.Namespace) -> int:
    from ghirbal.sites import SiteModels

    try:
        models = SiteModels.load(args.model)
    except ValueError as exc:
        print(f"ghirbal sites show: {exc}", file=sys.stderr)
        return 2
    if not args.site:
        for name, pages in sorted(models.sites().items(), key=lambda kv: (-kv[1], kv[0]))[: args.limit]:
            print(f"{pages:8d} pages  {len(models.get(name).templates()):6d} template lines  {name}")
        return 0
    m = models.get(args.site)
    if m is None:  # a host or URL of the site: its registered domain, as the model keys sites
        from ghirbal.sites.domain import NO_URL, site_of

        site = site_of(args.site)
        m = models.get(site) if site != NO_URL else None
    if m is None:
        print(f"ghirbal sites show: no site {args.site!r} in {args.model} (or too few pages to learn)", file=sys.stderr)
        return 1
    print(f"{m.site}: {m.pages} pages; a line on ≥ {m.threshold()} of them is chrome")
    for count, text in m.templates()[: args.limit]:
        print(f"{count:7d}  {text}")
    return 0


def run(args: argparse.Namespace) -> int:
    return _learn(args) if args.sites_command == "learn" else _show(args)
