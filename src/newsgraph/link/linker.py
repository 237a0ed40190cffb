"""Link one article as it is stored: is it a near-duplicate of a stored article, which
merged events do its event mentions join, which story does it belong to.

The decisions are made by the pure modules next to this one; this module only fetches
their candidates through ``tables`` and writes the outcome back, inside the transaction
of the article (an article is never stored without its links). ``tables`` is the store's
``LinkTables``: link comes before store in the flow, so it is handed in, not imported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from newsgraph.link import dedup
from newsgraph.link.events import Happening, cluster_article, same_happening
from newsgraph.link.stories import (
    MAX_CANDIDATES,
    WINDOW_DAYS,
    Story,
    assign,
    idf,
    profile,
    query_keys,
    words,
)


@dataclass
class LinkResult:
    article: str
    duplicate_of: str | None = None
    similarity: float = 0.0
    story: str = ""
    new_story: bool = False
    merged: list[str] = field(default_factory=list)  # merged events the article reports
    new_merged: int = 0


def outlet_of(article: dict[str, Any]) -> str:
    """The outlet an article comes from: its source, else its web site; '' if unknown."""
    if article.get("source"):
        return " ".join(article["source"].lower().split())
    host = urlsplit(article.get("url") or "").hostname or ""
    return host.removeprefix("www.")


class Linker:
    """Links articles one at a time. Document frequencies for TF-IDF are kept in memory
    and written by ``flush`` (ingest calls it after each batch): they are statistics,
    and a crash that loses the last few increments changes no stored link."""

    def __init__(self, tables: Any) -> None:
        self.tables = tables
        self._df: dict[str, int] | None = None
        self._n_docs = 0

    def link(self, record: dict[str, Any], today: dt.date | None = None) -> LinkResult:
        art = record["article"]
        day = _day(art, today)
        result = LinkResult(art["id"])
        sig = dedup.signature(art["text"])
        bands = dedup.band_keys(sig)
        dup = self._duplicate(sig, bands, result)
        # an outlet's near-duplicates (updates, reposts) are one report; a copy by an
        # unknown outlet is taken to be the same outlet's
        outlet = outlet_of(art) or (dup["outlet"] if dup else f"article:{art['id']}")
        root = dup["root"] if dup else art["id"]
        story, score = self._story(record, day, dup, result)
        self.tables.add_article({
            "article_id": art["id"], "outlet": outlet, "day": day,
            "duplicate_of": result.duplicate_of, "root": root,
            "similarity": result.similarity or None, "story_id": story.id,
            "story_score": score, "minhash": dedup.to_bytes(sig)}, bands)
        self._events(record, result, outlet, root, day)
        return result

    def add_copy(self, article: dict[str, Any], today: dt.date | None = None) -> bool:
        """The text of a stored article arrived again. When another known outlet carries
        it, record the copy as one more report (counts of its merged events and its
        story go up) and return True; otherwise it is the same article again."""
        outlet = outlet_of(article)
        own, root, copies = self.tables.article_outlets(article["id"])
        if not outlet or own is None or outlet == own or outlet in copies:
            return False
        day = _day(article, today)
        self.tables.add_copy(article["id"], outlet, article.get("url"), day,
                             article.get("title"))
        held = self.tables.mentions_by_merged(article["id"])
        rows = []
        for row in self.tables.merged_rows(sorted(held)):
            h = Happening.from_row(row)
            h.report(outlet, root, held[h.id], day)
            rows.append(h.to_row())
        if rows:
            self.tables.update_merged(rows)
        story_id = self.tables.story_of(article["id"])
        row = self.tables.story(story_id) if story_id else None
        if row is not None:
            story = Story.from_row(row)
            story.num_articles += 1
            story.first_day, story.last_day = min(story.first_day, day), \
                max(story.last_day, day)
            self.tables.save_story(story.to_row(), False, story.index_keys())
        return True

    def reset(self) -> None:
        """Forget cached statistics (after the link tables were cleared)."""
        self._df, self._n_docs = None, 0

    # ---- steps ----------------------------------------------------------------------
    def _duplicate(self, sig, bands, result: LinkResult) -> dict | None:
        best = None
        for cand in self.tables.dup_candidates(bands):
            sim = dedup.similarity(sig, dedup.from_bytes(cand["minhash"]))
            if sim >= dedup.THRESHOLD and (sim > result.similarity or (
                    sim == result.similarity and cand["article_id"] < best["article_id"])):
                best, result.similarity = cand, sim
        if best is not None:
            result.duplicate_of = best["article_id"]
        else:
            result.similarity = 0.0
        return best

    def _doc_freq(self, terms: list[str]) -> tuple[dict[str, int], int]:
        if self._df is None:
            self._df = self.tables.doc_freq_all()
            self._n_docs = self.tables.n_articles()
        for t in terms:
            self._df[t] = self._df.get(t, 0) + 1
        # written in the article's own transaction: a run killed between articles leaves
        # the counts of exactly the articles it stored (a batch-end flush lost them)
        self.tables.save_doc_freq({t: self._df[t] for t in terms})
        self._n_docs += 1
        return self._df, self._n_docs

    def _idf(self, word: str) -> float:
        """A word's inverse document frequency over the articles linked so far."""
        return idf(word, (self._df or {}).get(word, 0), self._n_docs)

    def _story(self, record: dict, day: dt.date, dup: dict | None,
               result: LinkResult) -> tuple[Story, float]:
        art = record["article"]
        df, n_docs = self._doc_freq(sorted(words(art.get("title"), art["text"])))
        p = profile(art.get("title"), art["text"], [m["actor"] for m in record["mentions"]],
                    day, df, n_docs)
        story, score = None, 0.0
        if dup is not None and dup["story_id"]:
            row = self.tables.story(dup["story_id"])
            story, score = (Story.from_row(row), result.similarity) if row else (None, 0.0)
        if story is None:
            since = day - dt.timedelta(days=WINDOW_DAYS)
            cands = [Story.from_row(r) for r in self.tables.story_candidates(
                query_keys(p), since, MAX_CANDIDATES)]
            story, score = assign(p, cands)
        result.new_story = story is None
        if story is None:
            story, score = Story.start(art["id"], p), 1.0
        else:
            story.add(p)
        self.tables.save_story(story.to_row(), result.new_story, story.index_keys())
        result.story = story.id
        return story, score

    def _events(self, record: dict, result: LinkResult, outlet: str, root: str,
                day: dt.date) -> None:
        happenings = cluster_article(record)
        for h in happenings:
            h.freeze(result.story, self._idf)
        keys = sorted({k for h in happenings for k in h.index_keys()})
        # candidates carry what matching needs; the stored events that a mention joins
        # are then read whole and the same merges applied to them. The article's own
        # happenings are not candidates: within it, clustering has decided.
        pool = [Happening.from_row(r) for r in self.tables.merged_candidates(keys)]
        new: dict[str, Happening] = {}
        joins: list[tuple[Happening, str, list[dict]]] = []  # mention, event, its members
        for h in happenings:
            scored = [(same_happening(c, h), c) for c in pool]
            score, best = max(scored, key=lambda sc: (sc[0], sc[1].id), default=(0, None))
            if best is None or score <= 0:
                new[h.id] = h
                best = h
            joins.append((h, best.id, list(h.members)))
        touched = {r["id"]: Happening.from_row(r) for r in self.tables.merged_rows(
            sorted({mid for _, mid, _ in joins if mid not in new}))}
        touched.update(new)
        held: Counter = Counter()  # mentions of each merged event in this article
        sure: dict[str, float] = {}  # and the confidence of its best-coded one
        members: list[dict] = []
        for h, mid, own in joins:
            best = touched[mid]
            if mid not in new:
                best.absorb(h)
            held[mid] += len(own)
            sure[mid] = max(sure.get(mid, 0.0), h.confidence)
            members += [{**m, "merged": mid} for m in own]
            best.evidence += [{
                "article": m["article"], "event": m["event"], "sentence": m["sentence"],
                "start": m["start"], "end": m["end"], "text": m["text"],
                "outlet": "unknown" if outlet.startswith("article:") else outlet,
                "day": day.isoformat(), "duplicate_of": result.duplicate_of}
                for m in own]
        for mid, t in touched.items():
            t.report(outlet, root, held[mid], day, sure[mid])
        order = list(dict.fromkeys(mid for _, mid, _ in joins))
        self.tables.save_merged([touched[i].to_row() for i in order], set(new), members,
                                {i: touched[i].index_keys() for i in order})
        result.merged = order
        result.new_merged = len(new)


def _day(article: dict[str, Any], today: dt.date | None) -> dt.date:
    if article.get("published"):
        return dt.date.fromisoformat(article["published"][:10])
    return today or dt.datetime.now(dt.UTC).date()
