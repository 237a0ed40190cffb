"""Users' own actors: CSV and PETRARCH dictionaries, imported, used, kept across runs."""

import json

from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.knowledge.importers import import_file, read_petrarch

PETRARCH = """# a small dictionary in the Phoenix format
ZORAN_VELKOVSKI_  [MKDBUS]
+VELKOVSKI_
[MKDGOV 150301-190630]
[MKDELI >190630]
<!-- organisations -->
FRONT_FOR_COASTAL_UNITY_  [MKDREB]
+FCU_
"""

CSV = """id,name,aliases,kind,country,sector,title,from,to,gender,short
ada-quill,Ada Quill,A. Quill,person,NZL,GOV,Foreign Minister,2030-01-01,2033-01-01,f,Quill
ada-quill,Ada Quill,,person,NZL,GOV,Prime Minister,2033-01-01,,f,
,Southern Lakes Militia,SLM,organization,NZL,REB,,,,,
"""


def test_petrarch_format_is_read():
    entries, errors = read_petrarch(PETRARCH, "d.txt")
    assert errors == []
    (l1, person), (l2, org) = entries
    assert l1 == 2 and person["type"] == "person" and person["names"] == ["Zoran Velkovski"]
    assert person["short"] == ["Velkovski"]
    assert person["roles"][0] == {"title": "", "country": "MKD", "sector": "GOV",
                                  "from": "2015-03-01", "to": "2019-06-30"}
    assert person["roles"][1]["from"] == "2019-06-30" and person["roles"][1]["to"] is None
    assert org["type"] == "organization" and org["names"] == ["Front For Coastal Unity", "FCU"]
    assert (org["country"], org["sector"]) == ("MKD", "REB")


def test_petrarch_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.actors.txt"
    bad.write_text("+ORPHAN_\nSOMEONE_\n[MKDGOV 159999-160101]\n")
    result = import_file(bad, tmp_path / "out")
    assert result.path is None
    assert any(e.startswith(f"{bad}:1:") for e in result.errors)
    assert any(e.startswith(f"{bad}:3:") and "date" in e for e in result.errors)


def test_csv_rows_with_one_id_are_one_actor(tmp_path):
    src = tmp_path / "mine.csv"
    src.write_text(CSV)
    result = import_file(src, tmp_path / "out")
    assert result.errors == [] and result.path.exists()
    person, org = result.entries
    assert [r["title"] for r in person["roles"]] == ["Foreign Minister", "Prime Minister"]
    assert org["id"] == "southern-lakes-militia" and org["names"] == ["Southern Lakes Militia",
                                                                        "SLM"]


def test_csv_bad_row_is_reported(tmp_path):
    src = tmp_path / "mine.csv"
    src.write_text("name,kind,country,sector\nSomebody,robot,NZL,GOV\nOther,person,nz,GOV\n")
    result = import_file(src, tmp_path / "out")
    assert result.path is None
    assert any(":2:" in e and "kind" in e for e in result.errors)
    assert any(":3:" in e and "country" in e for e in result.errors)


def test_imported_actors_resolve_in_later_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_HOME", str(tmp_path / "home"))
    src = tmp_path / "mine.csv"
    src.write_text(CSV)
    runner = CliRunner()
    r = runner.invoke(cli, ["actors", "import", str(src)])
    assert r.exit_code == 0 and "imported 2 actors" in r.output
    # a new process-level run: the CLI builds a fresh engine that reads the home folder
    r = runner.invoke(cli, ["actors", "resolve", "Ada Quill", "--date", "2031-05-01", "--json"])
    got = json.loads(r.output)
    assert (got["actor"], got["country"], got["sector"], got["role"]) == \
        ("ada-quill", "NZL", "GOV", "Foreign Minister")
    r = runner.invoke(cli, ["actors", "kb", "--search", "southern lakes", "--format", "jsonl"])
    assert json.loads(r.output)["id"] == "southern-lakes-militia"
    assert runner.invoke(cli, ["actors", "validate"]).exit_code == 0


# A Wikidata query result (the query of docs/knowledge.md), with made-up people.
SPARQL = {"head": {"vars": ["person", "personLabel", "positionLabel", "countryCode",
                            "start", "end"]},
          "results": {"bindings": [
              {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q9100"},
               "personLabel": {"type": "literal", "value": "Odile Marchetti"},
               "positionLabel": {"type": "literal",
                                 "value": "Minister of Foreign Affairs of Uruguay"},
               "countryCode": {"type": "literal", "value": "URY"},
               "start": {"type": "literal", "value": "2031-03-01T00:00:00Z"}},
              {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q9100"},
               "personLabel": {"type": "literal", "value": "Odile Marchetti"},
               "positionLabel": {"type": "literal", "value": "Speaker of the Senate"},
               "countryCode": {"type": "literal", "value": "URY"},
               "start": {"type": "literal", "value": "2027-03-01T00:00:00Z"},
               "end": {"type": "literal", "value": "2029-03-01T00:00:00Z"}}]}}
# WhoGov-style yearly rows: one per person, post and year.
WHOGOV = """year,country_isocode,name,position,gender
2030,ISL,Bjarki Sveinsson,Minister of Finance,Male
2031,ISL,Bjarki Sveinsson,Minister of Finance,Male
2031,ISL,Hekla Arnadottir,Minister of Fisheries,Female
"""


def test_a_wikidata_result_gives_people_with_titled_dated_roles(tmp_path):
    src = tmp_path / "holders.json"
    src.write_text(json.dumps(SPARQL))
    result = import_file(src, tmp_path / "out", "roles")
    assert result.errors == [] and len(result.entries) == 1
    person = result.entries[0]
    assert person["name"] == "Odile Marchetti" and person["country"] == "URY"
    assert [(r["title"], r["sector"], r["from"], r["to"]) for r in person["roles"]] == [
        ("Foreign Minister", "GOV", "2031-03-01", None),
        ("Speaker", "LEG", "2027-03-01", "2029-03-01")]


def test_yearly_rows_of_one_post_are_joined(tmp_path):
    src = tmp_path / "whogov.csv"
    src.write_text(WHOGOV)
    result = import_file(src, tmp_path / "out", "roles")
    assert result.errors == []
    by_name = {e["name"]: e for e in result.entries}
    roles = by_name["Bjarki Sveinsson"]["roles"]
    assert [(r["title"], r["from"], r["to"]) for r in roles] == [
        ("Finance Minister", "2030-01-01", "2032-01-01")]
    assert by_name["Hekla Arnadottir"]["gender"] == "f"


def test_a_roles_row_without_a_date_or_country_is_reported(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text("name,position,country,start\nA B,Minister,URY,sometime\nC D,Minister,,\n")
    result = import_file(src, tmp_path / "out", "roles")
    assert result.path is None
    assert any("bad.csv:2" in e and "sometime" in e for e in result.errors)
    assert any("bad.csv:3" in e and "country" in e for e in result.errors)


def test_imported_office_holders_resolve_on_their_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_HOME", str(tmp_path / "home"))
    src = tmp_path / "holders.json"
    src.write_text(json.dumps(SPARQL))
    runner = CliRunner()
    r = runner.invoke(cli, ["actors", "import", "--format", "roles", str(src)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["actors", "resolve", "Odile Marchetti", "--date", "2028-01-01",
                            "--json"])
    got = json.loads(r.stdout)
    assert (got["country"], got["sector"], got["role"]) == ("URY", "LEG", "Speaker")
