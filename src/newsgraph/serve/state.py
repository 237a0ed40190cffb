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
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from newsgraph.api import IngestReport, Newsgraph
from newsgraph.settings import Settings


def serve_file(db: Path | str) -> Path:
    """Where a running server announces itself, next to the store."""
    return Path(f"{db}.serve.json")


class ServerState:
    def __init__(self, settings: Settings, token: str | None, loopback: bool) -> None:
        self.settings = settings
        self.token = token or None
        self.loopback = loopback
        self.ng = Newsgraph(settings)
        self._write = threading.Lock()
        self._announced: Path | None = None

    @contextmanager
    def reader(self) -> Iterator[Newsgraph]:
        view = self.ng.view()
        try:
            yield view
        finally:
            view.store.con.close()

    def ingest(self, inputs: list[str], stdin: IO[str] | None = None) -> IngestReport:
        with self._write:
            return self.ng.ingest(inputs, stdin=stdin)

    def extract(self, text: str, published: str | None):
        """Extraction without storing (the /extract page)."""
        from newsgraph.api import metadata
        from newsgraph.ingest.article import make_article
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
        self.ng.close()
