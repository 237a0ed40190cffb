"""Writers for files other tools read: JSON Lines records, CSV and Parquet tables."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from newsgraph.errors import QueryError
from newsgraph.store.db import EventQuery, StatementQuery, Store

TABLES = ("events", "event_actors", "mentions", "statements", "articles", "sentences", "actors",
          "merged_events", "stories")

EVENT_COLUMNS = (
    "article", "id", "published", "date", "date_precision", "type", "mode", "status",
    "cameo", "quad", "goldstein", "source", "source_text", "source_country", "source_sector",
    "target", "target_text", "target_country", "target_sector", "trigger", "location",
    "location_country", "reported_by", "confidence", "source_outlet", "sentence_text",
)
MERGED_COLUMNS = (
    "id", "type", "mode", "status", "source", "source_country", "target", "target_country",
    "date", "date_precision", "location", "location_country", "num_mentions",
    "num_articles", "num_sources", "first_seen", "last_seen", "evidence",
)
STATEMENT_COLUMNS = (
    "article", "id", "published", "kind", "category", "speaker", "speaker_text", "speaker_country",
    "cue", "content", "mentions", "source_outlet",
)


def flat_merged(e: dict[str, Any]) -> dict[str, Any]:
    """One merged event as a flat row; evidence as 'article:sentence' joined with ';'."""
    def join(parts: list[dict], key: str) -> str:
        return ";".join(str(p.get(key) or "") for p in parts)

    loc = e.get("location") or {}
    row = {k: e.get(k) for k in MERGED_COLUMNS}
    row.update({
        "source": join(e["source"], "actor"), "source_country": join(e["source"], "country"),
        "target": join(e["target"], "actor"), "target_country": join(e["target"], "country"),
        "location": loc.get("name"), "location_country": loc.get("country"),
        "evidence": ";".join(f"{v['article']}:{v['sentence']}" for v in e["evidence"]),
    })
    return row


def flat_event(e: dict[str, Any]) -> dict[str, Any]:
    """One event as a flat row; several sources or targets are joined with ';'."""
    def join(parts: list[dict], key: str) -> str:
        return ";".join(str(p.get(key) or "") for p in parts)

    loc = e.get("location") or {}
    return {
        "article": e["article"], "id": e["id"], "published": e.get("published"),
        "date": e["date"], "date_precision": e["date_precision"], "type": e["type"],
        "mode": e["mode"], "status": e["status"], "cameo": e["cameo"], "quad": e["quad"],
        "goldstein": e.get("goldstein"),
        "source": join(e["source"], "actor"), "source_text": join(e["source"], "text"),
        "source_country": join(e["source"], "country"),
        "source_sector": join(e["source"], "sector"),
        "target": join(e["target"], "actor"), "target_text": join(e["target"], "text"),
        "target_country": join(e["target"], "country"),
        "target_sector": join(e["target"], "sector"),
        "trigger": e["trigger"]["text"], "location": loc.get("name"),
        "location_country": loc.get("country"), "reported_by": e["reported_by"],
        "confidence": e["confidence"], "source_outlet": e.get("source_outlet"),
        "sentence_text": e.get("sentence_text"),
    }


def flat_statement(s: dict[str, Any]) -> dict[str, Any]:
    sp = s.get("speaker") or {}
    return {
        "article": s["article"], "id": s["id"], "published": s.get("published"),
        "kind": s["kind"], "category": s.get("category"), "speaker": sp.get("actor"),
        "speaker_text": sp.get("text"),
        "speaker_country": s.get("speaker_country"),
        "cue": (s.get("cue") or {}).get("text"), "content": s["content"]["text"],
        "mentions": ";".join(s.get("mentions") or []), "source_outlet": s.get("source_outlet"),
    }


def write_jsonl(rows: Iterable[dict], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[dict], columns: Iterable[str], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def export_table_csv(store: Store, table: str, out: IO[str],
                     events: EventQuery | None = None) -> int:
    """One table as CSV; the events table as its flat rows, filtered by ``events``
    (the caller's statuses: by default only what occurred, as every other listing)."""
    _check_table(table)
    if table == "events":
        return write_csv((flat_event(e) for e in store.events(events or EventQuery())),
                         EVENT_COLUMNS, out)
    if table == "statements":
        return write_csv((flat_statement(s) for s in store.statements(StatementQuery())),
                         STATEMENT_COLUMNS, out)
    cols, rows = store.table_rows(table)
    writer = csv.writer(out)
    writer.writerow(cols)
    writer.writerows(rows)
    return len(rows)


def export_parquet(store: Store, table: str, path: Path) -> list[Path]:
    """One table to a file, or every table into a folder when ``table`` is 'all'."""
    if table == "all":
        path.mkdir(parents=True, exist_ok=True)
        written = []
        for t in TABLES:
            target = path / f"{t}.parquet"
            store.copy_to_parquet(t, str(target))
            written.append(target)
        return written
    _check_table(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    store.copy_to_parquet(table, str(path))
    return [path]


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise QueryError(f"table: {table!r} is not one of {', '.join(TABLES)}")
