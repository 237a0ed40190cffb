"""RSS/Atom feed files -> one Article per entry that carries content (feedparser)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from urllib.parse import urlparse

import feedparser

from newsgraph.errors import InputError
from newsgraph.ingest.article import make_article
from newsgraph.ingest.dates import parse_published
from newsgraph.ingest.html import fragment_text
from newsgraph.model import Rejected

_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")


def looks_like_feed(head: bytes) -> bool:
    return any(m in head for m in _FEED_MARKERS)


def _entry_text(entry) -> str:
    """The fullest content of an entry: content:encoded/atom content, else the summary."""
    parts = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    html = max(parts, key=len) if parts else entry.get("summary", "")
    if not html:
        return ""
    return fragment_text(html) if "<" in html else html


def read_feed(data: bytes, origin: str, meta, settings) -> Iterator:
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise InputError(f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
    if not parsed.entries:
        raise InputError("a feed with no entries (no <item> or <entry>)")
    channel = parsed.feed.get("title") or None
    for n, entry in enumerate(parsed.entries, 1):
        where = f"{origin}#{entry.get('id') or entry.get('link') or n}"
        text = _entry_text(entry)
        if not text.strip():
            yield Rejected(where, "feed entry has no content")
            continue
        if len(text.encode("utf-8")) > settings.max_bytes:
            yield Rejected(where, f"over the size limit ({settings.max_bytes:,} bytes)")
            continue
        try:
            published = _entry_date(entry)
        except InputError as exc:
            yield Rejected(where, str(exc))
            continue
        link = entry.get("link")
        source = channel or (urlparse(link).hostname if link else None)
        try:
            yield make_article(text, where, meta, input_id=entry.get("id"), url=link,
                               source=source, title=entry.get("title"), published=published)
        except InputError as exc:
            yield Rejected(where, str(exc))


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")


def _entry_date(entry) -> str | None:
    """The entry's date. feedparser rolls an impossible date over ("2025-13-45" becomes
    2026-02-14): an ISO day in the raw text that is no date is an error, not a date."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not raw:
            continue
        m = _ISO_DAY.search(raw)
        if m:
            try:
                dt.date(*map(int, m.groups()))
            except ValueError:
                raise InputError(f"invalid published date {raw!r}") from None
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return parse_published(parsed)
        return parse_published(raw)
    return None
