"""HTML pages -> Article: main text and metadata (title, date, URL, site) by trafilatura."""

from __future__ import annotations

from html.parser import HTMLParser

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
    streamed, depth = stream_text(html)
    if depth > MAX_TREE_DEPTH and len(streamed) > len((text or "").strip()):
        # a tree too deep for lxml (thousands of nested divs) leaves trafilatura with
        # the title alone: the streaming parser has no depth limit
        text = streamed
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


# Elements whose text is no article text, and elements that end a line.
_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg", "nav", "footer"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
          "article", "blockquote", "pre", "td", "dd", "dt"}


# Deeper than this, lxml (and so trafilatura) gives up on a page.
MAX_TREE_DEPTH = 250
_VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed",
         "source", "track", "wbr"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.depth = self.max_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def stream_text(html: str) -> tuple[str, int]:
    """The visible text of a page by a streaming parser (no tree, so no depth limit),
    one line per block, and the page's greatest nesting depth."""
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # the stdlib parser is lenient; never let it lose the page
        return "", 0
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line), parser.max_depth
