"""Time expressions: find them in a Doc and resolve them against the publication date.

Resolution follows news usage: a weekday or a month without a year is the most recent
one on or before the publication date for what happened, and the next one for what is
planned ("will meet on Friday"). The result carries its precision: day, month or year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from newsgraph.extraction.syntax import doc_text

WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9

_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
          r"November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)")
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

# Ordered: the longest readings first, so "3 May 2021" wins over "May".
PATTERNS = [
    ("iso", re.compile(rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("day_month_year", re.compile(rf"\b{_DAY} {_MONTH},? {_YEAR}\b")),
    ("month_day_year", re.compile(rf"\b{_MONTH} {_DAY},? {_YEAR}\b")),
    ("day_month", re.compile(rf"\b{_DAY} {_MONTH}\b")),
    ("month_day", re.compile(rf"\b{_MONTH} {_DAY}\b(?!,? (?:19|20)\d\d)(?! (?:percent|per|of)\b)")),
    ("month_year", re.compile(rf"\b{_MONTH},? {_YEAR}\b")),
    # A bare month needs a preposition or qualifier: "May" alone is often a name.
    ("month", re.compile(rf"\b(?i:in|since|during|until|by|early|mid|late|last|next|this)[ -]"
                         rf"{_MONTH}(?!\w)")),
    ("weekday", re.compile(rf"\b(?:(?P<rel>(?i:last|next|this)) )?{_WEEKDAY}\b")),
    ("relative", re.compile(r"\b(?P<rel>yesterday|today|tonight|last night|this morning|"
                            r"this afternoon|this evening|earlier today|"
                            r"(?:last|this|next|earlier this|later this) "
                            r"(?:week|month|year|weekend))\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten) "
                       r"(?P<unit>day|week|month|year)s? ago\b", re.I)),
    ("year", re.compile(rf"\b(?i:in|since|during|until|by|of|early|late|mid-?) {_YEAR}\b")),
]
NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(slots=True)
class Timex:
    start: int  # character offsets in the doc text
    end: int
    text: str
    kind: str
    groups: dict
    tok_start: int = 0
    tok_end: int = 0


@dataclass(slots=True, frozen=True)
class ResolvedDate:
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | month | year
    first: dt.date
    last: dt.date


def find_timexes(doc: Doc) -> list[Timex]:
    text = doc_text(doc)
    taken: list[tuple[int, int]] = []
    found: list[Timex] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span()
            if kind == "month":
                s = m.start("month")
            if any(s < te and ts < e for ts, te in taken):
                continue
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            taken.append((s, e))
            found.append(Timex(s, e, text[s:e], kind, m.groupdict(), span.start, span.end))
    found.sort(key=lambda t: t.start)
    return found


def resolve(tx: Timex, published: dt.date | None, forward: bool = False) -> ResolvedDate | None:
    """The date a time expression denotes, or None when it cannot be resolved."""
    g = tx.groups
    try:
        if tx.kind == "iso":
            return _day(dt.date(int(g["year"]), int(g["m"]), int(g["d"])))
        if tx.kind in ("day_month_year", "month_day_year"):
            month = MONTHS[g["month"].lower().rstrip(".")]
            return _day(dt.date(int(g["year"]), month, int(g["day"])))
        if tx.kind == "month_year":
            return _month(int(g["year"]), MONTHS[g["month"].lower().rstrip(".")])
        if tx.kind == "year":
            return _year(int(g["year"]))
    except ValueError:
        return None
    if published is None:
        return None
    p = published
    try:
        if tx.kind in ("day_month", "month_day"):
            month, day = MONTHS[g["month"].lower().rstrip(".")], int(g["day"])
            cand = dt.date(p.year, month, day)
            if forward and cand < p:
                cand = dt.date(p.year + 1, month, day)
            elif not forward and cand > p:
                cand = dt.date(p.year - 1, month, day)
            return _day(cand)
        if tx.kind == "month":
            month = MONTHS[g["month"].lower().rstrip(".")]
            year = p.year
            if forward and month < p.month:
                year += 1
            elif not forward and month > p.month:
                year -= 1
            return _month(year, month)
    except ValueError:
        return None
    if tx.kind == "weekday":
        target = WEEKDAYS[g["weekday"].lower()]
        rel = (g.get("rel") or "").lower()
        if rel == "next" or (forward and rel != "last"):
            delta = (target - p.weekday()) % 7 or (7 if rel == "next" else 0)
            return _day(p + dt.timedelta(days=delta))
        delta = (p.weekday() - target) % 7
        if rel == "last" and delta == 0:
            delta = 7
        return _day(p - dt.timedelta(days=delta))
    if tx.kind == "relative":
        rel = g["rel"].lower()
        if rel == "yesterday":
            return _day(p - dt.timedelta(days=1))
        if rel in ("today", "tonight", "last night", "this morning", "this afternoon",
                   "this evening", "earlier today"):
            return _day(p - dt.timedelta(days=1) if rel == "last night" else p)
        unit = rel.split()[-1]
        shift = -1 if rel.startswith("last") else 1 if rel.startswith("next") else 0
        if unit in ("week", "weekend"):
            d = p + dt.timedelta(days=7 * shift)
            return _month(d.year, d.month)  # a week has no precision of its own here
        if unit == "month":
            y, m = divmod(p.year * 12 + p.month - 1 + shift, 12)
            return _month(y, m + 1)
        if unit == "year":
            return _year(p.year + shift)
    if tx.kind == "ago":
        n = NUMBERS.get(g["n"].lower()) if not g["n"].isdigit() else int(g["n"])
        unit = g["unit"].lower()
        if unit == "day":
            return _day(p - dt.timedelta(days=n))
        if unit == "week":
            d = p - dt.timedelta(days=7 * n)
            return _month(d.year, d.month)
        if unit == "month":
            y, m = divmod(p.year * 12 + p.month - 1 - n, 12)
            return _month(y, m + 1)
        return _year(p.year - n)
    return None


def _day(d: dt.date) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day", d, d)


def _month(year: int, month: int) -> ResolvedDate:
    last = calendar.monthrange(year, month)[1]
    return ResolvedDate(f"{year:04d}-{month:02d}", "month", dt.date(year, month, 1),
                        dt.date(year, month, last))


def _year(year: int) -> ResolvedDate:
    return ResolvedDate(str(year), "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
