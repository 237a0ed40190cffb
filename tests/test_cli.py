"""The CLI through click's runner; results are checked through the library API."""

import json

import pytest
from click.testing import CliRunner

import newsgraph
from newsgraph.cli import cli
from newsgraph.store.db import Store

TEXT = "Kenyan officials met Ethiopian diplomats in Nairobi on Monday."


def invoke(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_ingest_then_query(tmp_path):
    db = tmp_path / "s.duckdb"
    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    r = invoke("ingest", str(a), "--published", "2024-03-06", "--db", str(db), "-j", "1")
    assert r.exit_code == 0, r.output
    assert "1 stored, 0 already there, 0 rejected" in r.output
    with newsgraph.open(db) as ng:
        [ev] = ng.events(type="CONSULT")
        assert ev["date"] == "2024-03-04"
    r = invoke("ingest", str(a), "--published", "2024-03-06", "--db", str(db), "-j", "1")
    assert "0 stored, 1 already there" in r.output and r.exit_code == 0
    r = invoke("events", "--db", str(db), "--format", "jsonl", "--actor", "KEN")
    rows = [json.loads(x) for x in r.output.splitlines()]
    assert len(rows) == 1 and rows[0]["type"] == "CONSULT"
    r = invoke("events", "--db", str(db), "--format", "csv")
    assert r.output.splitlines()[0].startswith("article,id,published,date")
    r = invoke("actors", "--db", str(db), "--format", "jsonl")
    assert any(json.loads(x)["id"] == "country:KEN:GOV" for x in r.output.splitlines())
    r = invoke("actors", "--stored", "--db", str(db), "--format", "jsonl")  # the old flag
    assert any(json.loads(x)["id"] == "country:KEN:GOV" for x in r.output.splitlines())


def test_env_var_names_the_store(tmp_path, monkeypatch):
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("NEWSGRAPH_DB", str(db))
    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    assert invoke("ingest", str(a), "-j", "1").exit_code == 0
    assert db.exists()


def test_rejected_items_give_exit_code_1_and_the_rest_is_stored(tmp_path):
    db = tmp_path / "s.duckdb"
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(TEXT)
    bad.write_bytes(b"\x00\x01binary")
    r = invoke("ingest", str(bad), str(good), "--db", str(db), "-j", "1")
    assert r.exit_code == 1
    assert "rejected:" in r.output and "binary" in r.output
    assert "1 stored, 0 already there, 1 rejected" in r.output
    with newsgraph.open(db) as ng:
        assert ng.store.counts()["articles"] == 1


def test_extract_prints_schema_records(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    r = invoke("extract", str(a), "--published", "2024-03-06")
    assert r.exit_code == 0
    [rec] = [json.loads(x) for x in r.output.splitlines()]
    assert set(rec) == {"article", "sentences", "mentions", "events", "statements"}
    assert rec["article"]["published"] == "2024-03-06"


def test_extract_reads_jsonl_from_stdin():
    lines = "\n".join(json.dumps({"id": i, "text": f"{TEXT} Number {i}."}) for i in range(3))
    r = invoke("extract", "-", "--published", "2024-03-06", input=lines)
    recs = [json.loads(x) for x in r.output.splitlines()]
    assert [x["article"]["input_id"] for x in recs] == ["0", "1", "2"]


def test_ingest_warns_once_about_articles_without_a_date(tmp_path):
    db = tmp_path / "d.duckdb"
    paths = []
    for i in range(2):
        paths.append(tmp_path / f"n{i}.txt")
        paths[-1].write_text(f"{TEXT} Item {i}.")
    r = invoke("ingest", *map(str, paths), "--db", str(db), "-j", "1")
    assert r.output.count("2 stored articles have no publication date") == 1
    dated = tmp_path / "dated.txt"
    dated.write_text(TEXT + " Another item.")
    r = invoke("ingest", str(dated), "--published", "2024-03-06", "--db", str(db), "-j", "1")
    assert "no publication date" not in r.output


def test_stories_as_csv_story_as_one_line_and_unknown_outlets_said_so(tmp_path):
    db = tmp_path / "o.duckdb"
    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    invoke("ingest", str(a), "--published", "2024-03-06", "--db", str(db), "-j", "1")
    rows = invoke("stories", "--db", str(db), "--format", "csv").output.splitlines()
    assert rows[0] == "id,title,first_day,last_day,num_articles,num_events,actors"
    story_id = rows[1].split(",")[0]
    [line] = invoke("story", story_id, "--db", str(db), "--format", "jsonl").output.splitlines()
    story = json.loads(line)
    # no --source and no URL: the article is its own source, shown as "unknown"
    assert [x["outlet"] for x in story["articles"]] == ["unknown"]
    assert {v["outlet"] for e in story["events"] for v in e["evidence"]} == {"unknown"}


def test_events_and_statements_sort_newest_first_on_request(tmp_path):
    db = tmp_path / "t.duckdb"
    for day, city in (("2024-03-04", "Nairobi"), ("2024-03-09", "Kampala")):
        a = tmp_path / f"{day}.txt"
        a.write_text(f"Kenyan officials met Ethiopian diplomats in {city}. The envoy said "
                     "the talks would go on.")
        invoke("ingest", str(a), "--published", day, "--db", str(db), "-j", "1")

    def published(*args: str) -> list[str]:
        out = invoke(*args, "--db", str(db), "--format", "jsonl").output
        return [json.loads(x)["published"] for x in out.splitlines()]

    for cmd in (["events", "--status", "all"], ["statements"]):
        old, new = published(*cmd), published(*cmd, "--sort", "newest")
        assert old == sorted(old) and new == sorted(new, reverse=True) and old[0] != new[0]


def test_bad_filter_is_a_usage_error(tmp_path):
    Store(tmp_path / "x.duckdb").close()
    r = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "x.duckdb"),
                                 "--type", "PARTY"])
    assert r.exit_code == 2 and "PLOVER" in r.output


@pytest.mark.parametrize("command", [["events"], ["events", "--merged"], ["statements"],
                                     ["stories"], ["story", "st-x"], ["link"],
                                     ["export", "--format", "csv"], ["serve"]])
def test_reading_a_store_that_does_not_exist_fails_and_creates_nothing(tmp_path, command):
    missing = tmp_path / "typo" / "store.duckdb"
    r = CliRunner().invoke(cli, [*command, "--db", str(missing)])
    assert r.exit_code == 3 and "no store at" in r.output
    assert not missing.parent.exists()


def test_bad_published_is_a_usage_error(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    r = CliRunner().invoke(cli, ["extract", str(a), "--published", "soon"])
    assert r.exit_code == 2


def test_export_formats(tmp_path):
    db = tmp_path / "s.duckdb"
    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    invoke("ingest", str(a), "--published", "2024-03-06", "--db", str(db), "-j", "1")
    out = tmp_path / "records.jsonl"
    assert invoke("export", "--db", str(db), "-o", str(out)).exit_code == 0
    [rec] = [json.loads(x) for x in out.read_text().splitlines()]
    assert rec["article"]["text"] == TEXT and rec["events"][0]["type"] == "CONSULT"
    r = invoke("export", "--db", str(db), "--format", "csv", "--table", "mentions")
    assert r.output.splitlines()[0].startswith("article_id,id,sentence")
    folder = tmp_path / "pq"
    assert invoke("export", "--db", str(db), "--format", "parquet", "--table", "all",
                  "-o", str(folder)).exit_code == 0
    assert (folder / "events.parquet").stat().st_size > 0
    assert (folder / "merged_events.parquet").stat().st_size > 0
    assert (folder / "stories.parquet").stat().st_size > 0
    # the events table as CSV holds what occurred unless --status says otherwise
    occurred = invoke("export", "--db", str(db), "--format", "csv").output.splitlines()
    every = invoke("export", "--db", str(db), "--format", "csv", "--status", "all")
    assert 1 < len(occurred) <= len(every.output.splitlines())
    assert all(",occurred," in line for line in occurred[1:])


def test_demo_runs_on_bundled_sample():
    r = invoke("demo", "-j", "1")
    assert r.exit_code == 0
    assert "donald-trump" in r.output and "CONSULT" in r.output
    assert "no peace plan is on the table" in r.output


def test_actors_knowledge_base_commands():
    r = invoke("actors", "kb", "--search", "jens stoltenberg", "--format", "jsonl")
    [row] = [json.loads(x) for x in r.output.splitlines()]
    assert row["id"] == "jens-stoltenberg"
    r = invoke("actors", "show", "jens-stoltenberg")
    assert "Secretary-General" in r.output and "people.jsonl:" in r.output
    r = CliRunner().invoke(cli, ["actors", "show", "no-such-actor"])
    assert r.exit_code == 2
    r = invoke("actors", "resolve", "the Russian president", "--date", "2019-05-01", "--json")
    assert json.loads(r.output)["actor"] == "vladimir-putin"
    lines = '{"text": "the Russian president", "date": "1998-05-01"}\n{"text": "Egyptian police"}\n'
    r = invoke("actors", "resolve", "-", input=lines)
    out = [json.loads(x) for x in r.output.splitlines()]
    assert [o["actor"] for o in out] == ["boris-yeltsin", "country:EGY:COP"]
    assert set(out[0]) == {"text", "actor", "name", "kind", "country", "sector", "role"}
    r = invoke("actors", "validate")
    assert r.exit_code == 0 and "valid" in r.output


def test_eval_actors_command(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({
        "id": "x1", "date": "2000-01-01", "event": "CONSULT",
        "text": "Egyptian police arrested three Libyan smugglers in Cairo.",
        "source": [{"actorText": "Egyptian police", "code": "EGY", "sector": "COP"}],
        "target": [{"actorText": "Libyan smugglers", "code": "LBY", "sector": "CRM"}]}) + "\n")
    r = invoke("eval", "actors", str(gold), "--json")
    assert json.loads(r.output) == {"actors": 2, "country_accuracy": 1.0, "with_sector": 2,
                                    "sector_accuracy": 1.0}


def test_merged_events_stories_and_link(tmp_path):
    db = tmp_path / "m.duckdb"
    a = tmp_path / "a.txt"
    a.write_text(TEXT + " The talks in Nairobi covered the border.")
    for source in ("Wire A", "Daily B"):
        r = invoke("ingest", str(a), "--published", "2024-03-06", "--source", source,
                   "--db", str(db), "-j", "1")
        assert r.exit_code == 0, r.output
    assert "1 copies by other outlets" in r.output
    r = invoke("events", "--merged", "--db", str(db), "--format", "jsonl")
    [ev] = [json.loads(x) for x in r.output.splitlines()]
    # the same text carried by a second outlet: one more article, one independent source
    assert ev["type"] == "CONSULT" and (ev["num_articles"], ev["num_sources"]) == (2, 1)
    assert 0 < ev["confidence"] <= 1
    assert {"id", "mode", "status", "date_precision", "location", "num_mentions",
            "evidence"} <= set(ev)
    r = invoke("events", "--merged", "--db", str(db), "--format", "csv")
    assert r.output.splitlines()[0].startswith("id,type,mode,status,source")
    r = invoke("events", "--merged", "--min-sources", "2", "--db", str(db), "--format",
               "jsonl")
    assert r.output == ""
    r = invoke("stories", "--db", str(db), "--format", "jsonl")
    [story] = [json.loads(x) for x in r.output.splitlines()]
    assert story["num_articles"] == 2 and story["num_events"] == 1
    r = invoke("story", story["id"], "--db", str(db), "--format", "json")
    assert json.loads(r.output)["events"][0]["id"] == ev["id"]
    r = CliRunner().invoke(cli, ["story", "st-nothing", "--db", str(db)])
    assert r.exit_code != 0 and "no story" in r.output
    r = invoke("link", "--rebuild", "--db", str(db))
    assert "1 articles linked" in r.output
    r = invoke("events", "--merged", "--db", str(db), "--format", "jsonl")
    assert json.loads(r.output)["num_sources"] == 1
