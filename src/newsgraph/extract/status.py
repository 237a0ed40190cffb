"""What the text says about an event's reality: occurred, planned, canceled, negated,
hypothetical or requested. The cues are data (status.jsonl); this module only walks the
parse from the trigger to the words that govern it.

Walk: the trigger's own auxiliaries, negation, modifiers and clause marker; then up the
chain of words it depends on — through infinitives ("refused to meet"), objects and
passive subjects ("canceled the meeting", "the meeting was canceled"), prepositions
("the possibility of talks") and noun complements ("a plan to visit") — checking each
governor's lemma and its own auxiliaries and negation. A reported clause (ccomp) or an
adverbial clause ends the walk: "X said that they met" does not make the meeting X's
statement's status. The strongest cue (its priority) decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.extract.syntax import lemma_forms
from newsgraph.knowledge.schema import StatusCue

# Relations through which a governor's status reaches its dependent.
GOVERNED = {"xcomp", "dobj", "nsubjpass", "acl", "attr", "oprd", "pobj", "pcomp", "conj",
            "nsubj", "prep", "appos", "acomp"}
MAX_STEPS = 5
ARGUMENT_PREPS = {"for", "on", "about", "to", "into", "from", "of", "against", "with"}
# Clauses that are not reported speech: the complement of "allow X to land" and a purpose
# clause "(in order) to help" share the status of the clause they depend on.
PERMISSION = {"allow", "let", "permit", "enable", "help", "make", "force", "cause", "order"}


def _passes(tok: Token) -> bool:
    if tok.dep_ == "ccomp":
        return tok.head.lemma_.lower() in PERMISSION
    if tok.dep_ == "advcl":
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    return False


@dataclass(frozen=True, slots=True)
class StatusHit:
    status: str
    cue: str  # cue id
    token: int  # index of the cue word


class StatusCoder:
    def __init__(self, cues: list[StatusCue]) -> None:
        self._by_where: dict[str, dict[str, list[StatusCue]]] = {}
        for cue in cues:
            table = self._by_where.setdefault(cue.where, {})
            for word in cue.words:
                table.setdefault(word, []).append(cue)

    def _lookup(self, where: str, tok: Token, trigger_pos: str) -> StatusCue | None:
        table = self._by_where.get(where, {})
        keys = [tok.lower_, *lemma_forms(tok)]
        if where == "governor":
            # two-word governors: "call off", "call on", "rule out"
            keys = [f"{k} {c.lower_}" for c in tok.children if c.dep_ in ("prt", "prep")
                    for k in keys[1:]] + keys
        for key in keys:
            for cue in table.get(key, ()):
                if cue.trigger in ("any", trigger_pos):
                    return cue
        return None

    def code(self, trigger: Token) -> tuple[str, StatusHit | None]:
        pos = "noun" if trigger.pos_ in ("NOUN", "PROPN") else "verb"
        hits: list[tuple[int, StatusHit]] = []
        self._local(trigger, pos, hits, own=True)
        for gov in governors(trigger):
            cue = self._lookup("governor", gov, pos)
            if cue is not None:
                hits.append((cue.priority, StatusHit(cue.status, cue.id, gov.i)))
            if gov.pos_ in ("VERB", "AUX"):
                self._local(gov, pos, hits, own=False)
        if not hits:
            return "occurred", None
        hit = max(hits, key=lambda h: h[0])[1]
        return hit.status, hit

    def _local(self, tok: Token, pos: str, hits: list, own: bool) -> None:
        for child in tok.children:
            dep = child.dep_
            where = None
            if dep == "neg" or child.lower_ in ("not", "n't", "never"):
                where = "neg"
            elif dep in ("aux", "auxpass"):
                where = "aux"
            elif own and dep in ("amod", "compound", "advmod") and pos == "noun":
                where = "modifier"
            elif dep == "mark":
                where = "marker"
            elif own and dep == "det" and child.lower_ == "no":
                where = "neg"
            if where is None:
                continue
            cue = self._lookup(where, child, pos)
            if cue is not None:
                hits.append((cue.priority, StatusHit(cue.status, cue.id, child.i)))


def governors(trigger: Token) -> Iterator[Token]:
    """Words the trigger depends on, nearest first, within its own reported clause."""
    tok = trigger
    for _ in range(MAX_STEPS):
        head = tok.head
        if head.i == tok.i:
            return
        if tok.dep_ not in GOVERNED and not _passes(tok):
            return
        if tok.dep_ == "nsubj" and tok.pos_ not in ("NOUN", "PROPN"):
            return
        if tok.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return  # a coordinated clause with its own subject has its own status
        if tok.dep_ == "prep":
            # a preposition passes through to a noun ("possibility of talks") and to a
            # verb it is an argument of ("called for talks"), not through adverbials
            # ("during the meeting, X discussed ...")
            if head.pos_ in ("VERB", "AUX") and tok.lower_ not in ARGUMENT_PREPS:
                return
            tok = head
            yield head
            continue
        yield head
        tok = head
