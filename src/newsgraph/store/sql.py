"""Small helpers shared by the store modules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def marks(values: Sequence) -> str:
    """Placeholders for an IN list."""
    return ", ".join(["?"] * len(values))


def dicts(cur) -> list[dict[str, Any]]:
    """Rows of a cursor as dicts keyed by column name."""
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def page(limit: int | None, offset: int, params: list) -> str:
    """LIMIT/OFFSET clauses; their values go to ``params``."""
    sql = ""
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    if offset:
        sql += " OFFSET ?"
        params.append(int(offset))
    return sql


def contains(text: str) -> str:
    """An ILIKE pattern for ``text`` anywhere, its own % and _ taken literally (use with
    ``ILIKE ? ESCAPE '!'``)."""
    escaped = text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f"%{escaped}%"


def shown_outlet(column: str) -> str:
    """An outlet as lists show it: an article with no known outlet counts as its own
    (``article:<id>``, so it is one independent source) but is shown as "unknown"."""
    return f"CASE WHEN {column} LIKE 'article:%' THEN 'unknown' ELSE {column} END"
