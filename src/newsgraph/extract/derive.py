"""Events that PLOVER codes from announcements: the verbal event of an intention, a
refusal, a conditional threat or a demand (rules in events/derive.jsonl).

"Iran will extend the curfew" is a COERCE that has not happened (status planned) and a
THREATEN that has: Iran announced it. The content event keeps its status; the derived
event is added with status occurred, the same actors, date and place, and the content's
trigger as evidence. An intention expressed by a verb that is itself an event trigger
("agreed to meet", "threatened to attack") needs no derived event: that verb's pattern
codes it.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from newsgraph.extract.events import RawEvent, _mentions_for
from newsgraph.extract.mentions import Mentions
from newsgraph.extract.syntax import children, governing_verb, lemma_forms, subject_of
from newsgraph.knowledge.rules import Rules
from newsgraph.knowledge.schema import DeriveRule, EventPattern

FUTURE = {"will", "shall", "'ll", "wo"}
WOULD = {"would", "'d"}
MAYBE = {"may", "might", "could"}
OBLIGATION = {"must", "should", "ought"}
CONDITION = {"if", "unless"}
SPEECH_NOUNS = {"statement", "reminder", "warning", "message", "declaration", "communique",
                "announcement", "appeal", "demand", "call", "letter", "note", "ultimatum"}


class Deriver:
    def __init__(self, rules: Rules) -> None:
        self._rules: dict[str, list[DeriveRule]] = {}
        for r in rules.derive:
            self._rules.setdefault(r.when, []).append(r)
        self._speech = {w for c in rules.speech if c.pos == "verb" for w in c.words}
        self._patterns: dict[tuple[str, str], EventPattern] = {}

    def derive(self, doc: Doc, events: list[RawEvent], mentions: Mentions) -> list[RawEvent]:
        triggers = {e.trigger.i for e in events}
        out: list[RawEvent] = []
        for ev in events:
            when = self._when(ev, triggers)
            rule = self._rule(when, ev.pattern.type) if when else None
            if rule is not None:
                out.append(self._derived(rule, ev, ev.source, ev.target, ev.trigger))
        out += self._obligations(doc, events, mentions)
        return out

    @staticmethod
    def aim_threats(events: list[RawEvent], mentions: Mentions) -> None:
        """A threat whose own phrase names no target is aimed at the target of the act
        threatened ("threatened to break relations with Russia"), else at whoever must
        comply ("... unless the Kremlin closed its base", "... if the United States goes
        ahead")."""
        by_trigger = {e.trigger.i: e for e in events}
        for ev in events:
            if ev.pattern.type != "THREATEN" or ev.target:
                continue
            acts = [by_trigger[t.i] for x in children(ev.trigger, "xcomp") for t in x.subtree
                    if t.i in by_trigger and by_trigger[t.i] is not ev]
            aimed = next((list(a.target) for a in acts if a.target), [])
            if not aimed:
                own = {f.actor.id for f in ev.source if f.actor.id}
                for verb in [ev.trigger, *children(ev.trigger, "xcomp")]:
                    for clause in children(verb, "advcl"):
                        if any(g.dep_ == "mark" and g.lower_ in CONDITION
                               for g in clause.children):
                            aimed += [f for f in _mentions_for(subject_of(clause), mentions)
                                      if f.actor.id not in own and f not in aimed]
            ev.target = aimed

    @staticmethod
    def drop_protest_topics(events: list[RawEvent]) -> list[RawEvent]:
        """The demand a protest is about ("rallied to demand reforms", "blocked roads
        demanding his return") is not an event of its own (PLOVER manual, PROTEST)."""
        protests = {e.trigger.i for e in events if e.pattern.type == "PROTEST"}
        if not protests:
            return events
        # "began a hunger strike to demand ...": the verb of a protest noun counts too
        protests |= {v.i for e in events if e.pattern.type == "PROTEST"
                     and e.trigger.pos_ in ("NOUN", "PROPN")
                     and (v := governing_verb(e.trigger)) is not None}

        def topic(e: RawEvent) -> bool:
            tok = e.trigger
            for _ in range(3):
                if tok.dep_ not in ("advcl", "xcomp", "acl", "conj", "ccomp", "relcl") \
                        or tok.head.i == tok.i:
                    return False
                tok = tok.head
                if tok.i in protests:
                    return True
            return False
        return [e for e in events if not (e.pattern.type == "REQUEST" and topic(e))]

    # ---- which announcements ------------------------------------------------------
    def _when(self, ev: RawEvent, triggers: set[int]) -> str | None:
        tok = ev.trigger
        verb = tok if tok.pos_ == "VERB" else governing_verb(tok)  # "will hold talks"
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")} if verb \
            else set()
        hit = ev.status_hit
        if ev.status == "planned" and hit is not None:
            if hit.cue == "aux.future" and aux & FUTURE:
                return "intent"
            if hit.cue.startswith("gov.plan") and hit.token not in triggers:
                return "intent"  # "decided to", "is ready to" (not "agreed to": a pattern)
        if ev.status == "hypothetical" and aux & WOULD and verb is not None and \
                self._reported(verb):
            return "intent"  # "said they would boycott"
        if ev.status == "negated" and aux & (FUTURE | WOULD):
            return "negated-intent"
        if ev.status == "hypothetical" and aux & MAYBE and verb is not None and \
                _conditional(verb):
            return "conditional"
        return None

    def _rule(self, when: str, ptype: str) -> DeriveRule | None:
        for r in self._rules.get(when, ()):
            if ptype in r.content_types or "*" in r.content_types:
                return r
        return None

    def _reported(self, tok: Token) -> Token | None:
        """The speech verb whose reported clause holds ``tok``, if any; for a statement
        noun ("issued a reminder that ..."), the verb that issued it."""
        for _ in range(4):
            if tok.head.i == tok.i:
                return None
            dep, tok = tok.dep_, tok.head
            if dep in ("ccomp", "acl") and tok.pos_ == "NOUN" and \
                    tok.lemma_.lower() in SPEECH_NOUNS:
                return governing_verb(tok)
            if dep == "ccomp" and any(f in self._speech for f in lemma_forms(tok)):
                return tok
            if dep not in ("ccomp", "xcomp", "conj", "advcl", "acomp"):
                return None
        return None

    # ---- demands in reported speech -----------------------------------------------
    def _obligations(self, doc: Doc, events: list[RawEvent],
                     mentions: Mentions) -> list[RawEvent]:
        rules = self._rules.get("obligation")
        if not rules:
            return []
        by_trigger = {e.trigger.i: e for e in events}
        out = []
        for tok in doc:
            if tok.lower_ not in OBLIGATION or tok.dep_ != "aux":
                continue
            verb = tok.head
            speech = self._reported(verb)
            if speech is None:
                continue
            source = _mentions_for(subject_of(speech), mentions)
            target = _mentions_for(children(verb, "nsubj", "nsubjpass"), mentions)
            if not target:
                continue
            content = by_trigger.get(verb.i) or next(
                (by_trigger[c.i] for c in verb.children if c.i in by_trigger), None)
            ptype = content.pattern.type if content else "*"
            rule = self._rule("obligation", ptype)
            if rule is None:
                continue
            base = content or RawEvent(pattern=_placeholder(), trigger=tok, source=[],
                                       target=[], status="occurred", status_hit=None,
                                       date=None, date_text=None, place=None,
                                       confidence=0.7)
            out.append(self._derived(rule, base, source, target, tok))
        return out

    # ---- building ---------------------------------------------------------------------
    def _derived(self, rule: DeriveRule, ev: RawEvent, source, target,
                 trigger: Token) -> RawEvent:
        ptype = ev.pattern.type if ev.pattern.id != "-" else "*"
        key = (rule.id, ptype)
        pattern = self._patterns.get(key)
        if pattern is None:
            pattern = EventPattern.model_construct(
                id=rule.id, type=rule.type, mode=rule.mode.get(ptype, ""),
                context=list(ev.pattern.context), cameo=rule.cameo.get(ptype, rule.cameo["*"]),
                confidence=ev.pattern.confidence)
            self._patterns[key] = pattern
        return replace(ev, pattern=pattern, trigger=trigger, source=list(source),
                       target=list(target), status="occurred", status_hit=None,
                       confidence=round(ev.confidence * 0.9, 2), notes=[f"from {ev.pattern.id}"])


def _conditional(tok: Token) -> bool:
    """An "if" or "unless" clause hangs on the event's clause."""
    return any(g.dep_ == "mark" and g.lower_ in CONDITION
               for c in tok.children if c.dep_ == "advcl" for g in c.children)


def _placeholder() -> EventPattern:
    return EventPattern.model_construct(id="-", type="REQUEST", mode="", context=[],
                                        cameo="100", confidence=0.7)
