"""Store over DuckDB: write records one article per transaction; read them back.

Nothing here knows spaCy; everything SQL lives here (query.py builds filters and calls
these methods). Statements are parameterised; identifiers come only from this module.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from newsgraph.errors import StoreError
from newsgraph.geocode import with_coordinates
from newsgraph.model import Record
from newsgraph.store.browse import Browse
from newsgraph.store.links import LinkReader, LinkTables
from newsgraph.store.migrations import MIGRATIONS
from newsgraph.store.sql import contains, dicts, marks, page

# The keys of events and statements in the extraction record (SCHEMA.md); query results
# carry a few more (article, published, sentence_text ...).
RECORD_EVENT_KEYS = ("id", "sentence", "type", "mode", "context", "cameo", "quad", "source",
                     "target", "trigger", "date", "date_precision", "date_text", "location",
                     "status", "reported_by", "confidence", "pattern", "goldstein")
RECORD_STATEMENT_KEYS = ("id", "sentence", "kind", "category", "within", "speaker", "cue",
                         "content", "mentions")


@dataclass(frozen=True)
class EventQuery:
    """Filters for events; every field is optional. ``actors`` and ``countries`` match
    any source or target participant."""

    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    text: str | None = None
    article: str | None = None
    limit: int | None = None
    offset: int = 0
    newest: bool = False  # newest first (by the event's own date) instead of oldest


@dataclass(frozen=True)
class StatementQuery:
    speakers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # speech, belief, intention, evidence; () = all
    since: dt.date | None = None
    until: dt.date | None = None
    text: str | None = None
    article: str | None = None
    limit: int | None = None
    offset: int = 0
    newest: bool = False  # newest first (by publication date) instead of oldest


class Store:
    def __init__(self, path: str | Path = ":memory:", read_only: bool = False) -> None:
        self.path = str(path)
        self.con = self._connect(read_only)
        if not read_only:
            self.migrate()
        elif self._pending_migrations():
            # a store written by an older version: bring it up to date once, then read
            self.con.close()
            self.con = self._connect(False)
            self.migrate()
            self.con.close()
            self.con = self._connect(True)
        self._views()

    def _views(self) -> None:
        self.links = LinkTables(self.con, self._insert)
        self.linked = LinkReader(self.con)
        self.browse = Browse(self.con)

    def view(self) -> Store:
        """Another handle on the same open database, with its own cursor: for reading
        from another thread while this one writes (DuckDB's MVCC keeps them apart)."""
        other = object.__new__(Store)
        other.path = self.path
        other.con = self.con.cursor()
        other._views()
        return other

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            return duckdb.connect(self.path, read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    def _pending_migrations(self) -> bool:
        try:
            done = {r[0] for r in self.con.execute("SELECT name FROM _migrations").fetchall()}
        except duckdb.Error:
            return True
        return any(name not in done for name, _ in MIGRATIONS)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- schema ---------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; returns their names."""
        self.con.execute("CREATE TABLE IF NOT EXISTS _migrations "
                         "(name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
        done = {r[0] for r in self.con.execute("SELECT name FROM _migrations").fetchall()}
        applied = []
        for name, statements in MIGRATIONS:
            if name in done:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                for sql in statements:
                    self.con.execute(sql)
                self.con.execute("INSERT INTO _migrations VALUES (?, ?)", [name, _now()])
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"migration {name} failed: {exc}") from exc
            applied.append(name)
        return applied

    def migrations(self) -> list[tuple[str, dt.datetime]]:
        return self.con.execute("SELECT name, applied_at FROM _migrations ORDER BY name").fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN ... COMMIT, or ROLLBACK when the block raises."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # ---- writing --------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        row = self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
        return row is not None

    def add_record(self, rec: Record, link: Callable[[Record], Any] | None = None) -> bool:
        """Store one article and everything extracted from it, atomically; ``link``
        (the linker) runs inside the same transaction. Returns False (and writes
        nothing) when the article is already stored."""
        art = rec.article
        if self.has_article(art.id):
            return False
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._write(rec)
            if link is not None:
                link(rec)
            self.con.execute("COMMIT")
        except Exception as exc:
            self.con.execute("ROLLBACK")
            if isinstance(exc, duckdb.ConstraintException) and self.has_article(art.id):
                return False  # stored meanwhile by another writer
            raise StoreError(f"could not store article {art.id}: {exc}") from exc
        return True

    def _write(self, rec: Record) -> None:
        art = rec.article
        now = _now()
        self._insert("articles", [(
            art.id, art.input_id, art.url, art.source, art.title, art.published,
            art.language, art.text, art.origin or None, now)])
        self._insert("sentences", [(art.id, s.i, s.start, s.end) for s in rec.sentences])
        self._insert("mentions", [
            (art.id, m.id, m.sentence, m.start, m.end, m.text, m.actor, m.name, m.kind,
             m.country, m.sector, m.role, m.affiliation) for m in rec.mentions])
        actors = {}
        for m in rec.mentions:
            if m.actor and m.actor not in actors:
                actors[m.actor] = (m.actor, m.name, m.kind, m.country, m.sector,
                                   m.affiliation, _provisional(m.actor), now)
        if actors:
            self._insert("actors", list(actors.values()), on_conflict="DO NOTHING")
        ev_rows, part_rows = [], []
        for e in rec.events:
            first, last = _date_range(e.date, e.date_precision)
            loc = e.location
            ev_rows.append((
                art.id, e.id, e.sentence, e.type, e.mode, e.context, e.cameo, e.quad,
                e.trigger.start, e.trigger.end, e.trigger.text, e.date, e.date_precision,
                e.date_text, first, last,
                loc.name if loc else None, loc.country if loc else None,
                loc.start if loc else None, loc.end if loc else None,
                loc.place if loc else None,
                e.status, e.reported_by, e.confidence, e.pattern, e.goldstein))
            for role, parts in (("source", e.source), ("target", e.target)):
                for n, p in enumerate(parts):
                    part_rows.append((art.id, e.id, role, n, p.mention, p.actor, p.text,
                                      p.country, p.sector, p.affiliation, p.name))
        self._insert("events", ev_rows)
        self._insert("event_actors", part_rows)
        self._insert("statements", [
            (art.id, s.id, s.sentence, s.kind,
             *(_speaker_cols(s.speaker)),
             s.cue.start if s.cue else None, s.cue.end if s.cue else None,
             s.cue.text if s.cue else None,
             s.content.start, s.content.end, s.content.text, s.mentions, s.category,
             s.within)
            for s in rec.statements])

    def _insert(self, table: str, rows: Sequence[tuple], on_conflict: str = "") -> None:
        """Many rows in one statement: each column is bound as one list parameter and
        unnested, which costs DuckDB far less than binding every value on its own."""
        if not rows:
            return
        columns = [list(col) for col in zip(*rows, strict=True)]
        sql = (f"INSERT INTO {table} SELECT " + ", ".join(["unnest(?)"] * len(columns)))
        if on_conflict:
            sql += f" ON CONFLICT {on_conflict}"
        self.con.execute(sql, columns)

    # ---- reading --------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        tables = ("articles", "sentences", "mentions", "actors", "events", "event_actors",
                  "statements")
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT id FROM articles ORDER BY published NULLS LAST, ingested_at, id").fetchall()]

    def ingested_day(self, article_id: str) -> dt.date | None:
        row = self.con.execute("SELECT ingested_at FROM articles WHERE id = ?",
                               [article_id]).fetchone()
        return row[0].date() if row else None

    def article(self, article_id: str) -> dict[str, Any] | None:
        cur = self.con.execute(
            "SELECT id, input_id, url, source, title, published, language, text "
            "FROM articles WHERE id = ?", [article_id])
        row = dicts(cur)
        if not row:
            return None
        art = row[0]
        art["published"] = art["published"].isoformat() if art["published"] else None
        return art

    def record(self, article_id: str) -> dict[str, Any] | None:
        """The extraction record of a stored article, as ``newsgraph extract`` prints it."""
        art = self.article(article_id)
        if art is None:
            return None
        q = self.con.execute
        sentences = [{"i": i, "start": s, "end": e} for i, s, e in q(
            "SELECT i, start_char, end_char FROM sentences WHERE article_id = ? ORDER BY i",
            [article_id]).fetchall()]
        mentions = [{"id": r["id"], "sentence": r["sentence"], "start": r["start_char"],
                     "end": r["end_char"], "text": r["text"], "actor": r["actor"],
                     "name": r["name"], "kind": r["kind"], "country": r["country"],
                     "sector": r["sector"], "role": r["role"], "affiliation": r["affiliation"]}
                    for r in dicts(q("SELECT * FROM mentions WHERE article_id = ? "
                                      "ORDER BY start_char, id", [article_id]))]
        events = [{**{k: e[k] for k in RECORD_EVENT_KEYS},
                   "location": _record_location(e["location"])}
                  for e in self.events(EventQuery(article=article_id))]
        statements = [{k: s[k] for k in RECORD_STATEMENT_KEYS}
                      for s in self.statements(StatementQuery(article=article_id))]
        return {"article": art, "sentences": sentences, "mentions": mentions,
                "events": events, "statements": statements}

    def records(self) -> Iterator[dict[str, Any]]:
        for aid in self.article_ids():
            rec = self.record(aid)
            if rec is not None:
                yield rec

    def events(self, f: EventQuery) -> list[dict[str, Any]]:
        where, params = _event_where(f)
        sql = ("SELECT e.*, a.published, a.source AS source_outlet, a.title, "
               "a.url AS article_url, a.ingested_at, "
               "substr(a.text, s.start_char + 1, s.end_char - s.start_char) AS sentence_text "
               "FROM events e JOIN articles a ON a.id = e.article_id "
               "LEFT JOIN sentences s ON s.article_id = e.article_id AND s.i = e.sentence"
               + where + " ORDER BY coalesce(e.date_first, a.published)"
               + (" DESC" if f.newest else "") + " NULLS LAST, "
               "e.article_id, e.trigger_start" + page(f.limit, f.offset, params))
        rows = dicts(self.con.execute(sql, params))
        parts = self._participants(rows)
        return [_event_out(r, parts.get((r["article_id"], r["id"]), {})) for r in rows]

    def count_events(self, f: EventQuery) -> int:
        where, params = _event_where(f)
        sql = "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id" + where
        return self.con.execute(sql, params).fetchone()[0]

    def _participants(self, rows: list[dict]) -> dict[tuple[str, str], dict[str, list]]:
        if not rows:
            return {}
        arts = sorted({r["article_id"] for r in rows})
        out: dict[tuple[str, str], dict[str, list]] = {}
        cur = self.con.execute(
            f"SELECT * FROM event_actors WHERE article_id IN ({marks(arts)}) "
            "ORDER BY article_id, event_id, role, position", arts)
        for p in dicts(cur):
            item = {"mention": p["mention"], "actor": p["actor"], "text": p["text"],
                    "country": p["country"], "sector": p["sector"]}
            if p["affiliation"]:
                item["affiliation"] = p["affiliation"]
            item["name"] = p["name"] or ""
            out.setdefault((p["article_id"], p["event_id"]), {}).setdefault(
                p["role"], []).append(item)
        return out

    def statements(self, f: StatementQuery) -> list[dict[str, Any]]:
        where, params = _statement_where(f)
        sql = ("SELECT st.*, a.published, a.source AS source_outlet, a.title, "
               "m.country AS speaker_country, m.sector AS speaker_sector "
               "FROM statements st JOIN articles a ON a.id = st.article_id "
               "LEFT JOIN mentions m ON m.article_id = st.article_id "
               "AND m.id = st.speaker_mention" + where +
               " ORDER BY a.published" + (" DESC" if f.newest else "") +
               " NULLS LAST, st.article_id, st.content_start"
               + page(f.limit, f.offset, params))
        return [_statement_out(r) for r in dicts(self.con.execute(sql, params))]

    def count_statements(self, f: StatementQuery) -> int:
        where, params = _statement_where(f)
        sql = ("SELECT count(*) FROM statements st JOIN articles a ON a.id = st.article_id "
               "LEFT JOIN mentions m ON m.article_id = st.article_id "
               "AND m.id = st.speaker_mention" + where)
        return self.con.execute(sql, params).fetchone()[0]

    def actors(self, ids: Iterable[str] = (), search: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Actors seen in stored articles with their mention, event and statement counts."""
        where, params = [], []
        ids = list(ids)
        if ids:
            where.append(f"ac.id IN ({marks(ids)})")
            params += ids
        if search:
            where.append("(ac.name ILIKE ? ESCAPE '!' OR ac.id ILIKE ? ESCAPE '!' "
                         "OR ac.country = ?)")
            params += [contains(search), contains(search), search.upper()]
        sql = """
            SELECT ac.id, ac.name, ac.kind, ac.country, ac.sector, ac.affiliation,
                   ac.provisional,
                   (SELECT count(*) FROM mentions m WHERE m.actor = ac.id) AS mentions,
                   (SELECT count(DISTINCT (p.article_id, p.event_id)) FROM event_actors p
                     WHERE p.actor = ac.id) AS events,
                   (SELECT count(*) FROM statements s WHERE s.speaker_actor = ac.id)
                     AS statements
            FROM actors ac"""
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY mentions DESC, ac.id"
        sql += page(limit, 0, params)
        return dicts(self.con.execute(sql, params))

    def actor_ids_matching(self, text: str) -> list[str]:
        """Actor ids whose id equals ``text`` or whose name contains it (any case)."""
        rows = self.con.execute(
            "SELECT id FROM actors WHERE id = ? OR name ILIKE ? ESCAPE '!' ORDER BY id",
            [text, contains(text)]).fetchall()
        return [r[0] for r in rows]

    def table_rows(self, table: str) -> tuple[list[str], list[tuple]]:
        """All rows of one table, for exports (table names are checked by the caller)."""
        cur = self.con.execute(f"SELECT * FROM {table}")
        return [d[0] for d in cur.description], cur.fetchall()

    def copy_to_parquet(self, table: str, path: str) -> None:
        self.con.execute(f"COPY {table} TO '{_quote_path(path)}' (FORMAT parquet)")


# ---- helpers --------------------------------------------------------------------------

def _event_where(f: EventQuery) -> tuple[str, list]:
    where, params = [], []
    if f.article:
        where.append("e.article_id = ?")
        params.append(f.article)
    if f.types:
        where.append(f"e.type IN ({marks(f.types)})")
        params += list(f.types)
    if f.statuses:
        where.append(f"e.status IN ({marks(f.statuses)})")
        params += list(f.statuses)
    if f.since:
        where.append("coalesce(e.date_last, a.published) >= ?")
        params.append(f.since)
    if f.until:
        where.append("coalesce(e.date_first, a.published) <= ?")
        params.append(f.until)
    if f.actors or f.countries:
        conds = []
        if f.actors:
            conds.append(f"p.actor IN ({marks(f.actors)})")
            params += list(f.actors)
        if f.countries:
            conds.append(f"p.country IN ({marks(f.countries)})")
            params += list(f.countries)
        where.append("EXISTS (SELECT 1 FROM event_actors p WHERE p.article_id = "
                     "e.article_id AND p.event_id = e.id AND (" + " OR ".join(conds) + "))")
    if f.text:
        where.append("(a.title ILIKE ? ESCAPE '!' OR e.trigger_text ILIKE ? ESCAPE '!' "
                     "OR EXISTS (SELECT 1 FROM sentences s2 WHERE s2.article_id = "
                     "e.article_id AND s2.i = e.sentence AND substr(a.text, "
                     "s2.start_char + 1, s2.end_char - s2.start_char) ILIKE ? ESCAPE '!'))")
        params += [contains(f.text)] * 3
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _statement_where(f: StatementQuery) -> tuple[str, list]:
    where, params = [], []
    if f.article:
        where.append("st.article_id = ?")
        params.append(f.article)
    if f.speakers:
        where.append(f"st.speaker_actor IN ({marks(f.speakers)})")
        params += list(f.speakers)
    if f.countries:
        where.append(f"m.country IN ({marks(f.countries)})")
        params += list(f.countries)
    if f.categories:
        where.append(f"st.category IN ({marks(f.categories)})")
        params += list(f.categories)
    if f.mentioned:
        where.append(f"list_has_any(st.mentions, [{marks(f.mentioned)}])")
        params += list(f.mentioned)
    if f.since:
        where.append("a.published >= ?")
        params.append(f.since)
    if f.until:
        where.append("a.published <= ?")
        params.append(f.until)
    if f.text:
        where.append("st.content_text ILIKE ? ESCAPE '!'")
        params.append(contains(f.text))
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)



def _quote_path(path: str) -> str:
    return path.replace("'", "''")



def _provisional(actor_id: str) -> bool:
    return actor_id.startswith(("person:", "org:"))


def _date_range(value: str | None, precision: str | None) -> tuple[dt.date | None, dt.date | None]:
    if not value:
        return None, None
    try:
        if precision in ("day", "published") or len(value) == 10:
            d = dt.date.fromisoformat(value[:10])
            return d, d
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
        if len(value) == 4:
            y = int(value)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        pass
    return None, None


def _speaker_cols(sp) -> tuple:
    if sp is None:
        return (None,) * 6
    return (sp.start, sp.end, sp.text, sp.mention, sp.actor, sp.name)


def _iso(d: Any) -> Any:
    return d.isoformat() if isinstance(d, dt.date | dt.datetime) else d


def _record_location(loc: dict | None) -> dict | None:
    """A location as the extraction record has it: what the text says, without the
    coordinates that listings add."""
    if loc is None:
        return None
    return {k: loc[k] for k in ("name", "country", "start", "end", "place")}


def _event_out(r: dict, parts: dict[str, list]) -> dict[str, Any]:
    location = None
    if r["location_name"] is not None or r["location_place"] is not None:
        location = with_coordinates({
            "name": r["location_name"], "country": r["location_country"],
            "start": r["location_start"], "end": r["location_end"],
            "place": r["location_place"]})
    return {
        "article": r["article_id"], "id": r["id"], "sentence": r["sentence"],
        "type": r["type"], "mode": r["mode"], "context": list(r["context"] or []),
        "cameo": r["cameo"], "quad": r["quad"],
        "source": parts.get("source", []), "target": parts.get("target", []),
        "trigger": {"start": r["trigger_start"], "end": r["trigger_end"],
                    "text": r["trigger_text"]},
        "date": r["date"], "date_precision": r["date_precision"], "date_text": r["date_text"],
        "location": location, "status": r["status"], "reported_by": r["reported_by"],
        "confidence": r["confidence"], "pattern": r["pattern"], "goldstein": r["goldstein"],
        "published": _iso(r.get("published")), "source_outlet": r.get("source_outlet"),
        "title": r.get("title"), "sentence_text": r.get("sentence_text"),
        "article_url": r.get("article_url"), "ingested_at": _iso(r.get("ingested_at")),
        "date_first": _iso(r.get("date_first")), "date_last": _iso(r.get("date_last")),
    }


def _statement_out(r: dict) -> dict[str, Any]:
    speaker = None
    if r["speaker_start"] is not None:
        speaker = {"start": r["speaker_start"], "end": r["speaker_end"],
                   "text": r["speaker_text"], "mention": r["speaker_mention"],
                   "actor": r["speaker_actor"], "name": r["speaker_name"]}
    cue = None
    if r["cue_start"] is not None:
        cue = {"start": r["cue_start"], "end": r["cue_end"], "text": r["cue_text"]}
    return {
        "article": r["article_id"], "id": r["id"], "sentence": r["sentence"],
        "kind": r["kind"], "category": r.get("category") or "speech",
        "within": r.get("within_id"),
        "speaker": speaker, "cue": cue,
        "content": {"start": r["content_start"], "end": r["content_end"],
                    "text": r["content_text"]},
        "mentions": list(r["mentions"] or []),
        "speaker_country": r.get("speaker_country"), "speaker_sector": r.get("speaker_sector"),
        "published": _iso(r.get("published")), "source_outlet": r.get("source_outlet"),
        "title": r.get("title"),
    }
