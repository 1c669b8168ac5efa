"""`--executor` and `--address` on the command line: clear usage errors, never a traceback."""

from __future__ import annotations

import sys

from test_run_support import main, page, write_jsonl


def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    write_jsonl(d / "a.jsonl", [{"id": "a", "url": "https://a.com/1", "text": page(1)}])
    return d


def test_address_without_the_ray_executor_is_a_usage_error(tmp_path, capsys):
    assert main("run", str(corpus(tmp_path)), "--out", str(tmp_path / "o"), "--address", "auto") == 2
    assert "--address names a Ray cluster: it needs --executor ray" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_ray_executor_without_ray_installed_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError, as where it is not installed
    code = main("run", str(corpus(tmp_path)), "--out", str(tmp_path / "o"), "--executor", "ray", "--no-progress")
    err = capsys.readouterr().err
    assert code == 2
    assert "--executor ray needs Ray: pip install 'ghirbal[ray]'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o" / "_state").exists()  # nothing started: a local run may use the folder
