"""The event coder: roles, passives, coordination, nominal events, places, dates, codes,
derived PLOVER events and the exports."""

import json

import pytest

from newsgraph.knowledge.rules import Rules

RULES = Rules.load()


def events(extract, text, published="2025-10-22"):
    return extract(text, published)["events"]


def one(extract, text, type_, published="2025-10-22"):
    found = [e for e in events(extract, text, published) if e["type"] == type_]
    assert len(found) == 1, found
    return found[0]


def countries(parts):
    return {p["country"] for p in parts}


def test_passive_puts_the_agent_first(extract):
    e = one(extract, "Ukrainian positions were attacked by Russian forces.", "ASSAULT")
    assert countries(e["source"]) == {"RUS"} and countries(e["target"]) == {"UKR"}


def test_coordinated_parties_of_a_two_sided_event(extract):
    """"A and B agreed": an agreement between A and B (the first party as source)."""
    e = one(extract, "Senior Hungarian and Romanian officials agreed on a new border regime.",
            "AGREE")
    assert countries(e["source"]) == {"HUN"} and countries(e["target"]) == {"ROU"}


def test_coordinated_sources_of_a_one_sided_event(extract):
    e = one(extract, "Croatian and Bosnian police arrested six Serbian smugglers.", "COERCE")
    assert countries(e["source"]) == {"HRV", "BIH"} and countries(e["target"]) == {"SRB"}


def test_unresolved_side_keeps_its_noun_phrase(extract):
    """An object that names no actor is shown as text, with no actor or mention; it
    never makes an event on its own."""
    e = one(extract, "The Malian opposition leader rejected the announcement.", "REJECT")
    assert [(p["text"], p["actor"], p["mention"]) for p in e["target"]] == [
        ("the announcement", "", None)]
    assert not events(extract, "The storm destroyed the harvest.")


@pytest.mark.parametrize("text, type_, source, target", [
    ("The meeting between Ghana and Togo lasted two hours.", "CONSULT", "GHA", "TGO"),
    ("Egypt's visit to Sudan was short.", "CONSULT", "EGY", "SDN"),
    ("An attack on Kurdish villages by Turkish forces killed six.", "ASSAULT", "TUR", None),
    ("New sanctions against Belarus took effect on Monday.", "SANCTION", None, "BLR"),
    ("Peru held talks with Chile.", "CONSULT", "PER", "CHL"),
])
def test_nominal_events(extract, text, type_, source, target):
    e = [e for e in events(extract, text) if e["type"] == type_][0]
    if source:
        assert source in countries(e["source"])
    if target:
        assert target in countries(e["target"])


@pytest.mark.parametrize("text, type_, target", [
    ("Russian forces shelled Kyiv overnight.", "ASSAULT", ("Kyiv", "UKR", "CVL")),
    ("Police imposed a curfew in Mombasa after the riots.", "COERCE",
     ("Mombasa", "KEN", "CVL")),
    ("Gunmen opened fire at a checkpoint in Kandahar.", "ASSAULT", ("Kandahar", "AFG", "CVL")),
    ("Ukraine's president visited Moscow on Monday.", "CONSULT", ("Moscow", "RUS", "GOV")),
])
def test_force_on_a_city_targets_its_people(extract, text, type_, target):
    rec = extract(text, "2024-05-01")
    e = [e for e in rec["events"] if e["type"] == type_][0]
    got = [(t["text"], t["country"], t["sector"]) for t in e["target"]]
    assert got == [target]
    by_id = {m["id"]: m for m in rec["mentions"]}
    assert by_id[e["target"][0]["mention"]]["text"] == target[0]


@pytest.mark.parametrize("text, types", [
    ("Nigerian unions called a strike over fuel prices.", {"PROTEST"}),
    ("Workers staged a strike at Volkswagen's plant in Wolfsburg.", {"PROTEST"}),
    ("Pakistan began retaliatory strikes on militant hideouts.", {"ASSAULT"}),
    ("Militants attacked the Law Faculty at Kabul University.", {"ASSAULT"}),
    ("The opposition attacked the government's budget plan.", {"ACCUSE"}),
    ("Israel carried out a strike on Hezbollah positions.", {"ASSAULT"}),
    ("Russian missile strikes hit Kharkiv.", {"ASSAULT"}),
])
def test_a_strike_is_a_protest_unless_it_hits_something(extract, text, types):
    assert {e["type"] for e in events(extract, text)} == types


@pytest.mark.parametrize("text, target", [
    ("Ghana threatened to cut diplomatic relations with Togo.", "TGO"),
    ("Peru threatened to close the border unless Chile withdrew its troops.", "CHL"),
    ("Kenyan farmers threatened to block the highway if the Ugandan government raises "
     "tariffs.", "UGA"),
])
def test_a_threat_is_aimed_at_the_act_or_the_condition(extract, text, target):
    e = [e for e in events(extract, text) if e["type"] == "THREATEN"][0]
    assert countries(e["target"]) == {target}


def test_one_event_for_a_verb_and_its_event_noun(extract):
    found = events(extract, "Britain's Royal Mail workers staged a 48-hour strike.")
    assert [e["type"] for e in found] == ["PROTEST"]
    assert countries(found[0]["source"]) == {"GBR"}


@pytest.mark.parametrize("text, type_, target", [
    ("The United States froze Tehran's assets.", "COERCE", [("IRN", "GOV")]),
    ("Rival militias clashed in Tripoli overnight.", "ASSAULT", []),
])
def test_force_on_a_city_has_limits(extract, text, type_, target):
    e = one(extract, text, type_)
    assert [(t["country"], t["sector"]) for t in e["target"]] == target


def test_a_protest_in_the_capital_is_aimed_at_the_government(extract):
    e = one(extract, "Thousands of students demonstrated in Nairobi on Friday.", "PROTEST")
    assert [(t["country"], t["sector"]) for t in e["target"]] == [("KEN", "GOV")]


def test_codes_quad_and_goldstein(extract):
    e = one(extract, "Germany sent tanks to Ukraine on Monday.", "AID")
    assert (e["cameo"], e["quad"], e["goldstein"], e["context"]) == ("072", 2, 8.3, ["military"])
    e = one(extract, "Russian forces attacked Ukrainian positions.", "ASSAULT")
    assert (e["quad"], e["goldstein"]) == (4, -10.0)


def test_place_from_the_text(extract):
    e = one(extract, "Japanese officials met Chinese diplomats in Moscow on Tuesday.", "CONSULT")
    assert (e["location"]["name"], e["location"]["country"]) == ("Moscow", "RUS")
    e = one(extract, "The Dutch prime minister met Kenyan officials at the White House.",
            "CONSULT")
    assert e["location"]["country"] == "USA"


def test_dates_follow_the_tense(extract):
    e = one(extract, "Japanese officials met Chinese diplomats on Monday.", "CONSULT")
    assert (e["date"], e["date_precision"]) == ("2025-10-20", "day")
    planned = [e for e in events(extract, "Japanese officials will meet Chinese diplomats "
                                          "on Monday.") if e["type"] == "CONSULT"][0]
    assert planned["status"] == "planned" and planned["date"] == "2025-10-27"
    e = one(extract, "Japanese officials met Chinese diplomats.", "CONSULT")
    assert (e["date"], e["date_precision"]) == ("2025-10-22", "published")


@pytest.mark.parametrize("text, status", [
    ("Japan did not meet Chinese officials.", "negated"),
    ("Japan refused to meet Chinese officials.", "negated"),
    ("Japan could meet Chinese officials.", "hypothetical"),
    ("If Japan meets Chinese officials, the talks will resume.", "hypothetical"),
    ("Japan plans to meet Chinese officials.", "planned"),
    ("Japan is expected to meet Chinese officials.", "planned"),
    ("A meeting between Japan and China was called off.", "canceled"),
    ("The postponed meeting between Japan and China was not rescheduled.", "canceled"),
    ("The United States urged Japan to meet Chinese officials.", "requested"),
])
def test_status(extract, text, status):
    consult = [e for e in events(extract, text) if e["type"] == "CONSULT"]
    assert consult and consult[0]["status"] == status, consult


@pytest.mark.parametrize("rule", RULES.derive, ids=lambda r: r.id)
def test_derived_event_examples(extract, rule):
    for ex in rule.examples:
        found = [e for e in events(extract, ex.text) if e["pattern"] == rule.id]
        assert found, (ex.text, events(extract, ex.text))
        e = found[0]
        assert e["type"] == rule.type and e["status"] == "occurred"
        if ex.source:
            assert ex.source in countries(e["source"]) | {p["actor"] for p in e["source"]}
        if ex.target:
            assert ex.target in countries(e["target"]) | {p["actor"] for p in e["target"]}


@pytest.mark.parametrize("rule", RULES.senses, ids=lambda r: r.id)
def test_second_readings(extract, rule):
    """The first example reads the second way (or is no event), the second keeps the
    first reading."""
    first, second = rule.examples[0], rule.examples[1]
    if rule.to_type is None:
        assert not [e for e in events(extract, first.text) if e["type"] == rule.type], \
            events(extract, first.text)
    else:
        recoded = [e for e in events(extract, first.text) if e["pattern"] == rule.id]
        assert recoded and recoded[0]["type"] == rule.to_type, events(extract, first.text)
        assert first.target in countries(recoded[0]["target"])
    kept = [e for e in events(extract, second.text) if e["type"] == rule.type]
    assert kept and not [e for e in events(extract, second.text) if e["pattern"] == rule.id]


def test_announced_event_keeps_its_own_status(extract):
    evs = events(extract, "Iran said it would launch a new offensive against Iraq.")
    assert {(e["type"], e["status"]) for e in evs} >= {("THREATEN", "occurred"),
                                                      ("ASSAULT", "hypothetical")}


def test_protest_topic_is_not_a_separate_request(extract):
    evs = events(extract, "Thousands of Bolivian students marched to demand lower fees.")
    assert [e["type"] for e in evs] == ["PROTEST"]


def test_every_pattern_code_agrees_with_the_cameo_table():
    for p in RULES.patterns:
        known = RULES.cameo[p.cameo]
        assert known.type == p.type or p.cameo_approx, p.id


def test_exports_plover_and_gdelt(tmp_path):
    from click.testing import CliRunner

    from newsgraph.cli import cli
    from newsgraph.formats import EXTRA_COLUMNS, GDELT_COLUMNS, gdelt_id
    db = tmp_path / "s.duckdb"
    art = tmp_path / "a.txt"
    art.write_text("Germany sent tanks to Ukraine on Monday. Iran could attack Iraq.")
    runner = CliRunner()
    runner.invoke(cli, ["ingest", str(art), "--published", "2025-10-22", "--db", str(db),
                        "-j", "1", "--url", "https://example.org/a"])
    out = runner.invoke(cli, ["export", "--format", "plover", "--db", str(db)]).output
    [rec] = [json.loads(x) for x in out.splitlines()]  # the hypothetical attack is left out
    assert rec["event"] == ["AID"] and rec["actor"][0]["code"] == "DEU"
    assert rec["recipient"][0]["code"] == "UKR" and rec["date"] == "2025-10-20"
    assert rec["cite_info"]["url"] == "https://example.org/a" and rec["text"].startswith("Germany")
    out = runner.invoke(cli, ["export", "--format", "gdelt", "--status", "all", "--header",
                              "--db", str(db)]).output
    head, *rows = [line.split("\t") for line in out.splitlines()]
    assert head == [*GDELT_COLUMNS, *EXTRA_COLUMNS] and len(GDELT_COLUMNS) == 61
    assert len(rows) == 2 and all(len(r) == len(head) for r in rows)
    aid = dict(zip(head, rows[0], strict=True))
    assert (aid["Day"], aid["Actor1Code"], aid["EventCode"], aid["QuadClass"]) == \
        ("20251020", "DEU", "072", "2")
    assert aid["SOURCEURL"].startswith("https://example.org/a#s=")
    # an integer id, stable across exports, with ours beside it; counts of the happening
    assert int(aid["GlobalEventID"]) == gdelt_id(aid["NewsgraphID"])
    assert (aid["NumMentions"], aid["NumSources"], aid["NumArticles"]) == ("1", "1", "1")
    assert aid["DatePrecision"] == "day"


def test_gdelt_dates_go_only_as_far_as_their_precision():
    from newsgraph.formats import EXTRA_COLUMNS, GDELT_COLUMNS, gdelt_row
    columns = (*GDELT_COLUMNS, *EXTRA_COLUMNS)
    base = {"article": "a1", "id": "e0", "source": [], "target": [], "sentence": 0,
            "quad": 1, "trigger": {"start": 0, "end": 3}}
    month = dict(zip(columns, gdelt_row(
        {**base, "date_first": "2025-03-01", "date_precision": "month"}, (4, 3, 4)),
        strict=True))
    year = dict(zip(columns, gdelt_row(
        {**base, "date_first": "2025-01-01", "date_precision": "year"}), strict=True))
    assert (month["Day"], month["MonthYear"], month["Year"]) == ("", "202503", "2025")
    assert (year["Day"], year["MonthYear"], year["Year"]) == ("", "", "2025")
    assert (month["NumMentions"], month["NumSources"], month["NumArticles"]) == ("4", "3", "4")
