"""Linking cost per article with 1k, 10k and 100k articles already stored.

    python benchmarks/linking.py [--sizes 1000,10000,100000] [--probe 300] [--per-day 200]

Builds a store of synthetic extraction records (no NLP: linking only reads the record)
and times linking a probe batch of further articles at each size: near-duplicate lookup,
merging of event mentions into merged events, story assignment, all written inside one
transaction per article as ingest does. Articles arrive at a steady rate (--per-day) from
a few hundred outlets; stories run for days, each with its own actors and vocabulary, and
a tenth of the articles are wire copies carried by another outlet. Prints a Markdown
table; the last column is the cost per article relative to the first size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from newsgraph.link.linker import Linker
from newsgraph.store.db import Store

TYPES = ["CONSULT", "AGREE", "COOPERATE", "AID", "ACCUSE", "REQUEST", "THREATEN",
         "PROTEST", "SANCTION", "ASSAULT", "REJECT", "DEMAND"]
COUNTRIES = [f"C{i:02d}" for i in range(60)]
START = dt.date(2024, 1, 1)


class Corpus:
    """A stream of synthetic records with stories, shared actors and wire copies."""

    def __init__(self, per_day: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.per_day = per_day
        self.vocab = [self._word() for _ in range(20000)]
        self.actors = [(f"person-{i}", self.rng.choice(COUNTRIES)) for i in range(3000)]
        self.outlets = [f"outlet-{i}" for i in range(300)]
        self.stories: list[dict] = []
        self.n = 0
        self.recent: list[dict] = []

    def _word(self) -> str:
        return "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz")
                       for _ in range(self.rng.randint(4, 10)))

    def _story(self, day: dt.date) -> dict:
        live = [s for s in self.stories if (day - s["last"]).days <= 3]
        if live and self.rng.random() < 0.7:
            s = self.rng.choice(live)
        else:
            s = {"words": self.rng.sample(self.vocab, 60),
                 "actors": self.rng.sample(self.actors, 4), "last": day}
            self.stories.append(s)
            self.stories = self.stories[-2000:]
        s["last"] = day
        return s

    def next(self) -> dict:
        day = START + dt.timedelta(days=self.n // self.per_day)
        self.n += 1
        if self.recent and self.rng.random() < 0.1:
            src = self.rng.choice(self.recent)  # a wire copy carried by another outlet
            rec = {**src, "article": {**src["article"], "id": f"a{self.n}",
                                      "source": self.rng.choice(self.outlets),
                                      "published": day.isoformat()}}
            return rec
        s = self._story(day)
        words = [self.rng.choice(s["words"]) if self.rng.random() < 0.4
                 else self.rng.choice(self.vocab) for _ in range(350)]
        text = " ".join(words)
        mentions = [{"actor": a} for a, _ in s["actors"]] + \
            [{"actor": self.rng.choice(self.actors)[0]} for _ in range(6)]
        events = []
        for i in range(5):
            src, tgt = self.rng.sample(s["actors"], 2)
            date = day - dt.timedelta(days=self.rng.choice([0, 0, 1, 2]))
            events.append({
                "id": f"e{i}", "sentence": i, "type": self.rng.choice(TYPES), "mode": "",
                "status": self.rng.choice(["occurred"] * 4 + ["planned"]),
                "source": [_part(*src)], "target": [_part(*tgt)],
                "date": date.isoformat(), "date_precision": "day", "location": None,
                "confidence": 0.8})
        rec = {"article": {"id": f"a{self.n}", "title": " ".join(words[:8]), "text": text,
                           "published": day.isoformat(),
                           "source": self.rng.choice(self.outlets), "url": None},
               "sentences": [{"i": i, "start": i * 100, "end": i * 100 + 99}
                             for i in range(5)],
               "mentions": mentions, "events": events}
        self.recent = (self.recent + [rec])[-500:]
        return rec


def _part(actor: str, country: str) -> dict:
    return {"actor": actor, "name": actor, "text": actor, "country": country,
            "sector": "GOV"}


def link_batch(store: Store, linker: Linker, corpus: Corpus, n: int,
               per_transaction: int = 1) -> float:
    """Link n more articles, ``per_transaction`` to a transaction (ingest: one); returns
    the seconds taken, wall clock and CPU (this process, DuckDB's threads included: the
    steadier figure when something else runs on the machine)."""
    t0, c0 = time.perf_counter(), time.process_time()
    for start in range(0, n, per_transaction):
        with store.transaction():
            for _ in range(min(per_transaction, n - start)):
                linker.link(corpus.next())
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--probe", type=int, default=300)
    ap.add_argument("--per-day", type=int, default=200)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        linker = Linker(store.links)
        corpus = Corpus(args.per_day)
        rows = []
        stored = 0
        for size in sizes:
            build = time.perf_counter()
            while stored < size:
                step = min(5000, size - stored)
                wall, cpu = link_batch(store, linker, corpus, step, per_transaction=100)
                stored += step
                print(f"  stored {stored}: building at {wall / step * 1000:.1f} ms, "
                      f"{cpu / step * 1000:.1f} ms CPU per article", file=sys.stderr,
                      flush=True)
            build = time.perf_counter() - build
            wall, cpu = link_batch(store, linker, corpus, args.probe)
            stored += args.probe
            rows.append((size, wall / args.probe * 1000, cpu / args.probe * 1000, build))
            print(f"  {size:,} stored: {rows[-1][1]:.2f} ms per article linked, "
                  f"{rows[-1][2]:.2f} ms CPU (built in {build:.0f} s)", file=sys.stderr,
                  flush=True)
        store.close()
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"{platform.machine()}, {args.per_day} articles/day, probe {args.probe} articles\n")
    print("| articles stored | ms per article linked | x first size | CPU ms per article "
          "| x first size |")
    print("|---|---|---|---|---|")
    for size, ms, cpu, _build in rows:
        print(f"| {size:,} | {ms:.2f} | {ms / rows[0][1]:.2f}x | {cpu:.2f} "
              f"| {cpu / rows[0][2]:.2f}x |")


if __name__ == "__main__":
    main()
