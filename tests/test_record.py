"""Every record satisfies SCHEMA.md: keys, types, codes, and offsets into the text."""

from newsgraph.model import PLOVER_TYPES, PRECISIONS, STATUSES
from tests.conftest import SEED


def check_span(text, item, key="text"):
    assert text[item["start"]:item["end"]] == item[key]


def check_record(rec):
    art = rec["article"]
    text = art["text"]
    assert set(art) >= {"id", "input_id", "url", "source", "title", "published", "language",
                        "text"}
    assert len(art["id"]) == 16
    for s in rec["sentences"]:
        assert 0 <= s["start"] < s["end"] <= len(text)
    ids = set()
    for m in rec["mentions"]:
        assert set(m) >= {"id", "sentence", "start", "end", "text", "actor", "name", "kind",
                          "country", "sector", "role"}
        check_span(text, m)
        ids.add(m["id"])
    for e in rec["events"]:
        assert e["type"] in PLOVER_TYPES and e["status"] in STATUSES
        assert e["quad"] in (1, 2, 3, 4) and e["cameo"].isdigit()
        assert e["date_precision"] in (*PRECISIONS, None)
        assert isinstance(e["context"], list) and 0 <= e["confidence"] <= 1
        check_span(text, e["trigger"])
        for p in e["source"] + e["target"]:
            assert set(p) >= {"actor", "text", "country", "sector"}
            # an unresolved side shows its noun phrase: no mention, no actor
            assert p["mention"] in ids or (p["mention"] is None and p["actor"] == "")
            assert p["text"] in text
        if e["location"]:
            check_span(text, e["location"], "name")
    for s in rec["statements"]:
        assert s["kind"] in ("direct", "indirect", "mixed")
        check_span(text, s["content"])
        if s["cue"]:
            check_span(text, s["cue"])
        if s["speaker"]:
            check_span(text, s["speaker"])
            assert s["speaker"]["mention"] in ids | {None}


def test_seed_record_satisfies_schema(engine):
    from newsgraph.ingest.article import Metadata
    from newsgraph.ingest.readers import read_inputs
    [article] = list(read_inputs([str(SEED)], Metadata(published="2025-10-22")))
    check_record(engine.extract(article).to_dict())


def test_records_of_varied_text(extract):
    for text in ("", "No actors here at all.", "“Unclosed quote\nNext paragraph.",
                 "A. B. C.", "Iran said. He said. She said that “it” was."):
        if text:
            check_record(extract(text))
