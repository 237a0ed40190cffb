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
    r = runner.invoke(cli, ["actors", "--search", "southern lakes", "--format", "jsonl"])
    assert json.loads(r.output)["id"] == "southern-lakes-militia"
    assert runner.invoke(cli, ["actors", "validate"]).exit_code == 0
