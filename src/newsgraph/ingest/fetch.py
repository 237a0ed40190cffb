"""http(s) fetching with a timeout and a size limit (standard library only).

With ``settings.public_fetch_only`` (what the server sets for URLs it is sent) a fetch
reaches public addresses only: every address a host name resolves to is checked, on the
connection itself (so a name cannot resolve to a public address for the check and to a
private one for the connection) and again for each redirect; redirects go to http(s)
only, always.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from newsgraph import __version__
from newsgraph.errors import InputError

USER_AGENT = f"newsgraph/{__version__} (+https://github.com/newsgraph)"
ALLOW_HINT = ("the server fetches public addresses only; `newsgraph serve "
              "--allow-private-fetch` or NEWSGRAPH_ALLOW_PRIVATE_FETCH=1 allows others")


def fetch(url: str, settings) -> tuple[bytes, str, str | None, str]:
    """(body, content type, charset, final URL). Errors say why, in words a user can act on."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    guarded = bool(getattr(settings, "public_fetch_only", False))
    if guarded:
        check_public_host(urlsplit(url).hostname or "")
    try:
        with _opener(guarded).open(req, timeout=settings.fetch_timeout) as resp:
            body = _read_body(resp, settings)
            ctype = resp.headers.get_content_type() or ""
            charset = resp.headers.get_content_charset()
            return body, ctype, charset, resp.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(f"could not fetch: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, InputError):
            raise reason from exc
        if isinstance(reason, socket.gaierror):
            raise InputError("could not fetch: host not found (offline or no DNS?)") from exc
        if isinstance(reason, TimeoutError):
            raise InputError(_timed_out(settings)) from exc
        raise InputError(f"could not fetch: {reason} (offline?)") from exc
    except TimeoutError as exc:
        raise InputError(_timed_out(settings)) from exc
    except OSError as exc:
        raise InputError(f"could not fetch: {exc} (offline?)") from exc


def _read_body(resp, settings) -> bytes:
    """The whole body, within the byte limit and the total time: the socket's timeout
    bounds each read, not a server that sends a byte every few seconds. A body shorter
    than its announced Content-Length is an error, never a truncated article."""
    deadline = time.monotonic() + settings.fetch_total
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise InputError(f"could not fetch: the answer took longer than "
                             f"{settings.fetch_total:g}s")
        chunk = resp.read1(65536)
        if not chunk:
            break
        size += len(chunk)
        if size > settings.max_bytes:
            raise InputError(f"over the size limit ({settings.max_bytes:,} bytes)")
        chunks.append(chunk)
    body = b"".join(chunks)
    announced = resp.headers.get("Content-Length")
    if announced and announced.isdigit() and int(announced) > len(body):
        raise InputError(f"could not fetch: the answer ended after {len(body):,} of "
                         f"{int(announced):,} bytes")
    return body


def _timed_out(settings) -> str:
    return f"could not fetch: timed out after {settings.fetch_timeout:g}s"


# ---- public addresses only ---------------------------------------------------------------

def non_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of non-public address ``ip`` is (also through an IPv4 address carried
    in IPv6: mapped, 6to4, Teredo), or None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in (ip.ipv4_mapped, ip.sixtofour, ip.teredo and ip.teredo[1]):
            if inner is not None:
                kind = non_public(inner)
                if kind:
                    return kind
    for kind in ("unspecified", "loopback", "link_local", "multicast", "private",
                 "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "non-public"
    return None


def check_public_host(host: str, port: int = 0) -> list[tuple]:
    """Resolve ``host``; refuse it (InputError) unless every address is public. Returns
    getaddrinfo's entries, to connect to exactly what was checked."""
    if not host:
        raise InputError("could not fetch: the URL has no host")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError("could not fetch: host not found (offline or no DNS?)") from exc
    for *_rest, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        kind = non_public(ip)
        if kind:
            article = "an" if kind[0] in "aeiou" else "a"
            raise InputError(f"refused: {host} is {article} {kind} address ({ip}); "
                             f"{ALLOW_HINT}")
    return infos


def _proxy_hosts() -> set[str]:
    """Hosts of the proxies configured in the environment: connections to them are the
    operator's choice (the URL's own host is checked before the request)."""
    return {urlsplit(p if "://" in p else f"http://{p}").hostname or ""
            for p in urllib.request.getproxies().values()}


def _connect_public(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """socket.create_connection to checked addresses only."""
    host, port = address
    if host in _proxy_hosts():
        return socket.create_connection(address, timeout, source_address)
    error: OSError | None = None
    for family, kind, proto, _name, sockaddr in check_public_host(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            error = exc
            sock.close()
    raise error or OSError(f"could not connect to {host}")


class _PublicHTTP(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public


class _PublicHTTPS(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTP, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PublicHTTPS, req, context=self._context)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects to http(s) only; when guarded, to public hosts only."""

    def __init__(self, guarded: bool) -> None:
        self.guarded = guarded

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urlsplit(newurl)
        if target.scheme.lower() not in ("http", "https"):
            raise InputError(f"could not fetch: redirected to a {target.scheme}: URL")
        if self.guarded:
            check_public_host(target.hostname or "")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(guarded: bool) -> urllib.request.OpenerDirector:
    handlers: list = [_Redirects(guarded)]
    if guarded:
        handlers += [_PublicHTTPHandler(), _PublicHTTPSHandler()]
    return urllib.request.build_opener(*handlers)
