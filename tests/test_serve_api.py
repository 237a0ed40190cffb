"""The JSON API and the pages, in-process (FastAPI's TestClient)."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import SEED

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from newsgraph.serve.app import create_app  # noqa: E402
from newsgraph.serve.state import ServerState  # noqa: E402
from newsgraph.settings import Settings  # noqa: E402

BASE = "http://127.0.0.1:8000"  # a name the server answers to (not "testserver")
EVIL = ("<script>alert('owned')</script> Kenyan officials met Ethiopian diplomats in "
        "Nairobi on Monday. \"<img src=x onerror=alert(1)>\" the minister said.")


def make_client(tmp_path, engine, token=None, loopback=True, max_bytes=None):
    settings = Settings(db=tmp_path / "serve.duckdb", jobs=1,
                        **({"max_bytes": max_bytes} if max_bytes else {}))
    state = ServerState(settings, token, loopback)
    state.ng._extractor = engine  # the session's pipeline
    return TestClient(create_app(settings, state=state), base_url=BASE)


@pytest.fixture
def client(tmp_path, engine):
    with make_client(tmp_path, engine) as c:
        r = c.post("/api/ingest", json={"text": SEED.read_text(), "published": "2025-10-22",
                                        "source": "Wire A", "title": "Trump meets Rutte"})
        assert r.status_code == 200, r.text
        yield c


def test_events_are_merged_by_default_and_paginated(client):
    r = client.get("/api/events", params={"actor": "mark-rutte", "type": "CONSULT"})
    body = r.json()
    assert r.status_code == 200 and body["total"] == 1
    [e] = body["items"]
    assert e["num_mentions"] >= 2 and e["evidence"][0]["text"]
    mentions = client.get("/api/events", params={"merged": "false", "type": "CONSULT",
                                                 "limit": 2}).json()
    assert len(mentions["items"]) == 2 and mentions["total"] > 2
    assert "sentence_text" in mentions["items"][0]
    everything = client.get("/api/events", params={"status": "all", "limit": 1000}).json()
    page = client.get("/api/events", params={"status": "all", "limit": 3, "offset": 3})
    assert page.json()["items"] == everything["items"][3:6]


def test_the_events_page_downloads_exactly_its_filter(client):
    page = client.get("/events", params={"status": "all", "type": "CONSULT"}).text
    assert "/events/download?fmt=csv&amp;status=all&amp;type=CONSULT" in page
    everything = client.get("/api/events", params={"status": "all", "type": "CONSULT",
                                                   "limit": 1000}).json()
    r = client.get("/events/download", params={"fmt": "csv", "status": "all",
                                               "type": "CONSULT"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    lines = r.text.splitlines()
    assert lines[0].startswith("id,type") and len(lines) - 1 == everything["total"]
    r = client.get("/events/download", params={"fmt": "jsonl", "status": "all",
                                               "type": "CONSULT"})
    assert [json.loads(x)["id"] for x in r.text.splitlines()] == \
        [e["id"] for e in everything["items"]]
    assert client.get("/events/download", params={"fmt": "xls"}).status_code == 422


def test_the_events_page_counts_its_filter_by_type_country_and_week(client):
    everything = client.get("/api/events", params={"status": "all", "limit": 1000}).json()
    page = client.get("/events", params={"status": "all"}).text
    assert "Counts of this filter" in page
    by_type: dict[str, int] = {}
    for e in everything["items"]:
        by_type[e["type"]] = by_type.get(e["type"], 0) + 1
    for t, n in by_type.items():
        assert f'<td>{t}</td><td class="num">{n}</td>' in page
    assert '<table class="count-country">' in page and "<td>USA</td>" in page
    assert "<td>2025-10-20</td>" in page  # the week of the meeting (a Monday)


def test_the_statements_page_filters_and_links_each_statement_to_its_sentence(client):
    page = client.get("/statements", params={"speaker": "donald-trump"})
    assert page.status_code == 200 and "Statements" in page.text
    api = client.get("/api/statements", params={"speaker": "donald-trump"}).json()
    assert api["total"] > 0
    first = api["items"][0]
    assert f'/articles/{first["article"]}?s={first["sentence"]}' in page.text
    assert "2025-10-22" in page.text and "wire a" in page.text.lower()
    bad = client.get("/statements", params={"since": "yesterday"})
    assert bad.status_code == 200 and 'role="alert"' in bad.text


def test_other_lists_share_the_shape(client):
    for path in ("/api/statements", "/api/actors", "/api/stories", "/api/articles"):
        body = client.get(path).json()
        assert set(body) == {"items", "total"} and body["total"] >= 1, path
    said = client.get("/api/statements", params={"speaker": "mark-rutte"}).json()
    assert said["items"] and all(s["speaker"]["actor"] == "mark-rutte"
                                 for s in said["items"])


def test_one_of_each(client):
    [art] = client.get("/api/articles").json()["items"]
    rec = client.get(f"/api/articles/{art['id']}").json()
    assert rec["article"]["title"] == "Trump meets Rutte" and rec["links"]["story_id"]
    actor = client.get("/api/actors/mark-rutte").json()
    assert actor["timeline"] and any(p["actor"] == "donald-trump" for p in actor["network"])
    story = client.get(f"/api/stories/{rec['links']['story_id']}").json()
    assert story["articles"][0]["id"] == art["id"] and story["events"]


def test_errors_are_json_with_the_right_status(client):
    r = client.get("/api/events", params={"type": "PARADE"})
    assert r.status_code == 400 and "PLOVER" in r.json()["error"]
    r = client.get("/api/events", params={"since": "yesterday"})
    assert r.status_code == 400 and "since" in r.json()["error"]
    assert client.get("/api/events", params={"limit": -1}).status_code == 422
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and "nope" in r.json()["error"]
    assert client.get("/api/actors/nobody").status_code == 404
    r = client.post("/api/ingest", content=b"{not json", headers={"content-type":
                                                                  "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["error"]
    assert client.get("/articles/nope").status_code == 404


def test_ingest_reports_each_item(client):
    lines = "\n".join([json.dumps({"text": "Kenya and Uganda signed a trade deal on Monday.",
                                   "published": "2025-10-21"}),
                       "{broken", json.dumps({"text": "   "})])
    r = client.post("/api/ingest", content=lines.encode(),
                    headers={"content-type": "application/x-ndjson"})
    body = r.json()
    assert len(body["stored"]) == 1 and len(body["rejected"]) == 2
    assert all(x["reason"] for x in body["rejected"])
    again = client.post("/api/ingest", json={"text": SEED.read_text(), "source": "Wire A"})
    assert again.json()["already"] and not again.json()["stored"]


def test_ingest_needs_the_token_when_one_is_set(tmp_path, engine):
    with make_client(tmp_path, engine, token="s3cret") as c:
        doc = {"text": "Kenya and Uganda signed a trade deal on Monday."}
        assert c.post("/api/ingest", json=doc).status_code == 401
        bad = c.post("/api/ingest", json=doc, headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
        ok = c.post("/api/ingest", json=doc, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and ok.json()["stored"]


def test_ingest_is_refused_beyond_loopback_without_a_token(tmp_path, engine):
    with make_client(tmp_path, engine, loopback=False) as c:
        r = c.post("/api/ingest", json={"text": "Kenya and Uganda signed a deal."})
        assert r.status_code == 403 and "NEWSGRAPH_TOKEN" in r.json()["error"]
        assert c.get("/api/events").status_code == 200  # reading is open


def test_request_size_is_limited(tmp_path, engine):
    with make_client(tmp_path, engine, max_bytes=1000) as c:
        r = c.post("/api/ingest", json={"text": "x " * 1000})
        assert r.status_code == 413 and "limit" in r.json()["error"]
        # a chunked body (no content-length) is counted as it arrives
        big = (json.dumps({"text": "y " * 300}).encode() for _ in range(3))
        r = c.post("/api/ingest", content=big,
                   headers={"content-type": "application/x-ndjson"})
        assert r.status_code == 413
        small = (b for b in [json.dumps({"text": "Kenya and Uganda met on Monday."})
                             .encode()])
        r = c.post("/api/ingest", content=small,
                   headers={"content-type": "application/x-ndjson"})
        assert r.status_code == 200 and len(r.json()["stored"]) == 1


def test_untrusted_text_is_inert_on_every_page(client):
    r = client.post("/api/ingest", json={"text": EVIL, "title": "<b>bold</b> & <script>x</script>",
                                         "published": "2025-10-21"})
    [aid] = r.json()["stored"]
    pages = [f"/articles/{aid}", "/articles", "/events?status=all", "/stories",
             "/actors/country:KEN:GOV"]
    story = client.get(f"/api/articles/{aid}").json()["links"]["story_id"]
    pages.append(f"/stories/{story}")
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html and "<script>x" not in html, path
        assert "<img src=x" not in html and "<b>bold</b>" not in html, path
    html = client.get(f"/articles/{aid}").text
    assert "alert(&#39;owned&#39;)&lt;/script&gt;" in html


def test_pages_render(client):
    for path in ("/events", "/events?type=CONSULT&status=all", "/articles", "/actors",
                 "/actors/donald-trump", "/stories", "/extract"):
        r = client.get(path)
        assert r.status_code == 200 and "newsgraph" in r.text, path
    r = client.get("/events?type=PARADE")
    assert r.status_code == 200 and "not a PLOVER event type" in r.text
    assert client.get("/vendor/plotly.min.js").status_code == 200
    assert client.get("/docs").status_code == 200


def form_token(client) -> str:
    """The anti-forgery token of the /extract form, as a browser would read it."""
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/extract").text).group(1)


def test_extract_page_stores_nothing_unless_asked(client):
    before = client.get("/api/articles").json()["total"]
    r = client.post("/extract", data={"text": "Kenya and Uganda signed a trade deal on "
                                              "Monday.", "published": "2025-10-21",
                                      "csrf": form_token(client)})
    assert r.status_code == 200 and "not stored" in r.text and "trigger" in r.text
    assert client.get("/api/articles").json()["total"] == before
    r = client.post("/extract", data={"text": "Kenya and Uganda signed a trade deal on "
                                              "Monday.", "store": "1",
                                      "csrf": form_token(client)},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/articles/")
    assert client.get("/api/articles").json()["total"] == before + 1


def test_the_server_parses_in_a_process_of_its_own(tmp_path, engine):
    """What `newsgraph serve` runs: extraction in a worker process gives the same record
    as in-process extraction, and the server stores and links it."""
    settings = Settings(db=tmp_path / "p.duckdb")
    state = ServerState(settings, None, True, extraction_process=True)
    with TestClient(create_app(settings, state=state), base_url=BASE) as c:
        r = c.post("/api/ingest", json={"text": SEED.read_text(), "published": "2025-10-22",
                                        "source": "Wire A"})
        assert r.status_code == 200 and len(r.json()["stored"]) == 1
        got = c.get("/api/articles/" + r.json()["stored"][0]).json()
        events = c.get("/api/events", params={"status": "all"}).json()
    from newsgraph.model import Article
    want = engine.extract(Article(text=SEED.read_text(), published="2025-10-22",
                                  source="Wire A")).to_dict()
    for key in ("events", "statements"):
        assert sorted(got[key], key=lambda x: x["id"]) == \
            sorted(want[key], key=lambda x: x["id"]), key
    assert events["total"] >= 1


def test_status_says_when_the_listing_is_loaded(client):
    body = client.get("/api/status").json()
    assert body["listing"] in ("ready", "loading") and body["ingest"] is True
