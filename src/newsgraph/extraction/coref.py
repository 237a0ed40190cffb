"""Coreference-lite: personal pronouns and bare titles -> the person the text is about.

- he/him/his/himself (she/her/...) -> the nearest compatible person: first a person
  before it in the same sentence (the subject preferred), then the person subject of the
  closest earlier sentence, then the most recent person mentioned (up to a few sentences
  back);
- "the president", "the secretary-general" -> the most recent person mentioned with that
  title (from the knowledge base or from the text);
- "the Chinese minister", "the diplomat" -> the earlier person with that role in that
  country, or the earlier agent with the same head noun and a known country.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.extraction.mentions import Found, Mentions
from newsgraph.extraction.syntax import sentences

PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}
LOOKBACK_SENTENCES = 4
# "Kenya said it was ready", "Palestinian leaders said they would ...": a pronoun for a
# state, organisation or group refers to an actor that is the subject (or possessor)
# earlier in the same sentence; "it" is too often empty to look further.
NONPERSON = {"it": "sg", "its": "sg", "they": "pl", "their": "pl", "them": "pl"}
GROUP_KINDS = ("state", "organization", "igo", "agent")
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
        # "the minister" refers back to "Foreign Minister X", "the president" to X
        role = f.actor.role.lower()
        earlier = [p for p in people if p.start < f.start and p.actor.role
                   and p.actor.role.lower().endswith(role)]
        if earlier:
            f.actor = earlier[-1].actor
            f.how = "title"
    _definite_descriptions(doc, mentions, people)
    groups = [f for f in mentions.found if f.actor.kind in GROUP_KINDS and f.actor.id]
    for tok in doc:
        if tok.i in mentions.by_token:
            continue
        number = NONPERSON.get(tok.lower_)
        if number is not None:
            _group_pronoun(doc, tok, number, groups, sent_of, mentions)
            continue
        gender = PRONOUNS.get(tok.lower_)
        if gender is None:
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
    _possessed_agents(doc, mentions)
    mentions.found.sort(key=lambda f: f.start)


def _definite_descriptions(doc: Doc, mentions: Mentions, people: list[Found]) -> None:
    """"the Chinese minister" after "Foreign Minister Wang Yi" is that person; "the
    diplomat" after "a senior Russian diplomat" is that same (unnamed) diplomat."""
    for f in mentions.found:
        head = doc[f.head]
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                   for c in head.children):
            continue
        if f.how == "role" and f.actor.role and f.actor.kind != "person":
            role = f.actor.role.lower()
            earlier = [p for p in people if p.start < f.start and p.actor.role
                       and p.actor.role.lower().endswith(role)
                       and p.actor.country == f.actor.country]
            if earlier:
                f.actor, f.how = earlier[-1].actor, "title"
        elif f.how == "agent" and not f.actor.country:
            earlier = [e for e in mentions.found if e.start < f.start and e.how == "agent"
                       and e.actor.country and doc[e.head].lemma_ == head.lemma_
                       and f.start - e.start < 80]
            if earlier:
                f.actor = earlier[-1].actor


def _possessed_agents(doc: Doc, mentions: Mentions) -> None:
    """"its forces", "their soldiers": a generic agent takes the country of the state or
    organisation its possessive pronoun stands for."""
    for f in mentions.found:
        a = f.actor
        if a.kind != "agent" or a.country:
            continue
        for child in doc[f.head].children:
            if child.dep_ != "poss":
                continue
            owner = [o for o in mentions.by_token.get(child.i, ()) if o.actor.country]
            if owner and owner[0].actor.kind in GROUP_KINDS:
                c = owner[0].actor.country
                f.actor = type(a)(f"country:{c}:{a.sector}" if c != "IGO" else owner[0].actor.id,
                                  a.name, a.kind, c, a.sector, a.role,
                                  owner[0].actor.affiliation)


def _group_pronoun(doc: Doc, tok, number: str, groups: list[Found], sent_of: dict,
                   mentions: Mentions) -> None:
    si = sent_of[tok.i]
    # "it" stays in its sentence; "they" may refer to the subject of the sentence before
    back = 1 if number == "pl" and tok.dep_ in SUBJECT_DEPS else 0
    cands = [f for f in groups if f.start < tok.i and 0 <= si - sent_of[f.start] <= back
             and doc[f.head].dep_ in (*SUBJECT_DEPS, "poss")]
    if number == "pl":
        cands = [f for f in cands if doc[f.head].tag_ in ("NNS", "NNPS")
                 or f.actor.kind == "agent" and f.how in ("people", "agent")
                 and doc[f.head].tag_ != "NN"]
    else:
        cands = [f for f in cands if doc[f.head].tag_ not in ("NNS", "NNPS")]
    if cands:
        mentions.add(Found(tok.i, tok.i + 1, cands[-1].actor, "pronoun"), doc)
