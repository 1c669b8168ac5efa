"""Corpus dedup inside `ghirbal run`: planted duplicates are found, one article is kept per cluster,
different stories on one topic stay apart, the ledger balances, and the output does not depend on the
worker count or on interruptions (every dedup stage resumes)."""

from __future__ import annotations

import json

import pytest
from dedup_corpus import headline as _headline
from dedup_corpus import jaccard, page, restyle
from dedup_corpus import story as _story
from test_run_support import assert_invariant, ledger, main, output_records, shard_bytes, write_jsonl

import ghirbal.dedup.filter as dedup_filter
import ghirbal.dedup.stage as dedup_stage


def _topic_pair(base: int = 0):
    """Two weather bulletins: half their paragraphs are the same formula, the rest differs."""
    formula = _story(base + 900, 4)
    a = formula + _story(base + 901, 4)
    b = formula[:2] + _story(base + 902, 4) + formula[2:]
    return a, b


def planted(base: int = 0) -> tuple[list[dict], dict[str, set[str]], set[str]]:
    """Records, the planted clusters (name -> ids) and the ids that must all be kept. Another `base`
    gives another set of stories (ids suffixed with it)."""
    recs: list[dict] = []
    clusters: dict[str, set[str]] = {}
    sfx = f"-{base}" if base else ""

    def _rec(rid: str, site: str, title: str, paragraphs: list[str], date: str = "12 مايو 2024") -> dict:
        return {"id": rid + sfx, "url": f"https://{site}/news/{rid}{sfx}", "text": page(site, title, paragraphs, date)}

    def add(name: str, *items: dict) -> None:
        recs.extend(items)
        clusters[name] = {r["id"] for r in items}

    def story(k: int, n: int) -> list[str]:
        return _story(base + k, n)

    def headline(k: int) -> str:
        return _headline(base + k)

    s1, s2, s3, s4, s5 = (story(k, 10) for k in (1, 2, 3, 4, 5))
    add("exact copy, other chrome", _rec("s1-a", "alpha-news.com", headline(1), s1), _rec("s1-b", "beta-news.com", headline(1), s1))
    add("diacritics and punctuation", _rec("s2-a", "alpha-news.com", headline(2), s2),
        _rec("s2-g", "gamma-news.com", headline(2), [restyle(p, 7) for p in s2], date="10 مايو 2024"))
    add("truncated to 70%", _rec("s3-a", "alpha-news.com", headline(3), s3), _rec("s3-b", "beta-news.com", headline(3), s3[:7]))
    add("extra paragraph", _rec("s4-a", "alpha-news.com", headline(4), s4),
        _rec("s4-g", "gamma-news.com", headline(4), s4 + story(40, 1)))
    rewritten = [story(50, 1)[0].split(".")[0] + "." + s5[0].split(".", 1)[1]] + s5[1:]
    add("agency story, first sentence rewritten", _rec("s5-a", "alpha-news.com", headline(5), s5),
        _rec("s5-b", "beta-news.com", "عنوان آخر " + headline(5), rewritten),
        _rec("s5-g", "gamma-news.com", headline(5), rewritten[:-1]))
    a, b = _topic_pair(base)
    singles = [_rec("w-1", "alpha-news.com", headline(901), a), _rec("w-2", "beta-news.com", headline(902), b)]
    singles += [_rec(f"u-{k}", "gamma-news.com", headline(100 + k), story(100 + k, 8)) for k in range(6)]
    recs.extend(singles)
    return recs, clusters, {r["id"] for r in singles}


def _run(src, out, *extra: str) -> int:
    return main("run", str(src), "--out", str(out), "--no-progress", "--sites", "none", *extra)


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("dedup")
    recs, clusters, singles = planted()
    src = write_jsonl(root / "in.jsonl", recs)
    out = root / "out"
    assert _run(src, out, "-j", "1") == 0
    return src, out, recs, clusters, singles


def test_the_planted_variants_are_what_they_claim():
    s2, s3 = _story(2, 10), _story(3, 10)
    assert jaccard("\n".join(s2), "\n".join(restyle(p, 7) for p in s2)) == 1.0  # only marks changed
    assert 0.6 < jaccard("\n".join(s3), "\n".join(s3[:7])) < 0.75  # truncated copy
    a, b = _topic_pair()
    assert 0.25 < jaccard("\n".join(a), "\n".join(b)) < 0.4  # same topic, different stories


def test_each_planted_cluster_keeps_exactly_one(planted_run):
    _, out, recs, clusters, singles = planted_run
    arts, rejs = output_records(out)
    kept = {a["id"] for a in arts}
    dups = {r["id"]: r for r in rejs if r["reason"] in ("exact-duplicate", "near-duplicate")}
    for name, ids in clusters.items():
        assert len(ids & kept) == 1, (name, ids & kept)
        (keeper,) = ids & kept
        for rid in ids - {keeper}:
            assert dups[rid]["kept"] == keeper, name
            assert keeper in dups[rid]["detail"]
    assert singles <= kept  # the two bulletins on one topic and the unrelated stories are all kept
    assert len(kept) == len(clusters) + len(singles)
    assert {rid: r["reason"] for rid, r in dups.items() if rid.startswith(("s1", "s2"))} == {
        "s1-b": "exact-duplicate", "s2-a": "exact-duplicate"}
    assert all(r["reason"] == "near-duplicate" and 0.45 <= r["similarity"] < 1 for rid, r in dups.items()
               if rid.startswith(("s3", "s4", "s5")))


def test_the_kept_article_is_the_earliest_then_the_longest_then_the_smallest_id(planted_run):
    _, out, *_ = planted_run
    kept = {a["id"] for a in output_records(out)[0]}
    assert "s2-g" in kept  # published 10 May, the other copy 12 May
    assert "s3-a" in kept and "s4-g" in kept  # same day: the longer body
    assert "s1-a" in kept  # same day, same body: the smaller id


def test_the_ledger_counts_duplicates_as_rejected(planted_run):
    _, out, recs, clusters, singles = planted_run
    led = ledger(out)
    assert_invariant(led)
    t = led["totals"]
    kept = len(clusters) + len(singles)
    assert (t["read"], t["written"], t["rejected"]) == (len(recs), kept, len(recs) - kept)
    stats = json.loads((out / "stats.json").read_text())
    assert stats["pages"]["written"] == kept
    assert stats["rejects"]["exact-duplicate"] == 2 and stats["rejects"]["near-duplicate"] == 4
    d = stats["dedup"]
    assert d["clusters"] == 5 and d["articles"] == len(recs)
    assert d["cluster_sizes"]["2"] == 4 and d["cluster_sizes"]["3"] == 1
    assert {s["site"] for s in d["sites"]} == {"alpha-news.com", "beta-news.com", "gamma-news.com"}
    assert main("verify", str(out)) == 0
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Duplicates" in report and "alpha-news.com" in report


def test_exact_mode_drops_only_identical_bodies_and_none_drops_nothing(planted_run, tmp_path):
    src, _, recs, *_ = planted_run
    assert _run(src, tmp_path / "exact", "-j", "1", "--dedup", "exact") == 0
    rejs = output_records(tmp_path / "exact")[1]
    assert sorted(r["id"] for r in rejs) == ["s1-b", "s2-a"]
    assert _run(src, tmp_path / "none", "-j", "1", "--dedup", "none") == 0
    arts, rejs = output_records(tmp_path / "none")
    assert len(arts) == len(recs) and not rejs
    assert not (tmp_path / "none" / "_dedup").exists()


@pytest.fixture(scope="module")
def split_corpus(tmp_path_factory):
    """The planted records spread over two files and many small units, copies in other units and files."""
    root = tmp_path_factory.mktemp("dedup-split")
    recs, *_ = planted()
    d = root / "in"
    d.mkdir()
    write_jsonl(d / "a.jsonl.gz", recs[::2], "gz")
    write_jsonl(d / "b.jsonl", recs[1::2])
    cfg = root / "units.toml"
    cfg.write_text("[run.units]\nrecords = 3\n")
    ref = root / "ref"
    assert _run(d, ref, "-j", "1", "--config", str(cfg)) == 0
    return d, cfg, ref


def _same(out, ref) -> None:
    assert shard_bytes(out) == shard_bytes(ref)
    assert ledger(out) == ledger(ref)
    s1, s2 = (json.loads((o / "stats.json").read_text()) for o in (out, ref))
    assert s1["dedup"] == s2["dedup"] and s1["rejects"] == s2["rejects"]
    assert main("verify", str(out)) == 0
    assert not list(out.rglob("*.tmp"))


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_one_and_two_workers_give_identical_output(split_corpus, tmp_path, fmt):
    d, cfg, _ = split_corpus
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}"
        assert _run(d, out, "-j", workers, "--config", str(cfg), "--format", fmt) == 0
        outs.append(out)
    assert len(shard_bytes(outs[0])) > 10
    assert output_records(outs[0])[1]  # duplicates were dropped
    _same(outs[1], outs[0])


class Boom(KeyboardInterrupt):
    pass


def _interrupt_at(monkeypatch, module, name: str, after: int = 0):
    real = getattr(module, name)
    calls = {"n": 0}

    def wrapper(*a, **k):
        calls["n"] += 1
        if calls["n"] > after:
            raise Boom()
        return real(*a, **k)

    monkeypatch.setattr(module, name, wrapper)


@pytest.mark.parametrize("where", ["cluster", "before-commit", "after-commit"])
def test_an_interruption_in_any_dedup_stage_resumes_to_the_same_output(split_corpus, tmp_path, monkeypatch, where):
    d, cfg, ref = split_corpus
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        if where == "cluster":
            _interrupt_at(m, dedup_stage, "cluster")
        elif where == "before-commit":  # while staging the second unit's filtered shards
            _interrupt_at(m, dedup_filter, "_filter_articles", after=1)
        else:  # the commit is written, its shards not yet in place
            _interrupt_at(m, dedup_filter, "apply", after=1)
        assert _run(d, out, "-j", "1", "--config", str(cfg)) == 130
    led = ledger(out)
    assert led["complete"] is False
    assert_invariant(led)
    # verify checks what is done against the ledger (issue 10): the interrupted run's shards still match
    # it, and verify says the run is unfinished.
    assert main("verify", str(out)) == 0
    assert _run(d, out, "-j", "1", "--config", str(cfg), "--resume") == 0
    _same(out, ref)


def test_resuming_a_finished_dedup_run_changes_nothing(split_corpus, tmp_path):
    d, cfg, ref = split_corpus
    out = tmp_path / "out"
    assert _run(d, out, "-j", "1", "--config", str(cfg)) == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name not in ("ledger.json", "stats.json", "report.html")}
    assert _run(d, out, "-j", "1", "--config", str(cfg), "--resume") == 0
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name not in ("ledger.json", "stats.json", "report.html")}
    assert before == after
    _same(out, ref)


def test_the_dedup_verb_on_a_corpus_cleaned_elsewhere(tmp_path):
    from test_run_support import write_parquet

    s = [_story(k, 10) for k in range(5)]
    rows = [
        {"doc": "a", "content": "\n".join(s[0]), "day": "2024-03-05", "lang": "ar"},
        {"doc": "b", "content": "\n".join(s[0][:7]), "day": "2024-03-01", "lang": "ar"},  # truncated, but earliest: kept
        {"doc": "c", "content": "\n".join(restyle(p, 1) for p in s[1]), "day": "2024-03-02", "lang": "ar"},
        {"doc": "d", "content": "\n".join(s[1]), "day": "2024-03-02", "lang": "ar"},  # same folded text as c
        *({"doc": f"u{k}", "content": "\n".join(s[k]), "day": "2024-03-03", "lang": "ar"} for k in (2, 3, 4)),
    ]
    src = write_parquet(tmp_path / "corpus.parquet", rows)
    out = tmp_path / "out"
    assert main("dedup", str(src), "--out", str(out), "--text-field", "content", "--id-field", "doc", "--date-field", "day",
                "-j", "1", "--no-progress") == 0
    arts, rejs = output_records(out)
    assert sorted(a["id"] for a in arts) == ["b", "c", "u2", "u3", "u4"]
    assert {r["id"]: (r["reason"], r["kept"]) for r in rejs} == {"a": ("near-duplicate", "b"), "d": ("exact-duplicate", "c")}
    kept_b = next(a for a in arts if a["id"] == "b")
    assert kept_b["body"] == "\n".join(s[0][:7]) and kept_b["meta"] == {"day": "2024-03-01", "lang": "ar"}  # text as it was
    assert_invariant(ledger(out))
    assert main("verify", str(out)) == 0
    assert not (out / "sites").exists()  # no site learning, no extraction
    assert main("dedup", str(src), "--out", str(tmp_path / "exact"), "--text-field", "content", "--id-field", "doc",
                "--mode", "exact", "-j", "1", "--no-progress") == 0
    assert [r["id"] for r in output_records(tmp_path / "exact")[1]] == ["d"]  # no dates: the longer text (c, marked) kept


def test_kill_9_then_resume_gives_the_uninterrupted_output(tmp_path):
    import os
    import signal

    from test_run_resume import start, wait_for_units
    from test_run_support import run_cli

    recs = [r for base in range(0, 16000, 1000) for r in planted(base)[0]]
    d = tmp_path / "in"
    d.mkdir()
    write_jsonl(d / "a.jsonl", recs[::2])
    write_jsonl(d / "b.jsonl.gz", recs[1::2], "gz")
    cfg = tmp_path / "units.toml"
    cfg.write_text("[run]\nsites = \"none\"\n[run.units]\nrecords = 4\n")
    ref = tmp_path / "ref"
    assert _run(d, ref, "-j", "2", "--config", str(cfg)) == 0
    assert len(output_records(ref)[1]) == 16 * 6  # every copy of every set dropped (6 a set)
    out = tmp_path / "out"
    proc = start(d, cfg, out)
    wait_for_units(out, 8, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "ledger.json").exists()
    resumed = run_cli("run", str(d), "--out", str(out), "-j", "2", "--config", str(cfg), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    _same(out, ref)


# A sentence that reads as story text (the extractor keeps it) and recurs on every site: syndication.
FOOTER = "وتأتي هذه التطورات في إطار سلسلة من الإجراءات التي أعلنت عنها الجهات المعنية خلال الفترة الماضية."
PAIR_NOTE = "تنويه من التحرير بأن الأرقام الواردة في هذا التقرير أولية وقابلة للتعديل بعد صدور البيانات النهائية من الجهات المختصة."


def test_paragraphs_that_recur_on_many_sites_are_dropped_from_bodies(tmp_path):
    sites = ["alpha-news.com", "beta-news.com", "gamma-news.com"]
    recs = []
    for k in range(6):  # six different stories on three sites, each with the agency's sentence inside
        story = _story(300 + k, 6)
        recs.append({"id": f"f{k}", "url": f"https://{sites[k % 3]}/n/{k}",
                     "text": page(sites[k % 3], _headline(300 + k), story[:3] + [FOOTER] + story[3:])})
    for k in range(2):  # a note that only two sites carry stays
        recs.append({"id": f"n{k}", "url": f"https://{sites[k]}/m/{k}",
                     "text": page(sites[k], _headline(400 + k), _story(400 + k, 6) + [PAIR_NOTE])})
    src = write_jsonl(tmp_path / "in.jsonl", recs)
    out = tmp_path / "out"
    assert _run(src, out, "-j", "1", "--dedup-paragraphs", "--annotate") == 0
    arts = {a["id"]: a for a in output_records(out)[0]}
    assert len(arts) == 8
    for k in range(6):
        a = arts[f"f{k}"]
        assert FOOTER not in a["body"] and a["body"] == "\n".join(_story(300 + k, 6))
        (line,) = [ln for ln in a["lines"] if ln["text"] == FOOTER]
        assert (line["kept"], line["reason"], line["detail"]) == (False, "corpus-repeat", "on 3 sites")
    assert all(arts[f"n{k}"]["body"].endswith(PAIR_NOTE) for k in range(2))
    stats = json.loads((out / "stats.json").read_text())
    assert stats["lines_dropped"]["corpus-repeat"] == 6
    par = stats["dedup"]["paragraphs"]
    assert (par["repeated"], par["dropped"]) == (1, 6)
    assert par["top"] == [{"text": FOOTER, "sites": 3, "articles": 6}]
    assert "Most repeated paragraphs" in (out / "report.html").read_text(encoding="utf-8")
    assert main("verify", str(out)) == 0
    # Without the option the footer stays.
    assert _run(src, tmp_path / "plain", "-j", "1") == 0
    assert all(FOOTER in a["body"].split("\n") for a in output_records(tmp_path / "plain")[0] if a["id"].startswith("f"))


def test_a_body_made_only_of_repeated_paragraphs_is_rejected_and_the_ledger_balances(tmp_path):
    sites = ["alpha-news.com", "beta-news.com", "gamma-news.com"]
    recs = [{"id": f"f{k}", "url": f"https://{sites[k]}/n/{k}",
             "text": page(sites[k], _headline(500 + k), _story(500 + k, 5)[:3] + [PAIR_NOTE, FOOTER] + _story(500 + k, 5)[3:])}
            for k in range(3)]
    recs.append({"id": "only", "url": "https://delta-news.com/x", "text": page("alpha-news.com", _headline(600), [PAIR_NOTE, FOOTER])})
    src = write_jsonl(tmp_path / "in.jsonl", recs)
    out = tmp_path / "out"
    assert _run(src, out, "-j", "1", "--dedup-paragraphs", "--format", "parquet") == 0
    arts, rejs = output_records(out)
    assert sorted(a["id"] for a in arts) == ["f0", "f1", "f2"]
    (rej,) = rejs
    assert (rej["id"], rej["reason"]) == ("only", "no-article") and "corpus-repeat" in rej["detail"]
    led = ledger(out)
    assert_invariant(led)
    assert (led["totals"]["written"], led["totals"]["rejected"]) == (3, 1)
    assert main("verify", str(out)) == 0
    assert _run(src, tmp_path / "bad", "--dedup", "none", "--dedup-paragraphs") == 2  # nothing to compare paragraphs with
