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
        title=normalize_text(title) if title else meta.title,
        published=published or meta.published,
    )
