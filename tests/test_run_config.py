"""`ghirbal config show` and the [run] settings."""

from __future__ import annotations

import tomllib

from test_run_support import ledger, main, output_records, page, run_cli, write_jsonl


def test_config_show_prints_commented_defaults_that_parse():
    proc = run_cli("config", "show")
    assert proc.returncode == 0
    text = proc.stdout
    assert "[run]" in text and "[run.units]" in text and "# Worker processes" in text
    cfg = tomllib.loads(text)
    assert cfg["run"]["max_record_bytes"] == 5_000_000
    # Every [run] key has a comment line right above it.
    lines = text.splitlines()
    section = None
    for i, line in enumerate(lines):
        if line.startswith("["):
            section = line
        elif section and section.startswith("[run") and "=" in line and not line.startswith("#"):
            assert lines[i - 1].startswith("#"), f"{line!r} in {section} has no comment"


def test_config_file_sets_the_size_cap_and_annotate(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "small", "text": page(1)}, {"id": "big", "text": page(2) * 10}])
    cfg = tmp_path / "g.toml"
    cfg.write_text(f"[run]\nmax_record_bytes = {len(page(2).encode()) * 3}\nannotate = true\n")
    out = tmp_path / "out"
    assert main("run", str(src), "--out", str(out), "-j", "1", "--no-progress", "--config", str(cfg)) == 0
    arts, rejs = output_records(out)
    assert [a["id"] for a in arts] == ["small"] and arts[0]["lines"]
    assert [(r["id"] if r["id"] == "big" else "hash", r["reason"]) for r in rejs] == [("hash", "too-large")]
    assert ledger(out)["totals"] == {"read": 2, "written": 1, "rejected": 1, "errored": 0}
    # The flag wins over the file.
    out2 = tmp_path / "out2"
    assert main("run", str(src), "--out", str(out2), "-j", "1", "--no-progress", "--config", str(cfg),
                "--max-record-bytes", "100000000") == 0
    assert "too-large" not in {r["reason"] for r in output_records(out2)[1]}
    assert ledger(out2)["totals"]["read"] == 2
