"""Evaluation gates: scores on the bundled gold sets must not fall below pinned floors."""

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, GSR

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text())


@pytest.fixture(scope="module")
def actor_score(engine):
    from newsgraph.evaluate.actors import evaluate_actors
    return evaluate_actors(engine, GSR)


def test_actor_country_and_sector_floors(actor_score):
    floor = FLOORS["actors_gsr_dev"]
    assert actor_score.n > 250
    assert actor_score.country_accuracy >= floor["country_accuracy"], actor_score.as_dict()
    assert actor_score.sector_accuracy >= floor["sector_accuracy"], actor_score.as_dict()


def test_hard_resolution_cases(engine):
    """Ministers, armed groups, agencies, metonyms and roles that change with the date."""
    cases = [json.loads(line) for line in (DATA / "actors_hard.jsonl").open()]
    got = engine.resolve_phrases([(c["text"], c["date"]) for c in cases])
    wrong = [(c["text"], c["date"], r["actor"], r["country"], r["sector"])
             for c, r in zip(cases, got, strict=True)
             if (r["actor"], r["country"], r["sector"]) != (c["actor"], c["country"],
                                                            c["sector"])]
    accuracy = 1 - len(wrong) / len(cases)
    assert accuracy >= FLOORS["actors_hard"]["accuracy"], wrong


def test_gold_code_normalisation():
    from newsgraph.evaluate.gold import gold_country, gold_sector, sentence_text
    assert gold_country("JAP") == "JPN" and gold_country("IMG") == ""
    assert gold_country("usa") == "USA"
    assert gold_sector("REFafa") == "REF" and gold_sector("***") == "" and gold_sector(None) == ""
    assert sentence_text({"text": "{Inside braces.}"}) == "Inside braces."
