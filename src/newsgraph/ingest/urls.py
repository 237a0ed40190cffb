"""Which strings are URLs: only absolute http(s) URLs are stored as an article's URL.

A URL from an input (a JSON line, a page's metadata, a feed entry's link, ``--url``) ends
up in a link on the article page; ``javascript:``, ``data:``, ``vbscript:`` and the like
would run there. Browsers drop leading and trailing spaces and control characters and
ignore tabs and line breaks inside a URL, and schemes are case-insensitive, so the test
is made on what a browser would see.
"""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL_CHARS = 8192
_SCHEMES = ("http", "https")
_EDGE = "".join(chr(c) for c in range(0x21))  # what browsers strip: C0 controls, space


def http_url(value: object) -> str | None:
    """``value`` (without surrounding spaces) if it is an absolute http(s) URL with a
    host, else None. A URL with spaces or control characters inside is refused rather
    than repaired."""
    if not isinstance(value, str):
        return None
    url = value.strip(_EDGE)
    if not url or len(url) > MAX_URL_CHARS:
        return None
    if any(ord(c) < 0x21 or 0x7F <= ord(c) <= 0x9F for c in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if parts.scheme.lower() not in _SCHEMES or not host:
        return None
    return url
