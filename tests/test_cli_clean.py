"""`ghirbal clean` end to end: formats, exit codes, bad input (never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ghirbal.cli import main

PAGE = "\n".join([
    "Home", "News", "Sports",
    "Council approves the new budget",
    "By Jane Smith",
    "The city council approved the new budget on Tuesday after a long debate about schools, roads and parks.",
    "Members said the plan, which raises spending by four percent, would be reviewed again in the spring.",
    "The mayor welcomed the vote and thanked residents who had written to the council during the summer.",
    "Privacy Policy", "Terms of Use", "© 2025 City News. All rights reserved.",
])


def run_cli(args, stdin: bytes | None = None):
    proc = subprocess.run([sys.executable, "-m", "ghirbal.cli", *args], input=stdin, capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def test_json_output_from_stdin():
    code, out, err = run_cli(["clean", "-"], PAGE.encode())
    assert code == 0, err
    d = json.loads(out)
    assert d["language"] == "en"
    assert d["body"].startswith("The city council approved")
    assert "All rights reserved" not in d["body"]
    assert len(d["lines"]) == len(PAGE.split("\n"))


def test_text_and_annotated_formats(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text(PAGE, encoding="utf-8")
    code, out, _ = run_cli(["clean", str(p), "--format", "text"])
    assert code == 0 and out.startswith("Council approves the new budget\n\nThe city council")
    code, out, _ = run_cli(["clean", str(p), "--format", "annotated"])
    rows = out.rstrip("\n").split("\n")
    assert len(rows) == len(PAGE.split("\n"))
    assert "-terms" in rows[8] and "+body" in rows[5]


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty-input"),
        (b"   \n\n  \n", "empty-input"),
        (bytes(range(256)) * 64, "undecodable"),
        (b"x" * (50 * 1024 * 1024), "no-story-block"),
    ],
    ids=["empty", "blank", "binary", "50MB-line"],
)
def test_bad_input_gives_empty_article_and_exit_1(data, reason):
    code, out, err = run_cli(["clean", "-"], data)
    assert code == 1
    assert "Traceback" not in err
    assert json.loads(out)["empty_reason"].startswith(reason)
    assert "no article found" in err


def test_invalid_utf8_and_no_arabic_still_work():
    data = PAGE.encode() + b"\n\xff\xfe broken bytes line"
    code, out, err = run_cli(["clean", "-"], data)
    assert code == 0 and "Traceback" not in err
    assert json.loads(out)["body"]


def test_missing_file_is_usage_error(tmp_path, capsys):
    assert main(["clean", str(tmp_path / "nope.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_bad_config_is_reported(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[lines]\nno_such_setting = 1\n")
    page = tmp_path / "p.txt"
    page.write_text(PAGE)
    assert main(["clean", str(page), "--config", str(cfg)]) == 2
    assert "unknown setting" in capsys.readouterr().err
