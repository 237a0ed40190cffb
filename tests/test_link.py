"""Linking: event mentions of one happening, near-duplicate articles, stories."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsgraph.link import dedup
from newsgraph.link.events import Happening, cluster_article, compatible, time_buckets
from newsgraph.link.stories import Story, assign, profile
from tests.conftest import SEED

# ---- pure: near-duplicates --------------------------------------------------------------

PARAS = [
    "The finance ministry said on Monday that the budget deficit had narrowed to 3.1 "
    "percent of output, helped by higher tax receipts and lower interest payments.",
    "Opposition lawmakers accused the government of delaying spending on roads and "
    "hospitals to flatter the figures before the regional elections in the spring.",
    "The central bank, which meets next week, is expected to keep its main rate on hold "
    "after inflation slowed for a third month in a row.",
    "Economists at two large banks said the improvement was likely to be temporary as "
    "pension costs rise sharply from next year.",
]


def test_reordered_and_lightly_edited_copy_is_a_near_duplicate():
    original = "\n".join(PARAS)
    updated = "\n".join([PARAS[2], PARAS[0], PARAS[1].replace("accused", "charged"),
                         PARAS[3], "The ministry did not comment on the forecast."])
    a, b = dedup.signature(original), dedup.signature(updated)
    assert dedup.similarity(a, b) >= dedup.THRESHOLD
    assert set(dedup.band_keys(a)) & set(dedup.band_keys(b))


def test_article_on_the_same_subject_is_not_a_near_duplicate():
    other = ("Tax receipts rose in the first quarter, the statistics office said, while "
             "spending on hospitals fell. The opposition said the budget was a fiction and "
             "the central bank warned that inflation could pick up again next year.")
    sim = dedup.similarity(dedup.signature("\n".join(PARAS)), dedup.signature(other))
    assert sim < dedup.THRESHOLD


def test_signatures_are_stable_across_runs():
    sig = dedup.signature("\n".join(PARAS))
    assert dedup.from_bytes(dedup.to_bytes(sig)).tolist() == sig.tolist()
    assert dedup.band_keys(sig) == dedup.band_keys(dedup.signature("\n".join(PARAS)))


# ---- pure: events of one happening --------------------------------------------------------

def part(actor, country, sector="GOV", affiliation=""):
    return {"actor": actor, "name": actor, "text": actor, "country": country,
            "sector": sector, "affiliation": affiliation}


def event(eid, etype, source, target, date="2025-03-04", precision="day",
          status="occurred", sentence=0, location=None):
    return {"id": eid, "sentence": sentence, "type": etype, "mode": "", "status": status,
            "source": source, "target": target, "date": date, "date_precision": precision,
            "location": location}


def record(events, article="a1"):
    n = max([e["sentence"] for e in events] + [0]) + 1
    return {"article": {"id": article},
            "sentences": [{"i": i, "start": i * 10, "end": i * 10 + 9} for i in range(n)],
            "events": events}


MINISTER = part("jean-dupont", "FRA")
ENVOY = part("kofi-mensah", "GHA")
GHANA_GOV = part("country:GHA:GOV", "GHA")


def test_mentions_of_one_meeting_merge_including_back_references():
    clusters = cluster_article(record([
        event("e0", "CONSULT", [MINISTER], [ENVOY], sentence=0),
        event("e1", "CONSULT", [], [ENVOY], sentence=2),  # "the meeting with Mensah"
        event("e2", "CONSULT", [ENVOY], [part("country:FRA:GOV", "FRA")], sentence=3,
              precision="published"),  # "Mensah's visit to Paris"
    ]))
    assert len(clusters) == 1
    assert [m["sentence"] for m in clusters[0].members] == [0, 2, 3]
    # the visit adds no one: the envoy and the French government are already there
    assert len(clusters[0].sources) + len(clusters[0].targets) == 2


@pytest.mark.parametrize("other", [
    event("x", "CONSULT", [MINISTER], [ENVOY], date="2025-05-20"),  # another day
    event("x", "CONSULT", [MINISTER], [ENVOY], status="canceled"),  # another status
    event("x", "AID", [MINISTER], [ENVOY]),  # another type
    event("x", "CONSULT", [MINISTER], [part("maria-silva", "BRA")]),  # someone else
    event("x", "CONSULT", [MINISTER], [ENVOY],
          location={"name": "Lima", "country": "PER"}),  # elsewhere
])
def test_different_happenings_stay_apart(other):
    base = event("e0", "CONSULT", [MINISTER], [ENVOY],
                 location={"name": "Accra", "country": "GHA"})
    assert len(cluster_article(record([base, other]))) == 2


def test_direction_counts_for_directed_types():
    a = Happening.of(event("e0", "ACCUSE", [MINISTER], [ENVOY]), "a1", None)
    b = Happening.of(event("e1", "ACCUSE", [ENVOY], [MINISTER]), "a1", None)
    c = Happening.of(event("e2", "ACCUSE", [], [ENVOY]), "a1", None)
    assert compatible(a, b) == 0
    assert compatible(a, c) > 0


def test_a_bare_state_matches_its_parts_but_igo_people_only_their_organisation():
    ghana = part("country:GHA", "GHA", sector="")
    a = Happening.of(event("e0", "CONSULT", [MINISTER], [ghana]), "a1", None)
    b = Happening.of(event("e1", "CONSULT", [MINISTER], [GHANA_GOV]), "a1", None)
    assert compatible(a, b) > 0
    nato_head = part("anna-berg", "IGO", "IGO", affiliation="nato")
    un_head = part("li-wen", "IGO", "IGO", affiliation="un")
    c = Happening.of(event("e2", "CONSULT", [MINISTER], [nato_head]), "a1", None)
    d = Happening.of(event("e3", "CONSULT", [MINISTER], [un_head]), "a1", None)
    e = Happening.of(event("e4", "CONSULT", [MINISTER], [part("nato", "IGO", "IGO")]),
                     "a1", None)
    assert compatible(c, d) == 0
    assert compatible(c, e) > 0


def test_index_keys_cover_the_dates_a_match_may_have():
    day = Happening.of(event("e0", "CONSULT", [MINISTER], [ENVOY]), "a1", None)
    month = Happening.of(event("e1", "CONSULT", [MINISTER], [ENVOY], date="2025-03",
                               precision="month"), "a1", None)
    assert set(day.index_keys()) & set(month.index_keys())
    assert time_buckets(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == ["y2025"]
    assert time_buckets(None, None) == ["undated"]


def test_a_happening_survives_the_store_round_trip():
    h = cluster_article(record([event("e0", "CONSULT", [MINISTER], [ENVOY],
                                      location={"name": "Accra", "country": "GHA"})]))[0]
    row = h.to_row()
    back = Happening.from_row(row)
    assert back.to_row() == row
    assert compatible(back, h) > 0


# ---- pure: stories -------------------------------------------------------------------------

def prof(title, text, actors, day, df=None, n=10):
    return profile(title, text, actors, dt.date.fromisoformat(day), df or {}, n)


def test_similar_recent_article_joins_a_story_and_an_old_one_does_not():
    text = ("Negotiators for the army and the rebels resumed ceasefire talks in Jeddah, "
            "mediators said, after a week of shelling around the city of El Fasher.")
    first = prof("Ceasefire talks resume in Jeddah", text, ["country:SDN:MIL"], "2025-06-01")
    story = Story.start("a1", first)
    follow = prof("Jeddah ceasefire talks stall over El Fasher",
                  "Ceasefire talks in Jeddah stalled on Tuesday over shelling in El Fasher, "
                  "mediators said.", ["country:SDN:MIL"], "2025-06-03")
    joined, score = assign(follow, [story])
    assert joined is story and score > 0
    later = prof("Jeddah ceasefire talks stall over El Fasher", follow.title,
                 ["country:SDN:MIL"], "2025-08-20")
    assert assign(later, [story])[0] is None


def test_unrelated_article_starts_its_own_story():
    story = Story.start("a1", prof("Ceasefire talks resume in Jeddah",
                                   "Ceasefire talks between the army and the rebels "
                                   "resumed in Jeddah.", ["country:SDN:MIL"], "2025-06-01"))
    budget = prof("Parliament passes budget", "Lawmakers in Lima passed the budget after a "
                  "long debate on pensions.", ["country:PER:LEG"], "2025-06-01")
    assert assign(budget, [story]) == (None, 0.0)


def test_story_row_round_trip():
    s = Story.start("a1", prof("Talks", "Ceasefire talks resumed.", ["x"], "2025-06-01"))
    assert Story.from_row(s.to_row()).to_row() == s.to_row()


# ---- through ingest: merged events, copies, stories ---------------------------------------

LINKING = Path(__file__).parent / "data" / "linking"
REWORDED = LINKING / "seed_reworded.txt"


@pytest.fixture
def graph(tmp_path, engine):
    from newsgraph.api import Newsgraph
    from newsgraph.settings import Settings
    ng = Newsgraph(Settings(db=tmp_path / "links.duckdb", jobs=1))
    ng._extractor = engine  # the session's pipeline: no second model load
    yield ng
    ng.close()


def meetings(ng, *actors):
    rows = ng.merged_events(type="CONSULT")
    return [e for e in rows
            if set(actors) <= {p["actor"] for p in e["source"] + e["target"]}]


def link_state(ng) -> dict:
    con = ng.store.con
    state = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("article_links", "article_copies", "merged_events", "merged_members",
                       "stories")}
    state["counts"] = con.execute(
        "SELECT id, num_mentions, num_articles, num_sources FROM merged_events "
        "ORDER BY id").fetchall()
    state["stories"] = con.execute(
        "SELECT id, num_articles, first_day, last_day FROM stories ORDER BY id").fetchall()
    return state


def test_seed_meeting_is_one_merged_event_with_its_evidence(graph):
    graph.ingest([str(SEED)], published="2025-10-22", source="Wire A")
    [meeting] = meetings(graph, "donald-trump", "mark-rutte")
    assert meeting["date"] == "2025-10-22" and meeting["status"] == "occurred"
    assert len({v["sentence"] for v in meeting["evidence"]}) >= 2
    assert meeting["num_articles"] == 1 and meeting["num_sources"] == 1
    # the canceled Putin meeting stays its own happening
    canceled = graph.merged_events(type="CONSULT", status="canceled")
    assert [p["actor"] for e in canceled for p in e["target"]] == ["vladimir-putin"]


def test_seed_and_a_reworded_report_from_another_outlet_are_one_meeting(graph):
    graph.ingest([str(SEED)], published="2025-10-22", source="Wire A")
    graph.ingest([str(REWORDED)], published="2025-10-22", source="Harbor Times")
    [meeting] = meetings(graph, "donald-trump", "mark-rutte")
    assert (meeting["num_articles"], meeting["num_sources"]) == (2, 2)
    assert len({v["article"] for v in meeting["evidence"]}) == 2
    assert meeting["num_mentions"] == len(meeting["evidence"])
    [story] = graph.stories()
    assert story["num_articles"] == 2


def test_corroborated_happenings_are_listed_first(graph):
    graph.ingest([str(SEED)], published="2025-10-22", source="Wire A")
    graph.ingest([str(REWORDED)], published="2025-10-22", source="Harbor Times")
    rows = graph.merged_events(status="all")
    sources = [e["num_sources"] for e in rows]
    assert sources == sorted(sources, reverse=True) and sources[0] == 2
    assert all(0 < e["confidence"] <= 1 for e in rows)
    # two independent witnesses of a meeting each coded at 0.8
    [meeting] = meetings(graph, "donald-trump", "mark-rutte")
    assert meeting["confidence"] == pytest.approx(1 - 0.2 * 0.2)


def test_a_story_page_shows_evidence_from_its_own_articles_only(graph):
    graph.ingest([str(SEED)], published="2025-10-22", source="Wire A")
    graph.ingest([str(REWORDED)], published="2025-10-22", source="Harbor Times")
    [meeting] = meetings(graph, "donald-trump", "mark-rutte")
    seed_article = meeting["evidence"][0]["article"]
    other = {v["article"] for v in meeting["evidence"]} - {seed_article}
    [other_article] = other
    # the reworded report told as part of another story
    graph.store.con.execute("UPDATE article_links SET story_id = 'st-elsewhere' "
                            "WHERE article_id = ?", [other_article])
    story = graph.story(graph.store.links.story_of(seed_article))
    [shown] = [e for e in story["events"] if e["id"] == meeting["id"]]
    assert {v["article"] for v in shown["evidence"]} == {seed_article}
    assert shown["evidence_elsewhere"] == sum(v["article"] == other_article
                                              for v in meeting["evidence"])


def test_reingesting_changes_no_counts(graph):
    graph.ingest([str(SEED)], published="2025-10-22", source="Wire A")
    graph.ingest([str(REWORDED)], published="2025-10-22", source="Harbor Times")
    before = link_state(graph)
    first = graph.ingest([str(SEED)], published="2025-10-22", source="Wire A")
    second = graph.ingest([str(REWORDED)], published="2025-10-22", source="Harbor Times")
    for report in (first, second):
        assert len(report.already) == 1 and not report.stored and not report.copies
    assert link_state(graph) == before


def test_the_same_text_from_another_outlet_is_another_article_but_not_another_source(graph):
    graph.ingest([str(SEED)], published="2025-10-22", source="Wire A")
    report = graph.ingest([str(SEED)], published="2025-10-23", source="Daily Meridian")
    assert len(report.copies) == 1 and not report.stored
    [meeting] = meetings(graph, "donald-trump", "mark-rutte")
    # a paper running the wire's text is one more article, not one more witness
    assert (meeting["num_articles"], meeting["num_sources"]) == (2, 1)
    assert meeting["last_seen"] == "2025-10-23"
    # the same outlet again, or an unknown one, is the same article again
    again = graph.ingest([str(SEED)], published="2025-10-23", source="daily  meridian")
    unknown = graph.ingest([str(SEED)], published="2025-10-23")
    assert len(again.already) == len(unknown.already) == 1
    [meeting] = meetings(graph, "donald-trump", "mark-rutte")
    assert (meeting["num_articles"], meeting["num_sources"]) == (2, 1)
    # the reworded report is written independently: a second source
    graph.ingest([str(REWORDED)], published="2025-10-23", source="Harbor Times")
    [meeting] = meetings(graph, "donald-trump", "mark-rutte")
    assert (meeting["num_articles"], meeting["num_sources"]) == (3, 2)


def stories_by_url(ng) -> dict[str, str]:
    con = ng.store.con
    rows = con.execute("SELECT a.url, l.story_id FROM article_links l JOIN articles a "
                       "ON a.id = l.article_id UNION ALL SELECT c.url, l.story_id FROM "
                       "article_copies c JOIN article_links l ON l.article_id = "
                       "c.article_id").fetchall()
    return dict(rows)


@pytest.fixture
def story_graph(graph):
    report = graph.ingest([str(LINKING / "stories.jsonl")])
    assert report.ok
    return graph


def test_stories_match_the_hand_made_grouping(story_graph):
    gold = json.loads((LINKING / "stories_gold.json").read_text())
    got = stories_by_url(story_graph)
    labels = {u: g for u, g in gold.items() if not u.startswith("_")}
    assert set(got) == set(labels)
    pairs = [(a, b) for a in labels for b in labels if a < b]
    same_gold = {(a, b) for a, b in pairs if labels[a] == labels[b]}
    same_got = {(a, b) for a, b in pairs if got[a] == got[b]}
    precision = len(same_gold & same_got) / len(same_got)
    recall = len(same_gold & same_got) / len(same_gold)
    assert precision >= 0.9 and recall >= 0.8, (precision, recall)
    # the unrelated article and the later round of talks are stories of their own
    solo = [u for u, g in labels.items() if g == "E"][0]
    assert sum(1 for s in got.values() if s == got[solo]) == 1
    d1 = {got[u] for u, g in labels.items() if g == "D1"}
    d2 = {got[u] for u, g in labels.items() if g == "D2"}
    assert not d1 & d2


def test_near_duplicates_are_kept_and_marked(story_graph):
    gold = json.loads((LINKING / "stories_gold.json").read_text())["_duplicates"]
    con = story_graph.store.con
    marked = dict(con.execute(
        "SELECT a.url, o.url FROM article_links l JOIN articles a ON a.id = l.article_id "
        "JOIN articles o ON o.id = l.duplicate_of").fetchall())
    copies = dict(con.execute(
        "SELECT c.url, a.url FROM article_copies c JOIN articles a "
        "ON a.id = c.article_id").fetchall())
    assert {**marked, **copies} == gold


def test_an_update_by_the_same_outlet_is_not_a_second_report(story_graph):
    con = story_graph.store.con
    [(update, original)] = con.execute(
        "SELECT l.article_id, l.duplicate_of FROM article_links l "
        "WHERE l.duplicate_of IS NOT NULL").fetchall()
    shared = con.execute(
        "SELECT DISTINCT a.merged_id FROM merged_members a JOIN merged_members b "
        "ON a.merged_id = b.merged_id WHERE a.article_id = ? AND b.article_id = ?",
        [update, original]).fetchall()
    assert shared
    for (mid,) in shared:
        [e] = [e for e in story_graph.merged_events(status="all") if e["id"] == mid]
        outlets = {v["outlet"] for v in e["evidence"]}
        assert e["num_sources"] == len(outlets)
        assert e["num_articles"] == len({(v["outlet"], v["article"]) for v in e["evidence"]
                                         if v["article"] != update})


def test_story_shows_its_articles_in_time_order_and_its_events(story_graph):
    [story] = [s for s in story_graph.stories() if s["num_articles"] == 5]
    full = story_graph.story(story["id"])
    days = [a["day"] for a in full["articles"]]
    assert days == sorted(days) and len(days) == 5
    assert all(a["lead"] for a in full["articles"])  # shown where an article has no title
    assert full["events"] and all(e["evidence"] for e in full["events"])


def test_rebuilding_the_links_gives_the_same_result(story_graph):
    before = link_state(story_graph)
    assert story_graph.link_pending(rebuild=True) == 16
    assert link_state(story_graph) == before


def test_a_linking_failure_stores_nothing_of_that_article(graph, monkeypatch):
    calls = []

    def fail(record, today=None):
        calls.append(record["article"]["id"])
        raise RuntimeError("disk full")
    monkeypatch.setattr(graph.linker, "link", fail)
    report = graph.ingest([str(SEED)], published="2025-10-22")
    assert calls and len(report.rejected) == 1 and "disk full" in report.rejected[0].reason
    assert graph.store.counts()["articles"] == 0
    assert link_state(graph)["article_links"] == 0


def _term_counts(ng) -> dict[str, int]:
    """Document frequencies recomputed from the articles in the store."""
    from collections import Counter

    from newsgraph.link.stories import words
    counts: Counter = Counter()
    for title, text in ng.store.con.execute("SELECT title, text FROM articles").fetchall():
        counts.update(set(words(title, text)))
    return dict(counts)


def test_term_counts_survive_a_run_stopped_after_its_last_article(graph, tmp_path, engine):
    """Issue 16, item 11: a run killed after storing articles left their term counts
    unwritten (they were written at the end of each batch), so a resumed store grouped
    stories otherwise. Each article now writes its counts in its own transaction."""
    from newsgraph.api import Newsgraph
    from newsgraph.settings import Settings

    class Killed(Exception):
        pass
    lines = (LINKING / "stories.jsonl").read_text().splitlines()
    first = tmp_path / "first.jsonl"
    first.write_text("\n".join(lines[:8]) + "\n")
    stored = []

    def note(kind, item):
        if kind == "stored":
            stored.append(item)
            if len(stored) == 5:
                raise Killed  # as a kill -9 right after the fifth commit
    with pytest.raises(Killed):
        graph.ingest([str(first)], progress=note)
    graph.close()
    resumed = Newsgraph(Settings(db=tmp_path / "links.duckdb", jobs=1))
    resumed._extractor = engine
    try:
        assert resumed.store.links.doc_freq_all() == _term_counts(resumed)
    finally:
        resumed.close()
