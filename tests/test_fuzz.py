"""Fuzzing (issue 16): random and mutated inputs for every reader and for the API's query
parameters and bodies. The property: every item is stored or rejected with a reason, no
exception escapes, no request answers 500, and the store counts what it was told it
stored. `make test` runs the quick profile (a few dozen cases each); `make fuzz` runs
the long one (NEWSGRAPH_FUZZ=long: thousands of cases each, see RELIABILITY.md)."""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.ingest.article import Metadata
from newsgraph.ingest.readers import read_inputs
from newsgraph.model import Article, Rejected
from newsgraph.settings import Settings

pytest.importorskip("fastapi")
from tests.test_serve_api import make_client  # noqa: E402

LONG = os.environ.get("NEWSGRAPH_FUZZ") == "long"
settings.register_profile("quick", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.register_profile("long", max_examples=2500, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.load_profile("long" if LONG else "quick")

SEEDS = [
    b'{"id": "a", "text": "Chad and Niger signed a water accord."}\n',
    b"<html><head><title>T</title></head><body><p>Mali recalled its envoy.</p></body></html>",
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>D</title><item><link>'
    b"http://example.org/1</link><description>Mali met Chad.</description></item>"
    b"</channel></rss>",
    "Niger’s junta met Chad’s envoy in Niamey.".encode(),
]
EXTENSIONS = [".txt", ".html", ".jsonl", ".xml", ".jsonl.gz", ".bin"]


@st.composite
def mutated(draw):
    """A seed document with random bytes flipped, inserted or cut, or random bytes."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=3000))
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        op = draw(st.sampled_from(["flip", "insert", "cut"]))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif data:
            del data[at:at + draw(st.integers(1, 40))]
    return bytes(data)


def _check(items):
    assert items, "every input gives at least one item"
    for item in items:
        assert isinstance(item, Article | Rejected)
        if isinstance(item, Rejected):
            assert item.reason and item.item


@given(data=mutated(), ext=st.sampled_from(EXTENSIONS))
def test_every_file_is_read_or_rejected_with_a_reason(tmp_path_factory, data, ext):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"input{ext}"
    path.write_bytes(gzip.compress(data) if ext.endswith(".gz") else data)
    _check(list(read_inputs([str(path)], Metadata(), Settings(max_bytes=20_000))))


@given(lines=st.lists(st.one_of(st.text(max_size=200), st.builds(
    lambda t, d: json.dumps({"text": t, "published": d}),
    st.text(max_size=200), st.one_of(st.none(), st.text(max_size=12)))), max_size=6))
def test_every_stdin_line_is_read_or_rejected(lines):
    items = list(read_inputs(["-"], Metadata(), Settings(),
                             stdin=io.StringIO("\n".join(lines) + "\n")))
    assert all(isinstance(i, Article | Rejected) for i in items)


QUERY_KEYS = ["actor", "country", "type", "status", "since", "until", "q", "limit",
              "offset", "merged", "story", "min_sources", "speaker"]


@pytest.fixture(scope="module")
def api(tmp_path_factory, engine):
    with make_client(tmp_path_factory.mktemp("api"), engine) as c:
        yield c


@given(path=st.sampled_from(["/api/events", "/api/statements", "/api/actors",
                             "/api/stories", "/api/articles"]),
       params=st.dictionaries(st.sampled_from(QUERY_KEYS),
                              st.one_of(st.text(max_size=30), st.integers().map(str)),
                              max_size=5))
def test_query_parameters_never_answer_500(api, path, params):
    r = api.get(path, params=params)
    assert r.status_code in (200, 400, 404, 422), (r.status_code, r.text[:200])
    assert isinstance(r.json(), dict)


@given(body=st.one_of(st.binary(max_size=600), st.builds(
    lambda t, d: json.dumps({"text": t, "published": d}).encode(),
    st.text(max_size=300), st.one_of(st.none(), st.text(max_size=12)))),
    kind=st.sampled_from(["application/json", "application/x-ndjson", "text/plain"]))
def test_ingest_bodies_never_answer_500_and_the_store_counts_them(api, body, kind):
    before = api.get("/api/articles").json()["total"]
    r = api.post("/api/ingest", content=body, headers={"Content-Type": kind})
    assert r.status_code in (200, 400, 413, 415, 422), (r.status_code, r.text[:200])
    if r.status_code == 200:
        stored = len(r.json()["stored"])
        assert api.get("/api/articles").json()["total"] == before + stored
