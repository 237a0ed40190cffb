"""The server's in-memory listing of merged events: what /api/events and /events answer
from, without a database query.

A page of merged events from DuckDB costs 10-30 ms on a laptop (a filtered top-N scan,
then the page's rows by id); with 20 clients asking at once that is most of a second.
The server is the only writer of its store, so it can keep a read model that is never
stale for longer than an ingest: filter columns as numpy arrays, an inverted index of
actors and countries, and each event's JSON as the API returns it. Ingest refreshes the
events it touched. Filters it does not hold (text search, story) go to the store, and so
does everything until the first load has finished.

The ordering and filters are those of ``newsgraph.store.links`` (a test compares the two
on random filters); memory is about one JSON item per merged event.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable

import numpy as np

from newsgraph.model import PLOVER_TYPES, STATUSES
from newsgraph.store.links import MergedQuery, merged_out

NO_DAY = np.iinfo(np.int32).max  # undated events sort last (NULLS LAST)
CODES = {v: i for i, v in enumerate([*PLOVER_TYPES, *STATUSES])}
ARTICLES_CAP = (1 << 20) - 1
SOURCES_CAP = (1 << 10) - 1  # the sort key: sources (10 bits), day (32), articles (20)


class MergedListing:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.ready = False
        self.error = ""  # why the load failed, if it did
        self._pos: dict[str, int] = {}
        self._ids: list[str] = []
        self._blobs: list[bytes] = []
        self._people: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        self._by_actor: dict[str, set[int]] = {}
        self._by_country: dict[str, set[int]] = {}
        self._cols = {name: np.zeros(0, dtype) for name, dtype in COLUMNS.items()}
        self._rank = np.zeros(0, np.int64)  # position of each id in id order

    # ---- filling --------------------------------------------------------------------
    def load(self, rows: Iterable[dict]) -> None:
        """Fill from the store (at start-up, in a background thread)."""
        self.update(rows)
        self.ready = True

    def update(self, rows: Iterable[dict]) -> None:
        """Add or replace merged events (stored rows of ``merged_events``)."""
        items = [(r["id"], _columns(r), r.get("actors") or (), r.get("countries") or (),
                  json.dumps(merged_out(r), separators=(",", ":")).encode())
                 for r in rows]
        with self._lock:
            fresh = [i for i in items if i[0] not in self._pos]
            grow = len(fresh)
            if grow:
                self._cols = {k: np.concatenate([v, np.zeros(grow, v.dtype)])
                              for k, v in self._cols.items()}
            for mid, cols, actors, countries, blob in items:
                p = self._pos.get(mid)
                if p is None:
                    p = self._pos[mid] = len(self._ids)
                    self._ids.append(mid)
                    self._blobs.append(blob)
                    self._people.append(((), ()))
                self._blobs[p] = blob
                for k, v in cols.items():
                    self._cols[k][p] = v
                self._index(p, tuple(actors), tuple(countries))
            if grow:  # ties on day and articles are settled by id
                order = sorted(range(len(self._ids)), key=self._ids.__getitem__)
                self._rank = np.empty(len(order), np.int64)
                self._rank[order] = np.arange(len(order))

    def _index(self, p: int, actors: tuple[str, ...], countries: tuple[str, ...]) -> None:
        old_actors, old_countries = self._people[p]
        for index, old, new in ((self._by_actor, old_actors, actors),
                                (self._by_country, old_countries, countries)):
            for k in set(old) - set(new):
                index[k].discard(p)
            for k in new:
                index.setdefault(k, set()).add(p)
        self._people[p] = (actors, countries)

    # ---- answering ------------------------------------------------------------------
    def page(self, f: MergedQuery) -> tuple[list[bytes], int] | None:
        """The page's items as JSON and the total, or None when the store must answer."""
        if not self.ready or f.text or f.story:
            return None
        with self._lock:
            c = self._cols
            mask = np.ones(len(self._ids), bool)
            if f.types:
                mask &= _allowed(f.types)[c["type"]]
            if f.statuses:
                mask &= _allowed(f.statuses)[c["status"]]
            if f.since:  # as the store: the event's last day (else last seen) >= since
                mask &= c["hi"] >= f.since.toordinal()
            if f.until:
                mask &= c["lo"] <= f.until.toordinal()
            if f.min_sources:
                mask &= c["sources"] >= f.min_sources
            if f.actors or f.countries:
                hits: set[int] = set()
                for k in f.actors:
                    hits |= self._by_actor.get(k, set())
                for k in f.countries:
                    hits |= self._by_country.get(k, set())
                who = np.zeros(len(self._ids), bool)
                who[np.fromiter(hits, np.int64, len(hits))] = True
                mask &= who
            sel = np.flatnonzero(mask)
            total = len(sel)
            end = f.offset + (f.limit if f.limit is not None else total)
            order = self._first(sel, end)[f.offset:end]
            return [self._blobs[p] for p in order], total

    def _first(self, sel: np.ndarray, k: int) -> list[int]:
        """The first k positions of ``sel`` in list order: most independent sources
        first, then by day (undated last), most articles first, then id. A partition on
        the numeric key narrows the candidates; ties on it are settled by id."""
        key = self._cols["key"]
        if k <= 0 or not len(sel):
            return []
        if len(sel) > k:
            keys = key[sel]
            kth = np.partition(keys, k - 1)[k - 1]
            sel = sel[keys <= kth]
        return sel[np.lexsort((self._rank[sel], key[sel]))][:k].tolist()

    def __len__(self) -> int:
        return len(self._ids)


COLUMNS = {"type": np.int16, "status": np.int16, "lo": np.int32, "hi": np.int32,
           "sources": np.int32, "key": np.int64}


def _columns(r: dict) -> dict[str, int]:
    lo = r["date_first"] or r["first_seen"]
    hi = r["date_last"] or r["last_seen"]
    day = _ordinal(lo)
    articles = min(r["num_articles"], ARTICLES_CAP)
    sources = min(r["num_sources"], SOURCES_CAP)
    return {"type": CODES.get(r["type"], -1), "status": CODES.get(r["status"], -1),
            "lo": day, "hi": _ordinal(hi, -1), "sources": r["num_sources"],
            # sources descending, day ascending, articles descending: one sortable number
            "key": ((SOURCES_CAP - sources) << 52) | (day << 20) | (ARTICLES_CAP - articles)}


def _allowed(values: tuple[str, ...]) -> np.ndarray:
    """A lookup table code -> wanted (the last entry stands for unknown codes, -1)."""
    table = np.zeros(len(CODES) + 1, bool)
    table[[CODES[v] for v in values if v in CODES]] = True
    return table


def _ordinal(d: dt.date | None, missing: int = NO_DAY) -> int:
    return d.toordinal() if d is not None else missing
