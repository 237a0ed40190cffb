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

from newsgraph.extraction.events import TWO_SIDED, RawEvent, _mentions_for, split_parties
from newsgraph.extraction.mentions import Mentions
from newsgraph.extraction.status import StatusCoder
from newsgraph.extraction.syntax import children, governing_verb, lemma_forms, subject_of
from newsgraph.knowledge.rules import Rules
from newsgraph.knowledge.schema import DeriveRule, EventPattern

FUTURE = {"will", "shall", "'ll", "wo"}
WOULD = {"would", "'d"}
MAYBE = {"may", "might", "could"}
OBLIGATION = {"must", "should", "ought"}
CONDITION = {"if", "unless"}
# Prepositions through which a verb takes a topic ("complained about the raid").
TOPIC_PREPS = {"about", "over", "of", "for", "against", "on", "into", "to", "with"}
SPEECH_NOUNS = {"statement", "reminder", "warning", "message", "declaration", "communique",
                "announcement", "appeal", "demand", "call", "letter", "note", "ultimatum"}


class Deriver:
    def __init__(self, rules: Rules) -> None:
        self._rules: dict[str, list[DeriveRule]] = {}
        for r in rules.derive:
            self._rules.setdefault(r.when, []).append(r)
        self._speech = {w for c in rules.speech if c.pos == "verb" and c.category == "speech"
                        for w in c.words}
        self._status = StatusCoder(rules.status)
        self._patterns: dict[tuple[str, str], EventPattern] = {}

    def derive(self, doc: Doc, events: list[RawEvent], mentions: Mentions) -> list[RawEvent]:
        triggers = {e.trigger.i for e in events}
        out: list[RawEvent] = []
        for ev in events:
            when = self._when(ev, triggers)
            rule = self._rule(when, ev.pattern.type) if when else None
            if rule is None and when == "conditional" and ev.status == "planned":
                rule = self._rule("intent", ev.pattern.type)  # "will send aid if asked"
            if rule is not None:
                derived = self._derived(rule, ev, ev.source, ev.target, ev.trigger)
                if ev.pattern.type in TWO_SIDED:
                    split_parties(derived)  # "A and B failed to agree": A rejected B
                out.append(derived)
        out += self._obligations(doc, events, mentions)
        out += self._ended(events, mentions, triggers)
        return out

    def _ended(self, events: list[RawEvent], mentions: Mentions,
               triggers: set[int]) -> list[RawEvent]:
        """"Lifted the sanctions on Y", "eased the curfew", "halted its offensive": the
        verb that ends a conflict event is a yield by its own subject (RETREAT or
        CONCEDE, rules in derive.jsonl), aimed at the ended event's target. Not when the
        verb codes an event itself ("called off the strike" has its pattern)."""
        out = []
        for ev in events:
            hit = ev.status_hit
            if ev.status != "canceled" or hit is None or hit.cue != "gov.end" or \
                    hit.token in triggers:
                continue
            rule = self._rule("ended", ev.pattern.type)
            if rule is None:
                continue
            verb = ev.trigger.doc[hit.token]
            source = _mentions_for(subject_of(verb), mentions) or ev.source
            status, _ = self._status.code(verb)
            derived = self._derived(rule, ev, source, ev.target, verb)
            derived.status = status
            out.append(derived)
            triggers.add(hit.token)
        return out

    @staticmethod
    def aim_threats(events: list[RawEvent], mentions: Mentions) -> None:
        """An announcement whose own phrase names no target takes it from the act it
        announces (the event in its infinitive or that-clause): "threatened to break
        relations with Russia", "agreed to lift the ban on Egyptian goods", "refused to
        meet the envoy"; for a demand, whoever must act ("demanded that the US
        withdraw"). A threat with neither is aimed at whoever must comply ("... unless
        the Kremlin closed its base", "... if the United States goes ahead")."""
        by_trigger = {e.trigger.i: e for e in events}
        for ev in events:
            if ev.pattern.type not in ANNOUNCING or ev.target:
                continue
            if ev.pattern.type == "AGREE" and len({f.actor.id or f.actor.name
                                                    for f in ev.source}) >= 2:
                continue  # "A and B agreed to ...": an agreement between them
            own = {f.actor.id for f in ev.source if f.actor.id}
            aimed: list = []
            for act in _content_events(ev, by_trigger):
                if ev.pattern.type == "REQUEST":
                    aimed = [f for f in act.source if f.actor.id not in own] or act.target
                else:
                    aimed = [f for f in act.target if f.actor.id not in own]
                if aimed:
                    break
            if not aimed and ev.pattern.type == "THREATEN":
                for verb in [ev.trigger, *children(ev.trigger, "xcomp")]:
                    for clause in children(verb, "advcl"):
                        if any(g.dep_ == "mark" and g.lower_ in CONDITION
                               for g in clause.children):
                            aimed += [f for f in _mentions_for(subject_of(clause), mentions)
                                      if f.actor.id not in own and f not in aimed]
            if not aimed:
                aimed = _named_in_complement(ev, mentions, own)
            ev.target = list(aimed)

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

    @staticmethod
    def drop_unanchored(events: list[RawEvent]) -> list[RawEvent]:
        """Patterns marked ``needs_act`` (refusals) stay only when they refuse someone or
        something the text codes: "refused to meet X", not "declined to comment"."""
        by_trigger = {e.trigger.i: e for e in events}
        return [e for e in events if not e.pattern.needs_act or e.target
                or _content_events(e, by_trigger) or _commits(e)
                or (e.pattern.type in TWO_SIDED
                    and len({f.actor.id or f.actor.name for f in e.source}) >= 2)
                or any(o.i in by_trigger for o in e.trigger.children if o.dep_ == "dobj")]

    @staticmethod
    def drop_topics(events: list[RawEvent]) -> list[RawEvent]:
        """A happened event named by a noun that another event's verb acts on is that
        event's topic, reported elsewhere, not news of its own: "rejected a U.S.
        request", "condemned the killing of civilians", "complained about the raid".
        Event data codes the verb's event; the noun's stays only when the text gives it
        a status of its own ("canceled the meeting", "called for a ceasefire")."""
        verbs = {e.trigger.i for e in events if e.trigger.pos_ == "VERB"}
        keep = []
        for e in events:
            tok = e.trigger
            if e.status == "occurred" and tok.pos_ in ("NOUN", "PROPN"):
                head = tok.head
                if tok.dep_ == "pobj" and head.lower_ in TOPIC_PREPS:
                    head = head.head
                elif tok.dep_ not in ("dobj", "nsubjpass"):
                    head = None
                if head is not None and head.i in verbs and head.i != tok.i:
                    continue
            keep.append(e)
        return keep

    # ---- which announcements ------------------------------------------------------
    def _when(self, ev: RawEvent, triggers: set[int]) -> str | None:
        tok = ev.trigger
        verb = tok if tok.pos_ == "VERB" else governing_verb(tok)  # "will hold talks"
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")} if verb \
            else set()
        hit = ev.status_hit
        if ev.status in ("planned", "hypothetical") and aux & (FUTURE | WOULD | MAYBE) and \
                verb is not None and _conditional(verb):
            return "conditional"  # "will withdraw unless ...", "may cut gas if ..."
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
        if ev.status == "negated" and hit is not None and hit.cue == "gov.refuse-to" and \
                hit.token not in triggers:
            return "negated-intent"  # "failed to reach an agreement": a rejection
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
        own = source is ev.source and target is ev.target
        return replace(ev, pattern=pattern, trigger=trigger, source=list(source),
                       target=list(target), status="occurred", status_hit=None,
                       unresolved_source=ev.unresolved_source if own else [],
                       unresolved_target=ev.unresolved_target if own else [],
                       confidence=round(ev.confidence * 0.9, 2), notes=[f"from {ev.pattern.id}"])


# Types whose trigger announces another act (its complement), and take their target
# from it when their own phrase names none.
ANNOUNCING = {"THREATEN", "AGREE", "REJECT", "REQUEST", "SUPPORT"}


def _content_events(ev: RawEvent, by_trigger: dict[int, RawEvent]) -> list[RawEvent]:
    """Events in the trigger's infinitive or that-clause, nearest first."""
    out = []
    for comp in ev.trigger.children:
        if comp.dep_ not in ("xcomp", "ccomp"):
            continue
        for t in sorted(comp.subtree, key=lambda t: abs(t.i - ev.trigger.i)):
            e = by_trigger.get(t.i)
            if e is not None and e is not ev and e not in out:
                out.append(e)
    return out


def _commits(ev: RawEvent) -> bool:
    """An agreement or a promise to do something or on something (PLOVER AGREE: any
    indication of willingness or commitment), not agreement with an opinion."""
    return ev.pattern.type == "AGREE" and any(
        c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("on", "to", "upon"))
        for c in ev.trigger.children)


def _named_in_complement(ev: RawEvent, mentions: Mentions, own: set[str]) -> list:
    """The first actor named in what an announcement announces, when no coded act there
    has one ("agreed to allow UN aid workers access", "refused to let the envoy land");
    else nobody. Places stay places."""
    for comp in ev.trigger.children:
        if comp.dep_ not in ("xcomp", "ccomp"):
            continue
        for t in sorted(comp.subtree, key=lambda t: t.i):
            found = [f for f in mentions.at(t) if f.actor.id not in own
                     and f.actor.id not in {x.actor.id for x in ev.source}]
            if found:
                return found[:1]
    return []


def _conditional(tok: Token) -> bool:
    """An "if" or "unless" clause hangs on the event's clause."""
    return any(g.dep_ == "mark" and g.lower_ in CONDITION
               for c in tok.children if c.dep_ == "advcl" for g in c.children)


def _placeholder() -> EventPattern:
    return EventPattern.model_construct(id="-", type="REQUEST", mode="", context=[],
                                        cameo="100", confidence=0.7)
