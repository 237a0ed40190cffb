"""What the server refuses, before any route runs (see docs/security.md).

- ``SecurityHeaders``: a strict Content-Security-Policy and companions on every response,
  errors included: scripts, styles and images only from the server itself, no inline
  script, no plugins, no framing, no ``<base>``.
- ``RequestGuard``: a ``Host`` that is not one of the server's own names is refused (a
  page on another site cannot reach the server by DNS rebinding); a state-changing
  request (POST, PUT, PATCH, DELETE) from a page of another origin is refused (``Origin``,
  ``Sec-Fetch-Site``); and the JSON API takes only JSON or JSON Lines bodies, which a
  page of another site cannot send without the server's consent (a CORS preflight this
  server never grants).
- ``FormTokens``: the anti-forgery token of the HTML forms that change the store.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
import secrets
import socket
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
JSON_TYPES = frozenset({"application/json", "application/x-ndjson", "application/ndjson",
                        "application/jsonl", "application/x-jsonlines"})
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})

# 'unsafe-inline' styles: plotly.js writes its chart styles into <style> elements and
# style attributes at run time (no nonce support); inline CSS cannot run script, and
# every text from an article is escaped, so no one else's markup reaches a page.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on
    # our own form posts, which the request guard refuses
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Plain ASGI around the whole app: the headers go on every response, a route's own
    Content-Security-Policy (the API docs pages) taking precedence."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _v in headers}
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [(k, v) for k, v in HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)
        await self.app(scope, receive, with_headers)


def docs_policy(html: str) -> str:
    """The policy of a third-party API docs page (Swagger UI, ReDoc from their CDN):
    their CDN, and their inline script by its hash only. These pages show our own
    OpenAPI schema, never an article."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S))
    return ("default-src 'self'; "
            f"script-src 'self' https://cdn.jsdelivr.net {hashes}; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net "
            "https://fonts.googleapis.com; font-src 'self' data: https://fonts.gstatic.com; "
            "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
            "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


# ---- hosts ---------------------------------------------------------------------------

def host_names(bind: str, extra: Iterable[str] = ()) -> tuple[frozenset[str], bool]:
    """The names a request's Host may carry for a server bound to ``bind``, and whether
    any IP address is one (bound to all interfaces: an address typed by a user is never
    a DNS-rebinding name)."""
    bind = bind.strip("[]").lower()
    names = set(LOOPBACK_NAMES) | {bind} | {e.strip().strip("[]").lower().rstrip(".")
                                            for e in extra if e.strip()}
    wildcard = bind in WILDCARDS
    if wildcard:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    names.discard("")
    return frozenset(names), wildcard


def split_host(value: str) -> str | None:
    """The host name of a Host header (``name``, ``name:port``, ``[v6]:port``), or None
    when it is malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0 or (value[end + 1:] and not re.fullmatch(r":\d{1,5}", value[end + 1:])):
            return None
        return value[1:end]
    name, _, port = value.partition(":")
    if port and not port.isdigit():
        return None
    if not name or not re.fullmatch(r"[a-z0-9.\-_]+", name):
        return None
    return name.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class RequestGuard:
    """Plain ASGI: refuse foreign hosts, cross-origin writes and non-JSON API bodies."""

    def __init__(self, app, state) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refusal = self.refusal(scope)
        if refusal is not None:
            status, message = refusal
            return await JSONResponse({"error": message}, status_code=status)(
                scope, receive, send)
        return await self.app(scope, receive, send)

    def refusal(self, scope) -> tuple[int, str] | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope["headers"]}
        host = headers.get("host")
        if host is not None:
            name = split_host(host)
            names, any_ip = self.state.host_names
            if name is None or not (name in names or (any_ip and _is_ip(name))):
                return 403, (f"unknown host {host!r}: this server answers to "
                             f"{', '.join(sorted(names))}; add a name with "
                             "`newsgraph serve --allow-host NAME` (NEWSGRAPH_ALLOWED_HOSTS)")
        if scope["method"] in SAFE_METHODS:
            return None
        origin = headers.get("origin")
        if origin is not None:
            parts = urlsplit(origin.strip())
            if (origin.strip() == "null" or parts.scheme not in ("http", "https")
                    or host is None or parts.netloc.lower() != host.strip().lower()):
                return 403, (f"cross-origin request refused: a page of {origin!r} may not "
                             "write to this server")
        if headers.get("sec-fetch-site", "").lower() == "cross-site":
            return 403, "cross-site request refused"
        if scope["path"].startswith("/api/"):
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if kind not in JSON_TYPES:
                return 415, (f"unsupported content type {kind or '(none)'!r}: send "
                             "application/json, or JSON Lines as application/x-ndjson")
        return None


# ---- forms ---------------------------------------------------------------------------

class FormTokens:
    """Anti-forgery tokens for the HTML forms: ``<issued>.<HMAC(secret, issued)>`` with
    a secret made for this process, valid for ``ttl`` seconds. A page of another site
    cannot read one (same-origin policy), so it cannot submit our forms."""

    def __init__(self, ttl: float = 24 * 3600) -> None:
        self._secret = secrets.token_bytes(32)
        self.ttl = ttl

    def _mac(self, issued: str) -> str:
        return hmac.new(self._secret, b"form:" + issued.encode(), hashlib.sha256).hexdigest()

    def issue(self) -> str:
        issued = str(int(time.time()))
        return f"{issued}.{self._mac(issued)}"

    def valid(self, token: str | None) -> bool:
        issued, _, mac = (token or "").partition(".")
        if not (issued.isascii() and issued.isdigit() and len(issued) < 20 and mac.isascii()) \
                or not hmac.compare_digest(mac, self._mac(issued)):
            return False
        age = time.time() - int(issued)
        return -60 <= age <= self.ttl
