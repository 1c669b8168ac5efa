"""`ghirbal run INPUT… --out DIR`: clean a corpus into shards, with a ledger and a report.

Exit codes: 0 ok; 1 errors were recorded (see ledger.json) or a worker died; 2 usage error or no
inputs; 130 interrupted (resume with --resume).
"""

from __future__ import annotations

import argparse
import os
import sys

EXIT_USAGE = 2


EPILOG = """\
output in DIR: articles-*.jsonl.gz (or .parquet), rejects-*.jsonl.gz (every page not kept, with its reason),
ledger.json (per input file: read = written + rejected + errored), stats.json, report.html, _state/ (resume).

exit codes: 0 ok; 1 errors recorded in the ledger, or the run could not finish; 2 usage error or no inputs;
130 interrupted (continue with --resume)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders or globs: .txt, .html[.gz], .jsonl[.gz|.zst], .parquet, .warc[.wet][.gz]; "
                        "- reads standard input")
    p.add_argument("--out", "-o", required=True, metavar="DIR",
                   help="output folder (shards, ledger.json, stats.json, report.html), or an object-store URL "
                        "(s3://bucket/prefix, gs://…): the run works in --work, then publishes there")
    p.add_argument("--work", metavar="DIR",
                   help="with a URL --out: the folder the run works in before publishing (default: one per URL "
                        "under the temp folder); on a Ray cluster, a folder every node sees")
    p.add_argument("--format", choices=["jsonl", "parquet"], help="article shard format (default jsonl.gz)")
    p.add_argument("--workers", "-j", type=int, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--executor", choices=["local", "ray"],
                   help="where units run: 'local' worker processes (default) or 'ray' tasks on a Ray cluster")
    p.add_argument("--address", metavar="auto|ray://HOST:PORT",
                   help="with --executor ray: the cluster (default: run.ray.address; empty starts a local Ray)")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run in DIR, redoing only unfinished units")
    p.add_argument("--annotate", action="store_true", help="keep per-line verdicts (`lines`) in the output")
    p.add_argument("--config", metavar="TOML", help="settings file (see `ghirbal config show`)")
    p.add_argument("--layout", choices=["auto", "default", "oscar", "culturax", "mc4", "fineweb2"], help="input field layout")
    p.add_argument("--text-field", metavar="NAME",
                   help="JSON/Parquet field with the page's text or HTML (default: text; OSCAR: content); "
                        "dotted names reach into objects")
    p.add_argument("--id-field", metavar="NAME", help="input field with the record id (default: id)")
    p.add_argument("--url-field", metavar="NAME", help="input field with the page URL (default: url)")
    p.add_argument("--date-field", metavar="NAME", help="input field with the crawl date")
    p.add_argument("--html-field", metavar="NAME", help="input field with the page's HTML (read by the HTML path instead of a text field)")
    p.add_argument("--max-record-bytes", type=int, metavar="N", help="reject records larger than this (too-large)")
    p.add_argument("--sites", metavar="learn|none|MODEL",
                   help="per-site boilerplate: 'learn' it from the inputs first (default, into DIR/sites), "
                        "'none', or a model folder from `ghirbal sites learn`")
    p.add_argument("--dedup", choices=["near", "exact", "none"],
                   help="drop duplicate articles after cleaning: 'near' (exact and near copies, default), 'exact', 'none'")
    p.add_argument("--dedup-paragraphs", action="store_true",
                   help="also drop body paragraphs that recur on many different sites (line reason corpus-repeat)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--quality", choices=["filter", "tag", "none"],
                   help="document quality: reject low-quality articles (default), only annotate them, or skip")
    p.add_argument("--langid", choices=["tag", "none"], help="language identification and Arabic dialect tag (default tag)")
    p.add_argument("--pii", choices=["redact", "tag", "none"],
                   help="personal data (emails, phones, national ids, IBANs, cards, IPs): 'redact' it (default), "
                        "'tag' its spans in the record's `pii` field, or 'none'")
    p.add_argument("--keep-pii", action="store_true", help="with --annotate: keep the original text of `lines` (redacted otherwise)")


def run(args: argparse.Namespace) -> int:
    from ghirbal.config import ConfigError, load
    from ghirbal.io.discover import InputError, discover
    from ghirbal.run.local import default_workers
    from ghirbal.run.pipeline import RunOptions, RunUsageError, run_corpus
    from ghirbal.run.ray_executor import RayUnavailable
    from ghirbal.run.settings import RunSettings

    try:
        keep_pii = getattr(args, "keep_pii", False)  # (`ghirbal dedup` has no --keep-pii)
        cfg = load(args.config, overrides={"pii": {"keep_lines": True}} if keep_pii else None)
    except ConfigError as exc:
        return _usage(str(exc))
    r = cfg["run"]
    pii_mode = getattr(args, "pii", None) or cfg["pii"]["mode"]
    if pii_mode not in ("redact", "tag", "none"):
        return _usage(f"pii.mode must be redact, tag or none, not {pii_mode!r}")
    if keep_pii and not (args.annotate or r["annotate"]):
        return _usage("--keep-pii keeps the original text of `lines`: it needs --annotate")
    workers = args.workers if args.workers is not None else r["workers"]
    if workers < 0:
        return _usage("--workers must be 0 (all cores) or more")
    executor = args.executor or "local"
    from ghirbal.io import remote
    from ghirbal.run import publish

    out_url = args.out if remote.is_url(args.out) else None
    if getattr(args, "work", None) and not out_url:
        return _usage("--work is the work folder of a run whose --out is a URL; --out here is a folder")
    out_dir = publish.work_dir_for(out_url, getattr(args, "work", None)) if out_url else args.out
    if args.address and executor != "ray":
        return _usage("--address names a Ray cluster: it needs --executor ray")
    ray_opts = {k: r["ray"][k] for k in ("num_cpus", "memory", "max_retries")}
    ray_opts["address"] = args.address or r["ray"]["address"] or None
    sites = args.sites or r["sites"]
    if sites == "learn":
        sites_model, learn = os.path.join(os.path.abspath(out_dir), "sites"), True
    elif sites == "none":
        sites_model, learn = None, False
    elif os.path.isdir(sites):
        from ghirbal.sites import SiteModels

        try:  # a folder that is no model would turn every page into an error: refuse it up front
            SiteModels.open(sites, {k: v for k, v in cfg.items() if k != "run"})
        except ValueError as exc:
            return _usage(str(exc))
        sites_model, learn = os.path.abspath(sites), False
    else:
        return _usage(f"--sites must be learn, none or a model folder; {sites!r} is none of these")
    settings = RunSettings(
        out_dir=out_dir,
        sites_model=sites_model,
        format=args.format or r["format"],
        annotate=args.annotate or r["annotate"],
        layout=args.layout or r["layout"],
        text_field=args.text_field or r["text_field"] or None,
        id_field=args.id_field or r["id_field"] or None,
        url_field=args.url_field or r["url_field"] or None,
        date_field=args.date_field or r["date_field"] or None,
        html_field=getattr(args, "html_field", None) or None,  # (`ghirbal dedup` reads text fields only)
        max_record_bytes=args.max_record_bytes or r["max_record_bytes"],
        gzip_level=r["output"]["gzip_level"],
        fsync=r["output"]["fsync"],
        clean_config={k: v for k, v in cfg.items() if k != "run"},  # run settings do not change articles
        dedup=args.dedup or cfg["dedup"]["mode"],
        dedup_paragraphs=args.dedup_paragraphs,
        clean=getattr(args, "clean", True),  # `ghirbal dedup` runs this command without extraction
        steps=_record_steps(args, cfg),
    )
    for name, mode in settings.steps:
        allowed = {"langid": ("tag", "none"), "quality": ("filter", "tag", "none")}.get(name, (mode,))
        if mode not in allowed:
            return _usage(f"{name}.mode must be one of {', '.join(allowed)}, not {mode!r}")
    if settings.format not in ("jsonl", "parquet"):
        return _usage(f"run.format must be jsonl or parquet, not {settings.format!r}")
    from ghirbal.dedup.sink import params_for

    try:  # a bad [dedup] table must stop the run now, not after the cleaning pass
        params_for(settings)
    except ValueError as exc:
        return _usage(str(exc))
    opts = RunOptions(
        workers=workers if executor == "ray" else (workers or default_workers()),  # ray: 0 = the cluster's CPUs
        resume=args.resume,
        executor=executor,
        ray=ray_opts,
        unit_records=r["units"]["records"],
        unit_bytes=r["units"]["bytes"],
        in_flight_per_worker=r["units"]["in_flight_per_worker"],
        max_sites=r["report"]["max_sites"],
        top_sites=r["report"]["top_sites"],
        min_site_pages=r["report"]["min_site_pages"],
        progress=not args.no_progress,
        learn_sites=learn,
    )
    try:
        if out_url:  # before anything is written: the URL must be free, or resumable
            remote.guarded(out_url, publish.prepare, out_url, out_dir, args.resume)  # PublishError passes as is
        named = [i for i in args.inputs if i != "-"]
        files, skipped = discover(named, exclude=[args.out, out_dir]) if named else ([], [])
        if "-" in args.inputs:  # standard input, spooled into DIR (so --resume and verify can read it again)
            from ghirbal.io.stdin import spool_stdin

            files.append(spool_stdin(out_dir))
        result = run_corpus(files, settings, opts)
    except (InputError, RunUsageError, RayUnavailable, publish.PublishError, remote.RemoteError) as exc:
        return _usage(str(exc))
    except OSError as exc:
        return _usage(f"{exc.filename or args.out}: {exc.strerror or exc}")
    if not result.ledger:  # stopped before cleaning began (while learning site templates)
        print(f"ghirbal run: {result.message}", file=sys.stderr)
        return result.exit_code
    code, said = result.exit_code, None
    if out_url:
        failed, said = _publish(out_dir, out_url)
        code = code or failed
    _summary(result, args.out, skipped)
    if said:
        print(said, file=sys.stderr)
    return code


def _publish(work: str, url: str) -> tuple[int, str]:
    """Upload the work folder to `url`, whatever state the run stopped in (a resume publishes the rest).
    Returns (1 if publishing failed else 0, the line that says what happened)."""
    from ghirbal.run.publish import publish

    try:
        done = publish(work, url)
    except Exception as exc:  # credentials, network, a bucket gone: the output is whole in the work folder
        if os.environ.get("GHIRBAL_DEBUG"):
            raise
        return 1, (f"ghirbal run: publishing to {url} failed ({type(exc).__name__}: {exc}); the output is in {work}: "
                   "run again with --resume to publish it")
    return 0, (f"  published: {done.uploaded:,} file(s), {done.bytes / 1e6:,.1f} MB to {url} "
               f"({done.unchanged:,} there already, {done.removed:,} removed); work folder {work}")


def _record_steps(args: argparse.Namespace, cfg: dict) -> tuple[tuple[str, str], ...]:
    """Record steps in order: language first (quality picks its thresholds by it), then quality, then PII.
    `ghirbal dedup` (no extraction) runs none: its records are bodies made elsewhere."""
    if not getattr(args, "clean", True):
        return ()
    # PII last: the filters read the text as written; redaction changes only what is written out.
    return (("langid", args.langid or cfg["langid"]["mode"]), ("quality", args.quality or cfg["quality"]["mode"]),
            ("pii", args.pii or cfg["pii"]["mode"]))


def _usage(message: str) -> int:
    print(f"ghirbal run: {message}", file=sys.stderr)
    return EXIT_USAGE


def _summary(result, out: str, skipped: list[str]) -> None:
    t = result.ledger["totals"]
    info = result.stats["run"]
    err = sys.stderr
    n = len(result.files)
    rate = f", {info['pages_per_second']:,.1f} pages/s" if info.get("pages_per_second") else ""
    print(
        f"ghirbal run: {n} input file{'s' * (n != 1)}, {t['read']:,} page{'s' * (t['read'] != 1)}: kept {t['written']:,}, "
        f"rejected {t['rejected']:,}, errored {t['errored']:,}{rate}",
        file=err,
    )
    if skipped:
        print(f"  skipped {len(skipped)} file(s) with unknown extensions (e.g. {skipped[0]})", file=err)
    reasons = result.stats.get("rejects") or {}
    if reasons:
        top = ", ".join(f"{k} {v:,}" for k, v in sorted(reasons.items(), key=lambda kv: -kv[1])[:6])
        print(f"  rejected by reason: {top}", file=err)
    shown = 0
    for f in result.ledger["files"]:
        for e in f["errors"]:
            if shown < 5:
                print(f"  error: {f['path']} @ {e['offset']}: {e['message']}", file=err)
            shown += 1
    if shown > 5:
        print(f"  … {shown - 5} more errors in the ledger", file=err)
    if result.message:
        print(f"ghirbal run: {result.message}", file=err)
    ext = "parquet" if info.get("output_format") == "parquet" else "jsonl.gz"
    print(f"  articles: {os.path.join(out, 'articles-*.' + ext)}", file=err)
    if t["rejected"] or t["errored"]:  # no rejects shard exists otherwise
        print(f"  rejects:  {os.path.join(out, 'rejects-*.jsonl.gz')}", file=err)
    print(f"  ledger:   {os.path.join(out, 'ledger.json')}", file=err)
    print(f"  report:   {os.path.join(out, 'report.html')}", file=err)
