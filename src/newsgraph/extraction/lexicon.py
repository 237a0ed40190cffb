"""Match the CAMEO verb lexicon against a verb in the parse.

A dictionary pattern names words around the verb: before it (its subject or an adverb:
"talks collapsed", "abruptly ended"), after it (its object or particle: "halted aid",
"{FINANCIAL AID}" = "aid" with the modifier "financial") and in prepositional phrases
("rushed (TO BORDER)"). Of the patterns whose words are all there, the one naming the
most words wins; a winning pattern without a code means "no event" and blocks the verb's
default code ("ended the search" is nothing, "ended the meeting" a consultation).
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extraction.syntax import is_passive, lemma_forms, particles
from newsgraph.knowledge.lexicon import Lexicon, LexPattern, Phrase, Prep
from newsgraph.knowledge.schema import EventPattern

# Where a pattern's words after the verb are: its object, particle, predicative word.
# Clauses are not: "said (that) X arrested Y" is not "announced the arrest".
COMPLEMENTS = {"dobj", "attr", "oprd", "acomp", "prt", "advmod", "dative", "xcomp", "npadvmod"}
MODIFIERS = {"amod", "compound", "nmod", "poss", "nummod", "npadvmod", "advmod"}


class LexiconMatcher:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def knows(self, tok: Token) -> bool:
        return any(self.lexicon.senses(f) for f in _verb_keys(tok))

    def patterns(self, tok: Token) -> list[tuple[EventPattern, frozenset[int]]]:
        """The patterns the verb's context selects, best first, each with the tokens its
        words matched (the theme, "aid" in "halted aid", is not a participant)."""
        senses = [s for f in _verb_keys(tok) for s in self.lexicon.senses(f)]
        if not senses:
            return []
        ctx = _Context(tok)
        best: tuple[int, LexPattern, frozenset[int]] | None = None
        defaults: list[tuple[EventPattern, frozenset[int]]] = []
        for sense in senses:
            used: set[int] = set()
            if sense.particle and not _has_particle(tok, sense.particle, used):
                continue
            for lp in sense.patterns:
                if best is not None and lp.specificity <= best[0]:
                    break  # sorted by specificity: nothing better can follow
                if not all(k & ctx.bag for k in lp.keys):
                    continue
                hit = ctx.match(lp)
                if hit is not None:
                    best = (lp.specificity, lp, frozenset(hit | used))
                    break
            if sense.default is not None:
                defaults.append((self.lexicon.pattern(sense.default), frozenset(used)))
        if best is not None:
            if best[1].coding is None:
                return []  # the dictionary says: with these words, no event
            return [(self.lexicon.pattern(best[1].coding), best[2]), *defaults]
        return defaults


def _verb_keys(tok: Token) -> list[str]:
    keys = list(lemma_forms(tok))
    if tok.lower_ not in keys:
        keys.append(tok.lower_)
    return keys


def _has_particle(tok: Token, particle: str, used: set[int]) -> bool:
    first, *rest = particle.split()
    for c in particles(tok):
        if c.lower_ == first:
            used.add(c.i)
            if not rest:
                return True
            nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
            if nxt is not None and nxt.lower_ == rest[0]:
                used.add(nxt.i)
                return True
    return False


def _strings(tok: Token) -> set[str]:
    """What a word can be matched as: its forms, and with the word before it when that
    word modifies it ("armed forces", "peace talks")."""
    out = set(lemma_forms(tok)) | {tok.lower_}
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        if prev.head.i == tok.i:
            out |= {f"{prev.lower_} {f}" for f in (tok.lower_, *lemma_forms(tok))}
    return out


class _Context:
    """The words around one verb, computed once for all its patterns."""

    def __init__(self, verb: Token) -> None:
        self.verb = verb
        comps = [c for c in verb.children if c.dep_ in COMPLEMENTS
                 and not (c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"))]
        if is_passive(verb):
            comps += [c for c in verb.children if c.dep_ == "nsubjpass"]
        for c in list(comps):
            comps += [x for x in c.conjuncts if x not in comps]
        self.post = comps
        self.preps: list[tuple[Token, list[Token]]] = []
        holders = [verb] + [c for c in comps if c.dep_ in ("dobj", "nsubjpass")]
        for h in holders:
            for c in h.children:
                if c.dep_ in ("prep", "agent", "dative") and c.pos_ == "ADP":
                    objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                    self.preps.append((c, objs + [x for o in objs for x in o.conjuncts]))
        pre = [c for c in verb.children if c.i < verb.i and
               c.dep_ in ("nsubj", "nsubjpass", "advmod", "neg", "aux", "npadvmod")]
        self.pre = pre
        self._strings: dict[int, set[str]] = {}
        self._mods: dict[int, set[str]] = {}
        # every word a pattern's constraint could find here, for a quick first test
        self.bag: set[str] = {"@" + p.lower_ for p, _ in self.preps}
        for t in [*self.post, *self.pre, *(o for _, objs in self.preps for o in objs)]:
            self.bag |= self.strings(t)

    def strings(self, tok: Token) -> set[str]:
        s = self._strings.get(tok.i)
        if s is None:
            s = self._strings[tok.i] = _strings(tok)
        return s

    def mods(self, tok: Token) -> set[str]:
        m = self._mods.get(tok.i)
        if m is None:
            m = set()
            for c in tok.subtree:
                if c.i < tok.i or (c.head.i == tok.i and c.dep_ in MODIFIERS):
                    m |= set(lemma_forms(c)) | {c.lower_}
            self._mods[tok.i] = m
        return m

    def _phrase(self, phrase: Phrase, cands: list[Token], used: set[int]) -> bool:
        for c in cands:
            if phrase.head.any(self.strings(c)) and all(m.any(self.mods(c)) for m in phrase.mods):
                used.add(c.i)
                return True
        return False

    def _prep(self, prep: Prep, used: set[int]) -> bool:
        for p, objs in self.preps:
            if p.lower_ != prep.prep:
                continue
            if prep.head is None:
                return True
            for o in objs:
                if prep.head.any(self.strings(o)) and all(m.any(self.mods(o)) for m in prep.mods):
                    used.add(o.i)
                    return True
        return False

    def match(self, lp: LexPattern) -> set[int] | None:
        used: set[int] = set()
        for ph in lp.post:
            if not self._phrase(ph, self.post, used):
                return None
        for ph in lp.pre:
            if not self._phrase(ph, self.pre, used):
                return None
        for pr in lp.preps:
            if not self._prep(pr, used):
                return None
        return used

