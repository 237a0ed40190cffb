"""Find every knowledge-base name and agent word in a Doc (PhraseMatcher, built once).

Names (states, organisations, people, places) match case-sensitively on the exact
tokens; agent words ("police", "prime minister") match ignoring case. Overlaps keep the
longest span; at equal length a name beats an agent word. A word of the converted
dictionaries (not a title) inside a longer name the parser found ("Hunter Biden", "the
Taxi Drivers Association") or inside a person's name is part of that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from newsgraph.knowledge.actors import Agent, KnowledgeBase, Name

_PLAIN = re.compile(r"[a-z -]+")


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer match over tokens [start, end)."""

    start: int
    end: int
    names: tuple[Name, ...] = ()
    agent: Agent | None = None
    short: tuple[str, ...] = ()  # person ids whose short form this is


class Gazetteer:
    def __init__(self, kb: KnowledgeBase, nlp: Language) -> None:
        self.kb = kb
        tokenizer = nlp.tokenizer
        self._names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._agents = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._names_any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._short = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._name_of: dict[int, tuple[Name, ...]] = {}
        self._agent_of: dict[int, Agent] = {}
        self._short_of: dict[int, tuple[str, ...]] = {}
        # converted dictionary words, which give way to the names that contain them
        self._converted = frozenset(i for i in kb.converted if not kb.agents[i].role)
        strings = nlp.vocab.strings
        # Match ids are the hashes of these keys; the tables map them back to entries.
        for surface, names in kb.names.items():
            key = "N|" + surface
            self._names.add(key, [tokenizer(surface)])
            self._name_of[strings[key]] = tuple(names)
        for surface, names in kb.names_any_case.items():
            key = "I|" + surface
            self._names_any_case.add(key, [tokenizer(surface)])
            self._name_of[strings[key]] = tuple(names)
        for word, agent in kb.agent_words.items():
            key = "A|" + word
            # Abbreviations tokenise differently in lower case ("gen." vs "Gen."); the
            # matcher compares lower-cased tokens, so add each distinct tokenisation
            # (words of letters, spaces and hyphens tokenise alike in any case).
            variants = (word,) if _PLAIN.fullmatch(word) else (word, word.title())
            docs = [tokenizer(w) for w in variants]
            forms = {tuple(t.text for t in d): d for d in docs}
            self._agents.add(key, list(forms.values()))
            self._agent_of[strings[key]] = agent
        for surface, ids in kb.short_names.items():
            key = "S|" + surface
            self._short.add(key, [tokenizer(surface)])
            self._short_of[strings[key]] = tuple(ids)

    def find(self, doc: Doc) -> list[Hit]:
        hits: list[Hit] = []
        for matcher in (self._names, self._names_any_case):
            for key, start, end in matcher(doc):
                hits.append(Hit(start, end, names=self._name_of[key]))
        agents = self._agents(doc)
        if self._converted:
            agents = [(k, s, e) for k, s, e in agents
                      if self._agent_of[k].id not in self._converted
                      or not _inside_name(doc, s, e)]
        nominal = {i for _k, s, e in agents if _is_nominal(doc, s, e) for i in range(s, e)}
        for key, start, end in agents:
            # an adjective counts when it modifies another agent word: "military officials",
            # "rebel commanders"
            last = doc[end - 1]
            agent = self._agent_of[key]
            if agent.head_only and last.dep_ in ("amod", "compound"):
                continue  # "a US national", not "the National Association"
            if _is_nominal(doc, start, end) or (
                    last.dep_ in ("amod", "compound") and last.head.i in nominal
                    and last.head.i >= end):
                hits.append(Hit(start, end, agent=agent))
        for key, start, end in self._short(doc):
            hits.append(Hit(start, end, short=self._short_of[key]))
        return _longest(hits)


NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT",
                         "WORK_OF_ART", "LAW"})


def _inside_name(doc: Doc, start: int, end: int) -> bool:
    """Tokens [start, end) lie inside a person's name, or inside a longer name (an
    article or a possessive ending does not make it longer)."""
    if doc[start].ent_type_ not in NAME_LABELS:
        return False
    ent = next((e for e in doc.ents if e.start <= start < e.end), None)
    if ent is None or end > ent.end:
        return False
    if ent.label_ == "PERSON":
        return True
    words = [t for t in ent if t.dep_ not in ("det", "case") and not t.is_punct]
    return bool(words) and (words[0].i < start or words[-1].i >= end)


def _is_nominal(doc: Doc, start: int, end: int) -> bool:
    """Agent words count only as nouns: 'general' in 'a general strike' is no general."""
    last = doc[end - 1]
    return last.pos_ in ("NOUN", "PROPN") or (last.pos_ == "ADJ" and last.dep_ == "nsubj")


def _rank(hit: Hit) -> tuple[int, int, int]:
    # longer first; then names, then short forms, then agent words
    kind = 0 if hit.names else 1 if hit.short else 2
    return (-(hit.end - hit.start), kind, hit.start)


def _longest(hits: list[Hit]) -> list[Hit]:
    taken: set[int] = set()
    kept: list[Hit] = []
    for hit in sorted(hits, key=_rank):
        span = range(hit.start, hit.end)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        kept.append(hit)
    return sorted(kept, key=lambda h: h.start)
