"""Builds a process's lazy caches before it forks workers.

ghirbal compiles its lexicons, date patterns, folding tables and models on first use: about a second of
CPU in every fresh process. The local executor's forkserver imports this module (`local._context`), so
the workers it forks for each pass start with all of it built and shared copy-on-write, instead of
building it again per worker and per pass. Importing this module does the warming, once per process."""

from __future__ import annotations

import gc
from collections import Counter

_AR_TEXT = """الرئيسية
أخبار
السبت، 14 أيار / مايو 2025 - 15:16 GMT
افتتاح مشروع جديد للطاقة الشمسية في المدينة
القاهرة - أحمد علي
افتتح وزير الكهرباء يوم السبت مشروعاً جديداً للطاقة الشمسية، وقال إن المشروع سيوفر الكهرباء لآلاف المنازل.
وأضاف الوزير في كلمته أن الحكومة تعمل على زيادة حصة الطاقة المتجددة خلال السنوات المقبلة.
اقرأ أيضاً
جميع الحقوق محفوظة © 2025"""

_EN_TEXT = """Home
News
Posted on March 3, 2025 by Jane Smith
City opens a new solar power plant
The mayor opened the plant on Saturday, saying it would supply power to thousands of homes.
Officials said the city plans to add more renewable energy over the coming years.
Related stories
Copyright 2025"""

_HTML = ("<!doctype html><html><head><title>City opens a new solar plant | Example News</title>"
         '<meta property="article:published_time" content="2025-03-03T10:00:00Z"></head><body>'
         '<nav><a href="/">Home</a><a href="/news">News</a></nav><article><h1>City opens a new solar plant</h1>'
         "<p>The mayor opened the plant on Saturday, saying it would supply power to thousands of homes.</p>"
         "<p>Officials said the city plans to add more renewable energy over the coming years.</p></article>"
         "<footer>Copyright 2025</footer></body></html>")


def warm() -> None:
    """Clean a small Arabic, English and HTML page, pass them through every record step and sign them
    for dedup."""
    try:
        import ghirbal
        from ghirbal import steps
        from ghirbal.config import default
        from ghirbal.dedup.signature import DedupParams
        from ghirbal.dedup.sink import signature_table

        articles = [ghirbal.clean(_AR_TEXT, url="https://www.example.com/ar/1"),
                    ghirbal.clean(_EN_TEXT, url="https://www.example.com/en/1"),
                    ghirbal.clean(_HTML.encode(), url="https://www.example.com/en/2", kind="html")]
        built = steps.build((("langid", "tag"), ("quality", "tag"), ("pii", "tag")), default())
        for article in articles:
            record = article.to_dict()
            for step in built:
                step.process(record, article, Counter())
        # The dedup signatures a cleaning worker computes for its unit (Arrow conversions load their
        # helpers on first use).
        rows = [{"gid": i, "unit": "warm", "offset": i, "id": str(i), "published": None, "site": "example.com"}
                for i in range(len(articles))]
        signature_table(rows, [a.body for a in articles], DedupParams.from_config(mode="near"))
    except Exception:  # noqa: BLE001 - warming is an optimization: a failure here must never stop a run
        pass


warm()
# What the workers inherit is long-lived: out of the cycle collector's generations, its passes in the
# workers neither walk it nor write to its pages (which would copy them, page by page, into each worker).
gc.freeze()
