"""The linking tables: near-duplicates, merged events, stories (migration 0002_linking).

Writes happen inside the transaction of the article being stored (see Store.add_record);
every lookup goes through an index key, so its cost follows the number of matching
rows, not the size of the store.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from newsgraph.geocode import with_coordinates
from newsgraph.store.sql import contains, dicts, marks, page, shown_outlet

LINK_TABLES = ("article_links", "minhash_bands", "merged_events", "merged_members",
               "merged_keys", "stories", "story_keys", "term_df", "article_copies")


MATCH_COLUMNS = ("id", "type", "status", "date", "date_precision", "date_first",
                 "date_last", "location_name", "location_country", "source", "target",
                 "match_key")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class LinkTables:
    def __init__(self, con: duckdb.DuckDBPyConnection, insert) -> None:
        self.con = con
        self._insert = insert  # Store._insert: multi-row INSERT

    # ---- articles and near-duplicates -----------------------------------------------
    def n_articles(self) -> int:
        return self.con.execute("SELECT count(*) FROM article_links").fetchone()[0]

    def dup_candidates(self, bands: Sequence[str]) -> list[dict[str, Any]]:
        """Stored articles sharing at least one MinHash band."""
        ids = self._lookup("SELECT DISTINCT article_id FROM minhash_bands WHERE band", bands)
        if not ids:
            return []
        return dicts(self.con.execute(
            "SELECT article_id, outlet, minhash, story_id, root FROM article_links "
            f"WHERE article_id IN ({marks(ids)}) ORDER BY article_id", ids))

    def add_article(self, row: dict[str, Any], bands: Sequence[str]) -> None:
        self._insert("article_links", [(
            row["article_id"], row["outlet"], row["day"], row["duplicate_of"], row["root"],
            row["similarity"], row["story_id"], row["story_score"], row["minhash"])])
        self._insert("minhash_bands", [(b, row["article_id"]) for b in bands])

    def unlinked_articles(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT a.id FROM articles a LEFT JOIN article_links l ON l.article_id = a.id "
            "WHERE l.article_id IS NULL ORDER BY a.ingested_at, a.id").fetchall()]

    def copies(self) -> list[dict[str, Any]]:
        return dicts(self.con.execute(
            "SELECT * FROM article_copies ORDER BY ingested_at, article_id, outlet"))

    def _lookup(self, select: str, keys: Sequence[str]) -> list[str]:
        """Ids found through an index: ``select`` ends with the indexed column, which is
        matched against ``keys``. Rows are then fetched by these ids in a second query,
        each an index lookup: a join or IN-subquery would scan the whole table instead,
        and the cost per article would grow with the store."""
        if not keys:
            return []
        return [r[0] for r in self.con.execute(f"{select} IN ({marks(keys)}) ORDER BY 1",
                                               list(keys)).fetchall()]

    def clear(self) -> None:
        for t in LINK_TABLES:
            self.con.execute(f"DELETE FROM {t}")

    # ---- merged events --------------------------------------------------------------
    def merged_candidates(self, keys: Sequence[str]) -> list[dict[str, Any]]:
        ids = self._lookup("SELECT DISTINCT merged_id FROM merged_keys WHERE key", keys)
        if not ids:
            return []
        # what matching needs, not the evidence and reports (read for the few that merge)
        return dicts(self.con.execute(
            f"SELECT {', '.join(MATCH_COLUMNS)} FROM merged_events "
            f"WHERE id IN ({marks(ids)}) ORDER BY id", ids))

    def save_merged(self, rows: list[dict[str, Any]], new: set[str], members: list[dict],
                    keys: dict[str, list[str]]) -> None:
        """Write an article's merged events in a few statements: new rows inserted, the
        others updated, its members added and index keys replaced."""
        if not rows:
            return
        fresh = [r for r in rows if r["id"] in new]
        old = [r for r in rows if r["id"] not in new]
        self._insert("merged_events", [tuple(r.values()) for r in fresh])
        if old:
            self.update_merged(old)
            ids = [r["id"] for r in old]
            self.con.execute(f"DELETE FROM merged_keys WHERE merged_id IN ({marks(ids)})",
                             ids)
        self._insert("merged_members", [
            (m["merged"], m["article"], m["event"], m["sentence"], m["start"], m["end"])
            for m in members])
        self._insert("merged_keys", [(k, mid) for mid, ks in keys.items()
                                     for k in sorted(set(ks))])

    def update_merged(self, rows: list[dict[str, Any]]) -> None:
        """One UPDATE by id per row: each an index lookup (an UPDATE ... FROM a list of
        rows joins against, and so scans, the whole table)."""
        cols = [c for c in rows[0] if c != "id"]
        sql = f"UPDATE merged_events SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?"
        for r in rows:
            self.con.execute(sql, [r[c] for c in cols] + [r["id"]])

    def merged_rows(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        if not ids:
            return []
        return dicts(self.con.execute(
            f"SELECT * FROM merged_events WHERE id IN ({marks(ids)}) ORDER BY id", list(ids)))

    def mentions_by_merged(self, article_id: str) -> dict[str, int]:
        """How many mentions of each merged event an article holds."""
        return dict(self.con.execute(
            "SELECT merged_id, count(*) FROM merged_members WHERE article_id = ? "
            "GROUP BY merged_id ORDER BY merged_id", [article_id]).fetchall())

    # ---- copies carried by other outlets ------------------------------------------
    def article_outlets(self, article_id: str) -> tuple[str | None, str, set[str]]:
        """The article's own outlet, its near-duplicate root, and every other outlet
        known to carry it."""
        row = self.con.execute("SELECT outlet, root FROM article_links WHERE article_id = ?",
                               [article_id]).fetchone()
        copies = {r[0] for r in self.con.execute(
            "SELECT outlet FROM article_copies WHERE article_id = ?", [article_id]).fetchall()}
        return (row[0] if row else None), (row[1] if row else article_id), copies

    def add_copy(self, article_id: str, outlet: str, url: str | None, day: dt.date,
                 title: str | None) -> None:
        self._insert("article_copies", [(article_id, outlet, url, day, title, _now())])

    # ---- stories --------------------------------------------------------------------
    def doc_freq_all(self) -> dict[str, int]:
        return dict(self.con.execute("SELECT term, df FROM term_df").fetchall())

    def save_doc_freq(self, counts: dict[str, int]) -> None:
        """Replace the document frequencies of the given terms."""
        if not counts:
            return
        terms = sorted(counts)
        for i in range(0, len(terms), 1000):
            chunk = terms[i:i + 1000]
            self.con.execute(
                "INSERT OR REPLACE INTO term_df VALUES " + ", ".join(["(?, ?)"] * len(chunk)),
                [v for t in chunk for v in (t, counts[t])])

    def story_candidates(self, keys: Sequence[str], since: dt.date,
                         limit: int) -> list[dict[str, Any]]:
        if not keys:
            return []
        ids = [r[0] for r in self.con.execute(
            f"SELECT story_id FROM story_keys WHERE key IN ({marks(keys)}) AND last_day >= ? "
            "GROUP BY story_id ORDER BY count(*) DESC, story_id LIMIT ?",
            [*keys, since, limit]).fetchall()]
        if not ids:
            return []
        return dicts(self.con.execute(
            f"SELECT * FROM stories WHERE id IN ({marks(ids)}) ORDER BY id", ids))

    def story(self, story_id: str) -> dict[str, Any] | None:
        rows = dicts(self.con.execute("SELECT * FROM stories WHERE id = ?", [story_id]))
        return rows[0] if rows else None

    def story_of(self, article_id: str) -> str | None:
        row = self.con.execute("SELECT story_id FROM article_links WHERE article_id = ?",
                               [article_id]).fetchone()
        return row[0] if row else None

    def save_story(self, row: dict[str, Any], new: bool, keys: Sequence[str]) -> None:
        if new:
            self._insert("stories", [tuple(row.values())])
        else:
            cols = [c for c in row if c != "id"]
            self.con.execute(
                f"UPDATE stories SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                [row[c] for c in cols] + [row["id"]])
            self.con.execute("DELETE FROM story_keys WHERE story_id = ?", [row["id"]])
        self._insert("story_keys", [(k, row["id"], row["last_day"]) for k in keys])


# ---- reading ----------------------------------------------------------------------------

@dataclass(frozen=True)
class MergedQuery:
    """Filters for merged events; ``actors`` and ``countries`` match any participant of
    any of its mentions."""

    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    story: str | None = None
    text: str | None = None  # in an evidence sentence or its article's title
    min_sources: int = 0
    limit: int | None = None
    offset: int = 0


def _merged_where(f: MergedQuery) -> tuple[str, list]:
    where, params = [], []
    if f.types:
        where.append(f"e.type IN ({marks(f.types)})")
        params += list(f.types)
    if f.statuses:
        where.append(f"e.status IN ({marks(f.statuses)})")
        params += list(f.statuses)
    if f.since:
        where.append("coalesce(e.date_last, e.last_seen) >= ?")
        params.append(f.since)
    if f.until:
        where.append("coalesce(e.date_first, e.first_seen) <= ?")
        params.append(f.until)
    if f.min_sources:
        where.append("e.num_sources >= ?")
        params.append(f.min_sources)
    if f.actors or f.countries:  # any actor or country of any of its mentions
        conds = []
        if f.actors:
            conds.append("list_has_any(e.actors, ?::VARCHAR[])")
            params.append(list(f.actors))
        if f.countries:
            conds.append("list_has_any(e.countries, ?::VARCHAR[])")
            params.append(list(f.countries))
        where.append("(" + " OR ".join(conds) + ")")
    if f.text:
        # in one evidence sentence, or in the title of an article that reports it
        where.append("(list_bool_or(list_transform(json_extract_string(e.evidence, "
                     "'$[*].text'), lambda s: s ILIKE ? ESCAPE '!')) OR EXISTS (SELECT 1 FROM "
                     "merged_members m JOIN articles a ON a.id = m.article_id "
                     "WHERE m.merged_id = e.id AND a.title ILIKE ? ESCAPE '!'))")
        params += [contains(f.text)] * 2
    if f.story:
        where.append("EXISTS (SELECT 1 FROM merged_members m JOIN article_links l ON "
                     "l.article_id = m.article_id WHERE m.merged_id = e.id "
                     "AND l.story_id = ?)")
        params.append(f.story)
    return (" WHERE " + " AND ".join(where) if where else ""), params


class LinkReader:
    """Queries over the linking tables (merged events, stories, near-duplicates)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def merged_events(self, f: MergedQuery) -> list[dict[str, Any]]:
        where, params = _merged_where(f)
        sql = ("SELECT e.id FROM merged_events e" + where +
               " ORDER BY e.num_sources DESC, coalesce(e.date_first, e.first_seen) "
               "NULLS LAST, e.num_articles DESC, e.id" + page(f.limit, f.offset, params))
        # the page's ids are chosen on the narrow columns: only its rows are read whole
        ids = [r[0] for r in self.con.execute(sql, params).fetchall()]
        rows = {r["id"]: r for r in self.merged_rows(ids)}
        return [merged_out(rows[i]) for i in ids]

    def merged_page(self, f: MergedQuery) -> tuple[list[dict[str, Any]], int]:
        """A page of merged events and how many match."""
        return self.merged_events(f), self.count_merged(f)

    def merged_rows(self, ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """Stored rows of merged events (all of them, or those of ``ids``), streamed."""
        sql, params = "SELECT * FROM merged_events", []
        if ids is not None:
            if not ids:
                return
            sql, params = sql + f" WHERE id IN ({marks(ids)})", list(ids)
        cur = self.con.execute(sql, params)
        cols = [d[0] for d in cur.description]
        while rows := cur.fetchmany(5000):
            yield from (dict(zip(cols, row, strict=True)) for row in rows)

    def mention_counts(self) -> dict[tuple[str, str], tuple[int, int, int]]:
        """(article, event) -> (mentions, independent sources, articles) of the merged
        event the mention belongs to, for exports that carry counts per mention."""
        return {(a, e): (m, s, n) for a, e, m, s, n in self.con.execute(
            "SELECT m.article_id, m.event_id, e.num_mentions, e.num_sources, "
            "e.num_articles FROM merged_members m JOIN merged_events e "
            "ON e.id = m.merged_id").fetchall()}

    def merged_ids_of(self, articles: Sequence[str]) -> list[str]:
        """The merged events that the given articles report."""
        if not articles:
            return []
        return [r[0] for r in self.con.execute(
            "SELECT DISTINCT merged_id FROM merged_members WHERE article_id IN "
            f"({marks(articles)}) ORDER BY 1", list(articles)).fetchall()]

    def merged_counts(self, f: MergedQuery, top: int = 12) -> dict[str, list[tuple]]:
        """How the merged events of a filter (its limit and offset aside) divide: by
        type, by country of any participant (the ``top`` most frequent), and by week of
        their date (else of their first report)."""
        where, params = _merged_where(f)
        base = "FROM merged_events e" + where
        by_type = self.con.execute(f"SELECT e.type, count(*) AS n {base} GROUP BY 1 "
                                   "ORDER BY n DESC, 1", params).fetchall()
        by_country = self.con.execute(
            f"SELECT c, count(*) AS n FROM (SELECT unnest(e.countries) AS c {base}) "
            "GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?", [*params, top]).fetchall()
        by_week = self.con.execute(
            "SELECT date_trunc('week', coalesce(e.date_first, e.first_seen))::DATE AS w, "
            f"count(*) AS n {base} GROUP BY 1 HAVING w IS NOT NULL ORDER BY 1",
            params).fetchall()
        return {"type": by_type, "country": by_country,
                "week": [(_iso(w), n) for w, n in by_week]}

    def count_merged(self, f: MergedQuery) -> int:
        where, params = _merged_where(f)
        return self.con.execute("SELECT count(*) FROM merged_events e" + where,
                                params).fetchone()[0]

    def stories(self, since: dt.date | None = None, until: dt.date | None = None,
                actor: tuple[str, ...] = (), limit: int | None = None,
                offset: int = 0) -> list[dict[str, Any]]:
        where, params = [], []
        if since:
            where.append("s.last_day >= ?")
            params.append(since)
        if until:
            where.append("s.first_day <= ?")
            params.append(until)
        if actor:
            where.append("EXISTS (SELECT 1 FROM article_links l JOIN mentions m ON "
                         "m.article_id = l.article_id WHERE l.story_id = s.id AND "
                         f"m.actor IN ({marks(actor)}))")
            params += list(actor)
        sql = ("SELECT s.*, (SELECT count(DISTINCT mm.merged_id) FROM article_links l "
               "JOIN merged_members mm ON mm.article_id = l.article_id "
               "WHERE l.story_id = s.id) AS num_events FROM stories s"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY s.last_day DESC, s.num_articles DESC, s.id"
               + page(limit, offset, params))
        return [_story_out(r) for r in dicts(self.con.execute(sql, params))]

    def story(self, story_id: str) -> dict[str, Any] | None:
        rows = dicts(self.con.execute(
            "SELECT s.*, (SELECT count(DISTINCT mm.merged_id) FROM article_links l "
            "JOIN merged_members mm ON mm.article_id = l.article_id "
            "WHERE l.story_id = s.id) AS num_events FROM stories s WHERE s.id = ?",
            [story_id]))
        if not rows:
            return None
        out = _story_out(rows[0])
        out["articles"] = [
            {"id": r["id"], "title": r["title"], "published": _iso(r["published"]),
             "source": r["source"], "url": r["url"], "outlet": r["outlet"],
             "day": _iso(r["day"]), "duplicate_of": r["duplicate_of"],
             "similarity": r["similarity"], "story_score": r["story_score"],
             "lead": r["lead"]}
            for r in dicts(self.con.execute(
                f"SELECT a.id, a.title, a.published, a.source, a.url, "
                f"{shown_outlet('l.outlet')} AS outlet, l.day, "
                "l.duplicate_of, l.similarity, l.story_score, a.ingested_at, "
                "left(a.text, 160) AS lead "
                "FROM article_links l JOIN articles a ON a.id = l.article_id "
                "WHERE l.story_id = ? UNION ALL "
                # the same text carried by another outlet
                "SELECT c.article_id, c.title, c.day, c.outlet, c.url, c.outlet, c.day, "
                "c.article_id, 1.0, NULL, c.ingested_at, left(a.text, 160) "
                "FROM article_copies c JOIN article_links l ON l.article_id = c.article_id "
                "JOIN articles a ON a.id = c.article_id WHERE l.story_id = ? "
                "ORDER BY day, ingested_at, id", [story_id, story_id]))]
        return out


def merged_out(r: dict) -> dict[str, Any]:
    """A stored merged event as the CLI and the API show it."""
    location = None
    if r["location_name"] or r["location_country"]:
        location = with_coordinates({"name": r["location_name"],
                                     "country": r["location_country"]})
    return {
        "id": r["id"], "type": r["type"], "mode": r["mode"], "status": r["status"],
        "source": _people(r["source"]), "target": _people(r["target"]),
        "date": r["date"], "date_precision": r["date_precision"],
        "date_first": _iso(r["date_first"]), "date_last": _iso(r["date_last"]),
        "location": location, "num_mentions": r["num_mentions"],
        "num_articles": r["num_articles"], "num_sources": r["num_sources"],
        "first_seen": _iso(r["first_seen"]), "last_seen": _iso(r["last_seen"]),
        "confidence": r.get("confidence") or 0.0,
        "evidence": json.loads(r["evidence"] or "[]"),
    }


def _people(blob: str | None) -> list[dict]:
    return [{k: p.get(k, "") for k in ("actor", "name", "country", "sector")}
            for p in json.loads(blob or "[]")]


def _story_out(r: dict) -> dict[str, Any]:
    actors = json.loads(r["actors"] or "{}")
    terms = json.loads(r["terms"] or "{}")
    return {"id": r["id"], "title": r["title"], "first_day": _iso(r["first_day"]),
            "last_day": _iso(r["last_day"]), "num_articles": r["num_articles"],
            "num_events": r.get("num_events", 0), "actors": list(actors)[:8],
            "terms": list(terms)[:10]}


def _iso(d: Any) -> Any:
    return d.isoformat() if isinstance(d, dt.date) else d
