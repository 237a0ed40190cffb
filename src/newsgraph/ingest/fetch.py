"""http(s) fetching with a timeout and a size limit (standard library only)."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

from newsgraph import __version__
from newsgraph.errors import InputError

USER_AGENT = f"newsgraph/{__version__} (+https://github.com/newsgraph)"


def fetch(url: str, settings) -> tuple[bytes, str, str | None, str]:
    """(body, content type, charset, final URL). Errors say why, in words a user can act on."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=settings.fetch_timeout) as resp:
            body = resp.read(settings.max_bytes + 1)
            if len(body) > settings.max_bytes:
                raise InputError(f"over the size limit ({settings.max_bytes:,} bytes)")
            ctype = resp.headers.get_content_type() or ""
            charset = resp.headers.get_content_charset()
            return body, ctype, charset, resp.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(f"could not fetch: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            raise InputError("could not fetch: host not found (offline or no DNS?)") from exc
        if isinstance(reason, TimeoutError):
            raise InputError(_timed_out(settings)) from exc
        raise InputError(f"could not fetch: {reason} (offline?)") from exc
    except TimeoutError as exc:
        raise InputError(_timed_out(settings)) from exc
    except OSError as exc:
        raise InputError(f"could not fetch: {exc} (offline?)") from exc


def _timed_out(settings) -> str:
    return f"could not fetch: timed out after {settings.fetch_timeout:g}s"
