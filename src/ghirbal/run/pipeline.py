"""A corpus run: discover inputs → cut units → executor runs the stages → ledger, stats, report.

The executor is a parameter; everything written at the end (ledger.json, stats.json, report.html) is
rebuilt from the units' done-markers, so an interrupted-then-resumed run ends exactly like an
uninterrupted one.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from ghirbal.io import remote
from ghirbal.io.discover import read_records
from ghirbal.run import ledger as ledger_mod
from ghirbal.run.local import LocalExecutor, WorkerDied
from ghirbal.run.nodes import NodeTotals
from ghirbal.run.progress import RunProgress
from ghirbal.run.settings import RunSettings
from ghirbal.run.stages import BAD_JSON, DECODE_ERROR, MISSING_TEXT, TOO_LARGE, html_handler, process_unit
from ghirbal.run.state import RunState, atomic_write
from ghirbal.run.stats import Stats
from ghirbal.run.units import WorkUnit, cut_units

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
_NO_FIELDS = (BAD_JSON, DECODE_ERROR, TOO_LARGE)  # rejects of records whose fields were never seen


class RunUsageError(Exception):
    """The output folder or the resume request does not fit (exit 2)."""


@dataclass
class RunOptions:
    workers: int
    resume: bool = False
    unit_records: int = 500
    unit_bytes: int = 8_000_000
    in_flight_per_worker: int = 2
    max_sites: int = 20000
    top_sites: int = 25
    min_site_pages: int = 2
    progress: bool = True
    learn_sites: bool = False  # learn settings.sites_model from the inputs first (unless already there)
    executor: str = "local"  # local (processes on this machine) or ray (ghirbal.run.ray_executor)
    ray: dict[str, Any] = field(default_factory=dict)  # [run.ray]: address, num_cpus, memory, max_retries


def make_executor(opts: RunOptions):
    """The executor the options name. Both take the same unit functions: they only schedule them."""
    if opts.executor == "ray":
        from ghirbal.run.ray_executor import RayExecutor

        return RayExecutor(opts.workers, opts.in_flight_per_worker, **opts.ray)
    return LocalExecutor(opts.workers, opts.in_flight_per_worker)


@dataclass
class RunResult:
    exit_code: int
    ledger: dict[str, Any]
    stats: dict[str, Any]
    interrupted: bool = False
    message: str | None = None
    files: list[str] = field(default_factory=list)


class _RawPos:
    """Reader progress, updated by the readers as they go (bytes of the file on disk)."""

    raw_pos = 0


def prepare_state(out_dir: str, files: list[str], settings: RunSettings, opts: RunOptions) -> tuple[RunState, bool]:
    """The run's state folder, created or (with --resume) checked; and whether a run is being resumed."""
    state = RunState(out_dir)
    manifest = {
        # Resolved absolute paths: `../shared/x` and `/work/shared/x` are one file to a resumed run.
        "files": [remote.identity(p) for p in files],
        "names": files,  # as given: the `source` of every output record, kept by a resumed run
        "sizes": [remote.size(p) for p in files],  # a file that changed since cannot be resumed into the same shards
        "settings": settings.fingerprint(),
        # A given model re-learned in place must not feed half of a resumed run (a learned one is
        # reused as it is: it is part of this run's output).
        "sites_model": _model_identity(settings.sites_model) if settings.sites_model and not opts.learn_sites else None,
        "units": {"records": opts.unit_records, "bytes": opts.unit_bytes},
    }
    if state.exists():
        if not opts.resume:
            raise RunUsageError(f"{out_dir} already holds a run: add --resume to continue it, or choose another --out")
        difference = manifest_difference(state.manifest(), manifest)
        if difference:
            raise RunUsageError(f"cannot resume {out_dir}: {difference}")
        state.remove_temp_files()
        state.remove_orphan_shards()
        return state, True
    if os.path.isdir(out_dir) and any(n.startswith(("articles-", "rejects-")) for n in os.listdir(out_dir)):
        raise RunUsageError(f"{out_dir} holds shards of another run; choose an empty --out")
    os.makedirs(out_dir, exist_ok=True)
    state.create(manifest)
    return state, False


def _same(a: Any, b: Any) -> bool:
    return orjson.dumps(a, option=orjson.OPT_SORT_KEYS) == orjson.dumps(b, option=orjson.OPT_SORT_KEYS)


def manifest_difference(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """What keeps a run from resuming an interrupted one, said exactly (which file, which setting); None
    when nothing does."""
    old_files = [remote.identity(p) for p in old.get("files", [])]  # manifests of older versions kept paths as given
    new_files = new["files"]
    if old_files != new_files:
        gone = [p for p in old_files if p not in new_files]
        added = [p for p in new_files if p not in old_files]
        if gone or added:
            parts = ([f"{len(gone)} input file(s) of the interrupted run are not among the inputs now (e.g. {gone[0]})"]
                     if gone else []) + ([f"{len(added)} input file(s) are new (e.g. {added[0]})"] if added else [])
            return "; ".join(parts)
        return "the same input files are given in another order"
    for path, was, now in zip(new_files, old.get("sizes", []), new["sizes"]):
        if was != now:
            return f"input file {path} changed since the interrupted run ({was:,} bytes then, {now:,} now)"
    old_settings, new_settings = old.get("settings") or {}, new["settings"]
    for key in sorted(old_settings.keys() | new_settings.keys()):
        if not _same(old_settings.get(key), new_settings.get(key)):
            if key == "clean_config":
                tables = sorted(k for k in (old_settings.get(key) or {}).keys() | (new_settings.get(key) or {}).keys()
                                if not _same((old_settings.get(key) or {}).get(k), (new_settings.get(key) or {}).get(k)))
                return f"the configuration differs from the interrupted run's (in [{'], ['.join(tables)}])"
            return (f"setting {key} differs: {old_settings.get(key)!r} in the interrupted run, {new_settings.get(key)!r} now")
    if not _same(old.get("units"), new["units"]):
        return f"the unit sizes (run.units) differ: {old.get('units')} then, {new['units']} now"
    if not _same(old.get("sites_model"), new["sites_model"]):
        return "the site model's files changed since the interrupted run (re-learned or replaced)"
    return None


def run_corpus(files: list[str], settings: RunSettings, opts: RunOptions, console=None) -> RunResult:
    executor = make_executor(opts)  # first: no Ray (or no cluster) must not leave a half-made output folder
    state, resumed = prepare_state(settings.out_dir, files, settings, opts)
    if resumed:  # the same files, perhaps named otherwise now: the output keeps the first session's names
        files = state.manifest().get("names") or files
    learn_seconds = 0.0
    if opts.learn_sites and settings.sites_model:
        from ghirbal.config import default
        from ghirbal.run.learn import learn_sites

        t_learn = time.monotonic()
        try:
            learn_sites(files, settings, settings.sites_model, settings.clean_config or default(), quiet=not opts.progress,
                        executor=executor, unit_records=opts.unit_records, unit_bytes=opts.unit_bytes)
            learn_seconds = time.monotonic() - t_learn
        except KeyboardInterrupt:
            return RunResult(EXIT_INTERRUPTED, {}, {}, True, "interrupted while learning site templates; --resume continues", files)
        except Exception as exc:  # disk full, a DuckDB error: say it, do not start cleaning without the model
            if os.environ.get("GHIRBAL_DEBUG"):
                raise
            return RunResult(EXIT_ERRORS, {}, {}, False, f"learning site templates failed ({type(exc).__name__}: {exc}); "
                             "fix it and run again with --resume, or use --sites none", files)
    started_wall = time.time()
    t0 = time.monotonic()
    sizes = [remote.size(p) for p in files]
    total_bytes = sum(sizes)
    reader_pos = _RawPos()
    want_html = html_handler() is not None
    session = {"pages": 0, "units": 0, "units_skipped": 0, "bytes": 0}
    interrupted = False
    message = None

    progress = RunProgress(total_bytes, enabled=opts.progress, console=console)

    def units() -> Iterator[WorkUnit]:
        # The bar counts bytes of input whose units are done: a unit advances it by its span on disk
        # when it finishes, so the bar and its ETA follow the work, not the (faster) reader.
        for i, path in enumerate(files):
            if state.file_done(i):
                progress.advance(sizes[i])
                continue
            reader_pos.raw_pos = 0
            records = read_records(path, max_bytes=settings.max_record_bytes, progress=reader_pos, want_html=want_html)
            n = last_end = 0
            for unit in cut_units(
                i, path, records, max_records=opts.unit_records, max_bytes=opts.unit_bytes, raw_pos=lambda: reader_pos.raw_pos
            ):
                n += 1
                last_end = unit.raw_end
                if state.unit_done(unit.key):
                    session["units_skipped"] += 1
                    progress.advance(unit.raw_end - unit.raw_start)
                    continue
                yield unit
            state.mark_file_read(i, n)
            session["bytes"] += sizes[i]
            progress.advance(max(sizes[i] - last_end, 0))  # bytes after the last record (or an empty file)

    def on_done(marker: dict[str, Any]) -> None:
        session["pages"] += marker["read"]
        session["units"] += 1
        progress.advance(marker["raw_span"])
        progress.unit_done(marker)

    try:
        with progress:
            executor.run(process_unit, units(), settings, on_done)
    except KeyboardInterrupt:
        interrupted = True
        message = "interrupted: open units rolled back; continue with --resume"
    except WorkerDied as exc:
        message = f"{exc}; its units are not done: continue with --resume"
    except OSError as exc:  # writing output failed (disk full, folder removed): stop, keep the ledger honest
        message = f"cannot write output: {exc.strerror or exc} ({exc.filename or settings.out_dir}); fix it, then --resume"
    except Exception as exc:  # a bug: say so plainly, keep what is done, let --resume redo the rest
        if os.environ.get("GHIRBAL_DEBUG"):
            raise
        message = f"internal error ({type(exc).__name__}: {exc}); set GHIRBAL_DEBUG=1 for a traceback; --resume continues"
    finally:
        state.remove_temp_files()
        if interrupted or message:
            state.remove_orphan_shards()  # a unit killed between its shards' rename and its marker
    clean_wall = time.monotonic() - t0  # the cleaning pass alone (reading, the record steps, writing)
    complete = all(state.file_done(i) for i in range(len(files)))
    if complete and message is None and not interrupted and settings.dedup != "none":
        from ghirbal.dedup.stage import run_stage as dedup_stage

        complete, interrupted, message = dedup_stage(settings, executor)
    wall = time.monotonic() - t0
    run_info = {
        "version": _version(),
        "started": dt.datetime.fromtimestamp(started_wall, dt.timezone.utc).isoformat(timespec="seconds"),
        "wall_seconds": round(wall + learn_seconds, 3),  # the learning pass included: the run's whole time
        "learn_seconds": round(learn_seconds, 3),
        "workers": executor.workers,
        "executor": opts.executor,
        "inputs": len(files),
        "input_bytes": total_bytes,
        "output_format": settings.format,
        "resumed": resumed,
        "units_this_session": session["units"],
        "units_skipped": session["units_skipped"],  # done by an earlier, interrupted session
        "pages_this_session": session["pages"],
        "pages_per_second": round(session["pages"] / wall, 2) if wall > 0 else None,
        "mb_per_second": round(session["bytes"] / 1e6 / wall, 3) if wall > 0 else None,
        # ...and the cleaning pass's own: before the corpus-wide dedup stage
        "clean_pass_seconds": round(clean_wall, 3),
        "clean_pass_mb_per_second": round(session["bytes"] / 1e6 / clean_wall, 3) if clean_wall > 0 else None,
        "complete": complete,
        "interrupted": interrupted,
        # CPU of this process (reading, dispatch, progress): should stay small next to the workers'.
        "parent_cpu_seconds": round(_self_cpu(), 3),
    }
    ledger, stats = finalize(state, files, run_info, opts, complete=complete)
    missing = stats["run"].get("missing_text_files") or []
    if missing and not message:
        m = missing[0]
        more = f" (and {len(missing) - 1} more file(s))" if len(missing) > 1 else ""
        message = (f"no record of {m['path']} has the text field: {m['detail']}{more}; "
                   "name the field with --text-field (or --layout)")
    if interrupted:
        code = EXIT_INTERRUPTED
    elif message or not complete or ledger["totals"]["errored"]:
        code = EXIT_ERRORS
    else:
        code = EXIT_OK
    return RunResult(code, ledger, stats, interrupted, message, files)


def finalize(state: RunState, files: list[str], run_info: dict[str, Any], opts: RunOptions, *, complete: bool):
    """Write ledger.json, stats.json and report.html from the done-markers on disk."""
    from ghirbal import report

    total = Stats()
    nodes = NodeTotals()
    cpu = 0.0
    units = 0
    # source -> [records rejected as missing-text, a rejects shard of one, records without fields at all]
    missing: dict[str, list] = {}

    def markers() -> Iterator[dict[str, Any]]:
        nonlocal cpu, units
        for m in state.unit_markers():
            total.merge(Stats.from_dict(m["stats"]), max_sites=opts.max_sites)
            cpu += m.get("cpu_seconds", 0.0)
            units += 1
            nodes.add(m)
            rejects = m["stats"].get("rejects", {})
            n = rejects.get(MISSING_TEXT, 0)
            entry = missing.setdefault(m["source"], [0, None, 0])
            entry[2] += m["errored"] + sum(rejects.get(r, 0) for r in _NO_FIELDS)
            if n:
                entry[0] += n
                entry[1] = entry[1] or next((x for x in m.get("shards", []) if x.startswith("rejects-")), None)
            yield m

    ledger = ledger_mod.build(files, markers(), complete=complete)
    run_info = dict(run_info, missing_text_files=_missing_text_files(state.out_dir, ledger, missing))
    if len(total.sites) > opts.max_sites:
        total.prune_sites(opts.max_sites)
    run_info = dict(run_info, units=units, cpu_seconds=round(cpu, 3), nodes=nodes.to_list())
    stats = {"run": run_info, **total.to_dict()}
    from ghirbal.dedup.stage import summary as dedup_summary

    if (dedup := dedup_summary(state.out_dir)) is not None:
        stats["dedup"] = dedup
    out = state.out_dir
    atomic_write(os.path.join(out, "ledger.json"), orjson.dumps(ledger, option=orjson.OPT_INDENT_2))
    atomic_write(os.path.join(out, "stats.json"), orjson.dumps(stats, option=orjson.OPT_INDENT_2))
    try:  # the ledger and stats are written; a report bug must not turn a good run into a failed one
        page = report.render(stats, top_sites=opts.top_sites, min_site_pages=opts.min_site_pages,
                             errors=report.ledger_errors(ledger))
    except Exception as exc:
        if os.environ.get("GHIRBAL_DEBUG"):
            raise
        page = f"<!doctype html><meta charset=utf-8><p>report failed: {type(exc).__name__}: {exc}. See stats.json.</p>"
    atomic_write(os.path.join(out, "report.html"), page.encode("utf-8"))
    return ledger, stats


def _missing_text_files(out_dir: str, ledger: dict[str, Any], missing: dict[str, list]) -> list[dict[str, Any]]:
    """Files none of whose records has the text field: a wrong --text-field, not a verdict on pages. Each
    with the reject detail of one record, which names the fields the records do have."""
    from ghirbal.io.shards import read_shard

    out = []
    for f in ledger["files"]:
        count, shard, unparsed = missing.get(f["path"], (0, None, 0))
        if not count or count != f["read"] - unparsed:  # every record that has fields lacks the text one
            continue
        detail = ""
        if shard:
            try:
                detail = next((r.get("detail") or "" for r in read_shard(os.path.join(out_dir, shard))
                               if r.get("reason") == MISSING_TEXT), "")
            except Exception:  # the shard was checked when written; a message is not worth failing the run for
                detail = ""
        out.append({"path": f["path"], "records": count, "detail": detail})
    return out


def _self_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _model_identity(path: str) -> list:
    from ghirbal.sites.model import model_identity

    return list(model_identity(path))



def _version() -> str:
    from ghirbal import __version__

    return __version__
