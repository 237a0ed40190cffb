"""The server's in-memory listing answers exactly as the store does."""

from __future__ import annotations

import datetime as dt
import json
import random

from newsgraph.link.linker import Linker
from newsgraph.serve.listing import MergedListing
from newsgraph.store import Store
from newsgraph.store.links import MergedQuery

TYPES = ["CONSULT", "AID", "ACCUSE", "REJECT"]
ACTORS = [(f"person-{i}", f"C{i % 5}") for i in range(12)]


def _record(rng: random.Random, n: int) -> dict:
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(20))
    events = []
    for i in range(3):
        (src, sc), (tgt, tc) = rng.sample(ACTORS, 2)
        dated = rng.random() < 0.7
        events.append({
            "id": f"e{i}", "sentence": i, "type": rng.choice(TYPES), "mode": "",
            "status": rng.choice(["occurred", "occurred", "planned"]),
            "source": [{"actor": src, "name": src, "country": sc, "sector": "GOV"}],
            "target": [{"actor": tgt, "name": tgt, "country": tc, "sector": "GOV"}],
            "date": (day - dt.timedelta(days=rng.randrange(3))).isoformat() if dated
            else None, "date_precision": "day" if dated else None, "location": None})
    text = " ".join(f"w{rng.randrange(400)}" for _ in range(90))
    return {"article": {"id": f"a{n}", "title": f"t{n}", "text": text,
                        "published": day.isoformat(), "source": f"outlet {n % 4}",
                        "url": None},
            "sentences": [{"i": i, "start": i * 30, "end": i * 30 + 29} for i in range(3)],
            "mentions": [{"actor": a} for a, _ in ACTORS[:3]], "events": events}


def _queries(rng: random.Random, n: int):
    for _ in range(n):
        since = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(20))
        yield MergedQuery(
            actors=tuple(rng.sample([a for a, _ in ACTORS], rng.choice([0, 0, 1, 2]))),
            countries=tuple(rng.sample([f"C{i}" for i in range(5)], rng.choice([0, 0, 1]))),
            types=tuple(rng.sample(TYPES, rng.choice([0, 0, 1, 2]))),
            statuses=rng.choice([(), ("occurred",), ("planned",)]),
            since=since if rng.random() < 0.4 else None,
            until=since + dt.timedelta(days=rng.randrange(8)) if rng.random() < 0.4
            else None,
            min_sources=rng.choice([0, 0, 2]),
            limit=rng.choice([5, 20, None]), offset=rng.choice([0, 0, 3, 40]))


def _same(listing: MergedListing, store: Store, rng: random.Random) -> int:
    checked = 0
    for f in _queries(rng, 300):
        blobs, total = listing.page(f)
        items, want_total = store.linked.merged_page(f)
        assert total == want_total, f
        assert [json.loads(b) for b in blobs] == items, f
        checked += bool(items)
    return checked


def test_listing_matches_the_store_on_random_filters_and_after_updates(tmp_path):
    rng = random.Random(5)
    with Store(tmp_path / "l.duckdb") as store:
        linker = Linker(store.links)
        for n in range(120):
            with store.transaction():
                linker.link(_record(rng, n))
        listing = MergedListing()
        assert listing.page(MergedQuery()) is None  # not loaded: the store answers
        listing.load(store.linked.merged_rows())
        assert len(listing) == store.linked.count_merged(MergedQuery())
        assert _same(listing, store, rng) > 100
        # more articles: some merge into listed events, some are new
        new = []
        for n in range(120, 170):
            with store.transaction():
                linker.link(_record(rng, n))
            new.append(f"a{n}")
        listing.update(store.linked.merged_rows(store.linked.merged_ids_of(new)))
        assert _same(listing, store, rng) > 100
        # filters the listing does not hold go to the store
        assert listing.page(MergedQuery(text="w1")) is None
