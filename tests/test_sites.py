"""Per-site boilerplate learning: templates found across pages, the story kept whole."""

from __future__ import annotations

import random

import pyarrow.parquet as pq
import pytest

import ghirbal
from ghirbal.cli import main
from ghirbal.sites import SiteLearner, SiteModels, learn_from_docs, site_of

WORDS = ("الحكومة الوزير المشروع الاقتصاد المدينة المواطنين الاجتماع القرار البرلمان الشركة المستشفى المدرسة "
         "الطريق المياه الكهرباء الموازنة اللجنة المحكمة الشرطة الجامعة السوق الأسعار المعرض الملعب").split()
SIGN_OFF = "وكانت وكالة الأنباء الرسمية قد نقلت عن مصادر مطلعة أن المفاوضات ستستأنف الأسبوع المقبل في العاصمة."
RULES = ("يرجى الالتزام بقواعد النشر وعدم الإساءة إلى الآخرين، ونحتفظ بحق حذف أي مشاركة تخالف هذه القواعد "
         "دون إشعار مسبق لصاحبها.")


def paragraph(rng: random.Random, n: int = 22) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return "قال " + " ".join(words[: n // 2]) + "، و" + " ".join(words[n // 2:]) + "."


def page(rng: random.Random, i: int, sign_off: bool = True) -> str:
    story = [paragraph(rng) for _ in range(5)]
    if sign_off:
        story.insert(2, SIGN_OFF)  # the same sentence inside every story of the site
    title = f"الوزير يفتتح المشروع رقم {i} في {rng.choice(WORDS)} {rng.choice(WORDS)}"
    chrome_top = ["الرئيسية", "أخبار", "اقتصاد", "رياضة", title, "كتب محمد علي"]
    chrome_bottom = ["", "أضف تعليق", RULES, "جميع الحقوق محفوظة © 2024", f"الأكثر قراءة {i % 3}"]
    return "\n".join(chrome_top + [""] + [p for s in story for p in (s, "")] + chrome_bottom)


@pytest.fixture(scope="module")
def site_docs():
    rng = random.Random(7)
    return [{"text": page(rng, i), "url": f"https://www.example-news.com/a/{i}", "story": i} for i in range(30)]


def test_learned_templates_drop_chrome_and_keep_story_whole(site_docs):
    models = learn_from_docs(site_docs)
    model = models.get("example-news.com")
    assert model is not None and model.pages == 30
    for d in site_docs[:5]:
        art = ghirbal.clean(d["text"], url=d["url"], site_model=models)
        # A sentence inside every story of the site is the site's chrome wherever it stands; it must not
        # split the story either: the five paragraphs around it stay.
        assert SIGN_OFF not in art.paragraphs
        assert len(art.paragraphs) == 5
        assert RULES not in art.paragraphs
        reasons = {ln.text: ln.reason for ln in art.lines if not ln.kept}
        assert reasons["الرئيسية"] == "site-template"
        assert reasons[RULES] == "site-template"
        assert reasons[SIGN_OFF] == "site-template"


def test_template_lines_are_listed_with_counts(site_docs):
    models = learn_from_docs(site_docs)
    rows = dict((text, count) for count, text in models.get("example-news.com").templates())
    assert rows["الرئيسية"] == 30
    assert rows[SIGN_OFF] == 30
    assert not any(text.startswith("قال ") for text in rows)  # story paragraphs vary: never templates


def test_small_sites_use_single_page_rules(site_docs):
    models = learn_from_docs(site_docs[:4])  # below sites.min_site_pages
    assert models.get("example-news.com") is None


def test_site_of_uses_registered_domain_offline():
    assert site_of("https://www.youm7.com/story/1") == "youm7.com"
    assert site_of("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert site_of("http://arabic.sputniknews.com/a") == "sputniknews.com"
    assert site_of(None) == "(no url)"


def test_model_files_and_synthetic_keys(tmp_path):
    learner = SiteLearner()
    for page_no in range(20):
        keys = {1: "chrome", 2: "chrome two", 100 + page_no: f"story {page_no}"}
        learner.add_keys("a.com" if page_no < 12 else "b.com", keys)
    models = learner.finish(tmp_path / "m")
    sites = {r["site"]: r["pages"] for r in pq.read_table(tmp_path / "m" / "sites.parquet").to_pylist()}
    assert sites == {"a.com": 12, "b.com": 8}
    assert models.get("a.com").counts == {1: 12, 2: 12}  # keys on one page only are not stored
    assert models.get("b.com") is None  # 8 pages < min_site_pages
    assert len(SiteModels.load(tmp_path / "m")) == 1


def test_sites_cli_learn_and_show(tmp_path, site_docs, capsys):
    import orjson

    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(orjson.dumps({"text": d["text"], "url": d["url"]}) + b"\n" for d in site_docs))
    assert main(["sites", "learn", str(src), "--out", str(tmp_path / "model")]) == 0
    assert main(["sites", "show", "example-news.com", "--model", str(tmp_path / "model")]) == 0
    out = capsys.readouterr().out
    assert "30 pages" in out and "الرئيسية" in out
    assert main(["sites", "show", "nope.com", "--model", str(tmp_path / "model")]) == 1
    assert main(["sites", "show", "--model", str(tmp_path / "missing")]) == 2


def test_one_site_read_from_a_model_of_many_row_groups(tmp_path):
    """A corpus run opens the model lazily and reads one site's rows (row-group statistics, then a
    binary search in the sorted file): the same counts as loading every site, for the first, last and
    middle sites, sites split across row groups, and none for a site between two others."""
    import pyarrow as pa

    from ghirbal.sites.model import _site_rows

    names = sorted(f"site{i:03d}.com" for i in range(40))
    rows = [(s, k, 10 + k % 5) for s in names for k in range(1, 1 + 1 + names.index(s) % 7)]
    table = pa.table({"site": [r[0] for r in rows], "key": [r[1] for r in rows], "pages": [r[2] for r in rows],
                      "text": [f"line {r[1]}" for r in rows]})
    folder = tmp_path / "m"
    folder.mkdir()
    pq.write_table(table, folder / "templates.parquet", row_group_size=9)  # sites straddle groups
    pq.write_table(pa.table({"site": names, "pages": [30] * len(names)}), folder / "sites.parquet")
    assert pq.ParquetFile(folder / "templates.parquet").metadata.num_row_groups > 10
    lazy, full = SiteModels.open(folder), SiteModels.load(folder)
    for name in names:
        want = {k: n for s, k, n in rows if s == name}
        assert lazy.get(name).counts == want == full.get(name).counts
    between = _site_rows(folder / "templates.parquet", "site010.comm", ["key"])
    assert between.num_rows == 0
    assert _site_rows(folder / "templates.parquet", "zzz", ["key"]).num_rows == 0
