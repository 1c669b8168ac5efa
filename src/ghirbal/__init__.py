"""ghirbal (غربال, "sieve"): crawled Arabic web pages in, clean structured articles out.

    >>> import ghirbal
    >>> article = ghirbal.clean(page_text, url="https://www.example.com/news/1")
    >>> article.title, article.published, article.body
"""

from __future__ import annotations

from ghirbal.extract import clean
from ghirbal.model import Article, Line, Related

__all__ = ["clean", "Article", "Line", "Related", "__version__"]
__version__ = "0.1.0"
