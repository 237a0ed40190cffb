"""Actor mentions: gazetteer hits and NER candidates -> resolved actors, as of a date.

The spaCy model's entities only propose candidates; what a span is, is decided here from
the knowledge base and the syntax around it:

- a title, a country word or an organisation attached to a name or a generic agent
  combines with it ("Russian President Vladimir Putin", "Pakistani Army" -> PAK MIL,
  "Chile's Defense Ministry" -> CHL GOV, "UN Secretary-General Antonio Guterres");
- a role without a name is the person holding it on the article's date
  ("the Russian president" in 2019 -> Putin); without a country it is left for coreference;
- surnames resolve to a person named in full earlier, else to the one person the
  knowledge base has under that short form, preferring those in office on the date;
- capitals and cities after a locative preposition are places, not actors;
- unknown PERSON/ORG entities become provisional actors with whatever the text gives.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsgraph.extraction.gazetteer import Gazetteer, Hit
from newsgraph.extraction.mentions import Found, Mentions, PlaceRef
from newsgraph.extraction.syntax import doc_text, sent_of
from newsgraph.knowledge.actors import Actor, KnowledgeBase, Name, fold
from newsgraph.knowledge.actors import slug_id as slug
from newsgraph.knowledge.schema import Agent

# Prepositions after which a city or capital is where something happens, not who acts.
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "around", "within",
            "throughout", "to", "into", "from", "toward", "towards", "through", "via", "over"}
# Relations by which a country word, organisation or title modifies a noun.
MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "nn", "npadvmod", "appos"}
MODIFIER_PREPS = {"of", "in", "from", "throughout", "across"}
# Sectors of armed bodies other than the army, which re-sector a military word.
ARMED = {"REB", "COP", "SPY", "UAF", "CRM", "PRM"}
# Words before a surname that do not make it part of a longer, unknown name.
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lady",
              "lord", "sheikh", "sheik", "gen", "gen.", "lt", "lt.", "col", "col.", "sen",
              "sen.", "rep", "rep.", "gov", "gov.", "prof", "prof.", "rev", "rev.", "capt",
              "capt.", "maj", "maj.", "adm", "adm.", "president", "premier", "minister"}
# The order in which readings of an ambiguous surface are preferred.
PLURAL_TAGS = {"NNS", "NNPS"}
OWNED_SECTORS = ("MIL", "COP", "SPY", "PRM")
NP_MODIFIERS = ("amod", "compound", "poss", "nmod", "appos")
# Sectors of people in office: "former" puts them out of it (ELI).
OFFICIAL_SECTORS = {"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "IGO"}
FORMER_WORDS = {"former", "onetime", "one-time", "erstwhile", "ousted", "exiled"}
# Bodies whose presiding officer is coded with the body ("speaker of the Knesset").
BODY_SECTORS = {"LEG", "JUD"}
NAME_ORDER = {"name": 0, "institution": 1, "capital": 2, "place": 3, "adjective": 4, "people": 5}


@dataclass(slots=True)
class _Unit:
    """A candidate span before combination."""

    start: int
    end: int
    kind: str  # state adj people capital inst org person place agent short ner_person ner_org
    target: str = ""  # actor/place id or iso3
    sector: str = ""
    hit: Hit | None = None
    used: bool = False
    via_prep: bool = False  # modifies its head through "of/in/from" ("rebels in Mali")
    rel: str = ""  # the dependency by which it modifies its head
    mods: list[_Unit] = field(default_factory=list)

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


class ActorResolver:
    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer,
                 speech_words: frozenset[str] = frozenset()) -> None:
        """``speech_words``: lemmas of the speech cues, whose that-clauses are what a
        speaker talks about (left out when looking for an actor's country)."""
        self.kb = kb
        self.gaz = gazetteer
        self.speech_words = speech_words

    # ------------------------------------------------------------------------------
    def resolve(self, doc: Doc, day: dt.date | None) -> Mentions:
        units = self._units(doc)
        by_tok = {i: u for u in units for i in range(u.start, u.end)}
        self._attach(doc, units, by_tok)
        out = Mentions()
        for u in units:
            if u.kind in ("state", "capital", "place", "inst") and _locative(doc, u):
                self._place(doc, u, out, day)
        seen_people: set[str] = set()
        surnames: dict[str, Actor] = {}
        for u in units:
            if u.used:
                continue
            for f in self._resolve_unit(doc, u, day, seen_people, surnames, out, by_tok):
                out.add(f, doc)
                if f.actor.kind == "person":
                    seen_people.add(f.actor.id)
        self._provisional_surnames(doc, out, surnames, by_tok)
        _context_countries(doc, out, self.kb, self.speech_words)
        covered = {i for f in out.found for i in range(f.start, f.end)}
        for pl in out.places:
            if pl.start not in covered and not pl.place.startswith("country:"):
                out.add(Found(pl.start, pl.end, Actor(pl.place, pl.name, "place", pl.country),
                              "place"), doc)
        out.found.sort(key=lambda f: f.start)
        return out

    # ---- candidates ----------------------------------------------------------------
    def _units(self, doc: Doc) -> list[_Unit]:
        hits = self.gaz.find(doc)
        taken = {i for h in hits for i in range(h.start, h.end)}
        # "Judge Alejandro Rivera": a surname after an unknown first name belongs to
        # someone the knowledge base does not know; NER will propose the full name.
        hits = [h for h in hits if not (h.short and _unknown_first_name(doc, h.start, taken))]
        # "Forces for Defence of Democracy (FDD)": an acronym the text defines is not a
        # known body with the same letters
        hits = [h for h in hits if not self._redefined_acronym(doc, h)]
        named = _named_countries(hits)
        units: list[_Unit] = []
        covered: set[int] = set()
        for ent in doc.ents:
            if ent.label_ != "ORG" or not _org_with_country_word(doc, ent, hits):
                continue
            # "Montenegro Municipality Association": an unknown organisation whose name
            # carries its country; the country word becomes its modifier
            inner = [h for h in hits if ent.start <= h.start < ent.end]
            mods = [self._unit_of_hit(h, named) for h in inner]
            for m in mods:
                m.used = True
            hits = [h for h in hits if h not in inner]
            units.append(_Unit(ent.start, ent.end, "ner_org", mods=mods))
            covered.update(range(ent.start, ent.end))
        for hit in hits:
            units.append(self._unit_of_hit(hit, named))
            covered.update(range(hit.start, hit.end))
        # "Lieutenant Musa Bello" tagged PERSON as a whole: the name is what follows the title
        titles = {i for h in hits if h.agent is not None and h.agent.role
                  for i in range(h.start, h.end)}
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
            while ent.label_ == "PERSON" and start < ent.end - 1 and start in titles:
                start += 1
            if any(i in covered for i in range(start, ent.end)):
                continue
            toks = doc[start:ent.end]
            if not toks or not any(t.pos_ == "PROPN" for t in toks):
                continue
            near = self.kb.fuzzy_state_word(toks[0].text) if len(toks) == 1 else None
            if near is not None:
                # a misspelt state name ("Quatar's emir")
                kind = {"name": "state", "adjective": "adj", "capital": "capital"}[near.how]
                units.append(_Unit(start, ent.end, kind, near.target.split(":")[1],
                                   near.sector))
                continue
            if ent.label_ == "PERSON" and len(toks) == 1 and not _titled(doc, start):
                # A lone capitalised word tagged PERSON is too often a place or a thing.
                continue
            if ent.label_ in ("PERSON", "ORG"):
                units.append(_Unit(start, ent.end, "ner_person" if ent.label_ == "PERSON"
                                   else "ner_org"))
        units.sort(key=lambda u: u.start)
        return units

    def _unit_of_hit(self, hit: Hit, named: set[str]) -> _Unit:
        if hit.agent is not None:
            return _Unit(hit.start, hit.end, "agent", hit.agent.id, hit.agent.sector, hit)
        if hit.short:
            return _Unit(hit.start, hit.end, "short", hit=hit)
        name = self._pick(hit.names, named)
        kind = {"name": self._kind_of_name(name.target), "adjective": "adj", "people": "people",
                "capital": "capital", "institution": "inst", "place": "place"}[name.how]
        target = name.target
        if target.startswith("country:"):
            target = target.split(":")[1]
        return _Unit(hit.start, hit.end, kind, target, name.sector, hit)

    def _kind_of_name(self, target: str) -> str:
        if target.startswith("country:"):
            return "state"
        if target in self.kb.people:
            return "person"
        if target in self.kb.places:
            return "place"
        return "org"

    def _pick(self, names: tuple[Name, ...], named: set[str]) -> Name:
        """The reading of a name: among places of the same name in different countries
        ("Tripoli"), one in a country the article names; then names before capitals
        before places, people before organisations."""
        if len(names) > 1 and named and all(n.how in ("capital", "place") for n in names):
            here = tuple(n for n in names if self._name_country(n) in named)
            names = here or names

        def order(n: Name) -> tuple[int, int]:
            person_first = 0 if n.target in self.kb.people else 1
            return (NAME_ORDER.get(n.how, 9), person_first)
        return min(names, key=order)

    def _redefined_acronym(self, doc: Doc, hit: Hit) -> bool:
        """An organisation's acronym in parentheses after capitalised words that spell it
        but are none of that organisation's names."""
        acronym = doc[hit.start].text
        if not hit.names or any(n.target not in self.kb.organizations for n in hit.names):
            return False  # a state body ("the Central Intelligence Agency (CIA)")
        if not (hit.end - hit.start == 1 and acronym.isupper()
                and len(acronym) >= 2 and hit.start >= 2 and doc[hit.start - 1].text == "("):
            return False
        words: list[Token] = []
        for t in reversed(doc[max(0, hit.start - 2 * len(acronym) - 2):hit.start - 1]):
            if t.is_punct:
                break
            words.insert(0, t)
        capitals = [t for t in words if t.text[:1].isupper()][-len(acronym):]
        if "".join(t.text[0] for t in capitals) != acronym:
            return False
        long_form = fold(doc[capitals[0].i:hit.start - 1].text)
        known = {fold(n) for name in hit.names
                 for n in self.kb.organizations[name.target].names}
        return long_form not in known

    def _name_country(self, n: Name) -> str:
        if n.target.startswith("country:"):
            return n.target.split(":")[1]
        if n.target in self.kb.places:
            return self.kb.place_country(n.target)
        return ""

    # ---- combination ---------------------------------------------------------------
    def _attach(self, doc: Doc, units: list[_Unit], by_tok: dict[int, _Unit]) -> None:
        """Mark modifier units (country words, organisations, titles) on their heads."""
        heads = ("agent", "person", "ner_person", "ner_org", "inst", "short", "org")
        for u in units:
            if u.kind not in ("state", "adj", "people", "org", "capital", "inst", "place",
                              "agent"):
                continue
            root = u.span(doc).root
            target = self._governor(root, by_tok, u)
            if target is None or target is u or target.kind not in heads:
                continue
            u.via_prep = _through_compounds(root, by_tok).dep_ == "pobj"
            u.rel = root.dep_
            if u.kind == "agent":
                titled = bool(u.hit and u.hit.agent and u.hit.agent.role)
                to_person = target.kind in ("person", "ner_person", "short")
                if root.dep_ == "appos" and to_person:
                    pass  # "X, Algeria's leading activist": the apposition describes X
                elif titled and to_person:
                    pass  # "President Putin", "Defense Minister Rustem Umerov"
                elif target.kind == "agent" and not titled and root.dep_ in (
                        "compound", "amod", "nmod"):
                    pass  # "rebel leaders": the modifier gives the sector
                elif target.kind == "agent" and target.hit.agent.body and not titled and (
                        root.dep_ == "poss" or root.dep_ == "pobj" and root.head.lower_ == "of"):
                    pass  # "the Union of Teachers", "the doctors' union": its members'
                    #       sector; other possessors stay actors of their own
                elif target.kind == "ner_org" and not titled and root.dep_ in (
                        "compound", "amod", "nmod", "appos"):
                    pass  # "the newspaper La Prensa": the agent word gives the sector
                else:
                    continue
            if target.kind in ("org", "inst") and u.kind not in ("state", "adj", "capital"):
                continue
            if u.kind == "people" and target.kind != "agent":
                continue
            target.mods.append(u)
            # what a phrase names ("rebels in Mali", "activists from Fatah") is still a
            # mention of its own, as is an organisation in a description in apposition
            u.used = not u.via_prep and not (
                u.kind == "org" and _through_compounds(root, by_tok).head.dep_ == "appos")
        for u in units:
            # "Niger's ambassador Brah Mohamane": the name is in apposition to the title
            root = u.span(doc).root
            gov = by_tok.get(root.head.i)
            if u.kind in ("person", "ner_person") and root.dep_ in ("appos", "compound") \
                    and gov is not None and gov.kind == "agent" and not gov.used:
                if gov.hit and gov.hit.agent.role:
                    u.mods.append(gov)
                    gov.used = True
                elif u.kind == "ner_person" and not gov.hit.agent.person and \
                        gov.hit.agent.sector not in ("CVL", "GOV"):
                    # "the opposition newspaper La Prensa": a name given to a body
                    u.kind = "ner_org"
                    u.mods.append(gov)
                    gov.used = True
        for u in units:
            direct = [m for m in u.mods if not m.via_prep and self._country_of(m)]
            if direct:
                # "Ethiopian diplomats in Odesa": the country word wins; Odesa is a place
                for m in [m for m in u.mods if m.via_prep and m.kind != "agent"]:
                    u.mods.remove(m)
                    m.used = False

    def _governor(self, root: Token, by_tok: dict[int, _Unit], unit: _Unit) -> _Unit | None:
        tok = root
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        tok = _through_compounds(tok, by_tok)
        if tok.dep_ in MODIFIER_DEPS and tok.head.i != tok.i:
            gov = by_tok.get(tok.head.i)
            if gov is not None:
                return gov
            # "Kenzo Oshima, the United Nations relief coordinator": an organisation in
            # a description of a person in apposition, whose noun is no agent word
            head = tok.head
            if unit.kind == "org" and head.dep_ == "appos" and head.i not in by_tok:
                person = by_tok.get(head.head.i)
                if person is not None and person.kind in ("person", "ner_person"):
                    return person
            # "Lebanon's new President Elias Hrawi": the parser may hang the possessive
            # on the title; follow one compound step.
            head = tok.head
            if head.dep_ in ("compound", "amod") and head.head.i in by_tok:
                return by_tok[head.head.i]
        if tok.dep_ == "pobj" and tok.head.lower_ in MODIFIER_PREPS:
            prep = tok.head
            gov = by_tok.get(prep.head.i)
            if gov is None:
                # "Opposition groups in Zimbabwe": the agent word modifies the noun the
                # place hangs on
                gov = next((by_tok[c.i] for c in prep.head.children
                            if c.dep_ in ("compound", "amod") and c.i in by_tok
                            and by_tok[c.i].kind == "agent"), None)
            if gov is not None and gov.kind in ("agent", "ner_person", "ner_org", "person"):
                return gov
        # Parser slips: a country word directly before its noun ("U.S. Secretary of State").
        nxt = by_tok.get(unit.end)
        if nxt is not None and unit.kind in ("adj", "state", "org") and nxt.kind in (
                "agent", "person", "ner_person", "short"):
            return nxt
        return None

    # ---- resolution ----------------------------------------------------------------
    def _resolve_unit(self, doc: Doc, u: _Unit, day: dt.date | None, seen_people: set[str],
                      surnames: dict[str, Actor], out: Mentions,
                      by_tok: dict[int, _Unit]) -> list[Found]:
        mods = _all_mods(u)
        start = min([u.start] + [m.start for m in mods])
        countries = [c for m in mods if (c := self._country_of(m, day))]
        orgs = [m for m in mods if m.kind == "org"]
        titles = [m for m in mods if m.kind == "agent" and m.hit and m.hit.agent.role]
        k = u.kind
        if k == "state":
            return [Found(_with_article(doc, u.start), u.end, self.kb.state_actor(u.target),
                          "name")]
        if k in ("adj", "people"):
            iso = u.target
            placed = self._place_in_phrase(doc, u, day, by_tok) if k == "people" else ""
            if u.start > 0 and doc[u.start - 1].lower_ == "ethnic":
                # "ethnic Albanians in south Serbia": a community, placed by the text
                iso = placed
                start = u.start - 1
            elif placed:
                iso = placed  # "Albanians of southern Serbia"
                start = _with_article(doc, u.start)
            else:
                start = u.start if k == "adj" else _with_article(doc, u.start)
            sector = "CVL" if k == "people" or iso != u.target else ""
            how = "adjective" if k == "adj" else "people"
            return [Found(start, u.end, self.kb.state_actor(iso, sector) if iso else
                          Actor("", doc[start:u.end].text, "agent", "", "CVL"), how)]
        if k in ("capital", "place"):
            iso = self._country_of(u, day)
            if _locative(doc, u) or (k == "place" and not _agentive(doc, u)):
                if k == "place" and not _locative(doc, u):
                    self._place(doc, u, out, day)
                return []
            if k == "place" and self.kb.places[u.target].sector:
                # a breakaway region acting ("Abkhazia said"): the entity itself, coded
                # with the state that claims it and its own sector (PRE)
                pl = self.kb.places[u.target]
                return [Found(u.start, u.end, Actor(pl.id, pl.name, "place", iso, pl.sector),
                              k)]
            sector = "GOV" if k == "capital" else ""
            return [Found(u.start, u.end, self.kb.state_actor(iso, sector), k)]
        if k == "inst":
            if _locative(doc, u):
                return []  # "met at the White House": where, not who
            iso = countries[0] if countries else u.target
            return [Found(_with_article(doc, start), u.end,
                          self.kb.state_actor(iso, u.sector), "institution")]
        if k == "org":
            return [Found(_with_article(doc, start), u.end, self.kb.org_actor(u.target, day),
                          "name")]
        if k in ("person", "short"):
            pid = u.target if k == "person" else self._pick_short(
                u.hit.short if u.hit else (), day, seen_people)
            if pid is None:
                return []
            titles = titles or self._inner_title(doc, u)
            actor = self._titled_person(self.kb.person_actor(pid, day), titles, countries,
                                        orgs)
            return [Found(start, u.end, actor, "name" if k == "person" else "short")]
        if k == "agent":
            return self._resolve_agent(doc, u, day, countries, orgs)
        if k in ("ner_person", "ner_org") and u.end - u.start == 1 and \
                doc[u.start].text in surnames:
            # a bare surname of someone named in full earlier, whatever the tagger took
            # it for ("Bernie Sanders ... Sanders said")
            return [Found(start, u.end, surnames[doc[u.start].text], "short")]
        if k == "ner_person":
            return [self._unknown_person(doc, u, day, start, mods, countries, orgs, titles,
                                         surnames)]
        if k == "ner_org":
            text = doc[u.start:u.end].text
            generic = [m.hit.agent for m in mods if m.kind == "agent" and m.hit]
            sector = self._org_sector(doc, u) or (generic[0].sector if generic else "")
            actor = Actor(f"org:{slug(text)}", text, "organization",
                          countries[0] if countries else "", sector, provisional=True)
            return [Found(_with_article(doc, u.start), u.end, actor, "ner")]
        return []

    def _unknown_person(self, doc, u, day, start, mods, countries, orgs, titles, surnames
                        ) -> Found:
        """A PERSON the knowledge base has no name for: a near match of a known person
        with the same title, else a provisional actor with what the text gives."""
        text = doc[u.start:u.end].text
        agent = titles[0].hit.agent if titles else None
        match = self.kb.fuzzy_person(text, agent.role if agent else None,
                                     countries[0] if countries else None)
        if match is not None:
            actor = self._titled_person(self.kb.person_actor(match.id, day), titles, countries,
                                        orgs)
            return Found(start, u.end, actor, "fuzzy")
        generic = [m.hit.agent for m in mods if m.kind == "agent" and m.hit]
        sector = generic[0].sector if generic else ""
        if agent is not None and sector in ("", "IGO"):
            sector = "GOV"
        country, affiliation = (countries[0] if countries else ""), ""
        if orgs and not country:
            org = self.kb.org_actor(orgs[0].target, day)
            country, affiliation = org.country, org.affiliation or org.id
            sector = sector or org.sector
        actor = Actor(f"person:{_person_slug(text)}", text, "person", country, sector,
                      role=agent.role if agent else "", affiliation=affiliation,
                      provisional=True)
        surnames[doc[u.end - 1].text] = actor
        return Found(start, u.end, actor, "ner")

    def _resolve_agent(self, doc: Doc, u: _Unit, day: dt.date | None, countries: list[str],
                       orgs: list[_Unit]) -> list[Found]:
        agent = u.hit.agent if u.hit else None
        if agent is None:
            return []
        # the mention spans the noun phrase's modifiers: "Moslem fundamentalist
        # demonstrators", "the main rebel group"
        start = _with_article(doc, min([u.start, _np_start(u.span(doc).root)]
                                       + [m.start for m in _all_mods(u)]))
        # "rebel leaders", "opposition spokesman": a generic modifier gives the sector
        generic = [m.hit.agent for m in u.mods
                   if m.kind == "agent" and m.hit and m.hit.agent and not m.hit.agent.role]
        # "rebel leaders", "opposition officials": a generic modifier re-sectors an
        # official or a body ("the opposition newspaper" stays a newspaper); a military
        # word only by another armed body ("rebel soldiers", "police commanders", but
        # "government troops" are the army)
        overrides = agent.sector == "GOV" or bool(agent.role) or agent.body or (
            agent.sector == "MIL" and bool(generic) and generic[0].sector in ARMED)
        sector = generic[0].sector if generic and overrides else agent.sector
        if not overrides:
            generic = []
        # "the state-run newspaper", "official Syrian media": a word the agent's data
        # names changes its sector, unless an organisation or a non-state possessor owns
        # it ("the Muslim Brotherhood's official website", "the group's official paper")
        owned = bool(orgs) or (not countries and any(
            t.dep_ == "poss" for t in doc[start:u.start]))
        modified = "" if owned else _modifier_sector(doc[start:u.start].text, agent)
        sector = modified or sector
        role = agent.role or ""
        if _former(doc[start:u.start]) and sector in OFFICIAL_SECTORS:
            # "a former intelligence official", "ex-ministers": out of office (PLOVER ELI),
            # and not whoever holds the post today
            sector = "ELI"
        body = next((m for m in _all_mods(u) if m.kind == "inst" and m.sector in BODY_SECTORS),
                    None)
        if body is not None and agent.person and role and sector != "ELI":
            # "the president of the Bundestag", "the speaker of the Knesset": the presiding
            # officer of the body, not the head of state
            return [Found(start, u.end, self.kb.state_actor(body.target, body.sector, role),
                          "role")]
        if agent.person and role and not generic and sector == "ELI" and (
                countries or orgs) and doc[u.end - 1].tag_ not in PLURAL_TAGS:
            where = countries[0] if countries else self.kb.org_actor(orgs[0].target).country
            return [Found(start, u.end, self.kb.state_actor(where, "ELI", role), "role")]
        if agent.person and role and not generic and doc[u.end - 1].tag_ not in PLURAL_TAGS:
            where = orgs[0].target if orgs else (countries[0] if countries else None)
            if where:
                person = self.kb.holder(role, where, day)
                if person is not None:
                    actor = self.kb.person_actor(person.id, day)
                    return [Found(start, u.end, actor, "role")]
                if orgs:
                    org = self.kb.org_actor(orgs[0].target, day)
                    actor = Actor(org.id, org.name, org.kind, org.country, org.sector, role,
                                  org.affiliation)
                    return [Found(start, u.end, actor, "role")]
                actor = self.kb.state_actor(where, sector if sector != "IGO" else "GOV", role)
                return [Found(start, u.end, actor, "role")]
            # "the president" alone: resolved by coreference over the article
            return [Found(start, u.end, Actor("", role.lower(), "role", "", sector, role),
                          "title")]
        if len(countries) > 1:
            # "Hungarian and Romanian officials": one mention per country word
            return [Found(m.start, m.end, self.kb.state_actor(c, sector), "agent",
                          head=u.span(doc).root.i)
                    for m in u.mods if (c := self._country_of(m, day))]
        if countries:
            return [Found(start, u.end, self.kb.state_actor(countries[0], sector), "agent")]
        if orgs:
            org = self.kb.org_actor(orgs[0].target, day)
            actor = Actor(org.id, org.name, org.kind, org.country, sector,
                          affiliation=org.affiliation or org.id)
            return [Found(start, u.end, actor, "agent")]
        label = doc[u.start:u.end].text.lower()
        if generic or modified:
            # "rebel leaders", "union of teachers", "state-run newspaper": an actor of its
            # own, named with the words that gave its sector
            first = start + (doc[start].dep_ == "det")
            last = max([u.end] + [m.end for m in u.mods if m.kind == "agent"])
            label = doc[first:last].text.lower()
        aid = agent.id if not (generic or modified) else f"agent:{slug(label)}"
        return [Found(start, u.end, Actor(aid, label, "agent", "", sector), "agent")]

    def _inner_title(self, doc: Doc, u: _Unit) -> list[_Unit]:
        """A title that is part of the matched name ("King Hassan")."""
        agent = self.kb.agent_words.get(doc[u.start].lower_)
        if agent is not None and agent.role:
            hit = Hit(u.start, u.start + 1, agent=agent)
            return [_Unit(u.start, u.start + 1, "agent", agent.id, agent.sector, hit)]
        return []

    def _place_in_phrase(self, doc: Doc, u: _Unit, day: dt.date | None,
                         by_tok: dict[int, _Unit]) -> str:
        """The country of a place the noun phrase names ("... in south Serbia")."""
        root = u.span(doc).root
        for prep in (c for c in root.children if c.dep_ == "prep"
                     and c.lower_ in MODIFIER_PREPS):
            for tok in prep.subtree:
                unit = by_tok.get(tok.i)
                iso = self._country_of(unit, day) if unit is not None else ""
                if iso:
                    return iso
        return ""

    def _titled_person(self, actor: Actor, titles: list[_Unit], countries: list[str],
                       orgs: list[_Unit]) -> Actor:
        """A title in the text codes a person who, on the date, holds no role in the KB
        ("Russian President Boris Yeltsin", "Arab League Secretary-General Chedli Klibi"
        in an undated archive story)."""
        if actor.role:
            return actor
        agent = titles[0].hit.agent if titles and titles[0].hit else None
        if orgs:
            # "U.N. mediator X", "UN envoy X": the text says whom they act for
            org = self.kb.org_actor(orgs[0].target)
            if org.country == "IGO":
                return Actor(actor.id, actor.name, actor.kind, "IGO", org.sector,
                             agent.role if agent else "", org.affiliation or org.id,
                             actor.gender)
        if agent is None or not agent.role:
            return actor
        country = countries[0] if countries else actor.country
        sector = agent.sector if agent.sector != "IGO" else "GOV"
        return Actor(actor.id, actor.name, actor.kind, country, sector, agent.role,
                     actor.affiliation, actor.gender)

    def _pick_short(self, ids: tuple[str, ...], day: dt.date | None,
                    seen: set[str]) -> str | None:
        named = [i for i in ids if i in seen]
        if len(named) == 1:
            return named[0]
        # a surname of an imported dictionary (thousands of office holders) stands for
        # its person only after the full name; the curated people's surnames stand alone
        ids = tuple(i for i in ids if not self.kb.people[i].ignore_case)
        if len(ids) == 1:
            return ids[0]
        if day is not None:
            active = [i for i in ids if self.kb.active_role(self.kb.people[i], day)]
            if len(active) == 1:
                return active[0]
        return None

    def _country_of(self, u: _Unit, day: dt.date | None = None) -> str:
        if u.kind in ("state", "adj", "people", "inst"):
            return u.target
        if u.kind == "capital":
            return self.kb.country_on(u.target, day)
        if u.kind == "place":
            return self.kb.country_on(self.kb.place_country(u.target), day)
        return ""

    def _org_sector(self, doc: Doc, u: _Unit) -> str:
        for tok in reversed(doc[u.start:u.end]):
            agent = self.kb.agent_words.get(tok.lower_)
            if agent is not None:
                return agent.sector
        return ""

    def _place(self, doc: Doc, u: _Unit, out: Mentions, day: dt.date | None) -> None:
        iso = self._country_of(u, day)
        text = doc[u.start:u.end].text
        pid = {"place": u.target, "state": f"country:{u.target}"}.get(u.kind,
                                                                    f"place:{slug(text)}")
        start = _with_article(doc, u.start) if u.kind == "inst" else u.start
        out.places.append(PlaceRef(start, u.end, doc[start:u.end].text, iso, pid,
                                   capital=u.kind in ("capital", "inst")))

    def _provisional_surnames(self, doc: Doc, out: Mentions, surnames: dict[str, Actor],
                              by_tok: dict[int, _Unit]) -> None:
        """Later bare surnames of people the knowledge base does not know."""
        if not surnames:
            return
        first = {f.actor.id: f.start for f in out.found}
        text = doc_text(doc)
        for surname, actor in surnames.items():
            for m in re.finditer(rf"\b{re.escape(surname)}\b", text):
                span = doc.char_span(m.start(), m.end())
                if span is None or len(span) != 1:
                    continue
                tok = span[0]
                if tok.pos_ != "PROPN" or tok.i in out.by_token or tok.i in by_tok or \
                        tok.i < first.get(actor.id, 0):
                    continue
                out.add(Found(tok.i, tok.i + 1, actor, "short"), doc)


def _person_slug(name: str) -> str:
    """A provisional person's id, the same whether or not a middle initial is written
    ("Paul D. Ryan" and "Paul Ryan"), so reports of one person in two articles agree."""
    parts = name.split()
    if len(parts) > 2:
        parts = [parts[0], *[p for p in parts[1:-1] if len(p.rstrip(".")) > 1], parts[-1]]
    return slug(" ".join(parts))


def _context_countries(doc: Doc, out: Mentions, kb: KnowledgeBase,
                       speech_words: frozenset[str]) -> None:
    """Give a country to actors the text names only by sector or by an unknown name
    ("the rebel group", "La Prensa"): for forces or officials that a state acts with
    ("Russia massed troops"), that state; else the one country named in their own noun
    phrase, else in their clause, else in their sentence. With several candidates, none."""
    evidence: list[tuple[int, str]] = [(pl.start, pl.country) for pl in out.places
                                       if pl.country]
    actor_evidence: list[tuple[int, str]] = []
    org_evidence: list[tuple[int, str]] = []  # counts only in the actor's own phrase
    for f in out.found:
        c = f.actor.country
        if c and c != "IGO" and f.actor.kind in ("state", "place"):
            evidence.append((f.head, c))
        elif c and c != "IGO" and f.actor.kind == "agent":
            actor_evidence.append((f.head, c))
        elif c and c != "IGO" and f.actor.kind == "organization" and not f.actor.provisional:
            org_evidence.append((f.head, c))
    if not evidence and not actor_evidence:
        return
    for f in out.found:
        a = f.actor
        if a.country or not a.sector or a.kind not in ("agent", "person", "organization"):
            continue
        if a.kind != "agent" and not a.provisional:
            continue
        head = doc[f.head]
        iso = _owner(head, out) if a.sector in OWNED_SECTORS else ""
        if not iso:
            phrase = {t.i for c in head.children if c.dep_ in NP_MODIFIERS or (
                c.dep_ == "prep" and c.lower_ in MODIFIER_PREPS) for t in c.subtree}
            # "students at Cairo University": an organisation there gives the country,
            # not any country word ("protesters at the French embassy")
            at = {t.i for c in head.children if c.dep_ == "prep" and c.lower_ == "at"
                  for t in c.subtree}
            # in its own clause only states and places count: another actor's country
            # word there ("the rebels must free the Ecuadorian soldiers") is about that
            # actor; across the sentence, any country will do if it is the only one
            everything = evidence + actor_evidence
            # not what a speaker talks about: a clause's reported content (ccomp) is
            # left out unless the actor is inside it
            clause = _outside_reports(_clause_of(head), head, speech_words)
            sentence = _outside_reports(sent_of(head).root, head, speech_words)
            candidates = (
                {c for i, c in everything if i in phrase} |
                {c for i, c in org_evidence if i in phrase | at},
                {c for i, c in evidence if i in clause},
                {c for i, c in everything if i in sentence})
            for found in candidates:
                if found:
                    iso = found.pop() if len(found) == 1 else ""
                    break
        if not iso:
            continue
        if a.kind == "agent":
            f.actor = kb.state_actor(iso, a.sector, a.role)
        else:
            f.actor = Actor(a.id, a.name, a.kind, iso, a.sector, a.role, a.affiliation,
                            a.gender, a.provisional)
        f.how = f"{f.how}+context"


def _owner(head: Token, out: Mentions) -> str:
    """The state whose forces these are: the subject of the verb they are the object of."""
    if head.dep_ != "dobj":
        return ""
    for subj in (c for c in head.head.children if c.dep_ == "nsubj"):
        for f in out.by_token.get(subj.i, ()):
            if f.actor.kind == "state" and f.actor.country:
                return f.actor.country
    return ""


def _np_start(head: Token) -> int:
    """The first word of the modifiers before a noun (adjectives, compounds, numbers)."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("amod", "compound", "nummod", "quantmod", "nmod") and \
                child.pos_ != "PROPN":
            start = min(start, child.left_edge.i)
    return start


def _outside_reports(top: Token, actor: Token, speech_words: frozenset[str]) -> set[int]:
    """Token indices under ``top``, without reported clauses (the that-clause of a speech
    cue: "said that ...") that do not hold ``actor``. Other clausal complements stay:
    "resigned to allow Haiti's elections to take place" is about Haiti."""
    out: set[int] = set()
    stack = [top]
    while stack:
        tok = stack.pop()
        out.add(tok.i)
        for child in tok.children:
            if child.dep_ == "ccomp" and tok.lemma_.lower() in speech_words and not (
                    child.left_edge.i <= actor.i <= child.right_edge.i):
                continue
            stack.append(child)
    return out


def _clause_of(tok: Token) -> Token:
    """The verb heading the clause a token is in."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _all_mods(u: _Unit) -> list[_Unit]:
    """Modifiers and their modifiers: "NATO" modifies "Secretary-General", which
    modifies "Jens Stoltenberg"."""
    out: list[_Unit] = []
    for m in u.mods:
        out.append(m)
        out.extend(_all_mods(m))
    return out


def _unknown_first_name(doc: Doc, start: int, taken: set[int]) -> bool:
    """A capitalised name word right before a surname, known to no entry."""
    if start == 0:
        return False
    prev = doc[start - 1]
    return (prev.pos_ == "PROPN" and prev.is_title and prev.i not in taken
            and prev.lower_ not in HONORIFICS and not prev.is_sent_start)


def _org_with_country_word(doc: Doc, ent: Span, hits: list[Hit]) -> bool:
    """An ORG entity made of known country words plus capitalised words the knowledge
    base does not know: a name, not a country's army or ministry."""
    inner = [h for h in hits if ent.start <= h.start < ent.end]
    if not inner or any(h.end > ent.end for h in inner):
        return False
    if not all(h.names and all(n.how in ("name", "adjective") and n.target.startswith(
            "country:") for n in h.names) for h in inner):
        return False
    taken = {i for h in inner for i in range(h.start, h.end)}
    if ent.end - 1 in taken:
        return False  # "Radical French": the country word is the head, not a name part
    free = [t for t in doc[ent.start:ent.end] if t.i not in taken and t.is_title
            and t.pos_ == "PROPN"]
    return bool(free) and not any(t.lower_ in ("army", "police", "government")
                                  for t in doc[ent.start:ent.end])


def _with_article(doc: Doc, start: int) -> int:
    return start - 1 if start > 0 and doc[start - 1].lower_ == "the" else start


def _named_countries(hits: list[Hit]) -> set[str]:
    """Countries the article names outright (a state's name, adjective, people or one of
    its institutions)."""
    return {n.target.split(":")[1] for h in hits if h.names and len(h.names) == 1
            for n in h.names if n.how in ("name", "adjective", "people", "institution")
            and n.target.startswith("country:")}


def _through_compounds(tok: Token, by_tok: dict) -> Token:
    """"of Sindh province", "from the Fatah Party": a name inside a plain noun phrase acts
    through that phrase."""
    while tok.dep_ == "compound" and tok.head.i not in by_tok and tok.head.i != tok.i \
            and tok.head.dep_ in ("pobj", "compound"):
        tok = tok.head
    return tok


def _modifier_sector(before: str, agent: Agent) -> str:
    """The sector a modifier in the words before an agent word gives it, if any."""
    low = before.lower()
    for word, sector in agent.modifiers.items():
        # whole words only: "state" is not in "anti-state", "government" not in
        # "pro-government"
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", low):
            return sector
    return ""


def _former(words: Span) -> bool:
    """'former', 'ex-' or 'onetime' among the words before an agent noun."""
    return any(t.lower_ in FORMER_WORDS or (t.lower_ == "ex" and t.i + 1 < len(t.doc)
                                            and t.nbor().text == "-") for t in words)


def _titled(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN"


def _locative(doc: Doc, u: _Unit) -> bool:
    root = doc[u.start:u.end].root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE


def _agentive(doc: Doc, u: _Unit) -> bool:
    """A city or region acting or acted upon: subject or object of a verb."""
    root = doc[u.start:u.end].root
    return root.dep_ in ("nsubj", "nsubjpass", "dobj", "agent") or (
        root.dep_ == "pobj" and root.head.lower_ in ("with", "against", "by", "for"))
