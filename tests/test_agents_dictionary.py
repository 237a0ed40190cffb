"""Generic agent words converted from the field's dictionaries (PLOVER_agents.txt,
Phoenix.agents.txt): the shipped file is a fresh conversion, every entry validates, the
words resolve to their sectors, the hand-written agents.jsonl wins, and the entries our
review drops stay out."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.knowledge.actors import DICTIONARY_FILE, KnowledgeBase
from newsgraph.knowledge.files import data_dir
from newsgraph.knowledge.schema import Agent
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
ACTORS = data_dir("actors")
LINES = [json.loads(x) for x in (ACTORS / DICTIONARY_FILE).open()]
HAND = [json.loads(x) for x in (ACTORS / "agents.jsonl").open() if x.strip()]


def test_the_shipped_file_is_the_conversion_of_the_dictionaries():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "convert_agents.py"),
                          str(SHARED / "data" / "ngec" / "PLOVER_agents.txt"),
                          str(SHARED / "data" / "petrarch2" / "Phoenix.agents.txt"),
                          "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_converted_entry_validates_and_is_loaded(kb):
    assert len(LINES) > 1000
    for line in LINES:
        Agent.model_validate(line)
        assert line["id"].startswith("agent:dict-")
    assert KnowledgeBase.validate() == []
    assert kb.converted == {line["id"] for line in LINES}


def test_no_converted_word_is_a_hand_written_word():
    hand = {w for e in HAND for w in e["words"]}
    assert not hand & {w for line in LINES for w in line["words"]}


@pytest.mark.parametrize("text,words,sector,country", [
    ("Three thousand striking employees blocked the road.", "striking employees", "LAB", ""),
    ("Taxi drivers protested in Nairobi on Monday.", "Taxi drivers", "CVL", "KEN"),
    ("Mercenaries attacked a village in northern Mali.", "Mercenaries", "UAF", "MLI"),
    ("Gangsters kidnapped a shopkeeper in Lagos.", "Gangsters", "CRM", "NGA"),
    ("Gangsters kidnapped a shopkeeper in Lagos.", "shopkeeper", "CVL", "NGA"),
    ("Paramedics treated the wounded after the blast.", "Paramedics", "MED", ""),
    ("Political prisoners in Egypt began a hunger strike.", "Political prisoners", "OPP",
     "EGY"),
    ("The president of the senate criticized the Nigerian government.",
     "president of the senate", "LEG", "NGA"),
    ("Religious leaders called for calm after the riots.", "Religious leaders", "REL", ""),
    ("An ambulance was hit by shelling in Gaza.", "ambulance", "MED", "PSE"),
    ("Pakistani intelligence agents detained the man.", "Pakistani intelligence agents",
     "SPY", "PAK"),
])
def test_converted_agents_resolve_to_their_sector(extract, text, words, sector, country):
    rec = extract(text)
    found = [(m["text"], m["sector"], m["country"]) for m in rec["mentions"]]
    assert any(words in t and s == sector and c == country for t, s, c in found), found


def test_a_converted_rank_is_a_title_of_the_name(extract):
    # "lieutenant" is a rank of the dictionaries, given the hand-written officer title
    rec = extract("Lieutenant Musa Bello was killed in an ambush in Nigeria.")
    people = [m for m in rec["mentions"] if "Musa Bello" in m["text"]]
    assert people and people[0]["text"] == "Lieutenant Musa Bello", rec["mentions"]
    assert (people[0]["sector"], people[0]["role"]) == ("MIL", "Military Officer")


def test_a_title_the_parser_puts_inside_a_name_stays_a_title(extract):
    rec = extract("President Joe Smith of Ruritania met reporters.")
    people = [m for m in rec["mentions"] if "Joe Smith" in m["text"]]
    assert people and (people[0]["role"], people[0]["sector"]) == ("President", "GOV"), \
        rec["mentions"]


def test_hand_written_entries_win(kb, extract):
    # the converter leaves out the hand-written words, and reviews the entries that share
    # a word with a hand-written entry of another sector: "protester" is CVL as the
    # hand-written "protesters", "militiaman" REB as "militiamen" (the dictionaries: OPP,
    # UAF)
    assert kb.agent_words["protesters"].id == "agent:civilians"
    assert kb.agent_words["protester"].sector == "CVL"
    assert kb.agent_words["militiaman"].sector == "REB"
    rec = extract("A protester and a militiaman were arrested in Kampala.")
    sectors = {m["text"].lower(): m["sector"] for m in rec["mentions"]}
    assert sectors.get("protester") == "CVL" and sectors.get("militiaman") == "REB", sectors


def test_precedence_is_by_file_not_by_load_order(tmp_path):
    # a converted file read after agents.jsonl still yields to it for a shared word
    (tmp_path / DICTIONARY_FILE).write_text(json.dumps(
        {"type": "agent", "id": "agent:dict-test-police", "words": ["police", "bobbies"],
         "sector": "CRM"}) + "\n")
    kb = KnowledgeBase.load([tmp_path])
    assert "agent:dict-test-police" in kb.converted
    assert kb.agent_words["police"].id == "agent:police"
    assert kb.agent_words["bobbies"].id == "agent:dict-test-police"


def test_a_user_entry_wins_over_the_converted_one(tmp_path):
    mine = tmp_path / "mine.jsonl"
    mine.write_text(json.dumps({"type": "agent", "id": "agent:my-drivers",
                                "words": ["taxi driver", "taxi drivers"],
                                "sector": "LAB"}) + "\n")
    kb = KnowledgeBase.load([mine])
    assert kb.agent_words["taxi drivers"].id == "agent:my-drivers"
    assert kb.agent_words["taxi driver"].sector == "LAB"
    assert kb.agent_words["gangster"].id.startswith("agent:dict-")


@pytest.mark.parametrize("word", [
    "city", "capital", "province", "community", "state", "kingdom", "prison",
    "passenger jet", "commercial jet", "tanker", "actor", "authority", "intelligence",
    "deputy", "insurgency", "uprising", "producer", "observers", "diet", "boss",
])
def test_dropped_entries_are_no_agent_words(kb, word):
    assert word not in kb.agent_words


@pytest.mark.parametrize("text,absent", [
    ("He was released from prison on Monday.", "prison"),
    ("The international community condemned the killing.", "community"),
    ("The state of emergency was lifted in Ecuador.", "state"),
    ("Deputy Foreign Minister Sergei Ryabkov met the envoy.", "Deputy"),
])
def test_dropped_words_give_no_mention(extract, text, absent):
    rec = extract(text)
    assert not any(m["text"].split()[-1].lower() == absent.lower() or m["text"] == absent
                   for m in rec["mentions"] if not m["actor"].startswith("person")), \
        rec["mentions"]


def test_a_dictionary_word_inside_a_name_is_part_of_the_name(extract):
    # "hunter" and "dean" are agent words of the dictionaries (CVL, EDU)
    rec = extract("On Monday the lawyers of Dean Porter met Hunter Thompson in Boston.")
    assert not any(m["sector"] in ("EDU", "CVL") and m["text"] in ("Dean", "Hunter")
                   for m in rec["mentions"]), rec["mentions"]
