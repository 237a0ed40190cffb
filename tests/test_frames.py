"""Listings of the Python API convert to Arrow, pandas and polars."""

from __future__ import annotations

import pytest

from newsgraph.frames import Rows
from tests.conftest import SEED


@pytest.fixture(scope="module")
def ng(tmp_path_factory, engine):
    from newsgraph.api import Newsgraph
    from newsgraph.settings import Settings
    graph = Newsgraph(Settings(db=tmp_path_factory.mktemp("frames") / "f.duckdb", jobs=1))
    graph._extractor = engine
    graph.ingest([str(SEED)], published="2025-10-22", source="Wire A")
    yield graph
    graph.close()


@pytest.mark.parametrize("listing", ["events", "merged_events", "statements", "stories",
                                     "articles", "actors"])
def test_each_listing_is_still_a_list_and_converts(ng, listing):
    rows = getattr(ng, listing)()
    assert isinstance(rows, list) and rows
    table = rows.to_arrow()
    assert table.num_rows == len(rows) and set(rows[0]) <= set(table.column_names)
    assert rows.to_pandas().shape[0] == len(rows)
    assert rows.to_polars().height == len(rows)


def test_nested_sides_stay_nested_and_every_rows_fields_are_kept(ng):
    events = ng.events(status="all")
    table = events.to_arrow()
    first = table.column("source").to_pylist()[0][0]
    assert first["actor"] == events[0]["source"][0]["actor"]
    uneven = Rows([{"a": 1}, {"a": 2, "b": "x"}])  # a later row with a field more
    assert uneven.to_arrow().column("b").to_pylist() == [None, "x"]
    assert Rows().to_arrow().num_rows == 0
