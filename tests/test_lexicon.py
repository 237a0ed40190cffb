"""The CAMEO verb lexicon: converted from PETRARCH2's dictionary by a script in the repo,
reviewed, validated on load; every entry codes a PLOVER type or, for statements, nothing."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.knowledge.files import data_dir
from newsgraph.knowledge.lexicon import plover_of
from newsgraph.knowledge.rules import Rules
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
RULES = Rules.load()
LINES = [json.loads(x) for x in (data_dir("events") / "cameo_verbs.jsonl").open()]
BLOCKS = [b for b in LINES if "block" in b]


def test_the_shipped_file_is_the_conversion_of_the_dictionary():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "convert_cameo_verbs.py"),
                          str(SHARED / "data" / "petrarch2" / "CAMEO.2.0.txt"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_sizes():
    size = RULES.lexicon.size
    assert size["verbs"] > 1500 and size["patterns"] > 4000 and size["synsets"] >= 30


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b["id"])
def test_every_code_is_a_plover_type_or_a_statement(block):
    codes = [v["code"] for v in block["verbs"]] + [p["code"] for p in block.get("patterns", [])]
    for code in codes:
        if code is None:
            continue
        assert code.isdigit() and 3 <= len(code) <= 4
        assert plover_of(code, RULES.cameo) is not None or code.startswith("01"), code


def test_every_review_line_names_a_verb_or_block_of_the_dictionary():
    """A review line that matches nothing would silently do nothing."""
    verbs = {v["lemma"] + (" " + v["particle"] if v.get("particle") else "")
             for b in BLOCKS for v in b["verbs"]}
    dropped = set()
    blocks = {"block:" + b["block"].lower() for b in BLOCKS}
    review = data_dir("events") / "cameo_review.tsv"
    for n, line in enumerate(review.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, action, reason = line.split("\t")
        assert reason.strip(), f"line {n}: a review line gives its reason"
        if action == "drop":
            dropped.add(key)
            continue
        assert key in verbs or key in blocks, f"cameo_review.tsv:{n}: {key!r} is not in the lexicon"
    assert not dropped & verbs, "dropped verbs are gone from the lexicon"


@pytest.mark.parametrize("code, expected", [
    ("042", ("CONSULT", "visit")),  # a code of the table
    ("0213", ("REQUEST", "assist")),  # an appeal is a request: 021x -> 101x
    ("026", ("REQUEST", "meet")),
    ("1823", ("ASSAULT", "")),
])
def test_plover_of(code, expected):
    ptype, mode, _ = plover_of(code, RULES.cameo)
    assert (ptype, mode) == expected


def test_statements_code_nothing():
    assert plover_of("010", RULES.cameo) is None and plover_of("0161", RULES.cameo) is None


def test_a_reviewed_verb_fires_only_with_its_objects(extract):
    """'serve' is dropped (AID in the dictionary's synonym set): serving as minister is
    no aid; 'halt' codes only with an object the dictionary names."""
    assert not extract("The Kenyan minister served in Somalia for two years.")["events"]
    evs = extract("Germany halted arms shipments to Niger.")["events"]
    assert [(e["type"], e["status"]) for e in evs if e["type"] == "SANCTION"]
