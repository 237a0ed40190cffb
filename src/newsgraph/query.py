"""User filters -> store queries. Shared by the CLI, exports and the web API.

Filters are validated here (a clear QueryError names the bad value); the store receives
only checked, typed values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from newsgraph.errors import QueryError
from newsgraph.model import CATEGORIES, PLOVER_TYPES, STATUSES
from newsgraph.store.browse import ArticleQuery
from newsgraph.store.db import EventQuery, StatementQuery, Store
from newsgraph.store.links import MergedQuery

COUNTRY_CODE = re.compile(r"^(?:[A-Z]{3}|IGO)$")


def parse_date(value: str | dt.date | None, name: str = "date") -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date(int(text[:4]), int(text[5:]), 1)
        return dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise QueryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from exc


def _split(values: str | Iterable[str] | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [v.strip() for item in values for v in str(item).split(",") if v.strip()]


def event_types(values) -> tuple[str, ...]:
    out = []
    for v in _split(values):
        t = v.upper()
        if t not in PLOVER_TYPES:
            raise QueryError(f"type: {v!r} is not a PLOVER event type "
                             f"({', '.join(PLOVER_TYPES)})")
        out.append(t)
    return tuple(out)


def statuses(values, default: str | None = "occurred") -> tuple[str, ...]:
    vals = _split(values)
    if not vals:
        return (default,) if default else ()
    if any(v.lower() in ("all", "any") for v in vals):
        return ()
    out = []
    for v in vals:
        if v.lower() not in STATUSES:
            raise QueryError(f"status: {v!r} is not one of {', '.join(STATUSES)} or 'all'")
        out.append(v.lower())
    return tuple(out)


def resolve_actors(store: Store, values) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """--actor values -> (actor ids, country codes). A value is an actor id, a country code
    ('UKR', 'IGO') or part of a name; a value that matches nothing is an error."""
    ids: list[str] = []
    countries: list[str] = []
    for v in _split(values):
        if COUNTRY_CODE.match(v):
            countries.append(v)
            continue
        found = store.actor_ids_matching(v)
        if not found:
            raise QueryError(f"actor: nothing in the store matches {v!r}")
        ids += found
    return tuple(dict.fromkeys(ids)), tuple(dict.fromkeys(countries))


SORTS = ("oldest", "newest")


def newest_first(sort: str | None) -> bool:
    if sort in (None, "", "oldest"):
        return False
    if sort == "newest":
        return True
    raise QueryError(f"sort: {sort!r} is not one of {', '.join(SORTS)}")


def event_query(store: Store, *, actor=None, country=None, type=None, status=None,
                since=None, until=None, q=None, article=None, limit=None,
                offset: int = 0, sort: str | None = None) -> EventQuery:
    ids, countries = resolve_actors(store, actor)
    countries += tuple(c.upper() for c in _split(country))
    return EventQuery(actors=ids, countries=countries, types=event_types(type),
                      statuses=statuses(status), since=parse_date(since, "since"),
                      until=parse_date(until, "until"), text=q or None, article=article,
                      limit=_limit(limit), offset=_offset(offset), newest=newest_first(sort))


def merged_query(store: Store, *, actor=None, country=None, type=None, status=None,
                 since=None, until=None, q=None, story=None, min_sources=0, limit=None,
                 offset: int = 0) -> MergedQuery:
    ids, countries = resolve_actors(store, actor)
    countries += tuple(c.upper() for c in _split(country))
    return MergedQuery(actors=ids, countries=countries, types=event_types(type),
                       statuses=statuses(status), since=parse_date(since, "since"),
                       until=parse_date(until, "until"), text=q or None,
                       story=story or None,
                       min_sources=_offset(min_sources), limit=_limit(limit),
                       offset=_offset(offset))


def article_query(*, q=None, source=None, since=None, until=None, story=None, limit=None,
                  offset: int = 0) -> ArticleQuery:
    return ArticleQuery(text=q or None, source=source or None,
                        since=parse_date(since, "since"), until=parse_date(until, "until"),
                        story=story or None, limit=_limit(limit), offset=_offset(offset))


def statement_categories(values) -> tuple[str, ...]:
    out = []
    for v in _split(values):
        if v.lower() in ("all", "any"):
            return ()
        if v.lower() not in CATEGORIES:
            raise QueryError(f"category: {v!r} is not one of {', '.join(CATEGORIES)} or 'all'")
        out.append(v.lower())
    return tuple(out)


def statement_query(store: Store, *, speaker=None, actor=None, country=None, category=None,
                    since=None, until=None, q=None, article=None, limit=None,
                    offset: int = 0, sort: str | None = None) -> StatementQuery:
    speakers, speaker_countries = resolve_actors(store, speaker)
    mentioned, mentioned_countries = resolve_actors(store, actor)
    countries = speaker_countries + tuple(c.upper() for c in _split(country))
    if mentioned_countries:
        mentioned += tuple(f"country:{c}" for c in mentioned_countries)
    return StatementQuery(speakers=speakers, countries=countries, mentioned=mentioned,
                          categories=statement_categories(category),
                          since=parse_date(since, "since"), until=parse_date(until, "until"),
                          text=q or None, article=article, limit=_limit(limit),
                          offset=_offset(offset), newest=newest_first(sort))


def _limit(value) -> int | None:
    if value is None:
        return None
    n = int(value)
    if n < 0:
        raise QueryError("limit must not be negative")
    return n


# The largest offset taken: beyond any store, and below DuckDB's BIGINT (2^63 - 1).
MAX_OFFSET = 2**53 - 1


def _offset(value) -> int:
    n = int(value or 0)
    if n < 0:
        raise QueryError("offset must not be negative")
    if n > MAX_OFFSET:
        raise QueryError(f"offset must be at most {MAX_OFFSET}")
    return n
