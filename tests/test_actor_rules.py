"""Resolver rules for phrases outside the development data (issue 13, item 4): out of
office, presiding officers of a body, IGO bodies by function, partially recognised
entities, organisations whose sector changes with time, and dates that are no dates."""

import json

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.knowledge.schema import Organization


def resolve(engine, phrase, date="2022-06-01"):
    got = engine.resolve_phrases([(phrase, date)])[0]
    return got["country"], got["sector"]


@pytest.mark.parametrize("phrase, coded", [
    ("a former Brazilian defence minister", ("BRA", "ELI")),
    ("the ex-interior minister of Peru", ("PER", "ELI")),
    ("two former French intelligence officers", ("FRA", "ELI")),
    ("the onetime Kenyan police chief", ("KEN", "ELI")),
])
def test_former_officials_are_out_of_office(engine, phrase, coded):
    assert resolve(engine, phrase) == coded


def test_a_former_head_of_state_is_not_the_present_one(engine):
    got = engine.resolve_phrases([("the former French president", "2022-06-01")])[0]
    assert got["sector"] == "ELI" and got["actor"] == "country:FRA:ELI"


@pytest.mark.parametrize("phrase, coded", [
    ("the president of the Bundestag", ("DEU", "LEG")),
    ("the speaker of the Knesset", ("ISR", "LEG")),
])
def test_the_presiding_officer_of_a_body_is_coded_with_the_body(engine, phrase, coded):
    got = engine.resolve_phrases([(phrase, "2022-06-01")])[0]
    assert (got["country"], got["sector"]) == coded and got["kind"] != "person"


@pytest.mark.parametrize("phrase, sector", [
    ("the International Court of Justice", "JUD"),
    ("the World Health Organization", "MED"),
    ("the UN Security Council", "GOV"),
    ("the UN refugee agency", "REF"),
    ("the European Court of Human Rights", "JUD"),
])
def test_igo_bodies_keep_country_igo_and_carry_their_function(engine, phrase, sector):
    assert resolve(engine, phrase) == ("IGO", sector)


@pytest.mark.parametrize("phrase, country", [
    ("Transnistria", "MDA"), ("South Ossetia", "GEO"), ("Somaliland", "SOM"),
    ("Northern Cyprus", "CYP"),
])
def test_partially_recognised_entities_are_pre_of_the_claiming_state(engine, phrase, country):
    assert resolve(engine, phrase) == (country, "PRE")


@pytest.mark.parametrize("date, sector", [
    ("1995-01-10", "REB"), ("1999-03-01", "GOV"), ("2010-07-01", "REB"), ("2023-02-01", "GOV"),
])
def test_a_group_in_power_is_coded_by_the_date(engine, date, sector):
    assert resolve(engine, "the Taliban", date) == ("AFG", sector)


def test_dated_sectors_must_not_overlap():
    with pytest.raises(ValueError, match="overlap"):
        Organization.model_validate({
            "type": "organization", "id": "x-front", "kind": "armed_group", "name": "X Front",
            "names": ["X Front"], "country": "AFG", "sector": "REB",
            "sectors": [{"sector": "REB", "to": "2001-01-01"},
                        {"sector": "GOV", "from": "2000-06-01"}]})


def test_a_known_person_introduced_by_an_igo_acts_for_it(engine):
    got = engine.resolve_phrases([("UN envoy Kofi Annan", "2012-03-01")])[0]
    assert got["country"] == "IGO"


def test_a_date_that_is_no_date_is_an_error_naming_the_item():
    runner = CliRunner()
    r = runner.invoke(cli, ["actors", "resolve", "the speaker", "--date", "2021-02-30"])
    assert r.exit_code == 2 and "2021-02-30" in r.output
    lines = '{"text": "the mayor", "date": "last week"}\n{"text": "Iranian police"}\n'
    r = runner.invoke(cli, ["actors", "resolve", "-"], input=lines)
    assert r.exit_code == 3
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert "stdin line 1" in out[0]["error"] and "last week" in out[0]["error"]
    assert out[1]["country"] == "IRN"  # the rest of the batch goes on


def test_a_full_name_coded_without_a_parse_is_coded_as_with_one(engine, monkeypatch):
    """`actors resolve` codes a phrase that is exactly one person's or organisation's
    name without parsing it: the result must be the parse's."""
    people = list(engine.kb.people)[::150] + list(engine.kb.organizations)[::60]
    items = [(engine.kb.actor(i).name, "2015-06-01") for i in people]
    fast = engine._resolve_chunk(items)
    assert sum(engine._known_name(t, d) is not None for t, d in items) > len(items) / 2
    monkeypatch.setattr(engine, "_known_name", lambda text, date: None)
    parsed = engine._resolve_chunk(items)
    differ = [(f["text"], f["actor"], p["actor"]) for f, p in zip(fast, parsed, strict=True)
              if (f["actor"], f["country"], f["sector"]) != (p["actor"], p["country"],
                                                             p["sector"])]
    assert len(differ) <= 0.03 * len(items), differ


def test_an_igo_in_a_description_in_apposition_codes_the_person(extract):
    """"X, the United Nations relief coordinator": a person who holds no role of ours on
    the date acts for the IGO the description names; the IGO stays a mention too."""
    from newsgraph.knowledge.actors import LAYER_FILES
    from newsgraph.knowledge.files import data_dir, iter_jsonl

    layer = data_dir("actors") / LAYER_FILES[0]
    person = next(p for _n, p in iter_jsonl(layer) if p["type"] == "person"
                  and p["country"] == "JPN" and len(p["names"][0].split()) == 2
                  and all(r["to"] and r["to"] < "2020" for r in p["roles"]))
    rec = extract(f"{person['names'][0]}, the United Nations refugee coordinator, visited "
                  "the camp on Monday.", "2022-05-01")
    coded = {m["actor"]: (m["country"], m["sector"]) for m in rec["mentions"]}
    assert coded[person["id"]][0] == "IGO"
    assert "un" in coded
