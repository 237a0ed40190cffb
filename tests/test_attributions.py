"""Attributions beyond speech (issue 14): beliefs, intentions, findings of documents and
polls, measured cue words with their content relation, sources of any noun phrase,
relative pronouns, framing verbs, no cues inside quotes, nested statements linked.

Every sentence here is written for the test; none comes from an evaluation file."""

import json

import pytest

from newsgraph.extraction.content import RELATIONS, content_relations
from newsgraph.extraction.statements import MIN_CUE_PRECISION
from newsgraph.knowledge.files import data_dir
from newsgraph.knowledge.rules import DERIVED_CUES, Rules
from newsgraph.knowledge.schema import DerivedCue


def statements(extract, text):
    return extract(text)["statements"]


def one(extract, text, content):
    found = [s for s in statements(extract, text) if s["content"]["text"] == content]
    assert found, [s["content"]["text"] for s in statements(extract, text)]
    return found[0]


@pytest.mark.parametrize("text, content, category", [
    ("Many economists believe that the recession is over.", "the recession is over",
     "belief"),
    ("Farmers fear the drought will last into spring.", "the drought will last into spring",
     "belief"),
    ("The mayor plans to close two libraries.", "to close two libraries", "intention"),
    ("The company declined to comment on the lawsuit.", "to comment on the lawsuit",
     "intention"),
    ("A new survey shows that most voters oppose the tax.", "most voters oppose the tax",
     "evidence"),
    ("The senator told reporters that the bill was dead.", "the bill was dead", "speech"),
])
def test_category(extract, text, content, category):
    assert one(extract, text, content)["category"] == category


def test_measured_object_cue(extract):
    """A stance verb with a noun-phrase object: the object is the content."""
    s = one(extract, "The governor criticized the new pipeline on Tuesday.", "the new pipeline")
    assert s["speaker"]["text"] == "The governor" and s["cue"]["text"] == "criticized"


def test_prepositional_content(extract):
    s = one(extract, "Protesters called for a full inquiry into the shooting.",
            "a full inquiry into the shooting")
    assert s["cue"]["text"] == "called"


@pytest.mark.parametrize("text, content", [
    ("The council is expected to approve the budget next week.",
     "to approve the budget next week"),
    ("It was reported on Monday that the factory would close.", "the factory would close"),
])
def test_no_named_source(extract, text, content):
    """Passives without a by-phrase, expletive "it" included: no speaker, content kept."""
    assert one(extract, text, content)["speaker"] is None


def test_relative_pronoun_speaker(extract):
    s = one(extract, "Dana Whitfield, who argued that the vote was rigged, lost the appeal.",
            "the vote was rigged")
    assert s["speaker"]["text"] == "who"
    assert s["speaker"]["name"] or s["speaker"]["mention"]


def test_any_framing_verb_after_quote(extract):
    s = one(extract, "“You can’t negotiate with a deadline,” the union leader quipped.",
            "You can’t negotiate with a deadline")
    assert s["cue"]["text"] == "quipped" and s["speaker"]["text"] == "the union leader"


def test_no_cue_inside_a_quote(extract):
    """'I think' inside someone's quote is that quote's content, not a statement of its
    own."""
    out = statements(extract, "“I think the deal is fair and we will sign it,” the "
                              "minister said.")
    assert [s["cue"]["text"] for s in out] == ["said"]


def test_nested_statement_is_linked(extract):
    out = statements(extract, "The spokesman said the generals believe that the offensive "
                              "has stalled.")
    outer = next(s for s in out if s["cue"]["text"] == "said")
    inner = next(s for s in out if s["cue"]["text"] == "believe")
    assert inner["within"] == outer["id"] and outer["within"] is None
    assert inner["content"]["text"] == "the offensive has stalled"


def test_content_relations_of_a_parse(nlp):
    doc = nlp("She urged voters to reject the plan, the aide said.")
    rels = {(t.lower_, r, h.lower_) for t in doc for r, h in content_relations(t)}
    assert ("urged", "xcomp", "reject") in rels
    assert all(r in RELATIONS or r.startswith("prep:") for _, r, _ in rels)


# ---- the measured lexicon (scripts/derive_speech_cues.py) ----------------------------

def derived_entries():
    path = data_dir("speech") / DERIVED_CUES
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def test_every_derived_entry_is_valid_and_measured():
    entries = derived_entries()
    assert len(entries) > 100
    for e in entries:
        cue = DerivedCue.model_validate(e)
        for rel, c in cue.relations.items():
            assert c.hits >= 4, (cue.lemma, rel)  # the script's --min-hits
            assert c.share >= 0.45, (cue.lemma, rel)


def test_rules_load_the_derived_cues():
    rules = Rules.load()
    assert {(d.lemma, d.pos) for d in rules.derived_cues} >= {("say", "verb"), ("call", "verb")}


def test_derived_entry_rejects_unknown_relation():
    with pytest.raises(ValueError, match="unknown relation"):
        DerivedCue.model_validate({"lemma": "say", "pos": "verb", "relations": {
            "nmod": {"hits": 5, "nested": 0, "fires": 6}}})
    with pytest.raises(ValueError, match="cannot exceed"):
        DerivedCue.model_validate({"lemma": "say", "pos": "verb", "relations": {
            "ccomp": {"hits": 5, "nested": 3, "fires": 6}}})


def test_threshold_is_above_the_file_floor():
    assert MIN_CUE_PRECISION >= 0.45


# ---- evaluation on PolNeAR-shaped gold ------------------------------------------------

def test_eval_moves_gold_offsets_onto_normalised_text(engine, tmp_path):
    """Ingest collapses runs of spaces and non-breaking spaces; the gold's offsets index
    the raw text and must still land on the same words."""
    from newsgraph.evaluate.statements import evaluate_statements

    text = "The  harbour master said\u00a0that   the port would reopen on Friday."
    start = text.index("the port")
    gold = {"id": "paper_2024-03-05_port", "text": text, "attributions": [{
        "source": [{"start": 0, "end": 17}], "cue": [{"start": 18, "end": 22}],
        "content": [{"start": start, "end": len(text) - 1}]}, {
        "source": [], "cue": [], "content": []}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    d = evaluate_statements(engine, path).as_dict()
    assert d["gold"] == 1 and d["content_recall"] == 1.0
    assert d["speaker_accuracy"] == 1.0 and d["cue_accuracy"] == 1.0


def test_eval_half_selects_by_id(engine, tmp_path):
    from newsgraph.evaluate.split import half_of
    from newsgraph.evaluate.statements import evaluate_statements

    rows = [{"id": f"doc{i}", "text": "The minister said that the talks had failed.",
             "attributions": []} for i in range(12)]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    tune = sum(half_of(r["id"]) == "tune" for r in rows)
    assert 0 < tune < 12
    assert evaluate_statements(engine, path, half="tune").predicted == tune
    assert evaluate_statements(engine, path, half="holdout").predicted == 12 - tune


def test_cueless_quote_takes_the_nearest_speaker_before_it(extract):
    """A quote with no cue of its own continues the statement that ends nearest before
    it, however that statement was found (here a reported clause after a quote whose
    framing verb is not a listed cue)."""
    out = statements(extract, "“We have no choice at all,” Dana Whitfield quipped. The mayor "
                              "argued that taxes must rise. “Nobody likes this, but the "
                              "bonds are due next month.”")
    last = out[-1]
    assert last["content"]["text"].startswith("Nobody likes this")
    assert last["speaker"]["text"] == "The mayor"


def test_phrase_contents_need_a_surer_measure():
    """A clause relation is read at the threshold; a noun-phrase one needs the margin."""
    from newsgraph.extraction.statements import PHRASE_MARGIN, SpeechCoder

    share = MIN_CUE_PRECISION + PHRASE_MARGIN / 2
    fires = 1000
    hits = round(share * fires)
    cue = DerivedCue.model_validate({"lemma": "grumble", "pos": "verb", "relations": {
        rel: {"hits": hits, "nested": 0, "fires": fires}
        for rel in ("ccomp", "dobj", "prep:about")}})
    coder = SpeechCoder([], [cue])
    assert set(coder._measured[("grumble", "VERB")]) == {"ccomp"}


def test_a_message_speaks_for_whoever_issued_it(extract):
    s = one(extract, "The port authority issued a statement saying that the cranes were "
                     "safe.", "the cranes were safe")
    assert s["speaker"]["text"] == "The port authority"
