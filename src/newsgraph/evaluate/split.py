"""Fixed halves of a development set: one to tune rules on, one to report untouched.

A record's half is decided by the SHA-256 of its id alone, so it never changes when the
file is reordered or grows, and anyone can recompute it. Rules are written while
reading the ``tune`` half's sentences; the ``holdout`` half is only ever scored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

HALVES = ("tune", "holdout")


def half_of(record_id: str) -> str:
    return "tune" if hashlib.sha256(str(record_id).encode()).digest()[0] % 2 == 0 else "holdout"


def record_id(record: dict) -> str:
    """The id a gold record is split by: GSR ``id``, PLV ``sentence_id``."""
    for key in ("id", "sentence_id"):
        if record.get(key) is not None:
            return str(record[key])
    raise KeyError("gold record has neither 'id' nor 'sentence_id'")


def select(records: Iterable[dict], half: str | None) -> Iterator[dict]:
    if half is not None and half not in HALVES:
        raise ValueError(f"half must be one of {', '.join(HALVES)}, got {half!r}")
    for r in records:
        if half is None or half_of(record_id(r)) == half:
            yield r
