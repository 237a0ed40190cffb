"""Event records in other projects' formats: PLOVER JSON and GDELT 2.0 event rows.

PLOVER (manual, chapter "Data Fields"): one JSON object per event with ``id``, ``date``,
``actor``/``recipient`` entity lists, ``event``, ``mode``, ``context``, ``quad_code``,
``event_scale`` (Goldstein), ``event_text``, ``event_loc``, ``text`` (the evidence
sentence), ``text_info`` and ``cite_info``; our own fields (status, date precision,
reported_by, article) are added under their own names, as the manual allows.

GDELT 2.0 event table: the 61 columns of the GDELT 2.0 Event Codebook, tab-separated,
in their order (a header line on request), then two of our own: ``NewsgraphID`` (our id
``<article>:<event>``) and ``DatePrecision``. What differs, by design:
- GlobalEventID is a number, as GDELT's: the first 60 bits of the SHA-256 of our id, so
  it is the same in every export and on every machine;
- Actor codes are country + sector ("USAGOV"); *CountryCode columns hold ISO-3 codes
  (GDELT uses CAMEO country codes for actors and FIPS for places);
- Day/MonthYear/Year/FractionDate are the event's own date, not the publication date,
  filled only as far as its precision goes: a month-precision event has MonthYear and
  Year and an empty Day (SQLDATE), a year-precision one only Year;
- IsRootEvent is 1 for events in the first sentence; NumMentions/NumSources/NumArticles
  are those of the merged event the mention belongs to (independent sources, see
  docs/decisions.md), 1 when it belongs to none;
- Geo columns hold the place name and ISO-3 country when the text names one, with
  latitude and longitude for towns and cities (GeoNames, see ``newsgraph.geocode``;
  ActionGeo_Type 4), none for a country (type 1);
- SOURCEURL is the article URL, or ``newsgraph:<article>`` without one; the evidence
  sentence's character span is appended as ``#s=<start>-<end>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from newsgraph import __version__

GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode",
    "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code",
    "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode",
    "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code",
    "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
EXTRA_COLUMNS = ("NewsgraphID", "DatePrecision")  # after GDELT's 61


def _entity(p: dict) -> dict[str, Any]:
    out = {"code": p.get("country") or "", "sector": p.get("sector") or "",
           "entity_text": p.get("text") or "", "identifier_id": p.get("actor") or "",
           "identifier_text": p.get("name") or ""}
    if p.get("affiliation"):
        out["affiliation"] = p["affiliation"]
    return out


def plover_record(e: dict[str, Any]) -> dict[str, Any]:
    """One stored event (as ``Store.events`` returns it) as a PLOVER JSON record."""
    loc = e.get("location") or None
    rec: dict[str, Any] = {
        "id": f"{e['article']}:{e['id']}",
        "date": e.get("date_first") or e.get("published"),
        "actor": [_entity(p) for p in e["source"]],
        "recipient": [_entity(p) for p in e["target"]],
        "event": [e["type"]],
        "mode": [e["mode"]] if e.get("mode") else [],
        "context": list(e.get("context") or []),
        "quad_code": e["quad"],
        "event_scale": e.get("goldstein"),
        "event_text": [e["trigger"]["text"]],
        "text": e.get("sentence_text"),
        "text_info": {"sequence": e["sentence"], "start": e["trigger"]["start"],
                      "end": e["trigger"]["end"]},
        "cite_info": {"url": e.get("article_url"), "title": e.get("title"),
                      "publication": e.get("source_outlet"), "language": "en",
                      "coder": f"newsgraph {__version__}", "codebook": "plover-2.0"},
        "status": e["status"], "date_text": e.get("date_text"),
        "date_precision": e.get("date_precision"), "reported_by": e.get("reported_by"),
        "cameo": e.get("cameo"), "article": e["article"], "confidence": e.get("confidence"),
    }
    if loc:
        rec["event_loc"] = {"extracted_place": loc.get("name"),
                            "country_code": loc.get("country"), "lat": loc.get("lat"),
                            "lon": loc.get("lon"), "precision": loc.get("precision")}
    return rec


def _code(p: dict | None) -> str:
    if not p:
        return ""
    return f"{p.get('country') or ''}{p.get('sector') or ''}"


def gdelt_id(our_id: str) -> int:
    """A stable 60-bit GlobalEventID for one of our event ids."""
    return int(hashlib.sha256(our_id.encode()).hexdigest()[:15], 16)


def gdelt_row(e: dict[str, Any], counts: tuple[int, int, int] | None = None) -> list[str]:
    """One stored event as the 61 GDELT 2.0 event columns and our two (strings);
    ``counts``: (mentions, sources, articles) of its merged event."""
    first = e.get("date_first") or e.get("published")
    day = dt.date.fromisoformat(first) if first else None
    precision = e.get("date_precision") or ("published" if day else "")
    fine = precision in ("day", "published")  # SQLDATE only for a known day
    a1 = e["source"][0] if e["source"] else None
    a2 = e["target"][0] if e["target"] else None
    cameo = e.get("cameo") or ""
    loc = e.get("location") or {}
    added = (e.get("ingested_at") or "")[:19].replace("-", "").replace(":", "").replace("T", "")
    url = e.get("article_url") or f"newsgraph:{e['article']}"
    span = e["trigger"]
    row: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
    row.update({
        "GlobalEventID": str(gdelt_id(f"{e['article']}:{e['id']}")),
        "Day": day.strftime("%Y%m%d") if day and fine else "",
        "MonthYear": day.strftime("%Y%m") if day and precision != "year" else "",
        "Year": str(day.year) if day else "",
        "FractionDate": f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"
        if day and fine else "",
        "Actor1Code": _code(a1), "Actor1Name": (a1 or {}).get("name") or (a1 or {}).get("text", ""),
        "Actor1CountryCode": (a1 or {}).get("country", ""),
        "Actor1Type1Code": (a1 or {}).get("sector", ""),
        "Actor2Code": _code(a2), "Actor2Name": (a2 or {}).get("name") or (a2 or {}).get("text", ""),
        "Actor2CountryCode": (a2 or {}).get("country", ""),
        "Actor2Type1Code": (a2 or {}).get("sector", ""),
        "IsRootEvent": "1" if e["sentence"] == 0 else "0",
        "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2],
        "QuadClass": str(e["quad"]),
        "GoldsteinScale": "" if e.get("goldstein") is None else f"{e['goldstein']:.1f}",
        "NumMentions": str((counts or (1, 1, 1))[0]),
        "NumSources": str((counts or (1, 1, 1))[1]),
        "NumArticles": str((counts or (1, 1, 1))[2]),
        "ActionGeo_Type": {"city": "4", "country": "1"}.get(loc.get("precision"),
                                                            "4" if loc else ""),
        "ActionGeo_FullName": loc.get("name") or "",
        "ActionGeo_CountryCode": loc.get("country") or "",
        "ActionGeo_Lat": "" if loc.get("lat") is None else str(loc["lat"]),
        "ActionGeo_Long": "" if loc.get("lon") is None else str(loc["lon"]),
        "DATEADDED": added,
        "SOURCEURL": f"{url}#s={span['start']}-{span['end']}",
    })
    row["NewsgraphID"], row["DatePrecision"] = f"{e['article']}:{e['id']}", precision
    return [str(row[c]).replace("\t", " ").replace("\n", " ")
            for c in (*GDELT_COLUMNS, *EXTRA_COLUMNS)]
