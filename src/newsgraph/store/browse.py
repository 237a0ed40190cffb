"""Read-only views for browsing: article lists, an article's links, an actor's timeline
and the actors it deals with. Used by the web API; counts are of merged events (one per
happening), not of mentions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from newsgraph.store.sql import contains, dicts, marks, page, shown_outlet


@dataclass(frozen=True)
class ArticleQuery:
    text: str | None = None  # in the title or the text
    source: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    story: str | None = None
    limit: int | None = None
    offset: int = 0


def _article_where(f: ArticleQuery) -> tuple[str, list]:
    where, params = [], []
    if f.text:
        where.append("(a.title ILIKE ? ESCAPE '!' OR a.text ILIKE ? ESCAPE '!')")
        params += [contains(f.text)] * 2
    if f.source:
        where.append("(a.source ILIKE ? ESCAPE '!' OR l.outlet ILIKE ? ESCAPE '!')")
        params += [contains(f.source)] * 2
    if f.since:
        where.append("coalesce(a.published, l.day) >= ?")
        params.append(f.since)
    if f.until:
        where.append("coalesce(a.published, l.day) <= ?")
        params.append(f.until)
    if f.story:
        where.append("l.story_id = ?")
        params.append(f.story)
    return (" WHERE " + " AND ".join(where) if where else ""), params


class Browse:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def articles(self, f: ArticleQuery) -> list[dict[str, Any]]:
        where, params = _article_where(f)
        sql = ("SELECT a.id, a.title, a.url, a.source, a.published, a.ingested_at, "
               f"left(a.text, 240) AS lead, {shown_outlet('l.outlet')} AS outlet, "
               "l.story_id, l.duplicate_of, "
               "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
               "(SELECT count(*) FROM statements s WHERE s.article_id = a.id) AS statements "
               "FROM articles a LEFT JOIN article_links l ON l.article_id = a.id" + where +
               " ORDER BY coalesce(a.published, l.day) DESC NULLS LAST, a.ingested_at DESC, "
               "a.id" + page(f.limit, f.offset, params))
        return [_iso_all(r) for r in dicts(self.con.execute(sql, params))]

    def count_articles(self, f: ArticleQuery) -> int:
        where, params = _article_where(f)
        return self.con.execute("SELECT count(*) FROM articles a LEFT JOIN article_links l "
                                "ON l.article_id = a.id" + where, params).fetchone()[0]

    def article_links(self, article_id: str) -> dict[str, Any]:
        """Where an article stands: its outlet, story, what it duplicates, who copies it,
        and the merged event each of its event mentions belongs to."""
        row = dicts(self.con.execute(
            f"SELECT {shown_outlet('outlet')} AS outlet, story_id, duplicate_of, "
            "similarity FROM article_links "
            "WHERE article_id = ?", [article_id]))
        out: dict[str, Any] = row[0] if row else {"outlet": None, "story_id": None,
                                                  "duplicate_of": None, "similarity": None}
        out["copies"] = [_iso_all(r) for r in dicts(self.con.execute(
            "SELECT outlet, url, day, title FROM article_copies WHERE article_id = ? "
            "ORDER BY day, outlet", [article_id]))]
        out["duplicated_by"] = [r[0] for r in self.con.execute(
            "SELECT article_id FROM article_links WHERE duplicate_of = ? ORDER BY day",
            [article_id]).fetchall()]
        out["merged"] = dict(self.con.execute(
            "SELECT event_id, merged_id FROM merged_members WHERE article_id = ?",
            [article_id]).fetchall())
        return out

    def actor_timeline(self, actor: str, since: dt.date | None = None,
                       until: dt.date | None = None) -> list[dict[str, Any]]:
        """Merged events that happened with the actor as a participant, per week and
        quad class (1 verbal cooperation .. 4 material conflict)."""
        params: list = [actor]
        cond = ""
        if since:
            cond += " AND coalesce(e.date_first, a.published) >= ?"
            params.append(since)
        if until:
            cond += " AND coalesce(e.date_first, a.published) <= ?"
            params.append(until)
        rows = self.con.execute(
            "SELECT date_trunc('week', coalesce(e.date_first, a.published)) AS week, "
            "e.quad, count(DISTINCT coalesce(mm.merged_id, e.article_id || ':' || e.id)) "
            "FROM event_actors p JOIN events e ON e.article_id = p.article_id "
            "AND e.id = p.event_id JOIN articles a ON a.id = e.article_id "
            "LEFT JOIN merged_members mm ON mm.article_id = e.article_id "
            "AND mm.event_id = e.id "
            "WHERE p.actor = ? AND e.status = 'occurred'" + cond +
            " GROUP BY ALL HAVING week IS NOT NULL ORDER BY week, e.quad", params).fetchall()
        return [{"week": w.isoformat(), "quad": q, "events": n} for w, q, n in rows]

    def actor_network(self, actor: str, limit: int = 30) -> list[dict[str, Any]]:
        """The actors that share events with this one: merged events together, as source
        and as target, and the mean Goldstein score of those events."""
        rows = self.con.execute(
            "WITH mine AS (SELECT DISTINCT p.article_id, p.event_id, p.role "
            "              FROM event_actors p WHERE p.actor = ?) "
            "SELECT o.actor, any_value(o.name) AS name, any_value(o.country) AS country, "
            "count(DISTINCT coalesce(mm.merged_id, e.article_id || ':' || e.id)) AS events, "
            "count(*) FILTER (WHERE m.role = 'source' AND o.role = 'target') AS as_source, "
            "count(*) FILTER (WHERE m.role = 'target' AND o.role = 'source') AS as_target, "
            "avg(e.goldstein) AS goldstein "
            "FROM mine m JOIN event_actors o ON o.article_id = m.article_id "
            "AND o.event_id = m.event_id AND o.actor <> ? "
            "JOIN events e ON e.article_id = m.article_id AND e.id = m.event_id "
            "LEFT JOIN merged_members mm ON mm.article_id = e.article_id "
            "AND mm.event_id = e.id "
            "WHERE e.status = 'occurred' AND o.actor IS NOT NULL AND o.actor <> '' "
            "GROUP BY o.actor ORDER BY events DESC, o.actor LIMIT ?",
            [actor, actor, limit])
        return [{**r, "goldstein": round(r["goldstein"], 2) if r["goldstein"] is not None
                 else None} for r in dicts(rows)]

    def actor_row(self, actor: str) -> dict[str, Any] | None:
        rows = dicts(self.con.execute(
            "SELECT id, name, kind, country, sector, affiliation, provisional, first_seen "
            "FROM actors WHERE id = ?", [actor]))
        return _iso_all(rows[0]) if rows else None

    def count_actors(self, search: str | None = None) -> int:
        if not search:
            return self.con.execute("SELECT count(*) FROM actors").fetchone()[0]
        return self.con.execute(
            "SELECT count(*) FROM actors WHERE name ILIKE ? ESCAPE '!' "
            "OR id ILIKE ? ESCAPE '!' OR country = ?",
            [contains(search), contains(search), search.upper()]).fetchone()[0]

    def count_stories(self) -> int:
        return self.con.execute("SELECT count(*) FROM stories").fetchone()[0]

    def titles(self, ids: list[str]) -> dict[str, str | None]:
        if not ids:
            return {}
        return dict(self.con.execute(
            f"SELECT id, title FROM articles WHERE id IN ({marks(ids)})", ids).fetchall())


def _iso_all(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v)
            for k, v in row.items()}
