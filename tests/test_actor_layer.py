"""The historical actor layer converted from the Phoenix dictionaries, and the dated
checks every actor entry passes: the shipped file is a fresh conversion, each line
validates, curated entries win, layer names count only when written as names, surnames
of the layer stand for their person only after the full name, and office holders do not
overlap unless marked concurrent."""

import collections
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from newsgraph.knowledge.actors import LAYER_FILES, KnowledgeBase
from newsgraph.knowledge.files import data_dir, iter_jsonl, jsonl_files
from newsgraph.knowledge.schema import ActorEntry, Person
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
ACTORS = data_dir("actors")
LAYER = [obj for _n, obj in iter_jsonl(ACTORS / LAYER_FILES[0])]
# Offices with one holder at a time.
SINGLE = ("President", "Prime Minister", "Foreign Minister", "Defence Minister",
          "Interior Minister", "Finance Minister", "Secretary-General", "King", "Queen",
          "Chancellor", "Central Bank Governor", "Vice President", "Head of State", "Emir",
          "Sultan", "Pope", "Supreme Leader")


def test_the_shipped_layer_is_the_conversion_of_the_dictionaries():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "convert_phoenix_actors.py"),
                          str(SHARED / "data" / "petrarch2"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_layer_line_validates_and_is_loaded(kb):
    adapter = TypeAdapter(ActorEntry)
    assert len(LAYER) > 15000
    for line in LAYER:
        entry = adapter.validate_python(line)
        assert entry.ignore_case
        table = kb.people if entry.type == "person" else kb.organizations
        assert entry.id in table
    assert KnowledgeBase.validate() == []


def test_layer_entries_are_parsed_when_first_used(kb):
    pid = next(x["id"] for x in LAYER if x["type"] == "person" and x["id"] in kb.people.raw)
    person = kb.people[pid]
    assert person.id == pid and pid not in kb.people.raw and pid in kb.people.ready


def test_curated_entries_win_over_the_layer(kb):
    curated = {json.loads(x)["id"] for f in ACTORS.glob("*.jsonl") if f.name not in
               LAYER_FILES for x in f.open() if x.strip()}
    assert not curated & {x["id"] for x in LAYER}
    # a person of the curated file keeps its entry (roles with titles), not the layer's
    assert kb.people["vladimir-putin"].roles[0].title


def test_a_layer_person_resolves_with_the_country_of_the_dictionary(engine):
    line = next(x for x in LAYER if x["type"] == "person" and x["country"] == "AFG"
                and len(x["names"][0].split()) >= 3)
    got = engine.resolve_phrases([(line["names"][0], "2010-01-01")])[0]
    assert got["actor"] == line["id"] and got["country"] == "AFG"


@pytest.mark.parametrize("phrase, coded", [
    ("the Office of Management and Budget", ("USA", "GOV")),  # [USAGOV]
    ("the Defense Intelligence Agency", ("USA", "MIL")),       # [USAMILSPY]: first sector
])
def test_a_layer_agency_resolves_with_country_and_sector(engine, phrase, coded):
    got = engine.resolve_phrases([(phrase, "2012-01-01")])[0]
    assert (got["country"], got["sector"]) == coded


@pytest.mark.parametrize("text", [
    "an intelligence community review was ordered.",   # lower case: a phrase, no name
    "Organization matters, the coach said.",           # a common word dropped from names
])
def test_layer_names_must_be_written_as_names(engine, text):
    found = engine.resolve_phrases([(text, "2012-01-01")])[0]
    assert found["actor"] not in {x["id"] for x in LAYER}


def test_a_layer_surname_alone_stands_for_nobody(extract):
    line = next(x for x in LAYER if x["type"] == "person" and x["short"])
    rec = extract(f"{line['short'][0]} arrived in the capital on Monday.", "2010-01-01")
    assert line["id"] not in {m["actor"] for m in rec["mentions"]}
    rec = extract(f"{line['names'][0]} arrived on Monday. Later {line['short'][0]} left.",
                  "2010-01-01")
    assert [m["actor"] for m in rec["mentions"]].count(line["id"]) == 2


def _people():
    for f in jsonl_files(ACTORS):
        for _n, obj in iter_jsonl(f):
            if obj["type"] == "person":
                yield Person.model_validate(obj)


def test_holders_of_one_office_do_not_overlap_unless_marked_concurrent():
    offices = collections.defaultdict(list)
    for p in _people():
        for r in p.roles:
            if r.title in SINGLE:
                offices[(r.title, r.org or r.country)].append((r, p.id))
    problems = []
    for office, held in offices.items():
        held.sort(key=lambda x: x[0].start or dt.date.min)
        for i, (b, pb) in enumerate(held):
            for a, pa in held[:i]:
                ends = a.end or dt.date.max
                if b.start and b.start < ends and not (a.concurrent or b.concurrent):
                    problems.append(f"{office}: {pa} until {a.end}, {pb} from {b.start}")
    assert problems == []


def test_no_role_falls_outside_a_life():
    problems = []
    for p in _people():
        for r in p.roles:
            if p.born and r.start and not p.born <= r.start.year <= p.born + 100:
                problems.append(f"{p.id}: {r.title} from {r.start}, born {p.born}")
            if r.start and r.start > dt.date(2026, 12, 31):
                problems.append(f"{p.id}: {r.title} starts in the future ({r.start})")
    assert problems == []


def test_layer_entries_resolve_from_their_names(engine):
    """Every 40th entry of the layer, from its first name in a neutral sentence, on a
    date in its last role: the few that miss lose to a hand-written name or title."""
    from newsgraph.model import Article

    sample = LAYER[::40]
    arts = []
    for e in sample:
        day = max((r["from"] for r in e.get("roles", []) if r["from"]), default="2010-01-01")
        arts.append(Article(text=f"Officials said {e['names'][0]} rejected the plan.",
                            published=day))
    missed = [e["id"] for e, rec in zip(sample, engine.extract_many(arts, n_items=1),
                                        strict=True)
              if e["id"] not in {m["actor"] for m in rec.to_dict()["mentions"]}]
    assert len(missed) <= 0.05 * len(sample), missed
