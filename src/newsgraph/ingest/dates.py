"""Publication dates from inputs: ISO 8601, RFC 2822 (feeds, HTTP), or YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
import email.utils
import time

from newsgraph.errors import InputError


def parse_published(value: object) -> str:
    """A date as 'YYYY-MM-DD'; raises InputError naming the value when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"invalid published date {value!r}")
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    raise InputError(f"invalid published date {value!r} (expected YYYY-MM-DD or ISO 8601)")
