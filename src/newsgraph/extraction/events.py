"""Event coding: trigger words from the pattern data, their source and target actors from
the dependency parse, then status, date and place.

A pattern names verb or noun lemmas, an optional object constraint ("send" + weapons),
and where its source and target are (``subj``, ``obj``, ``prep:with``, ``poss`` ... see
``knowledge/schema.py``). For one trigger the first pattern that yields its required
actors wins; patterns with an object constraint are tried before general ones.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsgraph.extraction.lexicon import LexiconMatcher
from newsgraph.extraction.mentions import Found, Mentions, PlaceRef
from newsgraph.extraction.status import StatusCoder, StatusHit
from newsgraph.extraction.syntax import (
    LIGHT_VERBS,
    RECEIVING,
    children,
    clause_tokens,
    governing_verb,
    is_passive,
    lemma_forms,
    particles,
    prep_objects,
    sent_of,
    subject_of,
    with_conjuncts,
)
from newsgraph.extraction.timex import ResolvedDate, Timex, resolve
from newsgraph.knowledge.actors import Actor, KnowledgeBase
from newsgraph.knowledge.lexicon import DEFAULT_CONFIDENCE
from newsgraph.knowledge.rules import QUAD, Rules
from newsgraph.knowledge.schema import EventPattern

NOUN_POS = ("NOUN", "PROPN")
# How far into a noun phrase to look for the actor it names ("a group of Moroccan
# diplomats", "an Indian proposal").
NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "prep", "pobj", "det"}
DEFINITE = {"the", "this", "that", "these", "those"}
# Force used on a city is used on the people there ("shelled Kyiv", "a curfew in
# Mombasa"); a capital stands for its government in what it says, agrees or owns
# ("froze Tehran's assets"). Which COERCE modes act on a place's population:
POPULATION_COERCE = {"curfew", "martial-law", "restrict"}
# COERCE modes only a state exercises: a passive with no agent has the place's state.
STATE_COERCE = {"arrest", "deport", "ban", "curfew", "martial-law", "censor"}
# One-sided types whose recipient, when the text names none, is the place they happen in.
PLACE_RECIPIENTS = {"RETREAT", "CONCEDE", "AID", "SANCTION", "MOBILIZE"}
# hostile types whose target, when no pattern role names one, is whoever the action is
# "against", wherever the phrase attaches: "mobilized troops for a war against Iraq",
# "staged a strike against the new owners"
AGAINST_TARGETS = {"MOBILIZE", "ASSAULT", "PROTEST", "COERCE", "THREATEN", "SANCTION",
                   "ACCUSE"}
# clauses of their own: an "against" inside them belongs to another action
OWN_CLAUSES = {"ccomp", "advcl", "relcl", "acl", "csubj", "parataxis", "conj", "nsubj",
               "nsubjpass"}
EVENTIVE_HEADS = {"effort", "attempt", "bid", "mission", "campaign", "process", "operation",
                  "initiative", "plan", "round", "session", "drive", "push"}


@dataclass
class RawEvent:
    """An event found in the Doc, before ids and offsets are assigned."""

    pattern: EventPattern
    trigger: Token
    source: list[Found]
    target: list[Found]
    status: str
    status_hit: StatusHit | None
    date: ResolvedDate | None
    date_text: str | None
    place: PlaceRef | None
    confidence: float
    inherited: bool = False
    notes: list[str] = field(default_factory=list)
    # noun phrases of a side that names no actor ("rejected the announcement"): shown
    # only when nothing else fills that side (see fill_unresolved)
    unresolved_source: list[Found] = field(default_factory=list)
    unresolved_target: list[Found] = field(default_factory=list)


class EventCoder:
    def __init__(self, rules: Rules, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.status = StatusCoder(rules.status)
        self.lexicon = LexiconMatcher(rules.lexicon)
        self.type_roles = rules.lexicon.roles
        self.senses = rules.senses
        self._verbs: dict[str, list[tuple[str | None, EventPattern]]] = defaultdict(list)
        self._nouns: dict[str, list[EventPattern]] = defaultdict(list)
        self._adjectives: dict[str, list[EventPattern]] = defaultdict(list)
        specific_first = sorted(rules.patterns, key=lambda p: (
            not (p.objects or p.modifiers), p.joint is None, -p.confidence))
        for p in specific_first:
            for v in p.verbs:
                lemma, _, particle = v.partition(" ")
                self._verbs[lemma].append((particle or None, p))
            for n in p.nouns:
                self._nouns[n].append(p)
            for a in p.adjectives:
                self._adjectives[a].append(p)
        for entries in self._verbs.values():
            # a phrasal verb ("call out") is tried before the bare verb ("call")
            entries.sort(key=lambda e: (not (e[1].objects or e[1].modifiers), e[0] is None))

    def code(self, doc: Doc, mentions: Mentions, timexes: list[Timex],
             published: dt.date | None) -> list[RawEvent]:
        events: list[RawEvent] = []
        nominal: dict[int, RawEvent] = {}
        # Nouns first, so a verb whose object is a nominal event ("canceled the
        # meeting") can take that event's participants.
        verbs, adjs = [], []
        for tok in doc:
            pos = tok.pos_
            if pos in NOUN_POS and _verbal_noun(tok):
                verbs.append(tok)  # "demanded that the government resign" (tagged NOUN)
            elif pos in NOUN_POS and (_in_name(tok, mentions) or
                                      tok.ent_type_ in ("DATE", "TIME")):
                continue  # "the Conference of Mayors": a name, not a meeting; "in March"
            elif pos in NOUN_POS:
                lemma = _known(tok, self._nouns)
                # a noun that only modifies another ("border patrol agents", "protest
                # movement") is no event, unless its head is an effort or the like
                if lemma and (tok.dep_ != "compound" or
                              tok.head.lemma_.lower() in EVENTIVE_HEADS):
                    ev = self._nominal(doc, tok, lemma, mentions, timexes, published, events)
                    if ev is not None:
                        nominal[tok.i] = ev
                        events.append(ev)
            elif pos == "VERB":
                verbs.append(tok)
            elif pos == "ADJ" and tok.dep_ in ("acomp", "ccomp", "oprd", "xcomp") and \
                    tok.head.pos_ in ("VERB", "AUX"):
                adjs.append(tok)
        for tok in verbs:
            ev = None
            lemma = _known(tok, self._verbs)
            if lemma:
                ev = self._verbal(doc, tok, lemma, mentions, timexes, published, nominal)
            if ev is None and not any(o.i in nominal or _known(o, self._nouns)
                                      for o in _objects(tok)) \
                    and not any(o.i in nominal for o in _prep_objects(tok)):
                # the dictionary is the fallback; a verb whose object is an event noun
                # ("postponed the talks") is that event's light or status verb: the
                # noun's own pattern decides
                ev = self._lexical(doc, tok, mentions, timexes, published, nominal)
            if ev is not None and _one_with_nominal(
                    ev, _objects(tok) + children(tok, "nsubj"), nominal, events):
                events.append(ev)  # ("an airstrike killed X" is one attack)
        for tok in adjs:
            lemma = _known(tok, self._adjectives)
            if lemma:
                ev = self._adjectival(doc, tok, lemma, mentions, timexes, published, nominal)
                if ev is not None:
                    events.append(ev)
        events.sort(key=lambda e: e.trigger.i)
        return [ev for ev in events if self._reread(ev)]

    def _reread(self, ev: RawEvent) -> bool:
        """The second readings of senses.jsonl: "the senator attacked her rival" is
        criticism when no party is armed or a state and no word of violence is near;
        "defeated her rival" is an election. Returns whether the event stays."""
        for rule in self.senses:
            light = _light_verb_of(ev.trigger)
            words = set(lemma_forms(ev.trigger)) | ({light.lemma_.lower()} if light else set())
            if ev.pattern.type != rule.type or not words & set(rule.verbs):
                continue
            parties = [f.actor for f in ev.source + ([] if rule.source_only else ev.target)]
            if not parties or (not rule.if_sectors and not ev.target):
                continue
            if any(a.sector in rule.unless_sectors or a.kind in rule.unless_kinds
                   for a in parties):
                continue
            if rule.if_sectors and not all(a.sector in rule.if_sectors and
                                           (not rule.if_kinds or a.kind in rule.if_kinds)
                                           for a in parties):
                continue
            words = set(rule.unless_words)
            if any(set(lemma_forms(t)) & words for t in sent_of(ev.trigger)
                   if t.i != ev.trigger.i):
                continue
            if rule.to_type is None:
                return False
            ev.pattern = ev.pattern.model_copy(update={
                "id": rule.id, "type": rule.to_type, "mode": rule.to_mode,
                "cameo": rule.to_cameo, "context": []})
            ev.notes.append(f"read as {rule.to_type}")
            return True
        return True

    # ---- triggers -------------------------------------------------------------------
    def _verbal(self, doc, tok, lemma, mentions, timexes, published, nominal
                ) -> RawEvent | None:
        for particle, p in self._verbs[lemma]:
            if particle and not any(c.lower_ == particle for c in particles(tok)):
                continue
            if p.objects and not _object_matches(tok, p.objects, particle):
                continue
            if p.object_is_actor and _non_actor_object(tok, mentions):
                continue
            if not _structure_ok(tok, p, particle):
                continue
            if p.not_objects and any(set(lemma_forms(o)) & set(p.not_objects)
                                     for o in _objects(tok)):
                continue
            if p.type == "AGREE" and any(c.dep_ == "neg" for x in children(tok, "xcomp")
                                         for c in x.children):
                continue  # "vowed not to return": a refusal, not an agreement
            theme = frozenset(o.i for o in _objects(tok) if set(lemma_forms(o)) & set(p.objects)
                              ) if "obj" not in p.target else frozenset()
            ev = self._coded(doc, tok, p, mentions, timexes, published, nominal, theme)
            if ev is not None:
                return ev
        return None

    def _coded(self, doc, tok, p, mentions, timexes, published, nominal,
               theme: frozenset[int] = frozenset()) -> RawEvent | None:
        """The event pattern ``p`` codes at ``tok``, with its actors, or None."""
        source = self._actors(doc, tok, p.source, mentions, nominal, True, theme)
        target = self._actors(doc, tok, p.target, mentions, nominal, False, theme)
        return self._finish(doc, tok, p, source, target, mentions, timexes, published)

    def _lexical(self, doc, tok, mentions, timexes, published, nominal) -> RawEvent | None:
        lemma = _known(tok, self._verbs)
        declined = lemma is not None and any(
            not _structure_ok(tok, p, particle) for particle, p in self._verbs[lemma]
            if particle is None or any(c.lower_ == particle for c in particles(tok)))
        for p, used in self.lexicon.patterns(tok):
            if declined and not used and p.confidence <= DEFAULT_CONFIDENCE:
                # the dictionary's code of the verb alone does not overrule a pattern of
                # ours that declined this construction of the verb ("asked X whether")
                continue
            ev = self._coded(doc, tok, p, mentions, timexes, published, nominal, used)
            if ev is not None:
                return ev
        return None

    def _adjectival(self, doc, tok, lemma, mentions, timexes, published, nominal
                    ) -> RawEvent | None:
        for p in self._adjectives[lemma]:
            ev = self._coded(doc, tok, p, mentions, timexes, published, nominal)
            if ev is not None:
                return ev
        return None

    def _nominal(self, doc, tok, lemma, mentions, timexes, published, earlier
                 ) -> RawEvent | None:
        mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        # "a mediation effort between A and B": the phrase hangs on the head noun
        anchor = tok.head if tok.dep_ == "compound" and tok.head.pos_ in NOUN_POS else tok
        for p in self._nouns[lemma]:
            if p.modifiers and not mods & set(p.modifiers):
                continue
            if p.without and mods & set(p.without):
                continue
            if p.preps and not any(t.ent_type_ not in ("DATE", "TIME") for x in p.preps
                                   for t in _noun_preps(tok, x, any_object=True)):
                continue  # ("a strike on Monday" is no strike on anyone)
            src_roles, tgt_roles = p.source, p.target
            verb = governing_verb(anchor)
            if verb is not None and anchor.dep_ == "dobj" and \
                    any(f in RECEIVING for f in lemma_forms(verb)):
                # "X received aid from Y": X is the target, Y the source
                src_roles = ["prep:from", "prep:by", *(r for r in p.source if r != "subj")]
                tgt_roles = ["subj", *p.target]
            source = self._actors(doc, anchor, src_roles, mentions, {}, is_source=True)
            target = self._actors(doc, anchor, tgt_roles, mentions, {}, is_source=False)
            inherited = False
            if (not source or not target) and _definite(tok):
                prior = _antecedent(tok, p, source, earlier)
                if prior is not None:
                    source = source or prior.source
                    target = target or prior.target
                    inherited = True
            ev = self._finish(doc, tok, p, source, target, mentions, timexes, published,
                              requires=not inherited, status_tok=anchor)
            if ev is not None:
                ev.inherited = inherited
                return ev
        return None

    def _finish(self, doc, tok, p, source, target, mentions, timexes, published,
                requires=True, status_tok=None) -> RawEvent | None:
        loose_source = [f for f in source if f.how == "phrase"]
        loose_target = [f for f in target if f.how == "phrase"]
        source = [f for f in source if f.how != "phrase"]
        target = [f for f in target if f.how != "phrase"]
        source_ids = {f.actor.id for f in source if f.actor.id}
        target = [f for f in target if not f.actor.id or f.actor.id not in source_ids]
        if requires and p.requires_target and not target and not (
                (p.type in TWO_SIDED or "between" in p.source)
                and len({_party(f) for f in source}) >= 2) and \
                not any(_loose_rank(doc[f.head]) == 0 for f in loose_target):
            # (a meeting of "A and B", a clash of A and B, has both sides; a name the
            # knowledge base does not know is someone: "returned the painting to the
            # Art Loss Register")
            return None
        if p.joint is not None and p.joint != _joint(tok, source):
            return None
        if not source and not target:
            return None  # a phrase alone ("the storm destroyed homes") is no actor
        if not source and all(f.actor.kind == "agent" and not f.actor.country for f in target):
            return None  # no one acts on "economists" or "industries" in general
        if p.id.startswith("cameo.") and not target and (
                self._needs_target(p.type) or p.confidence <= DEFAULT_CONFIDENCE):
            # the dictionary's two-sided codes, and any verb's code alone, need both
            # sides, as PETRARCH's do: "it came to that" is nothing
            return None
        status, hit = self.status.code(status_tok if status_tok is not None else tok)
        clause = _clause(tok)
        date, date_text = _date(clause, timexes, published, forward=status == "planned")
        place = _place(doc, clause, mentions, p, target)
        confidence = p.confidence * (1.0 if source else 0.85) * (1.0 if target else 0.9)
        if p.type == "ASSAULT" or p.type == "COERCE" and p.mode in POPULATION_COERCE:
            target = self._people_targeted(doc, p, target, place)
        elif p.type == "PROTEST" and not target and place is not None and place.capital:
            # a protest in the capital that names no one is aimed at the government
            target = [Found(place.start, place.end, self.kb.state_actor(place.country, "GOV"),
                            "place-actor")]
        elif p.type == "COERCE" and not source and is_passive(tok) and place is not None \
                and place.country and p.mode in STATE_COERCE:
            # "X was arrested in Rwanda": arrests, bans and expulsions are the state's
            source = [Found(place.start, place.end, self.kb.state_actor(place.country, "GOV"),
                            "place-actor")]
        elif p.type in AGAINST_TARGETS and not target and not loose_target and \
                (against := _against(tok, mentions, source)):
            target = against
        elif p.type in PLACE_RECIPIENTS and not target and not loose_target and \
                place is not None and place.country and \
                place.country not in {f.actor.country for f in source}:
            # a ceasefire, an eased curfew, aid or a deployment "in X" that names no
            # recipient is for the place's people (its government where it is the capital)
            target = [Found(place.start, place.end, self.kb.state_actor(
                place.country, "GOV" if place.capital else "CVL"), "place-actor")]
        return RawEvent(p, tok, source, target, status, hit, date, date_text, place,
                        round(confidence, 2), unresolved_source=loose_source,
                        unresolved_target=loose_target)

    def _needs_target(self, ptype: str) -> bool:
        roles = self.type_roles.get(ptype)
        return roles is not None and roles.needs_target

    # ---- actors ---------------------------------------------------------------------
    def _people_targeted(self, doc: Doc, p: EventPattern, target: list[Found],
                         place: PlaceRef | None) -> list[Found]:
        """The targets of force: a capital as its people, not its government; with no
        target named, the people of the place where it happened ("opened fire at a
        checkpoint in Kandahar") -- unless the pattern is two-sided ("clashed with"),
        where the missing side is the other fighter, not the population."""
        if not target:
            two_sided = any(r in ("between", "prep:with") for r in p.target)
            if place is None or not place.country or two_sided:
                return []
            return [Found(place.start, place.end, self.kb.state_actor(place.country, "CVL"),
                          "place-actor")]
        return [Found(f.start, f.end, self.kb.state_actor(f.actor.country, "CVL"), f.how,
                      f.head) if f.how in ("capital", "place-actor") and f.actor.country
                and (f.head < 0 or doc[f.head].dep_ != "poss") else f for f in target]

    def _actors(self, doc, tok, roles, mentions, nominal, is_source,
                exclude: frozenset[int] = frozenset()) -> list[Found]:
        """The actors in the first role that names one; else, the noun phrase of the
        first role that has one, kept as an unresolved participant (what was rejected,
        who was released), which never on its own makes an event."""
        loose: list[tuple[int, int, Token]] = []
        for r, role in enumerate(roles):
            toks = _role_tokens(tok, role, is_source)
            # the theme ("halted aid") names no participant, nor a modifier ("air" strikes)
            loose += [(_loose_rank(t), r, t) for t in toks
                      if (t.pos_ in NOUN_POS or t.pos_ == "NUM") and t.i not in exclude
                      and t.i != tok.i and (t.dep_ not in ("compound", "amod", "nmod")
                                            or t.pos_ == "PROPN")]
            found = _mentions_for(toks, mentions, wide=not is_source)
            if not found and is_source:
                # "a U.S. airstrike killed X": the attack's own source acts
                found = [f for t in toks if t.i in nominal for f in nominal[t.i].source]
            if not found:
                for t in toks:
                    found += mentions.place_actor(t, self.kb)
            if role == "between" and found:
                # "talks between A and B": A is the source, the others the targets
                found = found[:1] if is_source else found[1:]
            if not found and role.startswith("obj.prep:"):
                # "canceled the meeting" where the meeting is a nominal event already coded:
                # its other side (not the verb's own subject: "X filed a lawsuit")
                subjects = {f.actor.id for f in _mentions_for(subject_of(tok), mentions)}
                for d in _objects(tok):
                    ev = nominal.get(d.i)
                    if ev is not None:
                        found = list(ev.target) or [f for f in ev.source
                                                    if f.actor.id not in subjects]
                        break
            if found:
                # joined parties that name no known actor are parties too ("the Tokyo
                # exchange and the New York exchange agreed")
                named = {i for f in found for i in range(f.start, f.end)} | \
                    {f.head for f in found}
                found += [_phrase(doc, t, "party") for t in toks
                          if t.i not in named and t.pos_ in NOUN_POS and t.dep_ == "conj"
                          and not _mentions_for([t], mentions)]
                return found
        if is_source:  # a thing does not act: a name, or people ("nearly 70 countries")
            loose = [x for x in loose if x[0] == 0 or (
                x[0] == 1 and x[2].tag_ in ("NNS", "NNPS") and not _known(x[2], self._nouns))]
        if not loose:
            return []
        # the noun phrase most like an actor (a name), else the first role's
        best = min(loose, key=lambda x: (x[0], x[1]))
        return [_phrase(doc, t) for rank, r, t in loose if (rank, r) == best[:2]]


# Two-sided happenings: "A and B met" is a meeting between A and B.
TWO_SIDED = {"CONSULT", "AGREE", "COOPERATE"}
TWO_SIDED_CODES = {"057"}  # signing a formal agreement (SUPPORT)


def fill_unresolved(events: list[RawEvent]) -> None:
    """Last touches to each event's sides, once the rules that look for a missing side
    (threat targets, force on a place) have run:

    - a two-sided event whose subject joins several parties and names no one else is
      coded between the first and the others ("Kenya and Uganda signed an accord":
      Kenya -> Uganda), as PETRARCH codes compound actors;
    - a side that no actor fills shows its noun phrase instead."""
    for ev in events:
        if ev.pattern.type in TWO_SIDED or ev.pattern.cameo in TWO_SIDED_CODES:
            split_parties(ev)
        if not ev.source:
            ev.source = list(ev.unresolved_source)
        if not ev.target:
            ev.target = list(ev.unresolved_target)


def split_parties(ev: RawEvent) -> None:
    """"A and B agreed": A is the source, B the target -- also when a complement names
    something else ("A and B agreed to share data on C": C is what the parties agreed
    on, not a party; it stays a target after B)."""
    if len(ev.source) >= 2 and len({_party(f) for f in ev.source}) >= 2:
        ev.source, ev.target = ev.source[:1], ev.source[1:] + ev.target


def _party(f: Found) -> str:
    return f.actor.id or f.actor.country or f.actor.name


def _loose_rank(tok: Token) -> int:
    """0 for a noun phrase that names someone (a name or a named entity), 1 else."""
    if tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"):
        return 2
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "FAC") or \
            any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children):
        return 0
    return 1


def _phrase(doc: Doc, head: Token, how: str = "phrase") -> Found:
    """An unresolved participant: the noun phrase of ``head`` up to the head, with an
    "of" phrase after it ("hundreds of prisoners"), without clauses. ``how`` "party":
    a joined party beside known actors, kept with them."""
    start = min((c.left_edge.i for c in head.lefts if c.dep_ not in ("punct", "cc")),
                default=head.i)
    end = head.i + 1
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ == "of" and c.i == end:
            end = c.right_edge.i + 1
        elif c.dep_ in ("compound", "nummod", "appos") and c.i == end:
            end = c.right_edge.i + 1
        else:
            break
    while start < head.i and doc[start].is_punct:
        start += 1
    text = doc[start:end].text
    return Found(start, end, Actor(id="", name=text, kind="phrase"), how, head.i)


def _against(tok: Token, mentions: Mentions, source: list[Found]) -> list[Found]:
    """The actors an action is "against": the object of an "against" anywhere in the
    trigger's own phrase (on the verb, its object, or a noun of the object), not inside
    a clause of its own, and not the source itself."""
    own = {i for f in source for i in range(f.start, f.end)}
    stack, objects = [tok], []
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in OWN_CLAUSES:
                continue
            if c.dep_ == "prep" and c.lower_ == "against":
                objects += [g for g in c.children if g.dep_ == "pobj"]
            stack.append(c)
    return [f for f in _mentions_for(objects, mentions, wide=True)
            if not set(range(f.start, f.end)) & own]


def _role_tokens(tok: Token, role: str, is_source: bool) -> list[Token]:
    """Follow a role path ("xcomp.prep:to", "obj.prep:with", "ccomp.subj") from the
    trigger to the words that name an actor."""
    *steps, last = role.split(".")
    toks = [tok]
    for step in steps:
        toks = [n for t in toks for n in _step(t, step)]
    return [t for t in _expand([n for t in toks for n in _end(t, last, is_source)])
            if t.ent_type_ not in ("DATE", "TIME")]  # "imposed sanctions on Tuesday"


def _step(tok: Token, step: str) -> list[Token]:
    if step == "obj":
        return _objects(tok)
    if step in ("xcomp", "ccomp"):
        return children(tok, step)
    if step == "head":  # the verb a nominal trigger belongs to
        verb = governing_verb(tok) if tok.pos_ in NOUN_POS else None
        return [verb] if verb is not None else []
    if step.startswith("prep:"):
        return prep_objects(tok, step[5:])
    return []


def _end(tok: Token, role: str, is_source: bool) -> list[Token]:
    noun = tok.pos_ in NOUN_POS
    if noun and tok.dep_ == "conj" and tok.head.pos_ in NOUN_POS and role in ("subj", "poss"):
        first = tok
        while first.dep_ == "conj" and first.head.pos_ in NOUN_POS:
            first = first.head
        # "its rejection and condemnation of X": the second noun shares the first's
        # possessor and verb
        if role == "subj" or not children(tok, "poss"):
            return _end(first, role, is_source)
    if role == "subj":
        if noun and _verbal_noun(tok):
            return children(tok, "nsubj")
        if noun:
            verb = governing_verb(tok)
            if verb is not None and _light(verb) and tok.dep_ in ("dobj", "pobj", "nsubjpass"):
                return subject_of(verb)
            return []
        if tok.pos_ == "ADJ":
            if tok.dep_ == "acomp" and not is_passive(tok.head):
                return children(tok.head, "nsubj")  # "X is ready to ..."
            return subject_of(tok.head)  # "the court found X guilty", "... by the court"
        return subject_of(tok)
    if role == "obj":
        if tok.pos_ == "ADJ":  # who is found guilty
            return children(tok, "nsubj") or _objects(tok.head)
        return [] if noun else _objects(tok)
    if role == "dative":
        return children(tok, "dative", "iobj")
    if role == "poss":
        own = children(tok, "poss")
        if own and noun and all(o.pos_ == "PRON" for o in own):
            verb = governing_verb(tok)
            if verb is not None and _light(verb) and subject_of(verb):
                return subject_of(verb)  # "forces continued their attacks": the forces
        if not own and noun:
            own = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
        return own
    if role in ("between", "prep:between"):
        return _noun_preps(tok, "between")
    if role.startswith("prep:"):
        return _noun_preps(tok, role[5:]) if noun else prep_objects(tok, role[5:])
    if role == "relcl":
        clauses = children(tok, "relcl")
        for pobj in (g for c in children(tok, "prep") for g in children(c, "pobj")):
            clauses += children(pobj, "relcl")
        if is_source:
            return [s for c in clauses for s in subject_of(c)]
        return [o for c in clauses for t in c.subtree if t.lower_ == "with"
                for o in children(t, "pobj")]
    return []


def _known(tok: Token, table: dict) -> str | None:
    lemma = tok.lemma_.lower()
    if lemma in table:
        return lemma
    for form in lemma_forms(tok)[1:]:
        if form in table:
            return form
    return None


def _noun_preps(tok: Token, prep: str, any_object: bool = False) -> list[Token]:
    """A phrase of a nominal trigger, of its "of" object, or of its light verb, where
    parsers often attach it ("a deployment of troops to X", "struck a deal with X",
    "talks were held between X and Y"). ``any_object``: the preposition's presence
    counts even without an object ("an accusation that ...")."""
    def objects_of(head: Token) -> list[Token]:
        found = prep_objects(head, prep)
        if not found and any_object and any(c.dep_ == "prep" and c.lower_ == prep
                                            for c in head.children):
            return [head]
        return found
    found = objects_of(tok)
    if found or tok.pos_ not in NOUN_POS:
        return found
    for of in prep_objects(tok, "of"):
        found = objects_of(of)
        if found:
            return found
    verb = governing_verb(tok)
    if verb is not None and _light(verb) and tok.dep_ in ("dobj", "nsubjpass"):
        return objects_of(verb)
    if verb is not None and prep == "by" and tok.dep_ == "dobj" and not is_passive(verb):
        return objects_of(verb)  # "prevented a march by students": misattached to the verb
    return []


def _light(verb: Token) -> bool:
    return any(f in LIGHT_VERBS for f in lemma_forms(verb))


def _objects(tok: Token) -> list[Token]:
    """The direct object (the passive subject for passives); verbs joined by "and"
    share the object the parser hangs on the last one ("arrested and charged X")."""
    if is_passive(tok):
        return children(tok, "nsubjpass")
    objs = children(tok, "dobj")
    if not objs:
        # a name right after the verb that the parser calls an adverbial ("met Abiy
        # Ahmed" at the end of a text) is its object
        objs = [c for c in children(tok, "npadvmod") if c.pos_ == "PROPN" and c.i > tok.i
                and c.ent_type_ not in ("DATE", "TIME")]
    if not objs:
        for conj in children(tok, "conj"):
            if conj.pos_ == "VERB" and not children(conj, "nsubj", "nsubjpass"):
                objs = children(conj, "dobj")
                if objs:
                    break
    return objs


def _structure_ok(tok: Token, p: EventPattern, particle: str | None) -> bool:
    """The construction a pattern asks of its verb: an object, a clause that is not a
    question ("asked X to", not "asked X whether"), no naming complement."""
    if p.needs_object and not _objects(tok) and not children(tok, "xcomp"):
        return False
    if p.needs_clause and not children(tok, "xcomp") and not [
            c for c in children(tok, "ccomp") if not _interrogative(c)] and \
            not prep_objects(tok, "for") and particle != "for":
        return False
    return not (p.no_complement and any(c.dep_ in ("oprd", "xcomp", "ccomp") and
                                        c.pos_ in ("NOUN", "ADJ", "PROPN")
                                        for c in tok.children))


def _in_name(tok: Token, mentions: Mentions) -> bool:
    """The word is part of an organisation's or a person's name the text gives."""
    return any(f.actor.kind in ("organization", "igo", "person") and f.how in ("name", "ner")
               and f.end - f.start > 1 for f in mentions.at(tok))


def _interrogative(clause: Token) -> bool:
    """A clause that asks: "whether/if ...", "what/why/how ..."."""
    return any((c.dep_ == "mark" and c.lower_ in ("whether", "if")) or
               c.tag_ in ("WDT", "WP", "WP$", "WRB") for c in clause.subtree
               if c.i < clause.i)


def _light_verb_of(tok: Token) -> Token | None:
    """For an event noun, the light verb it is the object of ("held a rally")."""
    if tok.pos_ not in NOUN_POS:
        return None
    verb = governing_verb(tok)
    return verb if verb is not None and _light(verb) else None


def _verbal_noun(tok: Token) -> bool:
    """A word the tagger calls a noun that heads a clause with its own subject: the
    parser's structure says it is the clause's verb ("that the government *resign*")."""
    return tok.dep_ in ("ccomp", "xcomp", "advcl", "ROOT", "conj", "relcl") and \
        any(c.dep_ == "nsubj" for c in tok.children) and \
        not any(c.dep_ in ("det", "poss", "amod") for c in tok.children)


def _prep_objects(tok: Token) -> list[Token]:
    """Objects of the prepositions on a verb ("put the army on alert")."""
    return [g for c in tok.children if c.dep_ == "prep" for g in c.children
            if g.dep_ == "pobj"]


def _expand(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        for c in with_conjuncts(t):
            if c not in out:
                out.append(c)
    return out


def _mentions_for(toks: list[Token], mentions: Mentions, wide: bool = False) -> list[Found]:
    """The actor mentions a role's tokens stand for: the mention at the token itself,
    else the nearest one inside its noun phrase. ``wide`` (targets) also looks into the
    phrase's own prepositional phrases: "refused a request by X", "rejected
    cooperation with X", "lifted the ban on X"."""
    out: list[Found] = []
    for tok in toks:
        found = mentions.at(tok)
        if not found:
            found = _in_phrase(tok, mentions, 0, PHRASE_PREPS | WIDE_PREPS if wide
                               else PHRASE_PREPS)
        for f in found:
            if f not in out:
                out.append(f)
    return out


NP_ORDER = {"compound": 0, "amod": 0, "nmod": 1, "appos": 2, "prep": 3, "pobj": 3, "poss": 4,
            "det": 5}
PHRASE_PREPS = frozenset({"of", "from"})
# after possessors and "of"/"from" (NP_ORDER), in this order
WIDE_PREPS = frozenset({"by", "with", "for", "against", "on", "to", "over", "toward",
                        "towards"})
_PREP_RANK = {p: i for i, p in enumerate(["of", "from", "by", "with", "for", "against",
                                           "on", "to", "over", "toward", "towards"])}


def _in_phrase(tok: Token, mentions: Mentions, depth: int,
               preps: frozenset[str] = PHRASE_PREPS) -> list[Found]:
    """The actor a noun phrase names through its modifiers: a country word before a
    possessive pronoun ("their Chinese counterparts"). A wide search (targets) also goes
    through the phrase's prepositions at any depth ("offers for talks by X") and into a
    clause that describes it: its by-agent or prepositions ("the protest filed by X",
    "the ban they imposed on X") and the subject of a claim ("claims that X abused")."""
    if depth > 2:
        return []
    wide = preps is not PHRASE_PREPS
    for child in sorted(tok.children, key=lambda c: (NP_ORDER.get(c.dep_, 9),
                                                     _PREP_RANK.get(c.lower_, 0))):
        if child.dep_ not in NP_DEPS:
            continue
        if child.dep_ == "prep" and child.lower_ not in preps:
            continue
        deeper = preps if (wide or child.dep_ == "prep") else PHRASE_PREPS
        found = mentions.at(child) or _in_phrase(child, mentions, depth + 1, deeper)
        if found:
            return found
    if wide and tok.pos_ in NOUN_POS:
        for clause in (c for c in tok.children if c.dep_ in ("acl", "relcl", "ccomp")):
            cands = prep_objects(clause, "by") + [
                s for s in children(clause, "nsubj") if s.tag_ not in ("WDT", "WP", "PRP")]
            cands += [g for p in children(clause, "prep") if p.lower_ in preps
                      for g in children(p, "pobj")]
            for c in cands:
                found = mentions.at(c) or _in_phrase(c, mentions, depth + 1, PHRASE_PREPS)
                if found:
                    return found
    return []


def _object_matches(tok: Token, lemmas: list[str], particle: str | None = None) -> bool:
    wanted = set(lemmas)
    cands = _objects(tok) + prep_objects(tok, "with")
    if particle:
        cands += prep_objects(tok, particle)  # "went on strike"
    for c in list(cands):
        cands += prep_objects(c, "of")  # "a shipment of weapons"
        cands += [x for x in c.children if x.dep_ == "compound"]  # "food aid"
        cands += [x for x in c.conjuncts]
    return any(f in wanted for c in cands for f in lemma_forms(c))


def _non_actor_object(tok: Token, mentions: Mentions) -> bool:
    """The direct object is not itself an actor ("met the deadline", "welcomed the
    decision"); a country word inside it does not make it one."""
    objs = _objects(tok)
    return bool(objs) and not any(mentions.at(o) for o in objs)


def _antecedent(tok: Token, p: EventPattern, source: list[Found],
                earlier: list[RawEvent]) -> RawEvent | None:
    """The event a definite noun refers back to in its own sentence ("The canceled
    meeting with X ..., with Y's decision to cancel the meeting"): one of the same type
    and word family whose participants do not contradict the ones already found.
    References across sentences are left to linking, which sees the whole article."""
    have = {f.actor.id for f in source}
    word = tok.lemma_.lower()
    for e in reversed(earlier):
        if e.trigger.i >= tok.i or sent_of(e.trigger) != sent_of(tok) or e.pattern.type != p.type:
            continue
        other = e.trigger.lemma_.lower()
        if other != word and other[:4] != word[:4]:
            continue
        theirs = {f.actor.id for f in e.source}
        if have and e.source and not have & theirs:
            continue
        if e.source or e.target:
            return e
    return None


def _one_with_nominal(ev: RawEvent, objects: list[Token], nominal: dict[int, RawEvent],
                      events: list[RawEvent]) -> bool:
    """"Staged a 48-hour strike", "held talks with X": a verb whose object is already an
    event of the same type is that event, not a second one. The verb's event stays when
    its pattern names that noun as its object ("impose" + "embargo"); else the noun's
    does ("talks" is more specific than "hold talks"). Either takes the actors only the
    other found. Returns whether ``ev`` is to be kept."""
    for o in objects:
        same = nominal.get(o.i)
        if same is None or same.pattern.type != ev.pattern.type or same not in events:
            continue
        if o.dep_ == "nsubj":
            if same.source and any(f.head == o.i or f.start <= o.i < f.end
                                   for f in same.source):
                return True  # "a suicide bomber blew himself up": the noun is the actor
            # "an airstrike killed X": one attack, coded by the noun (the more specific
            # pattern) with its own source and the verb's victims
            same.target = ev.target or same.target
            same.unresolved_target = ev.unresolved_target or same.unresolved_target
            same.source = same.source or [f for f in ev.source if f.head != o.i]
            return False
        keep, drop = (ev, same) if set(lemma_forms(o)) & set(ev.pattern.objects) else (same, ev)
        keep.source = keep.source or drop.source
        keep.target = keep.target or drop.target
        if drop is same:
            events.remove(same)
            nominal[o.i] = ev
        return keep is ev
    return True


def _joint(tok: Token, source: list[Found]) -> bool:
    """Done together: two or more source countries, or "joint" on the trigger."""
    if any(c.lower_ in ("joint", "combined", "bilateral") for c in tok.children):
        return True
    return len({f.actor.country or f.actor.id for f in source}) >= 2


def _definite(tok: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in tok.children)


def _clause(tok: Token) -> list[Token]:
    """Tokens that describe the event: its own clause; for a noun, also the clause of the
    verb it belongs to ("held talks ... on Monday")."""
    toks = list(clause_tokens(tok))
    if tok.pos_ in NOUN_POS:
        verb = governing_verb(tok)
        if verb is not None:
            # only the verb's own adverbials, not its other arguments' phrases
            for child in verb.children:
                if child.dep_ in ("prep", "npadvmod", "advmod", "tmod") and \
                        tok not in child.subtree and child.lower_ not in ("including", "like"):
                    toks += [t for t in clause_tokens(child) if t not in toks]
    return toks


def _date(clause: list[Token], timexes: list[Timex], published: dt.date | None,
          forward: bool) -> tuple[ResolvedDate | None, str | None]:
    idx = {t.i for t in clause}
    for tx in timexes:
        if any(i in idx for i in range(tx.tok_start, tx.tok_end)):
            date = resolve(tx, published, forward=forward)
            if date is not None:
                return date, tx.text
    return None, None


def _place(doc: Doc, clause: list[Token], mentions: Mentions, p: EventPattern,
           target: list[Found]) -> PlaceRef | None:
    idx = {t.i for t in clause}
    for pl in mentions.places:
        if pl.start in idx:
            return pl
    if p.mode == "visit":
        for f in target:
            if f.how in ("capital", "institution", "name") and f.actor.kind in ("state", "agent"):
                return PlaceRef(f.start, f.end, doc[f.start:f.end].text, f.actor.country,
                                f.actor.id)
    return None


def quad_of(ptype: str) -> int:
    return QUAD[ptype]
