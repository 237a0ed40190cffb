"""What the text says about an event's reality: occurred, planned, canceled, negated,
hypothetical or requested. The cues are data (status.jsonl); this module only walks the
parse from the trigger to the words that govern it.

Walk: the trigger's own auxiliaries, negation, modifiers and clause marker; then up the
chain of words it depends on — through infinitives ("refused to meet"), objects and
passive subjects ("canceled the meeting", "the meeting was canceled"), prepositions
("the possibility of talks", "arrested for collaborating") and noun complements ("a plan
to visit") — checking each governor's lemma, the relation it was reached by (a cue may
ask for one: "failed" only through an infinitive), and its own auxiliaries and
negation. A that-clause ends the walk after its governor: "X said that they met" keeps
the meeting's status, "X demanded that they meet" makes it requested, "X denied that
they met" negated; only cues that name the that-clause (via "ccomp") apply there.

An adverbial clause of time ("before", "after", "when", "once") has the status of the
clause it hangs on when that is not a plain report: "will withdraw once the vote is
held" -> the vote is planned too. The strongest cue (its priority) decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.extraction.syntax import lemma_forms, particles
from newsgraph.knowledge.schema import StatusCue

# Relations through which a governor's status reaches its dependent.
GOVERNED = {"xcomp", "dobj", "nsubjpass", "acl", "attr", "oprd", "pobj", "pcomp", "conj",
            "nsubj", "prep", "appos", "acomp"}
MAX_STEPS = 5
ARGUMENT_PREPS = {"for", "on", "about", "to", "into", "from", "of", "against", "with", "over"}
# Clauses that are not reported speech: the complement of "allow X to land" and a purpose
# clause "(in order) to help" share the status of the clause they depend on.
PERMISSION = {"allow", "let", "permit", "enable", "help", "make", "force", "cause", "order"}
# Time clauses take the status of their main clause when that is not occurred.
TEMPORAL = {"before", "after", "when", "once", "while", "as", "until", "till"}


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

    def _lookup(self, where: str, tok: Token, trigger_pos: str, via: str = ""
                ) -> StatusCue | None:
        table = self._by_where.get(where, {})
        keys = [tok.lower_, *lemma_forms(tok)]
        if where == "governor":
            # two-word governors: "call off", "call on", "rule out"
            keys = [f"{k} {c.lower_}" for c in particles(tok) for k in keys[1:]] + keys
        best = None
        for key in keys:
            for cue in table.get(key, ()):
                if cue.trigger not in ("any", trigger_pos):
                    continue
                if where == "governor" and not _reached(cue, via):
                    continue
                if best is None or cue.priority > best.priority:
                    best = cue
            if best is not None:
                return best
        return None

    def code(self, trigger: Token, depth: int = 0) -> tuple[str, StatusHit | None]:
        pos = "noun" if trigger.pos_ in ("NOUN", "PROPN") else "verb"
        hits: list[tuple[int, StatusHit]] = []
        self._local(trigger, pos, hits, own=True)
        for gov, via in governors(trigger):
            cue = self._lookup("governor", gov, pos, via)
            if cue is not None:
                hits.append((cue.priority, StatusHit(cue.status, cue.id, gov.i)))
            if gov.pos_ in ("VERB", "AUX") and via != "ccomp":
                self._local(gov, pos, hits, own=False)
        if not hits and depth == 0:
            main = _time_clause_head(trigger)
            if main is not None:
                status, hit = self.code(main, depth=1)
                if status != "occurred":
                    return status, hit
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


def _reached(cue: StatusCue, via: str) -> bool:
    """A governor cue applies through the relations it names; through a that-clause
    only when it names it."""
    if cue.via:
        return via in cue.via
    return via != "ccomp"


def _time_clause_head(trigger: Token) -> Token | None:
    """The verb of the main clause, when the trigger's clause is a time clause."""
    tok = trigger
    for _ in range(3):
        if tok.dep_ == "advcl":
            if any(c.dep_ == "mark" and c.lower_ in TEMPORAL for c in tok.children):
                return tok.head
            return None
        if tok.dep_ not in ("dobj", "nsubj", "nsubjpass", "pobj", "prep") or \
                tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def governors(trigger: Token) -> Iterator[tuple[Token, str]]:
    """Words the trigger depends on, nearest first, within its own reported clause, each
    with the relation it was reached by ("xcomp", "dobj", "prep:for", "ccomp" ...)."""
    tok = trigger
    for _ in range(MAX_STEPS):
        head = tok.head
        if head.i == tok.i:
            return
        if tok.dep_ == "ccomp" and not _passes(tok):
            yield head, "ccomp"  # a that-clause: its governor may say what it is, no more
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
            yield head, f"prep:{tok.lower_}"
            tok = head
            continue
        yield head, tok.dep_
        tok = head
