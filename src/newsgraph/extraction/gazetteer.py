"""Find every knowledge-base name and agent word in a Doc (tables built once).

Names (states, organisations, people, places) match case-sensitively on the tokens'
texts; agent words ("police", "prime minister") match ignoring case; names of imported
dictionaries match ignoring case and punctuation where the text writes them as names.
Overlaps keep the longest span; at equal length a name beats an agent word. A word of the converted
dictionaries (not a title) inside a longer name the parser found ("Hunter Biden", "the
Taxi Drivers Association") or inside a person's name is part of that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from newsgraph.knowledge.actors import Agent, KnowledgeBase, Name


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer match over tokens [start, end)."""

    start: int
    end: int
    names: tuple[Name, ...] = ()
    agent: Agent | None = None
    short: tuple[str, ...] = ()  # person ids whose short form this is


class Gazetteer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        # Every surface is a key of a dict, as the tokens' texts concatenate: names
        # exactly, agent words in lower case, the imported dictionaries' names by their
        # letters and digits alone. Built in a fraction of the time a PhraseMatcher takes
        # to tokenise tens of thousands of names, and blind to how a name tokenises.
        self._names = _Surfaces(_exact)
        self._any_case = _Surfaces(_squash, SPAN_BREAKS)
        self._agents = _Surfaces(_lower)
        self._short = _Surfaces(_exact)
        # converted dictionary words, which give way to the names that contain them
        self._converted = frozenset(i for i in kb.converted if not kb.agents[i].role)
        for surface, names in kb.names.items():
            self._names.add(surface, tuple(names))
        for surface, names in kb.names_any_case.items():
            self._any_case.add(surface, tuple(names))
        for word, agent in kb.agent_words.items():
            # in the knowledge base's order: a hand-written word wins over a converted one
            self._agents.add(word, (agent,), replace=True)
        for surface, ids in kb.short_names.items():
            self._short.add(surface, tuple(ids))

    def find(self, doc: Doc) -> list[Hit]:
        words = [None if t.is_space else t.text for t in doc]  # one pass over the tokens
        hits = [Hit(start, end, names=names) for start, end, names
                in self._names.find(words)]
        hits += [Hit(start, end, names=names) for start, end, names
                 in self._any_case.find(words) if _written_as_name(doc[start:end])]
        agents = [(found[0], s, e) for s, e, found in self._agents.find(words)]
        if self._converted:
            agents = [(a, s, e) for a, s, e in agents
                      if a.id not in self._converted or not _inside_name(doc, s, e)]
        nominal = {i for _a, s, e in agents if _is_nominal(doc, s, e) for i in range(s, e)}
        for agent, start, end in agents:
            # an adjective counts when it modifies another agent word: "military officials",
            # "rebel commanders"
            last = doc[end - 1]
            if agent.head_only and last.dep_ in ("amod", "compound"):
                continue  # "a US national", not "the National Association"
            if _is_nominal(doc, start, end) or (
                    last.dep_ in ("amod", "compound") and last.head.i in nominal
                    and last.head.i >= end):
                hits.append(Hit(start, end, agent=agent))
        hits += [Hit(start, end, short=ids) for start, end, ids in self._short.find(words)]
        return _longest(hits)


class _Surfaces:
    """Surfaces by the key their tokens' texts concatenate to (``fold`` of each token's
    text, joined without spaces), with every prefix of a key, so that a scan from a
    token stops at the first token no surface continues with."""

    def __init__(self, fold, breaks: frozenset[str] = frozenset()) -> None:
        self.fold = fold
        self.breaks = breaks  # tokens no surface runs across
        self.table: dict[str, tuple] = {}
        self.prefixes: set[str] = set()

    def add(self, surface: str, values: tuple, replace: bool = False) -> None:
        """Add the values of ``surface``; ``replace``: they replace those of an earlier
        surface with the same key ("coast guard", "coastguard")."""
        key = "".join(self.fold(w) for w in surface.split())
        if not key:
            return
        self.table[key] = values if replace else self.table.get(key, ()) + values
        self.prefixes.update(key[:i] for i in range(1, len(key)))

    def find(self, words: list[str | None]):
        """(start, end, values) of every span of a doc's tokens (their texts, None for
        whitespace) that is a surface."""
        if not self.table:
            return
        fold, breaks = self.fold, self.breaks
        texts = [None if w is None or w in breaks else fold(w) for w in words]
        table, prefixes = self.table, self.prefixes
        for i, first in enumerate(texts):
            if not first or (first not in prefixes and first not in table):
                continue
            key = ""
            for j in range(i, len(texts)):
                text = texts[j]
                if text is None:
                    break
                key += text  # a hyphen adds nothing to a name folded to its letters
                values = table.get(key)
                if values is not None:
                    yield i, j + 1, values
                if key not in prefixes:
                    break


# Tokens no name of an imported dictionary runs across (they are folded away).
SPAN_BREAKS = frozenset({",", ";", ":", "(", ")", '"', "“", "”", "—", "–"})


def _exact(text: str) -> str:
    return text


def _lower(text: str) -> str:
    return text.lower()


_NOT_WORD = re.compile(r"[\W_]+")


def _squash(text: str) -> str:
    """Letters and digits of a name, lower-cased: "U.S. Agency" and "US agency" -> "usagency"."""
    return _NOT_WORD.sub("", text.lower())


NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT",
                         "WORK_OF_ART", "LAW"})


def _written_as_name(span) -> bool:
    return written_as_name([t.text for t in span if t.is_alpha])


def written_as_name(words: list[str]) -> bool:
    """A name of an imported dictionary (stored in upper case, matched in any case)
    counts only where the text writes it as a name: its words capitalised (small words
    aside), a one-word name of up to five letters in capitals ("the Care Act" is no
    CARE, "intelligence community" no agency)."""
    if len(words) == 1 and len(words[0]) <= 5:
        return words[0].isupper()
    return bool(words) and all(w[0].isupper() for w in words if len(w) > 3 or w is words[0])


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
