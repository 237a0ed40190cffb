"""Direct quotes on characters, reported speech from cues, speakers and content spans."""

import pytest

from newsgraph.extraction.statements import find_quotes


def contents(text):
    return [text[q.start:q.end] for q in find_quotes(text)]


@pytest.mark.parametrize("text, expected", [
    ('He said "we are ready to talk" on Monday.', ["we are ready to talk"]),
    ("He said “we are ready to talk” on Monday.", ["we are ready to talk"]),
    ("He said ‘we are ready to talk’ on Monday.", ["we are ready to talk"]),
    ("He said 'we are ready to talk' on Monday.", ["we are ready to talk"]),
    ("Trump’s aides said it’s ‘not on the table.’", ["not on the table."]),
    ("“A,” he said, “and B.”", ["A,", "and B."]),
])
def test_quote_marks(text, expected):
    assert contents(text) == expected


def test_quote_over_paragraphs():
    text = "“We will not stop.\n“We will go on,” she said."
    assert contents(text) == ["We will not stop.", "We will go on,"]


def test_stray_mark_does_not_lose_other_quotes():
    text = "The 5\" gun was old. He said “it still works” and left."
    assert contents(text) == ["it still works"]


def test_apostrophes_are_not_quotes():
    assert contents("The minister’s aides didn’t comment on Russia’s claims.") == []


def statements(extract, text):
    return extract(text)["statements"]


def test_reported_speech_with_that(extract):
    [s] = statements(extract, "The Kenyan foreign minister said that the border would reopen.")
    assert s["kind"] == "indirect" and s["cue"]["text"] == "said"
    assert s["content"]["text"] == "the border would reopen"
    assert s["speaker"]["text"] == "The Kenyan foreign minister"


def test_trailing_attribution(extract):
    [s] = statements(extract, "The border will reopen on Monday, the minister said.")
    assert s["content"]["text"] == "The border will reopen on Monday"
    assert s["speaker"]["text"] == "the minister"


def test_direct_quote_with_speaker_after(extract):
    [s] = statements(extract, "“We will not retreat,” the general told reporters.")
    assert s["kind"] == "direct" and s["content"]["text"] == "We will not retreat"
    assert s["speaker"]["text"] == "the general"


def test_pronoun_speaker_resolved(extract):
    sts = statements(extract, "Emmanuel Macron arrived in Kyiv. He said that Europe "
                              "would stand by Ukraine.")
    [s] = sts
    assert s["speaker"]["text"] == "He" and s["speaker"]["actor"] == "emmanuel-macron"


def test_partial_quote_in_reported_clause_is_mixed(extract):
    [s] = statements(extract, "The envoy said the talks were “a serious step” toward peace.")
    assert s["kind"] == "mixed"
    assert s["content"]["text"] == "the talks were “a serious step” toward peace"


def test_content_noun_after_cue(extract):
    [s] = statements(extract, "The president reiterated his belief that sanctions had failed.")
    assert s["cue"]["text"] == "reiterated his belief"
    assert s["content"]["text"] == "sanctions had failed"


def test_object_content_for_emphasis_cues(extract):
    [s] = statements(extract, "The envoy stressed the need for a ceasefire.")
    assert s["content"]["text"] == "the need for a ceasefire"


def test_according_to(extract):
    [s] = statements(extract, "According to the ministry, 40 people were arrested.")
    assert s["content"]["text"] == "40 people were arrested"
    assert s["speaker"]["text"] == "the ministry"


def test_things_do_not_speak(extract):
    assert statements(extract, "The meeting underscored the importance of trade.") == []


def test_event_inside_statement_is_reported_by_speaker(extract):
    rec = extract("Emmanuel Macron said that Germany sent tanks to Ukraine.")
    [ev] = [e for e in rec["events"] if e["type"] == "AID"]
    assert ev["reported_by"] == "emmanuel-macron"
    assert ev["source"][0]["country"] == "DEU"


def test_elided_years_are_not_quotes():
    text = "Born in the '60s, she said 'the talks must go on' before leaving."
    assert contents(text) == ["the talks must go on"]


def test_scare_quote_inside_a_sentence_is_not_a_statement(extract):
    sts = statements(extract, "“We have done our part,” the prime minister said in Oslo. "
                              "The so-called “peace dividend” never came.")
    assert [s["content"]["text"] for s in sts] == ["We have done our part"]


def test_that_clause_hung_on_a_later_noun(extract):
    [s] = statements(extract, "The Chilean president said at a briefing with reporters in "
                              "Santiago that the mine would close.")
    assert s["content"]["text"] == "the mine would close"


def test_second_speaker_is_cut_from_the_first_content(extract):
    sts = statements(extract, "The Kenyan foreign minister insisted that the vote was fair, "
                              "while opposition leaders said in a statement that it was "
                              "rigged.")
    assert [s["content"]["text"] for s in sts] == ["the vote was fair", "it was rigged"]


def test_definite_description_takes_the_earlier_person(extract):
    rec = extract("Foreign Minister Wang Yi met his Kenyan counterpart in Beijing on "
                  "Monday. “Trade will grow,” the Chinese minister said.",
                  published="2025-03-10")
    [s] = rec["statements"]
    assert s["speaker"]["actor"] == "wang-yi"


def test_definite_description_takes_the_earlier_unnamed_agent(extract):
    rec = extract("A senior Egyptian diplomat said on Monday that talks had stalled. "
                  "“There is no progress,” the diplomat said.")
    speakers = {m["id"]: m for m in rec["mentions"]}
    assert [speakers[s["speaker"]["mention"]]["country"] for s in rec["statements"]] == \
        ["EGY", "EGY"]
