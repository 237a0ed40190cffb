"""Coreference-lite: personal pronouns and bare titles -> the person the text is about.

- he/him/his/himself (she/her/...) -> the nearest compatible person: first a person
  before it in the same sentence (the subject preferred), then the person subject of the
  closest earlier sentence, then the most recent person mentioned (up to a few sentences
  back);
- "the president", "the secretary-general" -> the most recent person mentioned with that
  title (from the knowledge base or from the text).
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.extract.mentions import Found, Mentions
from newsgraph.extract.syntax import sentences

PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}
LOOKBACK_SENTENCES = 4
SUBJECT_DEPS = ("nsubj", "nsubjpass")


def _compatible(f: Found, gender: str) -> bool:
    return f.actor.kind == "person" and f.actor.id != "" and f.actor.gender in ("", gender)


def resolve_coreference(doc: Doc, mentions: Mentions) -> None:
    """Add pronoun mentions and fill bare titles, in text order."""
    sent_of = {}
    for si, sent in enumerate(sentences(doc)):
        for tok in sent:
            sent_of[tok.i] = si
    people = [f for f in mentions.found if f.actor.kind == "person" and f.actor.id]
    titles = [f for f in mentions.found if f.how == "title"]
    for f in titles:
        earlier = [p for p in people if p.start < f.start and p.actor.role == f.actor.role]
        if earlier:
            f.actor = earlier[-1].actor
            f.how = "title"
    for tok in doc:
        gender = PRONOUNS.get(tok.lower_)
        if gender is None or tok.i in mentions.by_token:
            continue
        si = sent_of[tok.i]
        before = [p for p in people if p.start < tok.i and _compatible(p, gender)
                  and si - sent_of[p.start] <= LOOKBACK_SENTENCES]
        if not before:
            continue
        same = [p for p in before if sent_of[p.start] == si]
        choice = None
        if same:
            subjects = [p for p in same if doc[p.head].dep_ in SUBJECT_DEPS]
            choice = (subjects or same)[-1]
        else:
            for back in range(si - 1, si - LOOKBACK_SENTENCES - 1, -1):
                subj = [p for p in before if sent_of[p.start] == back
                        and doc[p.head].dep_ in SUBJECT_DEPS]
                if subj:
                    choice = subj[0]
                    break
            choice = choice or before[-1]
        found = Found(tok.i, tok.i + 1, choice.actor, "pronoun")
        mentions.add(found, doc)
        people.append(found)
        people.sort(key=lambda p: p.start)
    mentions.found.sort(key=lambda f: f.start)
