"""The store: migrations, one transaction per article, idempotence, queries."""

import json

import pytest

from newsgraph.errors import StoreError
from newsgraph.model import Article
from newsgraph.store import Store
from newsgraph.store.db import EventQuery, StatementQuery

TEXT = ("Kenyan officials met Ethiopian diplomats in Nairobi on Monday. "
        "The Kenyan foreign minister said that the border would reopen.")


@pytest.fixture(scope="module")
def record(engine):
    return engine.extract(Article(text=TEXT, published="2024-03-06", source="Wire"))


def test_migrations_are_named_and_recorded(tmp_path):
    path = tmp_path / "m.duckdb"
    with Store(path) as s:
        names = [n for n, _ in s.migrations()]
        assert names == ["0001_initial", "0002_linking", "0003_merged_evidence",
                         "0004_statement_category", "0005_merged_keys"]
    with Store(path) as s:  # reopening applies nothing again
        assert s.migrate() == []


def test_a_store_from_an_older_version_is_migrated_even_when_opened_to_read(tmp_path):
    import duckdb

    from newsgraph.store.migrations import MIGRATIONS
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    for sql in MIGRATIONS[0][1]:
        con.execute(sql)
    con.execute("INSERT INTO _migrations VALUES ('0001_initial', now())")
    con.close()
    with Store(path, read_only=True) as s:
        assert [n for n, _ in s.migrations()] == [n for n, _ in MIGRATIONS]
        assert s.linked.stories() == []


def test_evidence_migration_fills_what_linking_writes(tmp_path, record):
    """0003 fills stored merged events (linked before it existed) with the evidence,
    actors and countries that linking now keeps on the row."""
    from newsgraph.link.linker import Linker
    from newsgraph.store.migrations import MIGRATIONS
    with Store(tmp_path / "e.duckdb") as s:
        linker = Linker(s.links)
        s.add_record(record, link=lambda r: linker.link(r.to_dict()))
        cols = "id, evidence, actors, countries"
        linked = s.con.execute(f"SELECT {cols} FROM merged_events ORDER BY id").fetchall()
        assert linked and all(r[1] != "[]" and r[2] and r[3] for r in linked)
        s.con.execute("UPDATE merged_events SET evidence = NULL, actors = NULL, "
                      "countries = NULL")
        for sql in [q for q in dict(MIGRATIONS)["0003_merged_evidence"]
                    if q.startswith("UPDATE")]:
            s.con.execute(sql)
        filled = s.con.execute(f"SELECT {cols} FROM merged_events ORDER BY id").fetchall()
    assert [(i, json.loads(e), a, c) for i, e, a, c in filled] == \
        [(i, json.loads(e), a, c) for i, e, a, c in linked]


def test_add_record_once(store, record):
    assert store.add_record(record) is True
    counts = store.counts()
    assert store.add_record(record) is False
    assert store.counts() == counts
    assert counts["articles"] == 1 and counts["events"] >= 1 and counts["statements"] >= 1


def test_record_round_trip_matches_extraction(store, record):
    store.add_record(record)
    stored = store.record(record.article.id)
    original = record.to_dict()
    for key in ("sentences", "mentions", "events", "statements"):
        assert stored[key] == original[key], key
    assert stored["article"]["text"] == original["article"]["text"]


def test_failure_mid_article_leaves_nothing(store, record, monkeypatch):
    real = Store._insert

    def failing(self, table, rows, on_conflict=""):
        if table == "events":
            raise RuntimeError("disk full")
        return real(self, table, rows, on_conflict)
    monkeypatch.setattr(Store, "_insert", failing)
    with pytest.raises(StoreError):
        store.add_record(record)
    monkeypatch.undo()
    assert store.counts()["articles"] == 0 and store.counts()["sentences"] == 0
    assert store.counts()["mentions"] == 0
    assert store.add_record(record) is True  # and it can be stored afterwards


def test_event_filters(store, record):
    store.add_record(record)
    [ev] = store.events(EventQuery(types=("CONSULT",), countries=("KEN",)))
    assert ev["date"] == "2024-03-04" and ev["date_precision"] == "day"
    assert ev["sentence_text"].startswith("Kenyan officials met")
    assert store.events(EventQuery(types=("ASSAULT",))) == []
    assert len(store.events(EventQuery(since=__import__("datetime").date(2024, 3, 4)))) >= 1
    assert store.events(EventQuery(until=__import__("datetime").date(2024, 3, 1))) == []
    assert store.count_events(EventQuery(types=("CONSULT",))) == 1


def test_statement_filters(store, record):
    store.add_record(record)
    [st] = store.statements(StatementQuery(text="border"))
    assert st["content"]["text"] == "the border would reopen"
    assert store.statements(StatementQuery(text="nothing like this")) == []
