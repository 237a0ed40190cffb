"""Work with a running server: while ``newsgraph serve`` holds the store, no other
process can open it, so ``newsgraph ingest`` reads its inputs itself and posts the
articles to the server's ``/api/ingest``, and the query commands read through its API
(``RemoteReader``: the listing methods of ``Newsgraph`` over HTTP)."""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path

from newsgraph.api import IngestReport
from newsgraph.errors import StoreError
from newsgraph.ingest.article import Metadata
from newsgraph.ingest.readers import read_inputs
from newsgraph.model import Article, Rejected
from newsgraph.serve.state import serve_file
from newsgraph.settings import Settings

BATCH_BYTES = 1_000_000  # per request, well under the server's body limit


def running_server(db: Path | str) -> dict | None:
    """The server announced next to the store, if its process is alive."""
    path = serve_file(db)
    try:
        info = json.loads(path.read_text())
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info


def forward_ingest(server: dict, inputs: Iterable[str], meta: Metadata, settings: Settings,
                   token: str | None = None, stdin=None) -> IngestReport:
    report = IngestReport()
    batch: list[Article] = []
    size = 0
    for item in read_inputs(inputs, meta, settings, stdin=stdin):
        if isinstance(item, Rejected):
            report.rejected.append(item)
            continue
        line = json.dumps({"id": item.input_id, "text": item.text, "title": item.title,
                           "url": item.url, "source": item.source,
                           "published": item.published}, ensure_ascii=False)
        if batch and size + len(line) > BATCH_BYTES:
            _post(server, batch, report, token)
            batch, size = [], 0
        batch.append(item)
        size += len(line.encode()) + 1
    if batch:
        _post(server, batch, report, token)
    return report


def _post(server: dict, batch: list[Article], report: IngestReport, token: str | None) -> None:
    body = "\n".join(json.dumps({"id": a.input_id, "text": a.text, "title": a.title,
                                 "url": a.url, "source": a.source, "published": a.published},
                                ensure_ascii=False) for a in batch).encode()
    headers = {"Content-Type": "application/x-ndjson"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(server["url"].rstrip("/") + "/api/ingest", data=body,
                                 headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=600) as resp:
            out = json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        try:
            reason = json.loads(exc.read()).get("error", exc.reason)
        except ValueError:
            reason = exc.reason
        raise StoreError(f"the store is held by newsgraph serve at {server['url']}, which "
                         f"refused the ingest: {reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise StoreError(f"the store is held by newsgraph serve at {server['url']}, which "
                         f"cannot be reached: {exc}") from exc
    by_id = {a.id: a.origin for a in batch}
    report.stored += out["stored"]
    report.copies += [(by_id.get(aid, aid), aid) for aid in out["copies"]]
    report.already += [(by_id.get(aid, aid), aid) for aid in out["already"]]
    for r in out["rejected"]:
        # the server names items "<stdin>:N", N counting the lines we sent
        m = re.search(r":(\d+)$", r["item"])
        n = int(m.group(1)) - 1 if m else -1
        origin = batch[n].origin if 0 <= n < len(batch) else r["item"]
        report.rejected.append(Rejected(origin, r["reason"]))


PAGE = 1000  # the API's largest page


class RemoteReader:
    """The reading methods of ``Newsgraph`` the CLI uses, answered by a running server."""

    def __init__(self, server: dict) -> None:
        self.url = server["url"].rstrip("/")

    def __enter__(self) -> RemoteReader:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def events(self, **filters) -> list[dict]:
        return self._all("/api/events", {**filters, "merged": "false"})

    def merged_events(self, **filters) -> list[dict]:
        return self._all("/api/events", filters)

    def statements(self, **filters) -> list[dict]:
        return self._all("/api/statements", filters)

    def stories(self, **filters) -> list[dict]:
        return self._all("/api/stories", filters)

    def story(self, story_id: str) -> dict | None:
        return self._get(f"/api/stories/{urllib.parse.quote(story_id, safe='')}", {})

    def unlinked(self) -> int:
        return 0  # the server links every article it stores

    def _all(self, path: str, filters: dict) -> list[dict]:
        """Every page up to ``limit`` (all when None), from ``offset``."""
        limit, offset = filters.pop("limit", None), filters.pop("offset", 0) or 0
        out: list[dict] = []
        while limit is None or len(out) < limit:
            size = PAGE if limit is None else min(PAGE, limit - len(out))
            page = self._get(path, {**filters, "limit": size, "offset": offset + len(out)})
            out += page["items"]
            if len(page["items"]) < size:
                break
        return out

    def _get(self, path: str, params: dict):
        query = urllib.parse.urlencode(
            [(k, v) for k, vs in params.items() if vs not in (None, (), [], "")
             for v in (vs if isinstance(vs, list | tuple) else [vs])])
        try:
            with urllib.request.urlopen(f"{self.url}{path}?{query}", timeout=120) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            try:
                reason = json.loads(exc.read()).get("error", exc.reason)
            except ValueError:
                reason = exc.reason
            raise StoreError(f"newsgraph serve at {self.url} refused the query: {reason}"
                             ) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"the store is held by newsgraph serve at {self.url}, which "
                             f"cannot be reached: {exc}") from exc
