"""Acceptance: every actor, event and statement line of shared/seed/EXPECTED.md.

The behaviour comes from general rules and data; this test only reads the results.
"""

import re

import pytest

from tests.conftest import SEED


@pytest.fixture(scope="module")
def rec(engine):
    from newsgraph.ingest.article import Metadata
    from newsgraph.ingest.readers import read_inputs
    [article] = list(read_inputs([str(SEED)], Metadata(published="2025-10-22")))
    return engine.extract(article).to_dict()


def covering(rec, start, end):
    return [m for m in rec["mentions"] if m["start"] <= start and end <= m["end"]]


def every(rec, word):
    text = rec["article"]["text"]
    spans = [m.span() for m in re.finditer(rf"\b{re.escape(word)}\b", text)]
    assert spans, word
    return [covering(rec, a, b) for a, b in spans]


# ---- actors --------------------------------------------------------------------------

@pytest.mark.parametrize("word, actor, country, sector", [
    ("Trump", "donald-trump", "USA", "GOV"),
    ("Rutte", "mark-rutte", "IGO", "IGO"),
    ("Putin", "vladimir-putin", "RUS", "GOV"),
    ("Zelenskyy", "volodymyr-zelenskyy", "UKR", "GOV"),
])
def test_every_mention_of_each_person(rec, word, actor, country, sector):
    for found in every(rec, word):
        assert found, f"an occurrence of {word} has no mention"
        assert {(m["actor"], m["country"], m["sector"]) for m in found} == \
            {(actor, country, sector)}


def test_full_names_with_titles(rec):
    by_text = {m["text"]: m for m in rec["mentions"]}
    assert by_text["President Donald Trump"]["actor"] == "donald-trump"
    rutte = by_text["NATO Secretary-General Mark Rutte"]
    assert rutte["actor"] == "mark-rutte" and rutte["affiliation"] == "nato"
    assert by_text["Russian President Vladimir Putin"]["actor"] == "vladimir-putin"


def test_nato_white_house_kyiv_and_states(rec):
    for found in every(rec, "NATO"):
        assert found and found[0]["country"] == "IGO"
    standalone = [m for m in rec["mentions"] if m["text"] == "NATO"]
    assert standalone and all(m["actor"] == "nato" for m in standalone)
    for found in every(rec, "White House"):
        assert found and (found[0]["country"], found[0]["sector"]) == ("USA", "GOV")
    [kyiv] = every(rec, "Kyiv")
    assert kyiv and (kyiv[0]["country"], kyiv[0]["sector"]) == ("UKR", "GOV")
    for word, code in (("Ukraine", "UKR"), ("Russia", "RUS"), ("United States", "USA"),
                       ("U.S.", "USA")):
        for found in every(rec, word) if word != "U.S." else [
                covering(rec, *m.span()) for m in re.finditer(r"U\.S\.", rec["article"]["text"])]:
            assert found and found[0]["country"] == code, word


def test_pronouns(rec):
    text = rec["article"]["text"]
    expected = {
        "although he noted": "mark-rutte",
        "He stated that the purpose": "mark-rutte",
        "which he has highlighted": "donald-trump",
        "he believes the outcome": "donald-trump",
        "he acknowledged": "donald-trump",
        "where he discussed": "donald-trump",
    }
    for phrase, actor in expected.items():
        at = text.index(phrase)
        start = at + phrase.lower().index("he ")
        found = covering(rec, start, start + 2)
        assert found and found[0]["actor"] == actor, phrase


# ---- events --------------------------------------------------------------------------

def ids(parts):
    return {p["actor"] for p in parts}


def between(ev, a, b):
    both = ids(ev["source"]) | ids(ev["target"])
    return a in both and b in both


def test_1_trump_rutte_meeting(rec):
    hits = [e for e in rec["events"] if e["type"] == "CONSULT" and e["status"] == "occurred"
            and between(e, "donald-trump", "mark-rutte")]
    assert hits
    first = min(hits, key=lambda e: e["trigger"]["start"])
    assert (first["date"], first["date_precision"], first["date_text"]) == \
        ("2025-10-22", "day", "Wednesday")
    visits = [e for e in rec["events"] if e["type"] == "CONSULT" and e["status"] == "occurred"
              and "mark-rutte" in ids(e["source"]) and e["mode"] == "visit"
              and any(p["country"] == "USA" for p in e["target"])]
    assert visits, "Rutte visited the White House"


def test_2_putin_meeting_was_canceled(rec):
    involving = [e for e in rec["events"] if "vladimir-putin" in ids(e["source"] + e["target"])]
    assert not [e for e in involving if e["type"] == "CONSULT" and e["status"] == "occurred"]
    assert [e for e in involving if e["type"] == "CONSULT" and e["status"] == "canceled"]
    rejects = [e for e in involving if e["type"] == "REJECT" and e["mode"] == "meet"
               and "donald-trump" in ids(e["source"]) and "vladimir-putin" in ids(e["target"])]
    assert rejects


def test_3_no_missiles_sent(rec):
    aid = [e for e in rec["events"] if e["type"] == "AID"
           and any(p["country"] == "UKR" for p in e["target"])]
    assert aid and all(e["status"] != "occurred" for e in aid)
    assert any(e["status"] == "hypothetical" for e in aid)


def test_4_no_assault_between_ukraine_and_russia(rec):
    for e in rec["events"]:
        if e["type"] in ("ASSAULT", "COERCE") and e["status"] == "occurred":
            countries = {p["country"] for p in e["source"] + e["target"]}
            assert not {"UKR", "RUS"} <= countries


def test_5_august_meeting_with_zelenskyy(rec):
    hits = [e for e in rec["events"] if e["type"] == "CONSULT" and e["status"] == "occurred"
            and between(e, "donald-trump", "volodymyr-zelenskyy")]
    assert hits
    assert any((e["date"], e["date_precision"]) == ("2025-08", "month") for e in hits)


# ---- statements ----------------------------------------------------------------------

@pytest.mark.parametrize("surface, actor, cue, kind, starts", [
    ("Trump", "donald-trump", "stated", "indirect",
     "the decision to cancel the meeting with Putin"),
    ("he", "mark-rutte", "noted", "direct", "no peace plan is on the table"),
    ("He", "mark-rutte", "stated", "indirect", "the purpose of his visit was"),
    ("Trump", "donald-trump", "stating", "indirect", "while it is still possible"),
    ("Trump", "donald-trump", "reiterated his belief", "indirect",
     "the war should end with a stop at the battle line"),
    ("Rutte", "mark-rutte", "emphasized", "indirect", "the need for continued NATO support"),
    ("Rutte", "mark-rutte", "emphasized", "indirect", "the importance of continued collaboration"),
])
def test_statements(rec, surface, actor, cue, kind, starts):
    hits = [s for s in rec["statements"] if s["content"]["text"].startswith(starts)]
    assert len(hits) == 1, [s["content"]["text"] for s in rec["statements"]]
    s = hits[0]
    assert (s["speaker"]["text"], s["speaker"]["actor"]) == (surface, actor)
    assert s["cue"]["text"] == cue and s["kind"] == kind
    text = rec["article"]["text"]
    assert text[s["content"]["start"]:s["content"]["end"]] == s["content"]["text"]


def test_direct_quote_content_is_inside_the_marks(rec):
    [s] = [s for s in rec["statements"] if s["kind"] == "direct"]
    assert s["content"]["text"] == "no peace plan is on the table"


def test_events_in_statements_are_reported_not_acted(rec):
    text = rec["article"]["text"]
    inside = [e for e in rec["events"]
              if text.index("Trump stated that") < e["trigger"]["start"] < text.index(
                  "The meeting with Rutte occurred")]
    assert inside and all(e["reported_by"] == "donald-trump" for e in inside)
    assert all("donald-trump" not in ids(e["source"]) for e in inside)
