"""What the server holds: the one read-write handle on the store, a reading view per
request, and one ingest at a time.

DuckDB lets one process open a database file for writing. The server is that process:
requests read through cursors of its connection (MVCC: a reader sees what was committed
when it began, never a half-stored article) while ingests write through the main
connection, one at a time. Another process cannot open the file meanwhile, so
``newsgraph ingest`` hands its articles to the running server instead (see
``serve_file``).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO

from newsgraph.api import IngestReport, Newsgraph
from newsgraph.errors import InputError
from newsgraph.query import merged_query
from newsgraph.serve.guard import FormTokens, host_names
from newsgraph.serve.listing import MergedListing
from newsgraph.settings import Settings

log = logging.getLogger(__name__)


def serve_file(db: Path | str) -> Path:
    """Where a running server announces itself, next to the store."""
    return Path(f"{db}.serve.json")


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in os.environ.get(name, "").split(",") if x.strip())


# The longest text the interactive extraction takes (~6 s of the pipeline on a laptop):
# longer articles go through ingest, in pieces, without holding up other requests.
EXTRACT_MAX_CHARS = 100_000


class ServerState:
    def __init__(self, settings: Settings, token: str | None, loopback: bool,
                 extraction_process: bool = False, *, host: str | None = None,
                 allowed_hosts: tuple[str, ...] | None = None,
                 allow_private_fetch: bool | None = None) -> None:
        """``extraction_process``: parse in a worker process (what ``newsgraph serve``
        does) so that an ingest does not hold up the request threads. ``host``: the
        address the server listens on (default: 127.0.0.1 on loopback, else all);
        ``allowed_hosts``: other names it answers to (default $NEWSGRAPH_ALLOWED_HOSTS).
        URLs given to the server are fetched only from public addresses unless
        ``allow_private_fetch`` (default $NEWSGRAPH_ALLOW_PRIVATE_FETCH)."""
        if allow_private_fetch is None:
            allow_private_fetch = env_flag("NEWSGRAPH_ALLOW_PRIVATE_FETCH")
        settings = replace(settings, public_fetch_only=not allow_private_fetch)
        self.settings = settings
        self.token = token or None
        self.loopback = loopback
        self.host = host or ("127.0.0.1" if loopback else "0.0.0.0")
        if allowed_hosts is None:
            allowed_hosts = env_list("NEWSGRAPH_ALLOWED_HOSTS")
        self.host_names = host_names(self.host, allowed_hosts)
        self.forms = FormTokens()
        self._process = None
        if extraction_process:
            from newsgraph.extraction.process import ExtractionProcess
            self._process = ExtractionProcess(settings)
        self.ng = Newsgraph(settings, extractor=self._process)
        self._write = threading.Lock()
        self._announced: Path | None = None
        self.listing = MergedListing()
        # actor filter -> ids, until an ingest adds actors
        self._actor_ids: dict[str, list[str]] = {}
        self._n_actors = -1
        self._loader: threading.Thread | None = None

    def start(self) -> threading.Thread:
        """Link what an older version stored unlinked, then fill the listing; requests
        are answered by the store meanwhile."""
        def run() -> None:
            with self._write:  # no ingest may refresh the listing before it is filled
                try:
                    self.ng.link_pending()
                    with self.reader() as ng:
                        self.listing.load(ng.store.linked.merged_rows())
                except Exception as exc:  # the store answers instead; /api/status says why
                    log.exception("loading the event listing failed")
                    self.listing.error = f"{type(exc).__name__}: {exc}"
        self._loader = threading.Thread(target=run, name="listing", daemon=True)
        self._loader.start()
        return self._loader

    @contextmanager
    def reader(self) -> Iterator[Newsgraph]:
        view = self.ng.view()
        try:
            yield view
        finally:
            view.store.con.close()

    def ingest(self, inputs: list[str], stdin: IO[str] | None = None) -> IngestReport:
        written: list[str] = []  # stored or copied, known as each commits

        def note(kind: str, item) -> None:
            if kind == "stored":
                written.append(item.article.id)
            elif kind == "copy":
                written.append(item.id)
        with self._write:
            try:
                return self.ng.ingest(inputs, stdin=stdin, progress=note)
            finally:  # what was committed is listed, even when a later batch failed
                self._refresh(written)

    def _refresh(self, articles: list[str]) -> None:
        linked = self.ng.store.linked
        self.listing.update(linked.merged_rows(linked.merged_ids_of(articles)))
        n_actors = self.ng.store.con.execute("SELECT count(*) FROM actors").fetchone()[0]
        if n_actors != self._n_actors:  # new actors may match a remembered filter
            self._actor_ids.clear()
            self._n_actors = n_actors

    def listing_page(self, filters: dict) -> tuple[list[bytes], int] | None:
        """A page from the in-memory listing, or None when the store must answer: the
        listing is loading, a filter is one it does not hold, or an actor filter has not
        been resolved against the store since the last ingest."""
        if not self.listing.ready:
            return None
        try:
            f = merged_query(ActorLookup(None, self._actor_ids), **filters)
        except _NotRemembered:
            return None
        return self.listing.page(f)

    def actor_lookup(self, store) -> ActorLookup:
        """``store``'s actor matching, remembered until an ingest adds actors."""
        return ActorLookup(store, self._actor_ids)

    def extract(self, text: str, published: str | None):
        """Extraction without storing (the /extract page), of a text of at most
        EXTRACT_MAX_CHARS: it holds the pipeline, and an ingest waits for it."""
        from newsgraph.api import metadata
        from newsgraph.ingest.article import make_article
        if len(text) > EXTRACT_MAX_CHARS:
            raise InputError(f"a pasted text is extracted up to {EXTRACT_MAX_CHARS:,} "
                             "characters; ingest longer articles")
        art = make_article(text, "pasted text", metadata(published=published))
        with self._write:  # the pipeline is not shared between threads
            return self.ng.extractor.extract(art)

    @property
    def ingest_allowed(self) -> bool:
        """Writing needs a token, except on a loopback-only server with none set."""
        return self.token is not None or self.loopback

    def announce(self, url: str) -> None:
        path = serve_file(self.settings.db)
        path.write_text(json.dumps({"url": url, "pid": os.getpid(),
                                    "token": bool(self.token)}))
        self._announced = path

    def close(self) -> None:
        if self._announced is not None:
            self._announced.unlink(missing_ok=True)
        if self._loader is not None:
            self._loader.join(timeout=60)
        with self._write:  # no ingest is writing when the connection closes
            if self._process is not None:
                self._process.close()
            self.ng.close()


MEMORY = 10_000  # actor filters remembered at most


class ActorLookup:
    """What the query layer needs to resolve an actor filter, with a memory."""

    def __init__(self, store, memory: dict[str, list[str]]) -> None:
        self.store = store
        self.memory = memory

    def actor_ids_matching(self, text: str) -> list[str]:
        if text not in self.memory:
            if self.store is None:
                raise _NotRemembered(text)
            if len(self.memory) >= MEMORY:
                self.memory.clear()
            self.memory[text] = self.store.actor_ids_matching(text)
        return self.memory[text]


class _NotRemembered(LookupError):
    pass
