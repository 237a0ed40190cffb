"""HTML pages -> Article: main text and metadata (title, date, URL, site) by trafilatura."""

from __future__ import annotations

import trafilatura

from newsgraph.errors import InputError
from newsgraph.ingest.article import Metadata, make_article
from newsgraph.ingest.dates import parse_published

_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<p>", b"<div")


def looks_like_html(head: bytes) -> bool:
    return any(m in head for m in _HTML_MARKERS)


def fragment_text(html: str) -> str:
    """Text of an HTML fragment (a feed entry's content), paragraphs kept as lines."""
    page = f"<html><body>{html}</body></html>"
    return trafilatura.extract(page, favor_recall=True, include_comments=False) or \
        trafilatura.html2txt(page) or ""


def read_html(html: str, origin: str, meta: Metadata):
    """The page's main text; the page's own metadata wins over ``meta`` defaults."""
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        url=meta.url, favor_precision=True,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        # Short pages (a few paragraphs) fall below trafilatura's thresholds; take the
        # plain text of the body rather than lose the article.
        text = fragment_text(html)
    if not text or not text.strip():
        raise InputError("no main text found in the HTML page")
    published = None
    date = getattr(doc, "date", None) if doc is not None else None
    if date:
        try:
            published = parse_published(date)
        except InputError:
            published = None
        if published and _year_only_guess(published, html):
            # htmldate gives January 1 when it found only a year (an invalid date such
            # as "2025-13-45" in the page's metadata): no day to date the article by
            published = None
    source = None
    if doc is not None:
        source = getattr(doc, "sitename", None) or getattr(doc, "hostname", None)
    return make_article(
        text, origin, meta,
        url=getattr(doc, "url", None) if doc is not None else None,
        source=source, title=getattr(doc, "title", None) if doc is not None else None,
        published=published,
    )


def _year_only_guess(day: str, html: str) -> bool:
    """True for January 1 that the page does not write as a day of its own."""
    if not day.endswith("-01-01"):
        return False
    year = day[:4]
    forms = (day, f"{year}/01/01", f"01/01/{year}", f"1/1/{year}", f"January 1, {year}",
             f"1 January {year}", f"Jan 1, {year}", f"Jan. 1, {year}", f"{year}0101")
    return not any(f in html for f in forms)
