"""Issue 10, item 3: the report as a browser draws it (headless Chromium through Playwright).

At 1280 and 1400 px and on a phone (390 px): no tile's text overflows its tile, the page does not
scroll sideways, the status badge says what happened, and a run with errors lists them. Screenshots
are written beside the run (for a person to look at). Skipped where Chromium or Playwright is missing,
except in CI (CI=true), where `.ci/run` installs both and a skip would hide a broken report.
"""

from __future__ import annotations

import shutil

import pytest
from shared_data import in_ci
from test_run_support import REPO, main

WIDTHS = (1280, 1400, 390)


def _browser_or_skip():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if exe is None or sync_playwright is None:
        why = "Chromium (apt-get install chromium)" if exe is None else "Playwright (pip install playwright)"
        if in_ci():
            pytest.fail(f"CI=true but {why} is missing: .ci/run installs it")
        pytest.skip(f"{why} is not installed")
    return exe, sync_playwright


@pytest.fixture(scope="module")
def example_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "out"
    assert main("run", str(REPO / "examples"), "--out", str(out), "--no-progress", "-j", "1") == 0
    return out


@pytest.fixture(scope="module")
def browser():
    exe, sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


_OVERFLOWING_TILES = """() => [...document.querySelectorAll('.card')].filter(card => {
  const box = card.getBoundingClientRect();
  return card.scrollWidth > card.clientWidth + 1 || [...card.children].some(el => {
    const r = el.getBoundingClientRect();
    return r.left < box.left - 1 || r.right > box.right + 1 || el.scrollWidth > el.clientWidth + 1;
  });
}).map(card => card.innerText.replace(/\\s+/g, ' '))"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_example_report_fits_and_shows_the_run(browser, example_run, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((example_run / "report.html").as_uri())
    page.screenshot(path=str(example_run / f"report-{width}.png"), full_page=True)
    assert page.evaluate(_OVERFLOWING_TILES) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.inner_text(".badge") == "complete"
    # The first report shows something: several sites, learned templates, rejects with reasons.
    text = page.inner_text("main")
    for needle in ("wadi-news.com", "madina-today.net", "sahil-post.com", "Per-site templates", "rejected · bad-json",
                   "rejected · no-article", "site-template"):
        assert needle in text, needle
    page.close()


def test_a_report_with_errors_shows_a_warning_and_the_errors(browser, tmp_path):
    import gzip

    from test_run_support import write_jsonl

    (tmp_path / "in").mkdir()
    good = write_jsonl(tmp_path / "in" / "ok.jsonl", [{"id": "1", "text": "x"}])
    data = gzip.compress(b"".join(b'{"id": "%d", "text": "a page"}\n' % i for i in range(200)))
    (tmp_path / "in" / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    out = tmp_path / "out"
    assert main("run", str(good.parent), "--out", str(out), "--no-progress", "-j", "1", "--sites", "none") == 1
    for width in (1280, 390):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto((out / "report.html").as_uri())
        page.screenshot(path=str(out / f"report-{width}.png"), full_page=True)
        badge = page.locator(".badge")
        assert "error" in badge.inner_text() and "warning" in badge.get_attribute("class")
        color = page.evaluate("getComputedStyle(document.querySelector('.badge')).backgroundColor")
        assert color != page.evaluate("getComputedStyle(document.querySelector('.card.ok')).borderTopColor")  # not green
        rows = page.locator("section.errors tbody tr")
        assert rows.count() == 1 and "cut.jsonl.gz" in rows.first.inner_text() and "truncated" in rows.first.inner_text()
        assert page.evaluate(_OVERFLOWING_TILES) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_tiles_fit_a_large_run(browser, tmp_path, width):
    # Billions of characters and hundreds of millions of pages: the numbers a real crawl gives.
    from test_report import sample_stats

    from ghirbal.report import render

    stats = sample_stats()
    stats["pages"] = {"read": 912_345_678, "written": 612_345_678, "rejected": 290_000_000, "errored": 10_000_000}
    stats["totals"].update(chars_in=9_876_543_210_123, chars_out=1_234_567_890_123)
    stats["lines_dropped"] = {"menu": 50_000_000_000, "blank": 30_000_000_000}
    stats["run"].update(wall_seconds=987_654.0, cpu_seconds=9_876_543.0, learn_seconds=12_345.0, pages_per_second=123_456.7)
    path = tmp_path / "report.html"
    path.write_text(render(stats), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    page.screenshot(path=str(tmp_path / f"large-{width}.png"), full_page=True)
    assert page.evaluate(_OVERFLOWING_TILES) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
