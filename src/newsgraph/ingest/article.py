"""Building an Article from extracted text and metadata."""

from __future__ import annotations

from dataclasses import dataclass

from newsgraph.errors import InputError
from newsgraph.ingest.normalize import normalize_text
from newsgraph.ingest.urls import http_url
from newsgraph.model import Article


@dataclass(frozen=True)
class Metadata:
    """Values given by the user for items whose input has none."""

    published: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None


def make_article(text: str, origin: str, meta: Metadata, *, input_id: str | None = None,
                 url: str | None = None, source: str | None = None, title: str | None = None,
                 published: str | None = None) -> Article:
    """Normalise ``text`` and fill metadata: the input's own values first, then ``meta``.
    Only an http(s) URL is kept as the URL (see ingest/urls.py); any other is dropped."""
    norm = normalize_text(text)
    if not norm:
        raise InputError("empty: no text after normalisation")
    return Article(
        text=norm, input_id=input_id, origin=origin,
        url=http_url(url) or http_url(meta.url), source=source or meta.source,
        title=normalize_text(title) if title else meta.title or headline(norm),
        published=published or meta.published,
    )


HEADLINE_CHARS = 160
HEADLINE_WORDS = 20
_SMALL = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by",
          "with", "from", "as", "is", "are", "vs", "after", "over", "into"}


def headline(text: str) -> str | None:
    """The first line of a text when it reads as a headline: a line of its own, short,
    and either without a sentence's final stop or written in title case ("Senate Passes
    Budget Bill."). Plain-text and JSON Lines articles often start so."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first or len(first) > HEADLINE_CHARS:
        return None
    words = first.split()
    if len(words) > HEADLINE_WORDS:
        return None
    if not first.endswith((".", "!", "?", ":", ";", ",")):
        return first
    content = [w for w in words if w.lower().strip("\"'“”‘’") not in _SMALL]
    capital = sum(w.lstrip("\"'“”‘’(")[:1].isupper() for w in content)
    return first if content and capital / len(content) >= 0.8 else None

