"""Extraction in a process of its own, for the server.

Parsing is CPU-bound Python that holds the interpreter lock for most of its time; run in
the server's process it would stall every request thread while an ingest runs. The
server therefore hands articles to one long-lived worker process (started with
``spawn``: forking a process that runs threads and holds a DuckDB connection is unsafe)
and stores and links what comes back itself.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newsgraph.errors import ExtractionProcessError
from newsgraph.model import Article, Record, Rejected
from newsgraph.settings import Settings

_ENGINE = None  # the worker's Extractor


class ExtractionProcess:
    """The Extractor interface (``extract``, ``extract_many``) served by one worker."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(1, mp_context=mp.get_context("spawn"),
                                   initializer=_load, initargs=(self.settings, os.getpid()))

    def extract(self, article: Article) -> Record:
        return self._call(_one, article)

    def extract_many(self, articles: Iterable[Article], n_items: int | None = None
                     ) -> Iterator[Record | Rejected]:
        """Records in input order. When the worker fails on a batch (it died, or an
        error escaped it) the batch is extracted again one article at a time, so only
        the article that fails is rejected."""
        batch = list(articles)
        if not batch:
            return iter([])
        try:
            return iter(self._call(_many, batch))
        except Exception as exc:
            if len(batch) == 1:
                return iter([_rejected(batch[0], exc)])
        out: list[Record | Rejected] = []
        for article in batch:
            try:
                out += self._call(_many, [article])
            except Exception as exc:
                out.append(_rejected(article, exc))
        return iter(out)

    def _call(self, fn, arg):
        try:
            return self._pool.submit(fn, arg).result()
        except BrokenProcessPool as exc:
            self._pool.shutdown(cancel_futures=True)
            self._pool = self._start()
            raise ExtractionProcessError(f"the extraction process stopped: {exc}") from exc

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def _rejected(article: Article, exc: Exception) -> Rejected:
    return Rejected(article.origin or article.id,
                    f"extraction failed: {type(exc).__name__}: {exc}")


def _load(settings: Settings, server_pid: int) -> None:
    global _ENGINE
    threading.Thread(target=_outlive_not, args=(server_pid,), name="orphan-watch",
                     daemon=True).start()
    from newsgraph.extraction.extractor import Extractor
    _ENGINE = Extractor(settings)


def _outlive_not(server_pid: int, every: float = 1.0) -> None:
    """End the worker when the server is gone: a server killed with -9 cannot shut its
    pool down, and the worker (600 MB with the model) would live on as an orphan."""
    while True:
        time.sleep(every)
        if os.getppid() != server_pid:
            os._exit(0)


def _one(article: Article) -> Record:
    return _ENGINE.extract(article)


def _many(batch: list[Article]) -> list[Record | Rejected]:
    return list(_ENGINE.extract_many(batch, n_items=1))  # one process: serial inside
